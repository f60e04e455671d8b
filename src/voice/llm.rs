//! The `[llm]` table of a profile: whether `savy check --rewrite llm` may send drafts to a
//! language model, and which one. Off unless the profile turns it on: a draft holds a
//! customer's personal data, and it leaves the machine only when the company has said so.
//! The API key never sits here: it comes from the environment or a file, so the profile can be
//! shared and committed.
//!
//! ```toml
//! [llm]
//! enabled = true                        # drafts may be sent; off by default
//! url = "https://api.openai.com/v1"     # an OpenAI-compatible API; SAVY_LLM_URL wins
//! model = "gpt-4o-mini"                 # SAVY_LLM_MODEL wins
//! key_file = "secrets/llm-key"          # relative to savy.toml; SAVY_LLM_API_KEY wins
//! timeout_ms = 30000                    # per draft; slower answers fall back to the rules
//! max_draft_bytes = 32768               # longer drafts are not sent
//! ```

use super::is_http_url;
use crate::rules::SourceError;
use serde::Deserialize;
use toml::Spanned;

/// How long one rewrite may take by default, the answer included: models take seconds.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// The longest draft sent by default: a long email, well within any model's context.
pub const DEFAULT_MAX_DRAFT_BYTES: u64 = 32 * 1024;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct LlmSpec {
    enabled: Option<bool>,
    url: Option<Spanned<String>>,
    model: Option<Spanned<String>>,
    key_file: Option<Spanned<String>>,
    timeout_ms: Option<Spanned<u64>>,
    max_draft_bytes: Option<Spanned<u64>>,
}

/// Settings for the language-model rewrite, from the profile's `[llm]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmSettings {
    /// Whether drafts may be sent at all.
    pub enabled: bool,
    /// The API's address: its base (`…/v1`) or its `…/chat/completions` endpoint.
    pub url: Option<String>,
    /// The model to ask.
    pub model: Option<String>,
    /// A file holding the API key, relative to the profile's folder.
    pub key_file: Option<String>,
    /// How long one rewrite may take, in milliseconds.
    pub timeout_ms: u64,
    /// The longest draft sent, in bytes.
    pub max_draft_bytes: u64,
}

impl Default for LlmSettings {
    fn default() -> Self {
        LlmSettings {
            enabled: false,
            url: None,
            model: None,
            key_file: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_draft_bytes: DEFAULT_MAX_DRAFT_BYTES,
        }
    }
}

/// Checks `[llm]` and turns it into settings; errors point at the offending value.
pub(super) fn settings(
    path: &str,
    source: &str,
    spec: LlmSpec,
) -> Result<LlmSettings, SourceError> {
    let error = |span, message: &str| SourceError::at(path, source, Some(span), message);
    if let Some(url) = &spec.url
        && !is_http_url(url.get_ref())
    {
        return Err(error(
            url.span(),
            "[llm] url must be an http:// or https:// address, e.g. https://api.openai.com/v1",
        ));
    }
    for (value, name) in [(&spec.model, "model"), (&spec.key_file, "key_file")] {
        if let Some(v) = value
            && v.get_ref().trim().is_empty()
        {
            return Err(error(v.span(), &format!("[llm] {name} is empty")));
        }
    }
    let mut out = LlmSettings {
        enabled: spec.enabled.unwrap_or(false),
        url: spec.url.map(Spanned::into_inner),
        model: spec.model.map(|m| m.into_inner().trim().to_string()),
        key_file: spec.key_file.map(Spanned::into_inner),
        ..LlmSettings::default()
    };
    for (value, field, name) in [
        (spec.timeout_ms, &mut out.timeout_ms, "timeout_ms"),
        (
            spec.max_draft_bytes,
            &mut out.max_draft_bytes,
            "max_draft_bytes",
        ),
    ] {
        if let Some(v) = value {
            if *v.get_ref() == 0 {
                return Err(error(
                    v.span(),
                    &format!("[llm] {name} must be more than 0"),
                ));
            }
            *field = v.into_inner();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::voice::Profile;

    fn parse(src: &str) -> Result<Profile, String> {
        Profile::parse("savy.toml", src).map_err(|e| e.to_string())
    }

    #[test]
    fn llm_settings_are_off_by_default_and_read_when_given() {
        let p = parse("").unwrap();
        assert_eq!(p.llm, Default::default());
        assert!(!p.llm.enabled);
        let p = parse(
            "[llm]\nenabled = true\nurl = \"http://127.0.0.1:8000/v1\"\nmodel = \"local\"\n\
             key_file = \"key\"\ntimeout_ms = 500\nmax_draft_bytes = 100\n",
        )
        .unwrap();
        assert!(p.llm.enabled);
        assert_eq!(p.llm.url.as_deref(), Some("http://127.0.0.1:8000/v1"));
        assert_eq!(p.llm.model.as_deref(), Some("local"));
        assert_eq!(p.llm.key_file.as_deref(), Some("key"));
        assert_eq!((p.llm.timeout_ms, p.llm.max_draft_bytes), (500, 100));
        // Settings without `enabled` send nothing.
        assert!(!parse("[llm]\nmodel = \"m\"\n").unwrap().llm.enabled);
    }

    #[test]
    fn llm_settings_errors_name_line_and_column_and_never_echo_a_key() {
        let e = parse("[llm]\nurl = \"api.openai.com\"\n").unwrap_err();
        assert!(
            e.starts_with("savy.toml:2:7:") && e.contains("https://api.openai.com/v1"),
            "{e}"
        );
        let e = parse("[llm]\ntimeout_ms = 0\n").unwrap_err();
        assert!(e.starts_with("savy.toml:2:14:"), "{e}");
        let e = parse("[llm]\nmodel = \" \"\n").unwrap_err();
        assert!(
            e.starts_with("savy.toml:2:9:") && e.contains("model"),
            "{e}"
        );
        let e = parse("[llm]\napi_key = \"sk-secret\"\n").unwrap_err();
        assert!(
            e.starts_with("savy.toml:2:1:") && e.contains("api_key") && !e.contains("sk-secret"),
            "{e}"
        );
        let e = parse("[llm]\nenabled = \"yes\"\n").unwrap_err();
        assert!(e.starts_with("savy.toml:2:11:"), "{e}");
    }
}
