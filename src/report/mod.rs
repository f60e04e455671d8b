//! Renderers: turn reviews into terminal diagnostics, JSON, JSON Lines or SARIF. They only read
//! [`Outcome`]s and write to the writer they are given.

mod human;
mod json;
mod sarif;

pub use human::{HumanOptions, render_human, summary_line};
pub use json::{finding_json, outcome_json, render_json, render_jsonl_line};
pub use sarif::render_sarif;

use crate::review::Review;

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

/// Line starts of a text, to turn byte offsets into 1-based lines and character columns.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// 0-based line of byte offset `pos`.
    pub fn line_of(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos) - 1
    }

    /// Byte range of 0-based line `line`, without its line break.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&s| s - 1);
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }

    /// 1-based line and 1-based column in characters of byte offset `pos`.
    pub fn position(&self, pos: usize) -> (usize, usize) {
        let line = self.line_of(pos);
        let start = self.starts[line];
        let column = self
            .text
            .get(start..pos)
            .map_or(1, |s| s.chars().count() + 1);
        (line + 1, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters() {
        let t = "Hei,\r\nmitä kuuluu?\n";
        let idx = LineIndex::new(t);
        assert_eq!(idx.position(0), (1, 1));
        let k = t.find("kuuluu").unwrap();
        assert_eq!(idx.position(k), (2, 6));
        assert_eq!(&t[idx.line_range(0)], "Hei,");
        assert_eq!(idx.position(t.len()), (3, 1));
    }
}
