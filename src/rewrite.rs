//! The optional language-model rewrite: its pure parts. The rules always make a suggested draft
//! ([`Review::fixed`]); a language model may write a better one, but only a rewrite that the
//! rules judge at least as good, and that keeps every fact Sävy can see, replaces it.
//!
//! This module builds what the model is told ([`Request`]), and judges its answer
//! ([`judge`]). Sending the request is a front end's job: the library never touches the
//! network.

pub mod facts;
pub mod prompt;

use crate::review::Review;
use crate::rules::Level;
use crate::voice::{Register, Voice};
use facts::Fact;
use serde::Serialize;
use std::fmt;

/// One draft as the rules saw it, to be rewritten.
#[derive(Debug, Clone, Copy)]
pub struct Draft<'a> {
    /// The draft as written.
    pub text: &'a str,
    /// What the rules made of it.
    pub review: &'a Review,
    /// The register it was checked against instead of the profile's for its kind
    /// (`--register`), if any.
    pub register: Option<Register>,
    /// The customer's message it answers, if known.
    pub context: Option<&'a str>,
}

/// What a language model is sent for one draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The system prompt: the voice profile, the same for every draft.
    pub system: String,
    /// The request: the draft, what to improve and the facts to keep.
    pub user: String,
}

/// The request for a draft.
pub fn request(voice: &Voice, draft: &Draft<'_>) -> Request {
    let facts = facts::facts(draft.text, draft.review.lang);
    Request {
        system: prompt::system_prompt(&voice.profile),
        user: prompt::user_prompt(
            &voice.profile,
            draft.text,
            draft.review,
            draft.register,
            &facts,
            draft.context,
        ),
    }
}

/// Why a model's rewrite was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// The answer had no text.
    Empty,
    /// A fact of the draft is missing from the rewrite.
    LostFact(Fact),
    /// The rewrite has more findings at or above `level` than the rules' rewrite.
    MoreFindings {
        /// The level counted from.
        level: Level,
        /// How many the model's rewrite has.
        model: usize,
        /// How many the rules' rewrite has.
        rules: usize,
    },
    /// The rewrite scores colder than the rules' rewrite.
    Colder {
        /// The model's rewrite's warmth.
        model: u8,
        /// The rules' rewrite's warmth.
        rules: u8,
    },
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Empty => f.write_str("the answer was empty"),
            Rejection::LostFact(fact) => write!(f, "lost {fact}"),
            Rejection::MoreFindings {
                level,
                model,
                rules,
            } => write!(
                f,
                "{model} finding{} at {} or above, the rules' rewrite {rules}",
                if *model == 1 { "" } else { "s" },
                level.name()
            ),
            Rejection::Colder { model, rules } => write!(
                f,
                "warmth {model}/100, below the rules' rewrite's {rules}/100"
            ),
        }
    }
}

/// The verdict on a model's rewrite.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// The rewrite is used.
    Accepted {
        /// The rewrite, cleaned of wrapping ([`clean_answer`]).
        text: String,
        /// What the rules make of it.
        review: Box<Review>,
    },
    /// The rules' rewrite is used, for this reason.
    Rejected(Rejection),
}

/// Findings at or above this level make a rewrite worse: they are what fails `savy check` by
/// default.
pub const FINDINGS_FROM: Level = Level::Warning;

/// Judges a model's `answer` for `draft`: it is re-checked with the same voice, language, kind,
/// register and context, and rejected if it is empty, loses a fact of the draft, has more
/// findings at or above [`FINDINGS_FROM`] than the rules' own rewrite, or scores colder than it.
pub fn judge(voice: &Voice, draft: &Draft<'_>, answer: &str) -> Verdict {
    let text = clean_answer(answer, draft.text);
    if crate::text::is_blank(&text) {
        return Verdict::Rejected(Rejection::Empty);
    }
    let lang = draft.review.lang;
    if let Some(lost) = facts::first_missing(&facts::facts(draft.text, lang), &text, lang) {
        return Verdict::Rejected(Rejection::LostFact(lost.clone()));
    }
    let recheck = |t: &str| {
        voice.review_in_context(
            t,
            Some(lang),
            draft.review.kind,
            draft.register,
            false,
            draft.context,
        )
    };
    let rules = recheck(&draft.review.fixed(draft.text));
    let model = recheck(&text);
    let (m, r) = (
        model.count_at_least(FINDINGS_FROM),
        rules.count_at_least(FINDINGS_FROM),
    );
    if m > r {
        return Verdict::Rejected(Rejection::MoreFindings {
            level: FINDINGS_FROM,
            model: m,
            rules: r,
        });
    }
    if model.warmth.score < rules.warmth.score {
        return Verdict::Rejected(Rejection::Colder {
            model: model.warmth.score,
            rules: rules.warmth.score,
        });
    }
    Verdict::Accepted {
        text,
        review: Box::new(model),
    }
}

/// A model's answer as a draft: trimmed, without a code fence around it, ending in a line break
/// when the draft does.
pub fn clean_answer(answer: &str, draft: &str) -> String {
    let mut text = answer.trim();
    if let Some(inner) = text.strip_prefix("```")
        && let Some(inner) = inner.strip_suffix("```")
    {
        // The fence's first line may name a language: ```text
        text = match inner.split_once('\n') {
            Some((tag, rest)) if !tag.trim().contains(' ') => rest,
            _ => inner,
        }
        .trim();
    }
    let mut out = text.to_string();
    if draft.ends_with('\n') && !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Which rewrite a front end shows as the suggested draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The language model's, accepted by the rules.
    Llm,
    /// The rules' own.
    Rules,
}

/// The suggested draft a language-model rewrite led to, and why the rules' was kept when it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rewrite {
    /// Whose rewrite is the suggested draft.
    pub source: Source,
    /// The suggested draft.
    #[serde(skip)]
    pub text: String,
    /// Why the model's answer was rejected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
    /// Why there was no answer to judge: the model could not be reached, or did not answer
    /// in time or in the expected shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Rewrite {
    /// The rewrite for `draft` after the model answered `answer`.
    pub fn judged(voice: &Voice, draft: &Draft<'_>, answer: &str) -> Rewrite {
        match judge(voice, draft, answer) {
            Verdict::Accepted { text, .. } => Rewrite {
                source: Source::Llm,
                text,
                rejected: None,
                error: None,
            },
            Verdict::Rejected(why) => Rewrite {
                rejected: Some(why.to_string()),
                ..Rewrite::rules(draft, None)
            },
        }
    }

    /// The rules' rewrite for `draft`; `error` says why the model gave none.
    pub fn rules(draft: &Draft<'_>, error: Option<String>) -> Rewrite {
        Rewrite {
            source: Source::Rules,
            text: draft.review.fixed(draft.text),
            rejected: None,
            error,
        }
    }

    /// Why the model's rewrite is not shown, if it is not.
    pub fn fallback_reason(&self) -> Option<&str> {
        self.rejected.as_deref().or(self.error.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{DocKind, Lang};

    const COLD: &str =
        "Kuten jo totesimme, palautus 49,90 € maksetaan tilille 24.11.2026. Tilausnumero 558812.\n";
    const WARM: &str = "Hei [nimi],\n\nkiitos viestistäsi, ja pahoittelen, että palautus on viipynyt. Maksamme 49,90 € tilillesi 24.11.2026 (tilausnumero 558812). Kerro, jos voin auttaa vielä jossain.\n\nTerveisin\n[nimi]\n";

    fn judged(answer: &str) -> Verdict {
        let voice = Voice::bundled();
        let review = voice.check(COLD, Some(Lang::Fi), Some(DocKind::Reply));
        let draft = Draft {
            text: COLD,
            review: &review,
            register: None,
            context: None,
        };
        judge(&voice, &draft, answer)
    }

    #[test]
    fn a_warmer_rewrite_that_keeps_the_facts_is_accepted() {
        match judged(&format!("```\n{}```", WARM)) {
            Verdict::Accepted { text, review } => {
                assert_eq!(text, WARM, "unfenced, with the draft's final line break");
                assert!(review.warmth.score >= 60, "{:?}", review.warmth);
            }
            Verdict::Rejected(why) => panic!("rejected: {why}"),
        }
    }

    #[test]
    fn a_rewrite_that_loses_a_fact_is_colder_or_empty_is_rejected() {
        let lost = WARM.replace("49,90 €", "rahat");
        match judged(&lost) {
            Verdict::Rejected(r) => assert_eq!(r.to_string(), "lost the amount 49,90 €"),
            v => panic!("{v:?}"),
        }
        match judged(COLD) {
            Verdict::Rejected(r @ Rejection::MoreFindings { rules: 0, .. }) => {
                assert!(
                    r.to_string()
                        .ends_with(" at warning or above, the rules' rewrite 0"),
                    "{r}"
                )
            }
            v => panic!("{v:?}"),
        }
        // Greeted and signed, so no more findings than the rules' rewrite; but no thanks, no
        // next step.
        let curt = "Hei [nimi],\n\nPalautus 49,90 € maksetaan 24.11.2026. Tilausnumero 558812.\n\nTerveisin\n[nimi]\n";
        match judged(curt) {
            Verdict::Rejected(r @ Rejection::Colder { .. }) => {
                assert!(r.to_string().starts_with("warmth "), "{r}")
            }
            v => panic!("{v:?}"),
        }
        assert!(matches!(
            judged("  \n"),
            Verdict::Rejected(Rejection::Empty)
        ));
    }

    #[test]
    fn answers_are_cleaned_of_fences_and_keep_the_final_line_break() {
        assert_eq!(clean_answer("```text\nHei!\n```", "x\n"), "Hei!\n");
        assert_eq!(clean_answer("  Hei!  ", "x"), "Hei!");
        assert_eq!(clean_answer("```Hei! Kiitos.```", "x"), "Hei! Kiitos.");
        assert_eq!(clean_answer("", "x\n"), "");
    }
}
