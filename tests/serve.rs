//! `savy serve` end to end: the real binary on a free loopback port, configured the way a user
//! configures it (`SLACK_SIGNING_SECRET`, `SLACK_BOT_TOKEN`, `MATTERMOST_TOKEN`, `savy.toml`),
//! spoken to over real HTTP, with a fake Slack Web API on loopback taking its calls. Each test
//! starts its own server and stops it with SIGTERM. `cargo test --test serve` runs them all.

mod common;
#[path = "common/fake_discord.rs"]
mod fake_discord;
#[path = "common/fake_slack.rs"]
mod fake_slack;
#[path = "common/server.rs"]
mod server;

use common::bare;
use fake_slack::FakeSlack;
use hmac::{Hmac, Mac};
use serde_json::Value;
use server::{PATIENCE, Server, client, now};
use sha2::Sha256;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const SECRET: &str = "0123456789abcdef-test-signing-secret";
/// A draft the bundled profile flags, with a suggestion.
const DRAFT: &str =
    "As per my last email, the refund takes 14 days. You should have read the terms!!!";
/// Slack's v0 signature of `body` at `timestamp`.
fn sign(secret: &str, timestamp: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("v0:{timestamp}:{body}").as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("v0={hex}")
}

/// A slash command's form body with `text`.
fn command_body(text: &str) -> String {
    let text: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
    format!(
        "token=legacy&team_id=T1&channel_id=C1&user_id=U1&command=%2Ftone&text={text}&response_url=https%3A%2F%2Fhooks.slack.test%2Fx&trigger_id=1.2.3"
    )
}

/// Posts `body` to `path` with `headers` (a `None` value leaves that header out).
fn post(
    server: &Server,
    path: &str,
    content_type: &str,
    body: &str,
    headers: &[(&str, Option<&str>)],
) -> reqwest::blocking::Response {
    let mut request = client()
        .post(server.url(path))
        .header("content-type", content_type)
        .body(body.to_string());
    for (name, value) in headers {
        if let Some(value) = value {
            request = request.header(*name, *value);
        }
    }
    request.send().unwrap()
}

/// Posts `body` to `/slack/commands` with the given headers (`None` leaves one out).
fn post_command(
    server: &Server,
    body: &str,
    timestamp: Option<&str>,
    signature: Option<&str>,
) -> reqwest::blocking::Response {
    post(
        server,
        "/slack/commands",
        "application/x-www-form-urlencoded",
        body,
        &[
            ("x-slack-request-timestamp", timestamp),
            ("x-slack-signature", signature),
        ],
    )
}

/// Posts a correctly signed command.
fn signed_command(server: &Server, body: &str) -> reqwest::blocking::Response {
    let ts = now().to_string();
    post_command(server, body, Some(&ts), Some(&sign(SECRET, &ts, body)))
}

#[test]
fn health_and_metrics_answer() {
    let server = Server::start("", None);
    let r = client().get(server.url("/healthz")).send().unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().unwrap(), "ok\n");
    let r = client().get(server.url("/nowhere")).send().unwrap();
    assert_eq!(r.status(), 404);
    let r = client().get(server.url("/metrics")).send().unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = r.text().unwrap();
    assert!(
        text.contains("savy_http_requests_total{route=\"/healthz\",status=\"200\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("savy_http_requests_total{route=\"unmatched\",status=\"404\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("savy_http_request_duration_seconds_count{route=\"/healthz\"} 1"),
        "{text}"
    );
    assert!(
        !text.contains("nowhere"),
        "paths as sent never become labels"
    );
    let (code, _) = server.stop();
    assert_eq!(code, Some(0));
}

#[test]
fn the_api_answers_with_the_json_of_savy_check() {
    let server = Server::start("", None);
    let r = client()
        .post(server.url("/api/v1/check"))
        .json(&serde_json::json!({"text": DRAFT, "id": "t-1", "lang": "en", "kind": "reply"}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/json");
    let api: Value = r.json().unwrap();
    let cli = bare()
        .args([
            "check", "--format", "json", "--lang", "en", "--kind", "reply", "-",
        ])
        .write_stdin(DRAFT)
        .output()
        .unwrap();
    let mut cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    // The CLI names its input by path, the API by the id it was given; the rest is equal.
    let result = cli["results"][0].as_object_mut().unwrap();
    assert_eq!(result.remove("path"), Some(Value::from("-")));
    result.insert("id".into(), Value::from("t-1"));
    assert_eq!(api, cli);
    assert!(api["summary"]["findings"].as_u64().unwrap() >= 2, "{api}");

    // With fix, the suggested version comes too.
    let r = client()
        .post(server.url("/api/v1/check"))
        .json(&serde_json::json!({"text": DRAFT, "fix": true}))
        .send()
        .unwrap();
    let api: Value = r.json().unwrap();
    let fixed = api["results"][0]["fixed"].as_str().unwrap();
    assert!(!fixed.contains("As per my last email"), "{fixed}");

    let metrics = client()
        .get(server.url("/metrics"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let rule = api["results"][0]["findings"][0]["rule"].as_str().unwrap();
    assert!(
        metrics.contains(&format!("savy_findings_total{{rule=\"{rule}\"}} 2")),
        "{metrics}"
    );
    assert!(!metrics.contains("refund"), "{metrics}");
    let (code, log) = server.stop();
    assert_eq!(code, Some(0));
    assert!(log.contains("POST /api/v1/check 200"), "{log}");
    assert!(
        !log.contains("refund") && !log.contains("last email"),
        "{log}"
    );
}

#[test]
fn bad_api_requests_say_what_is_expected_without_quoting_the_request() {
    let server = Server::start("", None);
    for (body, expect) in [
        ("{\"text\": 5}", "\"text\": string"),
        ("not json secret-words", "JSON object"),
        ("{\"txt\": \"secret-words\"}", "JSON object"),
        (
            "{\"text\": \"hi\", \"fix\": \"secret-words\"}",
            "JSON object",
        ),
        ("{\"text\": \"hi\", \"lang\": \"sv\"}", "unknown language"),
        (
            "{\"text\": \"hi\", \"kind\": \"letter\"}",
            "unknown document kind",
        ),
    ] {
        let r = client()
            .post(server.url("/api/v1/check"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .unwrap();
        assert_eq!(r.status(), 400, "{body}");
        let error: Value = r.json().unwrap();
        let message = error["error"].as_str().unwrap();
        assert!(message.contains(expect), "{body}: {message}");
        assert!(!message.contains("secret-words"), "{message}");
    }
    server.stop();
}

#[test]
fn oversized_bodies_get_413_with_the_limit() {
    let server = Server::start("[serve]\nmax_body_bytes = 1000\n", Some(SECRET));
    let big = "a".repeat(1001);
    let r = client()
        .post(server.url("/api/v1/check"))
        .header("content-type", "application/json")
        .body(format!("{{\"text\": \"{big}\"}}"))
        .send()
        .unwrap();
    assert_eq!(r.status(), 413);
    let error: Value = r.json().unwrap();
    assert_eq!(
        error["error"],
        "the request body is larger than the limit of 1000 bytes"
    );
    let body = command_body(&big);
    assert_eq!(signed_command(&server, &body).status(), 413);

    // A chunked body declares no length: it is cut off at the limit as it arrives.
    let mut tcp = TcpStream::connect(&server.address).unwrap();
    tcp.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        tcp,
        "POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    for _ in 0..3 {
        let chunk = "b".repeat(400);
        let _ = write!(tcp, "{:x}\r\n{chunk}\r\n", chunk.len());
    }
    let _ = write!(tcp, "0\r\n\r\n");
    let mut response = String::new();
    let _ = tcp.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");

    // Just under the limit is fine.
    let r = client()
        .post(server.url("/api/v1/check"))
        .json(&serde_json::json!({"text": "a".repeat(900)}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    server.stop();
}

#[test]
fn a_signed_slash_command_gets_an_ephemeral_review() {
    let server = Server::start("", Some(SECRET));
    let r = signed_command(&server, &command_body(DRAFT));
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let message: Value = r.json().unwrap();
    assert_eq!(message["response_type"], "ephemeral");
    let blocks = message["blocks"].as_array().unwrap();
    assert_eq!(blocks[0]["type"], "header");
    let all = serde_json::to_string(blocks).unwrap();
    assert!(all.contains("*Suggested version*\\n```"), "{all}");
    assert!(all.contains("en.blame"), "{all}");
    assert!(all.contains("English"), "{all}");
    let (code, log) = server.stop();
    assert_eq!(code, Some(0));
    assert!(log.contains("POST /slack/commands 200"), "{log}");
    assert!(!log.contains("refund") && !log.contains(SECRET), "{log}");
}

#[test]
fn help_and_an_empty_draft_explain_usage() {
    let server = Server::start("", Some(SECRET));
    for text in ["help", "", "   "] {
        let r = signed_command(&server, &command_body(text));
        assert_eq!(r.status(), 200, "{text:?}");
        let message: Value = r.json().unwrap();
        assert_eq!(message["response_type"], "ephemeral");
        let section = message["blocks"][0]["text"]["text"].as_str().unwrap();
        assert!(section.contains("`/tone [your draft]`"), "{section}");
    }
    server.stop();
}

#[test]
fn slack_signatures_are_checked_before_anything_else() {
    let server = Server::start("", Some(SECRET));
    let body = command_body(DRAFT);
    let ts = now().to_string();
    let good = sign(SECRET, &ts, &body);
    // Ten seconds past the five-minute window, so that the clock ticking between here and the
    // server's check cannot bring them back inside it (as the ±290 below stay inside).
    let stale = (now() - 310).to_string();
    let future = (now() + 310).to_string();
    let unauthorized = |label: &str, body: &str, ts: Option<&str>, sig: Option<&str>| {
        let r = post_command(&server, body, ts, sig);
        assert_eq!(r.status(), 401, "{label}");
        let error: Value = r.json().unwrap();
        assert_eq!(error["error"], "invalid Slack request signature", "{label}");
    };
    unauthorized(
        "wrong secret",
        &body,
        Some(&ts),
        Some(&sign("not the secret", &ts, &body)),
    );
    unauthorized(
        "stale timestamp",
        &body,
        Some(&stale),
        Some(&sign(SECRET, &stale, &body)),
    );
    unauthorized(
        "future timestamp",
        &body,
        Some(&future),
        Some(&sign(SECRET, &future, &body)),
    );
    unauthorized(
        "tampered body",
        &body.replace("refund", "rebate"),
        Some(&ts),
        Some(&good),
    );
    unauthorized("missing signature", &body, Some(&ts), None);
    unauthorized("missing timestamp", &body, None, Some(&good));
    unauthorized("neither header", &body, None, None);
    unauthorized("malformed timestamp", &body, Some("yesterday"), Some(&good));
    unauthorized(
        "signature upper case",
        &body,
        Some(&ts),
        Some(&format!("v0={}", good[3..].to_uppercase())),
    );
    unauthorized(
        "signature of another version",
        &body,
        Some(&ts),
        Some(&good.replacen("v0=", "v1=", 1)),
    );
    unauthorized(
        "signature cut short",
        &body,
        Some(&ts),
        Some(&good[..good.len() - 2]),
    );
    // Within the window either way is accepted.
    for skew in [-290, 290] {
        let ts = (now() + skew).to_string();
        let r = post_command(&server, &body, Some(&ts), Some(&sign(SECRET, &ts, &body)));
        assert_eq!(r.status(), 200, "{skew}");
    }
    let metrics = client()
        .get(server.url("/metrics"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    for reason in [
        "signature-mismatch\"} 2",
        "stale-timestamp\"} 1",
        "future-timestamp\"} 1",
        "missing-signature\"} 1",
        "missing-timestamp\"} 2",
        "malformed-timestamp\"} 1",
        "malformed-signature\"} 3",
    ] {
        assert!(
            metrics.contains(&format!("savy_slack_refused_total{{reason=\"{reason}")),
            "{reason}: {metrics}"
        );
    }
    assert!(
        metrics.contains("savy_http_requests_total{route=\"/slack/commands\",status=\"401\"} 11")
    );
    let (_, log) = server.stop();
    assert!(
        log.contains("Slack command refused: stale-timestamp"),
        "{log}"
    );
    assert!(!log.contains(SECRET) && !log.contains(&good), "{log}");
}

#[test]
fn without_a_signing_secret_there_is_no_slack_endpoint() {
    let server = Server::start("", None);
    let r = signed_command(&server, &command_body(DRAFT));
    assert_eq!(r.status(), 404);
    let (_, log) = server.stop();
    assert!(
        log.contains("Slack commands off: SLACK_SIGNING_SECRET is not set"),
        "{log}"
    );
}

#[test]
fn a_request_too_slow_to_arrive_gets_408() {
    let server = Server::start("[serve]\nrequest_timeout_ms = 300\n", None);
    let mut tcp = TcpStream::connect(&server.address).unwrap();
    tcp.set_read_timeout(Some(PATIENCE)).unwrap();
    // The body is promised and never sent.
    write!(
        tcp,
        "POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{{\"te"
    )
    .unwrap();
    let started = Instant::now();
    let mut response = [0u8; 64];
    let n = tcp.read(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response[..n]);
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert!(started.elapsed() < Duration::from_secs(5));
    server.stop();
}

#[test]
fn sigterm_lets_a_request_in_flight_finish() {
    let server = Server::start("", None);
    let body = serde_json::json!({"text": DRAFT}).to_string();
    let (head, tail) = body.split_at(body.len() / 2);
    let mut tcp = TcpStream::connect(&server.address).unwrap();
    tcp.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        tcp,
        "POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{head}",
        body.len()
    )
    .unwrap();
    tcp.flush().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    server.signal();
    std::thread::sleep(Duration::from_millis(300));
    // The server is stopping, and still reads this request to its end and answers it.
    tcp.write_all(tail.as_bytes()).unwrap();
    let mut response = String::new();
    tcp.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"findings\""), "{response}");
    let (code, log) = server.stop_after_signal();
    assert_eq!(code, Some(0));
    assert!(
        log.contains("SIGTERM: finishing requests in flight"),
        "{log}"
    );
    assert!(log.contains("stopped"), "{log}");
}

/// Posts `body` to `path`, signed for Slack now, with `extra` headers.
fn post_signed(
    server: &Server,
    path: &str,
    content_type: &str,
    body: &str,
    extra: &[(&str, &str)],
) -> reqwest::blocking::Response {
    let ts = now().to_string();
    let signature = sign(SECRET, &ts, body);
    let mut headers = vec![
        ("x-slack-request-timestamp", Some(ts.as_str())),
        ("x-slack-signature", Some(signature.as_str())),
    ];
    headers.extend(extra.iter().map(|(name, value)| (*name, Some(*value))));
    post(server, path, content_type, body, &headers)
}

const BOT_TOKEN: &str = "xoxb-test-bot-token-1234";
/// The user the Slack app acts as.
const BOT_USER: &str = "UBOT";

/// An Events API delivery of `event`.
fn event_callback(event_id: &str, event: Value) -> String {
    serde_json::json!({
        "token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
        "event_id": event_id, "event_time": now(), "event": event,
        "authorizations": [{"team_id": "T1", "user_id": BOT_USER, "is_bot": true}],
    })
    .to_string()
}

/// A server for Slack events with the bot token, talking to `fake`.
fn events_server(fake: &FakeSlack) -> Server {
    let api = fake.api_url();
    Server::start_env(
        "",
        &[
            ("SLACK_SIGNING_SECRET", SECRET),
            ("SLACK_BOT_TOKEN", BOT_TOKEN),
            ("SLACK_API_URL", &api),
        ],
    )
}

#[test]
fn slack_url_verification_is_answered_with_its_challenge() {
    let fake = FakeSlack::start();
    let server = events_server(&fake);
    let body = r#"{"token":"legacy","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"#;
    let r = post_signed(&server, "/slack/events", "application/json", body, &[]);
    assert_eq!(r.status(), 200);
    let v: Value = r.json().unwrap();
    assert_eq!(
        v["challenge"],
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );
    // Unsigned, it is refused like any other Slack request.
    let r = client()
        .post(server.url("/slack/events"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = post_signed(
        &server,
        "/slack/events",
        "application/json",
        "{not json",
        &[],
    );
    assert_eq!(r.status(), 400);
    server.stop();
    assert!(fake.calls().is_empty());
}

#[test]
fn slack_mentions_and_dms_get_one_reply_in_their_thread() {
    let fake = FakeSlack::start();
    let server = events_server(&fake);
    let mention = event_callback(
        "Ev1",
        serde_json::json!({
            "type": "app_mention", "user": "U1", "channel": "C1", "ts": "1700000000.000100",
            "text": format!("<@{BOT_USER}> {DRAFT}"),
        }),
    );
    let r = post_signed(&server, "/slack/events", "application/json", &mention, &[]);
    assert_eq!(r.status(), 200);
    // A direct message inside a thread is answered in that thread.
    let dm = event_callback(
        "Ev2",
        serde_json::json!({
            "type": "message", "channel_type": "im", "user": "U1", "channel": "D1",
            "ts": "1700000000.000300", "thread_ts": "1700000000.000200",
            "text": "Kuten jo aiemmin totesimme, palautusaika on 14 päivää &amp; &lt;ei muuta&gt;.",
        }),
    );
    assert_eq!(
        post_signed(&server, "/slack/events", "application/json", &dm, &[]).status(),
        200
    );
    let calls = fake.wait_for(2, PATIENCE);
    for call in &calls {
        assert_eq!(call.method, "POST");
        assert_eq!(call.path, "/api/chat.postMessage");
        assert_eq!(
            call.header("authorization"),
            Some(format!("Bearer {BOT_TOKEN}").as_str())
        );
        assert!(
            call.header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
        assert_eq!(call.json["unfurl_links"], false);
        assert!(
            call.json["text"]
                .as_str()
                .unwrap()
                .starts_with("Tone review: ")
        );
        assert_eq!(call.json["blocks"][0]["type"], "header");
    }
    let by_channel = |c: &str| calls.iter().find(|x| x.json["channel"] == c).unwrap();
    let m = &by_channel("C1").json;
    assert_eq!(m["thread_ts"], "1700000000.000100");
    let blocks = serde_json::to_string(&m["blocks"]).unwrap();
    assert!(blocks.contains("en.blame"), "{blocks}");
    assert!(
        !blocks.contains(BOT_USER),
        "the mention is not reviewed: {blocks}"
    );
    let d = &by_channel("D1").json;
    assert_eq!(d["thread_ts"], "1700000000.000200");
    let blocks = serde_json::to_string(&d["blocks"]).unwrap();
    assert!(blocks.contains("Finnish"), "{blocks}");

    // A retried delivery of an event already handled gets no second reply.
    for retry in ["1", "2"] {
        let r = post_signed(
            &server,
            "/slack/events",
            "application/json",
            &mention,
            &[
                ("x-slack-retry-num", retry),
                ("x-slack-retry-reason", "http_timeout"),
            ],
        );
        assert_eq!(r.status(), 200);
    }
    // Bots, the bot itself, edits and other events get none either.
    for (id, event) in [
        (
            "Ev3",
            serde_json::json!({"type": "message", "channel_type": "im", "user": BOT_USER, "channel": "D1", "ts": "1.1", "text": DRAFT}),
        ),
        (
            "Ev4",
            serde_json::json!({"type": "message", "channel_type": "im", "bot_id": "B9", "user": "U9", "channel": "D1", "ts": "1.2", "text": DRAFT}),
        ),
        (
            "Ev5",
            serde_json::json!({"type": "message", "subtype": "bot_message", "channel_type": "im", "channel": "D1", "ts": "1.3", "text": DRAFT}),
        ),
        (
            "Ev6",
            serde_json::json!({"type": "message", "subtype": "message_changed", "channel_type": "im", "channel": "D1", "ts": "1.4"}),
        ),
        (
            "Ev7",
            serde_json::json!({"type": "message", "channel_type": "channel", "user": "U1", "channel": "C1", "ts": "1.5", "text": DRAFT}),
        ),
        (
            "Ev8",
            serde_json::json!({"type": "reaction_added", "user": "U1", "reaction": "thumbsup"}),
        ),
    ] {
        let r = post_signed(
            &server,
            "/slack/events",
            "application/json",
            &event_callback(id, event),
            &[],
        );
        assert_eq!(r.status(), 200, "{id}");
    }
    // A mention without a draft is told how to use the bot.
    let empty = event_callback(
        "Ev9",
        serde_json::json!({"type": "app_mention", "user": "U1", "channel": "C2", "ts": "2.1", "text": format!("<@{BOT_USER}>  ")}),
    );
    post_signed(&server, "/slack/events", "application/json", &empty, &[]);
    let calls = fake.wait_for(3, PATIENCE);
    std::thread::sleep(Duration::from_millis(300));
    let calls_after = fake.calls();
    assert_eq!(calls_after.len(), 3, "{calls_after:#?}");
    let help = &calls[2].json;
    assert_eq!(help["channel"], "C2");
    assert!(
        help["text"]
            .as_str()
            .unwrap()
            .contains("Send me the customer message"),
        "{help}"
    );
    let (code, log) = server.stop();
    assert_eq!(code, Some(0));
    assert!(log.contains("retry 1 of an event already handled"), "{log}");
    assert!(log.contains("Slack event ignored: own-message"), "{log}");
    assert!(log.contains("Slack event ignored: bot-message"), "{log}");
    assert!(log.contains("Slack event mention: "), "{log}");
    for secret in [SECRET, BOT_TOKEN, "refund", "palautusaika"] {
        assert!(!log.contains(secret), "{secret}: {log}");
    }
}

#[test]
fn slack_reply_failures_are_logged_with_slacks_error_code_only() {
    let fake = FakeSlack::start();
    fake.fail_with("not_in_channel");
    let server = events_server(&fake);
    let event = event_callback(
        "EvF",
        serde_json::json!({"type": "app_mention", "user": "U1", "channel": "C1", "ts": "3.1", "text": DRAFT}),
    );
    assert_eq!(
        post_signed(&server, "/slack/events", "application/json", &event, &[]).status(),
        200
    );
    fake.wait_for(1, PATIENCE);
    std::thread::sleep(Duration::from_millis(200));
    let (_, log) = server.stop();
    assert!(
        log.contains("reply failed: chat.postMessage: status 200, error not_in_channel"),
        "{log}"
    );
    assert!(!log.contains(BOT_TOKEN) && !log.contains("refund"), "{log}");
}

#[test]
fn sigterm_lets_a_reply_being_sent_to_slack_finish() {
    let fake = FakeSlack::start();
    fake.answer_after(Duration::from_millis(800));
    let server = events_server(&fake);
    let event = event_callback(
        "EvS",
        serde_json::json!({"type": "app_mention", "user": "U1", "channel": "C1", "ts": "6.1", "text": DRAFT}),
    );
    assert_eq!(
        post_signed(&server, "/slack/events", "application/json", &event, &[]).status(),
        200
    );
    // The reply has reached Slack, which is slow to answer, when the server is told to stop.
    fake.wait_for(1, PATIENCE);
    let (code, log) = server.stop();
    assert_eq!(code, Some(0));
    assert!(log.contains("finishing 1 replies being sent"), "{log}");
    assert!(log.contains("Slack event mention: "), "{log}");
    assert!(log.contains("replied in"), "{log}");
}

#[test]
fn without_a_bot_token_events_are_acknowledged_and_not_answered() {
    let fake = FakeSlack::start();
    let api = fake.api_url();
    let server = Server::start_env(
        "",
        &[("SLACK_SIGNING_SECRET", SECRET), ("SLACK_API_URL", &api)],
    );
    let event = event_callback(
        "EvN",
        serde_json::json!({"type": "app_mention", "user": "U1", "channel": "C1", "ts": "4.1", "text": DRAFT}),
    );
    assert_eq!(
        post_signed(&server, "/slack/events", "application/json", &event, &[]).status(),
        200
    );
    std::thread::sleep(Duration::from_millis(200));
    let (_, log) = server.stop();
    assert!(fake.calls().is_empty());
    assert!(log.contains("SLACK_BOT_TOKEN is not set"), "{log}");
}

#[test]
fn the_check_tone_shortcut_posts_an_ephemeral_review_to_its_response_url() {
    let fake = FakeSlack::start();
    let server = events_server(&fake);
    let payload = |callback: &str, text: &str, id: &str| {
        let p = serde_json::json!({
            "type": "message_action", "callback_id": callback, "trigger_id": "1.2.3",
            "team": {"id": "T1"}, "channel": {"id": "C1"}, "user": {"id": "U1"},
            "message_ts": "5.1", "message": {"type": "message", "user": "U2", "ts": "5.1", "text": text},
            "response_url": fake.response_url(id),
        });
        let encoded: String = form_urlencoded::byte_serialize(p.to_string().as_bytes()).collect();
        format!("payload={encoded}")
    };
    let form = "application/x-www-form-urlencoded";
    let r = post_signed(
        &server,
        "/slack/interactions",
        form,
        &payload("check_tone", DRAFT, "a1"),
        &[],
    );
    assert_eq!(r.status(), 200);
    assert!(r.text().unwrap().is_empty(), "acknowledged, answered later");
    let calls = fake.wait_for(1, PATIENCE);
    let call = &calls[0];
    assert_eq!(call.path, "/actions/a1");
    assert_eq!(
        call.header("authorization"),
        None,
        "a response_url needs no token"
    );
    assert_eq!(call.json["response_type"], "ephemeral");
    let blocks = serde_json::to_string(&call.json["blocks"]).unwrap();
    assert!(blocks.contains("*Suggested version*"), "{blocks}");
    assert!(blocks.contains("en.blame"), "{blocks}");

    // A message without text is told so; another shortcut is left alone.
    post_signed(
        &server,
        "/slack/interactions",
        form,
        &payload("check_tone", " ", "a2"),
        &[],
    );
    post_signed(
        &server,
        "/slack/interactions",
        form,
        &payload("other_thing", DRAFT, "a3"),
        &[],
    );
    let calls = fake.wait_for(2, PATIENCE);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(fake.calls().len(), 2);
    assert_eq!(calls[1].path, "/actions/a2");
    assert!(
        calls[1].json["text"]
            .as_str()
            .unwrap()
            .contains("no text to check"),
        "{:?}",
        calls[1].json
    );
    // Unsigned, or not a payload: refused.
    let r = client()
        .post(server.url("/slack/interactions"))
        .header("content-type", form)
        .body(payload("check_tone", DRAFT, "a4"))
        .send()
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        post_signed(&server, "/slack/interactions", form, "payload=%7Bnot", &[]).status(),
        400
    );
    let (_, log) = server.stop();
    assert!(log.contains("Slack shortcut: "), "{log}");
    assert!(
        !log.contains("refund") && !log.contains("/actions/"),
        "{log}"
    );
}

#[test]
fn mattermost_commands_need_the_token_and_get_markdown() {
    const MM_TOKEN: &str = "mm-token-xyz987";
    let server = Server::start_env("", &[("MATTERMOST_TOKEN", MM_TOKEN)]);
    let body = |token: Option<&str>, text: &str| {
        let text: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
        let token = token.map_or(String::new(), |t| format!("token={t}&"));
        format!(
            "{token}channel_id=c1&team_id=t1&user_id=u1&command=%2Ftone&text={text}&response_url=http%3A%2F%2Fmm.test%2Fhooks%2Fcommands%2Fx&trigger_id=x"
        )
    };
    let post = |b: String| {
        client()
            .post(server.url("/mattermost/commands"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("authorization", format!("Token {MM_TOKEN}"))
            .body(b)
            .send()
            .unwrap()
    };
    let r = post(body(Some(MM_TOKEN), DRAFT));
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let v: Value = r.json().unwrap();
    assert_eq!(v["response_type"], "ephemeral");
    let text = v["text"].as_str().unwrap();
    assert!(text.starts_with("# Tone review\n"), "{text}");
    assert!(text.contains("en.blame"), "{text}");
    assert!(text.contains("## Suggested version"), "{text}");
    let v: Value = post(body(Some(MM_TOKEN), "help")).json().unwrap();
    assert!(
        v["text"].as_str().unwrap().contains("`/tone [your draft]`"),
        "{v}"
    );
    // A wrong or missing token in the form is refused, whatever the header says.
    for (token, label) in [
        (Some("mm-token-xyz98"), "short"),
        (Some("mm-token-xyz988"), "wrong"),
        (Some(""), "empty"),
        (None, "missing"),
    ] {
        let r = post(body(token, DRAFT));
        assert_eq!(r.status(), 401, "{label}");
        let v: Value = r.json().unwrap();
        assert_eq!(v["error"], "invalid Mattermost token");
    }
    // The Slack endpoints are off without Slack's secret.
    assert_eq!(
        client()
            .post(server.url("/slack/commands"))
            .body(body(Some(MM_TOKEN), DRAFT))
            .send()
            .unwrap()
            .status(),
        404
    );
    let metrics = client()
        .get(server.url("/metrics"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        metrics.contains("savy_mattermost_refused_total{reason=\"token-mismatch\"} 3"),
        "{metrics}"
    );
    assert!(
        metrics.contains("savy_mattermost_refused_total{reason=\"missing-token\"} 1"),
        "{metrics}"
    );
    let (_, log) = server.stop();
    assert!(log.contains("Mattermost commands on"), "{log}");
    assert!(!log.contains(MM_TOKEN) && !log.contains("refund"), "{log}");
}

/// The Discord application's signing key in these tests (a fixed seed: tests are repeatable).
fn discord_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[7u8; 32])
}

fn discord_public_hex() -> String {
    discord_key()
        .verifying_key()
        .to_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Discord's signature of `timestamp` then `body`, in hex.
fn discord_sign(key: &ed25519_dalek::SigningKey, timestamp: &str, body: &str) -> String {
    use ed25519_dalek::Signer;
    let signature = key.sign(format!("{timestamp}{body}").as_bytes());
    signature
        .to_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Posts `body` to `/discord/interactions` with the given headers (`None` leaves one out).
fn post_interaction(
    server: &Server,
    body: &str,
    signature: Option<&str>,
    timestamp: Option<&str>,
) -> reqwest::blocking::Response {
    post(
        server,
        "/discord/interactions",
        "application/json",
        body,
        &[
            ("x-signature-ed25519", signature),
            ("x-signature-timestamp", timestamp),
        ],
    )
}

/// Posts `interaction` signed with the test key; returns the JSON answer.
fn signed_interaction(server: &Server, interaction: &Value) -> Value {
    let body = interaction.to_string();
    let ts = now().to_string();
    let r = post_interaction(
        server,
        &body,
        Some(&discord_sign(&discord_key(), &ts, &body)),
        Some(&ts),
    );
    assert_eq!(r.status(), 200, "{interaction}");
    r.json().unwrap()
}

const DISCORD_GUILD: u64 = 600_000_000_000_000_001;
const DISCORD_CHANNEL: u64 = 600_000_000_000_000_002;

/// The embed the gateway bot sends for `DRAFT` with the bundled profile, as JSON fields.
fn gateway_embed_of_draft() -> (String, String, Vec<(String, String)>) {
    let voice = savy::Voice::bundled();
    let kind = voice.profile.default_kind;
    let house = kind.and_then(|k| voice.profile.register_for(k));
    let review = voice.review_as(DRAFT, None, kind, None, true);
    let r = savy::report::discord::render_discord(&review, DRAFT, house);
    assert!(r.files.is_empty());
    let fields = r
        .embed
        .fields
        .into_iter()
        .map(|f| (f.name, f.value))
        .collect();
    (r.embed.title, r.embed.description, fields)
}

fn assert_same_review_as_the_gateway_bot(data: &Value) {
    let (title, description, fields) = gateway_embed_of_draft();
    let embed = &data["embeds"][0];
    assert_eq!(embed["title"], title.as_str());
    assert_eq!(embed["description"], description.as_str());
    let got: Vec<(String, String)> = embed["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_string(),
                f["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got, fields);
    assert_eq!(data["allowed_mentions"]["parse"], serde_json::json!([]));
}

#[test]
fn discord_interactions_answer_ping_tone_the_form_and_check_tone() {
    let key = discord_public_hex();
    let server = Server::start_env("", &[("DISCORD_PUBLIC_KEY", &key)]);
    // PING → PONG.
    let pong = signed_interaction(
        &server,
        &serde_json::json!({"id": "1", "application_id": "2", "type": 1, "token": "t", "version": 1}),
    );
    assert_eq!(pong, serde_json::json!({"type": 1}));

    // `/tone` with a draft: the gateway bot's review, only for the agent.
    let tone = fake_discord::interaction(
        11,
        2,
        serde_json::json!({"id": "1", "name": "tone", "type": 1, "options": [{"name": "text", "type": 3, "value": DRAFT}]}),
        DISCORD_CHANNEL,
        Some(DISCORD_GUILD),
    );
    let answer = signed_interaction(&server, &tone);
    assert_eq!(answer["type"], 4);
    assert_eq!(answer["data"]["flags"], 64);
    assert_same_review_as_the_gateway_bot(&answer["data"]);
    let buttons = &answer["data"]["components"][0]["components"];
    assert_eq!(buttons[0]["custom_id"], "savy:suggested");

    // The Suggested version button answers from the review it sits under.
    let mut press = fake_discord::interaction(
        12,
        3,
        serde_json::json!({"custom_id": "savy:suggested", "component_type": 2}),
        DISCORD_CHANNEL,
        Some(DISCORD_GUILD),
    );
    let mut under = fake_discord::message(
        13,
        DISCORD_CHANNEL,
        Some(DISCORD_GUILD),
        fake_discord::user(fake_discord::BOT_USER_ID, "savy", true),
        "",
    );
    under["embeds"] = answer["data"]["embeds"].clone();
    under["flags"] = serde_json::json!(64);
    press["message"] = under;
    let suggested = signed_interaction(&server, &press);
    let content = suggested["data"]["content"].as_str().unwrap();
    assert!(content.starts_with("```\n"), "{content}");
    assert!(!content.contains("As per my last email"), "{content}");

    // Without text, the draft form; its submission is reviewed the same way.
    let form = fake_discord::interaction(
        14,
        2,
        serde_json::json!({"id": "1", "name": "tone", "type": 1, "options": []}),
        DISCORD_CHANNEL,
        Some(DISCORD_GUILD),
    );
    let modal = signed_interaction(&server, &form);
    assert_eq!(modal["type"], 9, "MODAL");
    assert_eq!(modal["data"]["custom_id"], "savy:draft:-:-");
    let submit = fake_discord::interaction(
        15,
        5,
        serde_json::json!({
            "custom_id": "savy:draft:-:-",
            "components": [{"type": 1, "components": [{"type": 4, "custom_id": "draft", "value": DRAFT}]}],
        }),
        DISCORD_CHANNEL,
        Some(DISCORD_GUILD),
    );
    let answer = signed_interaction(&server, &submit);
    assert_eq!(answer["type"], 4);
    assert_same_review_as_the_gateway_bot(&answer["data"]);

    // "Check tone" on a message, in a DM: the review is not ephemeral there.
    let target = fake_discord::message(
        16,
        DISCORD_CHANNEL,
        None,
        fake_discord::user(fake_discord::AGENT_ID, "agent", false),
        DRAFT,
    );
    let check = fake_discord::interaction(
        17,
        2,
        serde_json::json!({"id": "2", "name": "Check tone", "type": 3, "target_id": "16", "resolved": {"messages": {"16": target}}}),
        DISCORD_CHANNEL,
        None,
    );
    let answer = signed_interaction(&server, &check);
    assert_eq!(answer["type"], 4);
    assert_same_review_as_the_gateway_bot(&answer["data"]);

    // Signed but not an interaction: 400.
    let body = "{\"type\": 2, \"data\": 7}";
    let ts = now().to_string();
    let r = post_interaction(
        &server,
        body,
        Some(&discord_sign(&discord_key(), &ts, body)),
        Some(&ts),
    );
    assert_eq!(r.status(), 400);
    let (code, log) = server.stop();
    assert_eq!(code, Some(0));
    assert!(log.contains("Discord interactions on"), "{log}");
    assert!(log.contains("Discord interaction: /tone"), "{log}");
    assert!(!log.contains("refund"), "{log}");
}

#[test]
fn discord_signatures_are_checked_before_anything_else() {
    let key = discord_public_hex();
    let server = Server::start_env("", &[("DISCORD_PUBLIC_KEY", &key)]);
    let body = serde_json::json!({"id": "1", "application_id": "2", "type": 1, "token": "t", "version": 1}).to_string();
    let ts = now().to_string();
    let good = discord_sign(&discord_key(), &ts, &body);
    let other = ed25519_dalek::SigningKey::from_bytes(&[8u8; 32]);
    let refused = |label: &str, body: &str, sig: Option<&str>, ts: Option<&str>| {
        let r = post_interaction(&server, body, sig, ts);
        assert_eq!(r.status(), 401, "{label}");
        let v: Value = r.json().unwrap();
        assert_eq!(v["error"], "invalid Discord request signature", "{label}");
    };
    refused(
        "another key",
        &body,
        Some(&discord_sign(&other, &ts, &body)),
        Some(&ts),
    );
    refused(
        "tampered body",
        &body.replace("\"t\"", "\"u\""),
        Some(&good),
        Some(&ts),
    );
    refused(
        "another timestamp",
        &body,
        Some(&good),
        Some(&(now() + 1).to_string()),
    );
    refused("missing signature", &body, None, Some(&ts));
    refused("missing timestamp", &body, Some(&good), None);
    refused("short signature", &body, Some(&good[..126]), Some(&ts));
    refused(
        "not hex",
        &body,
        Some(&format!("{}zz", &good[..126])),
        Some(&ts),
    );
    refused(
        "a sign in a pair",
        &body,
        Some(&format!("+{}", &good[1..])),
        Some(&ts),
    );
    // Upper-case hex is the same signature, and so is hex spaced between pairs, as
    // `bytes.fromhex` in Discord's example reads it.
    let r = post_interaction(&server, &body, Some(&good.to_uppercase()), Some(&ts));
    assert_eq!(r.status(), 200);
    let spaced = format!("{} \t{}", &good[..64], &good[64..]);
    let r = post_interaction(&server, &body, Some(&spaced), Some(&ts));
    assert_eq!(r.status(), 200);
    let metrics = client()
        .get(server.url("/metrics"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    for reason in [
        "signature-mismatch\"} 3",
        "missing-signature\"} 1",
        "missing-timestamp\"} 1",
        "malformed-signature\"} 3",
    ] {
        assert!(
            metrics.contains(&format!("savy_discord_refused_total{{reason=\"{reason}")),
            "{reason}: {metrics}"
        );
    }
    server.stop();
    // A key that is not one stops the server from starting, without echoing it.
    let out = bare()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("DISCORD_PUBLIC_KEY", "not-a-key-123")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("DISCORD_PUBLIC_KEY"), "{stderr}");
    assert!(!stderr.contains("not-a-key-123"), "{stderr}");
}
