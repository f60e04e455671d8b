//! The document model: what a draft is before any rule looks at it — its language, its kind,
//! its words and sentences — with Unicode handled once, here.

mod chunk;
mod lang;
mod lines;
mod normalize;
mod scan;

pub(crate) use chunk::Chunk;
pub use lang::detect_language;
pub use lines::LineIndex;
pub use normalize::Normalized;
pub use scan::{
    Sentence, WordIter, ceil_char_boundary, count_words, floor_char_boundary, is_blank,
    is_blank_char, is_word_char, is_word_start, next_word, prev_word, sentences, skip_space_back,
    skip_space_forward, word_end, words,
};
pub(crate) use scan::{continues_word, each_word_with_case, offset32};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language Sävy has rules for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Finnish.
    Fi,
    /// English.
    En,
}

impl Lang {
    /// Every supported language.
    pub const ALL: [Lang; 2] = [Lang::Fi, Lang::En];

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fi => "fi",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "fi" => Ok(Lang::Fi),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language `{other}` (expected fi or en)")),
        }
    }
}

/// The touchpoint a draft is written for; rules and registers can differ per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// A chat or ticket reply.
    Reply,
    /// An email.
    Email,
    /// An invoice.
    Invoice,
    /// A payment reminder.
    Reminder,
}

impl DocKind {
    /// Every document kind.
    pub const ALL: [DocKind; 4] = [
        DocKind::Reply,
        DocKind::Email,
        DocKind::Invoice,
        DocKind::Reminder,
    ];

    /// The name used in rule files, profiles and output.
    pub fn name(self) -> &'static str {
        match self {
            DocKind::Reply => "reply",
            DocKind::Email => "email",
            DocKind::Invoice => "invoice",
            DocKind::Reminder => "reminder",
        }
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DocKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| {
                format!("unknown document kind `{s}` (expected reply, email, invoice or reminder)")
            })
    }
}

/// A draft ready to be checked: normalized text plus what is known about it.
///
/// Rules see the NFC-normalized text; every offset they report is mapped back to the
/// original text with [`Document::original_range`], so fixes apply to what the user wrote.
#[derive(Debug)]
pub struct Document<'a> {
    original: &'a str,
    normalized: Normalized<'a>,
    /// The language the rules for this draft are written in.
    pub lang: Lang,
    /// The touchpoint, when known.
    pub kind: Option<DocKind>,
}

impl<'a> Document<'a> {
    /// A document in a known language; `kind` is `None` when the touchpoint is unknown.
    pub fn new(text: &'a str, lang: Lang, kind: Option<DocKind>) -> Self {
        Document {
            original: text,
            normalized: Normalized::new(text),
            lang,
            kind,
        }
    }

    /// A document whose language is detected, falling back to `fallback`.
    pub fn detect(text: &'a str, fallback: Lang, kind: Option<DocKind>) -> Self {
        let lang = detect_language(text).unwrap_or(fallback);
        Self::new(text, lang, kind)
    }

    /// The text as the user wrote it.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// The NFC-normalized text rules run on.
    pub fn text(&self) -> &str {
        self.normalized.text()
    }

    /// Maps a byte range of [`Document::text`] to the matching range of the original.
    pub fn original_range(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.normalized.original_range(range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_langs_round_trip() {
        for k in DocKind::ALL {
            assert_eq!(k.name().parse::<DocKind>().unwrap(), k);
        }
        for l in Lang::ALL {
            assert_eq!(l.code().parse::<Lang>().unwrap(), l);
        }
        assert!("letter".parse::<DocKind>().unwrap_err().contains("letter"));
        assert!("sv".parse::<Lang>().is_err());
    }
}
