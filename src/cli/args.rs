//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use savy::text::{DocKind, Lang};
use savy::{Level, Register};
use std::path::PathBuf;

/// Sävy checks the tone of customer messages against your company's voice.
///
/// It flags blame, bureaucratese, curt refusals, hollow positivity and threatening reminders in
/// Finnish and English drafts, explains why in the voice's own terms, and suggests warmer or
/// more consistent phrasing.
#[derive(Debug, Parser)]
#[command(name = "savy", version, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Examples:
  savy check draft.txt                   check one draft
  pbpaste | savy check -                 check a draft from standard input
  savy check templates/                  check a folder (honours .gitignore)
  savy check --fix draft.txt             write draft.savy.txt with every suggestion applied
  savy check --fix --register formal -   rewrite a draft from stdin into teitittely / formal English
  savy check --context question.txt reply.txt
                                         score a reply's warmth against the customer's message
  savy check --input jsonl --format jsonl export.jsonl
  savy check --rewrite llm reply.txt     suggest a language model's rewrite, checked by the rules
                                         (needs [llm] enabled = true in savy.toml)
  savy report templates/                 how each kind of template addresses the reader
  savy report --format html --output register.html templates/
  savy explain fi.blame.kuten-totesimme  why a rule exists, with examples
  savy rules test                        run the examples of every pack

Configuration: --config FILE, else the nearest savy.toml in this folder or a parent, else the
bundled profile. `savy config` shows which is used.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Options every command takes.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Use this voice profile instead of looking for savy.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Add rule packs from DIR (any *.toml below it); a pack with the same id as a shipped one
    /// (e.g. DIR/fi/blame.toml) replaces it.
    #[arg(long = "rules", global = true, value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// When to colour output. NO_COLOR in the environment turns colour off.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorWhen {
    /// Colour on a terminal, none when piped.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check drafts: files, folders, or `-` for standard input.
    ///
    /// Exit status: 0 when nothing is at or above --fail-level, 1 when something is, 2 for
    /// usage, configuration or input errors. A language-model rewrite that fails or is
    /// rejected never changes the exit status: the rules' rewrite stands in.
    #[command(
        after_help = "Language-model rewrite (--rewrite llm), off unless savy.toml says:
  [llm]
  enabled = true                     drafts may leave this machine (default false)
  url = \"https://api.openai.com/v1\"  an OpenAI-compatible API (/chat/completions is added)
  model = \"gpt-4o-mini\"
  key_file = \"secrets/llm-key\"       relative to savy.toml
  timeout_ms = 30000                 per draft (default 30000)
  max_draft_bytes = 32768            longer drafts are not sent (default 32768)

Environment:
  SAVY_LLM_API_KEY  the API key (wins over key_file); never printed or logged
  SAVY_LLM_URL      the API address (wins over url)
  SAVY_LLM_MODEL    the model (wins over model)

Drafts are sent one at a time. Whatever goes wrong (no connection, 401, 429, 5xx, a time-out,
a malformed answer), the draft keeps the rules' rewrite and standard error says why; after a
refused connection or key, or three failures in a row, the rest of the batch is not sent."
    )]
    Check(CheckArgs),
    /// Report how each file addresses the reader (sinä or Te, casual or formal), per document
    /// kind, and which files depart from the profile's register.
    ///
    /// Every file is reviewed for its register: informal (sinuttelu, casual English), formal
    /// (teitittely, formal English), neutral (no direct address) or mixed (both). Files are
    /// grouped by kind (--kind, else the profile's [kinds] globs, else its default_kind, else
    /// "unknown"). A file departs when it is mixed, or informal or formal where the profile's
    /// [register] for its kind says otherwise; for a kind without a house register, when it
    /// is not the register most files of that kind use. Neutral files never depart.
    ///
    /// Files that cannot be read (binary, invalid UTF-8 without --lossy, too large) get a row
    /// with the error and the report goes on.
    #[command(after_help = "Examples:
  savy report                            every file below the current folder
  savy report macros/ letters/           two folders, one table per kind
  savy report --kind reply macros/       treat every file as a reply
  savy report --format json . > register.json
  savy report --format html --output register.html templates/
                                         one self-contained page with a chart; --force to replace

Exit status: 0 when no file departs, 1 when some file departs (gate CI on it), 2 for usage,
configuration or input errors (a file that could not be read, an existing --output without
--force).")]
    Report(ReportArgs),
    /// List, test or inspect rule packs.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Explain a rule: its message, rationale, patterns and examples.
    Explain {
        /// A rule id, e.g. fi.blame.kuten-totesimme.
        rule: String,
    },
    /// Show the profile in use and its effective settings.
    Config,
    /// Run the Discord bot: DM it a draft or mention it with one, `/tone`, or "Check tone" on
    /// any message. Stops cleanly on Ctrl-C or SIGTERM.
    #[command(after_help = "Environment:
  DISCORD_TOKEN       the bot token (else [discord] token_file in savy.toml); never printed
  DISCORD_GUILD_ID    register the commands in this server only (instant, for setup);
                      globally otherwise
  DISCORD_PROXY_URL   send Discord HTTP requests through this proxy, e.g.
                      http://127.0.0.1:3000 (else [discord] proxy_url in savy.toml)

Per-channel kind, language and register: [discord.channels.\"ID\"] in savy.toml.")]
    Discord,
    /// Run the HTTP server: Slack's `/tone` slash command, events and "Check tone" shortcut,
    /// Mattermost's slash command, Discord's HTTP interactions, a JSON API, health and metrics.
    /// Stops cleanly on Ctrl-C or SIGTERM, finishing requests in flight.
    #[command(after_help = "Endpoints:
  POST /slack/commands       the Slack slash command (needs SLACK_SIGNING_SECRET)
  POST /slack/events         mentions and DMs, answered in a thread (and SLACK_BOT_TOKEN)
  POST /slack/interactions   the \"Check tone\" message shortcut, callback id check_tone
  POST /mattermost/commands  the slash command from Mattermost (needs MATTERMOST_TOKEN)
  POST /discord/interactions Discord's HTTP interactions (needs DISCORD_PUBLIC_KEY)
  POST /api/v1/check         {\"text\": …} in, the JSON of `savy check --format json` out
  GET  /healthz              ok
  GET  /metrics              Prometheus text: requests, latency, findings by rule id

Environment:
  SLACK_SIGNING_SECRET  verifies that requests come from Slack; never printed
  SLACK_BOT_TOKEN       the bot token replies in threads are posted with; never printed
  SLACK_API_URL         Slack's Web API (else [serve] slack_api_url, else
                        https://slack.com/api)
  MATTERMOST_TOKEN      the Mattermost slash command's token (else [serve]
                        mattermost_token_file in savy.toml); never printed
  DISCORD_PUBLIC_KEY    the Discord application's public key (hex), to verify interactions
  DISCORD_PROXY_URL     fetch Discord attachments through this proxy (else [discord]
                        proxy_url)

Limits: [serve] max_body_bytes (default 65536) and request_timeout_ms (default 5000) in
savy.toml.")]
    Serve {
        /// The address and port to listen on (else [serve] listen in savy.toml, else
        /// 127.0.0.1:8080); port 0 picks a free one and logs it.
        #[arg(long, value_name = "ADDR:PORT")]
        listen: Option<std::net::SocketAddr>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every rule in use.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Run the examples of rule packs: bad examples must be flagged (and fixed as written),
    /// good ones must not.
    Test {
        /// Pack ids (fi/blame) or paths to pack files; every pack when none is given.
        packs: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Diagnostics for people, with a summary.
    Human,
    /// One JSON document for the whole batch.
    Json,
    /// One JSON object per line, per input, in input order.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    /// Tables per kind, with verdicts, for people.
    Human,
    /// One JSON document (the schema is in the README).
    Json,
    /// One self-contained HTML page: inline styles and chart, nothing fetched.
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum InputFormat {
    /// Each input is one draft.
    Text,
    /// Each line is {"id": …, "text": …, "kind": …, "lang": …} (kind and lang optional).
    Jsonl,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RewriteWith {
    /// Every suggestion applied, on this machine.
    Rules,
    /// A language model's rewrite, re-checked by the rules.
    Llm,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailLevel {
    Info,
    Warning,
    Error,
    /// Never fail because of findings.
    Never,
}

impl FailLevel {
    pub fn level(self) -> Option<Level> {
        match self {
            FailLevel::Info => Some(Level::Info),
            FailLevel::Warning => Some(Level::Warning),
            FailLevel::Error => Some(Level::Error),
            FailLevel::Never => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// How inputs are read.
    #[arg(long, value_enum, default_value_t = InputFormat::Text)]
    pub input: InputFormat,

    /// Apply every suggestion: to standard output for `-`, else to NAME.savy.EXT beside each
    /// file (with --format jsonl or json, as a "fixed" field).
    #[arg(long)]
    pub fix: bool,

    /// With --fix, replace the files themselves (atomically: nothing is lost on an error).
    #[arg(long, requires = "fix")]
    pub in_place: bool,

    /// Exit with 1 when a finding is at or above this level.
    #[arg(long, value_enum)]
    pub fail_level: Option<FailLevel>,

    /// Check every draft against this register instead of the profile's choice for its kind:
    /// informal (sinuttelu; casual English), formal (teitittely; formal English) or neutral (no
    /// direct address). With --fix, sentences that depart from it are converted.
    #[arg(long, value_parser = parse_register, value_name = "REGISTER")]
    pub register: Option<Register>,

    /// The customer's message the drafts reply to: when the customer is upset, a reply that
    /// does not acknowledge it scores colder, and questions it seems to leave unanswered are
    /// named.
    #[arg(long, value_name = "FILE")]
    pub context: Option<PathBuf>,

    /// Who writes the suggested draft: the rules (every suggestion applied), or a language
    /// model whose rewrite the rules re-check. `llm` sends each draft to the API under [llm]
    /// in savy.toml, and only when it says `enabled = true`; a rewrite that scores colder, has
    /// more findings or loses a fact (an amount, date, order number, URL, name) is rejected
    /// for the rules' rewrite, as is any failure to get one.
    #[arg(long, value_enum, default_value_t = RewriteWith::Rules, value_name = "WHO")]
    pub rewrite: RewriteWith,

    #[command(flatten)]
    pub draft: DraftArgs,

    /// Print only the summary line (human format).
    #[arg(long, short)]
    pub quiet: bool,
}

/// How drafts are read and classified; `check` and `report` share them.
#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The language of the drafts; detected per draft when not given.
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// The document kind of the drafts; else from the profile's [kinds] globs.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<DocKind>,

    /// Decode invalid UTF-8 with replacement characters instead of refusing the input.
    #[arg(long)]
    pub lossy: bool,

    /// Refuse drafts larger than this many bytes (default from the profile, else 16 MiB; at
    /// most 1 GiB); in a JSONL batch, each line.
    #[arg(long, value_name = "BYTES",
          value_parser = clap::value_parser!(u64).range(1..=savy::check::MAX_DRAFT_BYTES))]
    pub max_bytes: Option<u64>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Files or folders to report on (folders honour .gitignore).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,

    /// Write the report to FILE (atomically) instead of standard output; an existing FILE is
    /// refused unless --force.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// With --output, replace an existing file.
    #[arg(long, requires = "output")]
    pub force: bool,

    #[command(flatten)]
    pub draft: DraftArgs,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

fn parse_kind(s: &str) -> Result<DocKind, String> {
    s.parse()
}

fn parse_register(s: &str) -> Result<Register, String> {
    s.parse()
}
