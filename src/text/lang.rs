//! Telling Finnish from English by the words a draft uses.

use super::scan::words;

/// Short words that are frequent in one language and rare in the other.
const FINNISH: &[&str] = &[
    "ja",
    "on",
    "ei",
    "että",
    "se",
    "ole",
    "olla",
    "kun",
    "mutta",
    "voit",
    "voitte",
    "sinun",
    "teidän",
    "kiitos",
    "hei",
    "tai",
    "myös",
    "jos",
    "nyt",
    "vielä",
    "jo",
    "me",
    "olemme",
    "meidän",
    "tämä",
    "tämän",
    "siitä",
    "sen",
    "niin",
    "kuin",
    "ovat",
    "oli",
    "ystävällisin",
    "terveisin",
    "valitettavasti",
    "asiakaspalvelu",
    "tilaus",
    "tilauksesi",
    "lasku",
    "emme",
    "mikäli",
    "jotta",
];
const ENGLISH: &[&str] = &[
    "the", "and", "to", "of", "you", "is", "for", "in", "we", "your", "it", "that", "this", "be",
    "are", "with", "please", "thanks", "thank", "hi", "dear", "regards", "can", "not", "have",
    "will", "our", "on", "as", "if", "an", "at", "would", "could", "sorry",
];

/// The language of `text`, judged from its first 4 KB; `None` when there is no evidence.
pub fn detect_language(text: &str) -> Option<super::Lang> {
    let sample = &text[..super::floor_char_boundary(text, 4096)];
    let (mut fi, mut en) = (0u32, 0u32);
    let mut buf = String::new();
    for range in words(sample) {
        let w = &sample[range];
        if w.len() > 14 {
            continue;
        }
        buf.clear();
        buf.extend(w.chars().flat_map(char::to_lowercase));
        if FINNISH.contains(&buf.as_str()) {
            fi += 2;
        } else if ENGLISH.contains(&buf.as_str()) {
            en += 2;
        }
        // ä and ö are rare in English; a word with them is weak evidence for Finnish.
        if buf.contains(['ä', 'ö']) {
            fi += 1;
        }
    }
    match fi.cmp(&en) {
        std::cmp::Ordering::Greater => Some(super::Lang::Fi),
        std::cmp::Ordering::Less => Some(super::Lang::En),
        std::cmp::Ordering::Equal => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    #[test]
    fn detects_finnish_and_english() {
        assert_eq!(
            detect_language("Hei! Kiitos viestistäsi, tilauksesi on matkalla."),
            Some(Lang::Fi)
        );
        assert_eq!(
            detect_language("Hi Anna, thanks for your message. Your order is on its way."),
            Some(Lang::En)
        );
        assert_eq!(
            detect_language("Päivää, lähetämme hyvityksen."),
            Some(Lang::Fi)
        );
    }

    #[test]
    fn no_evidence_gives_none() {
        assert_eq!(detect_language(""), None);
        assert_eq!(detect_language("12345 !!!"), None);
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        let text = "ä".repeat(5000);
        assert_eq!(detect_language(&text), None);
    }
}
