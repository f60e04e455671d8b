//! `savy serve`: one axum server for the JSON API; Slack's slash command, events and message
//! shortcut; the same slash command from Mattermost; health and metrics.
//!
//! Every request is bounded: its body by size (413 beyond it) and the whole request, reading
//! the body included, by time (408). Answers Slack expects within three seconds but that need
//! a call back to Slack (a reply in a thread, a shortcut's review) are acknowledged at once and
//! sent in the background. SIGINT or SIGTERM stops accepting connections and lets requests in
//! flight, and replies being sent, finish. Logs and metrics carry routes, statuses, sizes,
//! timings and rule ids, never a draft, and never a secret.

use super::discord::endpoint::Endpoint;
use super::slack::web::SlackWeb;
use super::slack::{
    self, BotToken, CommandReply, EventAction, InteractionAction, MattermostToken, RecentEvents,
    SigningSecret,
};
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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// One line on stderr. Callers pass routes, sizes, timings and ids only.
macro_rules! log {
    ($($arg:tt)*) => { eprintln!("savy serve: {}", format_args!($($arg)*)) };
}

/// How long requests in flight may take to finish after a shutdown signal, beyond the
/// request timeout.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);
/// How long replies still being sent to Slack may take after the server stops.
const BACKGROUND_GRACE: Duration = Duration::from_secs(10);
/// How many Slack event ids are remembered to recognise a retried delivery: hours of events
/// for a busy workspace, in well under a megabyte.
const REMEMBERED_EVENTS: usize = 10_000;

/// Everything the server runs with.
#[derive(Debug)]
pub struct ServeConfig {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long one request may take, reading its body included.
    pub request_timeout: Duration,
    /// Slack's signing secret; without it no `/slack/…` endpoint is served.
    pub slack_signing_secret: Option<SigningSecret>,
    /// Slack's bot token; without it `/slack/events` acknowledges events and replies to none.
    pub slack_bot_token: Option<BotToken>,
    /// The base of Slack's Web API.
    pub slack_api_url: String,
    /// The Mattermost slash command's token; without it `/mattermost/commands` is not served.
    pub mattermost_token: Option<MattermostToken>,
    /// The Discord application's public key (hex); without it `/discord/interactions` is not
    /// served.
    pub discord_public_key: Option<String>,
    /// Where attachments of Discord messages are fetched through, as for the gateway bot.
    pub discord_proxy_url: Option<String>,
    /// The voice drafts are checked against.
    pub voice: Voice,
}

/// What the handlers share.
struct AppState {
    voice: Arc<Voice>,
    discord: Option<Endpoint>,
    slack_signing_secret: Option<SigningSecret>,
    slack_bot_token: Option<BotToken>,
    slack_web: SlackWeb,
    recent_events: Mutex<RecentEvents>,
    mattermost_token: Option<MattermostToken>,
    max_body_bytes: usize,
    request_timeout: Duration,
    metrics: Metrics,
    background: Arc<Background>,
}

/// Work that goes on after its request was answered: replies sent to Slack. Shutdown waits
/// for it.
#[derive(Default)]
struct Background {
    running: AtomicUsize,
    idle: tokio::sync::Notify,
}

impl Background {
    /// Runs `work` on the runtime, counted until it ends.
    fn spawn(self: &Arc<Self>, work: impl Future<Output = ()> + Send + 'static) {
        self.running.fetch_add(1, Ordering::SeqCst);
        let me = self.clone();
        tokio::spawn(async move {
            work.await;
            if me.running.fetch_sub(1, Ordering::SeqCst) == 1 {
                me.idle.notify_waiters();
            }
        });
    }

    /// Waits until no work is running.
    async fn finished(&self) {
        loop {
            // Created before the count is read, so a notification in between is not lost.
            let idle = self.idle.notified();
            if self.running.load(Ordering::SeqCst) == 0 {
                return;
            }
            idle.await;
        }
    }
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
    let slack = if config.slack_signing_secret.is_none() {
        "off: SLACK_SIGNING_SECRET is not set"
    } else if config.slack_bot_token.is_none() {
        "on; replies to events off: SLACK_BOT_TOKEN is not set"
    } else {
        "on"
    };
    let mattermost = if config.mattermost_token.is_some() {
        "on"
    } else {
        "off"
    };
    let discord = if config.discord_public_key.is_some() {
        "on"
    } else {
        "off"
    };
    let voice = Arc::new(config.voice);
    let endpoint = config
        .discord_public_key
        .map(|key| Endpoint::new(&key, voice.clone(), config.discord_proxy_url))
        .transpose()
        .map_err(|e| anyhow::anyhow!("DISCORD_PUBLIC_KEY: {e}"))?;
    let background = Arc::new(Background::default());
    let state = Arc::new(AppState {
        voice,
        discord: endpoint,
        slack_signing_secret: config.slack_signing_secret,
        slack_bot_token: config.slack_bot_token,
        slack_web: SlackWeb::new(&config.slack_api_url)?,
        recent_events: Mutex::new(RecentEvents::new(REMEMBERED_EVENTS)),
        mattermost_token: config.mattermost_token,
        max_body_bytes: config.max_body_bytes,
        request_timeout,
        metrics: Metrics::default(),
        background: background.clone(),
    });
    log!(
        "listening on http://{address} (Slack commands {slack}; Mattermost commands {mattermost}; Discord interactions {discord}; body limit {} bytes, timeout {} ms)",
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
    let sending = background.running.load(Ordering::SeqCst);
    if sending > 0 {
        log!("finishing {sending} replies being sent");
        if tokio::time::timeout(BACKGROUND_GRACE, background.finished())
            .await
            .is_err()
        {
            log!("replies still unsent after the grace period; dropping them");
        }
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
        app = app
            .route("/slack/commands", post(slack_commands))
            .route("/slack/events", post(slack_events))
            .route("/slack/interactions", post(slack_interactions));
    }
    if state.mattermost_token.is_some() {
        app = app.route("/mattermost/commands", post(mattermost_commands));
    }
    if state.discord.is_some() {
        app = app.route("/discord/interactions", post(discord_interactions));
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
        "/slack/events" => "/slack/events",
        "/slack/interactions" => "/slack/interactions",
        "/mattermost/commands" => "/mattermost/commands",
        "/discord/interactions" => "/discord/interactions",
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

/// Reads a Slack request's body and checks its signature before anything else reads it;
/// `what` names the endpoint in the log.
async fn verified_slack_body(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
    what: &str,
) -> Result<Bytes, Response> {
    let Some(secret) = &state.slack_signing_secret else {
        return Err(not_found().await);
    };
    let raw = read_body(headers, body, state.max_body_bytes).await?;
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
        log!("Slack {what} refused: {}", e.id());
        state.metrics.refused("slack", e.id());
        return Err(problem(
            StatusCode::UNAUTHORIZED,
            "invalid Slack request signature",
        ));
    }
    Ok(raw)
}

/// `POST /slack/commands`: the slash command. The signature is checked over the raw body
/// before anything reads it.
async fn slack_commands(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let raw = match verified_slack_body(&state, &headers, body, "command").await {
        Ok(raw) => raw,
        Err(response) => return response,
    };
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

/// `POST /slack/events`: the Events API. A URL check is answered with its challenge; a
/// mention or a direct message with a draft is acknowledged at once and answered in its
/// thread in the background, once, however often Slack delivers it.
async fn slack_events(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let raw = match verified_slack_body(&state, &headers, body, "event").await {
        Ok(raw) => raw,
        Err(response) => return response,
    };
    let action = match slack::event_action(&raw) {
        Ok(action) => action,
        Err(why) => {
            log!("Slack event refused: {why}");
            return problem(StatusCode::BAD_REQUEST, "the body is not a Slack event");
        }
    };
    let (key, channel, thread_ts, draft, origin) = match action {
        EventAction::Challenge(challenge) => {
            return axum::Json(serde_json::json!({ "challenge": challenge })).into_response();
        }
        EventAction::Ignore(why) => {
            log!("Slack event ignored: {why}");
            return StatusCode::OK.into_response();
        }
        EventAction::Reply {
            key,
            channel,
            thread_ts,
            draft,
            origin,
        } => (key, channel, thread_ts, draft, origin),
    };
    if state.slack_bot_token.is_none() {
        log!("Slack event {origin} ignored: SLACK_BOT_TOKEN is not set");
        return StatusCode::OK.into_response();
    }
    let first = state
        .recent_events
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .first_time(&key);
    if !first {
        // Retries are told apart by Slack's header; a duplicate without it is still one.
        let retry = headers
            .get("x-slack-retry-num")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u32>().ok());
        log!(
            "Slack event {origin}: {} of an event already handled; no second reply",
            retry.map_or_else(|| "a repeat".to_string(), |n| format!("retry {n}"))
        );
        return StatusCode::OK.into_response();
    }
    let shared = state.clone();
    state.background.spawn(async move {
        let started = Instant::now();
        let bytes = draft.len();
        let voice_state = shared.clone();
        let reply = tokio::task::spawn_blocking(move || {
            slack::thread_reply(&voice_state.voice, channel, thread_ts, &draft)
        })
        .await;
        let Ok((reply, review)) = reply else {
            log!("Slack event {origin}: the check failed");
            return;
        };
        if let Some(review) = &review {
            shared.metrics.findings(review);
        }
        let Some(token) = &shared.slack_bot_token else {
            return;
        };
        match shared
            .slack_web
            .call(token, "chat.postMessage", &reply)
            .await
        {
            Ok(()) => log!(
                "Slack event {origin}: {bytes} bytes, {} findings, replied in {:.1} ms",
                review.as_ref().map_or(0, |r| r.findings.len()),
                started.elapsed().as_secs_f64() * 1e3
            ),
            Err(e) => log!("Slack event {origin}: reply failed: {e}"),
        }
    });
    StatusCode::OK.into_response()
}

/// `POST /slack/interactions`: the "Check tone" message shortcut. Acknowledged at once; the
/// review goes to the shortcut's `response_url`, seen only by the person who asked.
async fn slack_interactions(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let raw = match verified_slack_body(&state, &headers, body, "interaction").await {
        Ok(raw) => raw,
        Err(response) => return response,
    };
    let (response_url, draft) = match slack::interaction_action(&raw) {
        Ok(InteractionAction::CheckMessage {
            response_url,
            draft,
        }) => (response_url, draft),
        Ok(InteractionAction::Ignore(why)) => {
            log!("Slack interaction ignored: {why}");
            return StatusCode::OK.into_response();
        }
        Err(why) => {
            log!("Slack interaction refused: {why}");
            return problem(
                StatusCode::BAD_REQUEST,
                "the body is not a Slack interaction",
            );
        }
    };
    let shared = state.clone();
    state.background.spawn(async move {
        let started = Instant::now();
        let bytes = draft.len();
        let voice_state = shared.clone();
        let reply =
            tokio::task::spawn_blocking(move || slack::shortcut_reply(&voice_state.voice, &draft))
                .await;
        let Ok((message, review)) = reply else {
            log!("Slack shortcut: the check failed");
            return;
        };
        if let Some(review) = &review {
            shared.metrics.findings(review);
        }
        match shared.slack_web.respond(&response_url, &message).await {
            Ok(()) => log!(
                "Slack shortcut: {bytes} bytes, {} findings, answered in {:.1} ms",
                review.as_ref().map_or(0, |r| r.findings.len()),
                started.elapsed().as_secs_f64() * 1e3
            ),
            Err(e) => log!("Slack shortcut: answer failed: {e}"),
        }
    });
    StatusCode::OK.into_response()
}

/// `POST /mattermost/commands`: the slash command from a self-hosted Mattermost, which sends
/// the command's token instead of signing the request.
async fn mattermost_commands(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(token) = &state.mattermost_token else {
        return not_found().await;
    };
    let raw = match read_body(&headers, body, state.max_body_bytes).await {
        Ok(raw) => raw,
        Err(response) => return response,
    };
    let given = slack::mattermost_token_of(&raw);
    let reason = match &given {
        None => Some("missing-token"),
        Some(t) if !token.matches(t.as_bytes()) => Some("token-mismatch"),
        Some(_) => None,
    };
    if let Some(reason) = reason {
        log!("Mattermost command refused: {reason}");
        state.metrics.refused("mattermost", reason);
        return problem(StatusCode::UNAUTHORIZED, "invalid Mattermost token");
    }
    let shared = state.clone();
    let reply =
        tokio::task::spawn_blocking(move || slack::mattermost_reply(&shared.voice, &raw)).await;
    let Ok((message, review)) = reply else {
        return problem(StatusCode::INTERNAL_SERVER_ERROR, "the check failed");
    };
    if let Some(review) = &review {
        log!("Mattermost command: {} findings", review.findings.len());
        state.metrics.findings(review);
    }
    axum::Json(message).into_response()
}

/// `POST /discord/interactions`: Discord's HTTP interactions. The Ed25519 signature is
/// checked over the raw body before anything reads it; PING is answered with PONG, and
/// `/tone`, "Check tone", the draft form and the review buttons as the gateway bot answers them.
async fn discord_interactions(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(endpoint) = &state.discord else {
        return not_found().await;
    };
    let raw = match read_body(&headers, body, state.max_body_bytes).await {
        Ok(raw) => raw,
        Err(response) => return response,
    };
    let verified = endpoint.verify(
        headers
            .get("x-signature-ed25519")
            .map(HeaderValue::as_bytes),
        headers
            .get("x-signature-timestamp")
            .map(HeaderValue::as_bytes),
        &raw,
    );
    if let Err(reason) = verified {
        log!("Discord interaction refused: {reason}");
        state.metrics.refused("discord", reason);
        return problem(
            StatusCode::UNAUTHORIZED,
            "invalid Discord request signature",
        );
    }
    match endpoint.answer(&raw).await {
        Ok((what, answer)) => {
            log!("Discord interaction: {what}");
            axum::Json(answer).into_response()
        }
        Err(why) => {
            log!("Discord interaction refused: {why}");
            problem(
                StatusCode::BAD_REQUEST,
                "the body is not an interaction this endpoint answers",
            )
        }
    }
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
    /// By platform, then why.
    refused: BTreeMap<(&'static str, &'static str), u64>,
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

    /// A request refused on `platform` (`slack`, `mattermost`, `discord`) and why.
    fn refused(&self, platform: &'static str, reason: &'static str) {
        *self.lock().refused.entry((platform, reason)).or_default() += 1;
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
        let mut platform = "";
        for ((p, reason), n) in &m.refused {
            if *p != platform {
                platform = p;
                let _ = writeln!(
                    out,
                    "# HELP savy_{p}_refused_total Requests said to come from {p} refused, by why.\n# TYPE savy_{p}_refused_total counter"
                );
            }
            let _ = writeln!(out, "savy_{p}_refused_total{{reason=\"{reason}\"}} {n}");
        }
        out
    }
}
