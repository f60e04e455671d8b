//! End-to-end tests of `savy report`: register across touchpoints, per document kind, as a
//! table, JSON and HTML, with its exit codes and unreadable inputs.
//!
//! Each test writes a profile (the fixture packs, a `[register]` and `[kinds]` globs) and
//! drafts into a temporary folder and runs the binary there, so the profile is discovered and
//! nothing outside the folder is read. The engine's register detector decides each draft's
//! register from its words (`Voit`, `tilauksesi`; `Voitte`, `viestistänne`; `Hi`, `Cheers`;
//! `Dear`, `Kind regards`).

mod common;

use assert_cmd::Command;
use common::{Run, bare, run, tmp, write, write_profile};
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

// ---------------------------------------------------------------------------------------------
// Helpers

/// `savy` with an environment that does not force or forbid colour, run in `dir` (whose
/// savy.toml is discovered).
fn savy(dir: &Path) -> Command {
    let mut cmd = bare();
    cmd.current_dir(dir);
    cmd
}

/// Replies are informal by the profile; invoices and emails have no house register.
const PROFILE: &str = r#"
[register]
reply = "informal"

[kinds]
"macros/**" = "reply"
"invoices/**" = "invoice"
"emails/**" = "email"
"#;

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

/// Sinuttelu: `viestistäsi`, `Voit`, `tilauksesi`.
const FI_INFORMAL: &str = "Hei Anna,\n\nkiitos viestistäsi. Voit palauttaa tuotteen 30 päivän kuluessa, ja tilauksesi hyvitetään heti.\n\nYstävällisin terveisin,\nLaura\n";
/// Sinuttelu with a warning from the fixture pack (`kuten jo totesimme`).
const FI_INFORMAL_BLAME: &str =
    "Hei,\n\nkuten jo totesimme, voit palauttaa tuotteen 30 päivän kuluessa.\n";
/// Teitittely: `viestistänne`, `Voitte`, `tilauksenne`.
const FI_FORMAL: &str = "Hyvä asiakas,\n\nkiitos viestistänne. Voitte palauttaa tuotteen 30 päivän kuluessa, ja hyvitämme tilauksenne heti.\n\nYstävällisin terveisin,\nLaura\n";
/// Teitittely with `Te`.
const FI_FORMAL_TE: &str =
    "Hyvä asiakas,\n\nTe saatte laskun liitteenä. Maksattehan sen eräpäivään mennessä.\n";
/// Both: `viestistäsi`, then `Voitte`.
const FI_MIXED: &str =
    "Hei,\n\nkiitos viestistäsi. Voitte palauttaa tuotteen 30 päivän kuluessa.\n";
/// No direct address.
const FI_NEUTRAL: &str = "Lasku 1234 on liitteenä. Eräpäivä on 15.3.2026.\n";
/// Casual English: `Hi`, `We're`, `no worries`, `Cheers`.
const EN_CASUAL: &str = "Hi Sam,\n\nthanks so much for getting in touch! We're sorting your refund right now, no worries.\n\nCheers,\nLaura\n";
/// Formal English: `Dear`, `Please find`, `Kind regards`.
const EN_FORMAL: &str = "Dear Ms Smith,\n\nThank you for your enquiry. Please find the invoice attached.\n\nKind regards,\nLaura Virtanen\n";

/// A folder of templates: four replies (two depart from the house register), two invoices
/// (formal and neutral, no house register).
fn templates() -> TempDir {
    let dir = tmp();
    let d = dir.path();
    write_profile(d, PROFILE);
    write(d, "macros/palautus.txt", FI_INFORMAL);
    write(d, "macros/teitittely.txt", FI_FORMAL);
    write(d, "macros/sekava.txt", FI_MIXED);
    write(d, "macros/refund.txt", EN_CASUAL);
    write(d, "invoices/lasku1.txt", FI_FORMAL_TE);
    write(d, "invoices/lasku2.txt", FI_NEUTRAL);
    dir
}

/// The table rows (two-space indented lines) under the heading that starts with `heading`.
fn table<'a>(out: &'a str, heading: &str) -> Vec<&'a str> {
    out.lines()
        .skip_while(|l| !l.starts_with(heading))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Human output

#[test]
fn human_table_groups_files_by_kind_with_verdicts() {
    let dir = templates();
    let r = run(savy(dir.path()).arg("report"));
    assert_eq!(r.code, 1, "two replies depart: {}", r.stderr);
    let out = &r.stdout;

    // Kinds in a fixed order, each with how it is judged.
    let headings: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with(' ') && l.contains(" — "))
        .collect();
    assert_eq!(
        headings,
        [
            "reply — house register: informal",
            "invoice — no house register: compared with its majority"
        ]
    );

    let reply = table(out, "reply — ");
    assert_eq!(
        reply[0].split_whitespace().collect::<Vec<_>>(),
        [
            "FILE", "LANG", "REGISTER", "INF", "FORM", "NEUT", "FINDINGS", "WARN+", "WARMTH"
        ]
    );
    let cells = |line: &str| {
        line.split_whitespace()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    // Files in name order; sentences informal/formal/neutral; the fixture packs have no
    // warmth signals, so every draft scores the neutral 50.
    assert_eq!(
        cells(reply[1]),
        [
            "macros/palautus.txt",
            "fi",
            "informal",
            "2",
            "0",
            "3",
            "0",
            "0",
            "50"
        ]
    );
    assert_eq!(
        cells(reply[2]),
        [
            "macros/refund.txt",
            "en",
            "informal",
            "3",
            "0",
            "2",
            "0",
            "0",
            "50"
        ]
    );
    assert_eq!(
        cells(reply[3]),
        [
            "macros/sekava.txt",
            "fi",
            "mixed",
            "1",
            "1",
            "1",
            "0",
            "0",
            "50",
            "departs"
        ]
    );
    assert_eq!(
        cells(reply[4]),
        [
            "macros/teitittely.txt",
            "fi",
            "formal",
            "0",
            "2",
            "3",
            "0",
            "0",
            "50",
            "departs"
        ]
    );
    assert_eq!(
        reply[5].trim(),
        "reply: 2 of 4 files address the reader informally (sinä; casual in English), as the \
         profile asks; 2 depart: macros/sekava.txt (mixed), macros/teitittely.txt (formal)."
    );

    let invoice = table(out, "invoice — ");
    assert_eq!(
        cells(invoice[1]),
        [
            "invoices/lasku1.txt",
            "fi",
            "formal",
            "0",
            "2",
            "1",
            "0",
            "0",
            "50"
        ]
    );
    assert_eq!(
        cells(invoice[2]),
        [
            "invoices/lasku2.txt",
            "fi",
            "neutral",
            "0",
            "0",
            "2",
            "0",
            "0",
            "50"
        ]
    );
    assert_eq!(
        invoice[3].trim(),
        "invoice (no house register): 1 of 2 files addresses the reader formally (Te); 1 does \
         not address the reader; none depart."
    );

    // The profile sets replies, not invoices: the difference between them is pointed out.
    let tail: Vec<&str> = out.lines().rev().take(2).collect();
    assert_eq!(
        tail,
        [
            "2 of 6 files depart from the profile or, where it sets no register, their kind's majority.",
            "Kinds disagree: replies address the reader informally (sinä; casual in English), invoices formally (Te).",
        ]
    );
    assert!(
        !out.contains("savy.toml  "),
        "the profile is not a row: {out}"
    );
    assert_eq!(r.stderr, "");
}

#[test]
fn columns_line_up_across_kinds_with_wide_characters() {
    let dir = templates();
    write(dir.path(), "macros/返信.txt", FI_INFORMAL);
    write(dir.path(), "emails/tervetuloa.txt", FI_INFORMAL);
    let r = run(savy(dir.path()).arg("report"));
    let rows: Vec<&str> = ["reply — ", "email — ", "invoice — "]
        .iter()
        .flat_map(|h| {
            let t = table(&r.stdout, h);
            let n = t.len() - 1; // the verdict
            t.into_iter().take(n)
        })
        .collect();
    assert_eq!(rows.len(), 3 + 6 + 3 - 2 + 1, "{}", r.stdout);
    // The LANG column starts at the same display column on every row of every table.
    let lang_column = |line: &str| {
        let i = line
            .find(" fi ")
            .or_else(|| line.find(" en "))
            .or_else(|| line.find(" LANG "))
            .unwrap_or_else(|| panic!("no language in {line:?}"));
        line[..i].width()
    };
    let first = lang_column(rows[0]);
    for row in &rows {
        assert_eq!(lang_column(row), first, "{row:?} in\n{}", r.stdout);
    }
    assert!(r.stdout.contains("macros/返信.txt"));
}

#[test]
fn english_and_finnish_registers_are_named_in_their_own_words() {
    let dir = tmp();
    let d = dir.path();
    write_profile(d, PROFILE);
    write(d, "emails/a.txt", EN_CASUAL);
    write(d, "emails/b.txt", EN_CASUAL);
    write(d, "emails/c.txt", EN_FORMAL);
    write(d, "invoices/x.txt", FI_FORMAL_TE);
    let r = run(savy(d).arg("report"));
    assert_eq!(r.code, 1);
    assert_eq!(
        table(&r.stdout, "email — ").last().unwrap().trim(),
        "email (no house register): 2 of 3 files address the reader casually; 1 departs from \
         that majority: emails/c.txt (formal)."
    );
    assert_eq!(
        table(&r.stdout, "invoice — ").last().unwrap().trim(),
        "invoice (no house register): 1 of 1 file addresses the reader formally (Te); none depart."
    );
    assert!(
        r.stdout.contains(
            "Kinds disagree: emails address the reader casually, invoices formally (Te).\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .ends_with("1 of 4 files departs from the register most files of their kind use.\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_split_kind_has_no_majority_and_says_how_to_choose() {
    let dir = tmp();
    let d = dir.path();
    write_profile(d, PROFILE);
    write(d, "emails/a.txt", FI_INFORMAL);
    write(d, "emails/b.txt", FI_FORMAL);
    let r = run(savy(d).arg("report"));
    assert_eq!(r.code, 1);
    assert_eq!(
        table(&r.stdout, "email — ").last().unwrap().trim(),
        "email (no house register): no majority, 1 addresses the reader informally (sinä) and \
         1 formally (Te); 2 depart: emails/a.txt (informal), emails/b.txt (formal). Choose one \
         with `email = \"informal\"` or `\"formal\"` under [register] in savy.toml."
    );
}

#[test]
fn kinds_come_from_the_flag_else_globs_else_unknown() {
    let dir = tmp();
    let d = dir.path();
    write_profile(d, PROFILE);
    write(d, "letters/a.txt", FI_INFORMAL);
    write(d, "letters/b.txt", FI_FORMAL);
    write(d, "letters/c.txt", FI_FORMAL);
    let r = run(savy(d).args(["report", "--format", "json", "letters"]));
    assert_eq!(r.code, 1);
    let v = json(&r);
    assert_eq!(v["kinds"].as_array().unwrap().len(), 1);
    assert_eq!(v["kinds"][0]["kind"], "unknown");
    assert_eq!(v["kinds"][0]["house_register"], Value::Null);
    assert_eq!(v["kinds"][0]["dominant"], "formal");
    assert_eq!(
        v["kinds"][0]["departing"],
        serde_json::json!(["letters/a.txt"])
    );
    assert_eq!(v["kinds"][0]["files"][0]["kind"], "unknown");

    // --kind puts them under the reply house register: now the formal ones depart.
    let r = run(savy(d).args(["report", "--kind", "reply", "--format", "json", "letters"]));
    assert_eq!(r.code, 1);
    let v = json(&r);
    assert_eq!(v["kinds"][0]["kind"], "reply");
    assert_eq!(v["kinds"][0]["house_register"], "informal");
    assert_eq!(
        v["kinds"][0]["departing"],
        serde_json::json!(["letters/b.txt", "letters/c.txt"])
    );

    // Without a kind, the human table says how to name one.
    let r = run(savy(d).args(["report", "letters"]));
    assert!(
        r.stdout.starts_with(
            "unknown — no kind (name one with --kind or [kinds] in savy.toml): compared with the majority\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn lang_flag_overrides_detection() {
    let dir = tmp();
    let d = dir.path();
    write_profile(d, PROFILE);
    write(d, "macros/a.txt", FI_INFORMAL);
    let r = run(savy(d).args(["report", "--format", "json", "--lang", "en", "macros"]));
    let v = json(&r);
    let f = &v["kinds"][0]["files"][0];
    assert_eq!(f["lang"], "en");
    // Read as English, the Finnish words show no address.
    assert_eq!(f["register"], "neutral");
    assert_eq!(r.code, 0);
}

// ---------------------------------------------------------------------------------------------
// JSON

#[test]
fn json_report_follows_the_documented_schema() {
    let dir = templates();
    write(dir.path(), "macros/moite.txt", FI_INFORMAL_BLAME);
    let r = run(savy(dir.path()).args(["report", "--format", "json"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r);
    assert_eq!(v["version"], 1);
    let kinds = v["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 2);

    let reply = &kinds[0];
    assert_eq!(reply["kind"], "reply");
    assert_eq!(reply["house_register"], "informal");
    assert_eq!(reply["dominant"], "informal");
    assert_eq!(
        reply["registers"],
        serde_json::json!({"informal": 3, "formal": 1, "neutral": 0, "mixed": 1})
    );
    assert_eq!(
        reply["departing"],
        serde_json::json!(["macros/sekava.txt", "macros/teitittely.txt"])
    );
    assert_eq!(
        reply["verdict"],
        "reply: 3 of 5 files address the reader informally (sinä; casual in English), as the \
         profile asks; 2 depart: macros/sekava.txt (mixed), macros/teitittely.txt (formal)."
    );
    let paths: Vec<&str> = reply["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "macros/moite.txt",
            "macros/palautus.txt",
            "macros/refund.txt",
            "macros/sekava.txt",
            "macros/teitittely.txt"
        ]
    );
    // A whole row, with a finding at warning level and its warmth (no signal in the fixture
    // packs: the neutral 50).
    assert_eq!(
        reply["files"][0],
        serde_json::json!({
            "path": "macros/moite.txt",
            "kind": "reply",
            "lang": "fi",
            "register": "informal",
            "sentences": {"informal": 1, "formal": 0, "neutral": 1},
            "findings": {"total": 1, "warning_or_above": 1},
            "warmth": 50.0,
            "departs": false
        })
    );
    assert_eq!(reply["warmth"], 50.0);
    assert_eq!(reply["files"][4]["register"], "formal");
    assert_eq!(reply["files"][4]["departs"], true);

    let invoice = &kinds[1];
    assert_eq!(invoice["kind"], "invoice");
    assert_eq!(invoice["house_register"], Value::Null);
    assert_eq!(invoice["dominant"], "formal");
    assert_eq!(invoice["departing"], serde_json::json!([]));

    assert_eq!(
        v["summary"],
        serde_json::json!({
            "files": 7,
            "compared": 7,
            "departing": 2,
            "failed": 0,
            "skipped": 0,
            "verdict": "2 of 7 files depart from the profile or, where it sets no register, their kind's majority.",
            "contrast": "Kinds disagree: replies address the reader informally (sinä; casual in English), invoices formally (Te)."
        })
    );
}

#[test]
fn json_contrast_is_null_when_the_profile_sets_every_kind() {
    let dir = templates();
    write_profile(
        dir.path(),
        &format!("{PROFILE}\n").replace(
            "reply = \"informal\"",
            "reply = \"informal\"\ninvoice = \"formal\"",
        ),
    );
    let r = run(savy(dir.path()).args(["report", "--format", "json"]));
    let v = json(&r);
    assert_eq!(v["kinds"][1]["house_register"], "formal");
    assert_eq!(v["summary"]["contrast"], Value::Null);
    assert_eq!(
        v["summary"]["verdict"],
        "2 of 6 files depart from the profile."
    );
}

// ---------------------------------------------------------------------------------------------
// HTML

#[test]
fn html_is_written_to_output_self_contained_and_escaped() {
    let dir = templates();
    let d = dir.path();
    write(d, "macros/<b&c>.txt", FI_FORMAL);
    let r = run(savy(d).args(["report", "--format", "html", "--output", "register.html"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stdout, "", "the page goes to the file");
    assert!(
        r.stderr
            .starts_with("wrote register.html: 3 of 7 files depart"),
        "{}",
        r.stderr
    );
    let html = fs::read_to_string(d.join("register.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.trim_end().ends_with("</html>"));
    // Self-contained: styles and the chart inline, nothing to fetch.
    assert!(html.contains("<style>"));
    assert_eq!(html.matches("<svg").count(), 1);
    for needle in ["http", "<script", "<link", "@import", "src=", "href="] {
        assert!(!html.contains(needle), "{needle} in the page");
    }
    // The bar chart has one bar per kind with counts, titled in words.
    for title in [
        "reply: 2 informal",
        "reply: 2 formal",
        "reply: 1 mixed",
        "invoice: 1 formal",
        "invoice: 1 neutral",
    ] {
        assert!(html.contains(&format!("<title>{title}</title>")), "{title}");
    }
    // The file name is escaped wherever it appears (row and verdict).
    assert!(!html.contains("<b&c>"));
    assert_eq!(html.matches("macros/&lt;b&amp;c&gt;.txt").count(), 2);
    // Departing rows say so in words, not only in colour.
    assert_eq!(html.matches("⚠ departs").count(), 3);
    assert!(html.contains(
        "Kinds disagree: replies address the reader informally (sinä; casual in English), invoices formally (Te)."
    ));

    // A second run in the same folder does not report on the page itself.
    let r = run(savy(d).args([
        "report",
        "--format",
        "json",
        "--output",
        "register.html",
        "--force",
    ]));
    assert_eq!(r.code, 1);
    let v: Value = serde_json::from_str(&fs::read_to_string(d.join("register.html")).unwrap())
        .expect("the JSON report replaced the page");
    assert_eq!(
        v["summary"]["files"], 7,
        "neither register.html nor savy.toml is a row"
    );
}

#[test]
fn html_goes_to_standard_output_without_output() {
    let dir = templates();
    let r = run(savy(dir.path()).args(["report", "--format", "html", "invoices"]));
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("<!DOCTYPE html>"));
    assert!(r.stdout.contains("<p class=\"overall\">0 of 2 files depart from the register most files of their kind use.</p>"));
    assert!(!r.stdout.contains('\x1b'));
}

#[test]
fn an_existing_output_is_kept_unless_forced() {
    let dir = templates();
    let d = dir.path();
    write(d, "register.html", "keep me");
    let r = run(savy(d).args(["report", "--format", "html", "-o", "register.html"]));
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: register.html already exists; pass --force to replace it\n"
    );
    assert_eq!(
        fs::read_to_string(d.join("register.html")).unwrap(),
        "keep me"
    );

    let r = run(savy(d).args([
        "report",
        "--format",
        "html",
        "-o",
        "register.html",
        "--force",
    ]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let html = fs::read_to_string(d.join("register.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));

    // --force means nothing without --output.
    let r = run(savy(d).args(["report", "--force"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--output"), "{}", r.stderr);
}

#[test]
fn human_format_to_a_file_has_no_colour() {
    let dir = templates();
    let d = dir.path();
    let r = run(savy(d)
        .env("CLICOLOR_FORCE", "1")
        .args(["report", "--output", "register.txt"]));
    assert_eq!(r.code, 1);
    let text = fs::read_to_string(d.join("register.txt")).unwrap();
    assert!(
        text.starts_with("reply — house register: informal\n"),
        "{text}"
    );
    assert!(!text.contains('\x1b'));
}

// ---------------------------------------------------------------------------------------------
// Exit codes, bad input, colour

#[test]
fn exit_zero_when_every_file_keeps_to_the_register() {
    let dir = tmp();
    let d = dir.path();
    write_profile(d, PROFILE);
    write(d, "macros/a.txt", FI_INFORMAL);
    write(d, "macros/b.txt", EN_CASUAL);
    write(d, "macros/c.txt", FI_NEUTRAL);
    let r = run(savy(d).arg("report"));
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        table(&r.stdout, "reply — ").last().unwrap().trim(),
        "reply: 2 of 3 files address the reader informally (sinä; casual in English), as the \
         profile asks; 1 does not address the reader; none depart."
    );
    assert!(
        r.stdout
            .ends_with("0 of 3 files depart from the profile.\n")
    );
}

#[test]
fn usage_and_configuration_errors_exit_two() {
    let dir = templates();
    for args in [
        vec!["report", "--format", "xml"],
        vec!["report", "--kind", "letter"],
        vec!["report", "--lang", "sv"],
        vec!["report", "--max-bytes", "many"],
        vec!["report", "nope/"],
    ] {
        let r = run(savy(dir.path()).args(&args));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("error"), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
    }
    write(dir.path(), "savy.toml", "[register]\nreply = \"casual\"\n");
    let r = run(savy(dir.path()).arg("report"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("casual"), "{}", r.stderr);
}

#[test]
fn unreadable_files_get_a_row_and_the_report_goes_on() {
    let dir = templates();
    let d = dir.path();
    write(d, "macros/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write(d, "macros/latin1.txt", b"Hei, voit maksaa ty\xf6ss\xe4.\n");
    write(d, "macros/tyhja.txt", "");
    let r = run(savy(d).args(["report", "--format", "json", "macros"]));
    assert_eq!(r.code, 2, "an input error wins over departures");
    let v = json(&r);
    let files = v["kinds"][0]["files"].as_array().unwrap();
    let by_path = |p: &str| files.iter().find(|f| f["path"] == p).unwrap();
    assert_eq!(
        by_path("macros/latin1.txt"),
        &serde_json::json!({
            "path": "macros/latin1.txt",
            "kind": "reply",
            "departs": false,
            "error": "is not valid UTF-8 (first bad byte at offset 19); convert it to UTF-8, or pass --lossy to check it anyway"
        })
    );
    // A binary file found in a folder is noted, as `savy check` does, not an error.
    assert_eq!(by_path("macros/logo.png")["skipped"], "binary file");
    assert_eq!(by_path("macros/tyhja.txt")["skipped"], "empty draft");
    assert_eq!(by_path("macros/palautus.txt")["register"], "informal");
    assert_eq!(v["summary"]["files"], 7);
    assert_eq!(v["summary"]["compared"], 4);
    assert_eq!(v["summary"]["failed"], 1);
    assert_eq!(v["summary"]["skipped"], 2);
    assert_eq!(
        v["summary"]["verdict"],
        "2 of 4 files depart from the profile. 1 file could not be read. 2 files were skipped."
    );
    assert!(
        r.stderr
            .contains("error: macros/latin1.txt: is not valid UTF-8"),
        "{}",
        r.stderr
    );

    // The human table shows the error in the file's row.
    let r = run(savy(d).args(["report", "macros"]));
    assert_eq!(r.code, 2);
    let row = table(&r.stdout, "reply — ")
        .into_iter()
        .find(|l| l.contains("latin1.txt"))
        .unwrap();
    assert!(
        row.contains("–  error: is not valid UTF-8 (first bad byte at offset 19)"),
        "{row}"
    );

    // --lossy reads it; a binary file named explicitly is an error.
    let r = run(savy(d).args(["report", "--lossy", "--format", "json", "macros/latin1.txt"]));
    assert_eq!(json(&r)["kinds"][0]["files"][0]["register"], "informal");
    assert_eq!(r.code, 0);
    let r = run(savy(d).args(["report", "--format", "json", "macros/logo.png"]));
    assert_eq!(r.code, 2);
    assert_eq!(
        json(&r)["kinds"][0]["files"][0]["error"],
        "looks like a binary file (it contains NUL bytes), not a text draft"
    );
}

#[test]
fn files_over_max_bytes_are_rows_with_an_error() {
    let dir = templates();
    let r =
        run(savy(dir.path()).args(["report", "--max-bytes", "100", "--format", "json", "macros"]));
    assert_eq!(r.code, 2);
    let v = json(&r);
    let files = v["kinds"][0]["files"].as_array().unwrap();
    let refused: Vec<&str> = files
        .iter()
        .filter(|f| f["error"].is_string())
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        refused,
        [
            "macros/palautus.txt",
            "macros/refund.txt",
            "macros/teitittely.txt"
        ]
    );
    assert_eq!(
        files[0]["error"],
        format!(
            "is {} bytes, over the limit of 100 (raise it with --max-bytes or max_bytes in savy.toml)",
            FI_INFORMAL.len()
        )
    );
    assert_eq!(v["summary"]["compared"], 1, "sekava.txt is small enough");
}

#[test]
fn an_empty_folder_is_reported_clearly() {
    let dir = tmp();
    write_profile(dir.path(), PROFILE);
    fs::create_dir(dir.path().join("empty")).unwrap();
    let r = run(savy(dir.path()).args(["report", "empty"]));
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "No files to report on.\n");
    assert_eq!(r.stderr, "note: no files found in empty\n");

    let r = run(savy(dir.path()).args(["report", "--format", "json", "empty"]));
    assert_eq!(r.code, 0);
    let v = json(&r);
    assert_eq!(v["kinds"], serde_json::json!([]));
    assert_eq!(v["summary"]["files"], 0);
    assert_eq!(v["summary"]["verdict"], "No files to report on.");

    let r = run(savy(dir.path()).args(["report", "--format", "html", "empty"]));
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains("<p class=\"overall\">No files to report on.</p>")
    );
    assert!(!r.stdout.contains("<svg"), "no chart without files");
}

#[test]
fn colour_only_when_the_stream_allows_it() {
    let dir = templates();
    let piped = run(savy(dir.path()).arg("report"));
    assert!(piped.stdout.contains("departs"));
    assert!(!piped.stdout.contains('\x1b'), "{:?}", piped.stdout);

    let forced = run(savy(dir.path()).env("CLICOLOR_FORCE", "1").arg("report"));
    assert!(forced.stdout.contains("\x1b["), "{:?}", forced.stdout);
    // Styles wrap the padded cells: stripped, the table is the same as uncoloured.
    let stripped = strip_ansi(&forced.stdout);
    assert_eq!(stripped, piped.stdout);

    let no_color = run(savy(dir.path())
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .arg("report"));
    assert_eq!(no_color.stdout, piped.stdout);

    let always = run(savy(dir.path()).args(["--color", "always", "report"]));
    assert!(always.stdout.contains("\x1b["));
    let never = run(savy(dir.path())
        .env("CLICOLOR_FORCE", "1")
        .args(["report", "--color", "never"]));
    assert_eq!(never.stdout, piped.stdout);
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ params final-byte
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_long_batch_draws_no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = tmp();
    let d = dir.path();
    write_profile(d, PROFILE);
    for i in 0..30 {
        write(d, &format!("macros/{i:02}.txt"), FI_INFORMAL);
    }
    let r = run(savy(d).arg("report"));
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "");
    assert!(
        r.stdout.contains(
            "reply: 30 of 30 files address the reader informally (sinä), as the profile asks; none depart."
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn help_teaches_with_examples_and_exit_codes() {
    let dir = tmp();
    let r = run(savy(dir.path()).args(["report", "--help"]));
    assert_eq!(r.code, 0);
    for needle in [
        "Usage: savy report [OPTIONS] [PATH]...",
        "--format <FORMAT>",
        "--output <FILE>",
        "--force",
        "--lossy",
        "--max-bytes <BYTES>",
        "savy report --format html --output register.html templates/",
        "Exit status: 0 when no file departs, 1 when some file departs",
    ] {
        assert!(r.stdout.contains(needle), "{needle} in\n{}", r.stdout);
    }
    let top = run(savy(dir.path()).arg("--help"));
    assert!(
        top.stdout.contains("savy report templates/"),
        "{}",
        top.stdout
    );
}
