//! `savy serve`: gathers the server's configuration from the command line, the profile and
//! the environment, then runs it. Errors never contain a secret.

use super::config::Loaded;
use crate::bot::http::ServeConfig;
use crate::bot::slack::{BotToken, MattermostToken, SigningSecret};
use anyhow::{Context, Result, anyhow, bail};
use std::net::SocketAddr;
use std::time::Duration;

/// Runs the server until it is told to stop; returns the exit code.
pub fn run(listen: Option<SocketAddr>, loaded: Loaded) -> Result<u8> {
    let settings = loaded.voice.profile.serve.clone();
    let slack_signing_secret = env("SLACK_SIGNING_SECRET")
        .map(|s| SigningSecret::new(&s).map_err(|e| anyhow!("SLACK_SIGNING_SECRET: {e}")))
        .transpose()?;
    let slack_bot_token = env("SLACK_BOT_TOKEN")
        .map(|s| BotToken::new(&s).map_err(|e| anyhow!("SLACK_BOT_TOKEN: {e}")))
        .transpose()?;
    let slack_api_url = match env("SLACK_API_URL") {
        Some(url) => savy::voice::web_base(&url).ok_or_else(|| {
            anyhow!(
                "SLACK_API_URL must be an http:// or https:// address, e.g. https://slack.com/api"
            )
        })?,
        None => settings.slack_api_url.clone(),
    };
    let mattermost_token = match (env("MATTERMOST_TOKEN"), &settings.mattermost_token_file) {
        (Some(t), _) => {
            Some(MattermostToken::new(&t).map_err(|e| anyhow!("MATTERMOST_TOKEN: {e}"))?)
        }
        (None, Some(file)) => {
            let path = loaded.root.join(file);
            let text = std::fs::read_to_string(&path).with_context(|| {
                format!("cannot read the Mattermost token file {}", path.display())
            })?;
            Some(MattermostToken::new(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?)
        }
        (None, None) => None,
    };
    let discord_public_key = env("DISCORD_PUBLIC_KEY");
    let discord_proxy_url = match env("DISCORD_PROXY_URL") {
        Some(url) => Some(savy::voice::web_base(&url).ok_or_else(|| {
            anyhow!("DISCORD_PROXY_URL must be an http:// or https:// address, e.g. http://127.0.0.1:3000")
        })?),
        None => loaded.voice.profile.discord.proxy_url.clone(),
    };
    if slack_bot_token.is_some() && slack_signing_secret.is_none() {
        bail!(
            "SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET is not: Slack events cannot be verified without it"
        );
    }
    crate::bot::http::run(ServeConfig {
        listen: listen.unwrap_or(settings.listen),
        max_body_bytes: usize::try_from(settings.max_body_bytes).unwrap_or(usize::MAX),
        request_timeout: Duration::from_millis(settings.request_timeout_ms),
        slack_signing_secret,
        slack_bot_token,
        slack_api_url,
        mattermost_token,
        discord_public_key,
        discord_proxy_url,
        voice: loaded.voice,
    })?;
    Ok(0)
}

/// An environment variable that is set and not blank.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}
