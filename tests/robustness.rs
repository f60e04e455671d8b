//! Random drafts built from the characters that break text tools — umlauts composed and
//! decomposed, emoji, joiners, line endings, capitals, punctuation runs — through every shipped
//! pack in both languages and every document kind: no panic, offsets on character boundaries,
//! findings in order, fixes that apply.

use savy::Voice;
use savy::text::{DocKind, Lang};

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "kuten",
    "totesimme",
    "Kuten jo totesimme",
    "ei",
    "ole",
    "mahdollista",
    "mikäli",
    "MIKÄLI",
    "asiakkaan",
    "tulee",
    "hei",
    "Hei",
    "terveisin",
    "tilaus",
    "ostos",
    "please",
    "be",
    "advised",
    "As per my last email",
    "the customer",
    "HUOM",
    "URGENT",
    "you",
    "should",
    "have",
    "Hi",
    "regards",
    "e-mail",
    "email",
    "a",
    "ä",
    "Ä",
    "a\u{308}",
    "o\u{308}",
    "å",
    "é",
    "ß",
    "😀",
    "👍🏽",
    "’",
    "'",
    "-",
    "—",
    "–",
    ":",
    ";",
    ",",
    ".",
    "...",
    "…",
    "!",
    "!!!",
    "?",
    "?!",
    "\"",
    "“",
    "”",
    "«",
    "»",
    "(",
    ")",
    "*",
    "#",
    "$1",
    "0",
    "14",
    "€",
    "\u{200D}",
    "\u{FEFF}",
    "\u{00AD}",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\n\n",
    "EU:n",
    "don't",
    "ÄLÄ",
    "Ω",
    "ж",
];

fn draft(rng: &mut Rng) -> String {
    let n = rng.below(40);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(PIECES[rng.below(PIECES.len())]);
        if rng.below(3) > 0 {
            s.push(' ');
        }
    }
    s
}

#[test]
fn random_drafts_never_break_the_engine() {
    let voice = Voice::bundled();
    let mut rng = Rng(0x5eed_cafe_f00d);
    let kinds = [
        None,
        Some(DocKind::Reply),
        Some(DocKind::Email),
        Some(DocKind::Invoice),
        Some(DocKind::Reminder),
    ];
    for case in 0..3000 {
        let text = draft(&mut rng);
        let lang = if case % 2 == 0 { Lang::Fi } else { Lang::En };
        let kind = kinds[case % kinds.len()];
        let review = voice.check(&text, Some(lang), kind);
        let mut last = (0, 0);
        for f in &review.findings {
            assert!(
                f.start <= f.end && f.end <= text.len(),
                "case {case}: {f:?} in {text:?}"
            );
            assert!(
                text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
                "case {case}: {f:?} in {text:?}"
            );
            assert!(
                (f.start, f.end) >= last,
                "case {case}: findings out of order in {text:?}"
            );
            last = (f.start, f.end);
            for e in &f.suggestions {
                assert!(
                    text.is_char_boundary(e.start) && text.is_char_boundary(e.end),
                    "case {case}: {e:?} in {text:?}"
                );
            }
        }
        let fixed = review.fixed(&text);
        // Checking the fixed draft must work too (fixes can create new text).
        let _ = voice.check(&fixed, Some(lang), kind);
    }
}

#[test]
fn empty_and_blank_drafts_have_no_findings_and_no_panic() {
    let voice = Voice::bundled();
    for text in ["", " ", "\n\n", "\r\n", "\u{FEFF}", "\t \t"] {
        for lang in Lang::ALL {
            for kind in [None, Some(DocKind::Reply), Some(DocKind::Reminder)] {
                let r = voice.check(text, Some(lang), kind);
                assert!(
                    r.findings.is_empty(),
                    "{text:?} {lang} {kind:?}: {:?}",
                    r.findings
                );
            }
        }
    }
}
