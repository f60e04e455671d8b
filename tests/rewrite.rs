//! `savy check --rewrite llm` end to end against a fake OpenAI-compatible API on 127.0.0.1:
//! what is sent (and that nothing is unless the profile allows it), which answers are accepted,
//! and how every kind of failure falls back to the rules' rewrite with a note that says why.
//!
//! The profiles here use the shipped packs, whose warmth rules the judging needs.

mod common;
#[path = "common/fake_model.rs"]
mod fake_model;

use assert_cmd::Command;
use common::{Run, bare, jsonl, run, tmp, write};
use fake_model::{FakeModel, Reply};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

const KEY: &str = "sk-test-0123456789";

/// A cold reply with facts a rewrite must keep: a name, an amount, a date, an order number, a
/// URL and the signature.
const DRAFT: &str = "Hei Anna,\n\nkuten jo totesimme, palautus 49,90 € maksetaan tilillesi 24.11.2026. Tilauksesi #A-12345 näet osoitteessa https://kauppa.example/tilaukset.\n\nTerveisin\nLiisa\n";
/// Warmer than the rules' rewrite, every fact kept.
const GOOD: &str = "Hei Anna,\n\nkiitos viestistäsi, ja pahoittelen, että palautus on viipynyt. Maksamme 49,90 € tilillesi 24.11.2026. Tilauksesi #A-12345 tiedot näet osoitteessa https://kauppa.example/tilaukset. Kerro, jos voin auttaa vielä jossain.\n\nTerveisin\nLiisa\n";
/// Every fact kept, no blame, but no thanks and no next step: colder than the rules' rewrite.
const COLDER: &str = "Hei Anna,\n\npalautus 49,90 € maksetaan 24.11.2026. Tilaus #A-12345: https://kauppa.example/tilaukset.\n\nTerveisin\nLiisa\n";

/// A profile in `dir`: replies in sinuttelu, a company term, and `llm` as the `[llm]` table's
/// body (none when empty).
fn profile(dir: &Path, llm: &str) {
    let table = if llm.is_empty() {
        String::new()
    } else {
        format!("[llm]\n{llm}\n")
    };
    write(
        dir,
        "savy.toml",
        format!(
            "default_kind = \"reply\"\n[register]\nreply = \"informal\"\n\
             [terms.fi]\npreferred = {{ \"verkkokauppa\" = [\"nettikaup*\"] }}\n{table}"
        ),
    );
}

/// `[llm]` turned on for `fake`.
fn enabled(fake: &FakeModel, timeout_ms: u64) -> String {
    format!(
        "enabled = true\nurl = \"{}\"\nmodel = \"savy-test\"\ntimeout_ms = {timeout_ms}\n",
        fake.url()
    )
}

/// `savy` in `dir`, with the key in the environment and no other `SAVY_LLM_*` from outside.
fn savy(dir: &Path) -> Command {
    let mut cmd = bare();
    cmd.current_dir(dir)
        .env_remove("SAVY_LLM_URL")
        .env_remove("SAVY_LLM_MODEL")
        .env("SAVY_LLM_API_KEY", KEY)
        .env("NO_COLOR", "1");
    cmd
}

/// Runs `check --rewrite llm --format jsonl --lang fi` over `files` in `dir`.
fn check_jsonl(dir: &Path, files: &[&str]) -> (Run, Vec<Value>) {
    let r = run(savy(dir)
        .args([
            "check",
            "--rewrite",
            "llm",
            "--format",
            "jsonl",
            "--lang",
            "fi",
            "--fail-level",
            "never",
        ])
        .args(files));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stdout.contains(KEY) && !r.stderr.contains(KEY),
        "the key shows"
    );
    let lines = jsonl(&r.stdout);
    (r, lines)
}

/// The rules' own rewrite of `DRAFT`, from a run without the model.
fn rules_rewrite(dir: &Path) -> String {
    let r = run(savy(dir)
        .args(["check", "--format", "jsonl", "--lang", "fi", "-"])
        .write_stdin(DRAFT));
    let out = &jsonl(&r.stdout)[0];
    assert!(
        out.get("rewrite").is_none(),
        "no rewrite field without --rewrite llm: {out}"
    );
    out["suggested"].as_str().unwrap().to_string()
}

/// Writes `DRAFT` (or `text`) to each of `names`.
fn drafts(dir: &Path, names: &[&str]) {
    for n in names {
        write(dir, n, DRAFT);
    }
}

#[test]
fn a_warmer_rewrite_that_keeps_the_facts_is_accepted_and_the_request_carries_the_voice() {
    let fake = FakeModel::start(vec![Reply::completion(GOOD), Reply::completion(GOOD)]);
    let dir = tmp();
    profile(dir.path(), &enabled(&fake, 5000));
    drafts(dir.path(), &["a.txt"]);
    let (_, out) = check_jsonl(dir.path(), &["a.txt"]);
    assert_eq!(out[0]["rewrite"], serde_json::json!({"source": "llm"}));
    assert_eq!(out[0]["suggested"], GOOD);
    // Existing fields are unchanged: findings are the draft's own.
    assert!(
        out[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "fi.blame.kuten-totesimme")
    );

    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("POST", "/v1/chat/completions")
    );
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.body["model"], "savy-test");
    let system = r.message("system");
    assert!(
        system.contains("- reply: informal — in Finnish sinuttelu"),
        "{system}"
    );
    assert!(
        system.contains("say «verkkokauppa», not nettikaup*"),
        "{system}"
    );
    assert!(system.contains("No coldness"), "{system}");
    let user = r.message("user");
    assert!(user.starts_with("Rewrite this reply in Finnish."), "{user}");
    assert!(user.contains(DRAFT.trim_end()), "the draft is sent: {user}");
    assert!(
        user.contains("Keep these exactly: Anna; 49,90 €; 24.11.2026; #A-12345; https://kauppa.example/tilaukset; Liisa."),
        "{user}"
    );

    // People see whose rewrite it is; --fix writes it.
    let r = run(savy(dir.path()).args([
        "check",
        "--rewrite",
        "llm",
        "--fix",
        "--lang",
        "fi",
        "a.txt",
    ]));
    assert!(r.stderr.contains("fixed: a.savy.txt"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.savy.txt")).unwrap(),
        GOOD
    );
}

#[test]
fn human_output_names_the_rewrite_shown() {
    let fake = FakeModel::start(vec![Reply::completion(GOOD), Reply::completion(COLDER)]);
    let dir = tmp();
    profile(dir.path(), &enabled(&fake, 5000));
    drafts(dir.path(), &["a.txt", "b.txt"]);
    let r = run(savy(dir.path()).args([
        "check",
        "--rewrite",
        "llm",
        "--lang",
        "fi",
        "a.txt",
        "b.txt",
    ]));
    assert_eq!(
        r.code, 1,
        "the draft's own findings still fail: {}",
        r.stderr
    );
    // With --rewrite llm every draft's rewrite is shown, not only a single one's.
    assert!(
        r.stdout.contains(
            "suggested draft (language model):\n  │ Hei Anna,\n  │ \n  │ kiitos viestistäsi"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("suggested draft (rules; the language model's was rejected: warmth "),
        "{}",
        r.stdout
    );
}

#[test]
fn a_colder_rewrite_is_rejected_for_the_rules_rewrite() {
    let fake = FakeModel::start(vec![Reply::completion(COLDER)]);
    let dir = tmp();
    profile(dir.path(), &enabled(&fake, 5000));
    drafts(dir.path(), &["a.txt"]);
    let (r, out) = check_jsonl(dir.path(), &["a.txt"]);
    let rewrite = &out[0]["rewrite"];
    assert_eq!(rewrite["source"], "rules");
    let why = rewrite["rejected"].as_str().unwrap();
    assert!(
        why.starts_with("warmth ") && why.contains("below the rules' rewrite's"),
        "{why}"
    );
    assert_eq!(out[0]["suggested"], rules_rewrite(dir.path()));
    assert!(
        r.stderr.contains(&format!("note: a.txt: the language model's rewrite was rejected ({why}); showing the rules' rewrite")),
        "{}",
        r.stderr
    );
}

#[test]
fn a_rewrite_that_drops_a_fact_is_rejected() {
    let dropped = [
        (
            GOOD.replace("#A-12345 ", ""),
            "lost the reference number #A-12345",
        ),
        (
            GOOD.replace("49,90 € ", "rahat "),
            "lost the amount 49,90 €",
        ),
        (
            GOOD.replace(" osoitteessa https://kauppa.example/tilaukset", " verkossa"),
            "lost the URL https://kauppa.example/tilaukset",
        ),
        (GOOD.replace("Hei Anna,", "Hei,"), "lost the name Anna"),
        (
            GOOD.replace("24.11.2026", "pian"),
            "lost the date 24.11.2026",
        ),
    ];
    let fake = FakeModel::start(dropped.iter().map(|(t, _)| Reply::completion(t)).collect());
    let dir = tmp();
    profile(dir.path(), &enabled(&fake, 5000));
    let names = ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"];
    drafts(dir.path(), &names);
    let (_, out) = check_jsonl(dir.path(), &names);
    let rules = rules_rewrite(dir.path());
    for (o, (_, why)) in out.iter().zip(&dropped) {
        assert_eq!(o["rewrite"]["source"], "rules", "{o}");
        assert_eq!(o["rewrite"]["rejected"], *why, "{o}");
        assert_eq!(o["suggested"], rules.as_str());
    }
    assert_eq!(fake.requests().len(), names.len(), "one request per draft");
}

#[test]
fn http_errors_fall_back_and_a_rate_limit_is_waited_out() {
    let fake = FakeModel::start(vec![
        Reply::Status(500, Vec::new()),
        Reply::Status(429, vec![("Retry-After", "1")]),
        Reply::completion(GOOD),
    ]);
    let dir = tmp();
    profile(dir.path(), &enabled(&fake, 5000));
    drafts(dir.path(), &["a.txt", "b.txt", "c.txt"]);
    let (r, out) = check_jsonl(dir.path(), &["a.txt", "b.txt", "c.txt"]);
    assert_eq!(out[0]["rewrite"]["error"], "HTTP 500 Internal Server Error");
    assert_eq!(
        out[1]["rewrite"]["error"],
        "HTTP 429 Too Many Requests: rate limited"
    );
    assert_eq!(out[2]["rewrite"]["source"], "llm");
    assert!(
        r.stderr.contains("note: a.txt: no language-model rewrite (HTTP 500 Internal Server Error); showing the rules' rewrite"),
        "{}",
        r.stderr
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    let waited = requests[2].at - requests[1].at;
    assert!(
        waited >= Duration::from_millis(900),
        "Retry-After: 1 was not honoured: {waited:?}"
    );
}

#[test]
fn a_refused_key_stops_the_batch_after_one_request() {
    let fake = FakeModel::start(vec![Reply::Status(401, Vec::new())]);
    let dir = tmp();
    profile(dir.path(), &enabled(&fake, 5000));
    drafts(dir.path(), &["a.txt", "b.txt", "c.txt"]);
    let (r, out) = check_jsonl(dir.path(), &["a.txt", "b.txt", "c.txt"]);
    assert_eq!(fake.requests().len(), 1, "no more requests after a 401");
    assert_eq!(
        out[0]["rewrite"]["error"],
        "HTTP 401 Unauthorized: the API refused the key (SAVY_LLM_API_KEY or [llm] key_file)"
    );
    assert!(
        out[2]["rewrite"]["error"]
            .as_str()
            .unwrap()
            .starts_with("not sent after an earlier failure: HTTP 401")
    );
    assert!(
        r.stderr.contains("not asking again in this run"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("note: 2 more drafts kept the rules' rewrite without asking the language model (HTTP 401"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stderr.lines().count(),
        2,
        "one note, then one summary: {}",
        r.stderr
    );
}

#[test]
fn malformed_answers_fall_back() {
    let fake = FakeModel::start(vec![
        Reply::Raw("<html>Bad gateway</html>"),
        Reply::Raw("{\"choices\": []}"),
        Reply::Raw("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": null}}]}"),
        Reply::Raw("{\"object\": \"chat.completion\"}"),
    ]);
    let dir = tmp();
    profile(dir.path(), &enabled(&fake, 5000));
    let names = ["a.txt", "b.txt", "c.txt", "d.txt"];
    drafts(dir.path(), &names);
    let (r, out) = check_jsonl(dir.path(), &names);
    let a = out[0]["rewrite"]["error"].as_str().unwrap();
    assert!(
        a.starts_with("unexpected answer: not a chat completion ("),
        "{a}"
    );
    assert!(!a.contains("Bad gateway"), "the answer is not echoed: {a}");
    assert_eq!(out[1]["rewrite"]["error"], "unexpected answer: no choices");
    assert_eq!(out[2]["rewrite"]["rejected"], "the answer was empty");
    assert!(
        out[3]["rewrite"]["error"]
            .as_str()
            .unwrap()
            .contains("missing field `choices`"),
        "{}",
        out[3]
    );
    for o in &out {
        assert_eq!(o["rewrite"]["source"], "rules");
    }
    assert_eq!(
        r.stderr.lines().filter(|l| l.starts_with("note: ")).count(),
        4,
        "{}",
        r.stderr
    );
}

#[test]
fn a_slow_answer_times_out() {
    let fake = FakeModel::start(vec![Reply::Late(
        Duration::from_secs(3),
        Box::new(Reply::completion(GOOD)),
    )]);
    let dir = tmp();
    profile(dir.path(), &enabled(&fake, 300));
    drafts(dir.path(), &["a.txt"]);
    let started = Instant::now();
    let (r, out) = check_jsonl(dir.path(), &["a.txt"]);
    let took = started.elapsed();
    assert_eq!(
        out[0]["rewrite"]["error"],
        "no answer within 300 ms ([llm] timeout_ms)"
    );
    assert_eq!(out[0]["suggested"], rules_rewrite(dir.path()));
    assert!(
        took < Duration::from_millis(2500),
        "did not wait out the answer: {took:?}"
    );
    assert!(r.stderr.contains("no answer within 300 ms"), "{}", r.stderr);
}

#[test]
fn a_refused_connection_falls_back_and_stops_asking() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tmp();
    profile(
        dir.path(),
        &format!("enabled = true\nurl = \"http://127.0.0.1:{port}/v1\"\nmodel = \"m\"\n"),
    );
    drafts(dir.path(), &["a.txt", "b.txt"]);
    let (r, out) = check_jsonl(dir.path(), &["a.txt", "b.txt"]);
    let expected = format!(
        "cannot connect to http://127.0.0.1:{port}/v1/chat/completions: connection refused"
    );
    assert_eq!(out[0]["rewrite"]["error"], expected.as_str());
    assert!(
        r.stderr.contains(&format!(
            "note: a.txt: no language-model rewrite ({expected})"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("note: 1 more draft kept the rules' rewrite"),
        "{}",
        r.stderr
    );
}

#[test]
fn nothing_is_sent_unless_the_profile_turns_it_on() {
    let fake = FakeModel::start(vec![Reply::completion(GOOD)]);
    let dir = tmp();
    drafts(dir.path(), &["a.txt"]);
    // Settings without `enabled = true`; the environment cannot turn it on either.
    profile(
        dir.path(),
        &format!("url = \"{}\"\nmodel = \"m\"\n", fake.url()),
    );
    let r = run(savy(dir.path()).env("SAVY_LLM_URL", fake.url()).args([
        "check",
        "--rewrite",
        "llm",
        "a.txt",
    ]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: --rewrite llm sends drafts to a language model, and the profile ")
            && r.stderr
                .contains("set `enabled = true` under [llm] in savy.toml"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    // No savy.toml at all: the bundled profile never sends.
    let bare_dir = tmp();
    drafts(bare_dir.path(), &["a.txt"]);
    let r = run(savy(bare_dir.path()).env("SAVY_LLM_URL", fake.url()).args([
        "check",
        "--rewrite",
        "llm",
        "a.txt",
    ]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("the bundled profile does not allow it"),
        "{}",
        r.stderr
    );
    // Turned on, but not asked for: the default rewrite is the rules'.
    profile(dir.path(), &enabled(&fake, 5000));
    let r = run(savy(dir.path()).args(["check", "--format", "jsonl", "a.txt"]));
    assert!(jsonl(&r.stdout)[0].get("rewrite").is_none());
    // Turned on without a model: the error names the setting.
    profile(
        dir.path(),
        &format!("enabled = true\nurl = \"{}\"\n", fake.url()),
    );
    let r = run(savy(dir.path()).args(["check", "--rewrite", "llm", "a.txt"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("set `model` under [llm]") && r.stderr.contains("SAVY_LLM_MODEL"),
        "{}",
        r.stderr
    );
    assert!(fake.requests().is_empty(), "a request was sent");
}

#[test]
fn the_environment_and_a_key_file_configure_the_endpoint() {
    let fake = FakeModel::start(vec![Reply::completion(GOOD), Reply::completion(GOOD)]);
    let dir = tmp();
    write(dir.path(), "secrets/llm-key", "sk-from-file\n");
    profile(
        dir.path(),
        "enabled = true\nurl = \"http://127.0.0.1:9/v1\"\nmodel = \"from-profile\"\nkey_file = \"secrets/llm-key\"\n",
    );
    drafts(dir.path(), &["a.txt"]);
    let r = run(savy(dir.path())
        .env_remove("SAVY_LLM_API_KEY")
        .env("SAVY_LLM_URL", fake.url())
        .env("SAVY_LLM_MODEL", "from-env")
        .args(["check", "--rewrite", "llm", "--format", "jsonl", "a.txt"]));
    assert_eq!(
        jsonl(&r.stdout)[0]["rewrite"]["source"],
        "llm",
        "{}",
        r.stderr
    );
    let req = &fake.requests()[0];
    assert_eq!(req.header("authorization"), Some("Bearer sk-from-file"));
    assert_eq!(req.body["model"], "from-env");
    // `savy config` says where rewrites would go, never the key.
    let r = run(savy(dir.path())
        .env("SAVY_LLM_URL", fake.url())
        .arg("config"));
    assert!(
        r.stdout.contains(&format!("llm rewrite:  on for --rewrite llm: model from-profile at {}/chat/completions, with a key", fake.url())),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains(KEY) && !r.stdout.contains("sk-from-file"));
}

#[test]
fn long_drafts_are_not_sent_and_jsonl_batches_are_rewritten_line_by_line() {
    let fake = FakeModel::start(vec![Reply::completion(GOOD)]);
    let dir = tmp();
    profile(
        dir.path(),
        &format!("{}max_draft_bytes = 1000\n", enabled(&fake, 5000)),
    );
    let long = DRAFT.repeat(10);
    let batch = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "t-1", "text": DRAFT}),
        serde_json::json!({"id": "t-2", "text": long})
    );
    write(dir.path(), "batch.jsonl", batch);
    let r = run(savy(dir.path()).args([
        "check",
        "--rewrite",
        "llm",
        "--input",
        "jsonl",
        "--format",
        "jsonl",
        "--lang",
        "fi",
        "batch.jsonl",
    ]));
    let out = jsonl(&r.stdout);
    assert_eq!(out[0]["rewrite"]["source"], "llm", "{}", r.stderr);
    assert_eq!(
        out[1]["rewrite"]["error"],
        format!(
            "the draft is {} bytes, over [llm] max_draft_bytes (1000); not sent",
            long.len()
        )
        .as_str()
    );
    assert_eq!(fake.requests().len(), 1);
    assert!(
        r.stderr
            .contains("note: t-2: no language-model rewrite (the draft is"),
        "{}",
        r.stderr
    );
}
