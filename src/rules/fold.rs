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
            // U+00DF..=U+00FF and `×`: what `fold_into` keeps as it is.
            i += 2;
        } else {
            return false;
        }
    }
    true
}

/// Appends the fold of `token` (see [`fold`]) to `out`, for callers that fold many words into
/// one buffer.
pub fn fold_into(out: &mut String, token: &str) {
    if is_folded(token) {
        out.push_str(token);
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
