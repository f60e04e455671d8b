//! Slack: verifying that a request comes from Slack, and deciding what to answer: the `/tone`
//! slash command ([`command_reply`]), the Events API ([`event_action`]: mentions and direct
//! messages, answered in a thread), the "Check tone" message shortcut ([`interaction_action`]),
//! and the same slash command from Mattermost ([`mattermost_reply`]), which proves itself with a
//! token instead of a signature. The HTTP server ([`super::http`]) reads the body, asks
//! [`verify`] (or [`MattermostToken::matches`]) before anything else touches it, then hands the
//! body here; [`web`] sends what cannot be the HTTP answer itself.

use hmac::{Hmac, Mac};
use savy::report::discord::render_markdown;
use savy::report::slack::{
    Block, SlackMessage, render_slack, render_slack_help, render_slack_note,
};
use savy::{Review, Voice};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{HashSet, VecDeque};
use std::fmt;

pub mod web;

/// The callback id of the "Check tone" message shortcut, as set up in the Slack app.
pub const CHECK_TONE_CALLBACK: &str = "check_tone";
/// Mattermost refuses posts longer than this many characters.
const MATTERMOST_MAX_CHARS: usize = 16_383;

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
    /// A timestamp that is not a number as Slack's SDK reads one (see [`read_timestamp`]).
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

/// Python's default limit on the digits `int()` reads (`sys.get_int_max_str_digits()`).
const PYTHON_INT_MAX_STR_DIGITS: usize = 4300;

/// The code points of the digit zero of every script: Unicode's decimal digits (category Nd,
/// as of Unicode 15.1, Python 3.13's) come in runs of ten, zero to nine.
const DIGIT_ZEROS: [u32; 68] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950,
    0x1FBF0,
];

/// The value of a decimal digit of any script.
fn digit_value(c: char) -> Option<u8> {
    let c = u32::from(c);
    let run = DIGIT_ZEROS
        .partition_point(|&zero| zero <= c)
        .checked_sub(1)?;
    let value = c - DIGIT_ZEROS[run];
    (value < 10).then_some(value as u8)
}

/// A timestamp read as Slack's Python SDK reads it, with `int()`: surrounding whitespace,
/// a sign, decimal digits of any script and single underscores between digits, at most
/// Python's 4,300 digits. Slack itself sends plain digits; reading what its SDK reads keeps
/// our verdicts equal to the SDK's, and costs nothing, since the HMAC covers the header as
/// received. Values beyond `i64` saturate: they are outside the window either way.
pub fn read_timestamp(text: &str) -> Option<i64> {
    // `trim` drops Unicode's White_Space, the very characters `int()` drops (`str.strip`
    // would also drop U+001C..U+001F, which `int()` refuses).
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mut value, mut count, mut after_digit) = (0i64, 0usize, false);
    for c in digits.chars() {
        if c == '_' {
            // Only between two digits.
            if !after_digit {
                return None;
            }
            after_digit = false;
            continue;
        }
        let digit = digit_value(c)?;
        count += 1;
        if count > PYTHON_INT_MAX_STR_DIGITS {
            return None;
        }
        value = value.saturating_mul(10).saturating_add(i64::from(digit));
        after_digit = true;
    }
    // Also refuses no digits at all, and a trailing underscore.
    if !after_digit {
        return None;
    }
    Some(if negative { -value } else { value })
}

/// Checks Slack's v0 signature as Slack's Python SDK does (`SignatureVerifier.is_valid`):
/// HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret, compared in constant time,
/// with the timestamp ([`read_timestamp`]) within five minutes of `now` (Unix seconds) either
/// way. `timestamp` and `signature` are the headers as received.
pub fn verify(
    secret: &SigningSecret,
    timestamp: Option<&[u8]>,
    signature: Option<&[u8]>,
    body: &[u8],
    now: i64,
) -> Result<(), SignatureError> {
    let timestamp = timestamp.ok_or(SignatureError::MissingTimestamp)?;
    let seconds = std::str::from_utf8(timestamp)
        .ok()
        .and_then(read_timestamp)
        .ok_or(SignatureError::MalformedTimestamp)?;
    // In i128: a saturated timestamp minus `now` would overflow i64.
    let ahead = i128::from(seconds) - i128::from(now);
    if -ahead > i128::from(MAX_CLOCK_SKEW_SECS) {
        return Err(SignatureError::Stale);
    }
    if ahead > i128::from(MAX_CLOCK_SKEW_SECS) {
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

/// The fields of a slash command that matter here.
struct SlashCommand {
    text: String,
    command: String,
    ssl_check: bool,
}

fn slash_command(form: &[u8]) -> SlashCommand {
    let mut out = SlashCommand {
        text: String::new(),
        command: String::from("/tone"),
        ssl_check: false,
    };
    for (key, value) in form_urlencoded::parse(form) {
        match key.as_ref() {
            "text" => out.text = value.into_owned(),
            "command" if value.starts_with('/') => out.command = value.into_owned(),
            "ssl_check" if value == "1" => out.ssl_check = true,
            _ => {}
        }
    }
    out
}

/// Whether a command's text asks for usage rather than a review.
fn wants_help(text: &str) -> bool {
    savy::text::is_blank(text) || text.trim().eq_ignore_ascii_case("help")
}

/// Reviews a draft against the profile's default kind and its house register. Checking is CPU
/// work: call it where blocking is allowed.
fn review_draft(voice: &Voice, text: &str) -> (Review, Option<savy::Register>) {
    let profile = &voice.profile;
    let kind = profile.default_kind;
    let house = kind.and_then(|k| profile.register_for(k));
    (voice.review(text, None, kind, true), house)
}

/// Answers a verified slash command, given its form fields. Checking is CPU work: call it
/// where blocking is allowed.
pub fn command_reply(voice: &Voice, form: &[u8]) -> CommandReply {
    let SlashCommand {
        text,
        command,
        ssl_check,
    } = slash_command(form);
    if ssl_check {
        return CommandReply::SslCheck;
    }
    if wants_help(&text) {
        return CommandReply::Help(render_slack_help(&command));
    }
    let (review, house) = review_draft(voice, &text);
    CommandReply::Review {
        message: render_slack(&review, &text, house),
        bytes: text.len(),
        review,
    }
}

/// Slack's bot token (`xoxb-…`), for the Web API. Its `Debug` never shows it.
pub struct BotToken(String);

impl BotToken {
    /// Wraps a token; surrounding whitespace is dropped. It goes into a header, so spaces and
    /// control characters inside are refused.
    pub fn new(token: &str) -> Result<BotToken, String> {
        let t = token.trim();
        if t.is_empty() {
            return Err("the Slack bot token is empty".into());
        }
        if !t.bytes().all(|b| b.is_ascii_graphic()) {
            return Err("the Slack bot token contains spaces or characters a token cannot".into());
        }
        Ok(BotToken(t.to_string()))
    }
}

impl fmt::Debug for BotToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BotToken(<hidden>)")
    }
}

/// The text of a Slack message as written: Slack escapes `&`, `<` and `>` in what it sends.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// What to do with a verified Events API request.
#[derive(Debug, PartialEq, Eq)]
pub enum EventAction {
    /// `url_verification`: answer with the challenge.
    Challenge(String),
    /// A draft for the bot: review it and reply in its thread.
    Reply {
        /// What identifies the event across Slack's retries: its `event_id`.
        key: String,
        /// Where the draft was written.
        channel: String,
        /// The thread to reply in: the draft's own, or the draft's message.
        thread_ts: String,
        /// The draft, without mentions of the bot.
        draft: String,
        /// `mention` or `dm`, for logs.
        origin: &'static str,
    },
    /// Nothing to do; why, for logs.
    Ignore(&'static str),
}

/// Decides what an Events API request asks for. `Err` for a body that is not an event.
pub fn event_action(body: &[u8]) -> Result<EventAction, &'static str> {
    let v: Value = serde_json::from_slice(body).map_err(|_| "not-json")?;
    let str_of = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
    match v.get("type").and_then(Value::as_str) {
        Some("url_verification") => {
            return str_of(&v, "challenge")
                .map(EventAction::Challenge)
                .ok_or("no-challenge");
        }
        Some("event_callback") => {}
        _ => return Ok(EventAction::Ignore("not-an-event")),
    }
    let event = v.get("event").ok_or("no-event")?;
    let origin = match (
        event.get("type").and_then(Value::as_str),
        event.get("channel_type").and_then(Value::as_str),
    ) {
        (Some("app_mention"), _) => "mention",
        (Some("message"), Some("im")) => "dm",
        _ => return Ok(EventAction::Ignore("other-event")),
    };
    // Bots, the bot itself included, and edits, joins and deletions carry no new draft.
    if event.get("bot_id").is_some_and(|b| !b.is_null())
        || event.get("subtype").and_then(Value::as_str) == Some("bot_message")
    {
        return Ok(EventAction::Ignore("bot-message"));
    }
    if event.get("subtype").is_some_and(|s| !s.is_null()) {
        return Ok(EventAction::Ignore("message-subtype"));
    }
    // The users the app acts as in this workspace: the bot's own messages never get a review.
    let own: Vec<&str> = v
        .get("authorizations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("user_id").and_then(Value::as_str))
        .collect();
    let Some(user) = event.get("user").and_then(Value::as_str) else {
        return Ok(EventAction::Ignore("no-user"));
    };
    if own.contains(&user) {
        return Ok(EventAction::Ignore("own-message"));
    }
    let channel = str_of(event, "channel").ok_or("no-channel")?;
    let ts = str_of(event, "ts").ok_or("no-ts")?;
    let thread_ts = str_of(event, "thread_ts").unwrap_or_else(|| ts.clone());
    let mut text = str_of(event, "text").unwrap_or_default();
    for id in &own {
        text = text.replace(&format!("<@{id}>"), "");
    }
    let key = str_of(&v, "event_id").unwrap_or_else(|| format!("{channel}:{ts}"));
    Ok(EventAction::Reply {
        key,
        channel,
        thread_ts,
        draft: unescape(text.trim()),
        origin,
    })
}

/// A reply in a thread, as `chat.postMessage` takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreadReply {
    /// The channel (or DM) of the draft.
    pub channel: String,
    /// The thread to reply in.
    pub thread_ts: String,
    /// Plain text for notifications.
    pub text: String,
    /// The review's blocks.
    pub blocks: Vec<Block>,
    /// A draft's links are not previewed under its review.
    pub unfurl_links: bool,
    /// Nor its media.
    pub unfurl_media: bool,
}

/// The reply to a draft sent in a mention or a DM, and the review when there was a draft.
/// Checking is CPU work: call it where blocking is allowed.
pub fn thread_reply(
    voice: &Voice,
    channel: String,
    thread_ts: String,
    draft: &str,
) -> (ThreadReply, Option<Review>) {
    let (message, review) = if savy::text::is_blank(draft) {
        let note = render_slack_note(
            "Send me the customer message you are about to send, in a DM or after mentioning me, and I will review its tone in a thread. `/tone [your draft]` shows the review only to you.",
        );
        (note, None)
    } else {
        let (review, house) = review_draft(voice, draft);
        (render_slack(&review, draft, house), Some(review))
    };
    let reply = ThreadReply {
        channel,
        thread_ts,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
    };
    (reply, review)
}

/// Event ids already answered, the oldest forgotten first: Slack retries an event it thinks
/// went unanswered, and a retry must not get a second reply.
#[derive(Debug)]
pub struct RecentEvents {
    capacity: usize,
    order: VecDeque<String>,
    seen: HashSet<String>,
}

impl RecentEvents {
    /// Remembers at most `capacity` events.
    pub fn new(capacity: usize) -> RecentEvents {
        RecentEvents {
            capacity: capacity.max(1),
            order: VecDeque::new(),
            seen: HashSet::new(),
        }
    }

    /// Whether `key` is new; it is remembered from now on.
    pub fn first_time(&mut self, key: &str) -> bool {
        if self.seen.contains(key) {
            return false;
        }
        if self.order.len() == self.capacity
            && let Some(old) = self.order.pop_front()
        {
            self.seen.remove(&old);
        }
        self.order.push_back(key.to_string());
        self.seen.insert(key.to_string());
        true
    }
}

/// What to do with a verified interaction (a shortcut, a button).
#[derive(Debug, PartialEq, Eq)]
pub enum InteractionAction {
    /// "Check tone" on a message: review its text and send the review to `response_url`.
    CheckMessage {
        /// Where the ephemeral review goes.
        response_url: String,
        /// The message's text.
        draft: String,
    },
    /// Nothing to do; why, for logs.
    Ignore(&'static str),
}

/// Decides what an interaction asks for, from its form body (a `payload` field of JSON).
pub fn interaction_action(form: &[u8]) -> Result<InteractionAction, &'static str> {
    let payload = form_urlencoded::parse(form)
        .find(|(k, _)| k == "payload")
        .map(|(_, v)| v)
        .ok_or("no-payload")?;
    let v: Value = serde_json::from_str(&payload).map_err(|_| "not-json")?;
    if v.get("type").and_then(Value::as_str) != Some("message_action") {
        return Ok(InteractionAction::Ignore("other-interaction"));
    }
    if v.get("callback_id").and_then(Value::as_str) != Some(CHECK_TONE_CALLBACK) {
        return Ok(InteractionAction::Ignore("unknown-callback"));
    }
    let response_url = v
        .get("response_url")
        .and_then(Value::as_str)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .ok_or("no-response-url")?
        .to_string();
    let text = v
        .pointer("/message/text")
        .and_then(Value::as_str)
        .unwrap_or("");
    Ok(InteractionAction::CheckMessage {
        response_url,
        draft: unescape(text.trim()),
    })
}

/// The ephemeral answer to "Check tone", and the review when the message had text. Checking
/// is CPU work: call it where blocking is allowed.
pub fn shortcut_reply(voice: &Voice, draft: &str) -> (SlackMessage, Option<Review>) {
    if savy::text::is_blank(draft) {
        return (
            render_slack_note("That message has no text to check."),
            None,
        );
    }
    let (review, house) = review_draft(voice, draft);
    (render_slack(&review, draft, house), Some(review))
}

/// The token Mattermost sends with a slash command. Its `Debug` never shows it.
pub struct MattermostToken([u8; 32]);

impl MattermostToken {
    /// Wraps a token; surrounding whitespace is dropped.
    pub fn new(token: &str) -> Result<MattermostToken, String> {
        let t = token.trim();
        if t.is_empty() {
            return Err("the Mattermost token is empty".into());
        }
        Ok(MattermostToken(Sha256::digest(t.as_bytes()).into()))
    }

    /// Whether `given` is the token, compared in constant time. Digests are compared, so
    /// neither the token's length nor where a guess goes wrong shows in the time taken.
    pub fn matches(&self, given: &[u8]) -> bool {
        let given: [u8; 32] = Sha256::digest(given).into();
        self.0
            .iter()
            .zip(given)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

impl fmt::Debug for MattermostToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MattermostToken(<hidden>)")
    }
}

/// The `token` field of a Mattermost slash command's form.
pub fn mattermost_token_of(form: &[u8]) -> Option<String> {
    form_urlencoded::parse(form)
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
}

/// A Mattermost slash command answer: Markdown, shown only to the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MattermostMessage {
    /// `ephemeral`.
    pub response_type: &'static str,
    /// The review as Markdown.
    pub text: String,
}

/// Answers a Mattermost slash command (already checked for its token), given its form
/// fields, and the review when there was a draft. Checking is CPU work: call it where
/// blocking is allowed.
pub fn mattermost_reply(voice: &Voice, form: &[u8]) -> (MattermostMessage, Option<Review>) {
    let SlashCommand { text, command, .. } = slash_command(form);
    let (markdown, review) = if wants_help(&text) {
        let help = format!(
            "**{command}** checks the tone of a customer message before you send it, against the house voice.\n\n\
             * `{command} [your draft]` reviews a draft: what to change and why, how it addresses the reader, and a suggested version to copy.\n\
             * `{command} help` shows this.\n\n\
             Only you see the review, and the draft is not stored."
        );
        (help, None)
    } else {
        let (review, house) = review_draft(voice, &text);
        (render_markdown(&review, &text, house), Some(review))
    };
    let message = MattermostMessage {
        response_type: "ephemeral",
        text: savy::report::discord::truncate_chars(&markdown, MATTERMOST_MAX_CHARS),
    };
    (message, review)
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
        for ts in ["", "10.5", "x", "1000x", "1__000", "0x10"] {
            assert_eq!(
                check(Some(ts), Some(&good), body, 1000),
                Err(SignatureError::MalformedTimestamp),
                "{ts:?}"
            );
        }
        assert_eq!(
            check(Some("-5"), Some(&good), body, 1000),
            Err(SignatureError::Stale)
        );
        // Signed over the header as sent, not over the number read from it.
        assert_eq!(
            check(Some("+1000"), Some(&good), body, 1000),
            Err(SignatureError::Mismatch)
        );
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
    fn timestamps_are_read_as_pythons_int_reads_them() {
        for (text, value) in [
            ("1700000000", 1_700_000_000),
            (" 1700000000 ", 1_700_000_000),
            ("\u{a0}\u{3000}1700000000\t", 1_700_000_000),
            ("+1700000000", 1_700_000_000),
            ("1_700_000_000", 1_700_000_000),
            ("٠١٧٠٠٠٠٠٠٠٠", 1_700_000_000),
            ("１７", 17),
            ("𝟏𝟕", 17),
            ("1٧", 17),
            ("0017", 17),
            ("-5", -5),
            ("-0", 0),
            ("9999999999999999999999999", i64::MAX),
            ("-9999999999999999999999999", -i64::MAX),
        ] {
            assert_eq!(read_timestamp(text), Some(value), "{text:?}");
        }
        for text in [
            "",
            " ",
            "+",
            "-",
            "1__7",
            "_17",
            "17_",
            "+_17",
            "0x10",
            "1e9",
            "17.5",
            "17 00",
            "+ 17",
            "+-17",
            "x",
            "\u{1c}17",
            "١٧x",
            "\u{660}\u{66a}",
        ] {
            assert_eq!(read_timestamp(text), None, "{text:?}");
        }
        // Each run of the table is ten digits, zero to nine, apart from the next.
        for pair in DIGIT_ZEROS.windows(2) {
            assert!(pair[1] >= pair[0] + 10, "{pair:x?}");
        }
        for zero in DIGIT_ZEROS {
            for value in 0..10u8 {
                let c = char::from_u32(zero + u32::from(value)).unwrap();
                assert!(c.is_numeric(), "{c:?}");
                assert_eq!(digit_value(c), Some(value), "{c:?}");
            }
        }
        assert_eq!(digit_value('/'), None);
        assert_eq!(digit_value('\u{66a}'), None);
        // Python's limit on digits counts leading zeros, never underscores.
        let zeros = |n: usize| format!("{}17", "0_".repeat(n));
        assert_eq!(
            read_timestamp(&zeros(PYTHON_INT_MAX_STR_DIGITS - 2)),
            Some(17)
        );
        assert_eq!(read_timestamp(&zeros(PYTHON_INT_MAX_STR_DIGITS - 1)), None);
    }

    #[test]
    fn the_sdks_lenient_timestamps_verify_when_signed_as_sent() {
        let body = b"text=hi";
        for ts in [" 1000 ", "+1000", "1_000", "١٠٠٠", "0001000"] {
            let sig = sign(SECRET, ts, body);
            assert_eq!(check(Some(ts), Some(&sig), body, 1000), Ok(()), "{ts:?}");
        }
        let huge = "9".repeat(25);
        let sig = sign(SECRET, &huge, body);
        assert_eq!(
            check(Some(&huge), Some(&sig), body, 1000),
            Err(SignatureError::Future)
        );
        let huge = format!("-{huge}");
        let sig = sign(SECRET, &huge, body);
        assert_eq!(
            check(Some(&huge), Some(&sig), body, i64::MAX),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            check(
                Some("1000"),
                Some(&sign(SECRET, "1000", body)),
                body,
                i64::MIN
            ),
            Err(SignatureError::Future)
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

    #[test]
    fn events_are_told_apart() {
        let body = |event: &str| {
            format!(
                r#"{{"type":"event_callback","event_id":"Ev1","authorizations":[{{"user_id":"UB"}}],"event":{event}}}"#
            )
        };
        let action = |event: &str| event_action(body(event).as_bytes()).unwrap();
        assert_eq!(
            action(
                r#"{"type":"app_mention","user":"U1","channel":"C1","ts":"1.2","text":"<@UB> a &amp; b"}"#
            ),
            EventAction::Reply {
                key: "Ev1".into(),
                channel: "C1".into(),
                thread_ts: "1.2".into(),
                draft: "a & b".into(),
                origin: "mention",
            }
        );
        assert_eq!(
            action(r#"{"type":"message","channel_type":"im","user":"UB","channel":"D1","ts":"1"}"#),
            EventAction::Ignore("own-message")
        );
        assert_eq!(
            action(
                r#"{"type":"message","channel_type":"im","user":"U1","bot_id":"B1","channel":"D1","ts":"1"}"#
            ),
            EventAction::Ignore("bot-message")
        );
        assert_eq!(
            event_action(br#"{"type":"url_verification","challenge":"c"}"#).unwrap(),
            EventAction::Challenge("c".into())
        );
        assert!(event_action(b"[").is_err());
    }

    #[test]
    fn recent_events_are_bounded() {
        let mut recent = RecentEvents::new(2);
        assert!(recent.first_time("a"));
        assert!(!recent.first_time("a"));
        assert!(recent.first_time("b"));
        assert!(recent.first_time("c"));
        assert_eq!(recent.seen.len(), 2);
        // The oldest was forgotten; the newer ones are still known.
        assert!(!recent.first_time("c"));
        assert!(recent.first_time("a"));
    }

    #[test]
    fn mattermost_tokens_match_exactly_and_never_show() {
        let t = MattermostToken::new(" tok\n").unwrap();
        assert!(t.matches(b"tok"));
        assert!(!t.matches(b"to") && !t.matches(b"tok ") && !t.matches(b""));
        assert_eq!(format!("{t:?}"), "MattermostToken(<hidden>)");
        let b = BotToken::new("xoxb-1").unwrap();
        assert_eq!(format!("{b:?}"), "BotToken(<hidden>)");
        assert!(BotToken::new("xoxb 1").is_err());
    }
}
