//! Words and sentences, found by scanning UTF-8 text without copying it.
//!
//! A word is a run of letters and digits; a hyphen, apostrophe or colon between two of them
//! joins, so `asiakaspalvelu-osoite`, `don't` and `EU:n` are one word each. Every range this
//! module returns starts and ends on a character boundary.

use super::chunk::Chunk;
use crate::rules::is_folded;
use std::ops::Range;

/// Whether `c` can be part of a word.
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..0x80 => c.is_ascii_alphanumeric(),
        // Latin-1 letters and Latin Extended-A/B (ä, ö, å, é, š, ž, …) without a table search:
        // everything from À up is a letter except × and ÷.
        0xC0..0x250 => c != '×' && c != '÷',
        _ => c.is_alphanumeric(),
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

/// Whitespace, and the invisible characters that stand in for none: a byte order mark or a
/// zero-width space is not a sentence.
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}')
}

/// The char boundary at or before `i` (clamped to the text): where to cut without splitting a
/// character.
pub fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The char boundary at or after `i` (clamped to the text).
pub fn ceil_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whether a text has nothing to check: only whitespace and invisible characters.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_blank_char)
}

/// Whether a word can start at `pos`: the text before it does not continue a word.
pub fn is_word_start(text: &str, pos: usize) -> bool {
    // Most places follow an ASCII letter or a space, decided from that byte.
    if let Some(&b) = pos.checked_sub(1).and_then(|i| text.as_bytes().get(i))
        && b < 0x80
        && !matches!(b, b'-' | b'\'' | b':')
    {
        return !b.is_ascii_alphanumeric();
    }
    match char_before(text, pos) {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some(c) if is_joiner(c) => !char_before(text, pos - c.len_utf8()).is_some_and(is_word_char),
        Some(_) => true,
    }
}

/// The end of the word that starts at `start` (which must hold a word character).
pub fn word_end(text: &str, start: usize) -> usize {
    word_end_and_case::<false>(text, start).0
}

/// [`word_end`], and with `CASE` whether the word is its own fold ([`is_folded`]; `false`
/// without `CASE`): the chunks that find the end see the capitals on the way.
#[inline(always)]
fn word_end_and_case<const CASE: bool>(text: &str, start: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    // Most words are made of plain letters only: they are passed 16 bytes at a time, and the
    // byte-by-byte definition decides from the first byte that is not plain, without a
    // branch per letter. The last bytes of the text are read padded with spaces.
    let mut i = start;
    let mut capital = false;
    loop {
        let (plain, capitals) = plain_bytes(Chunk::at(bytes, i, b' '));
        let n = (!plain).trailing_zeros();
        capital |= capitals & ((1 << n) - 1) != 0;
        i += n as usize;
        if n < 16 {
            break;
        }
    }
    // A chunk may stop between C3 and its second byte (`×`, `÷`): back to C3.
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    let plain_end = i;
    while let Some(next) = continues_word(text, start, i) {
        i = next;
    }
    let folded = CASE
        && if i == plain_end {
            !capital
        } else {
            is_folded(&text[start..i])
        };
    (i, folded)
}

/// Per byte of `chunk`, one bit: where it plainly goes on with a word wherever it stands in
/// one, and where it may be part of a capital. Plain are ASCII letters and digits, and the
/// bytes of Latin-1 letters (`ä`, `ö`, `é`: C3 and a byte 80..=BF, but for those of `×` and
/// `÷`); only C3 is taken as a lead byte, so a second byte passed this way follows C3. Every
/// other byte is left to [`continues_word`]. Capitals are ASCII ones and the second bytes of
/// Latin-1 ones (À..=Þ, after C3).
#[inline(always)]
fn plain_bytes(c: Chunk) -> (u32, u32) {
    let latin1_second = c.in_range(0x80, 0xBF) & !c.eq(0x97) & !c.eq(0xB7);
    let plain = c.ascii_letters() | c.in_range(b'0', b'9') | c.eq(0xC3) | latin1_second;
    let capital = c.in_range(b'A', b'Z') | c.in_range(0x80, 0x9E);
    (plain, capital)
}

/// Whether `b`, the byte after C3, makes a Latin-1 letter: U+00C0..=U+00FF are letters but
/// for `×` (C3 97) and `÷` (C3 B7). The scans decide `ä`, `ö` and `é` by it without decoding.
#[inline(always)]
fn latin1_letter_after_c3(b: u8) -> bool {
    b >= 0x80 && b != 0x97 && b != 0xB7
}

/// Whether the word that starts at `start` goes on through the character at `i` (a char
/// boundary after `start`, inside the word or at its end): where the character after it
/// begins, or `None` where the word ends at `i`.
#[inline(always)]
pub(crate) fn continues_word(text: &str, start: usize, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let &b = bytes.get(i)?;
    if b.is_ascii_alphanumeric() {
        return Some(i + 1);
    }
    // The common ends and letters decided from their bytes: an ASCII character that is no
    // joiner ends the word; a Latin-1 letter (`ä`, `ö`, `é`: C3 and a byte other than those
    // of `×` and `÷`) goes on with it.
    if b < 0x80 && !matches!(b, b'-' | b'\'' | b':') {
        return None;
    }
    if b == 0xC3 && bytes.get(i + 1).is_some_and(|&c| latin1_letter_after_c3(c)) {
        return Some(i + 2);
    }
    let c = char_at(text, i)?;
    let joins =
        is_joiner(c) && i > start && char_at(text, i + c.len_utf8()).is_some_and(is_word_char);
    (is_word_char(c) || joins).then_some(i + c.len_utf8())
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
        self.next_word::<false>().map(|(r, _)| r)
    }
}

impl<'a> WordIter<'a> {
    /// The words, each with whether it is its own fold ([`is_folded`]), a word at a time: what
    /// [`each_word_with_case`] is tested against.
    #[cfg(test)]
    pub(crate) fn with_case(mut self) -> impl Iterator<Item = (Range<usize>, bool)> + 'a {
        std::iter::from_fn(move || self.next_word::<true>())
    }

    /// The next word, and with `CASE` whether it is its own fold.
    #[inline(always)]
    fn next_word<const CASE: bool>(&mut self) -> Option<(Range<usize>, bool)> {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            let b = bytes[self.pos];
            if b.is_ascii_alphanumeric() {
                return Some(self.take::<CASE>());
            }
            if b < 0x80 {
                self.pos += 1;
                continue;
            }
            let c = char_at(self.text, self.pos)?;
            if is_word_char(c) {
                return Some(self.take::<CASE>());
            }
            self.pos += c.len_utf8();
        }
        None
    }

    /// The word that starts here.
    #[inline(always)]
    fn take<const CASE: bool>(&mut self) -> (Range<usize>, bool) {
        let (end, folded) = word_end_and_case::<CASE>(self.text, self.pos);
        let r = self.pos..end;
        self.pos = end;
        (r, folded)
    }
}

/// Calls `found` with each word of `text[span]` (as a range into it) and whether it is its own
/// fold, as `words(&text[span]).with_case()` yields them, but reading the text 64 bytes at a
/// time. Up to the first byte that is neither plain ([`plain_bytes`]: ASCII and Latin-1
/// letters) nor an ASCII end (any but the joiners), the words are the runs of plain bytes,
/// found from bit masks with no branch per byte and no load per word. From the first other
/// byte, or from a word that may go on past the 64 bytes, one word is taken as
/// [`WordIter::with_case`] takes it. The bytes are read from `text`, past the span where it
/// goes on, so a short span costs no copy.
pub(crate) fn each_word_with_case(
    text: &str,
    span: Range<usize>,
    mut found: impl FnMut(Range<usize>, bool),
) {
    let bytes = text.as_bytes();
    let piece = &text[span.clone()];
    // The low `n` bits (all of them from 64 on): a compare and a shift, no branch.
    let low = |n: usize| if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    let mut pos = 0;
    while pos < piece.len() {
        let (mut plain, mut capitals, mut other) = (0u64, 0u64, 0u64);
        for k in 0..4 {
            let c = Chunk::at(bytes, span.start + pos + 16 * k, b' ');
            let (p, cap) = plain_bytes(c);
            let o = (c.in_range(0x80, 0xFF) & !p) | c.eq(b'-') | c.eq(b'\'') | c.eq(b':');
            plain |= u64::from(p) << (16 * k);
            capitals |= u64::from(cap) << (16 * k);
            other |= u64::from(o) << (16 * k);
        }
        // Past the span's end every byte ends a word, as a space would.
        let inside = low(piece.len() - pos);
        let (plain, other) = (plain & inside, other & inside);
        // Up to the first other byte every character is plain or an ASCII end, so a run of
        // plain bytes starts and ends on character boundaries.
        let limit = other.trailing_zeros();
        let mut runs = plain & low(limit as usize);
        // Where the bit masks stop; past it, the next 64 bytes or one word taken alone.
        let mut stop = pos + limit as usize;
        let mut alone = limit < 64;
        while runs != 0 {
            let start = runs.trailing_zeros();
            let end = start + (runs >> start).trailing_ones();
            if end == limit {
                // The word may go on: after a joiner or another letter, it is taken alone;
                // into the next 64 bytes, they start with it (unless it fills these).
                stop = pos + start as usize;
                alone |= start == 0;
                break;
            }
            let own_fold = capitals & low(end as usize) & !low(start as usize) == 0;
            found(pos + start as usize..pos + end as usize, own_fold);
            runs &= !low(end as usize);
        }
        if !alone {
            pos = stop;
            continue;
        }
        let mut rest = WordIter {
            text: piece,
            pos: stop,
        };
        let Some((word, own_fold)) = rest.next_word::<true>() else {
            return;
        };
        found(word, own_fold);
        pos = rest.pos;
    }
}

/// The words of `text`.
pub fn words(text: &str) -> WordIter<'_> {
    WordIter { text, pos: 0 }
}

/// A byte offset (or count) in 32 bits, as the engine keeps the many it holds for a long draft.
/// Drafts are at most `check::MAX_DRAFT_BYTES` (1 GiB), so every offset fits.
///
/// # Panics
///
/// At 4 GiB or more.
pub(crate) fn offset32(n: usize) -> u32 {
    u32::try_from(n).expect("a draft is at most MAX_DRAFT_BYTES")
}

/// A sentence, or a line that stands alone (a greeting, a list item, a sign-off). In 32-bit
/// offsets: a long draft has hundreds of thousands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    start: u32,
    end: u32,
}

impl Sentence {
    /// The sentence from byte `start` to `end`.
    ///
    /// # Panics
    ///
    /// If `end` is 4 GiB or more: a checked draft is much shorter.
    pub fn new(start: usize, end: usize) -> Self {
        Sentence {
            start: offset32(start),
            end: offset32(end),
        }
    }

    /// Byte offset of the first non-space character.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Byte offset just past the last non-space character.
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// From [`Sentence::start`] to [`Sentence::end`].
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// How many words the sentence has, counted as [`Sentence::has_more_words_than`] counts.
    pub fn word_count(&self, text: &str) -> usize {
        count_words(&text[self.range()], usize::MAX)
    }

    /// Whether the sentence has more than `max` words. A sentence of n words needs at least
    /// 2n - 1 bytes, so most sentences are decided without being split into words.
    pub fn has_more_words_than(&self, text: &str, max: usize) -> bool {
        self.range().len() > 2 * max
            && word_count_bound(text.as_bytes(), self.range()) > max
            && count_words(&text[self.range()], max + 1) > max
    }
}

/// Counts the words of `text` as [`words`] finds them, up to `limit`.
///
/// ASCII text is counted a byte at a time without a branch; other text 64 bytes at a time, as
/// [`each_word_with_case`] reads it.
pub fn count_words(text: &str, limit: usize) -> usize {
    let bytes = text.as_bytes();
    if bytes.is_ascii() {
        return count_ascii_words(bytes).min(limit);
    }
    words_in(text, 0..text.len()).min(limit)
}

/// How many words `text[span]` has, found as [`each_word_with_case`] finds them.
fn words_in(text: &str, span: Range<usize>) -> usize {
    let mut count = 0;
    each_word_with_case(text, span, |_, _| count += 1);
    count
}

const ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

const ASCII_JOINER: [bool; 256] = {
    let mut t = [false; 256];
    t[b'-' as usize] = true;
    t[b'\'' as usize] = true;
    t[b':' as usize] = true;
    t
};

/// An upper bound on the number of words in `bytes[span]`, counted 16 bytes at a time: every
/// word after the first follows a non-word character, and every non-word character has a byte
/// counted here (ASCII other than letters and digits; the lead bytes C2 and C4..; the bytes 97
/// and B7 that end `×` and `÷`). Letters of other scripts are counted too, which only loosens
/// it. The chunks are read from `bytes`, past the span where it goes on (and masked), so that
/// a span costs no copy of its last bytes.
fn word_count_bound(bytes: &[u8], span: Range<usize>) -> usize {
    let mut separators = 0;
    for at in span.clone().step_by(16) {
        // (Past the text's end, a letter: it separates nothing.)
        let c = Chunk::at(bytes, at, b'a');
        let ascii_other = c.in_range(0, 0x7F) & !(c.ascii_letters() | c.in_range(b'0', b'9'));
        let others = c.eq(0xC2) | c.in_range(0xC4, 0xFF) | c.eq(0x97) | c.eq(0xB7);
        let inside = if span.end - at >= 16 {
            0xFFFF
        } else {
            (1 << (span.end - at)) - 1
        };
        separators += ((ascii_other | others) & inside).count_ones() as usize;
    }
    1 + separators
}

/// The bytes [`word_count_bound`] counts, one at a time: what its masks are tested against.
#[cfg(test)]
fn may_separate_words(b: u8) -> bool {
    (b.is_ascii() && !b.is_ascii_alphanumeric()) || b == 0xC2 || b >= 0xC4 || b == 0x97 || b == 0xB7
}

/// [`count_words`] for ASCII text, branch-free so it vectorizes well.
fn count_ascii_words(bytes: &[u8]) -> usize {
    let mut prev_word = false;
    let mut joined = false;
    let mut count = 0;
    for &b in bytes {
        let word = ASCII_WORD[b as usize];
        count += usize::from(word & !prev_word & !joined);
        joined = ASCII_JOINER[b as usize] & prev_word;
        prev_word = word;
    }
    count
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
    // No abbreviation is longer than six bytes, and a single letter is at most four: most words
    // before a full stop are decided by their length.
    if word.len() > 6 {
        return false;
    }
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
        || ABBREVIATION_KEYS.contains(&abbreviation_key(word.as_bytes()))
}

/// A word of up to seven bytes as one number, lower-cased as ASCII, its length in the top
/// byte: [`is_abbreviation`] compares numbers, not strings (one is tried at most full stops).
const fn abbreviation_key(word: &[u8]) -> u64 {
    let mut key = (word.len() as u64) << 56;
    let mut i = 0;
    while i < word.len() && i < 7 {
        key |= (word[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    key
}

/// [`ABBREVIATIONS`] as [`abbreviation_key`]s.
const ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut keys = [0; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = abbreviation_key(ABBREVIATIONS[i].as_bytes());
        i += 1;
    }
    keys
};

/// Bytes where a sentence may end: line feed, `.`, `!`, `?`, and the lead byte of `…`.
const MAY_END: [u8; 5] = [b'\n', b'.', b'!', b'?', 0xE2];

/// How many bytes [`MayEnd`] classifies at once: one bit each in a `u64`.
const BLOCK: usize = 64;

/// Bit `i` set where `bytes[base + i]` is a [`MAY_END`] byte, for the [`BLOCK`] bytes from
/// `base`; the end of the text is read as zero bytes, which never end a sentence.
#[inline]
fn may_end_mask(bytes: &[u8], base: usize) -> u64 {
    (0..BLOCK / 16).fold(0, |mask, k| {
        let c = Chunk::at(bytes, base + 16 * k, 0);
        let hits = MAY_END.iter().fold(0, |hits, &b| hits | c.eq(b));
        mask | u64::from(hits) << (16 * k)
    })
}

/// The bytes of a text that may end a sentence, in order. A block is classified once into a
/// bitmask whose bits are then taken one by one: in chat text a candidate comes every 40 bytes
/// or so, and searching afresh from each would classify the same bytes again and again.
struct MayEnd<'a> {
    bytes: &'a [u8],
    /// Where the block that `mask` describes starts.
    base: usize,
    /// Bit `i`: `bytes[base + i]` may end a sentence. Bits past the end of the text are clear.
    mask: u64,
}

impl<'a> MayEnd<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        MayEnd {
            bytes,
            base: 0,
            mask: may_end_mask(bytes, 0),
        }
    }

    /// The first byte at or after `pos` that may end a sentence. `pos` never goes back: it is
    /// at or after the last position asked for.
    #[inline]
    fn next_from(&mut self, pos: usize) -> Option<usize> {
        if pos - self.base >= BLOCK {
            // A decision jumped past the block (a run of terminators): start a block at `pos`.
            self.base = pos;
            self.mask = may_end_mask(self.bytes, pos);
        } else {
            self.mask &= u64::MAX << (pos - self.base);
        }
        while self.mask == 0 {
            self.base += BLOCK;
            if self.base >= self.bytes.len() {
                return None;
            }
            self.mask = may_end_mask(self.bytes, self.base);
        }
        Some(self.base + self.mask.trailing_zeros() as usize)
    }
}

/// Whether the word that ends at `end` is longer than any abbreviation, seen from its last
/// seven bytes alone (ASCII letters and digits, and Latin-1 letters: `ä`, `ö`, `é`), so that
/// the word need not be found.
fn long_word_before(bytes: &[u8], end: usize) -> bool {
    let mut i = end;
    while end - i < 7 {
        match bytes[..i] {
            [.., b] if b.is_ascii_alphanumeric() => i -= 1,
            [.., 0xC3, b] if latin1_letter_after_c3(b) => i -= 2,
            _ => return false,
        }
    }
    true
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// ASCII whitespace, which [`is_blank_char`] holds for: trimmed by the byte.
fn is_ascii_blank(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Splits `text` into sentences. A line break always ends a sentence: customer messages put
/// greetings, list items and sign-offs on lines of their own.
///
/// Every draft is split, so this jumps from one byte that may end a sentence to the next and
/// decides only there, instead of looking at every character.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut push = |from: usize, to: usize| {
        // Most sentences are trimmed of an ASCII space or none; other blanks are decoded.
        let mut start = from;
        while start < to && is_ascii_blank(bytes[start]) {
            start += 1;
        }
        if start < to && bytes[start] >= 0x80 {
            let piece = &text[start..to];
            start += piece.len() - piece.trim_start_matches(is_blank_char).len();
        }
        let mut end = to;
        while end > start && is_ascii_blank(bytes[end - 1]) {
            end -= 1;
        }
        if end > start && bytes[end - 1] >= 0x80 {
            end = start + text[start..end].trim_end_matches(is_blank_char).len();
        }
        if end > start {
            out.push(Sentence::new(start, end));
        }
    };
    let mut from = 0;
    let mut candidates = MayEnd::new(bytes);
    let mut pos = 0;
    while let Some(next) = candidates.next_from(pos) {
        pos = next;
        if bytes[pos] == b'\n' {
            push(from, pos);
            pos += 1;
            from = pos;
            continue;
        }
        let c = char_at(text, pos).unwrap_or(' ');
        if !is_terminator(c) {
            pos += c.len_utf8();
            continue;
        }
        // Take the whole run of terminators and closing quotes along.
        let mut end = pos + c.len_utf8();
        while let Some(n) = char_at(text, end) {
            if is_terminator(n) || matches!(n, '"' | '”' | '’' | ')' | '»') {
                end += n.len_utf8();
            } else {
                break;
            }
        }
        let mut ends = char_at(text, end).is_none_or(char::is_whitespace);
        if ends && c == '.' && end == pos + 1 {
            // A single full stop: not after an abbreviation, and only before what can open a
            // sentence.
            let after = text[end..].trim_start_matches([' ', '\t']);
            let opens = after.chars().next().is_none_or(|n| !n.is_lowercase());
            let abbreviation = || {
                !long_word_before(bytes, pos)
                    && prev_word(text, pos).is_some_and(|w| {
                        char_at(text, w.start).is_some_and(is_word_char)
                            && is_abbreviation(&text[w])
                    })
            };
            ends = opens && !abbreviation();
        }
        if ends {
            push(from, end);
            from = end;
        }
        pos = end;
    }
    push(from, text.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`word_end`] as its definition reads, a character at a time.
    fn word_end_by_chars(text: &str, start: usize) -> usize {
        let mut i = start;
        while let Some(c) = char_at(text, i) {
            let joins = is_joiner(c)
                && i > start
                && char_at(text, i + c.len_utf8()).is_some_and(is_word_char);
            if !(is_word_char(c) || joins) {
                break;
            }
            i += c.len_utf8();
        }
        i
    }

    #[test]
    fn word_end_reads_bytes_as_its_definition_reads_characters() {
        let chars = (0u32..0x300)
            .chain([0x2019, 0x2013, 0x201C, 0x00AD, 0x1F600, 0x4E2D])
            .filter_map(char::from_u32);
        for c in chars {
            for text in [format!("a{c}b"), format!("ä{c}"), format!("x{c}{c}ö y")] {
                assert_eq!(
                    word_end(&text, 0),
                    word_end_by_chars(&text, 0),
                    "{text:?} ({:04X})",
                    c as u32
                );
            }
        }
    }

    /// Whether byte `b` goes on with a word wherever it stands in one ([`plain_bytes`]).
    fn plainly_continues_word(b: u8) -> bool {
        b.is_ascii_alphanumeric()
            || b == 0xC3
            || ((0x80..=0xBF).contains(&b) && b != 0x97 && b != 0xB7)
    }

    /// Whether byte `b`, if it plainly goes on with a word, belongs to a capital.
    fn capital_byte(b: u8) -> bool {
        b.is_ascii_uppercase() || (0x80..=0x9E).contains(&b)
    }

    #[test]
    fn plain_bytes_are_those_that_plainly_continue_a_word_and_capitals() {
        for b in 0..=255u8 {
            for k in 0..16 {
                let mut chunk = [b' '; 16];
                chunk[k] = b;
                let masks = plain_bytes(Chunk::new(&chunk));
                let bit = |f: fn(u8) -> bool| u32::from(f(b)) << k;
                let expected = (bit(plainly_continues_word), bit(capital_byte));
                assert_eq!(masks, expected, "{b:02X} at {k}");
            }
        }
    }

    #[test]
    fn the_word_bound_counts_each_byte_that_may_separate_words() {
        // Every byte at every place of a chunk and past it, among letters.
        for b in 0..=255u8 {
            for len in [1, 15, 16, 17, 40] {
                for k in 0..len {
                    let mut bytes = vec![b'x'; len];
                    bytes[k] = b;
                    let expected = 1 + usize::from(may_separate_words(b));
                    assert_eq!(
                        word_count_bound(&bytes, 0..len),
                        expected,
                        "{b:02X} at {k} of {len}"
                    );
                    // A span ends where it ends: the bytes after it are not counted.
                    let mut longer = bytes.clone();
                    longer.extend_from_slice(b" , ; ! ? . - / ( ) 1 2 3");
                    assert_eq!(word_count_bound(&longer, 0..len), expected);
                    let mut around = b"( ".to_vec();
                    around.extend_from_slice(&longer);
                    assert_eq!(word_count_bound(&around, 2..2 + len), expected);
                }
            }
        }
        assert_eq!(word_count_bound(b"", 0..0), 1);
        let text = "Kiitos viestistäsi, × toimitamme ÷ tilauksenne – huomenna!";
        let by_byte = text.bytes().filter(|&b| may_separate_words(b)).count();
        let bound = word_count_bound(text.as_bytes(), 0..text.len());
        assert_eq!(bound, 1 + by_byte);
        assert!(bound >= count_words(text, usize::MAX));
    }

    #[test]
    fn words_with_case_are_the_words_and_whether_each_is_its_own_fold() {
        let text = "Tilauksesi ÄLÄ ääliö O'Brien don’t Élise ×÷ e-mail 3D ŠKODA straße İ NAÏVE näin\n\
                    Kiitos viestistäsi, toimitamme tilauksenne huomenna! Ystävällisin terveisin Åsa";
        for cut in 0..text.len() {
            let Some(piece) = text.get(cut..) else {
                continue;
            };
            let expected: Vec<_> = words(piece)
                .map(|r| (r.clone(), is_folded(&piece[r])))
                .collect();
            assert_eq!(
                words(piece).with_case().collect::<Vec<_>>(),
                expected,
                "{piece:?}"
            );
        }
    }

    #[test]
    fn words_read_64_bytes_at_a_time_are_the_words_read_one_by_one() {
        let chars: Vec<char> = (0u32..0x300)
            .chain([0x2019, 0x2013, 0x201C, 0x00AD, 0x1F600, 0x4E2D, 0xA0])
            .filter_map(char::from_u32)
            .collect();
        // Each text as a whole, and each span of it that starts and ends on a character
        // boundary a few bytes in (the bytes around it read, its words cut at its ends).
        let check = |text: &str| {
            for (from, to) in [(0, 0), (1, 1), (17, 2)] {
                let span = ceil_char_boundary(text, from)
                    ..floor_char_boundary(text, text.len().saturating_sub(to));
                if span.start > span.end {
                    continue;
                }
                let mut got = Vec::new();
                each_word_with_case(text, span.clone(), |r, f| got.push((r, f)));
                assert_eq!(
                    got,
                    words(&text[span.clone()]).with_case().collect::<Vec<_>>(),
                    "{text:?} {span:?}"
                );
            }
        };
        // Every character after words and gaps of every length, so that it falls at every
        // place of the 64 bytes and next to the end of a word.
        for c in &chars {
            for before in 0..66 {
                let lead = "Äa bÖ ".repeat(20);
                let lead = &lead[..floor_char_boundary(&lead, before)];
                let text = format!("{lead}{c}ä{c}-x {}", "sanaÄ ".repeat(12));
                check(&text);
            }
        }
        // Words longer than 64 bytes, words that end the text, texts of every length.
        let long = format!("{} {} ÄÄ", "ä".repeat(40), "Ab".repeat(50));
        for cut in 0..=long.len() {
            if let Some(piece) = long.get(cut..) {
                check(piece);
            }
        }
        check("");
        check(
            "Tilauksesi ÄLÄ ääliö O'Brien don’t Élise ×÷ e-mail 3D ŠKODA straße İ NAÏVE: klo 12:00.",
        );
    }

    /// Words long enough to be read a chunk at a time: every character, at every place
    /// relative to the 16-byte chunks, after `a`s or `ä`s (whose C3 may end a chunk).
    #[test]
    fn word_end_reads_chunks_as_its_definition_reads_characters() {
        let chars = (0u32..0x300)
            .chain([0x2019, 0x2013, 0x201C, 0x00AD, 0x1F600, 0x4E2D])
            .filter_map(char::from_u32);
        for c in chars {
            for before in 0..40 {
                for letter in ["a", "ä", "Ö1", "A", "é"] {
                    let text = format!("{}{c}{} tail", letter.repeat(before), "bö".repeat(12));
                    // From a word character, as the function asks.
                    for start in [0, letter.len()]
                        .into_iter()
                        .filter(|&s| char_at(&text, s).is_some_and(is_word_char))
                    {
                        let end = word_end_by_chars(&text, start);
                        assert_eq!(
                            word_end_and_case::<true>(&text, start),
                            (end, is_folded(&text[start..end])),
                            "{text:?} from {start} ({:04X})",
                            c as u32
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn is_word_start_reads_bytes_as_its_definition_reads_characters() {
        let by_chars = |text: &str, pos: usize| match char_before(text, pos) {
            None => true,
            Some(c) if is_word_char(c) => false,
            Some(c) if is_joiner(c) => {
                !char_before(text, pos - c.len_utf8()).is_some_and(is_word_char)
            }
            Some(_) => true,
        };
        let chars = (0u32..0x300)
            .chain([0x2019, 0x2013, 0x201C, 0x00AD, 0x1F600, 0x4E2D])
            .filter_map(char::from_u32);
        for c in chars {
            for text in [
                format!("a{c}b"),
                format!("{c}ä"),
                format!("x{c}{c}ö y"),
                format!("-{c}:a"),
            ] {
                for pos in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    assert_eq!(
                        is_word_start(&text, pos),
                        by_chars(&text, pos),
                        "{text:?} at {pos} ({:04X})",
                        c as u32
                    );
                }
            }
        }
    }

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
    fn counting_words_agrees_with_splitting_them() {
        for t in [
            "",
            "Don't send the asiakaspalvelu-osoite to EU:n office - ok?",
            "Hyvää päivää 😀 Äiti!",
            "a--b 'c' d:",
        ] {
            assert_eq!(count_words(t, usize::MAX), words(t).count(), "{t}");
        }
        assert_eq!(count_words("one two three four", 2), 2);
        for t in [
            "Don't send the a-b to EU:n - ok?",
            "x'-y a:'b :c - 'd",
            "a--b",
            "Ääk×öö ÷ é’s",
            "ä-ö’",
        ] {
            assert_eq!(count_words(t, usize::MAX), words(t).count(), "{t}");
        }
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
        let s: Vec<&str> = sentences(t).iter().map(|s| &t[s.range()]).collect();
        assert_eq!(
            s,
            [
                "Hei Matti,",
                "Kiitos viestistä!",
                "Esim. tämä on jo korjattu.",
                "Soita klo 9 ma. Onko ok?"
            ]
        );
        let t = "Mr. Smith paid. Thanks!!! OK";
        let s = sentences(t);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].word_count(t), 3);
        assert!(s[0].has_more_words_than(t, 2) && !s[0].has_more_words_than(t, 3));
        assert_eq!(
            sentences("Hei…\nMoi"),
            [Sentence::new(0, 6), Sentence::new(7, 10)]
        );
    }

    #[test]
    fn empty_and_blank_texts_have_no_sentences() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\n\t").is_empty());
    }

    /// [`is_abbreviation`] as its definition reads: one letter, or one of the list.
    fn is_abbreviation_by_list(word: &str) -> bool {
        word.chars().count() == 1 && word.chars().all(char::is_alphabetic)
            || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
    }

    #[test]
    fn an_abbreviation_is_one_of_the_list_in_any_case() {
        let mut words: Vec<String> = vec![String::new(), "ä".into(), "Ä".into(), "1".into()];
        for a in ABBREVIATIONS {
            for w in [a.to_string(), a.to_uppercase(), crate::fix::capitalize(a)] {
                words.push(format!("{w}x"));
                words.push(format!("x{w}"));
                words.push(format!("{w}ä"));
                words.push(w[..w.len() - 1].to_string());
                words.push(w.replace('.', "\u{a0}"));
                words.push(w);
            }
        }
        for w in &words {
            assert_eq!(
                is_abbreviation(w),
                is_abbreviation_by_list(w) && w.len() <= 6,
                "{w:?}"
            );
        }
        assert!(is_abbreviation("Esim") && is_abbreviation("E.G") && !is_abbreviation("esimx"));
    }

    /// [`sentences`] as it was before it took its candidates a block at a time: a table look-up
    /// per byte, restarted after every candidate, with the abbreviation list searched for every
    /// word before a full stop and the pieces trimmed a character at a time.
    fn sentences_one_byte_at_a_time(text: &str) -> Vec<Sentence> {
        const MAY_END_TABLE: [bool; 256] = {
            let mut t = [false; 256];
            t[b'\n' as usize] = true;
            t[b'.' as usize] = true;
            t[b'!' as usize] = true;
            t[b'?' as usize] = true;
            t[0xE2] = true;
            t
        };
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut push = |from: usize, to: usize| {
            let piece = &text[from..to];
            let trimmed = piece.trim_start_matches(is_blank_char);
            let start = from + (piece.len() - trimmed.len());
            let end = start + trimmed.trim_end_matches(is_blank_char).len();
            if end > start {
                out.push(Sentence::new(start, end));
            }
        };
        let mut from = 0;
        let mut pos = 0;
        while let Some(off) = bytes[pos..].iter().position(|&b| MAY_END_TABLE[b as usize]) {
            pos += off;
            if bytes[pos] == b'\n' {
                push(from, pos);
                pos += 1;
                from = pos;
                continue;
            }
            let c = char_at(text, pos).unwrap_or(' ');
            if !is_terminator(c) {
                pos += c.len_utf8();
                continue;
            }
            let mut end = pos + c.len_utf8();
            while let Some(n) = char_at(text, end) {
                if is_terminator(n) || matches!(n, '"' | '”' | '’' | ')' | '»') {
                    end += n.len_utf8();
                } else {
                    break;
                }
            }
            let mut ends = char_at(text, end).is_none_or(char::is_whitespace);
            if ends && c == '.' && end == pos + 1 {
                let after = text[end..].trim_start_matches([' ', '\t']);
                let opens = after.chars().next().is_none_or(|n| !n.is_lowercase());
                let abbreviation = prev_word(text, pos).is_some_and(|w| {
                    char_at(text, w.start).is_some_and(is_word_char)
                        && is_abbreviation_by_list(&text[w])
                });
                ends = opens && !abbreviation;
            }
            if ends {
                push(from, end);
                from = end;
            }
            pos = end;
        }
        push(from, text.len());
        out
    }

    /// Pieces of text around the places where a sentence may or may not end.
    const PIECES: &[&str] = &[
        "a",
        "Ab",
        "word",
        "sanaaaa",
        "ä",
        "Äiti",
        "hyvää",
        "ÄÄÄÄ",
        "é",
        "×",
        "÷",
        "😀",
        "…",
        "’",
        "“",
        "”",
        "—",
        "\n",
        "\r\n",
        "\n\n",
        ". ",
        ".a",
        ".",
        "!?",
        "?!?!",
        "!",
        "?",
        "...",
        "esim.",
        "Esim. ",
        "e.g.",
        "i.e. ",
        "Mr. ",
        "klo 9. ",
        "x.",
        "Ä. ",
        "approx. ",
        "Approxi. ",
        "sanoja. ",
        "kpl.",
        "\"",
        ")",
        "»",
        "”.",
        ".”",
        "!)",
        " ",
        "\t",
        "  ",
        "\u{a0}",
        "\u{200B}",
        "\u{FEFF}",
        "\u{2003}",
        "b. c",
        "7. ",
        "don’t. ",
        "EU:n. ",
    ];

    /// Every piece at every offset from 0 to past two 64-byte blocks, after ASCII or after
    /// two-byte letters (so that a candidate falls on every byte of a block), and a few
    /// thousand random mixes of pieces.
    fn block_edge_texts() -> Vec<String> {
        let mut texts = vec![String::new()];
        let follows = [
            "",
            " Next one.",
            " next one",
            "\n",
            " ä…",
            "…x",
            " \t",
            ".”  ",
        ];
        for pad in 0..140 {
            for p in PIECES {
                for (k, f) in follows.iter().enumerate() {
                    let filler = if k % 2 == 0 { "a" } else { "ä" };
                    let lead = filler.repeat(pad / filler.len());
                    texts.push(format!("{lead}{p}{f}"));
                    texts.push(format!("{lead}{p}{p}{p}{f}{lead}{p}"));
                }
            }
            // Runs that cross a block edge and make the scan jump over it.
            for run in ["!", "?", ".", "…", "’", "”", "\n"] {
                texts.push(format!("{}{} X", "b".repeat(pad), run.repeat(pad % 70 + 1)));
            }
        }
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..5000 {
            let n = next() % 60;
            let text: String = (0..n)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            texts.push(text);
        }
        texts
    }

    #[test]
    fn sentences_agree_with_the_byte_at_a_time_scan() {
        let texts = block_edge_texts();
        assert!(texts.iter().any(|t| t.len() > 2 * BLOCK));
        for text in &texts {
            assert_eq!(
                sentences(text),
                sentences_one_byte_at_a_time(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn may_end_masks_mark_the_bytes_that_may_end_a_sentence() {
        // Every byte value at every place in a block, among bytes that may end a sentence and
        // among bytes that may not.
        for background in [b'a', b'.', 0xE2] {
            for i in 0..BLOCK {
                for b in 0..=u8::MAX {
                    let mut block = [background; BLOCK];
                    block[i] = b;
                    let expected = block
                        .iter()
                        .enumerate()
                        .fold(0, |mask, (k, b)| mask | u64::from(MAY_END.contains(b)) << k);
                    assert_eq!(may_end_mask(&block, 0), expected, "{b} at {i}");
                }
            }
        }
    }
}
