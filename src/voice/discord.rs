//! The `[discord]` table of a profile: how `savy discord` reaches Discord and which channels
//! check drafts as which kind, language or register.
//!
//! ```toml
//! [discord]
//! token_file = "discord-token"             # relative to savy.toml; DISCORD_TOKEN wins
//! proxy_url = "http://127.0.0.1:3000"      # DISCORD_PROXY_URL wins
//! max_draft_bytes = 65536
//!
//! [discord.channels."123456789012345678"]  # a billing channel
//! kind = "invoice"
//! [discord.channels."234567890123456789"]  # Finnish support, teitittely
//! lang = "fi"
//! register = "formal"
//! ```

use super::Register;
use crate::rules::SourceError;
use crate::text::{DocKind, Lang};
use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

/// The largest draft the bot checks by default: far above any message a person writes, low
/// enough that one pasted log file cannot keep the bot busy.
pub const DEFAULT_MAX_DRAFT_BYTES: u64 = 64 * 1024;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct DiscordSpec {
    token_file: Option<Spanned<String>>,
    proxy_url: Option<Spanned<String>>,
    max_draft_bytes: Option<Spanned<u64>>,
    #[serde(default)]
    channels: IndexMap<Spanned<String>, Spanned<ChannelSpec>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChannelSpec {
    kind: Option<DocKind>,
    lang: Option<Spanned<Lang>>,
    register: Option<Register>,
}

/// Settings for the Discord bot, from the profile's `[discord]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscordSettings {
    /// A file holding the bot token, relative to the profile's folder. The token itself never
    /// sits in the profile, so the profile can be shared and committed.
    pub token_file: Option<String>,
    /// Where Discord HTTP requests go instead of `https://discord.com` (an API proxy).
    pub proxy_url: Option<String>,
    /// The largest draft checked, in bytes (a message, a modal or a `.txt` attachment).
    pub max_draft_bytes: u64,
    /// Per-channel choices, by channel id.
    pub channels: Vec<(u64, ChannelSettings)>,
}

impl Default for DiscordSettings {
    fn default() -> Self {
        DiscordSettings {
            token_file: None,
            proxy_url: None,
            max_draft_bytes: DEFAULT_MAX_DRAFT_BYTES,
            channels: Vec::new(),
        }
    }
}

impl DiscordSettings {
    /// The choices for a channel; empty when the channel has none.
    pub fn channel(&self, id: u64) -> ChannelSettings {
        self.channels
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, s)| *s)
            .unwrap_or_default()
    }
}

/// How drafts in one channel are checked; `None` leaves the choice to the draft and profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChannelSettings {
    /// The document kind drafts in the channel are.
    pub kind: Option<DocKind>,
    /// The language drafts in the channel are written in.
    pub lang: Option<Lang>,
    /// The register drafts are checked against instead of the profile's for their kind.
    pub register: Option<Register>,
}

/// Whether `s` is a Discord id (a snowflake): decimal digits, not zero, within 64 bits.
fn snowflake(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|&id| id != 0)
}

/// Checks `[discord]` and turns it into settings; errors point at the offending key or value.
pub(super) fn settings(
    path: &str,
    source: &str,
    spec: DiscordSpec,
    languages: &[Lang],
) -> Result<DiscordSettings, SourceError> {
    let error = |span, message: String| SourceError::at(path, source, Some(span), message);
    if let Some(url) = &spec.proxy_url
        && !super::is_http_url(url.get_ref())
    {
        return Err(error(
            url.span(),
            "[discord] proxy_url must be an http:// or https:// address, e.g. http://127.0.0.1:3000".into(),
        ));
    }
    if let Some(file) = &spec.token_file
        && file.get_ref().trim().is_empty()
    {
        return Err(error(
            file.span(),
            "[discord] token_file is empty: name the file that holds the bot token".into(),
        ));
    }
    if let Some(max) = &spec.max_draft_bytes
        && *max.get_ref() == 0
    {
        return Err(error(
            max.span(),
            "[discord] max_draft_bytes must be more than 0".into(),
        ));
    }
    let mut channels: Vec<(u64, ChannelSettings)> = Vec::new();
    for (key, channel) in spec.channels {
        let Some(id) = snowflake(key.get_ref()) else {
            return Err(error(
                key.span(),
                format!(
                    "[discord.channels]: `{}` is not a channel id; copy the id from Discord (Developer Mode, then Copy Channel ID)",
                    key.get_ref()
                ),
            ));
        };
        let span = channel.span();
        let c = channel.into_inner();
        if c.kind.is_none() && c.lang.is_none() && c.register.is_none() {
            return Err(error(
                span,
                format!("[discord.channels.\"{id}\"] sets nothing: give kind, lang or register"),
            ));
        }
        if let Some(lang) = &c.lang
            && !languages.contains(lang.get_ref())
        {
            return Err(error(
                lang.span(),
                format!(
                    "[discord.channels.\"{id}\"]: lang `{}` is not among the profile's languages",
                    lang.get_ref()
                ),
            ));
        }
        channels.push((
            id,
            ChannelSettings {
                kind: c.kind,
                lang: c.lang.map(Spanned::into_inner),
                register: c.register,
            },
        ));
    }
    Ok(DiscordSettings {
        token_file: spec.token_file.map(Spanned::into_inner),
        proxy_url: spec.proxy_url.map(Spanned::into_inner),
        max_draft_bytes: spec
            .max_draft_bytes
            .map_or(DEFAULT_MAX_DRAFT_BYTES, Spanned::into_inner),
        channels,
    })
}

#[cfg(test)]
mod tests {
    use crate::text::{DocKind, Lang};
    use crate::voice::{Profile, Register};

    fn parse(src: &str) -> Result<Profile, String> {
        Profile::parse("savy.toml", src).map_err(|e| e.to_string())
    }

    #[test]
    fn discord_settings_are_read_with_channels_by_id() {
        let p = parse(
            "[discord]\ntoken_file = \"token\"\nproxy_url = \"http://127.0.0.1:3000\"\n\
             [discord.channels.\"123\"]\nkind = \"invoice\"\n\
             [discord.channels.\"456\"]\nlang = \"fi\"\nregister = \"formal\"\n",
        )
        .unwrap();
        let d = &p.discord;
        assert_eq!(d.token_file.as_deref(), Some("token"));
        assert_eq!(d.proxy_url.as_deref(), Some("http://127.0.0.1:3000"));
        assert_eq!(d.max_draft_bytes, super::DEFAULT_MAX_DRAFT_BYTES);
        assert_eq!(d.channel(123).kind, Some(DocKind::Invoice));
        assert_eq!(d.channel(456).lang, Some(Lang::Fi));
        assert_eq!(d.channel(456).register, Some(Register::Formal));
        assert_eq!(d.channel(789), Default::default());
        assert_eq!(parse("").unwrap().discord, Default::default());
    }

    #[test]
    fn discord_settings_errors_name_line_and_column() {
        let e = parse("[discord.channels.general]\nkind = \"reply\"\n").unwrap_err();
        assert!(
            e.starts_with("savy.toml:1:19:") && e.contains("`general` is not a channel id"),
            "{e}"
        );
        let e = parse("[discord.channels.\"12\"]\nkind = \"letter\"\n").unwrap_err();
        assert!(
            e.starts_with("savy.toml:2:8:") && e.contains("letter"),
            "{e}"
        );
        let e = parse("[discord]\nproxy_url = \"127.0.0.1:3000\"\n").unwrap_err();
        assert!(
            e.starts_with("savy.toml:2:13:") && e.contains("http://"),
            "{e}"
        );
        let e = parse("[discord]\ntoken = \"abc\"\n").unwrap_err();
        assert!(
            e.starts_with("savy.toml:2:1:") && e.contains("token") && !e.contains("abc"),
            "{e}"
        );
        let e =
            parse("languages = [\"en\"]\n[discord.channels.\"12\"]\nlang = \"fi\"\n").unwrap_err();
        assert!(
            e.starts_with("savy.toml:3:8:") && e.contains("languages"),
            "{e}"
        );
        let e = parse("[discord.channels.\"12\"]\n").unwrap_err();
        assert!(e.contains("sets nothing"), "{e}");
        let e = parse("[discord]\nmax_draft_bytes = 0\n").unwrap_err();
        assert!(e.starts_with("savy.toml:2:19:"), "{e}");
    }
}
