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
    /// Changes that would raise the score, the largest gain first.
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
            let place = edit.map_or(at.clone(), |e| doc.original_range(e.start..e.end));
            changes.push(Change {
                gain: -delta,
                id: rule.id.clone(),
                advice: rule.message.clone(),
                start: place.start,
                end: place.end,
                replacement: edit.map(|e| e.replacement.clone()),
            });
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
            && !counted[ri]
            && rule.lang.is_none_or(|l| l == doc.lang)
            && rule.applies_to_kind(kind)
        {
            changes.push(Change {
                gain: weight,
                id: rule.id.clone(),
                advice: advice.clone(),
                start: 0,
                end: 0,
                replacement: None,
            });
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
            changes.push(Change {
                gain: -delta,
                id: rule.id.clone(),
                advice: reason.clone(),
                start: 0,
                end: 0,
                replacement: None,
            });
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
    changes.sort_by_key(|c| std::cmp::Reverse(c.gain));
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
