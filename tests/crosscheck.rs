//! The server's signature checks against the platforms' own code: Slack's official Python SDK
//! (`slack_sdk.signature.SignatureVerifier`) and PyNaCl, as Discord's documentation verifies
//! interactions. `tests/crosscheck/cases.py` makes random requests, valid and mutated, and
//! judges each with that code; every one is sent to the real server, which must refuse (401)
//! exactly those judged invalid.
//!
//! Python and the two packages come from a virtual environment under `target/`, made by
//! `tests/crosscheck/setup.sh` from PyPI on first use. Without Python or a network the tests
//! say loudly that they were skipped, and pass; `SAVY_CROSSCHECK=require` (CI sets it) makes
//! that a failure, and `SAVY_CROSSCHECK=skip` skips without trying.

mod common;
#[path = "common/server.rs"]
mod server;

use serde_json::Value;
use server::{Server, client};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Requests per platform.
const COUNT: usize = 1200;
/// `cases.py` keeps timestamps this far from the edge of Slack's window; the requests must all
/// be sent within it for the verdicts to hold.
const MARGIN: Duration = Duration::from_secs(40);
/// Requests in flight at once.
const SENDERS: usize = 4;

/// Writes a line past the test harness's capture (which takes only `eprintln!`), so a skip or
/// a summary shows even when the test passes.
fn say(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// Python in the cross-check environment, set up once for the whole test binary; `None` when
/// the tests are to be skipped.
fn python() -> Option<PathBuf> {
    static SETUP: Mutex<Option<Option<PathBuf>>> = Mutex::new(None);
    let mut done = SETUP.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(result) = done.as_ref() {
        return result.clone();
    }
    let result = set_up();
    *done = Some(result.clone());
    result
}

fn set_up() -> Option<PathBuf> {
    let mode = std::env::var("SAVY_CROSSCHECK").unwrap_or_default();
    if mode == "skip" {
        say("SKIPPED: the cross-check with Slack's SDK and PyNaCl (SAVY_CROSSCHECK=skip)");
        return None;
    }
    // `target/debug/savy` → `target/`.
    let target = Path::new(env!("CARGO_BIN_EXE_savy"))
        .ancestors()
        .nth(2)
        .expect("the binary sits in target/PROFILE/");
    let venv = target.join("crosscheck-venv");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/crosscheck/setup.sh");
    let out = Command::new("bash").arg(&script).arg(&venv).output();
    let failure = match out {
        Ok(o) if o.status.success() => return Some(venv.join("bin/python")),
        Ok(o) => format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => format!("bash could not run: {e}"),
    };
    let message = format!(
        "the cross-check environment could not be set up (Python 3 with venv, and PyPI, are needed):\n{failure}"
    );
    if mode == "require" {
        panic!("{message}");
    }
    say(&format!(
        "\n======== SKIPPED: the cross-check with Slack's SDK and PyNaCl ========\n{message}\nSet SAVY_CROSSCHECK=require to make this a failure.\n"
    ));
    None
}

/// A request made and judged by `cases.py`.
struct Case {
    kind: String,
    body: String,
    headers: Vec<(String, String)>,
    /// The platform's code's verdict, which the server's must equal.
    accept: bool,
}

/// Runs `cases.py` with `args`; the first `skip` lines are returned apart.
fn cases(python: &Path, args: &[&str], skip: usize) -> (Vec<Value>, Vec<Case>) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/crosscheck/cases.py");
    let out = Command::new(python)
        .arg(script)
        .args(args)
        .output()
        .expect("cases.py runs");
    assert!(
        out.status.success(),
        "cases.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (head, rest) = lines.split_at(skip);
    let cases = rest
        .iter()
        .map(|v| Case {
            kind: v["kind"].as_str().unwrap().to_string(),
            body: v["body"].as_str().unwrap().to_string(),
            headers: v["headers"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect(),
            accept: v["accept"].as_bool().unwrap(),
        })
        .collect();
    (head.to_vec(), cases)
}

/// Sends every case to `path`; returns the cases the server judged otherwise.
fn disagreements<'a>(server: &Server, path: &str, cases: &'a [Case]) -> Vec<(&'a Case, u16)> {
    let chunk = cases.len().div_ceil(SENDERS);
    std::thread::scope(|scope| {
        let workers: Vec<_> = cases
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let http = client();
                    let mut wrong = Vec::new();
                    for case in part {
                        let mut request = http.post(server.url(path)).body(case.body.clone());
                        for (name, value) in &case.headers {
                            let value = reqwest::header::HeaderValue::from_bytes(value.as_bytes())
                                .expect("a header value HTTP can carry");
                            request = request.header(name.as_str(), value);
                        }
                        let status = request.send().unwrap().status().as_u16();
                        assert!(
                            status == 401 || status < 300 || status == 400,
                            "{}: status {status}",
                            case.kind
                        );
                        if (status != 401) != case.accept {
                            wrong.push((case, status));
                        }
                    }
                    wrong
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    })
}

fn seed() -> String {
    std::env::var("SAVY_CROSSCHECK_SEED").unwrap_or_else(|_| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos()
            .to_string()
    })
}

/// How many requests of how many kinds, and how many the platform's code accepted.
fn summary(cases: &[Case]) -> String {
    let accepted = cases.iter().filter(|c| c.accept).count();
    let mut kinds: Vec<&str> = cases.iter().map(|c| c.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    format!(
        "{} requests of {} kinds: the platform's code accepted {accepted} and refused {}",
        cases.len(),
        kinds.len(),
        cases.len() - accepted
    )
}

fn report(platform: &str, seed: &str, cases: &[Case], wrong: &[(&Case, u16)]) {
    say(&format!(
        "cross-check {platform} (seed {seed}): {}; the server's verdict equals it on {} of {}",
        summary(cases),
        cases.len() - wrong.len(),
        cases.len()
    ));
    assert!(
        wrong.is_empty(),
        "{} of {} verdicts differ (SAVY_CROSSCHECK_SEED={seed} repeats them); first: {}",
        wrong.len(),
        cases.len(),
        wrong
            .iter()
            .take(5)
            .map(|(c, s)| format!(
                "\n  {} accept={} got {s}: headers {:?}",
                c.kind, c.accept, c.headers
            ))
            .collect::<String>()
    );
}

#[test]
fn slack_signatures_are_judged_as_slacks_sdk_judges_them() {
    let Some(python) = python() else { return };
    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5-crosscheck";
    let server = Server::start_env("", &[("SLACK_SIGNING_SECRET", SECRET)]);
    let seed = seed();
    let started = Instant::now();
    let (_, cases) = cases(&python, &["slack", SECRET, &COUNT.to_string(), &seed], 0);
    assert_eq!(cases.len(), COUNT);
    assert!(cases.iter().any(|c| c.accept) && cases.iter().any(|c| !c.accept));
    let wrong = disagreements(&server, "/slack/commands", &cases);
    assert!(
        started.elapsed() < MARGIN,
        "the requests took {:?}, longer than the timestamps' margin: verdicts could differ by the clock alone",
        started.elapsed()
    );
    report("Slack", &seed, &cases, &wrong);
    let (_, log) = server.stop();
    assert!(!log.contains(SECRET));
}

#[test]
fn discord_signatures_are_judged_as_pynacl_judges_them() {
    let Some(python) = python() else { return };
    let seed = seed();
    let (head, cases) = cases(&python, &["discord", &COUNT.to_string(), &seed], 1);
    let key = head[0]["public_key"].as_str().unwrap();
    let server = Server::start_env("", &[("DISCORD_PUBLIC_KEY", key)]);
    assert_eq!(cases.len(), COUNT);
    assert!(cases.iter().any(|c| c.accept) && cases.iter().any(|c| !c.accept));
    let wrong = disagreements(&server, "/discord/interactions", &cases);
    report("Discord", &seed, &cases, &wrong);
    server.stop();
}
