//! Warmth with the shipped packs: the same message written cold and warm (tests/fixtures/warmth)
//! must score in that order, for the reasons the fixtures name; and the customer's message
//! weighs on a reply.

use savy::Voice;
use savy::check::warmth::{BASE, Grade, Warmth};
use savy::text::{DocKind, Lang};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pairs {
    pair: Vec<Pair>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    name: String,
    kind: DocKind,
    cold: String,
    warm: String,
    cold_signals: Vec<String>,
    warm_signals: Vec<String>,
}

fn warmth(voice: &Voice, text: &str, lang: Lang, kind: DocKind) -> Warmth {
    voice.check(text, Some(lang), Some(kind)).warmth
}

/// Every point of the score is a signal's: 50 plus the deltas, within 0..=100.
fn assert_explained(w: &Warmth, what: &str) {
    let total = BASE + w.signals.iter().map(|s| s.delta).sum::<i32>();
    assert_eq!(i32::from(w.score), total.clamp(0, 100), "{what}: {w:#?}");
    assert_eq!(w.grade, Grade::of(w.score), "{what}");
}

fn check_pairs(lang: Lang, source: &str) {
    let pairs: Pairs = toml::from_str(source).expect("the fixture parses");
    assert!(pairs.pair.len() >= 6, "{lang}: too few pairs");
    let voice = Voice::bundled();
    for p in &pairs.pair {
        let cold = warmth(&voice, &p.cold, lang, p.kind);
        let warm = warmth(&voice, &p.warm, lang, p.kind);
        assert_explained(&cold, &p.name);
        assert_explained(&warm, &p.name);
        assert!(
            warm.score > cold.score,
            "{}: warm {} is not above cold {}\ncold: {cold:#?}\nwarm: {warm:#?}",
            p.name,
            warm.score,
            cold.score
        );
        assert_ne!(warm.grade, Grade::Cold, "{}: {warm:#?}", p.name);
        assert_ne!(cold.grade, Grade::Warm, "{}: {cold:#?}", p.name);
        for id in &p.cold_signals {
            assert!(
                cold.signals.iter().any(|s| &s.id == id && s.delta < 0),
                "{}: the cold draft lacks {id}: {cold:#?}",
                p.name
            );
        }
        for id in &p.warm_signals {
            assert!(
                warm.signals.iter().any(|s| &s.id == id && s.delta > 0),
                "{}: the warm draft lacks {id}: {warm:#?}",
                p.name
            );
        }
        // The warm draft's strengths are what it does well; the cold one has none to speak of.
        assert!(
            warm.strengths.len() >= p.warm_signals.len().min(3),
            "{}",
            p.name
        );
    }
}

#[test]
fn finnish_pairs_score_warm_above_cold_for_their_reasons() {
    check_pairs(Lang::Fi, include_str!("fixtures/warmth/fi.toml"));
}

#[test]
fn english_pairs_score_warm_above_cold_for_their_reasons() {
    check_pairs(Lang::En, include_str!("fixtures/warmth/en.toml"));
}

#[test]
fn the_fixtures_cover_every_kind_in_finnish() {
    let pairs: Pairs = toml::from_str(include_str!("fixtures/warmth/fi.toml")).unwrap();
    assert!(pairs.pair.len() >= 10);
    for kind in DocKind::ALL {
        assert!(
            pairs.pair.iter().any(|p| p.kind == kind),
            "no Finnish pair for {kind}"
        );
    }
}

const REPLY_FI: &str =
    "Hei Anna,\n\ntilauksesi lähti tänään, ja se on perillä torstaina.\n\nTerveisin\nLiisa";
const UPSET_FI: &str =
    "Missä tilaukseni on?? Olen odottanut KAKSI VIIKKOA, tämä on käsittämätöntä!!!";

fn review_in_context(voice: &Voice, reply: &str, context: &str) -> Warmth {
    voice
        .review_in_context(
            reply,
            Some(Lang::Fi),
            Some(DocKind::Reply),
            None,
            false,
            Some(context),
        )
        .warmth
}

#[test]
fn an_upset_customer_costs_a_reply_that_does_not_acknowledge_it_once() {
    let voice = Voice::bundled();
    let alone = warmth(&voice, REPLY_FI, Lang::Fi, DocKind::Reply);
    let upset = review_in_context(&voice, REPLY_FI, UPSET_FI);
    // Three cues (words, capitals, exclamation marks) show one upset customer.
    let cues: Vec<&str> = upset
        .signals
        .iter()
        .filter(|s| s.id.starts_with("fi.warmth.asiakas-"))
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(cues, ["fi.warmth.asiakas-harmissaan"], "{upset:#?}");
    assert_eq!(i32::from(alone.score) - i32::from(upset.score), 15);
    assert!(upset.signals[0].reason.contains("käsittämätöntä"));
    // The change that would raise it most is to acknowledge the customer.
    assert_eq!(upset.changes[0].id, "fi.warmth.asiakas-harmissaan");

    // Acknowledging it answers the cue.
    let acknowledged = REPLY_FI.replace(
        "tilauksesi lähti",
        "pahoittelen pitkää odotusta. Tilauksesi lähti",
    );
    let w = review_in_context(&voice, &acknowledged, UPSET_FI);
    assert!(
        w.signals.iter().all(|s| !s.id.contains("asiakas-")),
        "{w:#?}"
    );
    assert!(w.score > upset.score);
    // A calm message weighs on nothing.
    let calm = review_in_context(&voice, REPLY_FI, "Hei, onko tilaukseni jo lähtenyt?");
    assert_eq!(calm, alone);
}

#[test]
fn a_question_the_reply_does_not_take_up_is_named() {
    let voice = Voice::bundled();
    let context = "Hei! Missä tilaukseni on? Voinko vielä vaihtaa toimitusosoitteen?";
    let w = review_in_context(&voice, REPLY_FI, context);
    let unanswered: Vec<&str> = w
        .signals
        .iter()
        .filter(|s| s.id == "fi.warmth.kysymys-vastaamatta")
        .map(|s| s.reason.as_str())
        .collect();
    // The order is answered ("tilauksesi"), the address is not.
    assert_eq!(unanswered.len(), 1, "{w:#?}");
    assert!(
        unanswered[0].contains("toimitusosoitteen"),
        "{}",
        unanswered[0]
    );
    let answered = REPLY_FI.replace(
        "\n\nTerveisin",
        " Toimitusosoitteen voit vaihtaa seurantalinkistä.\n\nTerveisin",
    );
    let w = review_in_context(&voice, &answered, context);
    assert!(
        w.signals
            .iter()
            .all(|s| s.id != "fi.warmth.kysymys-vastaamatta"),
        "{w:#?}"
    );
}

#[test]
fn an_invoice_needs_no_empathy_and_a_missing_greeting_costs_only_replies() {
    let voice = Voice::bundled();
    let invoice = "Lasku 20418\nEräpäivä 15.6.\nSumma 149,00 €";
    let w = warmth(&voice, invoice, Lang::Fi, DocKind::Invoice);
    assert!(w.signals.is_empty(), "{w:#?}");
    assert_eq!(w.grade, Grade::Neutral);
    assert!(
        w.changes.iter().all(|c| c.gain <= 4),
        "an invoice is not asked for empathy: {w:#?}"
    );
    let reply = warmth(&voice, invoice, Lang::Fi, DocKind::Reply);
    assert!(
        reply
            .signals
            .iter()
            .any(|s| s.id == "fi.structure.tervehdys" && s.delta < 0)
    );
}

#[test]
fn the_suggested_draft_inserts_missing_elements_in_the_drafts_register() {
    let voice = Voice::bundled();
    let formal = "Tilauksenne on matkalla, ja voitte noutaa sen torstaina.";
    let r = voice.check(formal, Some(Lang::Fi), Some(DocKind::Reply));
    let suggested = r.fixed(formal);
    assert!(suggested.starts_with("Hyvä [nimi],\n\n"), "{suggested}");
    assert!(
        suggested.ends_with("\n\nYstävällisin terveisin\n[nimi]"),
        "{suggested}"
    );
    let informal = "Tilauksesi on matkalla, ja voit noutaa sen torstaina.";
    let r = voice.check(informal, Some(Lang::Fi), Some(DocKind::Reply));
    let suggested = r.fixed(informal);
    assert!(suggested.starts_with("Hei [nimi],\n\n"), "{suggested}");
    assert!(suggested.ends_with("\n\nTerveisin\n[nimi]"), "{suggested}");
    // The suggested draft is warmer than the draft.
    let again = voice.check(&suggested, Some(Lang::Fi), Some(DocKind::Reply));
    assert!(again.warmth.score > r.warmth.score);
    let en = "Dear Mr Smith, your order ships on Monday.";
    let r = voice.check(en, Some(Lang::En), Some(DocKind::Email));
    assert!(
        r.fixed(en).ends_with("\n\nKind regards,\n[name]"),
        "{}",
        r.fixed(en)
    );
}
