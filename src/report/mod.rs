//! Renderers: turn reviews into terminal diagnostics, JSON, JSON Lines, SARIF, Discord
//! embeds ([`discord`]) or Slack Block Kit messages ([`slack`]). They only read [`Outcome`]s
//! (or a [`Review`]) and write to the writer they are given, or return plain data.
//! [`touchpoints`] compares how a set of files addresses the reader, per document kind, and
//! renders that as a table, JSON or HTML.

pub mod discord;
mod human;
mod json;
mod sarif;
pub mod slack;
pub mod touchpoints;

pub use human::{HumanOptions, render_human, summary_line};
pub use json::{render_json, render_jsonl_line};
pub use sarif::render_sarif;
pub use touchpoints::{
    KindSummary, Touchpoint, TouchpointReport, render_html as render_touchpoints_html,
    render_human as render_touchpoints_human, render_json as render_touchpoints_json,
};

use crate::review::Review;
use crate::rewrite::Rewrite;
pub use crate::text::LineIndex;
use std::borrow::Cow;

/// One input's result, in the order inputs were given.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The draft was checked.
    Checked(Checked),
    /// The input could not be checked (unreadable, invalid UTF-8, too large, malformed line).
    Failed {
        /// Path or id.
        source: Source,
        /// What went wrong.
        error: String,
    },
    /// The input was passed over on purpose (binary or empty file).
    Skipped {
        /// Path or id.
        source: Source,
        /// Why.
        reason: String,
    },
}

/// Where a draft came from: a path, or an id (and line) of a JSONL batch.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A file, or `-` for standard input.
    Path(String),
    /// A JSONL line: its `id` (any JSON value; null when absent) and 1-based line number.
    Line {
        /// The line's `id` as given.
        id: serde_json::Value,
        /// 1-based line number in the batch.
        line: usize,
    },
}

impl Source {
    /// How the source is named in human output.
    pub fn display_name(&self) -> String {
        match self {
            Source::Path(p) => p.clone(),
            Source::Line {
                id: serde_json::Value::String(s),
                ..
            } => s.clone(),
            Source::Line {
                id: serde_json::Value::Null,
                line,
            } => format!("line {line}"),
            Source::Line { id, .. } => id.to_string(),
        }
    }
}

/// A checked draft.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Where it came from.
    pub source: Source,
    /// The draft as read.
    pub text: String,
    /// What Sävy found.
    pub review: Review,
    /// The draft with suggestions applied, when `--fix` asked for it.
    pub fixed: Option<String>,
    /// The language-model rewrite's outcome, when one was asked for (`--rewrite llm`).
    pub rewrite: Option<Box<Rewrite>>,
}

impl Checked {
    /// The suggested draft: the accepted language-model rewrite, else every suggestion applied.
    pub fn suggested(&self) -> Cow<'_, str> {
        match self.suggested_as_kept() {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(self.review.fixed(&self.text)),
        }
    }

    /// The suggested draft when it is already kept as text (the accepted rewrite, or the
    /// `--fix` output); `None` when it is the suggestions applied, still to be written.
    pub(crate) fn suggested_as_kept(&self) -> Option<&str> {
        match (&self.rewrite, &self.fixed) {
            (Some(r), _) => Some(&r.text),
            (None, fixed) => fixed.as_deref(),
        }
    }
}

impl Outcome {
    /// Where the input came from.
    pub fn source(&self) -> &Source {
        match self {
            Outcome::Checked(c) => &c.source,
            Outcome::Failed { source, .. } | Outcome::Skipped { source, .. } => source,
        }
    }
}

/// `██████░░░░`: a warmth score (0–100) as a bar of ten cells.
pub(crate) fn score_bar(score: u8) -> String {
    const CELLS: usize = 10;
    let full = (usize::from(score.min(100)) * CELLS + 50) / 100;
    format!("{}{}", "█".repeat(full), "░".repeat(CELLS - full))
}
