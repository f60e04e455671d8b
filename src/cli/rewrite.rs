//! `savy check --rewrite llm`: asks an OpenAI-compatible chat-completions API to rewrite each
//! draft, one draft at a time, and lets the library judge the answer
//! ([`savy::rewrite::judge`]). Whatever goes wrong — no connection, a refused key, rate limits,
//! a slow or malformed answer — the draft keeps the rules' rewrite, with a one-line note on
//! standard error that says why. Notes and errors never contain the key or a draft's words.
//!
//! Drafts go out only when the profile's `[llm]` table has `enabled = true`; the environment
//! can point at another address, model or key, but cannot turn sending on.

use super::config::Loaded;
use anyhow::{Context, Result, bail};
use savy::Voice;
use savy::rewrite::{self, Draft, Rewrite};
use serde::Deserialize;
use std::fmt;
use std::time::{Duration, Instant};

/// The environment variables that override `[llm]`.
pub const ENV_KEY: &str = "SAVY_LLM_API_KEY";
/// The API's address.
pub const ENV_URL: &str = "SAVY_LLM_URL";
/// The model.
pub const ENV_MODEL: &str = "SAVY_LLM_MODEL";

/// The largest answer read: a rewrite is a few kilobytes.
const MAX_ANSWER_BYTES: usize = 1 << 20;
/// How long to wait after a 429 when the API does not say, and the most it may ask for.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(2);
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// Failures in a row after which the rest of a batch is not sent: the API is down.
const MAX_FAILURES_IN_A_ROW: usize = 3;

/// An API key. Its `Debug` never shows it, and nothing else prints it.
pub struct ApiKey(String);

impl ApiKey {
    fn new(key: &str, from: &str) -> Result<ApiKey> {
        let k = key.trim();
        if k.is_empty() {
            bail!("{from}: the API key is empty");
        }
        if k.chars().any(|c| c.is_whitespace() || c.is_control()) {
            bail!("{from}: the API key contains spaces or control characters");
        }
        Ok(ApiKey(k.to_string()))
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(…)")
    }
}

/// Where rewrites are asked for, from `[llm]` and the environment.
#[derive(Debug)]
pub struct Endpoint {
    /// The chat-completions URL.
    pub url: String,
    /// The model asked.
    pub model: String,
    key: Option<ApiKey>,
    /// How long one rewrite may take.
    pub timeout: Duration,
    /// The longest draft sent.
    pub max_draft_bytes: u64,
}

/// An environment variable that is set and not blank.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The chat-completions endpoint of an API address: `https://host/v1` and `https://host` get
/// `/chat/completions` (and `/v1`) added; a URL that already ends in it is used as it is.
pub fn chat_completions_url(address: &str) -> String {
    let a = address.trim().trim_end_matches('/');
    if a.ends_with("/chat/completions") {
        return a.to_string();
    }
    let after_scheme = a.split_once("://").map_or(a, |(_, rest)| rest);
    if after_scheme.contains('/') {
        format!("{a}/chat/completions")
    } else {
        format!("{a}/v1/chat/completions")
    }
}

/// A URL as it may appear in a message: without a query, which may carry a key.
pub fn shown(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

impl Endpoint {
    /// The endpoint the profile allows, or an error that names the setting that is missing.
    /// Nothing is sent here.
    pub fn resolve(loaded: &Loaded) -> Result<Endpoint> {
        let llm = &loaded.voice.profile.llm;
        let profile = loaded
            .path
            .as_ref()
            .map_or("savy.toml".to_string(), |p| p.display().to_string());
        if !llm.enabled {
            let which = match &loaded.path {
                Some(p) => format!("the profile {} does not allow it", p.display()),
                None => "the bundled profile does not allow it (no savy.toml found)".into(),
            };
            bail!(
                "--rewrite llm sends drafts to a language model, and {which}: set `enabled = true` \
                 under [llm] in savy.toml, with `url` and `model` (or use --rewrite rules, the default)"
            );
        }
        let url = match env(ENV_URL) {
            Some(u) if !savy::voice::is_http_url(u.trim()) => {
                bail!(
                    "{ENV_URL} must be an http:// or https:// address, e.g. https://api.openai.com/v1"
                )
            }
            Some(u) => u.trim().to_string(),
            None => llm.url.clone().with_context(|| {
                format!(
                    "no language-model address: set `url` under [llm] in {profile}, or {ENV_URL}"
                )
            })?,
        };
        let model = env(ENV_MODEL)
            .map(|m| m.trim().to_string())
            .or_else(|| llm.model.clone())
            .with_context(|| {
                format!(
                    "no language model named: set `model` under [llm] in {profile}, or {ENV_MODEL}"
                )
            })?;
        let key = match (env(ENV_KEY), &llm.key_file) {
            (Some(k), _) => Some(ApiKey::new(&k, ENV_KEY)?),
            (None, Some(file)) => {
                let path = loaded.root.join(file);
                let text = std::fs::read_to_string(&path).with_context(|| {
                    format!(
                        "cannot read the API key file {} ([llm] key_file)",
                        path.display()
                    )
                })?;
                Some(ApiKey::new(&text, &path.display().to_string())?)
            }
            // Local servers need no key.
            (None, None) => None,
        };
        Ok(Endpoint {
            url: chat_completions_url(&url),
            model,
            key,
            timeout: Duration::from_millis(llm.timeout_ms),
            max_draft_bytes: llm.max_draft_bytes,
        })
    }

    /// Whether a key will be sent, for `savy config`.
    pub fn has_key(&self) -> bool {
        self.key.is_some()
    }
}

/// Why a draft got no answer to judge.
#[derive(Debug)]
enum Failure {
    TooLong { bytes: usize, max: u64 },
    Timeout(Duration),
    Connect { url: String, why: String },
    Status { code: u16, reason: String },
    Malformed(String),
    Earlier(String),
}

impl Failure {
    /// Whether every later draft would fail the same way, so the batch stops asking.
    fn ends_the_batch(&self) -> bool {
        matches!(
            self,
            Failure::Connect { .. }
                | Failure::Status {
                    code: 401 | 403 | 404,
                    ..
                }
        )
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::TooLong { bytes, max } => write!(
                f,
                "the draft is {bytes} bytes, over [llm] max_draft_bytes ({max}); not sent"
            ),
            Failure::Timeout(t) => write!(
                f,
                "no answer within {} ms ([llm] timeout_ms)",
                t.as_millis()
            ),
            Failure::Connect { url, why } => write!(f, "cannot connect to {url}: {why}"),
            Failure::Status { code, reason } => {
                write!(f, "HTTP {code} {reason}")?;
                match code {
                    401 | 403 => {
                        write!(f, ": the API refused the key ({ENV_KEY} or [llm] key_file)")
                    }
                    404 => write!(f, ": check [llm] url and model"),
                    429 => f.write_str(": rate limited"),
                    _ => Ok(()),
                }
            }
            Failure::Malformed(why) => write!(f, "unexpected answer: {why}"),
            Failure::Earlier(why) => write!(f, "not sent after an earlier failure: {why}"),
        }
    }
}

#[derive(Deserialize)]
struct Completion {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    message: Message,
}

#[derive(Deserialize)]
struct Message {
    content: Option<String>,
}

/// The innermost cause of an error: what a connection failure comes down to.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut e = e;
    while let Some(next) = e.source() {
        e = next;
    }
    if let Some(io) = e.downcast_ref::<std::io::Error>()
        && io.kind() == std::io::ErrorKind::ConnectionRefused
    {
        return "connection refused".into();
    }
    e.to_string()
}

/// Asks for rewrites, one draft at a time, and keeps count of what went wrong.
pub struct Rewriter {
    endpoint: Endpoint,
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    /// Why the batch stopped asking, once it has.
    stopped: Option<String>,
    /// Drafts not sent because the batch had stopped.
    not_sent: usize,
    failures_in_a_row: usize,
    /// No request before this (after a 429).
    not_before: Option<Instant>,
}

impl Rewriter {
    /// A rewriter for the profile's endpoint; errors before anything is sent.
    pub fn new(loaded: &Loaded) -> Result<Rewriter> {
        let endpoint = Endpoint::resolve(loaded)?;
        let client = reqwest::Client::builder()
            .user_agent(concat!("savy/", env!("CARGO_PKG_VERSION")))
            .timeout(endpoint.timeout)
            .connect_timeout(endpoint.timeout.min(Duration::from_secs(10)))
            .build()
            .context("cannot set up the HTTP client")?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        Ok(Rewriter {
            endpoint,
            client,
            runtime,
            stopped: None,
            not_sent: 0,
            failures_in_a_row: 0,
            not_before: None,
        })
    }

    /// The suggested draft for `draft` (named `name` in notes): the model's when the rules
    /// accept it, else the rules' with the reason, also noted on standard error.
    pub fn rewrite(&mut self, voice: &Voice, draft: &Draft<'_>, name: &str) -> Rewrite {
        match self.ask(voice, draft) {
            Ok(answer) => {
                self.failures_in_a_row = 0;
                let rewrite = Rewrite::judged(voice, draft, &answer);
                if let Some(why) = &rewrite.rejected {
                    eprintln!(
                        "note: {name}: the language model's rewrite was rejected ({why}); showing the rules' rewrite"
                    );
                }
                rewrite
            }
            Err(failure) => {
                if matches!(failure, Failure::Earlier(_)) {
                    self.not_sent += 1;
                } else {
                    let mut note = format!(
                        "note: {name}: no language-model rewrite ({failure}); showing the rules' rewrite"
                    );
                    if self.stopped.is_some() {
                        note.push_str("; not asking again in this run");
                    }
                    eprintln!("{note}");
                }
                Rewrite::rules(draft, Some(failure.to_string()))
            }
        }
    }

    /// Notes how many drafts were not sent after the batch stopped asking.
    pub fn finish(&self) {
        if let (Some(why), n @ 1..) = (&self.stopped, self.not_sent) {
            eprintln!(
                "note: {n} more draft{} kept the rules' rewrite without asking the language model ({why})",
                if n == 1 { "" } else { "s" }
            );
        }
    }

    fn ask(&mut self, voice: &Voice, draft: &Draft<'_>) -> Result<String, Failure> {
        if let Some(why) = &self.stopped {
            return Err(Failure::Earlier(why.clone()));
        }
        let bytes = draft.text.len();
        if bytes as u64 > self.endpoint.max_draft_bytes {
            return Err(Failure::TooLong {
                bytes,
                max: self.endpoint.max_draft_bytes,
            });
        }
        if let Some(at) = self.not_before.take() {
            std::thread::sleep(at.saturating_duration_since(Instant::now()));
        }
        let request = rewrite::request(voice, draft);
        let result = self
            .runtime
            .block_on(send(&self.client, &self.endpoint, &request));
        match &result {
            Ok(_) => {}
            Err((failure, retry_after)) => {
                self.failures_in_a_row += 1;
                if let Some(wait) = retry_after {
                    self.not_before = Some(Instant::now() + *wait);
                }
                if failure.ends_the_batch() {
                    self.stopped = Some(failure.to_string());
                } else if self.failures_in_a_row >= MAX_FAILURES_IN_A_ROW {
                    self.stopped = Some(format!("{MAX_FAILURES_IN_A_ROW} failures in a row"));
                }
            }
        }
        result.map_err(|(f, _)| f)
    }
}

/// Sends one request; on failure, also how long the API asks to wait.
async fn send(
    client: &reqwest::Client,
    endpoint: &Endpoint,
    request: &rewrite::Request,
) -> Result<String, (Failure, Option<Duration>)> {
    let body = serde_json::json!({
        "model": endpoint.model,
        "messages": [
            {"role": "system", "content": request.system},
            {"role": "user", "content": request.user},
        ],
    });
    let mut req = client
        .post(&endpoint.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_string());
    if let Some(key) = &endpoint.key {
        // reqwest marks the header sensitive: it is left out of its Debug output.
        req = req.bearer_auth(&key.0);
    }
    let transport = |e: reqwest::Error| {
        if e.is_timeout() {
            Failure::Timeout(endpoint.timeout)
        } else {
            Failure::Connect {
                url: shown(&endpoint.url).to_string(),
                why: root_cause(&e),
            }
        }
    };
    let mut response = req.send().await.map_err(|e| (transport(e), None))?;
    let status = response.status();
    if !status.is_success() {
        let retry_after = (status == reqwest::StatusCode::TOO_MANY_REQUESTS).then(|| {
            response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok())
                .map_or(DEFAULT_RETRY_AFTER, Duration::from_secs)
                .min(MAX_RETRY_AFTER)
        });
        let failure = Failure::Status {
            code: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
        };
        return Err((failure, retry_after));
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| (transport(e), None))? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > MAX_ANSWER_BYTES {
            let why = format!("longer than {MAX_ANSWER_BYTES} bytes");
            return Err((Failure::Malformed(why), None));
        }
    }
    // serde_json's messages name a position, never the text.
    let completion: Completion = serde_json::from_slice(&bytes).map_err(|e| {
        (
            Failure::Malformed(format!("not a chat completion ({e})")),
            None,
        )
    })?;
    let Some(choice) = completion.choices.into_iter().next() else {
        return Err((Failure::Malformed("no choices".into()), None));
    };
    Ok(choice.message.content.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_chat_completion_endpoints() {
        assert_eq!(
            chat_completions_url("https://api.openai.com/v1"),
            "https://api.openai.com/v1/chat/completions"
        );
        assert_eq!(
            chat_completions_url("http://127.0.0.1:8000/"),
            "http://127.0.0.1:8000/v1/chat/completions"
        );
        assert_eq!(
            chat_completions_url("http://h/openai/v1/chat/completions"),
            "http://h/openai/v1/chat/completions"
        );
        assert_eq!(
            shown("https://h/v1/chat/completions?key=s3cret"),
            "https://h/v1/chat/completions"
        );
    }

    #[test]
    fn keys_never_show() {
        let k = ApiKey::new(" sk-secret\n", "test").unwrap();
        assert_eq!(format!("{k:?}"), "ApiKey(…)");
        let e = ApiKey::new("sk secret", "SAVY_LLM_API_KEY")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("SAVY_LLM_API_KEY: ") && !e.contains("sk secret"),
            "{e}"
        );
        assert!(ApiKey::new("  ", "test").is_err());
    }
}
