//! `savy serve`: gathers the server's configuration from the command line, the profile and
//! the environment, then runs it. Errors never contain a secret.

use super::config::Loaded;
use crate::bot::http::ServeConfig;
use crate::bot::slack::SigningSecret;
use anyhow::Result;
use std::net::SocketAddr;
use std::time::Duration;

/// Runs the server until it is told to stop; returns the exit code.
pub fn run(listen: Option<SocketAddr>, loaded: Loaded) -> Result<u8> {
    let settings = loaded.voice.profile.serve.clone();
    let slack_signing_secret = match std::env::var("SLACK_SIGNING_SECRET") {
        Ok(s) if !s.trim().is_empty() => {
            Some(SigningSecret::new(&s).map_err(|e| anyhow::anyhow!("SLACK_SIGNING_SECRET: {e}"))?)
        }
        _ => None,
    };
    crate::bot::http::run(ServeConfig {
        listen: listen.unwrap_or(settings.listen),
        max_body_bytes: usize::try_from(settings.max_body_bytes).unwrap_or(usize::MAX),
        request_timeout: Duration::from_millis(settings.request_timeout_ms),
        slack_signing_secret,
        voice: loaded.voice,
    })?;
    Ok(0)
}
