//! Regex rules: compiled as the engine runs them, and searched only where a match can start.
//!
//! Most rule regexes start with a word or a few (`\btulee\s+olemaan\b`,
//! `\b(?:pahoittel|valitettav)…`). The literals every match starts with are worked out when the
//! rules are compiled and searched for in the engine's one pass of the anchor automaton, with
//! the phrases' anchors; each regex then runs anchored at its own candidates only, instead of
//! scanning the whole draft once per regex (a case-insensitive regex with a Unicode `\b` runs
//! a slow engine on Finnish text). A regex with no such literals (`(?:^|\s)[:;]-?[)(DP]`)
//! scans the draft as before.

use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

/// Compiles a rule's regex the way the engine runs it: case-insensitive, Unicode, leftmost
/// first, with the `regex` crate's default limits. No bounded backtracker: it clears a set in
/// proportion to the text it is given, and a search from a candidate is given the rest of the
/// draft. The error says what went wrong.
pub(crate) fn compile(source: &str) -> Result<Regex, String> {
    Regex::builder()
        .configure(
            Regex::config()
                .nfa_size_limit(Some(10 * (1 << 20)))
                .hybrid_cache_capacity(2 * (1 << 20))
                .backtrack(false),
        )
        .syntax(syntax::Config::new().case_insensitive(true))
        .build(source)
        .map_err(|e| e.to_string())
}

/// The most bytes a match of `source` (compiled by [`compile`]) spans, if it is bounded: an
/// anchored search from a candidate need not look further, and a search costs in proportion
/// to the bytes it may look at.
pub(crate) fn longest_match(source: &str) -> Option<usize> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(source)
        .ok()?;
    hir.properties().maximum_len()
}

/// The most spellings one literal of a regex is searched in (its letters' case variants
/// outside ASCII), and the most literals per regex: past them the regex scans the draft.
const MAX_SPELLINGS: usize = 16;
const MAX_LITERALS: usize = 64;

/// The literals one of which every match of `source` (compiled by [`compile`]) starts with,
/// spelled for a search that ignores ASCII case: lower case, and with each letter outside ASCII
/// in each of its cases (`ikävä`, `ikÄvä`, …; also the Kelvin sign, which matches `k`). `None`
/// when a match may start with anything (`\w+`, `(?:^|\s)`), or the literals are too many.
pub(crate) fn start_literals(source: &str) -> Option<Vec<String>> {
    // Extracted case-sensitively (full length: `(?i)` would multiply a word into hundreds of
    // spellings and the extractor would cut them short), then spelled in every case below. A
    // case-insensitive match is, character by character, a case variant of a case-sensitive
    // one: the same literals in their variants cover it.
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(source)
        .ok()?;
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let mut out: Vec<String> = Vec::new();
    for literal in seq.literals()? {
        // A literal cut short may end inside a character: its whole characters still start
        // every match that it does.
        let bytes = literal.as_bytes();
        let whole = match std::str::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).expect("valid up to here"),
        };
        if whole.is_empty() {
            return None;
        }
        for spelling in spellings(whole)? {
            if !out.contains(&spelling) {
                out.push(spelling);
            }
        }
        if out.len() > MAX_LITERALS {
            return None;
        }
    }
    // An empty sequence: the regex matches nothing (`[^\s\S]`); no place needs a look.
    Some(out)
}

/// `literal` in every spelling a case-insensitive regex matches, up to ASCII case (the search
/// ignores it): each character in its simple case folds outside ASCII, an ASCII letter once,
/// lower-cased. `None` past [`MAX_SPELLINGS`].
fn spellings(literal: &str) -> Option<Vec<String>> {
    let mut out = vec![String::new()];
    for c in literal.chars() {
        let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
        class.case_fold_simple();
        // (The search ignores ASCII case: `K` and `k` are one form, the Kelvin sign another.)
        let mut forms: Vec<char> = Vec::new();
        for f in class.iter().flat_map(|r| r.start()..=r.end()) {
            let f = f.to_ascii_lowercase();
            if !forms.contains(&f) {
                forms.push(f);
            }
        }
        if out.len() * forms.len() > MAX_SPELLINGS {
            return None;
        }
        out = out
            .iter()
            .flat_map(|s| forms.iter().map(move |f| format!("{s}{f}")))
            .collect();
    }
    Some(out)
}

/// The matches of `regex` in `text`, in order and not overlapping, as its `captures_iter`
/// finds them, given `starts`: in increasing order, every place where a match may start (and
/// maybe others), and `longest`: its [`longest_match`]. `found` is told each match's groups;
/// it returns false to stop.
pub(crate) fn each_match_from(
    regex: &Regex,
    longest: Option<usize>,
    text: &str,
    starts: impl IntoIterator<Item = usize>,
    mut found: impl FnMut(&Captures) -> bool,
) {
    let mut caps = regex.create_captures();
    // Where the last match ended: a match found from the left never starts inside another.
    let mut resume = 0;
    for start in starts {
        if start < resume {
            continue;
        }
        // Look-around (`\b`) still sees the text past the end of the range.
        let end = longest.map_or(text.len(), |n| text.len().min(start + n));
        regex.search_captures(
            &Input::new(text).range(start..end).anchored(Anchored::Yes),
            &mut caps,
        );
        let Some(m) = caps.get_match() else {
            continue;
        };
        // Every match starts with a literal, so none is empty and the next starts after it.
        debug_assert!(!m.is_empty());
        resume = m.end().max(start + 1);
        if !found(&caps) {
            return;
        }
    }
}

/// `text` with every other character in capitals and the rest in lower case: how the tests
/// check that case-insensitive searches find every spelling.
#[cfg(test)]
pub(crate) fn alternating_case(text: &str) -> String {
    (text.chars().enumerate())
        .flat_map(|(i, c)| {
            if i % 2 == 0 {
                c.to_uppercase().collect::<Vec<_>>()
            } else {
                c.to_lowercase().collect()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spans of every group of every match, as `captures_iter` finds them.
    fn scanned(regex: &Regex, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        regex
            .captures_iter(text)
            .map(|c| groups(&c))
            .collect::<Vec<_>>()
    }

    fn groups(c: &Captures) -> Vec<Option<(usize, usize)>> {
        (0..c.group_len())
            .map(|g| c.get_group(g).map(|s| (s.start, s.end)))
            .collect()
    }

    /// Every place where one of `literals` stands, ASCII case ignored, found without an
    /// automaton.
    fn places(text: &str, literals: &[String]) -> Vec<usize> {
        (0..text.len())
            .filter(|&i| text.is_char_boundary(i))
            .filter(|&i| {
                literals.iter().any(|l| {
                    text.as_bytes()
                        .get(i..i + l.len())
                        .is_some_and(|b| b.eq_ignore_ascii_case(l.as_bytes()))
                })
            })
            .collect()
    }

    #[test]
    fn a_regex_starts_with_its_words_in_every_case() {
        let literals = |source: &str| {
            let mut l = start_literals(source);
            if let Some(l) = &mut l {
                l.sort();
            }
            l
        };
        assert_eq!(literals(r"\btulee\s+olemaan\b"), Some(vec!["tulee".into()]));
        assert_eq!(
            literals(r"\b(?:Attach|find)\s+herewith"),
            Some(vec!["attach".into(), "find".into()])
        );
        assert_eq!(
            literals(r"\btulemme\s+\w+m[aä][aä]n\b"),
            Some(vec!["tulemme".into()])
        );
        // `ä` in both cases; `k` also as the Kelvin sign, which `(?i)k` matches.
        let ikava = literals("ikävä").expect("literals");
        assert_eq!(ikava.len(), 8, "{ikava:?}");
        for s in ["ikävä", "ikÄvÄ", "i\u{212a}ävä"] {
            assert!(ikava.contains(&s.to_string()), "{s} missing from {ikava:?}");
        }
        // `ſ` (long s) is a case of `s`.
        assert!(
            literals("super")
                .expect("literals")
                .contains(&"ſuper".to_string())
        );
        // A match that may start with anything: the regex scans the draft.
        assert_eq!(literals(r"\w+ herewith"), None);
        assert_eq!(literals(r"(?:^|\s)[:;]-?[)(DP]"), None);
        assert_eq!(literals("x?"), None);
        // Too many spellings of one literal.
        assert_eq!(literals("ääääää"), None);
    }

    #[test]
    fn matches_from_the_literals_are_the_matches_of_a_scan() {
        // Every shipped regex, over every rule's examples joined, in capitals, in alternating
        // case and with the Kelvin sign and long s for `k` and `s`: run at the places where
        // its literals stand, it finds what scanning the whole text finds, group by group.
        let voice = crate::Voice::bundled();
        let rules = voice.engine().rules();
        let mut text: String = (rules.iter())
            .flat_map(|r| r.bad.iter().chain(&r.good))
            .map(|e| format!("{}\n", e.text))
            .collect();
        let alternating = alternating_case(&text);
        let odd = text.replace('k', "\u{212a}").replace('s', "ſ");
        text = format!("{text} {} {alternating} {odd}", text.to_uppercase());
        let (mut tried, mut matched) = (0, 0);
        for source in rules.iter().flat_map(|r| match &r.check {
            crate::rules::Check::Phrase { regexes, .. } => regexes.as_slice(),
            _ => &[],
        }) {
            let regex = compile(source).expect("shipped regexes compile");
            let Some(literals) = start_literals(source) else {
                continue;
            };
            let mut found = Vec::new();
            let longest = longest_match(source);
            each_match_from(&regex, longest, &text, places(&text, &literals), |c| {
                found.push(groups(c));
                true
            });
            let expected = scanned(&regex, &text);
            assert_eq!(found, expected, "{source}");
            tried += 1;
            matched += expected.len();
        }
        assert!(
            tried >= 10,
            "only {tried} shipped regexes start with literals"
        );
        assert!(matched >= 100, "only {matched} matches in the examples");
    }

    #[test]
    fn the_longest_match_counts_bytes_in_every_case() {
        assert_eq!(longest_match(r"\bhei\b"), Some(3));
        // `k` matches the Kelvin sign, three bytes.
        assert_eq!(longest_match(r"ok"), Some(4));
        assert_eq!(longest_match(r"(?:ä|aa)"), Some(2));
        assert_eq!(longest_match(r"hei\s+\w+"), None);
    }

    #[test]
    fn a_search_stops_when_told() {
        let regex = compile(r"\bhei\b").expect("compiles");
        let text = "hei hei hei";
        let mut n = 0;
        each_match_from(&regex, longest_match(r"\bhei\b"), text, [0, 4, 8], |_| {
            n += 1;
            n < 2
        });
        assert_eq!(n, 2);
    }
}
