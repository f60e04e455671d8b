//! Errors in rule packs and profiles, with the place they were found.

use crate::text::LineIndex;
use std::fmt;
use std::ops::Range;

/// A problem in a rule pack or a profile, at a file, line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SourceError {
    /// The file as the user knows it (a path, or `<bundled>/fi/blame.toml`).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

impl SourceError {
    /// An error at byte offset `span.start` of `source`.
    pub fn at(
        path: &str,
        source: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_column(source, span.map_or(0, |s| s.start));
        SourceError {
            path: path.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    /// Converts a TOML parse or type error, keeping its position.
    pub fn from_toml(path: &str, source: &str, err: &toml::de::Error) -> Self {
        // The message of a toml error is one line without the position; we add ours.
        let message = err.message().trim().to_string();
        Self::at(path, source, err.span(), message)
    }
}

/// 1-based line and column (in characters) of byte offset `pos`; for one position. For many
/// in one text, build a [`LineIndex`] once.
pub fn line_column(source: &str, pos: usize) -> (usize, usize) {
    LineIndex::new(source).position(pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let s = "a = 1\nää = 2\n";
        assert_eq!(line_column(s, 0), (1, 1));
        assert_eq!(line_column(s, 6), (2, 1));
        // After "ää " (5 bytes, 3 characters).
        assert_eq!(line_column(s, 11), (2, 4));
        assert_eq!(line_column(s, 999), (3, 1));
    }

    #[test]
    fn toml_errors_keep_their_position() {
        let src = "[pack]\nlang = \"fi\"\nnope = 1\n";
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct P {
            pack: Inner,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Inner {
            lang: String,
        }
        let err = toml::from_str::<P>(src).unwrap_err();
        let e = SourceError::from_toml("x.toml", src, &err);
        assert_eq!((e.line, e.column), (3, 1), "{e}");
        assert!(e.message.contains("nope"), "{e}");
        assert!(e.to_string().starts_with("x.toml:3:1: "));
    }
}
