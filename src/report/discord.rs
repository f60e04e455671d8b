//! Reviews for Discord: one embed that keeps within Discord's limits, and files for what does
//! not fit. Only plain data comes out; the bot turns it into API requests.
//!
//! The embed's description says what was checked and how the draft addresses the reader, then
//! gives the suggested version in a code block ready to copy; each finding is a field with the
//! quoted words, why, and the suggestion. A suggested version too long for the description is
//! attached as `suggested-version.txt`; findings beyond the fields an embed holds are listed,
//! with everything else, in an attached `review.md`.

use super::{LineIndex, score_bar};
use crate::check::register::DocumentRegister;
use crate::check::warmth::Warmth;
use crate::review::{Finding, Review};
use crate::rules::{Level, Rule};
use crate::text::{DocKind, Lang};
use crate::voice::Register;

/// Discord's limits, in characters (Unicode scalar values, as Discord counts them).
pub mod limits {
    /// Message content.
    pub const MESSAGE: usize = 2000;
    /// Embed title.
    pub const TITLE: usize = 256;
    /// Embed description.
    pub const DESCRIPTION: usize = 4096;
    /// Fields in one embed.
    pub const FIELDS: usize = 25;
    /// A field's name.
    pub const FIELD_NAME: usize = 256;
    /// A field's value.
    pub const FIELD_VALUE: usize = 1024;
    /// Embed footer text.
    pub const FOOTER: usize = 2048;
    /// Title, description, field names and values, and footer of one embed together.
    pub const EMBED_TOTAL: usize = 6000;
}

/// The file a long suggested version is attached as.
pub const SUGGESTED_FILE: &str = "suggested-version.txt";
/// The file the whole review is attached as when the embed cannot hold it.
pub const REVIEW_FILE: &str = "review.md";
/// The heading the suggested version follows in the embed description.
const SUGGESTED_HEADING: &str = "**Suggested version**";
/// Quoted words longer than this are shortened in a field.
const MAX_QUOTE_CHARS: usize = 200;

/// An embed, as Discord shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    /// The title.
    pub title: String,
    /// The description (Discord markdown).
    pub description: String,
    /// The colour of the side bar, 0xRRGGBB.
    pub colour: u32,
    /// Fields, in order.
    pub fields: Vec<EmbedField>,
    /// Footer text.
    pub footer: Option<String>,
}

/// One embed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedField {
    /// Its name (shown in bold).
    pub name: String,
    /// Its value (Discord markdown).
    pub value: String,
}

/// A text file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name.
    pub name: String,
    /// Its contents.
    pub text: String,
}

/// A review ready to post: an embed and the files it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscordReview {
    /// The review.
    pub embed: Embed,
    /// What the embed could not hold.
    pub files: Vec<Attachment>,
}

/// The number of characters Discord counts in `s`.
pub fn discord_len(s: &str) -> usize {
    s.chars().count()
}

/// The longest prefix of `s` with at most `max` characters, never cutting a character or
/// separating a base letter from a combining mark that follows it (NFD `ä`).
pub fn prefix_chars(s: &str, max: usize) -> &str {
    let Some((mut cut, _)) = s.char_indices().nth(max) else {
        return s;
    };
    while let Some(c) = s[..cut].chars().next_back()
        && s[cut..].chars().next().is_some_and(joins_previous)
    {
        cut -= c.len_utf8();
    }
    &s[..cut]
}

/// Whether `c` belongs with the character before it: a combining mark, a zero-width joiner or
/// a variation selector (emoji sequences).
fn joins_previous(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
        || matches!(c, '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}')
}

/// `s` shortened to at most `max` characters, ending with `…` when shortened.
pub fn truncate_chars(s: &str, max: usize) -> String {
    if discord_len(s) <= max {
        return s.to_string();
    }
    let mut out = prefix_chars(s, max.saturating_sub(1))
        .trim_end()
        .to_string();
    out.push('…');
    out
}

/// Splits `text` into messages of at most `max` characters, at paragraph breaks where it can,
/// else at line breaks, else between words, else between characters.
pub fn split_message(text: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while discord_len(rest) > max {
        let head = prefix_chars(rest, max);
        let cut = ["\n\n", "\n", " "]
            .iter()
            .find_map(|sep| head.rfind(sep).filter(|&i| i > 0).map(|i| i + sep.len()))
            .unwrap_or(head.len());
        let cut = if cut == 0 {
            // A first character that cannot be cut from what follows; send it whole.
            rest.chars().next().map_or(rest.len(), char::len_utf8)
        } else {
            cut
        };
        out.push(rest[..cut].trim_end());
        rest = &rest[cut..];
    }
    if !rest.trim().is_empty() || out.is_empty() {
        out.push(rest);
    }
    out
}

/// Escapes Discord markdown so draft text shows as written.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*'
                | '_'
                | '`'
                | '~'
                | '|'
                | '>'
                | '#'
                | '['
                | ']'
                | '('
                | ')'
                | '<'
                | '@'
                | ':'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Fi => "Finnish",
        Lang::En => "English",
    }
}

/// How a register is called in the draft's language.
fn register_name(register: Register, lang: Lang) -> String {
    match (register, lang) {
        (Register::Informal, Lang::Fi) => "informal (sinuttelu)".into(),
        (Register::Formal, Lang::Fi) => "formal (teitittely)".into(),
        (Register::Informal, Lang::En) => "informal (casual)".into(),
        (Register::Formal, Lang::En) => "formal".into(),
        (Register::Neutral, _) => "neutral (no direct address)".into(),
    }
}

/// The icon a finding's level is shown with in chat.
pub(super) fn level_icon(level: Level) -> &'static str {
    match level {
        Level::Error => "⛔",
        Level::Warning => "⚠️",
        Level::Info => "ℹ️",
    }
}

fn colour(review: &Review) -> u32 {
    match review.max_level() {
        Some(Level::Error) => 0xD9_3025,
        Some(Level::Warning) => 0xE8_A317,
        Some(Level::Info) => 0x3B_82F6,
        None => 0x2E_A043,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "English reply", "Finnish draft".
fn what_was_checked(review: &Review) -> String {
    let kind = review.kind.map_or("draft", DocKind::name);
    format!("{} {kind}", lang_name(review.lang))
}

/// The first line: what was checked and how much was found. Bold is `**`; it holds no draft
/// text, so other renderers may swap the markup.
pub(super) fn summary(review: &Review) -> String {
    let what = what_was_checked(review);
    if review.findings.is_empty() {
        return format!("**No findings** in this {what}: it reads in the house voice.");
    }
    let parts: Vec<String> = [
        (Level::Error, "error", "errors"),
        (Level::Warning, "warning", "warnings"),
        (Level::Info, "note", "notes"),
    ]
    .iter()
    .map(|&(l, one, many)| {
        let n = review.findings.iter().filter(|f| f.level == l).count();
        (n, plural(n, one, many))
    })
    .filter(|(n, _)| *n > 0)
    .map(|(_, s)| s)
    .collect();
    format!(
        "**{}** in this {what}: {}.",
        plural(review.findings.len(), "finding", "findings"),
        parts.join(", ")
    )
}

/// How the draft addresses the reader, against the house register when there is one. Bold is
/// `**`; it holds no draft text, so other renderers may swap the markup.
pub(super) fn register_line(review: &Review, house: Option<Register>) -> Option<String> {
    let report = review.register.as_ref()?;
    let lang = review.lang;
    let found = match report.document {
        DocumentRegister::Informal => register_name(Register::Informal, lang),
        DocumentRegister::Formal => register_name(Register::Formal, lang),
        DocumentRegister::Neutral => register_name(Register::Neutral, lang),
        DocumentRegister::Mixed => "mixed: informal and formal sentences both".into(),
    };
    let mut line = format!("**Register:** {found}");
    if let Some(house) = house {
        let kind = review.kind.map_or("drafts", |k| match k {
            DocKind::Reply => "replies",
            DocKind::Email => "emails",
            DocKind::Invoice => "invoices",
            DocKind::Reminder => "reminders",
        });
        line.push_str(&format!(
            "; the house register for {kind} is {}",
            register_name(house, lang)
        ));
    }
    line.push('.');
    Some(line)
}

/// The draft's words a finding is about, on one line, unescaped and shortened.
pub(super) fn quoted_words(text: &str, f: &Finding) -> String {
    let words = text.get(f.start..f.end).unwrap_or("");
    let one_line = words.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate_chars(&one_line, MAX_QUOTE_CHARS)
}

/// The draft's words a finding is about, on one line.
fn quoted(text: &str, f: &Finding) -> String {
    escape_markdown(&quoted_words(text, f))
}

/// What the first suggestion of a finding does: a verb ("Add", "Remove", "Try") and the
/// words it adds, removes or offers, on one line, unescaped and shortened.
pub(super) fn suggestion_action(text: &str, f: &Finding) -> Option<(&'static str, String)> {
    let s = f.suggestions.first()?;
    let replacement = s
        .replacement
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some(if s.start == s.end {
        ("Add", replacement)
    } else if replacement.is_empty() {
        let removed = text.get(s.start..s.end).unwrap_or("");
        ("Remove", truncate_chars(removed.trim(), MAX_QUOTE_CHARS))
    } else {
        ("Try", truncate_chars(&replacement, MAX_QUOTE_CHARS))
    })
}

/// What the first suggestion does, in words.
fn suggestion_line(text: &str, f: &Finding) -> Option<String> {
    let (verb, words) = suggestion_action(text, f)?;
    Some(format!("**{verb}:** {}", escape_markdown(&words)))
}

fn finding_field(text: &str, f: &Finding) -> EmbedField {
    let name = format!("{} {} · {}", level_icon(f.level), f.level.name(), f.rule);
    let head = format!("> {}\n", quoted(text, f));
    let tail = suggestion_line(text, f).map(|s| format!("\n{s}"));
    let tail = tail.as_deref().unwrap_or("");
    // The message gives way first: the words and the suggestion are what the agent acts on.
    let room = limits::FIELD_VALUE.saturating_sub(discord_len(&head) + discord_len(tail));
    let value = format!(
        "{head}{}{tail}",
        truncate_chars(&escape_markdown(&f.message), room)
    );
    EmbedField {
        name: truncate_chars(&name, limits::FIELD_NAME),
        value: truncate_chars(&value, limits::FIELD_VALUE),
    }
}

/// The suggested version as a code block, when it can be one (no fence inside it).
fn fenced(fixed: &str) -> Option<String> {
    (!fixed.contains("```")).then(|| format!("```\n{}\n```", fixed.trim_end()))
}

/// The whole review as Markdown: for the attached `review.md` and for anything that wants
/// the review as one document.
pub fn render_markdown(review: &Review, text: &str, house: Option<Register>) -> String {
    let mut out = format!("# Tone review\n\n{}\n", summary(review).replace("**", ""));
    if let Some(line) = register_line(review, house) {
        out.push_str(&format!("{}\n", line.replace("**", "")));
    }
    let index = LineIndex::new(text);
    for f in &review.findings {
        let (line, column) = index.position(f.start);
        out.push_str(&format!(
            "\n## {} {}: {} (line {line}, column {column})\n\n",
            level_icon(f.level),
            f.level.name(),
            f.rule
        ));
        let field = finding_field(text, f);
        out.push_str(&field.value);
        out.push('\n');
    }
    let fixed = review.fixed(text);
    if fixed != text {
        // A tilde fence holds a draft that contains backtick fences.
        out.push_str(&format!(
            "\n## Suggested version\n\n~~~~\n{}\n~~~~\n",
            fixed.trim_end()
        ));
    }
    out
}

/// The warmth score with its bar, what the draft does well, and the change that would raise
/// the score most, in a chat's markup: `bold` opens and closes a label (`**` on Discord, `*`
/// on Slack) and `escape` makes the rules' words safe to show.
pub(super) fn warmth_lines(warmth: &Warmth, bold: &str, escape: impl Fn(&str) -> String) -> String {
    let mut out = format!(
        "{bold}Warmth:{bold} {}/100, {} `{}`",
        warmth.score,
        warmth.grade.name(),
        score_bar(warmth.score)
    );
    if !warmth.strengths.is_empty() {
        out.push_str(&format!(
            "\n{bold}Strengths:{bold} {}",
            escape(&warmth.strengths.join("; "))
        ));
    }
    if let Some(change) = warmth.changes.first() {
        out.push_str(&format!(
            "\n{bold}Warmer:{bold} {} (+{})",
            escape(&change.advice),
            change.gain
        ));
    }
    out
}

/// Renders a review of `text` for Discord. `house` is the register the draft was checked
/// against, to say so beside the register found.
pub fn render_discord(review: &Review, text: &str, house: Option<Register>) -> DiscordReview {
    let title = "Tone review".to_string();
    let mut description = summary(review);
    if let Some(line) = register_line(review, house) {
        description.push('\n');
        description.push_str(&line);
    }
    description.push('\n');
    description.push_str(&warmth_lines(&review.warmth, "**", escape_markdown));
    let mut files = Vec::new();
    let fixed = review.fixed(text);
    if fixed != text {
        let block = fenced(&fixed).map(|b| format!("\n\n{SUGGESTED_HEADING}\n{b}"));
        match block {
            Some(b) if discord_len(&description) + discord_len(&b) <= limits::DESCRIPTION => {
                description.push_str(&b);
            }
            _ => {
                description.push_str(&format!(
                    "\n\n{SUGGESTED_HEADING}: attached as `{SUGGESTED_FILE}`."
                ));
                files.push(Attachment {
                    name: SUGGESTED_FILE.into(),
                    text: fixed.clone(),
                });
            }
        }
    }
    let footer = (!review.findings.is_empty())
        .then(|| "Explain tells why each rule exists · savy explain RULE".to_string());
    let mut used =
        discord_len(&title) + discord_len(&description) + footer.as_deref().map_or(0, discord_len);
    // Room for the closing "more findings" field, so it always fits.
    const MORE_FIELD: usize = 120;
    let mut fields = Vec::new();
    for (i, f) in review.findings.iter().enumerate() {
        let field = finding_field(text, f);
        let size = discord_len(&field.name) + discord_len(&field.value);
        let last = i + 1 == review.findings.len();
        let reserve = if last { 0 } else { MORE_FIELD };
        if fields.len() + usize::from(!last) >= limits::FIELDS
            || used + size + reserve > limits::EMBED_TOTAL
        {
            let more = review.findings.len() - fields.len();
            fields.push(EmbedField {
                name: format!("…and {}", plural(more, "more finding", "more findings")),
                value: format!("The whole review is attached as `{REVIEW_FILE}`."),
            });
            files.push(Attachment {
                name: REVIEW_FILE.into(),
                text: render_markdown(review, text, house),
            });
            break;
        }
        used += size;
        fields.push(field);
    }
    DiscordReview {
        embed: Embed {
            title,
            description,
            colour: colour(review),
            fields,
            footer,
        },
        files,
    }
}

/// The suggested version inside an embed description written by [`render_discord`]: what
/// the "Suggested version" button answers with, read back from the review it sits under so
/// the bot keeps no drafts.
pub fn suggested_from_description(description: &str) -> Option<&str> {
    let start = description.find(&format!("{SUGGESTED_HEADING}\n```\n"))?
        + SUGGESTED_HEADING.len()
        + "\n```\n".len();
    let rest = &description[start..];
    let end = rest.rfind("\n```")?;
    Some(&rest[..end])
}

/// What rules are and why they exist, as Markdown: the "Explain" answer.
pub fn render_explanations(rules: &[&Rule]) -> String {
    let mut out = String::new();
    for rule in rules {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&format!(
            "{} **{}** ({})\n{}",
            level_icon(rule.level),
            rule.id,
            rule.level.name(),
            escape_markdown(&rule.message)
        ));
        if let Some(why) = &rule.rationale {
            out.push('\n');
            out.push_str(&escape_markdown(why.trim()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Voice;

    fn embed_len(e: &Embed) -> usize {
        discord_len(&e.title)
            + discord_len(&e.description)
            + e.footer.as_deref().map_or(0, discord_len)
            + e.fields
                .iter()
                .map(|f| discord_len(&f.name) + discord_len(&f.value))
                .sum::<usize>()
    }

    fn within_limits(r: &DiscordReview) {
        let e = &r.embed;
        assert!(discord_len(&e.title) <= limits::TITLE);
        assert!(discord_len(&e.description) <= limits::DESCRIPTION);
        assert!(e.fields.len() <= limits::FIELDS);
        for f in &e.fields {
            assert!(discord_len(&f.name) <= limits::FIELD_NAME, "{f:?}");
            assert!(discord_len(&f.value) <= limits::FIELD_VALUE, "{f:?}");
        }
        assert!(embed_len(e) <= limits::EMBED_TOTAL, "{}", embed_len(e));
    }

    #[test]
    fn a_review_quotes_words_says_why_and_suggests_a_version() {
        let voice = Voice::bundled();
        let text = "As per my last email, the refund takes 14 days.";
        let review = voice.review(text, Some(Lang::En), Some(DocKind::Reply), true);
        assert!(!review.findings.is_empty());
        let r = render_discord(&review, text, None);
        within_limits(&r);
        assert!(r.embed.description.contains("English reply"), "{r:?}");
        let f = &r.embed.fields[0];
        assert!(f.name.contains(&review.findings[0].rule), "{f:?}");
        assert!(f.value.starts_with("> As per my last email"), "{f:?}");
        let fixed = review.fixed(text);
        assert_eq!(
            suggested_from_description(&r.embed.description),
            Some(fixed.as_str())
        );
        assert!(r.files.is_empty());
    }

    #[test]
    fn a_clean_draft_says_so_without_a_suggestion() {
        let voice = Voice::bundled();
        let text = "Thank you for your message. The parcel left our warehouse today.";
        let review = voice.review(text, Some(Lang::En), None, true);
        let r = render_discord(&review, text, Some(Register::Neutral));
        if review.findings.is_empty() {
            assert!(r.embed.description.starts_with("**No findings**"), "{r:?}");
            assert_eq!(suggested_from_description(&r.embed.description), None);
        }
        assert!(
            r.embed.description.contains("house register for drafts"),
            "{r:?}"
        );
    }

    #[test]
    fn long_reviews_keep_within_discord_limits_and_attach_the_rest() {
        let voice = Voice::bundled();
        let sentence =
            "As per my last email, unfortunately we cannot do that, kuten jo totesimme!!! ";
        let text = sentence.repeat(80);
        let review = voice.review(&text, Some(Lang::En), Some(DocKind::Reply), true);
        assert!(
            review.findings.len() > limits::FIELDS,
            "{}",
            review.findings.len()
        );
        let r = render_discord(&review, &text, None);
        within_limits(&r);
        let names: Vec<&str> = r.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, [SUGGESTED_FILE, REVIEW_FILE]);
        assert!(r.embed.fields.last().unwrap().name.starts_with("…and "));
        assert!(
            r.files[1]
                .text
                .contains(&review.findings.last().unwrap().rule)
        );
    }

    #[test]
    fn cutting_text_never_splits_a_character_or_a_combining_mark() {
        let nfd = "pa\u{0308}iva\u{0308}";
        assert_eq!(prefix_chars(nfd, 2), "p");
        assert_eq!(prefix_chars(nfd, 3), "pa\u{0308}");
        assert_eq!(prefix_chars("👍🏽ok", 1), "");
        assert_eq!(prefix_chars("ääkkönen", 3), "ääk");
        assert_eq!(truncate_chars("hyvää päivää", 6), "hyvää…");
        let long = format!("{}\n\n{}", "ä".repeat(1500), "ö ".repeat(900));
        let parts = split_message(&long, limits::MESSAGE);
        assert!(parts.iter().all(|p| discord_len(p) <= limits::MESSAGE));
        assert_eq!(parts[0], "ä".repeat(1500));
        assert_eq!(
            parts.concat().replace(' ', ""),
            long.replace([' ', '\n'], "")
        );
        let one_word = "x".repeat(4500);
        let parts = split_message(&one_word, limits::MESSAGE);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts.concat(), one_word);
    }

    #[test]
    fn draft_text_cannot_format_or_mention() {
        assert_eq!(escape_markdown("**@everyone**"), "\\*\\*\\@everyone\\*\\*");
    }

    #[test]
    fn explanations_name_the_rule_and_its_reason() {
        let voice = Voice::bundled();
        let rule = &voice.engine().rules()[0];
        let out = render_explanations(&[rule]);
        assert!(out.contains(&rule.id));
    }
}
