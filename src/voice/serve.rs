//! The `[serve]` table of a profile: where `savy serve` listens, the limits it keeps, and where
//! it reaches Slack. Secrets (Slack's signing secret and bot token, Discord's public key, the
//! Mattermost token) never sit here: they come from the environment or a file the profile
//! names, so the profile can be shared and committed.
//!
//! ```toml
//! [serve]
//! listen = "127.0.0.1:8080"                  # `savy serve --listen` wins
//! max_body_bytes = 65536                     # larger requests get 413
//! request_timeout_ms = 5000                  # slower requests get 408
//! slack_api_url = "https://slack.com/api"    # SLACK_API_URL wins
//! mattermost_token_file = "mattermost-token" # relative to savy.toml; MATTERMOST_TOKEN wins
//! ```

use crate::rules::SourceError;
use serde::Deserialize;
use std::net::SocketAddr;
use toml::Spanned;

/// The largest request body accepted by default: a long draft with room to spare.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 64 * 1024;
/// How long one request may take by default, reading its body included. Slack gives up on a
/// slash command after three seconds; no review comes near this.
pub const DEFAULT_REQUEST_TIMEOUT_MS: u64 = 5000;
/// Where the server listens by default: this machine only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// Where Slack's Web API answers by default.
pub const DEFAULT_SLACK_API_URL: &str = "https://slack.com/api";

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct ServeSpec {
    listen: Option<Spanned<String>>,
    max_body_bytes: Option<Spanned<u64>>,
    request_timeout_ms: Option<Spanned<u64>>,
    slack_api_url: Option<Spanned<String>>,
    mattermost_token_file: Option<Spanned<String>>,
}

/// Settings for the HTTP server, from the profile's `[serve]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeSettings {
    /// The address to listen on.
    pub listen: SocketAddr,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: u64,
    /// How long one request may take, in milliseconds.
    pub request_timeout_ms: u64,
    /// The base of Slack's Web API (`…/chat.postMessage` follows it), without a trailing `/`.
    pub slack_api_url: String,
    /// A file holding the Mattermost slash command's token, relative to the profile's folder.
    pub mattermost_token_file: Option<String>,
}

impl Default for ServeSettings {
    fn default() -> Self {
        ServeSettings {
            listen: DEFAULT_LISTEN.parse().expect("a valid address"),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            request_timeout_ms: DEFAULT_REQUEST_TIMEOUT_MS,
            slack_api_url: DEFAULT_SLACK_API_URL.into(),
            mattermost_token_file: None,
        }
    }
}

/// Checks `[serve]` and turns it into settings; errors point at the offending value.
pub(super) fn settings(
    path: &str,
    source: &str,
    spec: ServeSpec,
) -> Result<ServeSettings, SourceError> {
    let error = |span, message: &str| SourceError::at(path, source, Some(span), message);
    let mut out = ServeSettings::default();
    if let Some(listen) = spec.listen {
        out.listen = listen.get_ref().parse().map_err(|_| {
            error(
                listen.span(),
                "[serve] listen must be an address and port, e.g. 127.0.0.1:8080",
            )
        })?;
    }
    for (value, field, name) in [
        (
            spec.max_body_bytes,
            &mut out.max_body_bytes,
            "max_body_bytes",
        ),
        (
            spec.request_timeout_ms,
            &mut out.request_timeout_ms,
            "request_timeout_ms",
        ),
    ] {
        if let Some(v) = value {
            if *v.get_ref() == 0 {
                return Err(error(
                    v.span(),
                    &format!("[serve] {name} must be more than 0"),
                ));
            }
            *field = v.into_inner();
        }
    }
    if let Some(url) = spec.slack_api_url {
        out.slack_api_url = web_base(url.get_ref()).ok_or_else(|| {
            error(
                url.span(),
                "[serve] slack_api_url must be an http:// or https:// address, e.g. https://slack.com/api",
            )
        })?;
    }
    if let Some(file) = spec.mattermost_token_file {
        if file.get_ref().trim().is_empty() {
            return Err(error(
                file.span(),
                "[serve] mattermost_token_file is empty: name the file that holds the token",
            ));
        }
        out.mattermost_token_file = Some(file.into_inner());
    }
    Ok(out)
}

/// `url` without a trailing `/`, when it is an `http://` or `https://` address with a host.
pub fn web_base(url: &str) -> Option<String> {
    let url = url.trim();
    let has_host = url
        .split_once("://")
        .is_some_and(|(_, rest)| !rest.starts_with('/'));
    (super::is_http_url(url) && has_host).then(|| url.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use crate::voice::Profile;

    fn parse(src: &str) -> Result<Profile, String> {
        Profile::parse("savy.toml", src).map_err(|e| e.to_string())
    }

    #[test]
    fn serve_settings_are_read_with_defaults() {
        assert_eq!(parse("").unwrap().serve, Default::default());
        let p = parse(
            "[serve]\nlisten = \"0.0.0.0:9000\"\nmax_body_bytes = 1024\nrequest_timeout_ms = 250\n",
        )
        .unwrap();
        assert_eq!(p.serve.listen.to_string(), "0.0.0.0:9000");
        assert_eq!(p.serve.max_body_bytes, 1024);
        assert_eq!(p.serve.request_timeout_ms, 250);
        assert_eq!(p.serve.slack_api_url, "https://slack.com/api");
        let p = parse(
            "[serve]\nslack_api_url = \"http://127.0.0.1:9/api/\"\nmattermost_token_file = \"mm\"\n",
        )
        .unwrap();
        assert_eq!(p.serve.slack_api_url, "http://127.0.0.1:9/api");
        assert_eq!(p.serve.mattermost_token_file.as_deref(), Some("mm"));
    }

    #[test]
    fn serve_settings_errors_name_line_and_column() {
        let e = parse("[serve]\nlisten = \"localhost\"\n").unwrap_err();
        assert!(
            e.starts_with("savy.toml:2:10:") && e.contains("127.0.0.1:8080"),
            "{e}"
        );
        let e = parse("[serve]\nmax_body_bytes = 0\n").unwrap_err();
        assert!(e.starts_with("savy.toml:2:18:"), "{e}");
        let e = parse("[serve]\nslack_api_url = \"slack.com\"\n").unwrap_err();
        assert!(e.starts_with("savy.toml:2:17:"), "{e}");
        let e = parse("[serve]\nmattermost_token_file = \" \"\n").unwrap_err();
        assert!(e.starts_with("savy.toml:2:25:"), "{e}");
        let e = parse("[serve]\nsigning_secret = \"s3cret\"\n").unwrap_err();
        assert!(e.contains("signing_secret") && !e.contains("s3cret"), "{e}");
    }
}
