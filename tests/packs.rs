//! Registry-wide checks of the shipped packs: what every pack must satisfy beyond loading.

use savy::check::test_rule;
use savy::rules::{Check, Metric, load_packs, shipped_packs};
use savy::text::Lang;

#[test]
fn every_shipped_rule_passes_its_own_examples() {
    let packs = load_packs(&shipped_packs()).expect("shipped packs load");
    let failures: Vec<String> = packs
        .iter()
        .flat_map(|p| {
            p.rules.iter().flat_map(move |r| {
                test_rule(r)
                    .into_iter()
                    .map(move |f| format!("{}:{}: {}: {}", p.path, f.line, f.rule, f.problem))
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing examples:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn each_language_has_at_least_forty_rules_with_two_examples_each_way() {
    let packs = load_packs(&shipped_packs()).unwrap();
    for lang in Lang::ALL {
        let rules: Vec<_> = packs
            .iter()
            .filter(|p| p.lang == lang)
            .flat_map(|p| &p.rules)
            .collect();
        assert!(rules.len() >= 40, "{lang}: only {} rules", rules.len());
        for r in rules {
            assert!(
                r.bad.len() >= 2,
                "{}: {} bad examples, need 2",
                r.id,
                r.bad.len()
            );
            assert!(
                r.good.len() >= 2,
                "{}: {} good examples, need 2",
                r.id,
                r.good.len()
            );
            assert!(
                !r.message.trim().is_empty() && !r.message.contains('\n'),
                "{}: message must be one line",
                r.id
            );
        }
    }
}

#[test]
fn pack_ids_follow_their_folder_and_rule_ids_their_pack() {
    for pack in load_packs(&shipped_packs()).unwrap() {
        let (dir, name) = pack
            .id
            .split_once('/')
            .expect("packs live in rules/<lang>/");
        assert_eq!(
            dir,
            pack.lang.code(),
            "{} is in the wrong folder",
            pack.path
        );
        for r in &pack.rules {
            let want = format!("{dir}.{name}.");
            assert!(
                r.id.starts_with(&want),
                "{}: id should start with {want}",
                r.id
            );
        }
    }
}

#[test]
fn every_kind_of_rule_ships_in_both_languages() {
    let packs = load_packs(&shipped_packs()).unwrap();
    for lang in Lang::ALL {
        let checks: Vec<&Check> = packs
            .iter()
            .filter(|p| p.lang == lang)
            .flat_map(|p| &p.rules)
            .map(|r| &r.check)
            .collect();
        let has = |f: &dyn Fn(&Check) -> bool| checks.iter().any(|c| f(c));
        assert!(
            has(&|c| matches!(c, Check::Phrase { .. })),
            "{lang}: no phrase rule"
        );
        assert!(
            has(&|c| matches!(c, Check::Required { .. })),
            "{lang}: no required-element rule"
        );
        assert!(
            has(&|c| matches!(c, Check::Consistency(_))),
            "{lang}: no consistency rule"
        );
        assert!(
            has(&|c| matches!(c, Check::Metric(Metric::ExclamationRun { .. }))),
            "{lang}: no exclamation metric"
        );
        assert!(
            has(&|c| matches!(c, Check::Metric(Metric::CapsWord { .. }))),
            "{lang}: no caps metric"
        );
        assert!(
            has(&|c| matches!(c, Check::Metric(Metric::SentenceWords { .. }))),
            "{lang}: no sentence-length metric"
        );
    }
}

#[test]
fn the_bundled_and_example_profiles_load_with_the_shipped_packs() {
    let voice = savy::Voice::bundled();
    assert!(voice.engine().rules().len() >= 80);
    let example = savy::Profile::parse("rules/savy.toml", include_str!("../rules/savy.toml"))
        .expect("example profile parses");
    savy::Voice::new(example, shipped_packs())
        .expect("example profile works with the shipped packs");
}
