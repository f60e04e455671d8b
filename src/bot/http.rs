//! `savy serve`: one axum server for the JSON API, Slack's slash command, health and metrics.
//!
//! Every request is bounded: its body by size (413 beyond it) and the whole request, reading
//! the body included, by time (408). SIGINT or SIGTERM stops accepting connections and lets
//! requests in flight finish. Logs and metrics carry routes, statuses, sizes, timings and rule
//! ids, never a draft, and never a secret.

use super::slack::{self, CommandReply, SigningSecret};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use savy::report::{Checked, Outcome, Source, render_json};
use savy::text::{DocKind, Lang};
use savy::{Register, Review, Voice};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// One line on stderr. Callers pass routes, sizes, timings and ids only.
macro_rules! log {
    ($($arg:tt)*) => { eprintln!("savy serve: {}", format_args!($($arg)*)) };
}

/// How long requests in flight may take to finish after a shutdown signal, beyond the
/// request timeout.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// Everything the server runs with.
#[derive(Debug)]
pub struct ServeConfig {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long one request may take, reading its body included.
    pub request_timeout: Duration,
    /// Slack's signing secret; without it `/slack/commands` is not served.
    pub slack_signing_secret: Option<SigningSecret>,
    /// The voice drafts are checked against.
    pub voice: Voice,
}

/// What the handlers share.
struct AppState {
    voice: Voice,
    slack_signing_secret: Option<SigningSecret>,
    max_body_bytes: usize,
    request_timeout: Duration,
    metrics: Metrics,
}

/// Runs the server until SIGINT or SIGTERM.
pub fn run(config: ServeConfig) -> anyhow::Result<()> {
    // A panic message can quote the text being handled; say where, not what.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        log!("internal error{at}; the request was dropped");
    }));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(config))
}

async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let address = listener.local_addr()?;
    let request_timeout = config.request_timeout;
    let slack = config.slack_signing_secret.is_some();
    let state = Arc::new(AppState {
        voice: config.voice,
        slack_signing_secret: config.slack_signing_secret,
        max_body_bytes: config.max_body_bytes,
        request_timeout,
        metrics: Metrics::default(),
    });
    log!(
        "listening on http://{address} (Slack commands {}; body limit {} bytes, timeout {} ms)",
        if slack {
            "on"
        } else {
            "off: SLACK_SIGNING_SECRET is not set"
        },
        state.max_body_bytes,
        request_timeout.as_millis()
    );
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, router(state))
        .with_graceful_shutdown(async move {
            let signal = super::shutdown_signal().await;
            log!("{signal}: finishing requests in flight");
            let _ = stopping_tx.send(());
        })
        .into_future();
    // Requests in flight get their own timeout and a little more; an idle client holding a
    // connection open does not keep the server alive.
    let deadline = async move {
        if stopping_rx.await.is_ok() {
            tokio::time::sleep(request_timeout + SHUTDOWN_GRACE).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        result = server => result?,
        () = deadline => log!("connections still open after the grace period; closing them"),
    }
    log!("stopped");
    Ok(())
}

fn router(state: Arc<AppState>) -> Router {
    let mut app = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/api/v1/check", post(api_check));
    if state.slack_signing_secret.is_some() {
        app = app.route("/slack/commands", post(slack_commands));
    }
    app.fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// Bounds a request in time and records it: a log line and the metrics.
async fn observe(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    // The route as declared, never the path as sent: a path can carry anything.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |m| route_label(m.as_str()));
    let method = request.method().clone();
    let response = match tokio::time::timeout(state.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => problem(
            StatusCode::REQUEST_TIMEOUT,
            &format!(
                "the request took longer than {} ms",
                state.request_timeout.as_millis()
            ),
        ),
    };
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    state.metrics.request(route, status, elapsed);
    log!(
        "{method} {route} {status} in {:.1} ms",
        elapsed.as_secs_f64() * 1e3
    );
    response
}

/// The routes we serve, as `'static` labels for metrics.
fn route_label(route: &str) -> &'static str {
    match route {
        "/healthz" => "/healthz",
        "/metrics" => "/metrics",
        "/api/v1/check" => "/api/v1/check",
        "/slack/commands" => "/slack/commands",
        _ => "unmatched",
    }
}

/// A JSON error: `{"error": "…"}`. Messages are ours and never quote the request.
fn problem(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

async fn not_found() -> Response {
    problem(StatusCode::NOT_FOUND, "no such endpoint")
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        state.metrics.render(),
    )
        .into_response()
}

/// Reads a body of at most `max` bytes; a larger one is answered with 413.
async fn read_body(headers: &HeaderMap, body: Body, max: usize) -> Result<Bytes, Response> {
    let too_large = || {
        problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("the request body is larger than the limit of {max} bytes"),
        )
    };
    // A declared length over the limit is refused before a byte of the body is read.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    match Limited::new(body, max).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Err(_) => Err(problem(
            StatusCode::BAD_REQUEST,
            "the request body could not be read",
        )),
    }
}

/// `POST /api/v1/check`: the body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    /// The draft.
    text: String,
    /// Echoed back as the result's `id`.
    #[serde(default)]
    id: serde_json::Value,
    lang: Option<String>,
    kind: Option<String>,
    register: Option<String>,
    /// Include the draft with every suggestion applied, as `fixed`.
    #[serde(default)]
    fix: bool,
}

/// `POST /api/v1/check`: `{"text": …, "id"?, "lang"?, "kind"?, "register"?, "fix"?}` in, the
/// document `savy check --format json` writes out.
async fn api_check(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Response {
    let raw = match read_body(&headers, body, state.max_body_bytes).await {
        Ok(raw) => raw,
        Err(response) => return response,
    };
    let request: CheckRequest = match serde_json::from_slice(&raw) {
        Ok(r) => r,
        // serde's messages can quote values; say where and what is expected instead.
        Err(e) => {
            return problem(
                StatusCode::BAD_REQUEST,
                &format!(
                    "the body must be a JSON object {{\"text\": string, \"id\"?, \"lang\"?: \"fi\"|\"en\", \"kind\"?: \"reply\"|\"email\"|\"invoice\"|\"reminder\", \"register\"?: \"informal\"|\"formal\"|\"neutral\", \"fix\"?: bool}} (problem at line {}, column {})",
                    e.line(),
                    e.column()
                ),
            );
        }
    };
    let parsed = (|| -> Result<_, String> {
        let lang = request
            .lang
            .as_deref()
            .map(str::parse::<Lang>)
            .transpose()?;
        let kind = request
            .kind
            .as_deref()
            .map(str::parse::<DocKind>)
            .transpose()?;
        let register = request
            .register
            .as_deref()
            .map(str::parse::<Register>)
            .transpose()?;
        Ok((lang, kind, register))
    })();
    let (lang, kind, register) = match parsed {
        Ok(p) => p,
        Err(e) => return problem(StatusCode::BAD_REQUEST, &e),
    };
    let CheckRequest { text, id, fix, .. } = request;
    let shared = state.clone();
    // Checking is CPU work: off the async workers, so the timeout and other requests go on.
    let checked = tokio::task::spawn_blocking(move || {
        let voice = &shared.voice;
        let kind = kind.or(voice.profile.default_kind);
        let review = voice.review_as(&text, lang, kind, register, true);
        let fixed = fix.then(|| review.fixed(&text));
        Checked {
            source: Source::Line { id, line: 1 },
            text,
            review,
            fixed,
            rewrite: None,
        }
    })
    .await;
    let Ok(checked) = checked else {
        return problem(StatusCode::INTERNAL_SERVER_ERROR, "the check failed");
    };
    state.metrics.findings(&checked.review);
    let mut out = Vec::new();
    if render_json(&mut out, &[Outcome::Checked(checked)]).is_err() {
        return problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the review could not be written",
        );
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        out,
    )
        .into_response()
}

/// Now, in Unix seconds.
fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `POST /slack/commands`: the slash command. The signature is checked over the raw body
/// before anything reads it.
async fn slack_commands(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(secret) = &state.slack_signing_secret else {
        return not_found().await;
    };
    let raw = match read_body(&headers, body, state.max_body_bytes).await {
        Ok(raw) => raw,
        Err(response) => return response,
    };
    let verified = slack::verify(
        secret,
        headers
            .get("x-slack-request-timestamp")
            .map(HeaderValue::as_bytes),
        headers.get("x-slack-signature").map(HeaderValue::as_bytes),
        &raw,
        unix_now(),
    );
    if let Err(e) = verified {
        log!("Slack command refused: {}", e.id());
        state.metrics.refused(e.id());
        return problem(StatusCode::UNAUTHORIZED, "invalid Slack request signature");
    }
    let shared = state.clone();
    let reply =
        tokio::task::spawn_blocking(move || slack::command_reply(&shared.voice, &raw)).await;
    let message = match reply {
        Ok(CommandReply::SslCheck) => return StatusCode::OK.into_response(),
        Ok(CommandReply::Help(message)) => message,
        Ok(CommandReply::Review {
            message,
            review,
            bytes,
        }) => {
            log!(
                "Slack command: {bytes} bytes, {} findings",
                review.findings.len()
            );
            state.metrics.findings(&review);
            message
        }
        Err(_) => return problem(StatusCode::INTERNAL_SERVER_ERROR, "the check failed"),
    };
    axum::Json(message).into_response()
}

/// Upper bounds of the latency histogram's buckets, in seconds.
const LATENCY_BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// Counts for `/metrics`. Labels are routes, statuses, rule ids and reasons: never text.
#[derive(Default)]
struct Metrics {
    inner: Mutex<MetricsInner>,
}

#[derive(Default)]
struct MetricsInner {
    requests: BTreeMap<(&'static str, u16), u64>,
    latency: BTreeMap<&'static str, Histogram>,
    findings: BTreeMap<String, u64>,
    refused: BTreeMap<&'static str, u64>,
}

#[derive(Default)]
struct Histogram {
    buckets: [u64; LATENCY_BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Metrics {
    fn lock(&self) -> std::sync::MutexGuard<'_, MetricsInner> {
        // Counters stay meaningful after a panic elsewhere: keep counting.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn request(&self, route: &'static str, status: u16, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        let mut m = self.lock();
        *m.requests.entry((route, status)).or_default() += 1;
        let h = m.latency.entry(route).or_default();
        for (bucket, le) in h.buckets.iter_mut().zip(LATENCY_BUCKETS) {
            if seconds <= le {
                *bucket += 1;
            }
        }
        h.count += 1;
        h.sum += seconds;
    }

    fn findings(&self, review: &Review) {
        let mut m = self.lock();
        for f in &review.findings {
            *m.findings.entry(f.rule.clone()).or_default() += 1;
        }
    }

    fn refused(&self, reason: &'static str) {
        *self.lock().refused.entry(reason).or_default() += 1;
    }

    /// The Prometheus text exposition format.
    fn render(&self) -> String {
        use std::fmt::Write;
        let m = self.lock();
        let mut out = String::new();
        out.push_str("# HELP savy_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE savy_http_requests_total counter\n");
        for ((route, status), n) in &m.requests {
            let _ = writeln!(
                out,
                "savy_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        out.push_str(
            "# HELP savy_http_request_duration_seconds Time to answer a request, by route.\n",
        );
        out.push_str("# TYPE savy_http_request_duration_seconds histogram\n");
        for (route, h) in &m.latency {
            for (n, le) in h.buckets.iter().zip(LATENCY_BUCKETS) {
                let _ = writeln!(
                    out,
                    "savy_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "savy_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "savy_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "savy_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        out.push_str("# HELP savy_findings_total Findings in reviewed drafts, by rule id.\n");
        out.push_str("# TYPE savy_findings_total counter\n");
        for (rule, n) in &m.findings {
            // Rule ids are ours or the company's: escape them as Prometheus label values.
            let rule = rule
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n");
            let _ = writeln!(out, "savy_findings_total{{rule=\"{rule}\"}} {n}");
        }
        out.push_str(
            "# HELP savy_slack_refused_total Slack requests refused, by why the signature failed.\n",
        );
        out.push_str("# TYPE savy_slack_refused_total counter\n");
        for (reason, n) in &m.refused {
            let _ = writeln!(out, "savy_slack_refused_total{{reason=\"{reason}\"}} {n}");
        }
        out
    }
}
