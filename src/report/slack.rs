//! Reviews for Slack: an ephemeral Block Kit message, the answer to the `/tone` slash command.
//! Only plain data comes out ([`SlackMessage`] serializes to the JSON Slack expects); the
//! server sends it.
//!
//! The message says what was checked and how the draft addresses the reader, gives the
//! suggested version in a code block ready to copy, then one section per finding with the
//! quoted words, why, and the suggestion. It keeps within Slack's limits: a section's text,
//! the number of blocks, and the size of the whole message. The wording is the Discord
//! review's ([`super::discord`]), in Slack's markup.

use super::discord::{
    level_icon, prefix_chars, quoted_words, register_line, suggestion_action, summary,
    truncate_chars, warmth_lines,
};
use crate::review::{Finding, Review};
use crate::voice::Register;
use serde::Serialize;

/// Slack's limits, in characters.
pub mod limits {
    /// The text of a section block.
    pub const SECTION_TEXT: usize = 3000;
    /// The text of a header block.
    pub const HEADER_TEXT: usize = 150;
    /// Blocks in one message.
    pub const BLOCKS: usize = 50;
    /// All block text of one message together. Slack documents more, but refuses messages
    /// well below it (`msg_blocks_too_long`), so we stay under what is known to pass.
    pub const MESSAGE_TEXT: usize = 12_000;
}

/// The suggested version takes at most this many sections; a longer one is shortened.
const SUGGESTED_SECTIONS: usize = 2;
/// Room kept for the closing "more findings" line.
const MORE_LINE: usize = 120;

/// A message for Slack: `response_type`, notification `text`, and `blocks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlackMessage {
    /// `ephemeral`: only the person who asked sees it.
    pub response_type: &'static str,
    /// The plain text shown in notifications, and by clients that cannot show blocks.
    pub text: String,
    /// The Block Kit blocks.
    pub blocks: Vec<Block>,
}

/// One Block Kit block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// A large plain-text title.
    Header {
        /// Plain text.
        text: Text,
    },
    /// A paragraph of mrkdwn.
    Section {
        /// Mrkdwn text.
        text: Text,
    },
    /// A thin line.
    Divider,
    /// Small grey text.
    Context {
        /// Mrkdwn texts.
        elements: Vec<Text>,
    },
}

/// A text object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// `plain_text` or `mrkdwn`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The text.
    pub text: String,
}

impl Text {
    fn plain(text: &str) -> Text {
        Text {
            kind: "plain_text",
            text: text.to_string(),
        }
    }

    fn mrkdwn(text: String) -> Text {
        Text {
            kind: "mrkdwn",
            text,
        }
    }
}

impl Block {
    fn section(text: String) -> Block {
        Block::Section {
            text: Text::mrkdwn(truncate_chars(&text, limits::SECTION_TEXT)),
        }
    }

    fn context(text: String) -> Block {
        Block::Context {
            elements: vec![Text::mrkdwn(text)],
        }
    }

    /// The characters of text the block holds.
    fn text_len(&self) -> usize {
        match self {
            Block::Header { text } | Block::Section { text } => text.text.chars().count(),
            Block::Divider => 0,
            Block::Context { elements } => elements.iter().map(|t| t.text.chars().count()).sum(),
        }
    }
}

/// Escapes the three characters Slack gives meaning to in any text: `&`, `<` and `>`. With
/// them escaped a draft cannot mention (`<!channel>`, `<@U123>`) or link.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The characters `c` takes once escaped.
fn escaped_len(c: char) -> usize {
    match c {
        '&' => 5,
        '<' | '>' => 4,
        _ => 1,
    }
}

/// Bold in Slack is `*`, not Discord's `**`. Only for lines without draft text.
fn slack_bold(line: &str) -> String {
    line.replace("**", "*")
}

/// Splits `text` into pieces whose escaped form has at most `max` characters, at a line break
/// where there is one, never inside a character or before a combining mark.
fn escaped_pieces(text: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut used = 0;
        let mut chars = 0;
        for c in rest.chars() {
            if used + escaped_len(c) > max {
                break;
            }
            used += escaped_len(c);
            chars += 1;
        }
        let head = prefix_chars(rest, chars);
        let cut = if head.len() == rest.len() {
            head.len()
        } else {
            head.rfind('\n')
                .filter(|&i| i > 0)
                .map_or(head.len(), |i| i + 1)
        };
        // A first character that cannot be cut from what follows: send it whole.
        let cut = if cut == 0 {
            rest.chars().next().map_or(rest.len(), char::len_utf8)
        } else {
            cut
        };
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    out
}

/// A code block for `text`. A fence inside it would end the block early, so its backticks
/// are kept apart by zero-width spaces.
fn code_block(text: &str) -> String {
    let text = escape(text.trim_end_matches('\n')).replace("```", "`\u{200B}`\u{200B}`");
    format!("```{text}```")
}

/// The sections of the suggested version; a heading, then code blocks.
fn suggested_sections(fixed: &str) -> Vec<Block> {
    const HEADING: &str = "*Suggested version*\n";
    // Fences, the zero-width spaces a fence inside may need, and the heading.
    let room = limits::SECTION_TEXT - HEADING.len() - 6 - 64;
    let pieces = escaped_pieces(fixed.trim_end(), room);
    let shortened = pieces.len() > SUGGESTED_SECTIONS;
    let mut out: Vec<Block> = pieces
        .iter()
        .take(SUGGESTED_SECTIONS)
        .enumerate()
        .map(|(i, piece)| {
            let heading = if i == 0 { HEADING } else { "" };
            Block::section(format!("{heading}{}", code_block(piece)))
        })
        .collect();
    if shortened {
        out.push(Block::context(
            "The suggested version is too long to show in full here; `savy check --fix` gives all of it."
                .into(),
        ));
    }
    out
}

/// One finding: level and rule, the quoted words, why, and the suggestion.
fn finding_section(text: &str, f: &Finding) -> Block {
    let head = format!(
        "{} *{}* · `{}`\n>{}\n",
        level_icon(f.level),
        f.level.name(),
        escape(&f.rule),
        escape(&quoted_words(text, f))
    );
    let tail = suggestion_action(text, f)
        .map(|(verb, words)| format!("\n*{verb}:* {}", escape(&words)))
        .unwrap_or_default();
    // The message gives way first: the words and the suggestion are what the agent acts on.
    let room = limits::SECTION_TEXT
        .saturating_sub(head.chars().count() + tail.chars().count())
        .max(1);
    let message = escape(&f.message);
    let message = if message.chars().count() > room {
        // Shortened before escaping would be kinder, but an escape cut in half must not
        // reach Slack: cut the escaped text back to before any partial entity.
        let cut = truncate_chars(&message, room);
        match (cut.rfind('&'), cut.rfind(';')) {
            (Some(amp), semi) if semi.is_none_or(|s| s < amp) => {
                format!("{}…", &cut[..amp])
            }
            _ => cut,
        }
    } else {
        message
    };
    Block::section(format!("{head}{message}{tail}"))
}

/// Renders a review of `text` as an ephemeral Slack message. `house` is the register the draft
/// was checked against, to say so beside the register found.
pub fn render_slack(review: &Review, text: &str, house: Option<Register>) -> SlackMessage {
    let headline = slack_bold(&summary(review));
    let mut intro = headline.clone();
    if let Some(line) = register_line(review, house) {
        intro.push('\n');
        intro.push_str(&slack_bold(&line));
    }
    intro.push('\n');
    intro.push_str(&warmth_lines(&review.warmth, "*", escape));
    let mut blocks = vec![
        Block::Header {
            text: Text::plain("Tone review"),
        },
        Block::section(intro),
    ];
    let fixed = review.fixed(text);
    if fixed != text && !crate::text::is_blank(&fixed) {
        blocks.extend(suggested_sections(&fixed));
    }
    let footer = Block::context(
        "`savy explain RULE` tells why a rule exists · `/tone help` for options".into(),
    );
    let mut used: usize = blocks.iter().map(Block::text_len).sum::<usize>() + footer.text_len();
    if !review.findings.is_empty() {
        blocks.push(Block::Divider);
    }
    for (i, f) in review.findings.iter().enumerate() {
        let section = finding_section(text, f);
        let size = section.text_len();
        let last = i + 1 == review.findings.len();
        // The footer, and the "more" line unless this is the last finding.
        let blocks_after = if last { 1 } else { 2 };
        let reserve = if last { 0 } else { MORE_LINE };
        if blocks.len() + 1 + blocks_after > limits::BLOCKS
            || used + size + reserve > limits::MESSAGE_TEXT
        {
            let more = review.findings.len() - i;
            blocks.push(Block::context(format!(
                "…and {more} more {}: `savy check` lists every one.",
                if more == 1 { "finding" } else { "findings" }
            )));
            break;
        }
        used += size;
        blocks.push(section);
    }
    if !review.findings.is_empty() {
        blocks.push(footer);
    }
    SlackMessage {
        response_type: "ephemeral",
        text: format!("Tone review: {}", headline.replace('*', "")),
        blocks,
    }
}

/// An ephemeral message of one section: usage help and other answers that are not reviews.
/// `mrkdwn` is Slack markup written by us, never draft text.
pub fn render_slack_note(mrkdwn: &str) -> SlackMessage {
    SlackMessage {
        response_type: "ephemeral",
        text: truncate_chars(&mrkdwn.replace(['*', '`'], ""), limits::SECTION_TEXT),
        blocks: vec![Block::section(mrkdwn.to_string())],
    }
}

/// How to use the slash command `command` (e.g. `/tone`).
pub fn render_slack_help(command: &str) -> SlackMessage {
    let c = escape(command);
    render_slack_note(&format!(
        "*{c}* checks the tone of a customer message before you send it, against the house voice.\n\
         • `{c} [your draft]` reviews a draft: what to change and why, how it addresses the reader, and a suggested version to copy.\n\
         • `{c} help` shows this.\n\
         Only you see the review, and the draft is not stored."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Voice;
    use crate::text::{DocKind, Lang};

    fn section_texts(m: &SlackMessage) -> Vec<&str> {
        m.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Section { text } => Some(text.text.as_str()),
                _ => None,
            })
            .collect()
    }

    fn within_limits(m: &SlackMessage) {
        assert!(m.blocks.len() <= limits::BLOCKS, "{}", m.blocks.len());
        let total: usize = m.blocks.iter().map(Block::text_len).sum();
        assert!(total <= limits::MESSAGE_TEXT, "{total}");
        for b in &m.blocks {
            match b {
                Block::Section { text } => {
                    assert!(text.text.chars().count() <= limits::SECTION_TEXT)
                }
                Block::Header { text } => {
                    assert!(text.text.chars().count() <= limits::HEADER_TEXT)
                }
                _ => {}
            }
        }
    }

    #[test]
    fn a_review_is_ephemeral_with_findings_and_the_suggested_version_in_a_code_block() {
        let voice = Voice::bundled();
        let text = "As per my last email, the refund takes 14 days.";
        let review = voice.review(text, Some(Lang::En), Some(DocKind::Reply), true);
        assert!(!review.findings.is_empty());
        let m = render_slack(&review, text, None);
        within_limits(&m);
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["response_type"], "ephemeral");
        assert_eq!(json["blocks"][0]["type"], "header");
        assert_eq!(json["blocks"][1]["text"]["type"], "mrkdwn");
        let sections = section_texts(&m);
        assert!(sections[0].starts_with("*1 finding*") || sections[0].contains("findings*"));
        assert!(sections[0].contains("English reply"), "{sections:?}");
        assert!(!sections[0].contains("**"), "Slack bold is a single star");
        assert!(sections[0].contains("\n*Warmth:* "), "{sections:?}");
        assert!(sections[0].contains("/100, "), "{sections:?}");
        let fixed = review.fixed(text);
        assert_eq!(
            sections[1],
            format!("*Suggested version*\n```{}```", fixed.trim_end())
        );
        let rule = &review.findings[0].rule;
        let finding = sections.iter().find(|s| s.contains(rule.as_str())).unwrap();
        assert!(finding.contains("\n>As per my last email"), "{finding}");
        assert!(m.text.starts_with("Tone review: "), "{}", m.text);
        assert!(!m.text.contains('*'));
    }

    #[test]
    fn a_clean_draft_has_no_suggestion_and_no_findings() {
        let voice = Voice::bundled();
        let text = "Thank you for your message. The parcel left our warehouse today.";
        let review = voice.review(text, Some(Lang::En), None, true);
        assert!(review.findings.is_empty(), "{:?}", review.findings);
        let m = render_slack(&review, text, Some(Register::Neutral));
        assert_eq!(m.blocks.len(), 2, "{m:?}");
        let sections = section_texts(&m);
        assert!(sections[0].starts_with("*No findings*"), "{sections:?}");
        assert!(sections[0].contains("house register"), "{sections:?}");
    }

    #[test]
    fn draft_text_cannot_mention_or_link() {
        let voice = Voice::bundled();
        let text = "<!channel> As per my last email, <@U123> & <https://x.test|click>.";
        let review = voice.review(text, Some(Lang::En), None, true);
        let m = render_slack(&review, text, None);
        let json = serde_json::to_string(&m).unwrap();
        assert!(!json.contains("<!channel>"), "{json}");
        assert!(!json.contains("<@U123>"), "{json}");
        assert!(json.contains("&lt;!channel&gt;"), "{json}");
        assert!(json.contains("&amp;"), "{json}");
    }

    #[test]
    fn long_reviews_keep_within_slack_limits_and_say_how_many_are_left_out() {
        let voice = Voice::bundled();
        let sentence = "As per my last email, unfortunately we cannot do that <&>!!! ";
        let text = sentence.repeat(200);
        let review = voice.review(&text, Some(Lang::En), Some(DocKind::Reply), true);
        assert!(review.findings.len() > limits::BLOCKS);
        let m = render_slack(&review, &text, None);
        within_limits(&m);
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("more findings"), "{json}");
        assert!(json.contains("too long to show in full"), "{json}");
    }

    #[test]
    fn pieces_respect_escaping_characters_and_line_breaks() {
        let text = "äö&<\n".repeat(100);
        let pieces = escaped_pieces(&text, 50);
        assert_eq!(pieces.concat(), text);
        for p in &pieces {
            assert!(escape(p).chars().count() <= 50, "{p:?}");
            assert!(p.ends_with('\n'), "cut at a line break: {p:?}");
        }
        let nfd = "a\u{0308}".repeat(40);
        let pieces = escaped_pieces(&nfd, 7);
        assert_eq!(pieces.concat(), nfd);
        assert!(pieces.iter().all(|p| !p.starts_with('\u{0308}')));
        assert_eq!(code_block("a```b"), "```a`\u{200B}`\u{200B}`b```");
    }

    #[test]
    fn help_names_the_command_and_says_the_draft_is_private() {
        let m = render_slack_help("/tone");
        let s = section_texts(&m)[0];
        assert!(s.contains("`/tone [your draft]`"), "{s}");
        assert!(s.contains("/tone help"));
        assert!(s.contains("Only you see"));
        assert_eq!(m.response_type, "ephemeral");
    }
}
