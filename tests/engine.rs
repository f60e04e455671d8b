//! Engine fixtures: the library checked through `Voice`, with small packs written here so the
//! tests pin the engine's behaviour, not the shipped packs' content.

use savy::rules::PackSource;
use savy::text::{DocKind, Lang};
use savy::{Level, Profile, Review, Voice};

/// A pack source; its language comes from the pack text.
fn pack(id: &str, text: &str) -> PackSource {
    PackSource {
        id: id.into(),
        path: format!("tests/{id}.toml"),
        text: text.into(),
    }
}

/// A voice with these packs and a profile (empty text: every language, every pack).
fn voice_with(profile: &str, packs: Vec<PackSource>) -> Voice {
    let profile = Profile::parse("savy.toml", profile).expect("profile parses");
    Voice::new(profile, packs).expect("voice builds")
}

/// A voice with one Finnish pack made of `rules` (TOML `[[rule]]` tables).
fn fi_voice(rules: &str) -> Voice {
    voice_with(
        "",
        vec![pack("fi/t", &format!("[pack]\nlang = \"fi\"\n\n{rules}"))],
    )
}

fn en_voice(rules: &str) -> Voice {
    voice_with(
        "",
        vec![pack("en/t", &format!("[pack]\nlang = \"en\"\n\n{rules}"))],
    )
}

fn check_fi(voice: &Voice, text: &str) -> Review {
    voice.check(text, Some(Lang::Fi), Some(DocKind::Reply))
}

/// The flagged texts of a review, in order.
fn flagged<'t>(review: &Review, text: &'t str) -> Vec<&'t str> {
    review
        .findings
        .iter()
        .map(|f| &text[f.start..f.end])
        .collect()
}

/// Rule ids of a review, in order.
fn rules_of(review: &Review) -> Vec<&str> {
    review.findings.iter().map(|f| f.rule.as_str()).collect()
}

/// A phrase rule with the examples every rule needs (they are not the point here).
fn phrase_rule(id: &str, patterns: &[&str], suggest: &[&str], bad: &[&str]) -> String {
    let list = |items: &[&str]| {
        items
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "[[rule]]\nid = \"{id}\"\nlevel = \"warning\"\nmessage = \"M.\"\nmatch = [{}]\nsuggest = [{}]\nbad = [{}]\ngood = [\"Hyvää päivää.\", \"Kiitos.\"]\n\n",
        list(patterns),
        list(suggest),
        list(bad),
    )
}

// ---------------------------------------------------------------------------------------------
// Phrase patterns

#[test]
fn stems_match_finnish_inflections() {
    let v = fi_voice(&phrase_rule(
        "fi.t.tilaus",
        &["tilau*"],
        &[],
        &["Tilaus.", "Tilauksesi."],
    ));
    let text = "Tilauksesi on matkalla. Tilauksenne ja tilaukset sekä TILAUS. Tila ei ole tilaus-vahvistus, eikä ostotilaus.";
    let r = check_fi(&v, text);
    assert_eq!(
        flagged(&r, text),
        [
            "Tilauksesi",
            "Tilauksenne",
            "tilaukset",
            "TILAUS",
            "tilaus-vahvistus"
        ],
        "a stem matches word starts only, not `Tila` and not inside `ostotilaus`"
    );
}

#[test]
fn words_match_whole_and_unicode_case_insensitively() {
    let v = fi_voice(&phrase_rule(
        "fi.t.aakkoset",
        &["äläkä ääkköset|öljyä"],
        &[],
        &["Äläkä ääkköset.", "äläkä öljyä"],
    ));
    let text = "ÄLÄKÄ ÄÄKKÖSET! äläkä ääkköset. Äläkä Öljyä. ÄläKÄ ääKKÖset. äläkä ääkkösetkin.";
    let r = check_fi(&v, text);
    assert_eq!(
        flagged(&r, text),
        [
            "ÄLÄKÄ ÄÄKKÖSET",
            "äläkä ääkköset",
            "Äläkä Öljyä",
            "ÄläKÄ ääKKÖset"
        ],
        "a plain word does not match a longer word (`ääkkösetkin`)"
    );
}

#[test]
fn a_pattern_in_capitals_matches_lower_case_text() {
    let v = fi_voice(&phrase_rule(
        "fi.t.capitals",
        &["ÄLÄ HUOLI"],
        &[],
        &["Älä huoli.", "älä huoli"],
    ));
    let text = "Älä huoli, kyllä se siitä.";
    assert_eq!(flagged(&check_fi(&v, text), text), ["Älä huoli"]);
}

#[test]
fn optional_tokens_and_alternatives() {
    let v = fi_voice(&phrase_rule(
        "fi.t.kuten",
        &["kuten [jo] [aiemmin|edellä] totesimme|mainitsimme"],
        &[],
        &["Kuten totesimme.", "Kuten jo mainitsimme."],
    ));
    let text = "Kuten totesimme. Kuten jo totesimme. Kuten jo aiemmin mainitsimme. Kuten edellä totesimme. Kuten aiemmin jo totesimme. Kuten kerroimme.";
    let r = check_fi(&v, text);
    assert_eq!(
        flagged(&r, text),
        [
            "Kuten totesimme",
            "Kuten jo totesimme",
            "Kuten jo aiemmin mainitsimme",
            "Kuten edellä totesimme",
        ],
        "optional tokens keep their order; an alternative not listed does not match"
    );
}

#[test]
fn a_star_token_is_any_one_word_and_stems_mix_with_words() {
    let v = fi_voice(&phrase_rule(
        "fi.t.emme-ole",
        &["emme * tarkistaneet|tarkasta*"],
        &[],
        &["Emme ole tarkistaneet.", "emme vielä tarkastaneet"],
    ));
    let text = "Emme ole tarkistaneet. Emme tarkistaneet. Emme, tarkistaneet. Emme ole vielä tarkistaneet. Emme ole tarkastaneet.";
    let r = check_fi(&v, text);
    assert_eq!(
        flagged(&r, text),
        ["Emme ole tarkistaneet", "Emme ole tarkastaneet"],
        "`*` is exactly one word, never punctuation or nothing"
    );
}

#[test]
fn a_phrase_may_wrap_a_line_but_not_a_paragraph() {
    let v = fi_voice(&phrase_rule(
        "fi.t.kuten",
        &["kuten totesimme"],
        &[],
        &["Kuten totesimme.", "kuten totesimme"],
    ));
    let text = "Kuten\ntotesimme. Kuten \t totesimme.\n\nKuten\n\ntotesimme.";
    let r = check_fi(&v, text);
    assert_eq!(
        flagged(&r, text),
        ["Kuten\ntotesimme", "Kuten \t totesimme"]
    );
}

#[test]
fn punctuation_tokens_take_the_mark_along_or_require_it() {
    let v = fi_voice(&format!(
        "{}{}",
        phrase_rule(
            "fi.t.kuten",
            &["kuten totesimme [,]"],
            &["kerrataan:"],
            &["Kuten totesimme, ok.", "kuten totesimme"],
        ),
        phrase_rule(
            "fi.t.kiitos-huuto",
            &["kiitos !"],
            &[],
            &["Kiitos!", "kiitos !"],
        ),
    ));
    let text = "Kuten totesimme, tilaus lähti. Kuten totesimme tilaus lähti. Kiitos! Kiitos. Kiitos, kiitos !";
    let r = check_fi(&v, text);
    assert_eq!(
        flagged(&r, text),
        ["Kuten totesimme,", "Kuten totesimme", "Kiitos!", "kiitos !"]
    );
    assert_eq!(
        r.fixed(text),
        "Kerrataan: tilaus lähti. Kerrataan: tilaus lähti. Kiitos! Kiitos. Kiitos, kiitos !"
    );
}

#[test]
fn hyphenated_and_apostrophed_words_are_one_word() {
    let v = en_voice(
        "[[rule]]\nid = \"en.t.dont\"\nlevel = \"warning\"\nmessage = \"M.\"\nmatch = [\"don't hesitate\"]\nbad = [\"Don't hesitate.\", \"don’t hesitate\"]\ngood = [\"Do not wait.\", \"Hi.\"]\n",
    );
    let text = "Don't hesitate. Don’t hesitate. Don hesitate. don't-hesitate.";
    let r = v.check(text, Some(Lang::En), None);
    assert_eq!(
        flagged(&r, text),
        ["Don't hesitate", "Don’t hesitate"],
        "a typographic apostrophe matches `'`; `don't-hesitate` is one word"
    );
}

#[test]
fn suggestions_insert_tokens_with_dollar_numbers() {
    let v = fi_voice(&phrase_rule(
        "fi.t.olisit",
        &["olisit|olisitte [kyllä] voinut|voineet"],
        &["$1 voi nyt, $2 $3"],
        &["Olisit voinut.", "olisitte voineet"],
    ));
    let text = "Olisitte kyllä voineet soittaa.";
    let r = check_fi(&v, text);
    assert_eq!(
        r.findings[0].suggestions[0].replacement,
        "Olisitte voi nyt, kyllä voineet"
    );
    // An absent optional token leaves no double space behind.
    let text = "Olisit voinut soittaa.";
    let r = check_fi(&v, text);
    assert_eq!(
        r.findings[0].suggestions[0].replacement,
        "Olisit voi nyt, voinut"
    );
}

// ---------------------------------------------------------------------------------------------
// Regex rules

#[test]
fn regex_rules_expand_capture_groups() {
    let v = fi_voice(
        r#"[[rule]]
id = "fi.t.eraantynyt"
level = "warning"
message = "M."
regex = ['\b(\d+) päivää myöhässä\b']
suggest = ["$1 päivää sitten erääntynyt", "$0!"]
bad = ["Lasku on 14 päivää myöhässä.", "3 PÄIVÄÄ MYÖHÄSSÄ"]
good = ["Lasku erääntyi 14 päivää sitten.", "Ei myöhässä."]
"#,
    );
    let text = "Lasku on 14 päivää myöhässä ja toinen 7 PÄIVÄÄ MYÖHÄSSÄ.";
    let r = check_fi(&v, text);
    assert_eq!(
        flagged(&r, text),
        ["14 päivää myöhässä", "7 PÄIVÄÄ MYÖHÄSSÄ"],
        "regexes are case-insensitive, Unicode included"
    );
    let first: Vec<&str> = r.findings[0]
        .suggestions
        .iter()
        .map(|s| s.replacement.as_str())
        .collect();
    assert_eq!(
        first,
        ["14 päivää sitten erääntynyt", "14 päivää myöhässä!"]
    );
    assert_eq!(
        r.findings[1].suggestions[0].replacement, "7 PÄIVÄÄ SITTEN ERÄÄNTYNYT",
        "an upper-case match gets an upper-case replacement"
    );
    assert_eq!(
        r.fixed(text),
        "Lasku on 14 päivää sitten erääntynyt ja toinen 7 PÄIVÄÄ SITTEN ERÄÄNTYNYT."
    );
}

// ---------------------------------------------------------------------------------------------
// Case of suggestions

#[test]
fn suggestions_keep_the_case_of_what_they_replace() {
    let v = fi_voice(&phrase_rule(
        "fi.t.kuten",
        &["kuten [jo] totesimme [,]"],
        &["kerrataan vielä:"],
        &["Kuten totesimme.", "kuten totesimme"],
    ));
    let text = "Kuten totesimme, A. Tilaus, kuten jo totesimme, lähti. KUTEN TOTESIMME, B.";
    let r = check_fi(&v, text);
    let replacements: Vec<&str> = r
        .findings
        .iter()
        .map(|f| f.suggestions[0].replacement.as_str())
        .collect();
    assert_eq!(
        replacements,
        ["Kerrataan vielä:", "kerrataan vielä:", "KERRATAAN VIELÄ:"]
    );
    assert_eq!(
        r.fixed(text),
        "Kerrataan vielä: A. Tilaus, kerrataan vielä: lähti. KERRATAAN VIELÄ: B."
    );
}

#[test]
fn a_capitalised_suggestion_stays_capitalised() {
    let v = fi_voice(&phrase_rule(
        "fi.t.sina",
        &["sinä"],
        &["Te"],
        &["Sinä.", "sinä"],
    ));
    let text = "Voisitko sinä tulla?";
    let r = check_fi(&v, text);
    assert_eq!(r.findings[0].suggestions[0].replacement, "Te");
}

// ---------------------------------------------------------------------------------------------
// Required elements

const GREETING: &str = r#"[[rule]]
id = "fi.t.tervehdys"
level = "info"
message = "Aloita tervehdyksellä."
require = ["hei|moi", "hyvä asiakas"]
position = "start"
within = 1
suggest = ["Hei,\n\n"]
bad = ["Tilaus lähti.", "Kiitos. Hei."]
good = ["Hei, tilaus lähti.", "Moi!"]

[[rule]]
id = "fi.t.allekirjoitus"
level = "warning"
message = "Lopeta allekirjoitukseen."
kinds = ["email"]
require = ["terveisin|ystävällisin"]
position = "end"
suggest = ["\n\nTerveisin,\nAsiakaspalvelu"]
bad = ["Tilaus lähti.", "Terveisin. Tilaus lähti. Kiitos."]
good = ["Tilaus lähti.\nTerveisin Anna", "Ystävällisin terveisin"]
"#;

#[test]
fn required_at_the_start_fires_when_absent() {
    let v = fi_voice(GREETING);
    let text = "Tilauksesi lähti tänään.";
    let r = check_fi(&v, text);
    assert_eq!(rules_of(&r), ["fi.t.tervehdys"]);
    let f = &r.findings[0];
    assert_eq!((f.start, f.end), (0, text.len()), "the first sentence");
    assert_eq!((f.suggestions[0].start, f.suggestions[0].end), (0, 0));
    assert_eq!(r.fixed(text), "Hei,\n\nTilauksesi lähti tänään.");

    assert!(
        check_fi(&v, "Hei Anna!\nTilauksesi lähti.")
            .findings
            .is_empty()
    );
    assert!(
        check_fi(&v, "HYVÄ ASIAKAS, tilaus lähti.")
            .findings
            .is_empty()
    );
    // `within = 1`: a greeting in the second sentence is too late.
    assert_eq!(
        rules_of(&check_fi(&v, "Tilaus lähti. Hei.")),
        ["fi.t.tervehdys"]
    );
}

#[test]
fn required_at_the_end_applies_only_to_its_kinds() {
    let v = fi_voice(GREETING);
    let text = "Hei,\nTilauksesi lähti tänään.";
    let email = v.check(text, Some(Lang::Fi), Some(DocKind::Email));
    assert_eq!(rules_of(&email), ["fi.t.allekirjoitus"]);
    let f = &email.findings[0];
    assert_eq!(&text[f.start..f.end], "Tilauksesi lähti tänään.");
    assert_eq!(f.suggestions[0].start, text.len());
    assert_eq!(
        email.fixed(text),
        "Hei,\nTilauksesi lähti tänään.\n\nTerveisin,\nAsiakaspalvelu"
    );
    // Not an email: the rule does not apply; no kind at all: neither.
    assert!(check_fi(&v, text).findings.is_empty());
    assert!(v.check(text, Some(Lang::Fi), None).findings.is_empty());
    // Signed within the last two sentences (the default `within`).
    let signed = "Hei,\nTilaus lähti.\nYstävällisin terveisin\nAnna";
    assert!(
        v.check(signed, Some(Lang::Fi), Some(DocKind::Email))
            .findings
            .is_empty()
    );
}

#[test]
fn required_rules_say_nothing_about_an_empty_draft() {
    let v = fi_voice(GREETING);
    assert!(check_fi(&v, "").findings.is_empty());
    assert!(
        v.check("  \n ", Some(Lang::Fi), Some(DocKind::Email))
            .findings
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------------
// Metrics

const METRICS: &str = r#"[[rule]]
id = "fi.t.huutomerkit"
level = "warning"
message = "Yksi riittää."
metric = "exclamation-run"
bad = ["Kiitos!!", "Hei!!!"]
good = ["Kiitos!", "Hei."]

[[rule]]
id = "fi.t.kapiteelit"
level = "info"
message = "Älä huuda."
metric = "caps-word"
allow = ["ikea", "ALV"]
bad = ["TÄRKEÄÄ tietoa.", "Lue TÄMÄ."]
good = ["Tilaus IKEA:sta.", "ALV 24 %."]

[[rule]]
id = "fi.t.pitkat-lauseet"
level = "info"
message = "Lyhennä lausetta."
metric = "sentence-words"
max = 6
bad = ["Yksi kaksi kolme neljä viisi kuusi seitsemän.", "a b c d e f g h"]
good = ["Lyhyt lause.", "Yksi kaksi kolme neljä viisi kuusi."]
"#;

#[test]
fn exclamation_runs_over_the_max_are_flagged_and_fixed() {
    let v = fi_voice(METRICS);
    let text = "Kiitos! Hienoa!! Mahtavaa!!!!";
    let r = check_fi(&v, text);
    assert_eq!(flagged(&r, text), ["!!", "!!!!"]);
    assert_eq!(r.fixed(text), "Kiitos! Hienoa! Mahtavaa!");
}

#[test]
fn exclamation_run_max_is_configurable() {
    let v = fi_voice(
        r#"[[rule]]
id = "fi.t.huuto"
level = "warning"
message = "M."
metric = "exclamation-run"
max = 2
suggest = ["."]
bad = [{ text = "Hei!!!", fixed = "Hei." }, "Moi!!!!"]
good = ["Hei!!", "Moi!"]
"#,
    );
    let text = "Hei!! Moi!!!";
    let r = check_fi(&v, text);
    assert_eq!(flagged(&r, text), ["!!!"]);
    assert_eq!(r.fixed(text), "Hei!! Moi.");
}

#[test]
fn caps_words_are_flagged_except_allowed_and_short_ones() {
    let v = fi_voice(METRICS);
    let text = "TÄRKEÄÄ: tilaus IKEA:lta lähti. Posti toimittaa sen. Lue TÄMÄ ja ALV. Koodi ORD1234 on ÖÖÖ. IKEA! Hei. KIITOS!";
    let r = check_fi(&v, text);
    let caps: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.rule == "fi.t.kapiteelit")
        .map(|f| &text[f.start..f.end])
        .collect();
    assert_eq!(
        caps,
        ["TÄRKEÄÄ", "TÄMÄ", "KIITOS"],
        "`ALV` and `ÖÖÖ` are short, `ORD1234` is a code, `IKEA` is allowed (in any case), `IKEA:lta` is not all capitals"
    );
    let fixes: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.rule == "fi.t.kapiteelit")
        .map(|f| f.suggestions[0].replacement.as_str())
        .collect();
    assert_eq!(
        fixes,
        ["Tärkeää", "tämä", "Kiitos"],
        "lower case, capitalised at the start of a sentence"
    );
}

#[test]
fn long_sentences_are_flagged_whole() {
    let v = fi_voice(METRICS);
    let text = "Lyhyt lause. Tämä lause on selvästi liian pitkä luettavaksi kerralla. Taas lyhyt.";
    let r = check_fi(&v, text);
    assert_eq!(
        flagged(&r, text),
        ["Tämä lause on selvästi liian pitkä luettavaksi kerralla."]
    );
    assert!(r.findings[0].suggestions.is_empty());
    assert_eq!(r.findings[0].level, Level::Info);
}

#[test]
fn long_sentences_are_counted_alike_with_and_without_the_address_analysis() {
    // With a register rule, the Finnish address analysis runs and counts each sentence's
    // words as it reads them; without one, the metric counts them itself.
    let register = r#"[[rule]]
id = "fi.t.puhuttelu"
level = "warning"
register = "mismatch"
message = "Puhuttelu."
bad = [{ text = "Voitte seurata tilaustanne linkistä.", register = "informal" }]
good = [{ text = "Voit seurata tilaustasi linkistä.", register = "informal" }]
"#;
    let text = "Voit tilata EU:n alueelle asiakaspalvelu-osoitteen kautta nyt. \
                Yksi – kaksi × kolme 😀 neljä viisi kuusi.\n\
                Don't: a-b c'd e:f g h i j.\n\
                Tilaus, lasku, kuitti; maksu.\n\
                ÄITI öö ÅÅ é ü ß ø œ.";
    let with = check_fi(&fi_voice(&format!("{METRICS}\n{register}")), text);
    let without = check_fi(&fi_voice(METRICS), text);
    let long = |r: &Review| -> Vec<String> {
        r.findings
            .iter()
            .filter(|f| f.rule == "fi.t.pitkat-lauseet")
            .map(|f| text[f.start..f.end].to_string())
            .collect()
    };
    assert_eq!(long(&with), long(&without));
    assert_eq!(
        long(&without),
        [
            "Voit tilata EU:n alueelle asiakaspalvelu-osoitteen kautta nyt.",
            "Don't: a-b c'd e:f g h i j.",
            "ÄITI öö ÅÅ é ü ß ø œ."
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Consistency

const CONSISTENCY: &str = r#"[[rule]]
id = "fi.t.tilaus-vai-ostos"
level = "warning"
message = "Tässä viestissä puhutaan enimmäkseen muodosta {dominant}; käytä sitä myös tässä ({other})."
consistency = [
  { name = "tilaus", match = ["tilau*"], replace = "tilaus" },
  { name = "ostos", match = ["ostok*", "ostos*"], replace = "ostos" },
]
bad = ["Tilaus ja tilaus ja ostos.", "Ostos, ostos ja tilaus."]
good = ["Tilaus ja tilaus.", "Ostos."]
"#;

#[test]
fn consistency_flags_the_minority_set_and_names_both() {
    let v = fi_voice(CONSISTENCY);
    let text = "Tilauksesi on lähtenyt. Ostos saapuu huomenna. Kiitos tilauksesta!";
    let r = check_fi(&v, text);
    assert_eq!(flagged(&r, text), ["Ostos"]);
    let f = &r.findings[0];
    assert_eq!(
        f.message,
        "Tässä viestissä puhutaan enimmäkseen muodosta tilaus; käytä sitä myös tässä (ostos)."
    );
    assert_eq!(f.suggestions[0].replacement, "Tilaus", "Title case kept");

    // The other way round: ostos dominates.
    let text = "Ostoksesi lähti. Ostos saapuu huomenna. Tilaus on maksettu.";
    let r = check_fi(&v, text);
    assert_eq!(flagged(&r, text), ["Tilaus"]);
    assert!(r.findings[0].message.contains("muodosta ostos"));
    assert!(r.findings[0].message.contains("(tilaus)"));
}

#[test]
fn consistency_is_quiet_with_one_set_and_a_tie_goes_to_the_first_used() {
    let v = fi_voice(CONSISTENCY);
    assert!(
        check_fi(&v, "Tilaus lähti. Tilauksesi saapuu.")
            .findings
            .is_empty()
    );
    let text = "Ostos lähti. Tilaus saapuu.";
    let r = check_fi(&v, text);
    assert_eq!(flagged(&r, text), ["Tilaus"]);
}

// ---------------------------------------------------------------------------------------------
// unless

#[test]
fn unless_suppresses_findings_in_the_same_sentence_only() {
    let v = fi_voice(
        r#"[[rule]]
id = "fi.t.valitettavasti"
level = "warning"
message = "Kerro, mitä voimme tehdä."
match = ["valitettavasti"]
unless = ["mutta|kuitenkin"]
bad = ["Valitettavasti tuote on loppu.", "Tuote on valitettavasti loppu."]
good = ["Valitettavasti tuote on loppu, mutta saamme lisää.", "Tuote on loppu."]
"#,
    );
    let text = "Valitettavasti tuote on loppu, mutta saamme lisää. Valitettavasti tilaus myöhästyy. Voimme kuitenkin hyvittää.";
    let r = check_fi(&v, text);
    assert_eq!(flagged(&r, text), ["Valitettavasti"]);
    assert_eq!(
        r.findings[0].start,
        text.find("Valitettavasti tilaus").unwrap()
    );
}

// ---------------------------------------------------------------------------------------------
// Kinds, language, levels, terms

#[test]
fn a_rule_with_kinds_fires_only_for_those_kinds() {
    let v = fi_voice(
        r#"[[rule]]
id = "fi.t.perinta"
level = "error"
message = "Älä uhkaa perinnällä."
kinds = ["reminder", "invoice"]
match = ["perintä*"]
bad = ["Siirrämme perintään.", "Perintätoimisto hoitaa."]
good = ["Maksathan pian.", "Kiitos."]
"#,
    );
    let text = "Siirrämme laskun perintään.";
    for (kind, fires) in [
        (Some(DocKind::Reminder), true),
        (Some(DocKind::Invoice), true),
        (Some(DocKind::Reply), false),
        (Some(DocKind::Email), false),
        (None, false),
    ] {
        let r = v.check(text, Some(Lang::Fi), kind);
        assert_eq!(!r.findings.is_empty(), fires, "{kind:?}");
        assert_eq!(r.kind, kind);
    }
}

#[test]
fn rules_apply_to_drafts_of_their_language_and_detection_picks_it() {
    let v = voice_with(
        "",
        vec![
            pack(
                "fi/t",
                &format!(
                    "[pack]\nlang = \"fi\"\n\n{}",
                    phrase_rule(
                        "fi.t.valitettavasti",
                        &["valitettavasti"],
                        &[],
                        &["Valitettavasti.", "valitettavasti"]
                    )
                ),
            ),
            pack(
                "en/t",
                "[pack]\nlang = \"en\"\n\n[[rule]]\nid = \"en.t.unfortunately\"\nlevel = \"info\"\nmessage = \"M.\"\nmatch = [\"unfortunately\"]\nbad = [\"Unfortunately.\", \"unfortunately\"]\ngood = [\"Hi.\", \"Thanks.\"]\n",
            ),
        ],
    );
    let fi = "Valitettavasti tilauksesi on myöhässä, mutta se on jo matkalla. Unfortunately.";
    let r = v.check(fi, None, None);
    assert_eq!(r.lang, Lang::Fi);
    assert_eq!(rules_of(&r), ["fi.t.valitettavasti"]);
    let en = "Unfortunately your order is late, but it is on its way. Valitettavasti.";
    let r = v.check(en, None, None);
    assert_eq!(r.lang, Lang::En);
    assert_eq!(rules_of(&r), ["en.t.unfortunately"]);
    // An explicit language wins over detection.
    let r = v.check(en, Some(Lang::Fi), None);
    assert_eq!(
        (r.lang, rules_of(&r)),
        (Lang::Fi, vec!["fi.t.valitettavasti"])
    );
}

#[test]
fn profile_levels_and_terms_shape_the_rules() {
    let rules = format!(
        "{}{}",
        phrase_rule(
            "fi.t.kuten",
            &["kuten totesimme"],
            &[],
            &["Kuten totesimme.", "kuten totesimme"]
        ),
        phrase_rule(
            "fi.t.valitettavasti",
            &["valitettavasti"],
            &[],
            &["Valitettavasti.", "valitettavasti"]
        ),
    );
    let v = voice_with(
        r#"
[levels]
"fi.t.*" = "info"
"fi.t.kuten" = "off"
"fi.t.valitettavasti" = "error"

[terms.fi]
preferred = { "verkkokauppa" = ["nettikaup*", "webshop*"] }
forbidden = ["halpa*"]
"#,
        vec![pack("fi/t", &format!("[pack]\nlang = \"fi\"\n\n{rules}"))],
    );
    let text = "Kuten totesimme, valitettavasti webshopissa on halpahintaisia tuotteita.";
    let r = check_fi(&v, text);
    let got: Vec<(&str, Level, &str)> = r
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.level, &text[f.start..f.end]))
        .collect();
    assert_eq!(
        got,
        [
            ("fi.t.valitettavasti", Level::Error, "valitettavasti"),
            ("fi.terms.use-verkkokauppa", Level::Warning, "webshopissa"),
            ("fi.terms.avoid-halpa", Level::Warning, "halpahintaisia"),
        ],
        "the last matching [levels] line wins; `off` removes the rule"
    );
    assert_eq!(r.findings[1].suggestions[0].replacement, "verkkokauppa");
    assert!(r.findings[1].message.contains("verkkokauppa"));
    assert!(r.findings[2].message.contains("halpa*"));
}

// ---------------------------------------------------------------------------------------------
// Positions

#[test]
fn findings_are_sorted_by_position_across_rule_types() {
    let v = fi_voice(&format!(
        "{}{}{}",
        METRICS,
        phrase_rule(
            "fi.t.kuten",
            &["kuten totesimme"],
            &[],
            &["Kuten totesimme.", "kuten totesimme"]
        ),
        CONSISTENCY
    ));
    let text =
        "TÄRKEÄÄ!! Kuten totesimme, tilaus ja tilaus lähti. Ostos!!! Kuten totesimme, LOPPU.";
    let r = check_fi(&v, text);
    let starts: Vec<usize> = r.findings.iter().map(|f| f.start).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
    assert_eq!(
        flagged(&r, text),
        [
            "TÄRKEÄÄ",
            "!!",
            "Kuten totesimme",
            "Ostos",
            "!!!",
            "Kuten totesimme",
            "LOPPU"
        ]
    );
}

#[test]
fn nfd_input_gives_offsets_into_the_original_on_char_boundaries() {
    let v = fi_voice(&format!(
        "{}{}",
        phrase_rule(
            "fi.t.paiva",
            &["hyvää päivää"],
            &["hei"],
            &["Hyvää päivää.", "hyvää päivää"]
        ),
        phrase_rule("fi.t.aiti", &["äiti*"], &["vanhempi"], &["Äiti.", "äidit"]),
    ));
    // "Hyvää päivää" and "äitisi" written with combining diaereses (as macOS pastes them).
    let text = "Ha\u{308}yva\u{308}a\u{308} ja hyva\u{308}a\u{308} pa\u{308}iva\u{308}a\u{308}, a\u{308}itisi 😀 soitti.";
    let r = check_fi(&v, text);
    assert_eq!(
        flagged(&r, text),
        [
            "hyva\u{308}a\u{308} pa\u{308}iva\u{308}a\u{308}",
            "a\u{308}itisi"
        ]
    );
    for f in &r.findings {
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        for s in &f.suggestions {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
    // The fix touches only the flagged words; everything else keeps its NFD bytes.
    assert_eq!(
        r.fixed(text),
        "Ha\u{308}yva\u{308}a\u{308} ja hei, vanhempi 😀 soitti."
    );
}

#[test]
fn an_empty_draft_has_no_findings() {
    let v = fi_voice(&format!(
        "{METRICS}{CONSISTENCY}{}",
        phrase_rule(
            "fi.t.kuten",
            &["kuten totesimme"],
            &[],
            &["Kuten totesimme.", "kuten totesimme"]
        )
    ));
    let r = check_fi(&v, "");
    assert!(r.findings.is_empty());
    assert_eq!(r.max_level(), None);
}

#[test]
fn review_counts_levels() {
    let v = fi_voice(METRICS);
    let text = "TÄRKEÄÄ!! Yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan.";
    let r = check_fi(&v, text);
    assert_eq!(r.max_level(), Some(Level::Warning));
    assert_eq!(r.count_at_least(Level::Warning), 1);
    assert_eq!(r.count_at_least(Level::Info), 3);
    assert_eq!(r.count_at_least(Level::Error), 0);
}

#[test]
fn the_bundled_voice_loads_and_flags_the_documented_example() {
    let v = Voice::bundled();
    let r = v.check(
        "Kuten jo totesimme, palautusaika on 14 päivää.",
        Some(Lang::Fi),
        Some(DocKind::Reply),
    );
    assert!(r.findings.iter().any(|f| f.rule.starts_with("fi.")));
}

// ---------------------------------------------------------------------------------------------
// Regex rules are independent of each other

const TWO_REGEXES: &str = r#"[[rule]]
id = "fi.t.paivaa-myohassa"
level = "warning"
message = "A."
regex = ['\bpäivää myöhässä\b']
bad = ["3 päivää myöhässä.", "Päivää myöhässä."]
good = ["Ajoissa.", "Kiitos."]

[[rule]]
id = "fi.t.myohassa"
level = "info"
message = "B."
kinds = ["reply"]
regex = ['\bmyöhässä\b']
bad = ["Myöhässä.", "Lasku on myöhässä."]
good = ["Ajoissa.", "Kiitos."]
"#;

#[test]

fn overlapping_matches_of_two_regex_rules_are_both_found() {
    let v = fi_voice(TWO_REGEXES);
    let text = "Lasku on 3 päivää myöhässä.";
    let r = check_fi(&v, text);
    assert_eq!(
        rules_of(&r),
        ["fi.t.paivaa-myohassa", "fi.t.myohassa"],
        "each regex rule finds its own matches, as phrase rules do"
    );
}

#[test]

fn a_regex_rule_of_another_kind_does_not_hide_an_active_one() {
    let v = fi_voice(
        r#"[[rule]]
id = "fi.t.laskulla"
level = "warning"
message = "A."
kinds = ["invoice"]
regex = ['\blasku on myöhässä\b']
bad = [{ text = "Lasku on myöhässä.", kind = "invoice" }, { text = "lasku on myöhässä", kind = "invoice" }]
good = ["Ajoissa.", "Kiitos."]

[[rule]]
id = "fi.t.myohassa"
level = "info"
message = "B."
regex = ['\bmyöhässä\b']
bad = ["Myöhässä.", "Lasku on myöhässä."]
good = ["Ajoissa.", "Kiitos."]
"#,
    );
    let text = "Lasku on myöhässä.";
    let r = check_fi(&v, text);
    assert_eq!(rules_of(&r), ["fi.t.myohassa"]);
}

#[test]

fn a_rule_with_both_match_and_regex_reports_a_place_once() {
    let v = fi_voice(
        r#"[[rule]]
id = "fi.t.kuten"
level = "warning"
message = "M."
match = ["kuten totesimme"]
regex = ['\bkuten (jo )?totesimme\b']
bad = ["Kuten totesimme.", "Kuten jo totesimme."]
good = ["Ajoissa.", "Kiitos."]
"#,
    );
    let text = "Kuten totesimme, ok. Kuten jo totesimme, ok.";
    let r = check_fi(&v, text);
    assert_eq!(flagged(&r, text), ["Kuten totesimme", "Kuten jo totesimme"]);
}

// ---------------------------------------------------------------------------------------------
// Register rules

const REGISTER_RULES: &str = r#"
[[rule]]
id = "fi.r.mismatch"
level = "warning"
register = "mismatch"
message = "Poikkeaa."
bad = [{ text = "Voit maksaa.", register = "formal" }, { text = "Voitte maksaa.", register = "informal" }]
good = [{ text = "Voitte maksaa.", register = "formal" }, { text = "Lasku maksetaan.", register = "formal" }]
[rule.messages]
informal = "Sinutellaan: {words}."
formal = "Teititellään: {words} ({count}/{total})."

[[rule]]
id = "fi.r.mixed"
level = "info"
register = "mixed"
message = "Sekoittaa."
bad = ["Voit maksaa. Voitteko soittaa?", "Kiitos viestistänne. Voit soittaa."]
good = ["Voit maksaa. Voit soittaa.", "Lasku maksetaan."]
[rule.messages]
informal = "Enimmäkseen sinä: {words}."
formal = "Enimmäkseen Te: {words}."
"#;

/// A Finnish voice with the register rules and this profile text.
fn register_voice(profile: &str) -> Voice {
    voice_with(
        profile,
        vec![pack(
            "fi/r",
            &format!("[pack]\nlang = \"fi\"\n\n{REGISTER_RULES}"),
        )],
    )
}

#[test]
fn a_sentence_departing_from_the_house_register_of_its_kind_is_flagged() {
    let v = register_voice("[register]\ninvoice = \"formal\"\nreply = \"informal\"\n");
    let text = "Laskunne on liitteenä. Voit maksaa sen verkkopankissa. Voitte myös soittaa.";
    let invoice = v.check(text, Some(Lang::Fi), Some(DocKind::Invoice));
    assert_eq!(rules_of(&invoice), ["fi.r.mismatch"]);
    assert_eq!(flagged(&invoice, text), ["Voit"]);
    // {count}: sentences already formal; {total}: sentences that address the reader.
    assert_eq!(invoice.findings[0].message, "Teititellään: Voit (2/3).");
    let reply = v.check(text, Some(Lang::Fi), Some(DocKind::Reply));
    assert_eq!(flagged(&reply, text), ["Laskunne", "Voitte"]);
    assert!(
        reply
            .findings
            .iter()
            .all(|f| f.message.starts_with("Sinutellaan"))
    );
    // With a house register, `mixed` stays quiet: `mismatch` already says it all.
    assert!(!rules_of(&reply).contains(&"fi.r.mixed"));
    // A kind with no house register falls back to `mixed`, pointing at the dominant register.
    let email = v.check(text, Some(Lang::Fi), Some(DocKind::Email));
    assert_eq!(rules_of(&email), ["fi.r.mixed"]);
    assert_eq!(flagged(&email, text), ["Voit"]);
    assert_eq!(email.findings[0].message, "Enimmäkseen Te: Voit.");
    let related: Vec<&str> = email.findings[0]
        .related
        .iter()
        .map(|r| &text[r.start..r.end])
        .collect();
    assert_eq!(related, ["Laskunne"]);
}

#[test]
fn a_mixed_tie_keeps_the_register_the_draft_opens_with() {
    let v = register_voice("");
    let text = "Voitteko lähettää kuvan? Voit myös soittaa.";
    let r = v.check(text, Some(Lang::Fi), None);
    assert_eq!(flagged(&r, text), ["Voit"]);
    let text = "Voit lähettää kuvan. Voitteko myös soittaa?";
    let r = v.check(text, Some(Lang::Fi), None);
    assert_eq!(flagged(&r, text), ["Voitteko"]);
    assert!(
        v.check("Voit maksaa. Voit soittaa.", Some(Lang::Fi), None)
            .findings
            .is_empty()
    );
}

#[test]
fn review_as_overrides_the_house_register_and_neutral_flags_any_address() {
    let v = register_voice("[register]\nreply = \"informal\"\n");
    let text = "Voit maksaa laskun.";
    let r = v.review_as(
        text,
        Some(Lang::Fi),
        Some(DocKind::Reply),
        Some(savy::Register::Formal),
        false,
    );
    assert_eq!(rules_of(&r), ["fi.r.mismatch"]);
    assert!(r.register.is_none());
    // The rule has no `neutral` message, so a neutral house is not checked by it.
    let r = v.review_as(
        text,
        Some(Lang::Fi),
        None,
        Some(savy::Register::Neutral),
        true,
    );
    assert!(r.findings.is_empty());
    assert_eq!(r.register.unwrap().sentences.len(), 1);
}
