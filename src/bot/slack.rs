//! Slack: verifying that a request comes from Slack, and answering the `/tone` slash command.
//! The HTTP server ([`super::http`]) reads the body, asks [`verify`] before anything else
//! touches it, then hands the form to [`command_reply`].

use hmac::{Hmac, Mac};
use savy::report::slack::{SlackMessage, render_slack, render_slack_help};
use savy::{Review, Voice};
use sha2::Sha256;
use std::fmt;

/// How far a request's timestamp may be from our clock, either way, in seconds: Slack's
/// five minutes. Older requests could be replays; newer ones cannot be real.
pub const MAX_CLOCK_SKEW_SECS: i64 = 5 * 60;

/// Slack's signing secret. Its `Debug` never shows it.
pub struct SigningSecret(Vec<u8>);

impl SigningSecret {
    /// Wraps a secret; surrounding whitespace (a trailing newline) is dropped.
    pub fn new(secret: &str) -> Result<SigningSecret, String> {
        let s = secret.trim();
        if s.is_empty() {
            return Err("the Slack signing secret is empty".into());
        }
        Ok(SigningSecret(s.as_bytes().to_vec()))
    }
}

impl fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningSecret(<hidden>)")
    }
}

/// Why a request's signature was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    /// No `X-Slack-Request-Timestamp`.
    MissingTimestamp,
    /// A timestamp that is not whole seconds since 1970.
    MalformedTimestamp,
    /// Older than five minutes.
    Stale,
    /// More than five minutes ahead of our clock.
    Future,
    /// No `X-Slack-Signature`.
    MissingSignature,
    /// A signature that is not `v0=` and 64 lower-case hex digits.
    MalformedSignature,
    /// The signature does not match the body.
    Mismatch,
}

impl SignatureError {
    /// A short id for logs.
    pub fn id(self) -> &'static str {
        match self {
            SignatureError::MissingTimestamp => "missing-timestamp",
            SignatureError::MalformedTimestamp => "malformed-timestamp",
            SignatureError::Stale => "stale-timestamp",
            SignatureError::Future => "future-timestamp",
            SignatureError::MissingSignature => "missing-signature",
            SignatureError::MalformedSignature => "malformed-signature",
            SignatureError::Mismatch => "signature-mismatch",
        }
    }
}

/// The 32 bytes of a `v0=` signature written in lower-case hex (Slack's form; anything else
/// is refused, as Slack's own SDK refuses it).
fn decode_signature(signature: &str) -> Option<[u8; 32]> {
    let hex = signature.strip_prefix("v0=")?.as_bytes();
    if hex.len() != 64 {
        return None;
    }
    let digit = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (i, pair) in hex.chunks_exact(2).enumerate() {
        out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

/// Checks Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing
/// secret, compared in constant time, with the timestamp within five minutes of `now` (Unix
/// seconds) either way. `timestamp` and `signature` are the headers as received.
pub fn verify(
    secret: &SigningSecret,
    timestamp: Option<&[u8]>,
    signature: Option<&[u8]>,
    body: &[u8],
    now: i64,
) -> Result<(), SignatureError> {
    let timestamp = timestamp.ok_or(SignatureError::MissingTimestamp)?;
    let seconds: i64 = std::str::from_utf8(timestamp)
        .ok()
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|t| t.parse().ok())
        .ok_or(SignatureError::MalformedTimestamp)?;
    if now - seconds > MAX_CLOCK_SKEW_SECS {
        return Err(SignatureError::Stale);
    }
    if seconds - now > MAX_CLOCK_SKEW_SECS {
        return Err(SignatureError::Future);
    }
    let signature = signature.ok_or(SignatureError::MissingSignature)?;
    let expected = std::str::from_utf8(signature)
        .ok()
        .and_then(decode_signature)
        .ok_or(SignatureError::MalformedSignature)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&secret.0).expect("HMAC takes keys of any size");
    mac.update(b"v0:");
    mac.update(timestamp);
    mac.update(b":");
    mac.update(body);
    mac.verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// What the server does with a slash command, for its log and metrics.
#[derive(Debug)]
pub enum CommandReply {
    /// Usage help: `/tone help`, or no draft.
    Help(SlackMessage),
    /// A reviewed draft.
    Review {
        /// The message to answer with.
        message: SlackMessage,
        /// The review, for metrics (rule ids only).
        review: Review,
        /// The draft's size in bytes.
        bytes: usize,
    },
    /// Slack checking that the URL answers over TLS (`ssl_check=1`): an empty 200.
    SslCheck,
}

/// Answers a verified slash command, given its form fields. Checking is CPU work: call it
/// where blocking is allowed.
pub fn command_reply(voice: &Voice, form: &[u8]) -> CommandReply {
    let mut text = String::new();
    let mut command = String::from("/tone");
    for (key, value) in form_urlencoded::parse(form) {
        match key.as_ref() {
            "text" => text = value.into_owned(),
            "command" if value.starts_with('/') => command = value.into_owned(),
            "ssl_check" if value == "1" => return CommandReply::SslCheck,
            _ => {}
        }
    }
    if savy::text::is_blank(&text) || text.trim().eq_ignore_ascii_case("help") {
        return CommandReply::Help(render_slack_help(&command));
    }
    let profile = &voice.profile;
    let kind = profile.default_kind;
    let house = kind.and_then(|k| profile.register_for(k));
    let review = voice.review(&text, None, kind, true);
    CommandReply::Review {
        message: render_slack(&review, &text, house),
        bytes: text.len(),
        review,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";

    fn sign(secret: &str, timestamp: &str, body: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("v0:{timestamp}:").as_bytes());
        mac.update(body);
        let bytes = mac.finalize().into_bytes();
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!("v0={hex}")
    }

    fn check(
        ts: Option<&str>,
        sig: Option<&str>,
        body: &[u8],
        now: i64,
    ) -> Result<(), SignatureError> {
        let secret = SigningSecret::new(SECRET).unwrap();
        verify(
            &secret,
            ts.map(str::as_bytes),
            sig.map(str::as_bytes),
            body,
            now,
        )
    }

    #[test]
    fn slacks_documented_example_verifies() {
        // The example from Slack's guide to verifying requests.
        let body = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        let sig = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
        assert_eq!(
            check(Some("1531420618"), Some(sig), body, 1_531_420_618),
            Ok(())
        );
        assert_eq!(sign(SECRET, "1531420618", body), sig);
    }

    #[test]
    fn the_window_is_five_minutes_either_way() {
        let body = b"text=hi";
        let at = |ts: i64, now: i64| {
            let ts = ts.to_string();
            check(Some(&ts), Some(&sign(SECRET, &ts, body)), body, now)
        };
        assert_eq!(at(1000, 1300), Ok(()));
        assert_eq!(at(1000, 1301), Err(SignatureError::Stale));
        assert_eq!(at(1300, 1000), Ok(()));
        assert_eq!(at(1301, 1000), Err(SignatureError::Future));
    }

    #[test]
    fn anything_else_is_refused_with_its_reason() {
        let body = b"text=hi";
        let good = sign(SECRET, "1000", body);
        assert_eq!(
            check(None, Some(&good), body, 1000),
            Err(SignatureError::MissingTimestamp)
        );
        for ts in [
            "",
            "-5",
            "+1000",
            " 1000",
            "10.5",
            "x",
            "99999999999999999999999",
        ] {
            assert_eq!(
                check(Some(ts), Some(&good), body, 1000),
                Err(SignatureError::MalformedTimestamp),
                "{ts:?}"
            );
        }
        assert_eq!(
            check(Some("1000"), None, body, 1000),
            Err(SignatureError::MissingSignature)
        );
        for sig in [
            good.to_uppercase().replacen("V0=", "v0=", 1),
            good.replacen("v0=", "v1=", 1),
            good[..good.len() - 1].to_string(),
            format!("{good}0"),
            String::new(),
        ] {
            assert_eq!(
                check(Some("1000"), Some(&sig), body, 1000),
                Err(SignatureError::MalformedSignature),
                "{sig:?}"
            );
        }
        assert_eq!(
            check(Some("1000"), Some(&good), b"text=hI", 1000),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            check(Some("1001"), Some(&good), body, 1000),
            Err(SignatureError::Mismatch)
        );
        let other = sign("another secret", "1000", body);
        assert_eq!(
            check(Some("1000"), Some(&other), body, 1000),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn the_secret_is_never_shown() {
        let s = SigningSecret::new(" abc\n").unwrap();
        assert_eq!(format!("{s:?}"), "SigningSecret(<hidden>)");
        assert!(SigningSecret::new("  ").is_err());
    }

    #[test]
    fn commands_review_drafts_and_help_without_one() {
        let voice = Voice::bundled();
        let help = |form: &str| {
            matches!(
                command_reply(&voice, form.as_bytes()),
                CommandReply::Help(_)
            )
        };
        assert!(help("command=%2Ftone&text="));
        assert!(help("command=%2Ftone&text=+help+"));
        assert!(help("command=%2Ftone"));
        assert!(matches!(
            command_reply(&voice, b"ssl_check=1&token=x"),
            CommandReply::SslCheck
        ));
        let CommandReply::Review {
            review,
            bytes,
            message,
        } = command_reply(
            &voice,
            b"command=%2Ftone&text=As+per+my+last+email%2C+the+refund+takes+14+days.",
        )
        else {
            panic!("a review");
        };
        assert_eq!(
            bytes,
            "As per my last email, the refund takes 14 days.".len()
        );
        assert!(!review.findings.is_empty());
        assert_eq!(message.response_type, "ephemeral");
    }
}
