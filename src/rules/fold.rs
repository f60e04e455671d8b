//! Case folding of words for comparison, shared by the rules, the register lexicon and the
//! build script (which compiles the Finnish lexicon): it depends on nothing but `std`.

use std::borrow::Cow;

/// Case-folds a token for comparison: lower case, typographic apostrophe as `'`.
pub fn fold(token: &str) -> Cow<'_, str> {
    if is_folded(token) {
        return Cow::Borrowed(token);
    }
    let mut out = String::with_capacity(token.len());
    fold_into(&mut out, token);
    Cow::Owned(out)
}

/// Whether `token` is its own fold: lower-case ASCII and small Latin-1 letters (`ä`, `ö`,
/// `å`, `é`), which most Finnish words are made of, so that they are looked up as they stand.
pub fn is_folded(token: &str) -> bool {
    none_of_the_bytes(token, |x| any_unfolded(x, true))
}

/// Whether `token` folds by lowering its ASCII letters alone: it is [`is_folded`] but for
/// ASCII capitals, as most words written with a capital are (`Voit`, `Tilauksesi`, `OK`).
fn folds_as_ascii(token: &str) -> bool {
    none_of_the_bytes(token, |x| any_unfolded(x, false))
}

/// Whether `unfolded` holds of none of the bytes of `token`, asked of eight bytes at a time
/// (the last eight, or two overlapping fours, again where the chunks do not divide the word):
/// a byte-by-byte loop branches on every `ä`.
#[inline(always)]
fn none_of_the_bytes(token: &str, unfolded: impl Fn(u64) -> bool) -> bool {
    let b = token.as_bytes();
    let n = b.len();
    let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    let u32_at = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes")));
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if unfolded(u64_at(i)) {
                return false;
            }
            i += 8;
        }
        !unfolded(u64_at(n - 8))
    } else if n >= 4 {
        !unfolded(u32_at(0) | (u32_at(n - 4) << 32))
    } else {
        // Zero bytes stand for no character and are folded.
        let [first, mid, last] = [0, n / 2, n.wrapping_sub(1)].map(|i| b.get(i).copied());
        let byte = |c: Option<u8>| u64::from(c.unwrap_or(0));
        !unfolded(byte(first) | (byte(mid) << 8) | (byte(last) << 16))
    }
}

/// Whether any of the eight bytes of `x` keeps a token from being its own fold: an ASCII
/// capital (if `ascii_capitals`); a lead byte other than C3 (U+00C0..=U+00FF); a second byte
/// of a C3 capital (80..=9E but not 97, `×`). In valid UTF-8 every byte after a C3 is its
/// second byte, so the bytes can be judged each on its own.
#[inline(always)]
fn any_unfolded(x: u64, ascii_capitals: bool) -> bool {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let (low, high) = (x & LOW, x & HIGH);
    // Per byte, the top bit set where the low seven bits are at least `k` (at most 7F + 7F:
    // no carry reaches the next byte).
    let at_least = |k: u64| (low + (0x80 - k) * ONES) & HIGH;
    let equal = |k: u64| at_least(k) & !at_least(k + 1);
    let capital = if ascii_capitals {
        !high & at_least(b'A'.into()) & !at_least(u64::from(b'Z') + 1)
    } else {
        0
    };
    let other_lead = high & at_least(0x40) & !equal(0x43);
    let capital_second = high & !at_least(0x1F) & !equal(0x17);
    capital | other_lead | capital_second != 0
}

/// Appends the fold of `token` (see [`fold`]) to `out`, for callers that fold many words into
/// one buffer.
pub fn fold_into(out: &mut String, token: &str) {
    // Most tokens are ASCII and small Latin-1 letters, some with ASCII capitals (`Voit`,
    // `OK`, `ääni`): copied whole, and the ASCII lowered in place.
    if folds_as_ascii(token) {
        let at = out.len();
        out.push_str(token);
        out[at..].make_ascii_lowercase();
        return;
    }
    // Finnish and English text is ASCII and Latin-1 letters (Ä, Ö, Å, É) almost throughout:
    // those are lowered by their bytes, anything else through `char::to_lowercase`.
    let bytes = token.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            out.push(b.to_ascii_lowercase() as char);
            i += 1;
        } else if b == 0xC3 && i + 1 < bytes.len() {
            // U+00C0..=U+00DE except × (U+00D7) are capitals whose small letter is 0x20 on.
            let c = bytes[i + 1];
            let lower = if (0x80..=0x9E).contains(&c) && c != 0x97 {
                c + 0x20
            } else {
                c
            };
            out.push(char::from_u32(0xC0 + u32::from(lower) - 0x80).unwrap_or('\u{FFFD}'));
            i += 2;
        } else {
            let c = token[i..].chars().next().expect("i is on a char boundary");
            if c == '’' {
                out.push('\'');
            } else {
                out.extend(c.to_lowercase());
            }
            i += c.len_utf8();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_unicode_case_and_apostrophes() {
        assert_eq!(fold("ÄLÄ"), "älä");
        assert_eq!(fold("Don’t"), "don't");
        assert!(matches!(fold("plain"), Cow::Borrowed(_)));
        assert!(matches!(fold("äänestä"), Cow::Borrowed(_)));
        // The Latin-1 byte path agrees with Unicode lower-casing on every Latin-1 letter and
        // leaves other scripts to it.
        let latin1: String = (0xC0u32..=0xFF).filter_map(char::from_u32).collect();
        for text in [
            latin1.as_str(),
            "ÅSA × ÉTÉ ß",
            "ΣΟΦΙΑ Ωμέγα",
            "İstanbul",
            "ǅemal 😀 Ａ",
        ] {
            let expected: String = text
                .chars()
                .flat_map(char::to_lowercase)
                .map(|c| if c == '’' { '\'' } else { c })
                .collect();
            assert_eq!(fold(text), expected, "{text}");
        }
    }

    /// The definition `is_folded` computes eight bytes at a time.
    fn is_folded_bytewise(token: &str) -> bool {
        let bytes = token.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_uppercase() {
                    return false;
                }
                i += 1;
            } else if b == 0xC3 && bytes.get(i + 1).is_some_and(|&c| c >= 0x9F || c == 0x97) {
                i += 2;
            } else {
                return false;
            }
        }
        true
    }

    #[test]
    fn is_folded_agrees_with_its_bytewise_definition() {
        // Every character up to U+07FF and some beyond, alone and at each place of words of
        // every length up to 20 bytes.
        let chars = (0u32..0x800)
            .chain([0x2019, 0x20AC, 0x1F600, 0x01C5, 0xFF21])
            .filter_map(char::from_u32);
        for c in chars {
            for len in 0..20 {
                for at in 0..=len {
                    let token: String = "abcdefghijklmnopqrst"[..len]
                        .chars()
                        .enumerate()
                        .flat_map(|(i, l)| (i == at).then_some(c).into_iter().chain([l]))
                        .chain((at == len).then_some(c))
                        .collect();
                    assert_eq!(is_folded(&token), is_folded_bytewise(&token), "{token:?}");
                    let ascii_lowered = token.to_ascii_lowercase();
                    assert_eq!(
                        folds_as_ascii(&token),
                        is_folded_bytewise(&ascii_lowered),
                        "{token:?}"
                    );
                }
            }
        }
        for t in [
            "",
            "ä",
            "Ä",
            "Voit",
            "VÄLITTÖMÄSTI",
            "sä",
            "SÄ",
            "äÄ",
            "ääääÄ",
            "ääääää",
            "tilauksesikinkö",
            "EU:n",
        ] {
            assert_eq!(is_folded(t), is_folded_bytewise(t), "{t:?}");
            let ascii_lowered = t.to_ascii_lowercase();
            assert_eq!(
                folds_as_ascii(t),
                is_folded_bytewise(&ascii_lowered),
                "{t:?}"
            );
        }
    }

    #[test]
    fn a_folded_token_is_its_own_fold() {
        // Every Latin-1 character alone and between letters, capitals, apostrophes, joiners.
        let mut tokens: Vec<String> = (0x20u32..=0x2FF)
            .filter_map(char::from_u32)
            .flat_map(|c| [c.to_string(), format!("a{c}b")])
            .collect();
        tokens.extend(
            [
                "Tilauksesi",
                "tilauksesi",
                "TEILLE",
                "teille",
                "Äänestä",
                "äänestä",
                "sä",
                "SÄ",
                "EU:n",
                "eu:n",
                "don't",
                "don’t",
                "ß",
                "straße",
                "×÷",
                "ǅemal",
                "İstanbul",
                "",
            ]
            .map(String::from),
        );
        for t in &tokens {
            let mut folded = String::new();
            fold_into(&mut folded, t);
            let lowered: String = (t.chars())
                .flat_map(char::to_lowercase)
                .map(|c| if c == '’' { '\'' } else { c })
                .collect();
            assert_eq!(folded, lowered, "{t:?}");
            if is_folded(t) {
                assert_eq!(&folded, t, "{t:?} is said to be its own fold");
            }
        }
        for t in [
            "tilauksesi",
            "teille",
            "äänestä",
            "sä",
            "eu:n",
            "don't",
            "ß",
            "×",
            "÷",
            "å",
        ] {
            assert!(is_folded(t), "{t}");
        }
        for t in [
            "Tilauksesi",
            "TEILLE",
            "Äänestä",
            "SÄ",
            "EU:n",
            "don’t",
            "Å",
            "İ",
        ] {
            assert!(!is_folded(t), "{t}");
        }
    }
}
