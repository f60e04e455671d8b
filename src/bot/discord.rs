//! `savy discord`: a serenity gateway bot. A support agent DMs it a draft or mentions it with
//! one (a `.txt` attachment counts), runs `/tone`, or picks "Check tone" on any message, and
//! gets the review back; buttons under a review give the suggested version alone, explain the
//! rules, or share an ephemeral review with the channel.
//!
//! Nothing here stores a draft: buttons read what they need back from the review message they
//! sit under. Logs carry sizes, timings and rule ids, never text, and never the token.

use crate::bot::discord::answers::Answer;
use savy::Voice;
use savy::report::discord::{self as render, DiscordReview, limits};
use savy::text::{DocKind, Lang};
use savy::voice::{ChannelSettings, DiscordSettings};
use savy::{Register, Review};
use serenity::all::{
    ActionRowComponent, ButtonStyle, ChannelId, Command, CommandDataOptionValue,
    CommandInteraction, CommandOptionType, CommandType, ComponentInteraction, Context,
    CreateActionRow, CreateAllowedMentions, CreateAttachment, CreateButton, CreateCommand,
    CreateCommandOption, CreateEmbed, CreateEmbedFooter, CreateInputText,
    CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage, CreateModal,
    EventHandler, GatewayIntents, GuildId, HttpBuilder, InputTextStyle, Interaction,
    InteractionContext, Message, ModalInteraction, Ready, ResolvedTarget, UserId,
};
use serenity::builder::Builder as _;
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

mod answers;
pub mod endpoint;

/// The slash command.
const TONE: &str = "tone";
/// The message command, as it shows in the context menu.
const CHECK_TONE: &str = "Check tone";
/// Button: the suggested version alone.
const SUGGESTED_BUTTON: &str = "savy:suggested";
/// Button: why the rules of a review exist; the rule ids follow.
const EXPLAIN_BUTTON: &str = "savy:explain:";
/// Button: post an ephemeral review for the channel to see.
const SHARE_BUTTON: &str = "savy:share";
/// Modal: a long draft for `/tone`; kind and register follow.
const DRAFT_MODAL: &str = "savy:draft:";
/// The modal's text field.
const DRAFT_FIELD: &str = "draft";
/// Discord's limit on a custom id.
const CUSTOM_ID_MAX: usize = 100;
/// The modal's paragraph field holds at most this many characters (Discord's maximum).
const MODAL_MAX_CHARS: u16 = 4000;
/// A string option holds at most this many characters (Discord's maximum).
const OPTION_MAX_CHARS: u16 = 6000;
/// The message flag Discord sets on ephemeral messages.
const EPHEMERAL_FLAG: u64 = 1 << 6;
/// How long an attachment download may take for a message; an agent is waiting.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long it may take for an interaction, which Discord drops unanswered after 3 seconds.
const INTERACTION_DOWNLOAD_TIMEOUT: Duration = Duration::from_millis(2500);
/// Where Discord's CDN serves attachments; with a proxy, downloads go through it too.
const CDN_ORIGINS: [&str; 2] = ["https://cdn.discordapp.com", "https://media.discordapp.net"];

/// A bot token. Its `Debug` and `Display` never show it.
pub struct Token(String);

impl Token {
    /// Wraps a token; surrounding whitespace (a trailing newline in a token file) is dropped.
    pub fn new(token: &str) -> Result<Token, String> {
        let t = token.trim();
        if t.is_empty() {
            return Err("the Discord token is empty".into());
        }
        if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("the Discord token contains spaces or control characters".into());
        }
        Ok(Token(t.to_string()))
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<hidden>)")
    }
}

/// Everything the bot runs with.
#[derive(Debug)]
pub struct BotConfig {
    /// The bot token.
    pub token: Token,
    /// Register commands in this guild (instant, for setup); globally otherwise.
    pub guild_id: Option<u64>,
    /// Send Discord HTTP requests here instead of `https://discord.com`.
    pub proxy_url: Option<String>,
    /// The voice drafts are checked against; its profile's `[discord]` holds channel choices.
    pub voice: Voice,
}

/// One line on stderr. Callers pass sizes, timings and ids only: drafts never reach a log.
macro_rules! log {
    ($($arg:tt)*) => { eprintln!("savy discord: {}", format_args!($($arg)*)) };
}

/// Runs the bot until SIGINT or SIGTERM.
pub fn run(config: BotConfig) -> anyhow::Result<()> {
    // A panic message can quote the text being handled; say where, not what.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        log!("internal error{at}; the event was dropped");
    }));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(config))
}

async fn serve(config: BotConfig) -> anyhow::Result<()> {
    let web = reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(Duration::from_secs(10))
        .build()?;
    let mut http = HttpBuilder::new(&config.token.0).client(web.clone());
    if let Some(proxy) = &config.proxy_url {
        // serenity ignores the proxy while its own rate limiter runs; the proxy limits instead.
        http = http.proxy(proxy.as_str()).ratelimiter_disabled(true);
    }
    let settings = config.voice.profile.discord.clone();
    let handler = Handler {
        voice: Arc::new(config.voice),
        settings,
        guild_id: config.guild_id.map(GuildId::new),
        proxy_url: config.proxy_url.clone(),
        web,
        bot_id: OnceLock::new(),
        registered: Default::default(),
    };
    // DMs, mentions and interactions carry their text: no privileged intent is needed.
    let intents = GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    let mut client = serenity::client::ClientBuilder::new_with_http(http.build(), intents)
        .event_handler(handler)
        .await?;
    let shards = client.shard_manager.clone();
    tokio::spawn(async move {
        let signal = super::shutdown_signal().await;
        log!("{signal}: shutting down");
        shards.shutdown_all().await;
    });
    log!(
        "connecting{}",
        if config.proxy_url.is_some() {
            " (HTTP through the proxy)"
        } else {
            ""
        }
    );
    match client.start().await {
        Ok(()) => {
            log!("stopped");
            Ok(())
        }
        Err(serenity::Error::Gateway(serenity::gateway::GatewayError::InvalidAuthentication)) => {
            anyhow::bail!("Discord refused the token (check DISCORD_TOKEN or the token file)")
        }
        Err(e) => Err(anyhow::anyhow!(
            "the Discord connection failed: {}",
            describe(&e)
        )),
    }
}

/// A serenity error for a log line: what failed, without request bodies or URLs (an
/// interaction callback's URL holds the interaction's token).
fn describe(e: &serenity::Error) -> String {
    use serenity::http::HttpError;
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => format!(
            "HTTP {} from Discord (code {}: {})",
            r.status_code.as_u16(),
            r.error.code,
            r.error.message
        ),
        serenity::Error::Http(HttpError::Request(r)) => web_error(r),
        serenity::Error::Gateway(g) => format!("gateway: {g}"),
        serenity::Error::Json(_) => "a response Discord sent could not be read".into(),
        other => format!("{other}"),
    }
}

/// A failed HTTP request for a log line, without its URL.
fn web_error(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the response broke off"
    } else {
        "failed"
    };
    match e.status() {
        Some(status) => format!("HTTP request {what} (status {})", status.as_u16()),
        None => format!("HTTP request {what}"),
    }
}

struct Handler {
    voice: Arc<Voice>,
    settings: DiscordSettings,
    guild_id: Option<GuildId>,
    proxy_url: Option<String>,
    /// The HTTP client serenity uses, for attachment downloads.
    web: reqwest::Client,
    bot_id: OnceLock<UserId>,
    /// Set once commands are registered: a READY after a reconnect does not register again.
    registered: std::sync::atomic::AtomicBool,
}

/// What a draft is checked as.
#[derive(Debug, Clone, Copy, Default)]
struct Checking {
    lang: Option<Lang>,
    kind: Option<DocKind>,
    register: Option<Register>,
}

impl Checking {
    /// The channel's choices from the profile; command options override them afterwards.
    fn in_channel(channel: ChannelSettings) -> Checking {
        Checking {
            lang: channel.lang,
            kind: channel.kind,
            register: channel.register,
        }
    }
}

/// Which buttons go under a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    /// Everyone in the channel (a DM, a mention, a shared review).
    Public,
    /// Only the agent (an ephemeral reply in a guild): it may share.
    Private,
}

/// A review as serenity builders.
struct ReviewReply {
    embed: CreateEmbed,
    files: Vec<CreateAttachment>,
    components: Vec<CreateActionRow>,
}

fn embed_of(r: &render::Embed) -> CreateEmbed {
    let mut e = CreateEmbed::new()
        .title(&r.title)
        .description(&r.description)
        .colour(r.colour)
        .fields(
            r.fields
                .iter()
                .map(|f| (f.name.clone(), f.value.clone(), false)),
        );
    if let Some(footer) = &r.footer {
        e = e.footer(CreateEmbedFooter::new(footer));
    }
    e
}

fn attachment_of(f: &render::Attachment) -> CreateAttachment {
    CreateAttachment::bytes(f.text.as_bytes().to_vec(), f.name.clone())
}

/// The buttons under a review of `review`.
fn buttons(review: &Review, has_suggestion: bool, audience: Audience) -> Vec<CreateActionRow> {
    let mut row = Vec::new();
    if has_suggestion {
        row.push(
            CreateButton::new(SUGGESTED_BUTTON)
                .label("Suggested version")
                .style(ButtonStyle::Primary),
        );
    }
    if !review.findings.is_empty() {
        row.push(
            CreateButton::new(explain_id(review))
                .label("Explain")
                .style(ButtonStyle::Secondary),
        );
    }
    if audience == Audience::Private {
        row.push(
            CreateButton::new(SHARE_BUTTON)
                .label("Share")
                .style(ButtonStyle::Secondary),
        );
    }
    if row.is_empty() {
        Vec::new()
    } else {
        vec![CreateActionRow::Buttons(row)]
    }
}

/// The Explain button's id: the review's rule ids, as many as fit.
fn explain_id(review: &Review) -> String {
    let mut id = EXPLAIN_BUTTON.to_string();
    let mut seen: Vec<&str> = Vec::new();
    for f in &review.findings {
        let rule = f.rule.as_str();
        if seen.contains(&rule) {
            continue;
        }
        let sep = usize::from(!seen.is_empty());
        if id.len() + sep + rule.len() > CUSTOM_ID_MAX {
            break;
        }
        if sep == 1 {
            id.push(' ');
        }
        id.push_str(rule);
        seen.push(rule);
    }
    id
}

/// No message the bot sends pings anyone, whatever a draft contains.
fn no_pings() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

impl Handler {
    fn bot_id(&self) -> Option<UserId> {
        self.bot_id.get().copied()
    }

    /// Reviews `text` and renders the review, or says why the draft cannot be checked.
    fn review(
        &self,
        text: &str,
        checking: Checking,
        audience: Audience,
        origin: &str,
    ) -> Result<ReviewReply, Answer> {
        if savy::text::is_blank(text) {
            return Err(Answer::EmptyDraft);
        }
        let bytes = text.len() as u64;
        if bytes > self.settings.max_draft_bytes {
            return Err(Answer::TooLong {
                bytes,
                max: self.settings.max_draft_bytes,
            });
        }
        let started = Instant::now();
        let profile = &self.voice.profile;
        let kind = checking.kind.or(profile.default_kind);
        let house = checking
            .register
            .or_else(|| kind.and_then(|k| profile.register_for(k)));
        // Checking is CPU work: let the runtime move other events to another worker meanwhile.
        let review = tokio::task::block_in_place(|| {
            self.voice
                .review_as(text, checking.lang, kind, checking.register, true)
        });
        let rendered: DiscordReview = render::render_discord(&review, text, house);
        let has_suggestion = review.fixed(text) != text;
        let mut rules: Vec<&str> = Vec::new();
        for f in &review.findings {
            if !rules.contains(&f.rule.as_str()) {
                rules.push(&f.rule);
            }
        }
        log!(
            "{origin}: {} bytes, {} {}, {} findings [{}], reviewed in {:.1} ms",
            bytes,
            review.lang,
            kind.map_or("draft", DocKind::name),
            review.findings.len(),
            rules.join(", "),
            started.elapsed().as_secs_f64() * 1000.0
        );
        Ok(ReviewReply {
            embed: embed_of(&rendered.embed),
            files: rendered.files.iter().map(attachment_of).collect(),
            components: buttons(&review, has_suggestion, audience),
        })
    }

    fn channel(&self, id: ChannelId) -> ChannelSettings {
        self.settings.channel(id.get())
    }

    /// Downloads a text attachment through serenity's HTTP client (and the proxy, when one is
    /// set), refusing more than `max` bytes.
    async fn download(&self, url: &str, max: u64, within: Duration) -> Result<Vec<u8>, Answer> {
        let mut url = url.to_string();
        if let Some(proxy) = &self.proxy_url
            && let Some(origin) = CDN_ORIGINS.iter().find(|o| url.starts_with(*o))
        {
            url = format!("{}{}", proxy.trim_end_matches('/'), &url[origin.len()..]);
        }
        let fetch = async {
            let mut response = self
                .web
                .get(&url)
                .send()
                .await
                .and_then(reqwest::Response::error_for_status)
                .map_err(|e| {
                    log!("attachment download failed: {}", web_error(&e));
                    Answer::DownloadFailed
                })?;
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(|e| {
                log!("attachment download failed: {}", web_error(&e));
                Answer::DownloadFailed
            })? {
                body.extend_from_slice(&chunk);
                if body.len() as u64 > max {
                    return Err(Answer::TooLong {
                        bytes: body.len() as u64,
                        max,
                    });
                }
            }
            Ok(body)
        };
        tokio::time::timeout(within, fetch)
            .await
            .unwrap_or(Err(Answer::DownloadFailed))
    }

    /// The draft a message carries: its first text attachment, else its text without the
    /// bot's mention. A download may take up to `within`.
    async fn draft_of(&self, msg: &Message, within: Duration) -> Result<String, Answer> {
        let max = self.settings.max_draft_bytes;
        let text_file = msg.attachments.iter().find(|a| {
            a.filename.to_ascii_lowercase().ends_with(".txt")
                || a.content_type
                    .as_deref()
                    .is_some_and(|t| t.starts_with("text/plain"))
        });
        if let Some(file) = text_file {
            if u64::from(file.size) > max {
                return Err(Answer::TooLong {
                    bytes: u64::from(file.size),
                    max,
                });
            }
            let bytes = self.download(&file.url, max, within).await?;
            let text = String::from_utf8(bytes).map_err(|_| Answer::NotUtf8)?;
            return Ok(text.trim_start_matches('\u{FEFF}').to_string());
        }
        let mut text = msg.content.clone();
        if let Some(id) = self.bot_id() {
            for mention in [format!("<@{id}>"), format!("<@!{id}>")] {
                text = text.replace(&mention, "");
            }
        }
        if savy::text::is_blank(&text) && !msg.attachments.is_empty() {
            return Err(Answer::NotText);
        }
        Ok(text.trim().to_string())
    }

    fn mentions_me(&self, msg: &Message) -> bool {
        self.bot_id().is_some_and(|id| {
            msg.content.contains(&format!("<@{id}>")) || msg.content.contains(&format!("<@!{id}>"))
        })
    }

    async fn on_message(&self, ctx: &Context, msg: &Message) {
        if msg.author.bot {
            return;
        }
        let origin = match msg.guild_id {
            None => "dm",
            Some(_) if self.mentions_me(msg) => "mention",
            Some(_) => return,
        };
        let started = Instant::now();
        let checking = Checking::in_channel(self.channel(msg.channel_id));
        let reply = match self.draft_of(msg, DOWNLOAD_TIMEOUT).await {
            Ok(text) => self.review(&text, checking, Audience::Public, origin),
            Err(answer) => Err(answer),
        };
        let builder = CreateMessage::new()
            .reference_message(msg)
            .allowed_mentions(no_pings());
        let builder = match reply {
            Ok(r) => builder
                .embed(r.embed)
                .components(r.components)
                .add_files(r.files),
            Err(answer) => {
                log!("{origin}: answered {}", answer.id());
                builder.content(answer.text(self.settings.max_draft_bytes))
            }
        };
        match msg.channel_id.send_message(&ctx.http, builder).await {
            Ok(_) => log!(
                "{origin}: replied in {:.1} ms",
                started.elapsed().as_secs_f64() * 1000.0
            ),
            Err(e) => log!("{origin}: reply failed: {}", describe(&e)),
        }
    }

    /// Answers an interaction; a failure is logged, never raised.
    async fn respond(
        &self,
        ctx: &Context,
        what: &str,
        id_token: (u64, &str),
        response: CreateInteractionResponse,
        started: Instant,
    ) {
        let (id, token) = id_token;
        match response
            .execute(&ctx.http, (serenity::all::InteractionId::new(id), token))
            .await
        {
            Ok(()) => log!(
                "{what}: answered in {:.1} ms",
                started.elapsed().as_secs_f64() * 1000.0
            ),
            Err(e) => log!("{what}: answer failed: {}", describe(&e)),
        }
    }

    fn review_response(
        &self,
        reply: Result<ReviewReply, Answer>,
        in_guild: bool,
        what: &str,
    ) -> CreateInteractionResponse {
        match reply {
            Ok(r) => CreateInteractionResponse::Message(
                CreateInteractionResponseMessage::new()
                    .embed(r.embed)
                    .components(r.components)
                    .add_files(r.files)
                    .ephemeral(in_guild)
                    .allowed_mentions(no_pings()),
            ),
            Err(answer) => self.answer(answer, what),
        }
    }

    /// A friendly ephemeral answer.
    fn answer(&self, answer: Answer, what: &str) -> CreateInteractionResponse {
        log!("{what}: answered {}", answer.id());
        CreateInteractionResponse::Message(
            CreateInteractionResponseMessage::new()
                .content(answer.text(self.settings.max_draft_bytes))
                .ephemeral(true)
                .allowed_mentions(no_pings()),
        )
    }

    async fn on_command(&self, ctx: &Context, command: &CommandInteraction) {
        let started = Instant::now();
        let (what, response) = self.command_response(command).await;
        self.respond(
            ctx,
            what,
            (command.id.get(), &command.token),
            response,
            started,
        )
        .await;
    }

    /// The answer to a command: `/tone` or "Check tone". The gateway bot sends it through
    /// the API; the interactions endpoint ([`endpoint`]) returns it as its HTTP answer.
    async fn command_response(
        &self,
        command: &CommandInteraction,
    ) -> (&'static str, CreateInteractionResponse) {
        let in_guild = command.guild_id.is_some();
        let audience = if in_guild {
            Audience::Private
        } else {
            Audience::Public
        };
        let mut checking = Checking::in_channel(self.channel(command.channel_id));
        match (command.data.kind, command.data.name.as_str()) {
            (CommandType::ChatInput, TONE) => {
                let what = "/tone";
                let mut text = None;
                let mut problem = None;
                for option in &command.data.options {
                    let CommandDataOptionValue::String(value) = &option.value else {
                        continue;
                    };
                    match option.name.as_str() {
                        "text" => text = Some(value.clone()),
                        "kind" => match value.parse::<DocKind>() {
                            Ok(k) => checking.kind = Some(k),
                            Err(_) => problem = Some(Answer::UnknownKind),
                        },
                        "register" => match value.parse::<Register>() {
                            Ok(r) => checking.register = Some(r),
                            Err(_) => problem = Some(Answer::UnknownRegister),
                        },
                        _ => {}
                    }
                }
                let response = match (problem, text) {
                    (Some(answer), _) => self.answer(answer, what),
                    (None, Some(text)) => self.review_response(
                        self.review(&text, checking, audience, what),
                        in_guild,
                        what,
                    ),
                    (None, None) => {
                        log!("{what}: opened the draft form");
                        CreateInteractionResponse::Modal(draft_modal(checking))
                    }
                };
                (what, response)
            }
            (CommandType::Message, CHECK_TONE) => {
                let what = "Check tone";
                let reply = match command.data.target() {
                    Some(ResolvedTarget::Message(target)) => {
                        match self.draft_of(target, INTERACTION_DOWNLOAD_TIMEOUT).await {
                            Ok(text) if savy::text::is_blank(&text) => Err(Answer::NoTextInMessage),
                            Ok(text) => self.review(&text, checking, audience, what),
                            Err(answer) => Err(answer),
                        }
                    }
                    _ => Err(Answer::NoTextInMessage),
                };
                (what, self.review_response(reply, in_guild, what))
            }
            _ => ("command", self.answer(Answer::UnknownCommand, "command")),
        }
    }

    async fn on_modal(&self, ctx: &Context, modal: &ModalInteraction) {
        let started = Instant::now();
        let response = self.modal_response(modal);
        self.respond(
            ctx,
            "draft form",
            (modal.id.get(), &modal.token),
            response,
            started,
        )
        .await;
    }

    /// The answer to the draft form.
    fn modal_response(&self, modal: &ModalInteraction) -> CreateInteractionResponse {
        let what = "draft form";
        let in_guild = modal.guild_id.is_some();
        let audience = if in_guild {
            Audience::Private
        } else {
            Audience::Public
        };
        let mut checking = Checking::in_channel(self.channel(modal.channel_id));
        match modal.data.custom_id.strip_prefix(DRAFT_MODAL) {
            None => self.answer(Answer::UnknownCommand, what),
            Some(choices) => match parse_modal_choices(choices) {
                Err(answer) => self.answer(answer, what),
                Ok((kind, register)) => {
                    checking.kind = kind.or(checking.kind);
                    checking.register = register.or(checking.register);
                    let text = modal
                        .data
                        .components
                        .iter()
                        .flat_map(|row| &row.components)
                        .find_map(|c| match c {
                            ActionRowComponent::InputText(t) if t.custom_id == DRAFT_FIELD => {
                                t.value.clone()
                            }
                            _ => None,
                        })
                        .unwrap_or_default();
                    self.review_response(
                        self.review(&text, checking, audience, what),
                        in_guild,
                        what,
                    )
                }
            },
        }
    }

    async fn on_button(&self, ctx: &Context, button: &ComponentInteraction) {
        let started = Instant::now();
        let (what, response) = self.button_response(button).await;
        self.respond(
            ctx,
            what,
            (button.id.get(), &button.token),
            response,
            started,
        )
        .await;
    }

    /// The answer to a button under a review.
    async fn button_response(
        &self,
        button: &ComponentInteraction,
    ) -> (&'static str, CreateInteractionResponse) {
        let id = button.data.custom_id.as_str();
        let message = &button.message;
        if id == SUGGESTED_BUTTON {
            ("Suggested version", self.suggested_version(message).await)
        } else if let Some(rules) = id.strip_prefix(EXPLAIN_BUTTON) {
            ("Explain", self.explain(rules))
        } else if id == SHARE_BUTTON {
            ("Share", self.share(message).await)
        } else {
            ("button", self.answer(Answer::UnknownCommand, "button"))
        }
    }

    /// The suggested version of the review `message` shows, alone and ready to copy.
    async fn suggested_version(&self, message: &Message) -> CreateInteractionResponse {
        let what = "Suggested version";
        let inline = message
            .embeds
            .first()
            .and_then(|e| e.description.as_deref())
            .and_then(render::suggested_from_description)
            .map(str::to_string);
        let text = match inline {
            Some(t) => t,
            None => {
                let Some(file) = message
                    .attachments
                    .iter()
                    .find(|a| a.filename == render::SUGGESTED_FILE)
                else {
                    return self.answer(Answer::NoSuggestion, what);
                };
                match self
                    .download(
                        &file.url,
                        self.settings.max_draft_bytes * 2,
                        INTERACTION_DOWNLOAD_TIMEOUT,
                    )
                    .await
                {
                    Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    Err(answer) => return self.answer(answer, what),
                }
            }
        };
        let block = format!("```\n{text}\n```");
        let reply = CreateInteractionResponseMessage::new()
            .ephemeral(true)
            .allowed_mentions(no_pings());
        let reply = if !text.contains("```") && render::discord_len(&block) <= limits::MESSAGE {
            reply.content(block)
        } else {
            reply
                .content(format!(
                    "The suggested version is attached as `{}`.",
                    render::SUGGESTED_FILE
                ))
                .add_file(CreateAttachment::bytes(
                    text.into_bytes(),
                    render::SUGGESTED_FILE,
                ))
        };
        CreateInteractionResponse::Message(reply)
    }

    /// Why each rule of a review exists.
    fn explain(&self, rules: &str) -> CreateInteractionResponse {
        let found: Vec<&savy::Rule> = rules
            .split(' ')
            .filter_map(|id| self.voice.engine().rule(id))
            .collect();
        if found.is_empty() {
            return self.answer(Answer::NothingToExplain, "Explain");
        }
        let text = render::render_explanations(&found);
        let reply = CreateInteractionResponseMessage::new()
            .ephemeral(true)
            .allowed_mentions(no_pings());
        let reply = if render::discord_len(&text) <= limits::MESSAGE {
            reply.content(text)
        } else {
            let first = render::split_message(&text, limits::MESSAGE - 60)[0].to_string();
            reply
                .content(format!(
                    "{first}\n\n…the rest is attached as `explanations.md`."
                ))
                .add_file(CreateAttachment::bytes(
                    text.into_bytes(),
                    "explanations.md",
                ))
        };
        CreateInteractionResponse::Message(reply)
    }

    /// Posts an ephemeral review for the whole channel to see, with its files.
    async fn share(&self, message: &Message) -> CreateInteractionResponse {
        let what = "Share";
        let ephemeral = message
            .flags
            .is_some_and(|f| f.bits() & EPHEMERAL_FLAG != 0);
        if message.embeds.is_empty() || !ephemeral && message.interaction_metadata.is_none() {
            return self.answer(Answer::NothingToShare, what);
        }
        let mut files = Vec::new();
        for a in &message.attachments {
            match self
                .download(
                    &a.url,
                    self.settings.max_draft_bytes * 4,
                    INTERACTION_DOWNLOAD_TIMEOUT,
                )
                .await
            {
                Ok(bytes) => files.push(CreateAttachment::bytes(bytes, a.filename.clone())),
                Err(answer) => return self.answer(answer, what),
            }
        }
        // The shared copy keeps the review's buttons except Share itself.
        let components: Vec<CreateActionRow> = message
            .components
            .iter()
            .map(|row| {
                CreateActionRow::Buttons(
                    row.components
                        .iter()
                        .filter_map(|c| match c {
                            ActionRowComponent::Button(b) => match &b.data {
                                serenity::all::ButtonKind::NonLink { custom_id, style }
                                    if custom_id != SHARE_BUTTON =>
                                {
                                    let mut button = CreateButton::new(custom_id).style(*style);
                                    if let Some(label) = &b.label {
                                        button = button.label(label);
                                    }
                                    Some(button)
                                }
                                _ => None,
                            },
                            _ => None,
                        })
                        .collect(),
                )
            })
            .filter(|row| !matches!(row, CreateActionRow::Buttons(b) if b.is_empty()))
            .collect();
        CreateInteractionResponse::Message(
            CreateInteractionResponseMessage::new()
                .embeds(
                    message
                        .embeds
                        .iter()
                        .cloned()
                        .map(CreateEmbed::from)
                        .collect(),
                )
                .components(components)
                .add_files(files)
                .allowed_mentions(no_pings()),
        )
    }

    /// Registers `/tone` and "Check tone"; says whether Discord took them.
    async fn register_commands(&self, ctx: &Context) -> bool {
        let global = self.guild_id.is_none();
        let mut tone = CreateCommand::new(TONE)
            .description("Check the tone of a draft before you send it")
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::String,
                    "text",
                    "The draft; leave out to paste a long one in a form",
                )
                .required(false)
                .max_length(OPTION_MAX_CHARS),
            )
            .add_option(
                CreateCommandOption::new(CommandOptionType::String, "kind", "What the draft is")
                    .required(false)
                    .add_string_choice("reply", "reply")
                    .add_string_choice("email", "email")
                    .add_string_choice("invoice", "invoice"),
            )
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::String,
                    "register",
                    "Check against this register instead of the house one",
                )
                .required(false)
                .add_string_choice("informal (sinuttelu, casual)", "informal")
                .add_string_choice("formal (teitittely)", "formal")
                .add_string_choice("neutral (no direct address)", "neutral"),
            );
        let mut check = CreateCommand::new(CHECK_TONE).kind(CommandType::Message);
        if global {
            // Global commands say where they work; guild commands work in their guild.
            let contexts = vec![InteractionContext::Guild, InteractionContext::BotDm];
            tone = tone.contexts(contexts.clone());
            check = check.contexts(contexts);
        }
        let commands = vec![tone, check];
        let result = match self.guild_id {
            Some(guild) => guild.set_commands(&ctx.http, commands).await,
            None => Command::set_global_commands(&ctx.http, commands).await,
        };
        match result {
            Ok(c) => {
                log!(
                    "registered {} commands {}",
                    c.len(),
                    if global { "globally" } else { "in the guild" }
                );
                true
            }
            Err(e) => {
                log!("registering commands failed: {}", describe(&e));
                false
            }
        }
    }
}

/// The modal that takes a long draft for `/tone`, carrying the command's choices.
fn draft_modal(checking: Checking) -> CreateModal {
    let id = format!(
        "{DRAFT_MODAL}{}:{}",
        checking.kind.map_or("-", DocKind::name),
        checking.register.map_or("-", Register::name)
    );
    CreateModal::new(id, "Check tone").components(vec![CreateActionRow::InputText(
        CreateInputText::new(InputTextStyle::Paragraph, "Draft", DRAFT_FIELD)
            .placeholder("Paste the message you are about to send")
            .max_length(MODAL_MAX_CHARS)
            .required(true),
    )])
}

/// The kind and register a draft modal carries (`reply:formal`, `-:-`).
fn parse_modal_choices(s: &str) -> Result<(Option<DocKind>, Option<Register>), Answer> {
    let (kind, register) = s.split_once(':').ok_or(Answer::UnknownCommand)?;
    let kind = match kind {
        "-" => None,
        k => Some(k.parse().map_err(|_| Answer::UnknownKind)?),
    };
    let register = match register {
        "-" => None,
        r => Some(r.parse().map_err(|_| Answer::UnknownRegister)?),
    };
    Ok((kind, register))
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let _ = self.bot_id.set(ready.user.id);
        log!(
            "ready: application {}, {} guilds",
            ready.application.id,
            ready.guilds.len()
        );
        use std::sync::atomic::Ordering;
        if !self.registered.load(Ordering::SeqCst) && self.register_commands(&ctx).await {
            self.registered.store(true, Ordering::SeqCst);
        }
    }

    async fn message(&self, ctx: Context, msg: Message) {
        self.on_message(&ctx, &msg).await;
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match &interaction {
            Interaction::Command(c) => self.on_command(&ctx, c).await,
            Interaction::Modal(m) => self.on_modal(&ctx, m).await,
            Interaction::Component(b) => self.on_button(&ctx, b).await,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_never_show() {
        let t = Token::new(" secret.token\n").unwrap();
        assert_eq!(format!("{t:?}"), "Token(<hidden>)");
        assert!(Token::new("  ").is_err());
        let e = Token::new("abc def").unwrap_err();
        assert!(!e.contains("abc"), "{e}");
    }

    #[test]
    fn modal_choices_round_trip() {
        assert_eq!(parse_modal_choices("-:-").unwrap(), (None, None));
        assert_eq!(
            parse_modal_choices("invoice:formal").unwrap(),
            (Some(DocKind::Invoice), Some(Register::Formal))
        );
        assert!(matches!(
            parse_modal_choices("letter:-"),
            Err(Answer::UnknownKind)
        ));
        assert!(matches!(
            parse_modal_choices("x"),
            Err(Answer::UnknownCommand)
        ));
    }
}
