//! Warmth: a score from 0 to 100 with a reason for every point, the draft's strengths, and the
//! changes that would raise it most.
//!
//! The signals are rules (`warmth = …` in the packs): warm ones (thanks, acknowledging the
//! customer, an apology that owns the problem, an offer, a next step) add their weight, cold
//! ones (blame, bureaucratese, threats, hollow cheer) take it away, each weighed for the
//! document kind. A draft starts at [`BASE`], neither warm nor cold; each signal rule counts
//! once, at its first match, so the score moves by what a draft does, not by how often it
//! repeats it. The rules are matched in the engine's one pass over the text; this module only
//! adds them up.
//!
//! With the customer's message (`--context`), its `context` rules weigh on the reply: an upset
//! customer whose feelings the reply does not acknowledge, and questions the reply seems to
//! leave unanswered (no content word of the question appears in the reply — a conservative
//! test: one shared word counts as an answer).

use crate::review::Edit;
use crate::rules::{Cue, Rule, fold};
use crate::text::{Document, Lang, words};
use serde::Serialize;
use std::ops::Range;

/// The score of a draft with no signal at all.
pub const BASE: i32 = 50;
/// Scores below this are cold.
pub const COLD_BELOW: u8 = 40;
/// Scores at or above this are warm.
pub const WARM_FROM: u8 = 60;
/// How many changes a review keeps: the ones that would raise the score most.
pub const CHANGES_KEPT: usize = 3;

/// How warm a draft reads, in three steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// Below [`COLD_BELOW`].
    Cold,
    /// Neither cold nor warm.
    Neutral,
    /// At or above [`WARM_FROM`].
    Warm,
}

impl Grade {
    /// The grade of a score.
    pub fn of(score: u8) -> Grade {
        if score < COLD_BELOW {
            Grade::Cold
        } else if score >= WARM_FROM {
            Grade::Warm
        } else {
            Grade::Neutral
        }
    }

    /// The name used in output.
    pub fn name(self) -> &'static str {
        match self {
            Grade::Cold => "cold",
            Grade::Neutral => "neutral",
            Grade::Warm => "warm",
        }
    }
}

/// One thing that moved the score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signal {
    /// The rule that found it.
    pub id: String,
    /// Points added (positive) or taken away.
    pub delta: i32,
    /// Byte offset of the words in the draft as written; for a signal about the whole draft
    /// (the customer's message, a missing element), where it starts.
    pub start: usize,
    /// Byte offset just past them.
    pub end: usize,
    /// Why, in the voice's terms.
    pub reason: String,
}

/// A change that would raise the score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Points it would add.
    pub gain: i32,
    /// The rule behind it.
    pub id: String,
    /// What to do.
    pub advice: String,
    /// Where, in the draft as written (an empty range for something to add).
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// The suggested replacement, when the rule has one.
    pub replacement: Option<String>,
}

/// A draft's warmth: the score, every signal that makes it, what the draft does well, and what
/// would raise it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warmth {
    /// 0 (cold) to 100 (warm): [`BASE`] plus every signal's delta, within 0..=100.
    pub score: u8,
    /// The score in three steps.
    pub grade: Grade,
    /// Every signal, in order of position.
    pub signals: Vec<Signal>,
    /// What the draft does well: the reasons of its warm signals.
    pub strengths: Vec<String>,
    /// The changes that would raise the score most (at most [`CHANGES_KEPT`]), the largest
    /// gain first.
    pub changes: Vec<Change>,
}

impl Default for Warmth {
    /// A draft with no signal: [`BASE`], neutral.
    fn default() -> Self {
        let score = BASE as u8;
        Warmth {
            score,
            grade: Grade::of(score),
            signals: Vec::new(),
            strengths: Vec::new(),
            changes: Vec::new(),
        }
    }
}

/// What the context rules found in the customer's message.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    /// (index of the rule, the words or sentence it fired on).
    pub cues: Vec<(usize, String)>,
}

/// What the score is made from.
pub(crate) struct Input<'a> {
    pub rules: &'a [Rule],
    pub doc: &'a Document<'a>,
    /// Every match of the draft's rules: (rule index, range in the normalized text, its first
    /// suggested edit, also in the normalized text).
    pub found: &'a [(usize, Range<usize>, Option<&'a Edit>)],
    pub context: Option<&'a Context>,
}

/// A change before it is worded: most candidates never make the few kept, so they are only
/// written out once chosen.
enum Candidate<'r> {
    /// Undo a cold signal: (rule, where, its suggested edit).
    Cold(usize, Range<usize>, Option<&'r Edit>),
    /// Add a warm signal the draft lacks.
    Missing(usize),
    /// Answer the customer's message: (rule, the reason with their words).
    Cue(usize, String),
}

/// Adds up the signals of a draft.
pub(crate) fn assess(input: &Input<'_>) -> Warmth {
    let Input {
        rules, doc, found, ..
    } = *input;
    let kind = doc.kind;
    let mut order: Vec<&(usize, Range<usize>, Option<&Edit>)> = found.iter().collect();
    order.sort_by_key(|(rule, range, _)| (range.start, *rule));
    let mut counted = vec![false; rules.len()];
    let mut signals = Vec::new();
    let mut changes = Vec::new();
    for (ri, range, edit) in order {
        let rule = &rules[*ri];
        let delta = rule.warmth_for(kind);
        if delta == 0 || std::mem::replace(&mut counted[*ri], true) {
            continue;
        }
        let at = doc.original_range(range.clone());
        if delta < 0 {
            changes.push((-delta, Candidate::Cold(*ri, at.clone(), *edit)));
        }
        signals.push(Signal {
            id: rule.id.clone(),
            delta,
            start: at.start,
            end: at.end,
            reason: rule.message.clone(),
        });
    }

    // Warm signals the draft lacks: adding one is a change that raises the score.
    for (ri, rule) in rules.iter().enumerate() {
        let weight = rule.warmth_for(kind);
        let Some(advice) = rule.warmth.as_ref().and_then(|w| w.advice.as_ref()) else {
            continue;
        };
        if weight > 0
            && !advice.is_empty()
            && !counted[ri]
            && rule.lang.is_none_or(|l| l == doc.lang)
            && rule.applies_to_kind(kind)
        {
            changes.push((weight, Candidate::Missing(ri)));
        }
    }

    if let Some(context) = input.context {
        let is_counted = |id: &str| rules.iter().zip(&counted).any(|(r, c)| *c && r.id == id);
        let draft_words = content_prefixes(doc.text(), doc.lang);
        let mut upset_counted = false;
        for (ri, words) in &context.cues {
            let rule = &rules[*ri];
            let delta = rule.warmth_for(kind);
            let Some(cue) = rule.warmth.as_ref().and_then(|w| w.cue.as_ref()) else {
                continue;
            };
            let (missed, reason) = match cue {
                // However many cues show it, an upset customer counts once.
                Cue::Upset { acknowledged_by } => {
                    if upset_counted || acknowledged_by.iter().any(|id| is_counted(id)) {
                        continue;
                    }
                    upset_counted = true;
                    (true, format!("{} («{}»)", rule.message, quote(words)))
                }
                // Each unanswered question counts: a reply can miss two.
                Cue::Question => (
                    !answers(&draft_words, words, doc.lang),
                    format!("{} «{}»", rule.message, quote(words)),
                ),
            };
            if !missed || delta == 0 {
                continue;
            }
            changes.push((-delta, Candidate::Cue(*ri, reason.clone())));
            signals.push(Signal {
                id: rule.id.clone(),
                delta,
                start: 0,
                end: 0,
                reason,
            });
        }
    }

    let total = BASE + signals.iter().map(|s| s.delta).sum::<i32>();
    let score = total.clamp(0, 100) as u8;
    let mut strengths: Vec<String> = Vec::new();
    for s in signals.iter().filter(|s| s.delta > 0) {
        if !strengths.contains(&s.reason) {
            strengths.push(s.reason.clone());
        }
    }
    signals.sort_by_key(|s| (s.start, s.end));
    // The largest gains; among equal ones, what the customer said, then what the draft says,
    // then what it lacks, each in order.
    changes.sort_by_key(|(gain, c)| {
        let rank = match c {
            Candidate::Cue(..) => 0,
            Candidate::Cold(..) => 1,
            Candidate::Missing(_) => 2,
        };
        (std::cmp::Reverse(*gain), rank)
    });
    let changes = changes
        .into_iter()
        .take(CHANGES_KEPT)
        .map(|(gain, c)| match c {
            Candidate::Cold(ri, at, edit) => {
                let place = edit.map_or(at, |e| doc.original_range(e.start..e.end));
                Change {
                    gain,
                    id: rules[ri].id.clone(),
                    advice: rules[ri].message.clone(),
                    start: place.start,
                    end: place.end,
                    replacement: edit.map(|e| e.replacement.clone()),
                }
            }
            Candidate::Missing(ri) => Change {
                gain,
                id: rules[ri].id.clone(),
                advice: rules[ri]
                    .warmth
                    .as_ref()
                    .and_then(|w| w.advice.clone())
                    .unwrap_or_default(),
                start: 0,
                end: 0,
                replacement: None,
            },
            Candidate::Cue(ri, reason) => Change {
                gain,
                id: rules[ri].id.clone(),
                advice: reason,
                start: 0,
                end: 0,
                replacement: None,
            },
        })
        .collect();
    Warmth {
        score,
        grade: Grade::of(score),
        signals,
        strengths,
        changes,
    }
}

/// A quotation of the customer's words, shortened to a line.
fn quote(words: &str) -> String {
    const MAX: usize = 80;
    let one_line = words.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX {
        return one_line;
    }
    let cut: String = one_line.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

/// Words that carry no topic of their own: question words, auxiliaries, pronouns and
/// politeness. Anything shorter than [`MIN_CONTENT`] characters is passed over as well.
const FUNCTION_WORDS: &[(Lang, &[&str])] = &[
    (
        Lang::En,
        &[
            "what",
            "when",
            "where",
            "which",
            "while",
            "whom",
            "whose",
            "would",
            "could",
            "should",
            "will",
            "shall",
            "does",
            "have",
            "been",
            "being",
            "there",
            "their",
            "they",
            "them",
            "this",
            "that",
            "these",
            "those",
            "with",
            "from",
            "about",
            "your",
            "yours",
            "please",
            "thanks",
            "thank",
            "hello",
            "just",
            "also",
            "really",
            "very",
            "still",
            "already",
            "into",
            "than",
            "then",
            "some",
            "anything",
            "something",
            "anyone",
            "someone",
            "know",
            "want",
            "need",
            "like",
            "able",
            "possible",
            "doesn't",
            "don't",
            "didn't",
            "can't",
            "won't",
            "isn't",
            "aren't",
            "haven't",
            "what's",
        ],
    ),
    (
        Lang::Fi,
        &[
            "milloin",
            "miksi",
            "miten",
            "missä",
            "mistä",
            "mihin",
            "mikä",
            "mitä",
            "minkä",
            "kuka",
            "ketä",
            "kenen",
            "kenelle",
            "onko",
            "oliko",
            "voiko",
            "voisiko",
            "voisin",
            "voisitko",
            "voisitteko",
            "voinko",
            "voimmeko",
            "saako",
            "saanko",
            "saisinko",
            "pitääkö",
            "täytyykö",
            "kuinka",
            "paljonko",
            "koska",
            "mutta",
            "että",
            "jotta",
            "kanssa",
            "vielä",
            "myös",
            "sitten",
            "tämä",
            "tämän",
            "tätä",
            "tässä",
            "siitä",
            "siihen",
            "sitä",
            "sen",
            "niin",
            "kiitos",
            "olen",
            "olet",
            "olette",
            "ovat",
            "minun",
            "sinun",
            "teidän",
            "meidän",
            "minulle",
            "teille",
            "meille",
            "minulla",
            "mitään",
            "jotain",
            "jokin",
            "joku",
            "enää",
            "ihan",
            "aivan",
            "asia",
            "asiaa",
            "asiassa",
            "tietää",
            "haluaisin",
            "haluan",
            "pitäisi",
        ],
    ),
];

/// Content words shorter than this carry too little to match on.
const MIN_CONTENT: usize = 4;
/// Words are compared by their first characters, so inflected forms meet: `palautus`,
/// `palautuksen`; `refund`, `refunded`.
const PREFIX: usize = 5;

fn prefix(word: &str) -> String {
    word.chars().take(PREFIX).collect()
}

/// The prefixes of the content words of `text`.
fn content_prefixes(text: &str, lang: Lang) -> Vec<String> {
    let function: &[&str] = FUNCTION_WORDS
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or(&[], |(_, w)| w);
    let mut out: Vec<String> = words(text)
        .map(|r| fold(&text[r]).into_owned())
        .filter(|w| {
            w.chars().count() >= MIN_CONTENT
                && w.chars().any(char::is_alphabetic)
                && !function.contains(&w.as_str())
        })
        .map(|w| prefix(&w))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a reply with content words `reply` (from [`content_prefixes`]) seems to take up
/// `question`: it shares one of its content words, or the question has none to go by.
fn answers(reply: &[String], question: &str, lang: Lang) -> bool {
    let asked = content_prefixes(question, lang);
    asked.is_empty() || asked.iter().any(|w| reply.binary_search(w).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Engine, ReviewOptions};
    use crate::rules::{PackSource, load_pack};
    use crate::text::DocKind;

    const PACK: &str = r#"
[pack]
lang = "en"

[[rule]]
id = "en.t.thanks"
warmth = { default = 8, invoice = 2 }
message = "You thank them."
advice = "Thank them."
match = ["thanks"]
bad = ["Thanks!", "Many thanks."]
good = ["Hello.", "Thank."]

[[rule]]
id = "en.t.sorry"
warmth = 6
message = "You apologise."
advice = "Say sorry."
match = ["sorry"]
bad = ["Sorry.", "So sorry."]
good = ["Hello.", "Sore."]

[[rule]]
id = "en.t.blame"
level = "warning"
warmth = -30
message = "Blame."
match = ["your fault"]
suggest = ["our mistake"]
bad = ["It is your fault.", "Your fault."]
good = ["Our mistake.", "Faults happen."]

[[rule]]
id = "en.t.upset"
warmth = -15
context = "upset"
acknowledged_by = ["en.t.sorry"]
message = "Upset"
match = ["angry"]
bad = ["I am angry.", "So angry!"]
good = ["I am happy.", "Fine."]
"#;

    fn engine() -> Engine {
        let pack = load_pack(&PackSource {
            id: "en/t".into(),
            path: "t.toml".into(),
            text: PACK.into(),
        })
        .unwrap();
        Engine::new(pack.rules)
    }

    fn warmth_of(text: &str, kind: Option<DocKind>, context: Option<&str>) -> Warmth {
        let opts = ReviewOptions {
            context,
            ..ReviewOptions::default()
        };
        engine()
            .review(&Document::new(text, Lang::En, kind), &opts)
            .warmth
    }

    fn ids(w: &Warmth) -> Vec<(&str, i32)> {
        w.signals.iter().map(|s| (s.id.as_str(), s.delta)).collect()
    }

    #[test]
    fn each_signal_counts_once_at_its_first_match_and_the_score_is_their_sum() {
        let w = warmth_of("Thanks, thanks and thanks. Sorry.", None, None);
        assert_eq!(ids(&w), [("en.t.thanks", 8), ("en.t.sorry", 6)]);
        assert_eq!(w.score, 64);
        assert_eq!(w.grade, Grade::Warm);
        assert_eq!((w.signals[0].start, w.signals[0].end), (0, 6));
        assert_eq!(w.strengths, ["You thank them.", "You apologise."]);
        assert!(w.changes.is_empty(), "{w:#?}");
    }

    #[test]
    fn weights_follow_the_document_kind() {
        assert_eq!(warmth_of("Thanks.", Some(DocKind::Invoice), None).score, 52);
        assert_eq!(warmth_of("Thanks.", Some(DocKind::Reply), None).score, 58);
    }

    #[test]
    fn a_cold_signal_is_also_a_finding_and_the_first_change() {
        let text = "Thanks. It is your fault, and your fault again.";
        let r = engine().check(&Document::new(text, Lang::En, None));
        assert_eq!(r.findings.len(), 2);
        let w = &r.warmth;
        assert_eq!(ids(w), [("en.t.thanks", 8), ("en.t.blame", -30)]);
        assert_eq!(w.score, 28);
        assert_eq!(w.grade, Grade::Cold);
        let first = &w.changes[0];
        assert_eq!((first.gain, first.id.as_str()), (30, "en.t.blame"));
        assert_eq!(&text[first.start..first.end], "your fault");
        assert_eq!(first.replacement.as_deref(), Some("our mistake"));
        // Then the warm signal it lacks.
        assert_eq!(
            (w.changes[1].gain, w.changes[1].advice.as_str()),
            (6, "Say sorry.")
        );
        assert_eq!(w.changes.len(), 2);
        // Signal-only rules report no finding.
        assert!(r.findings.iter().all(|f| f.rule == "en.t.blame"));
    }

    #[test]
    fn the_score_stays_within_the_scale() {
        let w = warmth_of(
            "Your fault. Your fault! Your fault.",
            None,
            Some("So angry."),
        );
        assert_eq!(ids(&w), [("en.t.upset", -15), ("en.t.blame", -30)]);
        assert_eq!(w.score, 5);
        let w = warmth_of("your fault", None, Some("angry angry"));
        assert_eq!(w.score, 5);
    }

    #[test]
    fn an_upset_customer_costs_only_an_unacknowledging_reply() {
        let w = warmth_of("Thanks.", None, Some("I am ANGRY and angry."));
        assert_eq!(ids(&w), [("en.t.upset", -15), ("en.t.thanks", 8)]);
        assert_eq!(w.signals[0].reason, "Upset («ANGRY»)");
        assert_eq!(w.changes[0].id, "en.t.upset");
        let w = warmth_of("Sorry. Thanks.", None, Some("I am angry."));
        assert_eq!(ids(&w), [("en.t.sorry", 6), ("en.t.thanks", 8)]);
        // Context rules never read the draft.
        let w = warmth_of("I am angry.", None, None);
        assert!(w.signals.is_empty());
    }

    #[test]
    fn grades_split_the_scale() {
        assert_eq!(Grade::of(0), Grade::Cold);
        assert_eq!(Grade::of(COLD_BELOW - 1), Grade::Cold);
        assert_eq!(Grade::of(COLD_BELOW), Grade::Neutral);
        assert_eq!(Grade::of(WARM_FROM - 1), Grade::Neutral);
        assert_eq!(Grade::of(WARM_FROM), Grade::Warm);
        assert_eq!(Grade::of(100), Grade::Warm);
    }

    #[test]
    fn a_question_is_answered_when_the_reply_takes_up_its_topic() {
        let reply = content_prefixes(
            "Hei Anna, palautuksesi on kirjattu ja rahat tulevat tilillesi perjantaina.",
            Lang::Fi,
        );
        assert!(answers(&reply, "Milloin saan palautuksen rahat?", Lang::Fi));
        assert!(!answers(&reply, "Voiko lahjakortin vaihtaa?", Lang::Fi));
        // Nothing to go by: not called unanswered.
        assert!(answers(&reply, "Miksi?", Lang::Fi));
        let reply = content_prefixes("Your order shipped today.", Lang::En);
        assert!(answers(&reply, "Where is my order?", Lang::En));
        assert!(!answers(
            &reply,
            "Can I change the delivery address?",
            Lang::En
        ));
    }

    #[test]
    fn quotes_are_one_line_and_short() {
        assert_eq!(quote("Miksi\n  näin?"), "Miksi näin?");
        let long = "ä".repeat(200);
        let q = quote(&long);
        assert!(q.ends_with('…') && q.chars().count() == 81);
    }
}
