//! Words and sentences, found by scanning UTF-8 text without copying it.
//!
//! A word is a run of letters and digits; a hyphen, apostrophe or colon between two of them
//! joins, so `asiakaspalvelu-osoite`, `don't` and `EU:n` are one word each. Every range this
//! module returns starts and ends on a character boundary.

use std::ops::Range;

/// Whether `c` can be part of a word.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

#[inline]
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | ':' | '\u{00AD}')
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// Whether a word can start at `pos`: the text before it does not continue a word.
pub fn is_word_start(text: &str, pos: usize) -> bool {
    match char_before(text, pos) {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some(c) if is_joiner(c) => !char_before(text, pos - c.len_utf8()).is_some_and(is_word_char),
        Some(_) => true,
    }
}

/// The end of the word that starts at `start` (which must hold a word character).
pub fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let c = match char_at(text, i) {
            Some(c) => c,
            None => break,
        };
        let joins =
            is_joiner(c) && i > start && char_at(text, i + c.len_utf8()).is_some_and(is_word_char);
        if is_word_char(c) || joins {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// The whole word that starts at `pos`, if a word starts there.
pub fn word_at(text: &str, pos: usize) -> Option<Range<usize>> {
    let c = char_at(text, pos)?;
    if !is_word_char(c) || !is_word_start(text, pos) {
        return None;
    }
    Some(pos..word_end(text, pos))
}

/// Skips spaces and tabs and at most one line break forward from `pos`: a phrase may wrap,
/// but does not run across a paragraph.
pub fn skip_space_forward(text: &str, mut pos: usize) -> usize {
    let mut newlines = 0;
    for c in text[pos..].chars() {
        if c == '\n' {
            newlines += 1;
            if newlines > 1 {
                break;
            }
        } else if !c.is_whitespace() {
            break;
        }
        pos += c.len_utf8();
    }
    pos
}

/// Like [`skip_space_forward`], backwards from `pos`.
pub fn skip_space_back(text: &str, mut pos: usize) -> usize {
    let mut newlines = 0;
    for c in text[..pos].chars().rev() {
        if c == '\n' {
            newlines += 1;
            if newlines > 1 {
                break;
            }
        } else if !c.is_whitespace() {
            break;
        }
        pos -= c.len_utf8();
    }
    pos
}

/// The token that starts at `pos`: a whole word, or one punctuation character.
pub fn next_word(text: &str, pos: usize) -> Option<Range<usize>> {
    let c = char_at(text, pos)?;
    if is_word_char(c) {
        Some(pos..word_end(text, pos))
    } else if c.is_whitespace() {
        None
    } else {
        Some(pos..pos + c.len_utf8())
    }
}

/// The token that ends at `end`: a whole word, or one punctuation character.
pub fn prev_word(text: &str, end: usize) -> Option<Range<usize>> {
    let c = char_before(text, end)?;
    if c.is_whitespace() {
        return None;
    }
    if !is_word_char(c) {
        return Some(end - c.len_utf8()..end);
    }
    let mut start = end;
    loop {
        match char_before(text, start) {
            Some(c) if is_word_char(c) => start -= c.len_utf8(),
            Some(c)
                if is_joiner(c)
                    && start < end
                    && char_before(text, start - c.len_utf8()).is_some_and(is_word_char) =>
            {
                start -= c.len_utf8()
            }
            _ => break,
        }
    }
    Some(start..end)
}

/// Iterator over the words of a text, as byte ranges.
pub struct WordIter<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for WordIter<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            let b = bytes[self.pos];
            if b.is_ascii_alphanumeric() {
                let end = word_end(self.text, self.pos);
                let r = self.pos..end;
                self.pos = end;
                return Some(r);
            }
            if b < 0x80 {
                self.pos += 1;
                continue;
            }
            let c = char_at(self.text, self.pos)?;
            if is_word_char(c) {
                let end = word_end(self.text, self.pos);
                let r = self.pos..end;
                self.pos = end;
                return Some(r);
            }
            self.pos += c.len_utf8();
        }
        None
    }
}

/// The words of `text`.
pub fn words(text: &str) -> WordIter<'_> {
    WordIter { text, pos: 0 }
}

/// A sentence (or a line that stands alone, such as a greeting) and how many words it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first non-space character.
    pub start: usize,
    /// Byte offset just past the last non-space character.
    pub end: usize,
    /// Number of words.
    pub words: usize,
}

/// Abbreviations after which a full stop does not end a sentence, lower case, without the dot.
const ABBREVIATIONS: &[&str] = &[
    // Finnish
    "esim", "mm", "ns", "yms", "ym", "jne", "ts", "eli", "n", "noin", "puh", "klo", "s", "ks",
    "vrt", "huom", "os", "tms", "ma", "ti", "ke", "to", "pe", "la", "su", "nro", "tri", "prof",
    "ap", "ip", "v", "kpl", "alv", // English
    "e.g", "i.e", "mr", "mrs", "ms", "dr", "vs", "approx", "no", "st", "jr", "sr", "inc", "ltd",
    "co", "etc", "fig", "dept", "est",
];

fn is_abbreviation(word: &str) -> bool {
    word.chars().count() == 1 && word.chars().all(char::is_alphabetic)
        || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Splits `text` into sentences. A line break always ends a sentence: customer messages put
/// greetings, list items and sign-offs on lines of their own.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut words = 0usize;
    let mut last_word: Range<usize> = 0..0;
    let mut pos = 0;
    let bytes = text.as_bytes();
    let close =
        |out: &mut Vec<Sentence>, start: &mut Option<usize>, end: usize, words: &mut usize| {
            if let Some(s) = start.take() {
                let trimmed_end = s + text[s..end].trim_end().len();
                if trimmed_end > s {
                    out.push(Sentence {
                        start: s,
                        end: trimmed_end,
                        words: *words,
                    });
                }
            }
            *words = 0;
        };
    while pos < bytes.len() {
        let b = bytes[pos];
        if b == b'\n' {
            close(&mut out, &mut start, pos, &mut words);
            pos += 1;
            continue;
        }
        let c = if b < 0x80 {
            b as char
        } else {
            char_at(text, pos).unwrap_or(' ')
        };
        if is_word_char(c) {
            start.get_or_insert(pos);
            let end = word_end(text, pos);
            words += 1;
            last_word = pos..end;
            pos = end;
            continue;
        }
        if !c.is_whitespace() {
            start.get_or_insert(pos);
        }
        let len = c.len_utf8();
        if matches!(c, '.' | '!' | '?' | '…') {
            // Take the whole run of terminators and closing quotes along.
            let mut end = pos + len;
            while let Some(n) = char_at(text, end) {
                if matches!(n, '.' | '!' | '?' | '…' | '"' | '”' | '’' | ')' | '»') {
                    end += n.len_utf8();
                } else {
                    break;
                }
            }
            let next = char_at(text, end);
            let at_space = next.is_none_or(char::is_whitespace);
            let mut ends = at_space;
            if ends && c == '.' && end == pos + 1 {
                // A single full stop: not after an abbreviation, and only before what can open a
                // sentence.
                let after = text[end..].trim_start_matches([' ', '\t']);
                let opens = after.chars().next().is_none_or(|n| !n.is_lowercase());
                let abbreviation =
                    last_word.end == pos && is_abbreviation(&text[last_word.clone()]);
                ends = opens && !abbreviation;
            }
            pos = end;
            if ends {
                close(&mut out, &mut start, end, &mut words);
            }
            continue;
        }
        pos += len;
    }
    close(&mut out, &mut start, text.len(), &mut words);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_texts(text: &str) -> Vec<&str> {
        words(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn words_join_hyphens_apostrophes_and_colons() {
        assert_eq!(
            word_texts("Don't send the asiakaspalvelu-osoite to EU:n office - ok?"),
            [
                "Don't",
                "send",
                "the",
                "asiakaspalvelu-osoite",
                "to",
                "EU:n",
                "office",
                "ok"
            ]
        );
    }

    #[test]
    fn words_handle_finnish_letters_and_emoji() {
        assert_eq!(
            word_texts("Hyvää päivää 😀 Äiti!"),
            ["Hyvää", "päivää", "Äiti"]
        );
    }

    #[test]
    fn word_start_respects_the_previous_character() {
        let t = "tilaus ja ostos-tilaus";
        assert!(is_word_start(t, 0));
        assert!(!is_word_start(t, 1));
        assert!(is_word_start(t, 7));
        assert!(!is_word_start(t, 16), "after a joining hyphen");
    }

    #[test]
    fn next_and_prev_words() {
        let t = "Hei, äiti";
        assert_eq!(next_word(t, 0), Some(0..3));
        assert_eq!(next_word(t, 3), Some(3..4));
        assert_eq!(prev_word(t, t.len()), Some(5..t.len()));
        assert_eq!(prev_word(t, 4), Some(3..4));
        assert_eq!(skip_space_back(t, 5), 4);
        assert_eq!(skip_space_forward("a \n\n b", 1), 3);
    }

    #[test]
    fn sentences_split_on_terminators_and_lines() {
        let t = "Hei Matti,\nKiitos viestistä! Esim. tämä on jo korjattu. Soita klo 9 ma. Onko ok?";
        let s: Vec<&str> = sentences(t).iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(
            s,
            [
                "Hei Matti,",
                "Kiitos viestistä!",
                "Esim. tämä on jo korjattu.",
                "Soita klo 9 ma. Onko ok?"
            ]
        );
        let s = sentences("Mr. Smith paid. Thanks!!! OK");
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].words, 3);
    }

    #[test]
    fn empty_and_blank_texts_have_no_sentences() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\n\t").is_empty());
    }
}
