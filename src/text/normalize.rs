//! NFC normalization that remembers where every piece came from.
//!
//! Text pasted from macOS or some PDFs spells `ä` as `a` + U+0308. Rules are written in
//! composed form, so the engine matches on NFC; findings must still point into, and fixes must
//! still edit, the text the user wrote.

use super::chunk::Chunk;
use std::borrow::Cow;
use std::ops::Range;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Text in NFC with a map back to the original byte offsets.
#[derive(Debug)]
pub struct Normalized<'a> {
    text: Cow<'a, str>,
    /// `(normalized_start, original_start)` for each segment (a starter and its combining
    /// marks); empty when the text was already NFC.
    segments: Vec<(usize, usize)>,
    original_len: usize,
}

/// Whether `text` is certainly NFC. Every character below U+0300 is NFC-stable, and only
/// those at or above it have a UTF-8 lead byte of 0xCC or more: only those few characters
/// (typographic quotes, dashes, emoji, combining marks) are looked up.
fn is_surely_nfc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = next_lead_from_cc(bytes, i) {
        i = at;
        let Some(c) = text[i..].chars().next() else {
            return false;
        };
        if canonical_combining_class(c) != 0
            || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes
        {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// Where the first byte at or after `from` is 0xCC or more: sixteen bytes at a time, as most
/// texts have few such bytes (`ä` and `ö` lead with C3).
fn next_lead_from_cc(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        // (Past the end, zero bytes: none is a lead byte.)
        let leads = Chunk::at(bytes, i, 0).in_range(0xCC, 0xFF);
        if leads != 0 {
            return Some(i + leads.trailing_zeros() as usize);
        }
        i += 16;
    }
    None
}

impl<'a> Normalized<'a> {
    /// Normalizes `text`, borrowing it when it is already NFC (the common case, checked fast).
    pub fn new(text: &'a str) -> Self {
        // Every character below U+0300 is NFC-stable, and those are the only ones whose UTF-8
        // lead byte is below 0xCC: most texts are decided by this one vectorizable scan.
        if is_surely_nfc(text) {
            return Normalized {
                text: Cow::Borrowed(text),
                segments: Vec::new(),
                original_len: text.len(),
            };
        }
        let mut out = String::with_capacity(text.len());
        let mut segments = Vec::new();
        let mut seg_start = 0;
        let mut iter = text.char_indices().peekable();
        while let Some((i, _)) = iter.next() {
            // A segment runs to the next starter (combining class 0).
            let mut end = text.len();
            while let Some(&(j, c)) = iter.peek() {
                if canonical_combining_class(c) == 0 {
                    end = j;
                    break;
                }
                iter.next();
            }
            debug_assert_eq!(i, seg_start);
            segments.push((out.len(), seg_start));
            out.extend(text[seg_start..end].nfc());
            seg_start = end;
        }
        Normalized {
            text: Cow::Owned(out),
            segments,
            original_len: text.len(),
        }
    }

    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Maps a range of the normalized text to the original. Ranges that start and end on
    /// segment boundaries (every word boundary is one) map exactly.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        if self.segments.is_empty() {
            return range;
        }
        let map_start = |pos: usize| -> usize {
            if pos >= self.text.len() {
                return self.original_len;
            }
            let i = self
                .segments
                .partition_point(|&(n, _)| n <= pos)
                .saturating_sub(1);
            self.segments[i].1
        };
        let map_end = |pos: usize| -> usize {
            // The first segment that starts at or after `pos`.
            let i = self.segments.partition_point(|&(n, _)| n < pos);
            self.segments.get(i).map_or(self.original_len, |&(_, o)| o)
        };
        let start = map_start(range.start);
        let end = if range.end == range.start {
            start
        } else {
            map_end(range.end)
        };
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_from_cc_are_found_sixteen_at_a_time_as_one_by_one() {
        for b in 0..=255u8 {
            for len in [1usize, 7, 15, 16, 17, 31, 33, 40] {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    for from in [0, at, at + 1] {
                        let from = from.min(len);
                        let naive = (from..len).find(|&i| bytes[i] >= 0xCC);
                        assert_eq!(next_lead_from_cc(&bytes, from), naive, "{b:#x} {len} {at}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_fast_check_knows_composed_from_decomposed() {
        assert!(is_surely_nfc("Hyvää päivää “lainaus” – ok 😀"));
        assert!(!is_surely_nfc("Pa\u{308}iva\u{308}"));
        // A precomposed character followed by a combining mark in the wrong order.
        assert!(!is_surely_nfc("a\u{301}\u{316}"));
    }

    #[test]
    fn nfc_text_is_borrowed_and_maps_to_itself() {
        let n = Normalized::new("Hyvää päivää");
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert_eq!(n.original_range(3..7), 3..7);
    }

    #[test]
    fn nfd_text_is_composed_and_maps_back() {
        let original = "Pa\u{308}iva\u{308} ja yö";
        let n = Normalized::new(original);
        assert_eq!(n.text(), "Päivä ja yö");
        // "Päivä" in the normalized text is 0..7; in the original 0..9.
        let r = n.original_range(0..7);
        assert_eq!(&original[r], "Pa\u{308}iva\u{308}");
        let ja = n.text().find("ja").unwrap();
        assert_eq!(&original[n.original_range(ja..ja + 2)], "ja");
        assert_eq!(
            n.original_range(n.text().len()..n.text().len()),
            original.len()..original.len()
        );
    }
}
