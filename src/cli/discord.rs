//! `savy discord`: gathers the bot's configuration from the environment and the profile, then
//! runs the bot. Errors never contain the token.

use super::config::Loaded;
use crate::bot::discord::{BotConfig, Token};
use anyhow::{Context, Result, bail};

/// An environment variable that is set and not blank.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Runs the bot until it is told to stop; returns the exit code.
pub fn run(loaded: Loaded) -> Result<u8> {
    let discord = &loaded.voice.profile.discord;
    let token = match (env("DISCORD_TOKEN"), &discord.token_file) {
        (Some(t), _) => Token::new(&t).map_err(|e| anyhow::anyhow!("DISCORD_TOKEN: {e}"))?,
        (None, Some(file)) => {
            let path = loaded.root.join(file);
            let text = std::fs::read_to_string(&path).with_context(|| {
                format!("cannot read the Discord token file {}", path.display())
            })?;
            Token::new(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
        (None, None) => bail!(
            "no Discord token: set DISCORD_TOKEN, or token_file under [discord] in {}",
            loaded
                .path
                .as_ref()
                .map_or("savy.toml".into(), |p| p.display().to_string())
        ),
    };
    let guild_id = match env("DISCORD_GUILD_ID") {
        None => None,
        Some(g) => match g.trim().parse::<u64>() {
            Ok(id) if id != 0 => Some(id),
            _ => bail!(
                "DISCORD_GUILD_ID must be a server id (digits), not `{}`",
                g.trim()
            ),
        },
    };
    let proxy_url = match env("DISCORD_PROXY_URL") {
        Some(url) => {
            let url = url.trim().to_string();
            if !savy::voice::is_http_url(&url) {
                bail!(
                    "DISCORD_PROXY_URL must be an http:// or https:// address, e.g. http://127.0.0.1:3000"
                );
            }
            Some(url)
        }
        None => discord.proxy_url.clone(),
    };
    crate::bot::discord::run(BotConfig {
        token,
        guild_id,
        proxy_url,
        voice: loaded.voice,
    })?;
    Ok(0)
}
