//! End-to-end tests of the `savy` binary: every flag, output format, bad input and exit code.
//!
//! The tests use the small packs in `tests/fixtures/rules` (selected by the profile
//! `tests/fixtures/savy.toml`), never the shipped packs' exact content, and run each command in
//! a temporary folder so no real `savy.toml` is found by accident.

mod common;

use assert_cmd::Command;
use common::{bare, fixtures, jsonl, run, tmp, write, write_profile};
use predicates::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------------
// Helpers

/// The fixture profile: only the packs `fi/fixture` and `en/fixture`.
fn profile() -> PathBuf {
    fixtures().join("savy.toml")
}

/// `savy --config tests/fixtures/savy.toml`, run in `dir`.
fn savy(dir: &Path) -> Command {
    let mut cmd = bare();
    cmd.current_dir(dir).arg("--config").arg(profile());
    cmd
}

fn rule_ids(obj: &Value) -> Vec<&str> {
    obj["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings in {obj}"))
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

const KUTEN: &str = "fi.fixture.kuten-totesimme";
const VALITETTAVASTI: &str = "fi.fixture.valitettavasti";
const LASKUTUSLISA: &str = "fi.fixture.laskutuslisa";
const HUUTO: &str = "fi.fixture.huutomerkit";
const AS_PER: &str = "en.fixture.as-per-my-last-email";
const UNFORTUNATELY: &str = "en.fixture.unfortunately";

// ---------------------------------------------------------------------------------------------
// Human output

#[test]
fn human_output_names_place_span_rule_level_message_and_suggestion() {
    let dir = tmp();
    write(
        dir.path(),
        "draft.txt",
        "Hei,\n\nTilaus on matkalla, kuten jo totesimme, huomenna.\n",
    );
    let r = run(savy(dir.path()).args(["check", "draft.txt"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let out = &r.stdout;
    assert!(
        out.contains(&format!(
            "warning[{KUTEN}]: Viittaus aiempaan viestiin kuulostaa moitteelta."
        )),
        "{out}"
    );
    assert!(out.contains("draft.txt:3:21"), "{out}");
    // The flagged words are quoted and underlined: 20 columns in, 20 characters long.
    let quoted = "Tilaus on matkalla, kuten jo totesimme, huomenna.";
    assert!(out.contains(quoted), "{out}");
    let underline = out
        .lines()
        .find(|l| l.contains('━'))
        .unwrap_or_else(|| panic!("no underline in {out}"));
    let (gutter, marks) = underline.split_once('│').unwrap();
    assert_eq!(gutter.trim(), "");
    assert_eq!(
        marks.trim_start().chars().count(),
        "kuten jo totesimme,".len()
    );
    assert_eq!(
        marks.chars().count() - marks.trim_start().chars().count(),
        1 + "Tilaus on matkalla, ".len()
    );
    // The suggestion as a patch.
    assert!(out.contains("help: suggestion"), "{out}");
    assert!(
        out.contains("+ Tilaus on matkalla, kerrataan vielä: huomenna."),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("Checked 1 draft: 1 finding (1 warning) in 1 draft."),
        "{out}"
    );
}

#[test]
fn human_summary_counts_levels_and_drafts() {
    let dir = tmp();
    write(
        dir.path(),
        "a.txt",
        "Kuten totesimme, ok!! Valitettavasti ei.",
    );
    write(dir.path(), "b.txt", "Hei, kaikki hyvin.");
    write(dir.path(), "c.txt", "");
    let r = run(savy(dir.path()).args(["check", "a.txt", "b.txt", "c.txt"]));
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.trim_end().ends_with(
            "Checked 2 drafts: 3 findings (2 warnings, 1 info) in 1 draft. Skipped 1 input."
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn human_output_snapshot() {
    // Run inside tests/fixtures: its savy.toml is discovered there.
    let r = run(bare().current_dir(fixtures()).args([
        "check",
        "drafts/reply-fi.txt",
        "drafts/reply-en.txt",
    ]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("human_reply_fi_en", r.stdout);
}

#[test]
fn quiet_prints_only_the_summary() {
    let dir = tmp();
    write(dir.path(), "a.txt", "Kuten totesimme, ok.");
    write(dir.path(), "empty.txt", "");
    let r = run(savy(dir.path()).args(["check", "-q", "a.txt", "empty.txt"]));
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "Checked 1 draft: 1 finding (1 warning) in 1 draft. Skipped 1 input.\n"
    );
    assert_eq!(r.stderr, "");
}

#[test]
fn piped_and_no_color_output_has_no_ansi_escapes() {
    let dir = tmp();
    write(dir.path(), "a.txt", "Kuten totesimme, ok!!");
    let piped = run(savy(dir.path()).args(["check", "a.txt"]));
    assert!(piped.stdout.contains(KUTEN));
    assert!(!piped.stdout.contains('\x1b'), "{:?}", piped.stdout);

    // CLICOLOR_FORCE turns colour on when piped; NO_COLOR wins over it.
    let forced = run(savy(dir.path())
        .env("CLICOLOR_FORCE", "1")
        .args(["check", "a.txt"]));
    assert!(forced.stdout.contains("\x1b["), "{:?}", forced.stdout);
    let no_color = run(savy(dir.path())
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .args(["check", "a.txt"]));
    assert!(no_color.stdout.contains(KUTEN));
    assert!(!no_color.stdout.contains('\x1b'), "{:?}", no_color.stdout);
    let never = run(savy(dir.path())
        .env("CLICOLOR_FORCE", "1")
        .args(["--color", "never", "check", "a.txt"]));
    assert!(!never.stdout.contains('\x1b'));
}

#[test]
fn color_always_styles_piped_output() {
    let dir = tmp();
    write(dir.path(), "a.txt", "Kuten totesimme, ok.");
    let r = run(savy(dir.path()).args(["--color", "always", "check", "a.txt"]));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("\x1b["), "{:?}", r.stdout);
    assert!(r.stdout.contains(KUTEN));
    // Also after the subcommand (the flag is global).
    let r = run(savy(dir.path()).args(["check", "--color", "always", "a.txt"]));
    assert!(r.stdout.contains("\x1b["));
}

// ---------------------------------------------------------------------------------------------
// Inputs: stdin, files, folders

#[test]
fn check_reads_standard_input() {
    let dir = tmp();
    let r = run(savy(dir.path())
        .args(["check", "-"])
        .write_stdin("Hei!\nKuten totesimme, paketti on matkalla."));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("-:2:1"), "{}", r.stdout);
    assert!(r.stdout.contains(KUTEN));
    assert!(r.stdout.contains("Checked 1 draft: 1 finding"));
}

#[test]
fn standard_input_may_be_given_only_once() {
    let dir = tmp();
    savy(dir.path())
        .args(["check", "-", "-"])
        .write_stdin("Hei.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("can be given only once"));
}

#[test]
fn several_files_are_reported_in_the_order_given() {
    let dir = tmp();
    write(dir.path(), "z.txt", "Kuten totesimme, ok.");
    write(dir.path(), "a.txt", "Hei, kaikki hyvin.");
    write(dir.path(), "m.txt", "As per my last email, it ships today.");
    let r = run(savy(dir.path()).args(["check", "--format", "jsonl", "z.txt", "a.txt", "m.txt"]));
    assert_eq!(r.code, 1);
    let lines = jsonl(&r.stdout);
    let paths: Vec<&str> = lines.iter().map(|l| l["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["z.txt", "a.txt", "m.txt"]);
    assert_eq!(rule_ids(&lines[0]), [KUTEN]);
    assert!(rule_ids(&lines[1]).is_empty());
    assert_eq!(rule_ids(&lines[2]), [AS_PER]);

    let human = run(savy(dir.path()).args(["check", "z.txt", "a.txt", "m.txt"]));
    let z = human.stdout.find("z.txt:1:1").expect("z.txt reported");
    let m = human.stdout.find("m.txt:1:1").expect("m.txt reported");
    assert!(z < m);
    assert!(
        human
            .stdout
            .contains("Checked 3 drafts: 2 findings (2 warnings) in 2 drafts.")
    );
}

#[test]
fn a_missing_file_is_an_error() {
    let dir = tmp();
    savy(dir.path())
        .args(["check", "nope.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.txt: no such file or folder"));
}

#[test]
fn folder_walk_honours_gitignore_skips_binaries_and_fix_outputs() {
    let dir = tmp();
    let d = dir.path();
    let flagged = "Kuten totesimme, ok.\n";
    write(d, "drafts/.gitignore", "ignored/\n*.log\n");
    write(d, "drafts/a.txt", flagged);
    write(d, "drafts/a.savy.txt", flagged);
    write(d, "drafts/sub/b.md", flagged);
    write(d, "drafts/sub/c.savy", flagged);
    write(d, "drafts/ignored/c.txt", flagged);
    write(d, "drafts/notes.log", flagged);
    write(d, "drafts/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let r = run(savy(d).args(["check", "--format", "jsonl", "drafts"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = jsonl(&r.stdout);
    let paths: Vec<&str> = lines.iter().map(|l| l["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        ["drafts/a.txt", "drafts/logo.png", "drafts/sub/b.md"],
        "sorted by name; .gitignore'd, *.savy.* and hidden files left out"
    );
    assert_eq!(lines[1]["skipped"], "binary file");
    assert_eq!(rule_ids(&lines[0]), [KUTEN]);

    let human = run(savy(d).args(["check", "drafts"]));
    assert_eq!(human.code, 1);
    assert!(
        human
            .stderr
            .contains("note: drafts/logo.png: skipped, binary file"),
        "{}",
        human.stderr
    );
    assert!(
        human
            .stdout
            .contains("Checked 2 drafts: 2 findings (2 warnings) in 2 drafts. Skipped 1 input."),
        "{}",
        human.stdout
    );
}

#[test]
fn the_fixture_drafts_folder() {
    // Inside tests/fixtures, whose savy.toml is discovered: each draft with what it should get.
    let r = run(bare()
        .current_dir(fixtures())
        .args(["check", "--format", "jsonl", "drafts"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = jsonl(&r.stdout);
    let got: Vec<(&str, &str, Vec<&str>)> = lines
        .iter()
        .map(|l| {
            (
                l["path"].as_str().unwrap(),
                l["lang"].as_str().unwrap(),
                rule_ids(l),
            )
        })
        .collect();
    let expected: Vec<(&str, &str, Vec<&str>)> = vec![
        ("drafts/clean-fi.txt", "fi", vec![]),
        ("drafts/info-fi.txt", "fi", vec![VALITETTAVASTI]),
        ("drafts/invoice-fi.txt", "fi", vec![]),
        ("drafts/reply-en.txt", "en", vec![AS_PER, UNFORTUNATELY]),
        (
            "drafts/reply-fi.txt",
            "fi",
            vec![KUTEN, VALITETTAVASTI, HUUTO],
        ),
    ];
    assert_eq!(got, expected);
    // As invoices, the invoice-only rule joins in.
    let r = run(bare().current_dir(fixtures()).args([
        "check",
        "--format",
        "jsonl",
        "--kind",
        "invoice",
        "drafts/invoice-fi.txt",
    ]));
    assert_eq!(rule_ids(&jsonl(&r.stdout)[0]), [LASKUTUSLISA]);
}

#[test]
fn a_clean_folder_with_a_binary_file_exits_zero() {
    let dir = tmp();
    write(dir.path(), "d/a.txt", "Hei, kaikki hyvin.");
    write(dir.path(), "d/b.bin", b"\0\x01\x02");
    let r = run(savy(dir.path()).args(["check", "d"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("skipped, binary file"));
}

// ---------------------------------------------------------------------------------------------
// Output formats

#[test]
fn json_format_is_one_document_with_results_and_summary() {
    let dir = tmp();
    write(
        dir.path(),
        "a.txt",
        "Hei,\nKuten totesimme, ok!! Valitettavasti.",
    );
    write(dir.path(), "b.txt", "");
    write(dir.path(), "c.txt", b"\xff\xfe");
    let r = run(savy(dir.path()).args(["check", "--format", "json", "a.txt", "b.txt", "c.txt"]));
    assert_eq!(r.code, 2, "c.txt could not be read");
    let doc: Value = serde_json::from_str(&r.stdout).expect("one JSON document");
    assert_eq!(doc["version"], 1);
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let a = &results[0];
    assert_eq!(a["path"], "a.txt");
    assert_eq!(a["lang"], "fi");
    assert_eq!(a["kind"], Value::Null);
    assert_eq!(rule_ids(a), [KUTEN, HUUTO, VALITETTAVASTI]);
    let f = &a["findings"][0];
    assert_eq!(f["level"], "warning");
    assert_eq!(f["line"], 2);
    assert_eq!(f["column"], 1);
    assert_eq!(f["end_line"], 2);
    assert_eq!(f["end_column"], 17);
    assert_eq!(f["start"], 5);
    assert_eq!(f["end"], 21);
    assert_eq!(f["text"], "Kuten totesimme,");
    assert_eq!(f["suggestions"][0]["replacement"], "Kerrataan vielä:");
    assert_eq!(results[1]["skipped"], "empty draft, nothing to check");
    assert!(
        results[2]["error"]
            .as_str()
            .unwrap()
            .contains("not valid UTF-8")
    );
    let s = &doc["summary"];
    assert_eq!(s["inputs"], 3);
    assert_eq!(s["checked"], 1);
    assert_eq!(s["skipped"], 1);
    assert_eq!(s["failed"], 1);
    assert_eq!(s["findings"], 3);
    assert_eq!(s["by_level"]["warning"], 2);
    assert_eq!(s["by_level"]["info"], 1);
}

#[test]
fn json_output_snapshot() {
    let r = run(bare().current_dir(fixtures()).args([
        "check",
        "--format",
        "json",
        "drafts/reply-fi.txt",
        "drafts/clean-fi.txt",
    ]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("json_reply_fi_clean_fi", r.stdout);
}

#[test]
fn jsonl_format_writes_one_line_per_input_in_input_order() {
    let dir = tmp();
    for i in 0..30 {
        let text = if i % 3 == 0 {
            format!("Kuten totesimme, tilaus {i} on matkalla.")
        } else {
            format!("Tilaus {i} on matkalla.")
        };
        write(dir.path(), &format!("d{i:02}.txt"), text);
    }
    let mut args: Vec<String> = vec!["check".into(), "--format".into(), "jsonl".into()];
    // Reverse order: the output follows the command line, not the file names.
    args.extend((0..30).rev().map(|i| format!("d{i:02}.txt")));
    let r = run(savy(dir.path()).args(&args));
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr, "",
        "no progress bar when stderr is not a terminal"
    );
    let lines = jsonl(&r.stdout);
    assert_eq!(lines.len(), 30);
    for (line, i) in lines.iter().zip((0..30).rev()) {
        assert_eq!(line["path"], format!("d{i:02}.txt"));
        assert_eq!(
            line["findings"].as_array().unwrap().len(),
            usize::from(i % 3 == 0)
        );
    }
}

#[test]
fn sarif_format_has_version_results_regions_and_column_kind() {
    let dir = tmp();
    write(
        dir.path(),
        "a.txt",
        "Hei,\n\t😀 Kuten totesimme, ok. Valitettavasti.",
    );
    let r = run(savy(dir.path()).args(["check", "--format", "sarif", "a.txt"]));
    assert_eq!(r.code, 1);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "savy");
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let r0 = &results[0];
    assert_eq!(r0["ruleId"], KUTEN);
    assert_eq!(r0["level"], "warning");
    let loc = &r0["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "a.txt");
    assert_eq!(loc["region"]["startLine"], 2);
    assert_eq!(
        loc["region"]["startColumn"], 4,
        "tab and emoji are one column each"
    );
    assert_eq!(results[1]["ruleId"], VALITETTAVASTI);
    assert_eq!(results[1]["level"], "note");
    // Every result's rule is described in the driver.
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    for res in results {
        let i = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], res["ruleId"]);
    }
    assert_eq!(run0["invocations"][0]["executionSuccessful"], true);
}

// ---------------------------------------------------------------------------------------------
// JSONL batches

#[test]
fn jsonl_batch_follows_the_documented_schema() {
    let dir = tmp();
    let r = run(savy(dir.path())
        .args(["check", "--input", "jsonl", "--format", "jsonl"])
        .arg(fixtures().join("batch.jsonl")));
    assert_eq!(r.code, 2, "malformed lines make the batch exit 2");
    let lines = jsonl(&r.stdout);
    assert_eq!(lines.len(), 7, "one object per non-blank line");

    let t1 = &lines[0];
    for key in ["id", "lang", "kind", "findings"] {
        assert!(t1.get(key).is_some(), "{key} missing in {t1}");
    }
    assert_eq!(t1["id"], "t-1");
    assert_eq!(t1["lang"], "fi");
    assert_eq!(t1["kind"], "reply");
    assert!(t1.get("agent").is_none(), "extra fields are not echoed");
    let f = &t1["findings"][0];
    for key in [
        "rule",
        "level",
        "message",
        "start",
        "end",
        "line",
        "column",
        "end_line",
        "end_column",
        "text",
        "suggestions",
    ] {
        assert!(f.get(key).is_some(), "{key} missing in {f}");
    }
    assert_eq!(f["rule"], KUTEN);
    assert_eq!(f["level"], "warning");
    assert_eq!(
        f["message"],
        "Viittaus aiempaan viestiin kuulostaa moitteelta."
    );
    assert_eq!(
        (&f["start"], &f["end"]),
        (&Value::from(0), &Value::from(19))
    );
    assert_eq!(
        (&f["line"], &f["column"]),
        (&Value::from(1), &Value::from(1))
    );
    assert_eq!(
        (&f["end_line"], &f["end_column"]),
        (&Value::from(1), &Value::from(20))
    );
    assert_eq!(f["text"], "Kuten jo totesimme,");
    assert_eq!(
        f["suggestions"],
        serde_json::json!([{"start": 0, "end": 19, "replacement": "Kerrataan vielä:"}])
    );

    assert_eq!(lines[1]["id"], "t-2");
    assert_eq!(lines[1]["lang"], "en");
    assert_eq!(lines[1]["kind"], Value::Null);
    assert_eq!(rule_ids(&lines[1]), [AS_PER]);

    assert_eq!(lines[2]["id"], "t-3");
    assert_eq!(lines[2]["kind"], "invoice");
    assert_eq!(rule_ids(&lines[2]), [LASKUTUSLISA], "kind from the line");

    // Errors name the id or, without one, the line; the batch goes on.
    assert_eq!(lines[3]["id"], Value::Null);
    assert_eq!(lines[3]["line"], 4);
    assert!(
        lines[3]["error"]
            .as_str()
            .unwrap()
            .contains("not a JSON object")
    );
    assert_eq!(lines[4]["id"], "t-5");
    assert_eq!(lines[4]["line"], 5);
    assert!(
        lines[4]["error"]
            .as_str()
            .unwrap()
            .contains("missing \"text\"")
    );
    assert_eq!(lines[5]["id"], "t-6");
    assert!(lines[5]["error"].as_str().unwrap().contains("letter"));

    // After a blank line: a numeric id, checked as usual.
    assert_eq!(lines[6]["id"], 7);
    assert!(lines[6].get("error").is_none());
    assert!(rule_ids(&lines[6]).is_empty());
}

#[test]
fn jsonl_batch_output_snapshot() {
    let r = run(bare().current_dir(fixtures()).args([
        "check",
        "--input",
        "jsonl",
        "--format",
        "jsonl",
        "batch.jsonl",
    ]));
    assert_eq!(r.code, 2);
    insta::assert_snapshot!("jsonl_batch", r.stdout);
}

#[test]
fn jsonl_batch_keeps_input_order_over_many_lines() {
    let dir = tmp();
    let mut batch = String::new();
    for i in 0..200 {
        let line = match i % 4 {
            0 => {
                serde_json::json!({"id": format!("fi-{i}"), "text": format!("Kuten totesimme, tilaus {i} on matkalla ja saapuu pian.")})
            }
            1 => {
                serde_json::json!({"id": format!("en-{i}"), "text": format!("As per my last email, order {i} is on its way to you."), "meta": {"n": i}})
            }
            2 => {
                serde_json::json!({"id": format!("inv-{i}"), "text": format!("Laskutuslisä on {i} euroa ja se on jo maksettu."), "kind": "invoice", "lang": "fi"})
            }
            _ => {
                serde_json::json!({"id": format!("ok-{i}"), "text": format!("Tilaus {i} on matkalla ja saapuu huomenna."), "kind": "reply"})
            }
        };
        batch.push_str(&line.to_string());
        batch.push('\n');
    }
    write(dir.path(), "batch.jsonl", &batch);
    let r = run(savy(dir.path()).args([
        "check",
        "--input",
        "jsonl",
        "--format",
        "jsonl",
        "batch.jsonl",
    ]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let lines = jsonl(&r.stdout);
    assert_eq!(lines.len(), 200);
    for (i, line) in lines.iter().enumerate() {
        let (id, lang, kind, rules): (String, &str, Value, Vec<&str>) = match i % 4 {
            0 => (format!("fi-{i}"), "fi", Value::Null, vec![KUTEN]),
            1 => (format!("en-{i}"), "en", Value::Null, vec![AS_PER]),
            2 => (
                format!("inv-{i}"),
                "fi",
                "invoice".into(),
                vec![LASKUTUSLISA],
            ),
            _ => (format!("ok-{i}"), "fi", "reply".into(), vec![]),
        };
        assert_eq!(line["id"], id.as_str(), "line {i}");
        assert_eq!(line["lang"], lang, "line {i}");
        assert_eq!(line["kind"], kind, "line {i}");
        assert_eq!(rule_ids(line), rules, "line {i}");
    }
}

#[test]
fn jsonl_batch_from_standard_input_with_fix() {
    let dir = tmp();
    let r = run(savy(dir.path())
        .args(["check", "--input", "jsonl", "--format", "jsonl", "--fix", "-"])
        .write_stdin(
            "{\"id\":\"a\",\"text\":\"Kuten totesimme, ok.\"}\n{\"id\":\"b\",\"text\":\"Hei, ok.\"}\n",
        ));
    assert_eq!(r.code, 1);
    let lines = jsonl(&r.stdout);
    assert_eq!(lines[0]["fixed"], "Kerrataan vielä: ok.");
    assert_eq!(lines[1]["fixed"], "Hei, ok.");
    assert!(
        fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn jsonl_batch_errors_in_human_format_go_to_stderr() {
    let dir = tmp();
    write(
        dir.path(),
        "b.jsonl",
        "{\"id\":\"x-1\",\"text\":\"Kuten totesimme, ok.\"}\n{oops\n{\"id\":\"x-3\",\"text\":\"Valitettavasti.\",\"kind\":\"memo\"}\n",
    );
    let r = run(savy(dir.path()).args(["check", "--input", "jsonl", "b.jsonl"]));
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("x-1:1:1"), "{}", r.stdout);
    assert!(r.stderr.contains("error: line 2:"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error: x-3: unknown document kind `memo`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("2 inputs could not be checked"),
        "{}",
        r.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// --fix

#[test]
fn fix_on_standard_input_prints_the_fixed_draft_and_reports_on_stderr() {
    let dir = tmp();
    let r = run(savy(dir.path())
        .args(["check", "--fix", "-"])
        .write_stdin("Hei,\nkuten totesimme, tilaus lähti!!!\n"));
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "Hei,\nkerrataan vielä: tilaus lähti!\n");
    assert!(r.stderr.contains(KUTEN), "{}", r.stderr);
    assert!(
        r.stderr.contains("Checked 1 draft: 2 findings"),
        "{}",
        r.stderr
    );
}

#[test]
fn fix_on_standard_input_without_findings_echoes_the_draft() {
    let dir = tmp();
    let r = run(savy(dir.path())
        .args(["check", "--fix", "-"])
        .write_stdin("Hei,\ntilaus lähti.\n"));
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "Hei,\ntilaus lähti.\n");
}

#[test]
fn fix_writes_a_savy_file_beside_and_leaves_the_original() {
    let dir = tmp();
    let original = "Hei,\n\nKuten jo totesimme, palautusaika on 14 päivää!!\n";
    let a = write(dir.path(), "mail/a.txt", original);
    write(dir.path(), "mail/clean.txt", "Hei, kaikki hyvin.");
    let r = run(savy(dir.path()).args(["check", "--fix", "mail/a.txt", "mail/clean.txt"]));
    assert_eq!(r.code, 1);
    assert_eq!(fs::read_to_string(&a).unwrap(), original);
    assert_eq!(
        fs::read_to_string(dir.path().join("mail/a.savy.txt")).unwrap(),
        "Hei,\n\nKerrataan vielä: palautusaika on 14 päivää!\n"
    );
    assert!(r.stderr.contains("fixed: mail/a.savy.txt"), "{}", r.stderr);
    assert!(
        !dir.path().join("mail/clean.savy.txt").exists(),
        "no copy of a draft without changes"
    );
    // The fixed copy is not checked again when the folder is.
    let again = run(savy(dir.path()).args(["check", "--format", "jsonl", "mail"]));
    let paths: Vec<String> = jsonl(&again.stdout)
        .iter()
        .map(|l| l["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["mail/a.txt", "mail/clean.txt"]);
}

#[test]
fn fix_with_json_formats_adds_a_fixed_field() {
    let dir = tmp();
    write(dir.path(), "a.txt", "Kuten totesimme, ok!!");
    let r = run(savy(dir.path()).args(["check", "--fix", "--format", "json", "a.txt"]));
    assert_eq!(r.code, 1);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["results"][0]["fixed"], "Kerrataan vielä: ok!");
    let r = run(savy(dir.path())
        .args(["check", "--fix", "--format", "jsonl", "-"])
        .write_stdin("Hei!! Kuten totesimme."));
    assert_eq!(jsonl(&r.stdout)[0]["fixed"], "Hei! Kerrataan vielä:.");
    // Without --fix there is no such field.
    let r = run(savy(dir.path()).args(["check", "--format", "jsonl", "a.txt"]));
    assert!(jsonl(&r.stdout)[0].get("fixed").is_none());
}

#[test]
fn fix_in_place_replaces_only_the_files_with_findings() {
    let dir = tmp();
    let a = write(dir.path(), "a.txt", "Kuten totesimme, ok.\nKiitos!!\n");
    let clean = "Hei, kaikki hyvin.\n";
    let b = write(dir.path(), "b.txt", clean);
    let other = write(dir.path(), "c.txt", "Kuten totesimme, ei kosketa.\n");
    let r = run(savy(dir.path()).args(["check", "--fix", "--in-place", "a.txt", "b.txt"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(&a).unwrap(),
        "Kerrataan vielä: ok.\nKiitos!\n"
    );
    assert_eq!(fs::read_to_string(&b).unwrap(), clean);
    assert_eq!(
        fs::read_to_string(&other).unwrap(),
        "Kuten totesimme, ei kosketa.\n"
    );
    assert!(!dir.path().join("a.savy.txt").exists());
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["a.txt", "b.txt", "c.txt"],
        "no temporary files left"
    );
    // Checking again finds nothing.
    assert_eq!(run(savy(dir.path()).args(["check", "a.txt"])).code, 0);
}

#[test]
fn in_place_without_fix_is_a_usage_error() {
    let dir = tmp();
    let a = write(dir.path(), "a.txt", "Kuten totesimme, ok.");
    let r = run(savy(dir.path()).args(["check", "--in-place", "a.txt"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--fix"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(a).unwrap(), "Kuten totesimme, ok.");
}

#[test]
fn in_place_with_standard_input_is_an_error() {
    let dir = tmp();
    savy(dir.path())
        .args(["check", "--fix", "--in-place", "-"])
        .write_stdin("Kuten totesimme, ok.")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--in-place needs files"));
}

// ---------------------------------------------------------------------------------------------
// Exit codes

#[test]
fn exit_zero_when_clean() {
    let dir = tmp();
    savy(dir.path())
        .args(["check", "-"])
        .write_stdin("Hei, tilauksesi on matkalla.")
        .assert()
        .success()
        .stdout(predicate::str::ends_with("Checked 1 draft: no findings.\n"))
        .stderr("");
}

#[test]
fn fail_level_decides_whether_findings_fail() {
    let dir = tmp();
    let info = write(
        dir.path(),
        "info.txt",
        "Valitettavasti tuote on loppu, mutta saamme lisää.",
    );
    let warning = write(dir.path(), "warning.txt", "Kuten totesimme, ok.");
    let code =
        |file: &Path, extra: &[&str]| run(savy(dir.path()).arg("check").args(extra).arg(file)).code;
    assert_eq!(
        code(&info, &[]),
        0,
        "an info finding does not fail by default"
    );
    assert_eq!(code(&info, &["--fail-level", "info"]), 1);
    assert_eq!(code(&warning, &[]), 1);
    assert_eq!(code(&warning, &["--fail-level", "warning"]), 1);
    assert_eq!(code(&warning, &["--fail-level", "error"]), 0);
    assert_eq!(code(&warning, &["--fail-level", "never"]), 0);
    let r = run(savy(dir.path()).args(["check", "--fail-level", "sometimes", "x"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("sometimes"), "{}", r.stderr);
}

#[test]
fn profile_fail_level_applies_and_the_flag_wins() {
    let dir = tmp();
    write_profile(dir.path(), "fail_level = \"info\"\n");
    write(dir.path(), "info.txt", "Valitettavasti ei.");
    assert_eq!(
        run(bare().current_dir(dir.path()).args(["check", "info.txt"])).code,
        1
    );
    assert_eq!(
        run(bare()
            .current_dir(dir.path())
            .args(["check", "--fail-level", "warning", "info.txt"]))
        .code,
        0
    );
}

#[test]
fn usage_errors_exit_two() {
    let dir = tmp();
    write(dir.path(), "a.txt", "Hei.");
    for args in [
        vec!["check", "--frobnicate", "a.txt"],
        vec!["check", "--kind", "letter", "a.txt"],
        vec!["check", "--lang", "sv", "a.txt"],
        vec!["check", "--format", "xml", "a.txt"],
        vec!["check"],
        vec!["frobnicate"],
    ] {
        let r = run(savy(dir.path()).args(&args));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("error"), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
    }
    let r = run(savy(dir.path()).args(["check", "--kind", "letter", "a.txt"]));
    assert!(
        r.stderr.contains("unknown document kind `letter`"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input

#[test]
fn empty_file_and_blank_stdin_are_skipped_with_a_note() {
    let dir = tmp();
    write(dir.path(), "empty.txt", "");
    let r = run(savy(dir.path()).args(["check", "empty.txt"]));
    assert_eq!(r.code, 0);
    assert!(
        r.stderr
            .contains("note: empty.txt: skipped, empty draft, nothing to check"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout
            .contains("Checked 0 drafts: no findings. Skipped 1 input.")
    );

    for stdin in ["", " \n\t\r\n  \n"] {
        let r = run(savy(dir.path()).args(["check", "-"]).write_stdin(stdin));
        assert_eq!(r.code, 0, "{stdin:?}");
        assert!(r.stderr.contains("note: -: skipped"), "{}", r.stderr);
        assert!(!r.stderr.contains("panicked"));
    }
    let r = run(savy(dir.path())
        .args(["check", "--format", "jsonl", "-"])
        .write_stdin("   "));
    assert_eq!(r.code, 0);
    assert_eq!(
        jsonl(&r.stdout)[0]["skipped"],
        "empty draft, nothing to check"
    );
}

#[test]
fn invalid_utf8_is_refused_with_its_offset_unless_lossy() {
    let dir = tmp();
    write(dir.path(), "bad.txt", b"Kuten totesimme \xff\xfe, ok.");
    let r = run(savy(dir.path()).args(["check", "bad.txt"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("bad.txt: is not valid UTF-8 (first bad byte at offset 16)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--lossy"));
    assert!(r.stdout.contains("1 input could not be checked"));

    let r = run(savy(dir.path()).args(["check", "--lossy", "--format", "jsonl", "bad.txt"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let line = &jsonl(&r.stdout)[0];
    assert_eq!(rule_ids(line), [KUTEN]);

    let r = run(savy(dir.path())
        .args(["check", "-"])
        .write_stdin(b"Hei \xc3".to_vec()));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("offset 4"), "{}", r.stderr);
}

#[test]
fn a_binary_file_named_explicitly_is_an_error() {
    let dir = tmp();
    write(dir.path(), "logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let r = run(savy(dir.path()).args(["check", "logo.png"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("logo.png: looks like a binary file"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_file_over_max_bytes_is_refused_clearly() {
    let dir = tmp();
    write(dir.path(), "a.txt", "Kuten totesimme, ok. ".repeat(10));
    write(dir.path(), "small.txt", "Kuten totesimme.");
    let r = run(savy(dir.path()).args(["check", "--max-bytes", "100", "a.txt", "small.txt"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "a.txt: is 210 bytes, over the limit of 100 (raise it with --max-bytes or max_bytes in savy.toml)"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("small.txt:1:1"), "the batch goes on");
    // The profile's max_bytes applies too.
    write_profile(dir.path(), "max_bytes = 50\n");
    let r = run(bare().current_dir(dir.path()).args(["check", "a.txt"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("over the limit of 50"), "{}", r.stderr);
    // No limit can be raised past the longest draft the engine checks.
    let r = run(savy(dir.path()).args(["check", "--max-bytes", "2000000000", "a.txt"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--max-bytes") && r.stderr.contains("1073741824"),
        "{}",
        r.stderr
    );
}

#[test]
fn standard_input_over_max_bytes_is_refused() {
    let dir = tmp();
    let r = run(savy(dir.path())
        .args(["check", "--max-bytes", "10", "-"])
        .write_stdin("Kuten totesimme, ok. ".repeat(10)));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("over the limit of 10"), "{}", r.stderr);
}

#[test]

fn standard_input_over_max_bytes_reports_a_true_size() {
    let dir = tmp();
    let r = run(savy(dir.path())
        .args(["check", "--max-bytes", "10", "-"])
        .write_stdin("x".repeat(210)));
    assert_eq!(r.code, 2);
    assert!(
        !r.stderr.contains("is 11 bytes"),
        "a 210-byte input is not 11 bytes: {}",
        r.stderr
    );
}

#[test]
fn a_ten_megabyte_file_is_checked() {
    let dir = tmp();
    let line =
        "Tilauksesi on matkalla ja saapuu huomenna. Kiitos tilauksesta, tervetuloa uudelleen!\n";
    let mut text = line.repeat(10 * 1024 * 1024 / line.len() + 1);
    let lines = text.lines().count();
    text.push_str("Kuten totesimme, ok.\n");
    assert!(text.len() > 10 * 1024 * 1024);
    write(dir.path(), "big.txt", &text);
    let r = run(savy(dir.path()).args(["check", "--format", "jsonl", "big.txt"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let out = &jsonl(&r.stdout)[0];
    assert_eq!(rule_ids(out), [KUTEN]);
    assert_eq!(out["findings"][0]["line"], lines + 1);
    assert_eq!(
        out["findings"][0]["start"],
        text.len() - "Kuten totesimme, ok.\n".len()
    );
    // The human report quotes only the lines of the finding.
    let r = run(savy(dir.path()).args(["check", "big.txt"]));
    assert_eq!(r.code, 1);
    assert!(r.stdout.len() < 2000, "{} bytes of report", r.stdout.len());
    assert!(r.stdout.contains(&format!("big.txt:{}:1", lines + 1)));
}

#[test]
fn nfd_text_findings_point_into_the_original_bytes_and_fixes_keep_the_rest() {
    let dir = tmp();
    // "Hyvää päivää" and "vielä" in decomposed form (a + U+0308), as macOS pastes them.
    let original = "Hyva\u{308}a\u{308} pa\u{308}iva\u{308}a\u{308}!\nKuten jo totesimme, tilaus on ma\u{308}a\u{308}ra\u{308}pa\u{308}iva\u{308}lla\u{308} perilla\u{308}.\n";
    let path = write(dir.path(), "nfd.txt", original);
    let r = run(savy(dir.path()).args(["check", "--format", "jsonl", "nfd.txt"]));
    assert_eq!(r.code, 1);
    let out = &jsonl(&r.stdout)[0];
    assert_eq!(rule_ids(out), [KUTEN]);
    let f = &out["findings"][0];
    let (start, end) = (
        f["start"].as_u64().unwrap() as usize,
        f["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&original[start..end], "Kuten jo totesimme,");
    assert_eq!(f["text"], "Kuten jo totesimme,");
    assert_eq!(
        (&f["line"], &f["column"]),
        (&Value::from(2), &Value::from(1))
    );

    let r = run(savy(dir.path()).args(["check", "--fix", "nfd.txt"]));
    assert_eq!(r.code, 1);
    let fixed = fs::read(dir.path().join("nfd.savy.txt")).unwrap();
    let expected = original.replace("Kuten jo totesimme,", "Kerrataan vielä:");
    assert_eq!(
        fixed,
        expected.as_bytes(),
        "untouched text keeps its NFD bytes"
    );
    assert_eq!(fs::read_to_string(path).unwrap(), original);
}

#[test]
fn columns_count_characters_after_emoji_and_tabs() {
    let dir = tmp();
    write(dir.path(), "a.txt", "Hei 👋🏽\n\t😀 ä Kuten totesimme, ok.");
    let r = run(savy(dir.path()).args(["check", "--format", "jsonl", "a.txt"]));
    let f = &jsonl(&r.stdout)[0]["findings"][0];
    assert_eq!(
        (&f["line"], &f["column"]),
        (&Value::from(2), &Value::from(6))
    );
    assert_eq!(f["end_column"], 22);
    assert_eq!(f["start"], "Hei 👋🏽\n\t😀 ä ".len());
    let r = run(savy(dir.path()).args(["check", "a.txt"]));
    assert!(r.stdout.contains("a.txt:2:6"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------------------------
// Language and kind

#[test]
fn language_is_detected_per_draft() {
    let dir = tmp();
    write(
        dir.path(),
        "fi.txt",
        "Hei! Kiitos viestistäsi. Kuten totesimme, tilauksesi on matkalla.",
    );
    write(
        dir.path(),
        "en.txt",
        "Hi Anna, thanks for your message. As per my last email, your order is on its way.",
    );
    let r = run(savy(dir.path()).args(["check", "--format", "jsonl", "fi.txt", "en.txt"]));
    let lines = jsonl(&r.stdout);
    assert_eq!(lines[0]["lang"], "fi");
    assert_eq!(rule_ids(&lines[0]), [KUTEN]);
    assert_eq!(lines[1]["lang"], "en");
    assert_eq!(rule_ids(&lines[1]), [AS_PER]);
}

#[test]
fn lang_flag_overrides_detection() {
    let dir = tmp();
    write(
        dir.path(),
        "en.txt",
        "Unfortunately, the parcel is late, kuten totesimme.",
    );
    let detected = run(savy(dir.path()).args(["check", "--format", "jsonl", "en.txt"]));
    let d = &jsonl(&detected.stdout)[0];
    assert_eq!(
        (d["lang"].as_str(), rule_ids(d)),
        (Some("en"), vec![UNFORTUNATELY])
    );
    let forced =
        run(savy(dir.path()).args(["check", "--format", "jsonl", "--lang", "fi", "en.txt"]));
    let f = &jsonl(&forced.stdout)[0];
    assert_eq!((f["lang"].as_str(), rule_ids(f)), (Some("fi"), vec![KUTEN]));
    // In a batch, the flag wins over the line's own lang.
    let r = run(savy(dir.path())
        .args([
            "check", "--input", "jsonl", "--format", "jsonl", "--lang", "en", "-",
        ])
        .write_stdin("{\"id\":1,\"text\":\"Unfortunately, kuten totesimme.\",\"lang\":\"fi\"}\n"));
    let l = &jsonl(&r.stdout)[0];
    assert_eq!(
        (l["lang"].as_str(), rule_ids(l)),
        (Some("en"), vec![UNFORTUNATELY])
    );
}

#[test]
fn kind_flag_enables_kind_specific_rules() {
    let dir = tmp();
    write(dir.path(), "a.txt", "Laskutuslisä on 5 euroa.");
    let plain = run(savy(dir.path()).args(["check", "--format", "jsonl", "a.txt"]));
    assert_eq!(plain.code, 0);
    let p = &jsonl(&plain.stdout)[0];
    assert_eq!(p["kind"], Value::Null);
    assert!(rule_ids(p).is_empty());
    let invoice =
        run(savy(dir.path()).args(["check", "--format", "jsonl", "--kind", "invoice", "a.txt"]));
    assert_eq!(invoice.code, 1);
    let i = &jsonl(&invoice.stdout)[0];
    assert_eq!(i["kind"], "invoice");
    assert_eq!(rule_ids(i), [LASKUTUSLISA]);
    let reply =
        run(savy(dir.path()).args(["check", "--format", "jsonl", "--kind", "reply", "a.txt"]));
    assert_eq!(jsonl(&reply.stdout)[0]["kind"], "reply");
    assert_eq!(reply.code, 0);
}

#[test]
fn profile_kind_globs_choose_the_kind() {
    let dir = tmp();
    write_profile(
        dir.path(),
        "default_kind = \"reply\"\n[kinds]\n\"invoices/**\" = \"invoice\"\n\"mail/*.eml\" = \"email\"\n",
    );
    let text = "Laskutuslisä on 5 euroa.";
    write(dir.path(), "invoices/2024/a.txt", text);
    write(dir.path(), "replies/a.txt", text);
    write(dir.path(), "mail/a.eml", text);
    let r = run(bare().current_dir(dir.path()).args([
        "check",
        "--format",
        "jsonl",
        "invoices/2024/a.txt",
        "replies/a.txt",
        "mail/a.eml",
    ]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = jsonl(&r.stdout);
    assert_eq!(lines[0]["kind"], "invoice");
    assert_eq!(rule_ids(&lines[0]), [LASKUTUSLISA]);
    assert_eq!(lines[1]["kind"], "reply", "default_kind");
    assert!(rule_ids(&lines[1]).is_empty());
    assert_eq!(lines[2]["kind"], "email");
    assert!(rule_ids(&lines[2]).is_empty());

    // Globs are relative to the profile's folder, wherever savy runs from.
    let r = run(bare().current_dir(dir.path().join("invoices")).args([
        "check",
        "--format",
        "jsonl",
        "2024/a.txt",
    ]));
    assert_eq!(jsonl(&r.stdout)[0]["kind"], "invoice");
    // A folder walk too; --kind wins over the globs.
    let r = run(bare()
        .current_dir(dir.path())
        .args(["check", "--format", "jsonl", "invoices"]));
    assert_eq!(jsonl(&r.stdout)[0]["kind"], "invoice");
    let r = run(bare()
        .current_dir(dir.path())
        .args(["check", "--format", "jsonl", "--kind", "email", "invoices"]));
    assert_eq!(jsonl(&r.stdout)[0]["kind"], "email");
    assert_eq!(r.code, 0);
}

// ---------------------------------------------------------------------------------------------
// Configuration

#[test]
fn savy_toml_is_discovered_in_a_parent_folder() {
    let dir = tmp();
    write_profile(
        dir.path(),
        "[levels]\n\"fi.fixture.kuten-totesimme\" = \"error\"\n",
    );
    let deep = dir.path().join("a/b/c");
    fs::create_dir_all(&deep).unwrap();
    write(&deep, "d.txt", "Kuten totesimme, ok.");
    let r = run(bare()
        .current_dir(&deep)
        .args(["check", "--format", "jsonl", "d.txt"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let f = &jsonl(&r.stdout)[0]["findings"][0];
    assert_eq!(
        (f["rule"].as_str(), f["level"].as_str()),
        (Some(KUTEN), Some("error"))
    );
    let config = run(bare().current_dir(&deep).arg("config"));
    assert_eq!(config.code, 0);
    let expected = dir.path().join("savy.toml");
    assert!(
        config
            .stdout
            .contains(&format!("profile:      {}", expected.display())),
        "{}",
        config.stdout
    );
}

#[test]
fn config_flag_names_the_profile() {
    let dir = tmp();
    // A savy.toml here that would break everything: --config must win over discovery.
    write(dir.path(), "savy.toml", "this is = not valid");
    let r = run(savy(dir.path()).arg("config"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains(&format!("profile:      {}", profile().display())),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains(&format!("root:         {}", fixtures().display())),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("languages:    fi, en (default fi)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("packs:        en/fixture (2), fi/fixture (4)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("rules:        6"), "{}", r.stdout);
    assert!(
        r.stdout.contains("fail level:   warning (default)"),
        "{}",
        r.stdout
    );
    let missing = run(bare()
        .current_dir(dir.path())
        .args(["--config", "nope.toml", "config"]));
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("nope.toml"), "{}", missing.stderr);
}

#[test]
fn config_shows_the_profile_settings() {
    let dir = tmp();
    write(
        dir.path(),
        "savy.toml",
        format!(
            "languages = [\"fi\"]\nrules = ['{}']\npacks = [\"fi/fixture\"]\ndefault_kind = \"email\"\nfail_level = \"error\"\nmax_bytes = 4096\n[register]\nreply = \"informal\"\nreminder = \"formal\"\n",
            fixtures().join("rules").display()
        ),
    );
    let r = run(bare().current_dir(dir.path()).arg("config"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in [
        "languages:    fi (default fi)",
        "default kind: email",
        "register:     reply=informal, reminder=formal",
        "fail level:   error",
        "max bytes:    4096",
        "packs:        fi/fixture (4)",
        "rules:        4",
    ] {
        assert!(r.stdout.contains(line), "{line:?} in\n{}", r.stdout);
    }
}

/// Runs `savy config` with `profile` as savy.toml and returns (exit code, stderr).
fn profile_error(profile: &str) -> (i32, String) {
    let dir = tmp();
    write(dir.path(), "savy.toml", profile);
    let r = run(bare().current_dir(dir.path()).arg("config"));
    (r.code, r.stderr)
}

#[test]
fn malformed_profile_is_an_error_with_position() {
    let (code, err) = profile_error("languages = [\"fi\"\ndefault_lang = \"fi\"\n");
    assert_eq!(code, 2);
    assert!(err.contains("savy.toml:2:1: "), "{err}");

    let (code, err) = profile_error("languages = [\"fi\"]\n\ncolour = \"blue\"\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("savy.toml:3:1: unknown field `colour`"),
        "{err}"
    );

    let (code, err) = profile_error("languages = [\"fi\"]\nfail_level = \"fatal\"\n");
    assert_eq!(code, 2);
    assert!(err.contains("savy.toml:2:14: "), "{err}");
    assert!(err.contains("fatal"), "{err}");

    let (code, err) = profile_error("[levels]\n\"fi.blame.*\" = \"loud\"\n");
    assert_eq!(code, 2);
    assert!(err.contains("savy.toml:2:"), "{err}");
    assert!(err.contains("loud"), "{err}");

    let (code, err) = profile_error("languages = [\"sv\"]\n");
    assert_eq!(code, 2);
    assert!(err.contains("savy.toml:1:"), "{err}");

    let (code, err) = profile_error("[kinds]\n\"invoices/**\" = \"letter\"\n");
    assert_eq!(code, 2);
    assert!(err.contains("savy.toml:2:"), "{err}");
}

#[test]
fn profile_naming_unknown_packs_or_rules_is_an_error() {
    let dir = tmp();
    write_profile(dir.path(), "\n[levels]\n\"fi.fixture.nope\" = \"off\"\n");
    let r = run(bare().current_dir(dir.path()).arg("config"));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("savy.toml:5:1: [levels]: no rule `fi.fixture.nope`"),
        "{}",
        r.stderr
    );

    let dir = tmp();
    write(
        dir.path(),
        "savy.toml",
        format!(
            "rules = ['{}']\npacks = [\"fi/fixture\", \"fi/nope\"]\n",
            fixtures().join("rules").display()
        ),
    );
    let r = run(bare().current_dir(dir.path()).arg("config"));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("savy.toml:2:24: no pack matches `fi/nope`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_missing_rules_folder_is_an_error() {
    let dir = tmp();
    let r = run(savy(dir.path()).args(["--rules", "no-such-dir", "config"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no-such-dir"), "{}", r.stderr);
}

const PACK: &str = r#"[pack]
lang = "fi"

[[rule]]
id = "fi.local.test"
level = "warning"
message = "M."
match = ["kuten totesimme"]
bad = ["Kuten totesimme.", "kuten totesimme nyt"]
good = ["Hei.", "Moi."]
"#;

/// Runs `savy --rules DIR check -` with `pack` as DIR/fi/local.toml.
fn pack_error(pack: &str) -> (i32, String) {
    let dir = tmp();
    write(dir.path(), "packs/fi/local.toml", pack);
    let r = run(savy(dir.path())
        .args(["--rules", "packs", "check", "-"])
        .write_stdin("Hei."));
    (r.code, r.stderr)
}

#[test]
fn rule_pack_errors_name_file_line_and_column() {
    let path = Path::new("packs").join("fi").join("local.toml");
    let at = |line_col: &str| format!("{}:{line_col}: ", path.display());

    let (code, err) = pack_error(&PACK.replace("message =", "mesage ="));
    assert_eq!(code, 2);
    assert!(err.contains(&at("7:1")), "{err}");
    assert!(err.contains("unknown field `mesage`"), "{err}");

    let (code, err) = pack_error(&PACK.replace(
        "match = [\"kuten totesimme\"]",
        "regex = ['\\bkuten (totesimme']",
    ));
    assert_eq!(code, 2);
    assert!(err.contains(&at("8:10")), "{err}");
    assert!(
        err.contains("rule `fi.local.test`: the regex does not compile"),
        "{err}"
    );

    let (code, err) = pack_error(&PACK.replace("kuten totesimme\"]", "kuten [jo totesimme\"]"));
    assert_eq!(code, 2);
    assert!(err.contains(&at("8:10")), "{err}");
    assert!(err.contains("bad pattern"), "{err}");

    let (code, err) = pack_error(&PACK.replace("\"warning\"", "\"fatal\""));
    assert_eq!(code, 2);
    assert!(err.contains(&at("6:9")), "{err}");

    let (code, err) = pack_error(&PACK.replace("good = [\"Hei.\", \"Moi.\"]", ""));
    assert_eq!(code, 2);
    assert!(
        err.contains(&at("4:1")) || err.contains(&at("5:1")),
        "{err}"
    );
    assert!(err.contains("examples both ways"), "{err}");
}

#[test]
fn a_pack_in_a_later_rules_folder_replaces_one_with_the_same_id() {
    let dir = tmp();
    // Replace the fixture pack fi/fixture through a second --rules folder.
    write(
        dir.path(),
        "override/fi/fixture.toml",
        PACK.replace("fi.local.test", "fi.fixture.replaced"),
    );
    let r =
        run(savy(dir.path()).args(["--rules", "override", "rules", "list", "--format", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rules: Value = serde_json::from_str(&r.stdout).unwrap();
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"fi.fixture.replaced"), "{ids:?}");
    assert!(!ids.contains(&KUTEN), "{ids:?}");
}

#[test]
fn level_overrides_turn_rules_off_or_raise_them() {
    let dir = tmp();
    write_profile(
        dir.path(),
        "[levels]\n\"fi.fixture.*\" = \"info\"\n\"fi.fixture.kuten-totesimme\" = \"off\"\n\"fi.fixture.valitettavasti\" = \"error\"\n",
    );
    write(dir.path(), "a.txt", "Kuten totesimme, valitettavasti ok!!");
    let r = run(bare().current_dir(dir.path()).args([
        "check",
        "--format",
        "jsonl",
        "--fail-level",
        "error",
        "a.txt",
    ]));
    assert_eq!(r.code, 1);
    let line = &jsonl(&r.stdout)[0];
    let got: Vec<(&str, &str)> = line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["level"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [(VALITETTAVASTI, "error"), (HUUTO, "info")]);
    let list = run(bare().current_dir(dir.path()).args(["rules", "list"]));
    assert!(!list.stdout.contains(KUTEN));
    assert!(list.stdout.contains("5 rules"), "{}", list.stdout);
}

#[test]
fn profile_terms_produce_findings() {
    let dir = tmp();
    write_profile(
        dir.path(),
        "[terms.fi]\npreferred = { \"verkkokauppa\" = [\"nettikaup*\", \"webshop*\"] }\nforbidden = [\"halpa*\"]\n[terms.en]\nforbidden = [\"cheap\"]\n",
    );
    write(
        dir.path(),
        "fi.txt",
        "Tilaa nettikaupastamme, siellä on halpahintaisia tuotteita.",
    );
    write(
        dir.path(),
        "en.txt",
        "Our webshop is cheap and the parcel is on its way.",
    );
    let r = run(bare()
        .current_dir(dir.path())
        .args(["check", "--format", "jsonl", "fi.txt", "en.txt"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = jsonl(&r.stdout);
    assert_eq!(
        rule_ids(&lines[0]),
        ["fi.terms.use-verkkokauppa", "fi.terms.avoid-halpa"]
    );
    let f = &lines[0]["findings"][0];
    assert_eq!(f["text"], "nettikaupastamme");
    assert_eq!(f["suggestions"][0]["replacement"], "verkkokauppa");
    assert!(f["message"].as_str().unwrap().contains("verkkokauppa"));
    assert_eq!(lines[0]["findings"][1]["text"], "halpahintaisia");
    assert_eq!(
        rule_ids(&lines[1]),
        ["en.terms.avoid-cheap"],
        "Finnish terms stay Finnish"
    );
}

#[test]
fn bad_term_pattern_in_profile_is_an_error_with_position() {
    let (code, err) = profile_error("[terms.fi]\nforbidden = [\"ok\", \"[halpa\"]\n");
    assert_eq!(code, 2);
    assert!(err.contains("savy.toml:2:20: bad pattern"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// rules list, rules test, explain

#[test]
fn rules_list_in_text() {
    let dir = tmp();
    let r = run(savy(dir.path()).args(["rules", "list"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[6], "6 rules");
    let kuten = lines
        .iter()
        .find(|l| l.starts_with(KUTEN))
        .expect("kuten listed");
    assert!(kuten.contains("warning"));
    assert!(kuten.contains("phrase"));
    assert!(kuten.contains("Viittaus aiempaan viestiin"));
    let lisa = lines.iter().find(|l| l.starts_with(LASKUTUSLISA)).unwrap();
    assert!(lisa.contains("invoice"), "{lisa}");
    let huuto = lines.iter().find(|l| l.starts_with(HUUTO)).unwrap();
    assert!(huuto.contains("metric"), "{huuto}");
}

#[test]
fn rules_list_in_json() {
    let dir = tmp();
    let r = run(savy(dir.path()).args(["rules", "list", "--format", "json"]));
    assert_eq!(r.code, 0);
    let rules: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(rules.len(), 6);
    let lisa = rules.iter().find(|r| r["id"] == LASKUTUSLISA).unwrap();
    assert_eq!(lisa["pack"], "fi/fixture");
    assert_eq!(lisa["level"], "warning");
    assert_eq!(lisa["lang"], "fi");
    assert_eq!(lisa["kinds"], serde_json::json!(["invoice"]));
    assert_eq!(lisa["type"], "phrase");
    assert_eq!(lisa["message"], "Laskutuslisä kuuluu vain laskuille.");
    let info = rules.iter().find(|r| r["id"] == UNFORTUNATELY).unwrap();
    assert_eq!(
        (info["level"].as_str(), info["lang"].as_str()),
        (Some("info"), Some("en"))
    );
}

#[test]
fn rules_test_passes_on_the_fixture_packs() {
    let dir = tmp();
    let r = run(bare()
        .current_dir(dir.path())
        .arg("--rules")
        .arg(fixtures().join("rules"))
        .args(["rules", "test", "fi/fixture", "en/fixture"]));
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains("ok    fi/fixture (4 rules)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("ok    en/fixture (2 rules)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("2 packs, 6 rules: 24 passed, 0 failed"),
        "{}",
        r.stdout
    );

    // By path, too.
    let r = run(bare()
        .current_dir(fixtures())
        .args(["rules", "test", "rules/fi/fixture.toml"]));
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains("1 pack, 4 rules: 16 passed, 0 failed"),
        "{}",
        r.stdout
    );
}

const WRONG_EXAMPLES: &str = r#"[pack]
lang = "fi"

[[rule]]
id = "fi.wrong.kuten"
level = "warning"
message = "M."
match = ["kuten totesimme [,]"]
suggest = ["kerrataan:"]
bad = [
  { text = "Kuten totesimme, ok.", fixed = "Kerrataan ok." },
  "Tilaus lähti.",
]
good = ["Kuten sovimme.", "Kuten totesimme, ei."]
"#;

#[test]
fn rules_test_fails_with_place_and_rule_on_a_wrong_example() {
    let dir = tmp();
    write(dir.path(), "wrong.toml", WRONG_EXAMPLES);
    let r = run(bare()
        .current_dir(dir.path())
        .args(["rules", "test", "wrong.toml"]));
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("FAIL  wrong (1 rules)"), "{}", r.stdout);
    assert!(
        r.stdout.contains("wrong.toml:11:")
            && r.stdout.contains(
                "fi.wrong.kuten: fix gives \"Kerrataan: ok.\", expected \"Kerrataan ok.\""
            ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("wrong.toml:12:")
            && r.stdout
                .contains("bad example is not flagged: \"Tilaus lähti.\""),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("wrong.toml:14:") && r.stdout.contains("good example is flagged"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("3 failed"), "{}", r.stdout);
}

#[test]
fn rules_test_on_an_unknown_pack_is_an_error() {
    let dir = tmp();
    let r = run(bare()
        .current_dir(dir.path())
        .args(["rules", "test", "fi/no-such-pack"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no pack `fi/no-such-pack`"),
        "{}",
        r.stderr
    );
    let r = run(bare()
        .current_dir(dir.path())
        .args(["rules", "test", "missing.toml"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.toml"), "{}", r.stderr);
}

#[test]
fn rules_test_passes_on_every_shipped_pack() {
    let dir = tmp();
    let r = run(bare().current_dir(dir.path()).args(["rules", "test"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains(", 0 failed"), "{}", r.stdout);
    assert!(!r.stdout.contains("FAIL"), "{}", r.stdout);
}

#[test]
fn explain_shows_message_rationale_patterns_and_examples() {
    let dir = tmp();
    let r = run(savy(dir.path()).args(["explain", KUTEN]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    assert!(
        out.starts_with(&format!(
            "{KUTEN}  (warning, phrase rule, pack fi/fixture, kinds: all)"
        )),
        "{out}"
    );
    for part in [
        "Viittaus aiempaan viestiin kuulostaa moitteelta.",
        "Asiakas kysyy uudelleen, koska vastaus ei ollut selvä.",
        "matches  kuten [jo] [aiemmin] totesimme|mainitsimme [,]",
        "suggest  \"kerrataan vielä:\"",
        "✗ Kuten jo totesimme, palautusaika on 14 päivää.",
        "→ Kerrataan vielä: palautusaika on 14 päivää.",
        "✗ Tilaus on matkalla, kuten mainitsimme.",
        "✓ Kuten sovimme, lähetämme uuden.",
    ] {
        assert!(out.contains(part), "{part:?} in\n{out}");
    }
    let r = run(savy(dir.path()).args(["explain", LASKUTUSLISA]));
    assert!(r.stdout.contains("kinds: invoice"), "{}", r.stdout);
}

#[test]
fn explain_an_unknown_rule_exits_two_with_suggestions() {
    let dir = tmp();
    let r = run(savy(dir.path()).args(["explain", "fi.fixture.kuten-totesime"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no rule `fi.fixture.kuten-totesime`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("did you mean"), "{}", r.stderr);
    assert!(r.stderr.contains(KUTEN), "{}", r.stderr);
    assert_eq!(r.stdout, "");
    let r = run(savy(dir.path()).args(["explain", "zz"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("savy rules list"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// The bundled profile and shipped packs

#[test]
fn bundled_profile_loads_the_shipped_packs() {
    let dir = tmp();
    let config = run(bare().current_dir(dir.path()).arg("config"));
    assert_eq!(config.code, 0, "{}", config.stderr);
    assert!(
        config
            .stdout
            .contains("profile:      bundled default profile")
    );
    let list = run(bare()
        .current_dir(dir.path())
        .args(["rules", "list", "--format", "json"]));
    assert_eq!(list.code, 0, "{}", list.stderr);
    let rules: Vec<Value> = serde_json::from_str(&list.stdout).unwrap();
    assert!(!rules.is_empty());
    assert!(
        rules
            .iter()
            .all(|r| !r["id"].as_str().unwrap().contains("fixture"))
    );
}

#[test]
fn bundled_profile_flags_the_bundled_example() {
    let dir = tmp();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/drafts/reply-fi.txt");
    let r = run(bare()
        .current_dir(dir.path())
        .args(["check", "--format", "jsonl"])
        .arg(&example));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let line = &jsonl(&r.stdout)[0];
    assert_eq!(line["lang"], "fi");
    assert!(
        rule_ids(line).iter().any(|id| id.starts_with("fi.")),
        "{line}"
    );
    // The README's first example, through standard input.
    let r = run(bare()
        .current_dir(dir.path())
        .args(["check", "-"])
        .write_stdin("Kuten jo totesimme, palautusaika on 14 päivää."));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("-:1:1"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------------------------
// Pipes

/// Runs savy with its stdout closed before it writes (like `savy … | head -0`).
fn closed_stdout(args: &[&str]) -> (i32, String) {
    let dir = tmp();
    write(dir.path(), "a.txt", "Kuten totesimme, ok.");
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("savy"));
    cmd.current_dir(dir.path())
        .arg("--config")
        .arg(profile())
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_is_not_an_error_for_check() {
    for format in ["human", "json", "jsonl", "sarif"] {
        let (code, err) = closed_stdout(&["check", "--format", format, "a.txt"]);
        assert!(!err.contains("Broken pipe"), "{format}: {err}");
        assert_ne!(code, 2, "{format}: {err}");
    }
}

#[test]

fn a_closed_pipe_is_not_an_error_for_rules_list_json() {
    let (code, err) = closed_stdout(&["rules", "list", "--format", "json"]);
    assert!(!err.contains("Broken pipe"), "{err}");
    assert_eq!(code, 0, "{err}");
}

// ---------------------------------------------------------------------------------------------
// Line endings, byte order marks, permissions

#[test]
fn crlf_drafts_keep_their_line_endings_when_fixed() {
    let dir = tmp();
    let original = "Hei,\r\nKuten totesimme, ok.\r\nKiitos!!\r\n";
    write(dir.path(), "crlf.txt", original);
    let r = run(savy(dir.path()).args(["check", "--format", "jsonl", "crlf.txt"]));
    let line = &jsonl(&r.stdout)[0];
    assert_eq!(rule_ids(line), [KUTEN, HUUTO]);
    let f = &line["findings"][0];
    assert_eq!(
        (&f["line"], &f["column"]),
        (&Value::from(2), &Value::from(1))
    );
    let f = &line["findings"][1];
    assert_eq!(
        (&f["line"], &f["column"]),
        (&Value::from(3), &Value::from(7))
    );
    let r = run(savy(dir.path()).args(["check", "crlf.txt"]));
    assert!(r.stdout.contains("crlf.txt:2:1"), "{}", r.stdout);
    assert!(
        !r.stdout.contains('\r'),
        "no stray carriage returns in the report"
    );
    run(savy(dir.path()).args(["check", "--fix", "crlf.txt"]));
    assert_eq!(
        fs::read_to_string(dir.path().join("crlf.savy.txt")).unwrap(),
        "Hei,\r\nKerrataan vielä: ok.\r\nKiitos!\r\n"
    );
}

#[test]
fn a_jsonl_batch_with_crlf_line_endings() {
    let dir = tmp();
    let r = run(savy(dir.path())
        .args(["check", "--input", "jsonl", "--format", "jsonl", "-"])
        .write_stdin(
            "{\"id\":\"a\",\"text\":\"Kuten totesimme.\"}\r\n\r\n{\"id\":\"b\",\"text\":\"Hei.\"}\r\n",
        ));
    assert_eq!(r.code, 1, "{}", r.stdout);
    let lines = jsonl(&r.stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(rule_ids(&lines[0]), [KUTEN]);
    assert_eq!(lines[1]["id"], "b");
}

#[test]

fn a_jsonl_batch_may_start_with_a_byte_order_mark() {
    let dir = tmp();
    let r = run(savy(dir.path())
        .args(["check", "--input", "jsonl", "--format", "jsonl", "-"])
        .write_stdin("\u{feff}{\"id\":\"a\",\"text\":\"Kuten totesimme.\"}\n"));
    let lines = jsonl(&r.stdout);
    assert!(lines[0].get("error").is_none(), "{}", lines[0]);
    assert_eq!(rule_ids(&lines[0]), [KUTEN]);
}

#[cfg(unix)]
#[test]
fn fix_in_place_keeps_the_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp();
    let a = write(dir.path(), "a.txt", "Kuten totesimme, ok.\n");
    fs::set_permissions(&a, fs::Permissions::from_mode(0o640)).unwrap();
    let r = run(savy(dir.path()).args(["check", "--fix", "--in-place", "a.txt"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(fs::read_to_string(&a).unwrap(), "Kerrataan vielä: ok.\n");
    assert_eq!(
        fs::metadata(&a).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn a_jsonl_batch_larger_than_the_chunk_streams_in_order_in_both_output_formats() {
    // More lines than one chunk (2048), so ordering across chunks is exercised.
    let dir = tmp();
    let n = 5000;
    let mut batch = String::new();
    for i in 0..n {
        let text = if i % 2 == 0 {
            "Kuten totesimme, tilaus on matkalla."
        } else {
            "Tilaus on matkalla."
        };
        batch.push_str(&serde_json::json!({"id": i, "text": text, "lang": "fi"}).to_string());
        batch.push('\n');
    }
    write(dir.path(), "big.jsonl", &batch);
    let r = run(savy(dir.path()).args([
        "check",
        "--input",
        "jsonl",
        "--format",
        "jsonl",
        "big.jsonl",
    ]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = jsonl(&r.stdout);
    assert_eq!(lines.len(), n);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["id"], i, "line {i}");
        assert_eq!(rule_ids(line).len(), usize::from(i % 2 == 0), "line {i}");
    }
    let r =
        run(savy(dir.path()).args(["check", "--input", "jsonl", "--format", "json", "big.jsonl"]));
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["summary"]["inputs"], n);
    assert_eq!(doc["results"][4999]["id"], 4999);
}

#[test]
fn max_bytes_applies_to_each_line_of_a_batch_not_to_the_file() {
    let dir = tmp();
    let long = "Tilaus on matkalla. ".repeat(20);
    let batch = format!(
        "{}\n{}\n{}\n",
        serde_json::json!({"id": "a", "text": "Kuten totesimme, ok.", "lang": "fi"}),
        serde_json::json!({"id": "b", "text": long, "lang": "fi"}),
        serde_json::json!({"id": "c", "text": "Tilaus on matkalla.", "lang": "fi"}),
    );
    write(dir.path(), "batch.jsonl", &batch);
    // The file is over 300 bytes, each short line under 200.
    let r = run(savy(dir.path()).args([
        "check",
        "--input",
        "jsonl",
        "--format",
        "jsonl",
        "--max-bytes",
        "200",
        "batch.jsonl",
    ]));
    assert_eq!(r.code, 2, "a line over the limit is an input error");
    let lines = jsonl(&r.stdout);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(rule_ids(&lines[0]), [KUTEN]);
    assert_eq!(lines[1]["line"], 2);
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("over the limit of 200 bytes"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["id"], "c");
    assert_eq!(rule_ids(&lines[2]), Vec::<&str>::new());
}

#[test]
fn json_and_jsonl_reviews_carry_the_register_of_each_sentence() {
    let dir = tmp();
    let batch = [
        serde_json::json!({"id": "sina", "text": "Hei! Voit seurata tilaustasi linkistä.", "lang": "fi"}),
        serde_json::json!({"id": "te", "text": "Voitte seurata tilaustanne linkistä. Kiitos.", "lang": "fi"}),
        serde_json::json!({"id": "mixed", "text": "Voit seurata tilausta linkistä. Ottakaa yhteyttä, jos tarvitsette apua.", "lang": "fi"}),
        serde_json::json!({"id": "none", "text": "Tilaus on lähetetty.", "lang": "fi"}),
        serde_json::json!({"id": "casual", "text": "Hey Anna! We're on it.", "lang": "en"}),
    ]
    .iter()
    .map(|l| l.to_string() + "\n")
    .collect::<String>();
    let r = run(savy(dir.path())
        .args(["check", "--input", "jsonl", "--format", "jsonl", "-"])
        .write_stdin(batch));
    let lines = jsonl(&r.stdout);
    let document = |i: usize| {
        lines[i]["register"]["document"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        [
            document(0),
            document(1),
            document(2),
            document(3),
            document(4)
        ],
        ["informal", "formal", "mixed", "neutral", "informal"]
    );
    let first = &lines[0]["register"]["sentences"][1];
    assert_eq!(first["register"], "informal");
    let words: Vec<&str> = first["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(
        words.contains(&"Voit") && words.contains(&"tilaustasi"),
        "{words:?}"
    );
    let e = &first["evidence"][0];
    let text = "Hei! Voit seurata tilaustasi linkistä.";
    assert_eq!(
        &text[e["start"].as_u64().unwrap() as usize..e["end"].as_u64().unwrap() as usize],
        e["text"].as_str().unwrap()
    );
    // Human output does not pay for what it does not show.
    let r = run(savy(dir.path())
        .args(["check", "--format", "json", "-"])
        .write_stdin("Voitte soittaa meille."));
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["results"][0]["register"]["document"], "formal");
}

// ---------------------------------------------------------------------------------------------
// Register: the house register per kind, --register and conversion with --fix

/// A profile in `dir` with only the shipped register packs, invoices formal and replies
/// informal, and `extra` TOML in its [register] table.
fn register_profile(dir: &Path, extra: &str) {
    write(
        dir,
        "savy.toml",
        format!(
            "packs = [\"fi/register\", \"en/register\"]\n[register]\ninvoice = \"formal\"\nreply = \"informal\"\n{extra}\n[kinds]\n\"invoices/**\" = \"invoice\"\n\"macros/**\" = \"reply\"\n"
        ),
    );
}

#[test]
fn fix_with_register_converts_finnish_both_ways() {
    let dir = tmp();
    register_profile(dir.path(), "");
    let informal = "Hei Anna!\nVoit maksaa laskusi verkkopankissa. Jos sinulla on kysyttävää, ota yhteyttä. Älä huoli, olet tilannut oikean tuotteen.\n";
    let formal = "Hei Anna!\nVoitte maksaa laskunne verkkopankissa. Jos Teillä on kysyttävää, ottakaa yhteyttä. Älkää huoliko, olette tilannut oikean tuotteen.\n";
    let r = run(bare()
        .current_dir(dir.path())
        .args([
            "check",
            "--lang",
            "fi",
            "--register",
            "formal",
            "--fix",
            "-",
        ])
        .write_stdin(informal));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stdout, formal);
    let r = run(bare()
        .current_dir(dir.path())
        .args([
            "check",
            "--lang",
            "fi",
            "--register",
            "informal",
            "--fix",
            "-",
        ])
        .write_stdin(formal));
    assert_eq!(r.stdout, informal, "{}", r.stderr);
    // Already in the register asked for: nothing to fix, exit 0.
    let r = run(bare()
        .current_dir(dir.path())
        .args([
            "check",
            "--lang",
            "fi",
            "--register",
            "formal",
            "--fix",
            "-",
        ])
        .write_stdin(formal));
    assert_eq!((r.code, r.stdout.as_str()), (0, formal));
}

#[test]
fn fix_with_register_converts_english_greeting_contractions_and_sign_off() {
    let dir = tmp();
    register_profile(dir.path(), "");
    let casual = "Hey Sam,\nDon't worry, we've already sent the refund.\nCheers,\nLaura\n";
    let r = run(bare()
        .current_dir(dir.path())
        .args([
            "check",
            "--lang",
            "en",
            "--register",
            "formal",
            "--fix",
            "-",
        ])
        .write_stdin(casual));
    assert_eq!(
        r.stdout,
        "Dear Sam,\nDo not worry, we have already sent the refund.\nKind regards,\nLaura\n",
        "{}",
        r.stderr
    );
}

#[test]
fn the_house_register_comes_from_the_kind_of_each_file() {
    let dir = tmp();
    register_profile(dir.path(), "");
    write(
        dir.path(),
        "invoices/a.txt",
        "Voit maksaa laskun verkkopankissa.\n",
    );
    write(
        dir.path(),
        "macros/b.txt",
        "Voit maksaa laskun verkkopankissa.\n",
    );
    let r = run(bare()
        .current_dir(dir.path())
        .args(["check", "--format", "jsonl", "invoices", "macros"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = jsonl(&r.stdout);
    let by_path = |p: &str| {
        lines
            .iter()
            .find(|l| l["path"].as_str().unwrap().ends_with(p))
            .unwrap()
    };
    let invoice = by_path("a.txt");
    assert_eq!(rule_ids(invoice), ["fi.register.mismatch"]);
    assert_eq!(invoice["findings"][0]["text"], "Voit");
    assert_eq!(
        invoice["findings"][0]["suggestions"][0]["replacement"],
        "Voitte"
    );
    assert_eq!(invoice["register"]["document"], "informal");
    assert!(rule_ids(by_path("b.txt")).is_empty());
}

#[test]
fn a_mixed_draft_points_at_the_dominant_register_in_json_and_sarif() {
    let dir = tmp();
    register_profile(dir.path(), "");
    let text = "Kiitos viestistänne. Voitte palauttaa tuotteen. Tarvitsetko palautuslapun?\n";
    let path = write(dir.path(), "other/c.txt", text);
    let r = run(bare()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .arg(&path));
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let f = &v["results"][0]["findings"][0];
    assert_eq!(f["rule"], "fi.register.mixed");
    assert_eq!(f["text"], "Tarvitsetko");
    assert_eq!(f["suggestions"][0]["replacement"], "Tarvitsetteko");
    assert_eq!(f["related"][0]["text"], "viestistänne");
    assert_eq!(f["related"][0]["line"], 1);
    let r = run(bare()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif"])
        .arg(&path));
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let related = &v["runs"][0]["results"][0]["relatedLocations"][0];
    assert_eq!(related["message"]["text"], "viestistänne");
    assert_eq!(related["physicalLocation"]["region"]["byteOffset"], 7);
}

#[test]
fn teitittely_slips_follow_the_profile_style() {
    let dir = tmp();
    register_profile(dir.path(), "");
    let text = "Olette tilanneet kaksi tuotetta. Lähetämme teille laskun.\n";
    let r = run(bare()
        .current_dir(dir.path())
        .args(["check", "--lang", "fi", "--kind", "invoice", "--fix", "-"])
        .write_stdin(text));
    assert_eq!(
        r.stdout, "Olette tilannut kaksi tuotetta. Lähetämme Teille laskun.\n",
        "{}",
        r.stderr
    );
    let plural = tmp();
    register_profile(
        plural.path(),
        "capitalise = false\nsingular_participle = false",
    );
    let r = run(bare()
        .current_dir(plural.path())
        .args(["check", "--lang", "fi", "--kind", "invoice", "--fix", "-"])
        .write_stdin(text));
    assert_eq!(r.stdout, text, "{}", r.stderr);
    assert_eq!(r.code, 0);
}

#[test]
fn an_unknown_register_is_a_usage_error() {
    let r = run(savy(tmp().path())
        .args(["check", "--register", "casual", "-"])
        .write_stdin("Hei"));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown register `casual`"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Warmth (the bundled packs: run where no savy.toml is found)

const WARM_REPLY: &str = "Hei Anna,\n\nkiitos viestistä! Pahoittelen, että paketti viipyy. Lähetämme uuden huomenna.\n\nTerveisin\nLiisa\n";
const COLD_REPLY: &str = "Kuten jo totesimme, paketti on matkalla.\n";

#[test]
fn json_warmth_has_the_documented_shape() {
    let dir = tmp();
    let r = run(bare()
        .current_dir(dir.path())
        .args([
            "check", "--format", "jsonl", "--kind", "reply", "--lang", "fi", "-",
        ])
        .write_stdin(COLD_REPLY));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let out = &jsonl(&r.stdout)[0];
    let w = out["warmth"].as_object().expect("a warmth object");
    let mut keys: Vec<&str> = w.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["grade", "score", "signals", "strengths"]);
    let score = w["score"].as_i64().unwrap();
    assert!((0..=100).contains(&score));
    assert_eq!(w["grade"], "cold");
    let deltas: i64 = w["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mut keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["delta", "end", "id", "reason", "start"]);
            s["delta"].as_i64().unwrap()
        })
        .sum();
    assert_eq!(score, 50 + deltas, "every point is a signal's");
    let blame = w["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "fi.blame.kuten-totesimme")
        .expect("the blame costs warmth");
    let (start, end) = (
        blame["start"].as_u64().unwrap(),
        blame["end"].as_u64().unwrap(),
    );
    assert_eq!(
        &COLD_REPLY[start as usize..end as usize],
        "Kuten jo totesimme,"
    );
    assert!(w["strengths"].as_array().unwrap().is_empty());
    // The suggested draft: every suggestion applied, the missing greeting and close added.
    let suggested = out["suggested"].as_str().unwrap();
    assert!(suggested.starts_with("Hei [nimi],\n\n"), "{suggested}");
    assert!(!suggested.contains("Kuten jo totesimme"), "{suggested}");
    assert!(out.get("fixed").is_none(), "`fixed` only with --fix");
}

#[test]
fn human_warmth_shows_strengths_then_the_score_then_what_would_raise_it() {
    let dir = tmp();
    let r = run(bare()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["check", "--kind", "reply", "--lang", "fi", "-"])
        .write_stdin(WARM_REPLY));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    assert!(!out.contains('\x1b'), "NO_COLOR: {out}");
    let at = |needle: &str| {
        out.find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in\n{out}"))
    };
    let strength = at("✓ Kiität asiakasta.");
    let score = at("/100 ");
    let raise = at("to raise it:");
    assert!(
        at("warmth: -") < strength && strength < score && score < raise,
        "{out}"
    );
    assert!(out.contains("█"), "a bar: {out}");
    let changes = out[raise..]
        .lines()
        .skip(1)
        .take_while(|l| l.trim_start().starts_with('+'))
        .count();
    assert!((1..=3).contains(&changes), "at most three changes: {out}");
}

#[test]
fn one_draft_gets_its_suggested_rewrite_in_human_output() {
    let dir = tmp();
    let r = run(bare()
        .current_dir(dir.path())
        .args(["check", "--kind", "reply", "--lang", "fi", "-"])
        .write_stdin(COLD_REPLY));
    assert!(
        r.stdout.contains("suggested draft:\n  │ Hei [nimi],\n"),
        "{}",
        r.stdout
    );
    // Two drafts: no rewrite printed.
    let a = write(dir.path(), "a.txt", COLD_REPLY);
    let b = write(dir.path(), "b.txt", COLD_REPLY);
    let r = run(bare()
        .current_dir(dir.path())
        .args(["check", "--kind", "reply", "--lang", "fi"])
        .args([&a, &b]));
    assert!(!r.stdout.contains("suggested draft:"), "{}", r.stdout);
}

#[test]
fn context_an_upset_customer_and_an_unanswered_question_weigh_on_the_reply() {
    let dir = tmp();
    let context = write(
        dir.path(),
        "asiakas.txt",
        "Missä tilaukseni on?! Tämä on TÖRKEÄÄ!!! Voinko vaihtaa toimitusosoitteen?",
    );
    let score = |args: &[&str]| -> (i64, Vec<String>) {
        let r = run(bare()
            .current_dir(dir.path())
            .args([
                "check", "--format", "jsonl", "--kind", "reply", "--lang", "fi",
            ])
            .args(args)
            .arg("-")
            .write_stdin(WARM_REPLY));
        assert_eq!(r.code, 0, "{}", r.stderr);
        let out = &jsonl(&r.stdout)[0];
        let ids = out["warmth"]["signals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect();
        (out["warmth"]["score"].as_i64().unwrap(), ids)
    };
    let (alone, _) = score(&[]);
    let path = context.to_str().unwrap();
    let (with_context, ids) = score(&["--context", path]);
    // The reply apologises, so the upset customer is acknowledged; the address question is
    // not taken up, the order one is ("paketti"/"tilaukseni" share nothing, so it is named too).
    assert!(
        !ids.iter().any(|i| i.starts_with("fi.warmth.asiakas-")),
        "{ids:?}"
    );
    assert!(
        ids.iter().any(|i| i == "fi.warmth.kysymys-vastaamatta"),
        "{ids:?}"
    );
    assert!(with_context < alone);
    // A reply that does not acknowledge the customer loses more.
    let r = run(bare()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "jsonl",
            "--kind",
            "reply",
            "--lang",
            "fi",
            "--context",
            path,
            "-",
        ])
        .write_stdin("Hei,\n\npaketti on matkalla.\n\nTerveisin\nLiisa\n"));
    let out = &jsonl(&r.stdout)[0];
    assert!(
        out["warmth"]["signals"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "fi.warmth.asiakas-harmissaan" && s["delta"] == -15),
        "{}",
        r.stdout
    );
}

#[test]
fn context_that_cannot_be_read_is_an_error() {
    let dir = tmp();
    bare()
        .current_dir(dir.path())
        .args(["check", "--context", "missing.txt", "-"])
        .write_stdin("Hei!")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--context missing.txt"));
}
