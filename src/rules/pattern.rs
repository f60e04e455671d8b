//! Phrase patterns: words matched whole and case-insensitively, with alternatives (`a|b`),
//! optional tokens (`[x]`), stem wildcards (`valitettava*`) and single-word wildcards (`*`).

use super::fold::fold;
use crate::text::{is_word_char, words};

/// One alternative a token of a pattern can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alt {
    /// This word, compared after case folding.
    Word(String),
    /// Any word starting with this stem.
    Stem(String),
    /// Any one word.
    AnyWord,
    /// This punctuation character.
    Punct(char),
}

impl Alt {
    /// The literal an anchor search can look for; `None` for wildcards and punctuation.
    pub fn literal(&self) -> Option<&str> {
        match self {
            Alt::Word(w) | Alt::Stem(w) => Some(w),
            Alt::AnyWord | Alt::Punct(_) => None,
        }
    }

    /// Whether the token `token` (already folded with [`fold`]) fits this alternative.
    pub fn accepts(&self, token: &str, is_word: bool) -> bool {
        match self {
            Alt::Word(w) => is_word && token == w,
            Alt::Stem(s) => is_word && token.starts_with(s.as_str()),
            Alt::AnyWord => is_word,
            Alt::Punct(c) => !is_word && token.chars().eq(std::iter::once(*c)),
        }
    }
}

/// A position in a pattern: one of several alternatives, possibly optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// What the token may be.
    pub alts: Vec<Alt>,
    /// Whether the token may be absent.
    pub optional: bool,
}

impl Slot {
    /// Whether a token that begins with the byte `b` in the text (before folding) may be
    /// accepted: most places a pattern is tried are ruled out here, before the token is split
    /// off and folded. Only ASCII says no; any other byte may fold to anything.
    pub fn may_begin_with(&self, b: u8) -> bool {
        !b.is_ascii()
            || self.alts.iter().any(|a| match a {
                Alt::Word(w) | Alt::Stem(w) => {
                    w.as_bytes().first() == Some(&b.to_ascii_lowercase())
                }
                Alt::AnyWord => b.is_ascii_alphanumeric(),
                Alt::Punct(_) => true,
            })
    }

    /// Whether a token that ends with the byte `b` in the text may be accepted: the mirror of
    /// [`Slot::may_begin_with`] for the token before a place. Folding lowers an ASCII byte
    /// and nothing else, so a word's last ASCII byte says no.
    pub fn may_end_with(&self, b: u8) -> bool {
        !b.is_ascii()
            || self.alts.iter().any(|a| match a {
                Alt::Word(w) => w.as_bytes().last() == Some(&b.to_ascii_lowercase()),
                Alt::Stem(_) | Alt::AnyWord => b.is_ascii_alphanumeric(),
                Alt::Punct(_) => true,
            })
    }
}

/// Some of the ASCII bytes, one bit per byte modulo 64: what the tokens next to a pattern's
/// anchor may begin or end with. Bytes that share a bit are all in or all out, and a byte
/// outside ASCII is always in: the set only ever rules a token out, never in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSet(u64);

impl ByteSet {
    /// Every byte: no token is ruled out.
    pub const ANY: ByteSet = ByteSet(u64::MAX);

    /// The ASCII bytes for which `keep` says yes (and those that share their bits).
    fn of(keep: impl Fn(u8) -> bool) -> Self {
        ByteSet(
            (0..0x80u8)
                .filter(|&b| keep(b))
                .fold(0, |m, b| m | 1 << (b & 63)),
        )
    }

    /// Whether a token beginning or ending with `b` may be one of the set's.
    #[inline]
    pub fn may_hold(self, b: u8) -> bool {
        !b.is_ascii() || self.0 >> (b & 63) & 1 != 0
    }
}

/// Words so frequent in English messages that a search anchored on one of them verifies its
/// pattern at a good share of all words; a slot without them anchors better ("by the way" on
/// `way`, not `by`). (Finnish patterns anchor best on their longest literal as they are:
/// its short words hide inside longer ones, and a shorter anchor matches more often.)
const COMMON: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "for", "have", "i", "if",
    "in", "is", "it", "me", "my", "not", "of", "on", "or", "our", "so", "that", "the", "this",
    "to", "us", "was", "we", "will", "with", "you", "your",
];

/// A parsed phrase pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as written.
    pub source: String,
    /// Its tokens in order.
    pub slots: Vec<Slot>,
    /// Whether the match must open a sentence or a line (a leading `^`).
    pub sentence_start: bool,
    /// The slot the search anchors on: required, all alternatives literal; the first one of a
    /// pattern that opens a sentence, else the one with the fewest very common or very short
    /// words, then the longest shortest literal (a rare, long literal means few candidate
    /// positions to verify).
    pub anchor: usize,
}

impl Pattern {
    /// The bytes the first token after slot `i` may begin with ([`Slot::may_begin_with`]):
    /// optional slots each add theirs, up to the first required one. [`ByteSet::ANY`] where
    /// the pattern may end after slot `i`.
    pub fn bytes_after(&self, i: usize) -> ByteSet {
        let mut set = 0;
        for slot in &self.slots[i + 1..] {
            set |= ByteSet::of(|b| slot.may_begin_with(b)).0;
            if !slot.optional {
                return ByteSet(set);
            }
        }
        ByteSet::ANY
    }

    /// The bytes the last token before slot `i` may end with ([`Slot::may_end_with`]), the
    /// mirror of [`Pattern::bytes_after`].
    pub fn bytes_before(&self, i: usize) -> ByteSet {
        let mut set = 0;
        for slot in self.slots[..i].iter().rev() {
            set |= ByteSet::of(|b| slot.may_end_with(b)).0;
            if !slot.optional {
                return ByteSet(set);
            }
        }
        ByteSet::ANY
    }

    /// Parses a pattern; the error says which part is wrong.
    pub fn parse(source: &str) -> Result<Pattern, String> {
        let mut slots = Vec::new();
        let mut tokens = source.split_whitespace().peekable();
        let sentence_start = tokens.next_if_eq(&"^").is_some();
        for raw in tokens {
            if raw == "^" {
                return Err("`^` (start of a sentence) can only be the first token".into());
            }
            let (body, optional) = match raw.strip_prefix('[') {
                Some(rest) => match rest.strip_suffix(']') {
                    Some(inner) => (inner, true),
                    None => {
                        return Err(format!(
                            "`{raw}` opens `[` without closing it (write `[word]` with no spaces inside)"
                        ));
                    }
                },
                None if raw.ends_with(']') => {
                    return Err(format!("`{raw}` closes `]` without opening it"));
                }
                None => (raw, false),
            };
            let mut alts = Vec::new();
            for alt in body.split('|') {
                alts.push(parse_alt(alt, raw)?);
            }
            slots.push(Slot { alts, optional });
        }
        if slots.is_empty() {
            return Err("the pattern is empty".into());
        }
        let anchor = slots
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.optional && s.alts.iter().all(|a| a.literal().is_some()))
            .max_by_key(|(i, s)| {
                let literals = || s.alts.iter().filter_map(Alt::literal);
                // A word of one or two letters hides inside most longer words.
                let common = literals()
                    .filter(|l| l.len() <= 2 || COMMON.contains(l))
                    .count();
                let shortest = literals().map(str::len).min().unwrap_or(0);
                // A pattern that opens a sentence anchors on its first word when it can: each
                // place is then ruled out by the text just before it, without reading on.
                let opens = sentence_start && *i == 0;
                (opens, std::cmp::Reverse(common), shortest, std::cmp::Reverse(*i))
            })
            .map(|(i, _)| i)
            .ok_or_else(|| {
                "the pattern needs at least one required token that is a word or a stem (not only `*`, punctuation or optional tokens)".to_string()
            })?;
        Ok(Pattern {
            source: source.to_string(),
            slots,
            sentence_start,
            anchor,
        })
    }
}

fn parse_alt(alt: &str, raw: &str) -> Result<Alt, String> {
    if alt.is_empty() {
        return Err(format!("`{raw}` has an empty alternative"));
    }
    if alt == "*" {
        return Ok(Alt::AnyWord);
    }
    let mut chars = alt.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && !is_word_char(c)
    {
        return Ok(Alt::Punct(c));
    }
    let (stem, is_stem) = match alt.strip_suffix('*') {
        Some(s) => (s, true),
        None => (alt, false),
    };
    // A word alternative must be exactly one word as the scanner sees words.
    let mut found = words(stem);
    let single = matches!((found.next(), found.next()), (Some(r), None) if r == (0..stem.len()));
    if !single {
        return Err(format!(
            "`{alt}` in `{raw}` is not a single word (letters and digits, joined by - ' or :); a token is a word, a stem ending in `*`, `*`, or one punctuation mark"
        ));
    }
    let folded = fold(stem).into_owned();
    Ok(if is_stem {
        Alt::Stem(folded)
    } else {
        Alt::Word(folded)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_rules_out_by_first_byte_only_tokens_it_would_not_accept() {
        let pattern = Pattern::parse("but|we|ä*|eu:n|2* *|, ’|don't").unwrap();
        let tokens = [
            "but", "But", "BUT", "butter", "We", "we", "wed", "Äiti", "äiti", "ääni", "EU:n", "eu",
            "2024", "20", "x", ",", ";", "’", "'", "Don't", "don’t", "Ǆ", "ﬁx", "😀",
        ];
        for slot in &pattern.slots {
            for token in tokens {
                let is_word = token.chars().next().is_some_and(is_word_char);
                let accepted = slot.alts.iter().any(|a| a.accepts(&fold(token), is_word));
                if accepted {
                    let (first, last) = (token.as_bytes()[0], token.as_bytes()[token.len() - 1]);
                    let set = |keep: fn(&Slot, u8) -> bool| ByteSet::of(|b| keep(slot, b));
                    assert!(
                        slot.may_begin_with(first) && set(Slot::may_begin_with).may_hold(first),
                        "{token:?} in {:?}",
                        slot.alts
                    );
                    assert!(
                        slot.may_end_with(last) && set(Slot::may_end_with).may_hold(last),
                        "{token:?} in {:?}",
                        slot.alts
                    );
                }
            }
        }
        // And it does rule out: the first slot takes no `x` or `,`, the second no `;`.
        assert!(!pattern.slots[0].may_begin_with(b'x'));
        assert!(!pattern.slots[0].may_begin_with(b','));
        assert!(pattern.slots[1].may_begin_with(b'x'));
        assert!(pattern.slots[1].may_begin_with(b';'));
    }

    #[test]
    fn the_bytes_next_to_a_slot_take_in_optional_slots_up_to_a_required_one() {
        let p = Pattern::parse("[so] you [really] need|must [right] now").unwrap();
        assert_eq!(p.anchor, 2 + 1, "anchored on `need|must`");
        let after = p.bytes_after(p.anchor);
        // `right` (optional) or `now`; not `x`.
        assert!(after.may_hold(b'r') && after.may_hold(b'n') && after.may_hold(b'N'));
        assert!(!after.may_hold(b'x'));
        // `really` (optional) ends in `y`, `you` in `u`; nothing else (`so` is behind `you`).
        let before = p.bytes_before(p.anchor);
        assert!(before.may_hold(b'y') && before.may_hold(b'u'));
        assert!(!before.may_hold(b'o') && !before.may_hold(b'd'));
        // Bytes outside ASCII may begin or end anything.
        assert!(before.may_hold(0xC3) && after.may_hold(0xA4));
        // Nothing after the last slot; only optional slots before the first and the second.
        assert_eq!(p.bytes_after(p.slots.len() - 1), ByteSet::ANY);
        assert_eq!(p.bytes_before(0), ByteSet::ANY);
        assert_ne!(
            p.bytes_before(2),
            ByteSet::ANY,
            "`you` is required before `[really]`"
        );
        assert_eq!(
            Pattern::parse("[so] you").unwrap().bytes_before(1),
            ByteSet::ANY
        );
    }

    #[test]
    fn parses_the_design_example() {
        let p = Pattern::parse("kuten [jo] [aiemmin|edellä] totesimme|mainitsimme|kerroimme [,]")
            .unwrap();
        assert_eq!(p.slots.len(), 5);
        assert!(p.slots[1].optional && p.slots[4].optional);
        assert_eq!(p.slots[4].alts, vec![Alt::Punct(',')]);
        // `totesimme|mainitsimme|kerroimme` has the longest shortest literal.
        assert_eq!(p.anchor, 3);
    }

    #[test]
    fn stems_words_and_wildcards() {
        let p = Pattern::parse("Valitettava* * EI").unwrap();
        assert_eq!(p.slots[0].alts, vec![Alt::Stem("valitettava".into())]);
        assert_eq!(p.slots[1].alts, vec![Alt::AnyWord]);
        assert_eq!(p.slots[2].alts, vec![Alt::Word("ei".into())]);
        assert_eq!(p.anchor, 0);
    }

    #[test]
    fn a_leading_caret_anchors_at_sentence_start() {
        let p = Pattern::parse("^ hei|moi").unwrap();
        assert!(p.sentence_start);
        assert_eq!(p.slots.len(), 1);
        assert!(!Pattern::parse("hei").unwrap().sentence_start);
        assert!(
            Pattern::parse("hei ^ moi")
                .unwrap_err()
                .contains("first token")
        );
        assert!(Pattern::parse("^").unwrap_err().contains("empty"));
    }

    #[test]
    fn anchors_avoid_common_and_short_words() {
        let anchor = |source: &str| Pattern::parse(source).unwrap().anchor;
        // `way`, not `by` or `the`.
        assert_eq!(anchor("by the way"), 2);
        // `mistake|error`, not `we|i` or `a|an`.
        assert_eq!(anchor("we|i made a|an mistake|error"), 3);
        // A pattern that opens a sentence anchors on its first word, even a common one.
        assert_eq!(anchor("^ can|will you|u"), 0);
        assert_eq!(anchor("can|will you|u"), 0);
        assert_eq!(anchor("[please] don't|do not hesitate"), 3);
    }

    #[test]
    fn rejects_malformed_patterns() {
        assert!(Pattern::parse("").unwrap_err().contains("empty"));
        assert!(Pattern::parse("[jo").unwrap_err().contains("opens"));
        assert!(Pattern::parse("jo]").unwrap_err().contains("closes"));
        assert!(
            Pattern::parse("a||b")
                .unwrap_err()
                .contains("empty alternative")
        );
        assert!(
            Pattern::parse("[jo] *")
                .unwrap_err()
                .contains("at least one required")
        );
        assert!(
            Pattern::parse("foo.bar")
                .unwrap_err()
                .contains("single word")
        );
    }
}
