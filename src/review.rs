//! The result of checking a draft: findings with their suggested edits.

use crate::check::register::RegisterReport;
use crate::check::warmth::Warmth;
use crate::rules::Level;
use crate::text::{DocKind, Lang};
use serde::Serialize;

/// A replacement of a byte range of the draft; an insertion when `start == end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// Byte offset where the replaced text starts.
    pub start: usize,
    /// Byte offset just past the replaced text.
    pub end: usize,
    /// The new text.
    pub replacement: String,
}

/// One thing a rule found in a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's id.
    pub rule: String,
    /// Severity, after the profile's overrides.
    pub level: Level,
    /// Why, in the voice's terms.
    pub message: String,
    /// Byte offset of the flagged text in the draft as written.
    pub start: usize,
    /// Byte offset just past the flagged text.
    pub end: usize,
    /// Suggested edits, best first; empty when the message is the advice.
    pub suggestions: Vec<Edit>,
    /// Other places the finding is about: where a mixed draft uses its dominant register.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

/// A byte range of the draft a finding refers to besides its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
}

/// Everything Sävy has to say about one draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// The language the draft was checked as.
    pub lang: Lang,
    /// The document kind it was checked as, when known.
    pub kind: Option<DocKind>,
    /// Findings, sorted by position.
    pub findings: Vec<Finding>,
    /// How the draft addresses its reader, sentence by sentence, when it was asked for
    /// ([`crate::Voice::review`]).
    pub register: Option<RegisterReport>,
    /// How warm the draft reads, and why.
    pub warmth: Warmth,
}

impl Review {
    /// The most serious level among the findings.
    pub fn max_level(&self) -> Option<Level> {
        self.findings.iter().map(|f| f.level).max()
    }

    /// How many findings are at or above `level`.
    pub fn count_at_least(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level >= level).count()
    }

    /// The draft with the first suggestion of every finding applied (overlapping ones skipped):
    /// tone, register and missing elements (a greeting, a next step, a close) in one
    /// suggested draft.
    pub fn fixed(&self, text: &str) -> String {
        self.fixed_pieces(text).to_text()
    }

    /// [`Review::fixed`], to be written out piece by piece instead of copied whole.
    pub fn fixed_pieces<'t>(&self, text: &'t str) -> crate::fix::Applied<'t, '_> {
        crate::fix::Applied::new(
            text,
            self.findings.iter().filter_map(|f| f.suggestions.first()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(level: Level, start: usize, end: usize, replacement: Option<&str>) -> Finding {
        Finding {
            rule: "en.t".into(),
            level,
            message: "m".into(),
            start,
            end,
            suggestions: replacement
                .map(|r| Edit {
                    start,
                    end,
                    replacement: r.into(),
                })
                .into_iter()
                .collect(),
            related: Vec::new(),
        }
    }

    #[test]
    fn levels_are_counted_at_or_above() {
        let r = Review {
            lang: Lang::En,
            kind: None,
            findings: vec![
                finding(Level::Info, 0, 1, None),
                finding(Level::Warning, 2, 3, None),
            ],
            register: None,
            warmth: Warmth::default(),
        };
        assert_eq!(r.max_level(), Some(Level::Warning));
        assert_eq!(r.count_at_least(Level::Info), 2);
        assert_eq!(r.count_at_least(Level::Warning), 1);
        assert_eq!(r.count_at_least(Level::Error), 0);
        assert_eq!(
            Review {
                findings: vec![],
                ..r
            }
            .max_level(),
            None
        );
    }

    #[test]
    fn fixed_applies_the_first_suggestion_of_each_finding() {
        let r = Review {
            lang: Lang::En,
            kind: None,
            findings: vec![
                finding(Level::Info, 0, 5, Some("Hi")),
                finding(Level::Info, 6, 11, None),
            ],
            register: None,
            warmth: Warmth::default(),
        };
        assert_eq!(r.fixed("Hello world"), "Hi world");
    }
}
