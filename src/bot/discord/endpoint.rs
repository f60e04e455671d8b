//! Discord's interactions endpoint: the same `/tone`, "Check tone", draft form and review
//! buttons as the gateway bot, received as HTTP POSTs from Discord and answered in the HTTP
//! response. Each request is verified first with serenity's Ed25519 verifier against the
//! application's public key (`DISCORD_PUBLIC_KEY`); the answers are the gateway bot's own, so
//! a review reads the same either way.

use super::{Handler, no_pings};
use savy::Voice;
use serde_json::{Value, json};
use serenity::all::Interaction;
use serenity::interactions_endpoint::Verifier;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Said in place of files, which Discord does not take in an answer over HTTP.
const NO_FILES_OVER_HTTP: &str = "Part of this review is too long to show here, and Discord takes no files in an answer to its interactions endpoint: `savy check --fix` gives all of it.";

/// Verifies and answers Discord's HTTP interactions.
pub struct Endpoint {
    verifier: Verifier,
    handler: Handler,
}

/// The 32 bytes of `hex`, when it is exactly 64 hex digits.
fn hex_bytes<const N: usize>(hex: &[u8]) -> Option<[u8; N]> {
    if hex.len() != 2 * N {
        return None;
    }
    let digit = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = [0u8; N];
    for (i, pair) in hex.chunks_exact(2).enumerate() {
        out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

/// A signature's 64 bytes read as Python's `bytes.fromhex` reads them: pairs of hex digits of
/// either case, with ASCII whitespace between pairs (not inside one); PyNaCl then takes
/// exactly 64 bytes.
fn signature_from_hex(text: &[u8]) -> Option<[u8; 64]> {
    // Python's `isspace` for bytes; `u8::is_ascii_whitespace` leaves out the vertical tab.
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let digit = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = [0u8; 64];
    let mut len = 0;
    let mut rest = text;
    loop {
        while let [first, tail @ ..] = rest
            && space(first)
        {
            rest = tail;
        }
        let [high, low, tail @ ..] = rest else {
            // The end, or one digit without its pair.
            return (rest.is_empty() && len == out.len()).then_some(out);
        };
        *out.get_mut(len)? = digit(*high)? << 4 | digit(*low)?;
        len += 1;
        rest = tail;
    }
}

impl Endpoint {
    /// An endpoint for the application with `public_key` (64 hex digits, from the Developer
    /// Portal), reviewing against `voice`. Attachments are fetched through `proxy_url` when set.
    pub fn new(
        public_key: &str,
        voice: Arc<Voice>,
        proxy_url: Option<String>,
    ) -> Result<Endpoint, String> {
        let key = hex_bytes::<32>(public_key.trim().as_bytes())
            .ok_or("the Discord public key must be 64 hex digits")?;
        let verifier = Verifier::try_new(key).map_err(|_| "the Discord public key is not valid")?;
        let web = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|_| "the HTTP client could not start")?;
        let settings = voice.profile.discord.clone();
        Ok(Endpoint {
            verifier,
            handler: Handler {
                voice,
                settings,
                guild_id: None,
                proxy_url,
                web,
                bot_id: OnceLock::new(),
                registered: Default::default(),
            },
        })
    }

    /// Checks a request's `X-Signature-Ed25519` and `X-Signature-Timestamp` over its raw body;
    /// `Err` says why it was refused. The signature is read as Discord's Python example reads
    /// it ([`signature_from_hex`]), so the verdict is PyNaCl's on every request.
    pub fn verify(
        &self,
        signature: Option<&[u8]>,
        timestamp: Option<&[u8]>,
        body: &[u8],
    ) -> Result<(), &'static str> {
        let signature = signature.ok_or("missing-signature")?;
        let timestamp = timestamp.ok_or("missing-timestamp")?;
        let signature = signature_from_hex(signature).ok_or("malformed-signature")?;
        let timestamp = std::str::from_utf8(timestamp).map_err(|_| "malformed-timestamp")?;
        // serenity takes hex; what it gets is plain digits, so its own laxer parser (it
        // would take a `+` inside a pair) never matters.
        let hex: String = signature.iter().map(|b| format!("{b:02x}")).collect();
        self.verifier
            .verify(&hex, timestamp, body)
            .map_err(|()| "signature-mismatch")
    }

    /// Answers a verified interaction: what it was, for logs, and the JSON to send back.
    /// `Err` says why the body is not an interaction this endpoint answers.
    pub async fn answer(&self, body: &[u8]) -> Result<(&'static str, Value), &'static str> {
        let value: Value = serde_json::from_slice(body).map_err(|_| "not-json")?;
        if value.get("type").and_then(Value::as_u64) == Some(1) {
            return Ok(("ping", json!({ "type": 1 })));
        }
        let interaction: Interaction =
            serde_json::from_value(value).map_err(|_| "unknown-interaction")?;
        let (what, response) = match &interaction {
            Interaction::Command(c) => self.handler.command_response(c).await,
            Interaction::Modal(m) => ("draft form", self.handler.modal_response(m)),
            Interaction::Component(b) => self.handler.button_response(b).await,
            _ => return Err("unknown-interaction"),
        };
        let mut answer = serde_json::to_value(&response).map_err(|_| "unserializable")?;
        without_files(&mut answer);
        Ok((what, answer))
    }
}

/// Drops the files of an answer, saying so: Discord fails an HTTP answer that refers to
/// uploads it cannot carry.
fn without_files(answer: &mut Value) {
    let Some(data) = answer.get_mut("data").and_then(Value::as_object_mut) else {
        return;
    };
    let had_files = data
        .remove("attachments")
        .and_then(|a| a.as_array().map(|a| !a.is_empty()))
        .unwrap_or(false);
    if had_files {
        let content = data
            .get("content")
            .and_then(Value::as_str)
            .map_or_else(String::new, |c| format!("{c}\n\n"));
        data.insert(
            "content".into(),
            Value::String(format!("{content}{NO_FILES_OVER_HTTP}")),
        );
        // The answer's pings stay off whatever the content holds.
        data.insert(
            "allowed_mentions".into(),
            serde_json::to_value(no_pings()).unwrap_or_default(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_signatures_are_hex_of_the_right_length() {
        assert_eq!(hex_bytes::<2>(b"0aFf"), Some([0x0a, 0xff]));
        assert_eq!(hex_bytes::<2>(b"+aff"), None);
        assert_eq!(hex_bytes::<2>(b"0af"), None);
        assert_eq!(hex_bytes::<2>(b"0a f"), None);
        let hex: String = (0..64u8).map(|b| format!("{b:02x}")).collect();
        let bytes: [u8; 64] = std::array::from_fn(|i| i as u8);
        let spaced: String = hex
            .as_bytes()
            .chunks(2)
            .map(|pair| format!("{}\t \n\x0b\x0c\r", std::str::from_utf8(pair).unwrap()))
            .collect();
        for ok in [hex.clone(), hex.to_uppercase(), format!(" {hex} "), spaced] {
            assert_eq!(signature_from_hex(ok.as_bytes()), Some(bytes), "{ok:?}");
        }
        for bad in [
            format!("{} {}", &hex[..63], &hex[63..]),
            hex[..126].to_string(),
            format!("{hex}00"),
            format!("{hex}0"),
            hex[..127].to_string(),
            format!("+{}", &hex[1..]),
            format!("{}\u{a0}{}", &hex[..64], &hex[64..]),
            format!("{}\x1c{}", &hex[..64], &hex[64..]),
            format!("{}zz", &hex[..126]),
            String::new(),
        ] {
            assert_eq!(signature_from_hex(bad.as_bytes()), None, "{bad:?}");
        }
        let voice = Arc::new(Voice::bundled());
        assert!(Endpoint::new("zz", voice.clone(), None).is_err());
        let key = "67c6bd767ca099e79efac9fcce4d2022a63bf7dea780e7f3d813f694c1597089";
        let e = Endpoint::new(key, voice, None).unwrap();
        assert_eq!(e.verify(None, Some(b"1"), b""), Err("missing-signature"));
        assert_eq!(
            e.verify(Some(&[b'0'; 128]), None, b""),
            Err("missing-timestamp")
        );
        assert_eq!(
            e.verify(Some(&[b'0'; 127]), Some(b"1"), b""),
            Err("malformed-signature")
        );
        assert_eq!(
            e.verify(Some(&[b'0'; 128]), Some(b"1"), b""),
            Err("signature-mismatch")
        );
    }
}
