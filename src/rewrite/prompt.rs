//! What a language model is told: a system prompt made of the voice profile (its languages,
//! the register per document kind, the company's own words, and the voice's principles), and
//! per draft a request naming its language, kind and register, what the rules found, the facts
//! to keep, and the draft itself.
//!
//! The system prompt depends on the profile only, so it is the same for every draft of a batch.

use super::facts::Fact;
use crate::review::Review;
use crate::text::{DocKind, Lang};
use crate::voice::{Profile, Register};
use std::fmt::Write;

/// The voice's principles, for a model: what the rule packs check, said as instructions.
const PRINCIPLES: &str = "\
1. One register everywhere: address the reader the way the company chose for this kind of \
message, in every sentence. Never mix Finnish sinuttelu and teitittely, or casual and formal \
English.
2. Warmth: acknowledge the customer's situation and feelings, thank them, take responsibility \
instead of citing policy, apologise sincerely when something went wrong, offer what can be done \
rather than only what cannot, and close with a next step and a person.
3. No coldness: no blame (\"you should have\", \"kuten jo aiemmin totesimme\"), no \
bureaucratese, no curt refusals, no threats in a first reminder, never \"the customer\" in the \
third person to the customer.
4. No hollow positivity: no stacked exclamation marks, superlatives or emoji (none at all on an \
invoice); Finnish readers distrust empty cheer.
5. Keep what the draft already does well, and keep it about as long as it is.";

fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Fi => "Finnish",
        Lang::En => "English",
    }
}

/// How a register is written in a language.
fn register_in(register: Register, lang: Lang, profile: &Profile) -> String {
    match (register, lang) {
        (Register::Informal, Lang::Fi) => "sinuttelu (sinä, voit, tilauksesi, ota yhteyttä)".into(),
        (Register::Informal, Lang::En) => "casual (Hi Anna, contractions, plain words)".into(),
        (Register::Formal, Lang::Fi) => {
            let style = profile.formal_style;
            let mut s = String::from("teitittely (Te, voitte, tilauksenne, ottakaa yhteyttä)");
            if style.capitalise {
                s.push_str(", Te capitalised (Te, Teille, Teidän)");
            }
            if style.singular_participle {
                s.push_str(", addressing one reader (olette tilannut)");
            }
            s
        }
        (Register::Formal, Lang::En) => "formal (Dear Ms Smith, no contractions or slang)".into(),
        (Register::Neutral, Lang::Fi) => "neutral: passive voice, no direct address".into(),
        (Register::Neutral, Lang::En) => "neutral: no direct address, impersonal".into(),
    }
}

/// A register in every language of the profile: `informal — in Finnish sinuttelu (…); in
/// English casual (…)`.
fn register_everywhere(register: Register, profile: &Profile) -> String {
    let ways: Vec<String> = profile
        .languages
        .iter()
        .map(|&l| {
            format!(
                "in {} {}",
                language_name(l),
                register_in(register, l, profile)
            )
        })
        .collect();
    format!("{} — {}", register.name(), ways.join("; "))
}

/// The system prompt for a profile's voice.
pub fn system_prompt(profile: &Profile) -> String {
    let mut p = String::new();
    p.push_str(
        "You rewrite a company's customer messages (support replies, emails, invoices and \
         payment reminders) in the company's voice. Answer with the rewritten message only: no \
         preface, no explanation, no quotation marks or code fences around it.\n\n",
    );
    let languages: Vec<&str> = profile
        .languages
        .iter()
        .map(|&l| language_name(l))
        .collect();
    let _ = writeln!(
        p,
        "The company writes in {}. Always write in the language of the draft.\n",
        languages.join(" and ")
    );
    p.push_str("The voice:\n");
    p.push_str(PRINCIPLES);
    p.push_str("\n\n");
    p.push_str(
        "Facts: keep every fact exactly as the draft writes it — amounts, dates, times, \
         numbers, order and invoice numbers, URLs, email addresses and names. Never add a fact, \
         promise, discount or date the draft does not have. Where a greeting or signature needs \
         a name the draft does not give, write a placeholder: [nimi] in Finnish, [name] in \
         English.\n\n",
    );
    if profile.register.is_empty() {
        p.push_str(
            "How to address the reader: the company has not chosen; keep the draft's own \
             register and use it in every sentence.\n",
        );
    } else {
        p.push_str("How to address the reader, by kind of message:\n");
        for (kind, register) in &profile.register {
            let _ = writeln!(p, "- {kind}: {}", register_everywhere(*register, profile));
        }
        p.push_str("- other kinds: keep the draft's own register and use it in every sentence.\n");
    }
    let mut words = String::new();
    for (lang, terms) in &profile.terms {
        if !profile.languages.contains(lang) {
            continue;
        }
        for (preferred, instead) in &terms.preferred {
            let instead: Vec<&str> = instead.iter().map(|p| p.get_ref().as_str()).collect();
            let _ = writeln!(
                words,
                "- {}: say «{preferred}», not {}.",
                language_name(*lang),
                instead.join(", ")
            );
        }
        if !terms.forbidden.is_empty() {
            let never: Vec<&str> = terms
                .forbidden
                .iter()
                .map(|p| p.get_ref().as_str())
                .collect();
            let _ = writeln!(
                words,
                "- {}: never use {}.",
                language_name(*lang),
                never.join(", ")
            );
        }
    }
    if !words.is_empty() {
        p.push_str("\nThe company's own words (`*` stands for any ending, `a|b` for either):\n");
        p.push_str(&words);
    }
    p
}

/// The request for one draft: its language, kind and register, what the rules found, the facts
/// to keep, the customer's message when known, and the draft.
pub fn user_prompt(
    profile: &Profile,
    text: &str,
    review: &Review,
    register: Option<Register>,
    facts: &[Fact],
    context: Option<&str>,
) -> String {
    let lang = review.lang;
    let mut p = String::new();
    let kind = review.kind.map_or("message", DocKind::name);
    let _ = write!(p, "Rewrite this {kind} in {}.", language_name(lang));
    let register = register.or_else(|| review.kind.and_then(|k| profile.register_for(k)));
    match register {
        Some(r) => {
            let _ = writeln!(
                p,
                " Address the reader {}: {}.",
                r.name(),
                register_in(r, lang, profile)
            );
        }
        None => p.push_str(" Keep its register.\n"),
    }
    let mut found: Vec<String> = review
        .findings
        .iter()
        .map(|f| {
            let words = text.get(f.start..f.end).unwrap_or("");
            let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
            format!("«{words}»: {}", f.message)
        })
        .collect();
    found.extend(
        review
            .warmth
            .changes
            .iter()
            .filter(|c| c.start == c.end)
            .map(|c| c.advice.clone()),
    );
    found.dedup();
    if !found.is_empty() {
        p.push_str("\nWhat to improve:\n");
        for f in &found {
            let _ = writeln!(p, "- {f}");
        }
    }
    if !facts.is_empty() {
        let keep: Vec<&str> = facts.iter().map(|f| f.text.as_str()).collect();
        let _ = writeln!(p, "\nKeep these exactly: {}.", keep.join("; "));
    }
    if let Some(c) = context {
        let _ = writeln!(p, "\nThe customer wrote:\n\"\"\"\n{}\n\"\"\"", c.trim_end());
    }
    let _ = write!(p, "\nThe draft:\n\"\"\"\n{}\n\"\"\"", text.trim_end());
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Voice;
    use crate::rewrite::facts::facts;

    const PROFILE: &str = r#"
languages = ["fi", "en"]
[register]
reply = "informal"
reminder = "formal"
invoice = "neutral"
[terms.fi]
preferred = { "verkkokauppa" = ["nettikaup*", "webshop*"] }
forbidden = ["halpa|halvan"]
[terms.en]
preferred = { "online store" = ["webshop"] }
"#;

    fn profile() -> Profile {
        Profile::parse("savy.toml", PROFILE).unwrap()
    }

    #[test]
    fn the_system_prompt_carries_the_profile() {
        let p = system_prompt(&profile());
        assert!(
            p.contains("The company writes in Finnish and English."),
            "{p}"
        );
        for principle in [
            "One register everywhere",
            "Warmth:",
            "No coldness",
            "No hollow positivity",
        ] {
            assert!(p.contains(principle), "{principle}: {p}");
        }
        assert!(
            p.contains("- reply: informal — in Finnish sinuttelu"),
            "{p}"
        );
        assert!(
            p.contains("- reminder: formal — in Finnish teitittely (Te, voitte, tilauksenne, ottakaa yhteyttä), Te capitalised"),
            "{p}"
        );
        assert!(p.contains("- invoice: neutral"), "{p}");
        assert!(!p.contains("- email:"), "no house register for email: {p}");
        assert!(
            p.contains("- Finnish: say «verkkokauppa», not nettikaup*, webshop*."),
            "{p}"
        );
        assert!(p.contains("- Finnish: never use halpa|halvan."), "{p}");
        assert!(
            p.contains("- English: say «online store», not webshop."),
            "{p}"
        );
        assert!(p.contains("keep every fact exactly"), "{p}");
        // Only what the profile says: one language, no register, no terms.
        let bare = system_prompt(&Profile::parse("savy.toml", "languages = [\"en\"]\n").unwrap());
        assert!(bare.contains("The company writes in English."), "{bare}");
        assert!(bare.contains("has not chosen"), "{bare}");
        assert!(
            !bare.contains("in Finnish sinuttelu") && !bare.contains("own words"),
            "{bare}"
        );
    }

    #[test]
    fn the_request_names_kind_register_findings_facts_and_the_draft() {
        let voice = Voice::new(profile(), crate::rules::shipped_packs()).unwrap();
        let text = "Kuten jo totesimme, palautus 49,90 € maksetaan 24.11.2026.\n";
        let review = voice.check(text, Some(Lang::Fi), Some(DocKind::Reply));
        let facts = facts(text, Lang::Fi);
        let p = user_prompt(
            &voice.profile,
            text,
            &review,
            None,
            &facts,
            Some("Missä rahat?"),
        );
        assert!(
            p.starts_with("Rewrite this reply in Finnish. Address the reader informal: sinuttelu"),
            "{p}"
        );
        assert!(p.contains("«Kuten jo totesimme,»: "), "{p}");
        assert!(
            p.contains("Keep these exactly: 49,90 €; 24.11.2026."),
            "{p}"
        );
        assert!(
            p.contains("The customer wrote:\n\"\"\"\nMissä rahat?\n\"\"\""),
            "{p}"
        );
        assert!(
            p.ends_with(&format!("The draft:\n\"\"\"\n{}\n\"\"\"", text.trim_end())),
            "{p}"
        );
        // `--register` wins over the profile's.
        let p = user_prompt(
            &voice.profile,
            text,
            &review,
            Some(Register::Formal),
            &facts,
            None,
        );
        assert!(p.contains("Address the reader formal: teitittely"), "{p}");
        assert!(!p.contains("The customer wrote"), "{p}");
    }
}
