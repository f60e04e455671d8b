//! Slack's Web API, as far as the server needs it: `chat.postMessage` for replies in a thread,
//! and a message's `response_url` for answers to a shortcut. Errors say what failed and
//! Slack's error code; never a token, a URL (a `response_url` is a credential) or a body.

use super::BotToken;
use serde::Serialize;
use std::time::Duration;

/// How long one call to Slack may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// A client for Slack's Web API.
#[derive(Debug, Clone)]
pub struct SlackWeb {
    http: reqwest::Client,
    /// The API's base, e.g. `https://slack.com/api`, without a trailing `/`.
    base: String,
}

impl SlackWeb {
    /// A client for the API at `base`.
    pub fn new(base: &str) -> reqwest::Result<SlackWeb> {
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(CALL_TIMEOUT)
            .timeout(CALL_TIMEOUT)
            .build()?;
        Ok(SlackWeb {
            http,
            base: base.trim_end_matches('/').to_string(),
        })
    }

    /// Calls the Web API method `method` with a JSON body; `Err` says why it failed.
    pub async fn call(
        &self,
        token: &BotToken,
        method: &str,
        body: &impl Serialize,
    ) -> Result<(), String> {
        let body = serde_json::to_vec(body).map_err(|_| format!("{method}: not serializable"))?;
        let response = self
            .http
            .post(format!("{}/{method}", self.base))
            .bearer_auth(&token.0)
            .header("content-type", "application/json; charset=utf-8")
            .body(body)
            .send()
            .await
            .map_err(|e| format!("{method}: {}", describe(&e)))?;
        let status = response.status();
        let answer = response
            .bytes()
            .await
            .map_err(|e| format!("{method}: {}", describe(&e)))?;
        // Slack answers 200 with `"ok": false` and an error code when it refuses a call.
        let parsed: serde_json::Value = serde_json::from_slice(&answer).unwrap_or_default();
        match parsed.get("ok").and_then(serde_json::Value::as_bool) {
            Some(true) if status.is_success() => Ok(()),
            _ => Err(format!(
                "{method}: status {}, error {}",
                status.as_u16(),
                parsed
                    .get("error")
                    .and_then(serde_json::Value::as_str)
                    .filter(|e| e.len() <= 64 && e.bytes().all(|b| b.is_ascii_graphic()))
                    .unwrap_or("unknown")
            )),
        }
    }

    /// Posts `message` to a `response_url`.
    pub async fn respond(
        &self,
        response_url: &str,
        message: &impl Serialize,
    ) -> Result<(), String> {
        let body = serde_json::to_vec(message)
            .map_err(|_| "response_url: not serializable".to_string())?;
        let response = self
            .http
            .post(response_url)
            .header("content-type", "application/json; charset=utf-8")
            .body(body)
            .send()
            .await
            .map_err(|e| format!("response_url: {}", describe(&e)))?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!(
                "response_url: status {}",
                response.status().as_u16()
            ))
        }
    }
}

/// A reqwest error for a log line: what went wrong, without the URL.
fn describe(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the answer could not be read"
    } else {
        "failed"
    };
    match e.status() {
        Some(status) => format!("{what} (status {})", status.as_u16()),
        None => what.to_string(),
    }
}
