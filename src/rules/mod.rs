//! Rule packs: the TOML schema, loading with precise errors, and the rules they compile to.
//!
//! The format is documented for rule authors in `rules/README.md`.

mod error;
mod fold;
mod pattern;
mod toml_tree;

pub use error::{SourceError, line_column};
pub use fold::{fold, fold_into, is_folded};
pub use pattern::{Alt, ByteSet, Pattern, Slot};

use crate::text::{DocKind, Lang, LineIndex};
use crate::voice::Register;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use toml::Spanned;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A hint; never fails a check by default.
    Info,
    /// Should be changed before sending.
    Warning,
    /// Must be changed before sending.
    Error,
}

impl Level {
    /// The name used in rule files and output.
    pub fn name(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Level::Info),
            "warning" => Ok(Level::Warning),
            "error" => Ok(Level::Error),
            _ => Err(format!(
                "unknown level `{s}` (expected info, warning or error)"
            )),
        }
    }
}

/// Where a required element must stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Position {
    /// In the first `within` sentences.
    Start,
    /// In the last `within` sentences.
    End,
    /// In the last `within` sentences; inserted at the end of the body, before a sign-off
    /// paragraph ("Best regards,\nLaura") when the draft ends with one.
    BeforeClose,
    /// Anywhere in the draft.
    Anywhere,
}

/// A measure of the text with a threshold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Metric {
    /// More than `max` exclamation marks in a row.
    ExclamationRun {
        /// The longest run allowed.
        max: usize,
    },
    /// A word of at least `min` letters all in upper case, unless allowed.
    CapsWord {
        /// The shortest word that counts.
        min: usize,
        /// Acronyms that may stay in capitals, upper case.
        allow: Vec<String>,
    },
    /// A sentence of more than `max` words.
    SentenceWords {
        /// The most words allowed.
        max: usize,
    },
    /// A sentence that ends with a question mark: in the customer's message, a question the
    /// reply should answer.
    Question,
}

/// One set of forms of a consistency rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermSet {
    /// The name the message uses for the set.
    pub name: String,
    /// The forms of the set.
    pub patterns: Vec<Pattern>,
    /// The replacement offered when converting to this set.
    pub replace: Option<String>,
}

/// What a rule looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// Flags phrases or regex matches.
    Phrase {
        /// Token patterns.
        patterns: Vec<Pattern>,
        /// Regular expressions (case-insensitive).
        regexes: Vec<String>,
        /// No finding in a sentence where one of these matches.
        unless: Vec<Pattern>,
    },
    /// Fires when none of the patterns is present where required.
    Required {
        /// What counts as the element.
        patterns: Vec<Pattern>,
        /// Where it must be.
        position: Position,
        /// How many sentences from the start or end count.
        within: usize,
        /// What to insert per register (the house register, else the draft's own): `Hei
        /// [nimi],` or `Hyvä [nimi],`. A register without one gets the rule's `suggest`.
        templates: RegisterMessages,
    },
    /// A measure of the text.
    Metric(Metric),
    /// Sets of forms not to be mixed in one draft.
    Consistency(Vec<TermSet>),
    /// How the draft addresses its reader, against the house register or itself.
    Register(RegisterCheck),
}

/// What a register rule looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegisterCheck {
    /// A sentence departs from the house register for the draft's kind.
    Mismatch,
    /// A draft that addresses its reader both informally and formally.
    Mixed,
    /// Teitittely with a lower-case `te`, `teille` where the house capitalises it.
    LowercasePronoun,
    /// Teitittely to one reader with a plural participle: `olette tilanneet`.
    PluralParticiple,
}

impl RegisterCheck {
    /// The name used in rule files.
    pub fn name(self) -> &'static str {
        match self {
            RegisterCheck::Mismatch => "mismatch",
            RegisterCheck::Mixed => "mixed",
            RegisterCheck::LowercasePronoun => "lowercase-pronoun",
            RegisterCheck::PluralParticiple => "plural-participle",
        }
    }
}

/// A register rule's messages: the one for the register the draft should be in (the house
/// register for `mismatch`, the dominant one for `mixed`), with `{words}`, `{count}` and
/// `{total}` filled in.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterMessages {
    /// When the draft should be informal.
    pub informal: Option<String>,
    /// When the draft should be formal.
    pub formal: Option<String>,
    /// When the draft should not address the reader at all.
    pub neutral: Option<String>,
}

impl RegisterMessages {
    /// The message for `register`, if the rule has one.
    pub fn for_register(&self, register: Register) -> Option<&str> {
        match register {
            Register::Informal => self.informal.as_deref(),
            Register::Formal => self.formal.as_deref(),
            Register::Neutral => self.neutral.as_deref(),
        }
    }
}

/// Points a rule adds to (or takes from) the warmth score, per document kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Weights {
    /// For a kind not listed, and for a draft of unknown kind.
    pub default: i32,
    /// Per kind in [`DocKind::ALL`] order, when the pack names it.
    pub by_kind: [Option<i32>; 4],
}

impl Weights {
    /// The largest weight a pack may give, up or down: one signal never decides a score alone.
    pub const MAX: i32 = 30;

    /// The points for a draft of `kind`.
    pub fn for_kind(&self, kind: Option<DocKind>) -> i32 {
        kind.and_then(|k| {
            let i = DocKind::ALL.iter().position(|x| *x == k)?;
            self.by_kind[i]
        })
        .unwrap_or(self.default)
    }
}

/// What a cue in the customer's own message says about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cue {
    /// The customer is upset: a reply that shows none of the `acknowledged_by` signals loses
    /// the rule's weight.
    Upset {
        /// Ids of the signal rules that acknowledge the customer's feelings.
        acknowledged_by: Vec<String>,
    },
    /// The customer asked something: a reply that seems to leave it unanswered loses the
    /// rule's weight.
    Question,
}

/// A rule's part in the warmth score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarmthRule {
    /// Points per document kind: positive for a warm signal, negative for a cold one.
    pub weights: Weights,
    /// Whether the rule also reports findings. A rule without a `level` is a signal only.
    pub reports: bool,
    /// For a warm signal: what to do when a draft lacks it (a change that would raise it).
    pub advice: Option<String>,
    /// For a rule read in the customer's message (`--context`) rather than the draft.
    pub cue: Option<Cue>,
}

impl WarmthRule {
    /// Whether the rule adds points for some kind of draft.
    pub fn weights_any_warm(&self) -> bool {
        std::iter::once(self.weights.default)
            .chain(self.weights.by_kind.into_iter().flatten())
            .any(|x| x > 0)
    }
}

/// A rule's example and what it must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The draft.
    pub text: String,
    /// For a `bad` example, the draft after the rule's first suggestion, when given.
    pub fixed: Option<String>,
    /// The document kind to check it as.
    pub kind: Option<DocKind>,
    /// The house register to check it against (register rules).
    pub register: Option<Register>,
    /// Line of the example in its pack, for test failures.
    pub line: usize,
    /// Column (in characters) of the example in its pack.
    pub column: usize,
}

/// A compiled rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, `<lang>.<what-it-flags>`.
    pub id: String,
    /// The pack it comes from.
    pub pack: String,
    /// Severity.
    pub level: Level,
    /// Why, in the voice's terms, in the pack's language.
    pub message: String,
    /// A longer explanation for `savy explain`.
    pub rationale: Option<String>,
    /// The language of drafts it applies to; `None` for every language.
    pub lang: Option<Lang>,
    /// The document kinds it applies to; empty for every kind.
    pub kinds: Vec<DocKind>,
    /// What it looks for.
    pub check: Check,
    /// Replacement templates; the first is applied by `--fix`.
    pub suggest: Vec<String>,
    /// Register rules: the message per register the draft should be in.
    pub messages: RegisterMessages,
    /// How it moves the warmth score, if it does.
    pub warmth: Option<WarmthRule>,
    /// Text it must flag.
    pub bad: Vec<Example>,
    /// Text it must leave alone.
    pub good: Vec<Example>,
}

impl Rule {
    /// Whether the rule applies to a draft of this kind.
    pub fn applies_to_kind(&self, kind: Option<DocKind>) -> bool {
        self.kinds.is_empty() || kind.is_some_and(|k| self.kinds.contains(&k))
    }

    /// Whether a match becomes a finding; a warmth signal without a `level` only scores.
    pub fn reports_findings(&self) -> bool {
        self.warmth.as_ref().is_none_or(|w| w.reports)
    }

    /// Whether only the rule's first match in a draft counts: a warmth signal that only scores
    /// adds its points once. (A rule read in the customer's message counts every match: each
    /// question they ask is one to answer.)
    pub fn scores_once(&self) -> bool {
        !self.reports_findings() && !self.reads_context()
    }

    /// Whether the rule reads the customer's message (`--context`) instead of the draft.
    pub fn reads_context(&self) -> bool {
        self.warmth.as_ref().is_some_and(|w| w.cue.is_some())
    }

    /// The warmth points of a match in a draft of `kind`; 0 for a rule that does not score.
    pub fn warmth_for(&self, kind: Option<DocKind>) -> i32 {
        self.warmth.as_ref().map_or(0, |w| w.weights.for_kind(kind))
    }
}

/// A loaded pack: its id, where it came from, and its rules.
#[derive(Debug, Clone)]
pub struct Pack {
    /// `fi/blame` for `rules/fi/blame.toml`.
    pub id: String,
    /// The path shown in messages.
    pub path: String,
    /// The language of its drafts.
    pub lang: Lang,
    /// What the pack covers.
    pub description: String,
    /// Its rules, in file order.
    pub rules: Vec<Rule>,
}

/// The text of a pack before loading.
#[derive(Debug, Clone)]
pub struct PackSource {
    /// Pack id, e.g. `fi/blame`.
    pub id: String,
    /// The path shown in messages.
    pub path: String,
    /// The TOML text.
    pub text: String,
}

mod shipped {
    include!(concat!(env!("OUT_DIR"), "/shipped_packs.rs"));
}

/// The packs compiled into the binary.
pub fn shipped_packs() -> Vec<PackSource> {
    shipped::PACKS
        .iter()
        .map(|(id, text, _)| PackSource {
            id: id.to_string(),
            path: format!("<bundled>/rules/{id}.toml"),
            text: text.to_string(),
        })
        .collect()
}

/// The bundled default voice profile.
pub const DEFAULT_PROFILE: &str = shipped::DEFAULT_PROFILE;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    pack: PackMeta,
    #[serde(default)]
    rule: Vec<Spanned<RuleSpec>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackMeta {
    lang: Lang,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: Spanned<String>,
    level: Option<Level>,
    message: String,
    rationale: Option<String>,
    #[serde(default)]
    kinds: Vec<DocKind>,
    #[serde(default, rename = "match")]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    regex: Vec<Spanned<String>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    #[serde(default)]
    suggest: Vec<String>,
    #[serde(default)]
    require: Vec<Spanned<String>>,
    position: Option<Spanned<Position>>,
    within: Option<Spanned<usize>>,
    metric: Option<Spanned<String>>,
    max: Option<Spanned<usize>>,
    min: Option<Spanned<usize>>,
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    consistency: Vec<Spanned<TermSetSpec>>,
    register: Option<Spanned<RegisterCheck>>,
    messages: Option<Spanned<RegisterMessages>>,
    suggest_by_register: Option<Spanned<RegisterMessages>>,
    warmth: Option<Spanned<WeightSpec>>,
    advice: Option<Spanned<String>>,
    context: Option<Spanned<CueKind>>,
    #[serde(default)]
    acknowledged_by: Vec<String>,
    #[serde(default)]
    bad: Vec<Spanned<ExampleSpec>>,
    #[serde(default)]
    good: Vec<Spanned<ExampleSpec>>,
}

/// `warmth = -8`, or per kind: `warmth = { default = 6, invoice = 0 }`.
#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a whole number of points (`warmth = -8`), or a table of them per kind (`warmth = { default = 6, invoice = 0 }`; keys default, reply, email, invoice, reminder)"
)]
enum WeightSpec {
    All(i64),
    PerKind(KindWeightSpec),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindWeightSpec {
    default: Option<i64>,
    reply: Option<i64>,
    email: Option<i64>,
    invoice: Option<i64>,
    reminder: Option<i64>,
}

impl WeightSpec {
    /// The weights, or the first one out of range with its key.
    fn weights(&self) -> Result<Weights, String> {
        let check = |key: &str, w: i64| -> Result<i32, String> {
            if (-i64::from(Weights::MAX)..=i64::from(Weights::MAX)).contains(&w) {
                Ok(w as i32)
            } else {
                Err(format!(
                    "{key}{w} is out of range: a weight is from -{max} to {max}",
                    max = Weights::MAX
                ))
            }
        };
        match self {
            WeightSpec::All(w) => Ok(Weights {
                default: check("warmth = ", *w)?,
                by_kind: [None; 4],
            }),
            WeightSpec::PerKind(t) => {
                let kind = |name: &str, w: Option<i64>| -> Result<Option<i32>, String> {
                    w.map(|w| check(&format!("warmth.{name} = "), w))
                        .transpose()
                };
                Ok(Weights {
                    default: kind("default", t.default)?.unwrap_or(0),
                    by_kind: [
                        kind("reply", t.reply)?,
                        kind("email", t.email)?,
                        kind("invoice", t.invoice)?,
                        kind("reminder", t.reminder)?,
                    ],
                })
            }
        }
    }
}

/// What a rule read in the customer's message detects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum CueKind {
    Upset,
    Question,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermSetSpec {
    name: String,
    #[serde(rename = "match")]
    patterns: Vec<Spanned<String>>,
    replace: Option<String>,
}

#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a string, or a table { text = \"…\", fixed = \"…\", kind = \"…\", register = \"…\" }"
)]
enum ExampleSpec {
    Text(String),
    Table(ExampleTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleTable {
    text: String,
    fixed: Option<String>,
    kind: Option<DocKind>,
    register: Option<Register>,
}

/// Parses and validates one pack. Every error names the file, line and column.
pub fn load_pack(source: &PackSource) -> Result<Pack, SourceError> {
    // A text the build script parsed (a shipped pack's, wherever it is loaded from) is read
    // from its tree: the same values with the same spans as parsing the text again gives.
    let tree = shipped::PACKS
        .iter()
        .find(|(_, text, _)| *text == source.text)
        .and_then(|(_, _, tree)| *tree);
    load_pack_from(source, tree)
}

/// [`load_pack`], from `tree` when given: the parsed TOML of `source.text`.
fn load_pack_from(source: &PackSource, tree: Option<&[u8]>) -> Result<Pack, SourceError> {
    let src = source.text.as_str();
    let path = source.path.as_str();
    // A tree that does not deserialize leaves the text to toml, whose error says where.
    let file: PackFile = match tree.and_then(|t| toml_tree::from_slice(t).ok()) {
        Some(file) => file,
        None => toml::from_str(src).map_err(|e| SourceError::from_toml(path, src, &e))?,
    };
    let lang = file.pack.lang;
    let lines = LineIndex::new(src);
    let mut rules = Vec::with_capacity(file.rule.len());
    for spec in file.rule {
        rules.push(compile_rule(spec, &source.id, lang, path, src, &lines)?);
    }
    Ok(Pack {
        id: source.id.clone(),
        path: path.to_string(),
        lang,
        description: file.pack.description,
        rules,
    })
}

fn compile_patterns(
    list: &[Spanned<String>],
    path: &str,
    src: &str,
) -> Result<Vec<Pattern>, SourceError> {
    list.iter()
        .map(|p| {
            Pattern::parse(p.get_ref()).map_err(|e| {
                SourceError::at(path, src, Some(p.span()), format!("bad pattern: {e}"))
            })
        })
        .collect()
}

fn compile_rule(
    spec: Spanned<RuleSpec>,
    pack: &str,
    lang: Lang,
    path: &str,
    src: &str,
    lines: &LineIndex<'_>,
) -> Result<Rule, SourceError> {
    let rule_span = spec.span();
    let spec = spec.into_inner();
    let id_span = spec.id.span();
    let id = spec.id.get_ref().clone();
    let err = |span: Range<usize>, msg: String| {
        SourceError::at(path, src, Some(span), format!("rule `{id}`: {msg}"))
    };

    let prefix = format!("{}.", lang.code());
    if !id.starts_with(&prefix) || id.len() == prefix.len() {
        return Err(err(
            id_span,
            format!("the id must start with `{prefix}` (the pack's language)"),
        ));
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
    {
        return Err(err(
            id_span,
            "an id is lower-case ASCII letters, digits, `.`, `-` and `_`".into(),
        ));
    }

    let kinds_present = [
        !spec.patterns.is_empty() || !spec.regex.is_empty(),
        !spec.require.is_empty(),
        spec.metric.is_some(),
        !spec.consistency.is_empty(),
        spec.register.is_some(),
    ];
    let n = kinds_present.iter().filter(|b| **b).count();
    if n != 1 {
        let what = if n == 0 {
            "says nothing to look for"
        } else {
            "mixes kinds of rule"
        };
        return Err(err(
            rule_span,
            format!(
                "{what}: give exactly one of `match`/`regex` (phrase), `require`, `metric`, `consistency` or `register`"
            ),
        ));
    }
    // Keys that only belong to one kind of rule.
    let stray = |present: bool, key: &str, kind: &str| -> Result<(), SourceError> {
        if present {
            Err(err(
                rule_span.clone(),
                format!("`{key}` only applies to {kind} rules"),
            ))
        } else {
            Ok(())
        }
    };
    let is_phrase = kinds_present[0];
    let is_required = kinds_present[1];
    if let Some(m) = &spec.messages
        && spec.register.is_none()
    {
        return Err(err(
            m.span(),
            "`messages` only applies to `register` rules".into(),
        ));
    }
    stray(!spec.unless.is_empty() && !is_phrase, "unless", "phrase")?;
    stray(
        spec.suggest_by_register.is_some() && !is_required,
        "suggest_by_register",
        "`require`",
    )?;
    let warmth = warmth_rule(&spec, rule_span.clone(), is_phrase, &err)?;
    stray(
        (spec.position.is_some() || spec.within.is_some()) && !is_required,
        "position`/`within",
        "`require`",
    )?;
    stray(
        (spec.max.is_some() || spec.min.is_some() || !spec.allow.is_empty())
            && spec.metric.is_none(),
        "max`/`min`/`allow",
        "`metric`",
    )?;

    let check = if is_phrase {
        // Parsing finds every syntax error at a fraction of the cost of compiling; the engine
        // compiles when a draft first needs the pack's language (and rule tests force it).
        let syntax = regex_automata::util::syntax::Config::new().case_insensitive(true);
        for r in &spec.regex {
            regex_automata::util::syntax::parse_with(r.get_ref(), &syntax)
                .map_err(|e| err(r.span(), format!("the regex does not compile: {e}")))?;
        }
        Check::Phrase {
            patterns: compile_patterns(&spec.patterns, path, src)?,
            regexes: spec.regex.iter().map(|r| r.get_ref().clone()).collect(),
            unless: compile_patterns(&spec.unless, path, src)?,
        }
    } else if is_required {
        let within = spec.within.map(|w| (w.span(), *w.get_ref()));
        if let Some((span, 0)) = within {
            return Err(err(span, "`within` must be at least 1".into()));
        }
        Check::Required {
            patterns: compile_patterns(&spec.require, path, src)?,
            position: spec.position.map_or(Position::Anywhere, |p| p.into_inner()),
            within: within.map_or(2, |w| w.1),
            templates: spec
                .suggest_by_register
                .map(Spanned::into_inner)
                .unwrap_or_default(),
        }
    } else if let Some(metric) = &spec.metric {
        let max = spec.max.as_ref().map(|m| *m.get_ref());
        let min = spec.min.as_ref().map(|m| *m.get_ref());
        let m = match metric.get_ref().as_str() {
            "exclamation-run" => Metric::ExclamationRun {
                max: max.unwrap_or(1).max(1),
            },
            "caps-word" => Metric::CapsWord {
                min: min.unwrap_or(4).max(2),
                allow: spec.allow.iter().map(|a| a.to_uppercase()).collect(),
            },
            "sentence-words" => Metric::SentenceWords {
                max: max.unwrap_or(35),
            },
            "question" => Metric::Question,
            other => {
                return Err(err(
                    metric.span(),
                    format!(
                        "unknown metric `{other}` (expected exclamation-run, caps-word, sentence-words or question)"
                    ),
                ));
            }
        };
        Check::Metric(m)
    } else if let Some(register) = &spec.register {
        Check::Register(*register.get_ref())
    } else {
        if spec.consistency.len() < 2 {
            return Err(err(
                rule_span,
                "`consistency` needs at least two sets".into(),
            ));
        }
        let mut sets = Vec::new();
        for set in spec.consistency {
            let span = set.span();
            let set = set.into_inner();
            if set.patterns.is_empty() {
                return Err(err(span, format!("set `{}` has no `match`", set.name)));
            }
            sets.push(TermSet {
                patterns: compile_patterns(&set.patterns, path, src)?,
                name: set.name,
                replace: set.replace,
            });
        }
        Check::Consistency(sets)
    };

    let example = |e: Spanned<ExampleSpec>, bad: bool| -> Result<Example, SourceError> {
        let span = e.span();
        let (line, column) = lines.position(span.start);
        Ok(match e.into_inner() {
            ExampleSpec::Text(text) => Example {
                text,
                fixed: None,
                kind: None,
                register: None,
                line,
                column,
            },
            ExampleSpec::Table(t) => {
                if t.fixed.is_some() && !bad {
                    return Err(err(span, "a `good` example cannot have `fixed`".into()));
                }
                if t.register.is_some() && !matches!(check, Check::Register(_)) {
                    return Err(err(
                        span,
                        "`register` in an example only applies to `register` rules".into(),
                    ));
                }
                let suggests_by_itself = match &check {
                    Check::Metric(Metric::CapsWord { .. } | Metric::ExclamationRun { .. }) => true,
                    Check::Required { templates, .. } => *templates != RegisterMessages::default(),
                    Check::Consistency(sets) => sets.iter().any(|s| s.replace.is_some()),
                    Check::Register(_) => true,
                    _ => false,
                };
                if t.fixed.is_some() && spec.suggest.is_empty() && !suggests_by_itself {
                    return Err(err(span, "`fixed` needs a `suggest` to apply".into()));
                }
                Example {
                    text: t.text,
                    fixed: t.fixed,
                    kind: t.kind,
                    register: t.register,
                    line,
                    column,
                }
            }
        })
    };
    if spec.bad.is_empty() || spec.good.is_empty() {
        return Err(err(
            rule_span,
            "needs examples both ways: `bad` (text it must flag) and `good` (text it must leave alone)".into(),
        ));
    }
    let bad = spec
        .bad
        .into_iter()
        .map(|e| example(e, true))
        .collect::<Result<_, _>>()?;
    let good = spec
        .good
        .into_iter()
        .map(|e| example(e, false))
        .collect::<Result<_, _>>()?;

    Ok(Rule {
        id,
        pack: pack.to_string(),
        // A signal without a level reports no finding; its level is never shown.
        level: spec.level.unwrap_or(Level::Info),
        message: spec.message,
        rationale: spec.rationale,
        lang: Some(lang),
        kinds: spec.kinds,
        check,
        suggest: spec.suggest,
        messages: spec.messages.map(Spanned::into_inner).unwrap_or_default(),
        warmth,
        bad,
        good,
    })
}

/// The rule's part in the warmth score, checked: a rule needs a `level` or a `warmth`, advice
/// belongs to warm signals, and a `context` cue to signals that only score.
fn warmth_rule(
    spec: &RuleSpec,
    rule_span: Range<usize>,
    is_phrase: bool,
    err: &impl Fn(Range<usize>, String) -> SourceError,
) -> Result<Option<WarmthRule>, SourceError> {
    let Some(w) = &spec.warmth else {
        if spec.level.is_none() {
            return Err(err(
                rule_span,
                "needs a `level` (it reports findings), a `warmth` weight (it moves the warmth score), or both".into(),
            ));
        }
        if let Some(a) = &spec.advice {
            return Err(err(
                a.span(),
                "`advice` only applies to warmth signals (give the rule a `warmth` weight)".into(),
            ));
        }
        if let Some(c) = &spec.context {
            return Err(err(
                c.span(),
                "`context` only applies to warmth signals (give the rule a `warmth` weight)".into(),
            ));
        }
        if !spec.acknowledged_by.is_empty() {
            return Err(err(
                rule_span,
                "`acknowledged_by` only applies to `context` rules".into(),
            ));
        }
        return Ok(None);
    };
    let weights = w.get_ref().weights().map_err(|m| err(w.span(), m))?;
    let warm = std::iter::once(weights.default)
        .chain(weights.by_kind.into_iter().flatten())
        .any(|x| x > 0);
    if let Some(a) = &spec.advice
        && !warm
    {
        return Err(err(
            a.span(),
            "`advice` says how to add a warm signal: it needs a positive `warmth`".into(),
        ));
    }
    let cue = match &spec.context {
        None => {
            if !spec.acknowledged_by.is_empty() {
                return Err(err(
                    rule_span,
                    "`acknowledged_by` only applies to `context` rules".into(),
                ));
            }
            None
        }
        Some(c) => {
            if spec.level.is_some() {
                return Err(err(
                    c.span(),
                    "a `context` rule reads the customer's message and reports no finding: drop its `level`".into(),
                ));
            }
            if warm {
                return Err(err(
                    w.span(),
                    "a `context` rule's `warmth` is what an unacknowledged reply loses: it must not be positive".into(),
                ));
            }
            let metric_or_phrase = is_phrase || spec.metric.is_some();
            if !metric_or_phrase || !spec.regex.is_empty() {
                return Err(err(
                    c.span(),
                    "a `context` rule is a `match` or a `metric` rule".into(),
                ));
            }
            match c.get_ref() {
                CueKind::Upset if spec.acknowledged_by.is_empty() => {
                    return Err(err(
                        c.span(),
                        "a `context = \"upset\"` rule names the signals that acknowledge the customer: `acknowledged_by = [\"…\"]`".into(),
                    ));
                }
                CueKind::Upset => Some(Cue::Upset {
                    acknowledged_by: spec.acknowledged_by.clone(),
                }),
                CueKind::Question if !spec.acknowledged_by.is_empty() => {
                    return Err(err(
                        rule_span,
                        "`acknowledged_by` only applies to `context = \"upset\"` rules".into(),
                    ));
                }
                CueKind::Question => Some(Cue::Question),
            }
        }
    };
    Ok(Some(WarmthRule {
        weights,
        reports: spec.level.is_some(),
        advice: spec.advice.as_ref().map(|a| a.get_ref().clone()),
        cue,
    }))
}

/// Loads many packs and checks what spans packs: rule ids are unique.
pub fn load_packs(sources: &[PackSource]) -> Result<Vec<Pack>, SourceError> {
    let packs: Vec<Pack> = sources.iter().map(load_pack).collect::<Result<_, _>>()?;
    let mut seen: std::collections::HashMap<&str, &Pack> = std::collections::HashMap::new();
    for pack in &packs {
        for rule in &pack.rules {
            if let Some(other) = seen.insert(&rule.id, pack) {
                let src = sources
                    .iter()
                    .find(|s| s.id == pack.id)
                    .map_or("", |s| s.text.as_str());
                let at = src.find(&format!("\"{}\"", rule.id)).map(|p| p..p);
                return Err(SourceError::at(
                    &pack.path,
                    src,
                    at,
                    format!("rule id `{}` is already used in {}", rule.id, other.path),
                ));
            }
        }
    }
    // A context cue names the warm signals that answer it; they must exist.
    for (pack, source) in packs.iter().zip(sources) {
        for rule in &pack.rules {
            let Some(Cue::Upset { acknowledged_by }) =
                rule.warmth.as_ref().and_then(|w| w.cue.as_ref())
            else {
                continue;
            };
            for id in acknowledged_by {
                let signal = packs.iter().flat_map(|p| &p.rules).find(|r| &r.id == id);
                let problem = match signal {
                    None => "is not a rule in the packs in use",
                    Some(r) if r.reads_context() || r.lang != rule.lang => {
                        "is not a signal of drafts in the same language"
                    }
                    Some(r) if r.warmth.as_ref().is_none_or(|w| !w.weights_any_warm()) => {
                        "is not a warm signal (it needs a positive `warmth`)"
                    }
                    Some(_) => continue,
                };
                let at = source.text.find(&format!("\"{id}\"")).map(|p| p..p);
                return Err(SourceError::at(
                    &pack.path,
                    &source.text,
                    at,
                    format!("rule `{}`: acknowledged_by `{id}` {problem}", rule.id),
                ));
            }
        }
    }
    Ok(packs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> PackSource {
        PackSource {
            id: "fi/test".into(),
            path: "rules/fi/test.toml".into(),
            text: text.into(),
        }
    }

    const GOOD: &str = r#"
[pack]
lang = "fi"

[[rule]]
id = "fi.test.kuten"
level = "warning"
message = "Moite."
match = ["kuten [jo] totesimme [,]"]
suggest = ["kertaan:"]
bad = ["Kuten totesimme, ei.", { text = "Kuten jo totesimme, ei.", fixed = "Kertaan: ei." }]
good = ["Kuten sovimme.", "Totesimme sen."]
"#;

    #[test]
    fn loads_a_pack() {
        let pack = load_pack(&source(GOOD)).unwrap();
        assert_eq!(pack.lang, Lang::Fi);
        let rule = &pack.rules[0];
        assert_eq!(rule.id, "fi.test.kuten");
        assert_eq!(rule.bad[1].fixed.as_deref(), Some("Kertaan: ei."));
        assert_eq!(rule.bad[0].line, 11);
        assert!(matches!(&rule.check, Check::Phrase { patterns, .. } if patterns.len() == 1));
    }

    fn error_of(text: &str) -> SourceError {
        load_pack(&source(text)).unwrap_err()
    }

    #[test]
    fn unknown_key_is_an_error_with_position() {
        let e = error_of(&GOOD.replace("suggest =", "sugest ="));
        assert_eq!((e.line, e.path.as_str()), (10, "rules/fi/test.toml"), "{e}");
        assert!(e.message.contains("sugest"), "{e}");
    }

    #[test]
    fn bad_values_are_errors_with_position() {
        let e = error_of(&GOOD.replace("\"warning\"", "\"fatal\""));
        assert_eq!(e.line, 7, "{e}");
        assert!(e.message.contains("fatal"), "{e}");
        let e = error_of(&GOOD.replace("[jo]", "[jo"));
        assert_eq!(e.line, 9, "{e}");
        assert!(e.message.contains("bad pattern"), "{e}");
        let e = error_of(&GOOD.replace(
            "match = [\"kuten [jo] totesimme [,]\"]",
            "regex = [\"(unclosed\"]",
        ));
        assert!(e.message.contains("regex does not compile"), "{e}");
        let e = error_of(&GOOD.replace("lang = \"fi\"", "lang = \"sv\""));
        assert_eq!(e.line, 3, "{e}");
        let e = error_of(&GOOD.replace("fi.test.kuten", "en.test.kuten"));
        assert!(e.message.contains("must start with `fi.`"), "{e}");
    }

    #[test]
    fn rules_need_examples_both_ways_and_one_kind() {
        let e = error_of(&GOOD.replace("good = [\"Kuten sovimme.\", \"Totesimme sen.\"]", ""));
        assert!(e.message.contains("examples both ways"), "{e}");
        let e = error_of(&GOOD.replace("suggest =", "metric = \"caps-word\"\nsuggest ="));
        assert!(e.message.contains("mixes kinds"), "{e}");
        let e = error_of(&GOOD.replace(
            "match = [\"kuten [jo] totesimme [,]\"]",
            "metric = \"shouting\"",
        ));
        assert!(e.message.contains("unknown metric"), "{e}");
    }

    #[test]
    fn register_rules_load_and_their_keys_stay_theirs() {
        let register = GOOD
            .replace(
                "match = [\"kuten [jo] totesimme [,]\"]\nsuggest = [\"kertaan:\"]\n",
                "register = \"mismatch\"\n",
            )
            .replace("\"Kuten totesimme, ei.\", { text = \"Kuten jo totesimme, ei.\", fixed = \"Kertaan: ei.\" }",
                "{ text = \"Voit.\", register = \"formal\" }, \"Voit.\"")
            + "[rule.messages]\nformal = \"Teititellään ({words}).\"\n";
        let pack = load_pack(&source(&register)).unwrap();
        let rule = &pack.rules[0];
        assert_eq!(rule.check, Check::Register(RegisterCheck::Mismatch));
        assert_eq!(rule.bad[0].register, Some(Register::Formal));
        assert_eq!(
            rule.messages.for_register(Register::Formal),
            Some("Teititellään ({words}).")
        );
        assert_eq!(rule.messages.for_register(Register::Informal), None);

        let e = error_of(&register.replace("\"mismatch\"", "\"mismatched\""));
        assert_eq!(e.line, 9, "{e}");
        assert!(e.message.contains("mismatched"), "{e}");
        let e = error_of(&register.replace("formal = \"Tei", "formaali = \"Tei"));
        assert!(e.message.contains("formaali"), "{e}");
        // `messages` and an example's `register` belong to register rules.
        let e = error_of(&(GOOD.to_string() + "[rule.messages]\nformal = \"x\"\n"));
        assert!(
            e.message.contains("only applies to `register` rules"),
            "{e}"
        );
        let e = error_of(&GOOD.replace(
            "fixed = \"Kertaan: ei.\"",
            "fixed = \"Kertaan: ei.\", register = \"formal\"",
        ));
        assert!(
            e.message.contains("only applies to `register` rules"),
            "{e}"
        );
        assert_eq!(e.line, 11, "{e}");
    }

    const SIGNAL: &str = r#"
[pack]
lang = "fi"

[[rule]]
id = "fi.test.kiitos"
warmth = { default = 8, invoice = 2 }
message = "Kiität."
advice = "Kiitä."
match = ["kiitos"]
bad = ["Kiitos!", "Kiitos paljon."]
good = ["Hei.", "Moi."]
"#;

    #[test]
    fn warmth_weights_load_per_kind_and_a_rule_without_level_only_scores() {
        let pack = load_pack(&source(SIGNAL)).unwrap();
        let rule = &pack.rules[0];
        let w = rule.warmth.as_ref().unwrap();
        assert!(!w.reports && !rule.reports_findings());
        assert_eq!(rule.warmth_for(Some(DocKind::Invoice)), 2);
        assert_eq!(rule.warmth_for(Some(DocKind::Reply)), 8);
        assert_eq!(rule.warmth_for(None), 8);
        assert_eq!(w.advice.as_deref(), Some("Kiitä."));
        let finding = load_pack(&source(
            &GOOD.replace("suggest =", "warmth = -8\nsuggest ="),
        ))
        .unwrap();
        let rule = &finding.rules[0];
        assert!(rule.reports_findings());
        assert_eq!(rule.warmth_for(Some(DocKind::Email)), -8);
    }

    #[test]
    fn bad_warmth_values_are_errors_with_position() {
        let e = error_of(&SIGNAL.replace("default = 8", "default = 80"));
        assert_eq!((e.line, e.column), (7, 10), "{e}");
        assert!(
            e.message.contains("warmth.default = 80 is out of range"),
            "{e}"
        );
        let e = error_of(&GOOD.replace("suggest =", "warmth = -31\nsuggest ="));
        assert_eq!((e.line, e.column), (10, 10), "{e}");
        assert!(e.message.contains("-31"), "{e}");
        let e = error_of(&SIGNAL.replace("invoice = 2", "lasku = 2"));
        assert_eq!(e.line, 7, "{e}");
        assert!(e.message.contains("whole number of points"), "{e}");
        let e = error_of(&SIGNAL.replace("warmth = { default = 8, invoice = 2 }\n", ""));
        assert!(e.message.contains("needs a `level`"), "{e}");
        let e = error_of(&SIGNAL.replace("{ default = 8, invoice = 2 }", "-8"));
        assert_eq!(e.line, 9, "{e}");
        assert!(e.message.contains("positive `warmth`"), "{e}");
        let e = error_of(&GOOD.replace("suggest =", "advice = \"x\"\nsuggest ="));
        assert!(e.message.contains("`advice` only applies"), "{e}");
    }

    #[test]
    fn context_rules_are_checked() {
        let upset = SIGNAL
            .replace("{ default = 8, invoice = 2 }", "-8")
            .replace(
                "advice = \"Kiitä.\"\n",
                "context = \"upset\"\nacknowledged_by = [\"fi.test.kiitos\"]\n",
            );
        // One pack alone loads; what `acknowledged_by` names is checked across packs.
        assert!(load_pack(&source(&upset)).unwrap().rules[0].reads_context());
        let e = load_packs(&[source(&upset)]).unwrap_err();
        assert!(
            e.message
                .contains("`fi.test.kiitos` is not a signal of drafts"),
            "{e}"
        );
        let e = error_of(&upset.replace(
            "context = \"upset\"\n",
            "level = \"info\"\ncontext = \"upset\"\n",
        ));
        assert!(e.message.contains("drop its `level`"), "{e}");
        let e = error_of(&upset.replace("acknowledged_by = [\"fi.test.kiitos\"]\n", ""));
        assert!(e.message.contains("names the signals"), "{e}");
        // Across packs, the acknowledging signal must exist and be warm.
        let mut other = source(SIGNAL);
        other.id = "fi/other".into();
        other.path = "rules/fi/other.toml".into();
        other.text = SIGNAL.replace("fi.test.kiitos", "fi.test.kiitos2");
        let cue = source(
            &upset
                .replace("id = \"fi.test.kiitos\"", "id = \"fi.test.harmissaan\"")
                .replace("[\"fi.test.kiitos\"]", "[\"fi.test.kiitos2\"]"),
        );
        let packs = load_packs(&[cue.clone(), other]).unwrap();
        assert!(packs[0].rules[0].reads_context());
        let e = load_packs(&[cue]).unwrap_err();
        assert!(e.message.contains("`fi.test.kiitos2` is not a rule"), "{e}");
    }

    #[test]
    fn duplicate_ids_across_packs_are_errors() {
        let a = source(GOOD);
        let mut b = source(GOOD);
        b.id = "fi/other".into();
        b.path = "rules/fi/other.toml".into();
        let e = load_packs(&[a, b]).unwrap_err();
        assert!(
            e.message.contains("already used in rules/fi/test.toml"),
            "{e}"
        );
        assert_eq!(e.path, "rules/fi/other.toml");
    }

    #[test]
    fn shipped_packs_load() {
        let packs = load_packs(&shipped_packs()).unwrap();
        assert!(packs.iter().all(|p| !p.rules.is_empty()));
    }

    #[test]
    fn shipped_packs_load_from_their_trees_as_from_their_text() {
        for source in shipped_packs() {
            let (_, _, tree) = shipped::PACKS
                .iter()
                .find(|(id, _, _)| *id == source.id)
                .unwrap();
            let tree = tree.expect("the build script parses every shipped pack");
            let parsed: PackFile = toml_tree::from_slice(tree).unwrap();
            assert_eq!(
                parsed.rule.len(),
                toml::from_str::<PackFile>(&source.text).unwrap().rule.len()
            );
            let from_tree = load_pack_from(&source, Some(tree)).unwrap();
            let from_text = load_pack_from(&source, None).unwrap();
            assert_eq!(from_tree.rules, from_text.rules, "{}", source.id);
            assert_eq!(
                (from_tree.lang, &from_tree.description),
                (from_text.lang, &from_text.description)
            );
        }
    }

    #[test]
    fn a_tree_keeps_the_spans_and_values_toml_gives() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Doc {
            n: Spanned<i64>,
            m: i32,
            x: f64,
            yes: bool,
            list: Vec<Spanned<String>>,
            inner: Spanned<Inner>,
            level: Level,
            gone: Option<String>,
        }
        #[derive(Deserialize, Debug, PartialEq)]
        #[serde(deny_unknown_fields)]
        struct Inner {
            warmth: Spanned<WeightSpecForTest>,
        }
        #[derive(Deserialize, Debug, PartialEq)]
        #[serde(untagged)]
        enum WeightSpecForTest {
            All(i64),
            PerKind { default: i64 },
        }
        let text = "n = 0x10\nm = -8\nx = 1.5\nyes = true\nlist = ['a', \"b\\u00e4\"]\nlevel = 'info'\n\
                    [inner]\nwarmth = { default = 6 }\n";
        let tree = toml_tree::write::encode(text).unwrap();
        let from_tree: Doc = toml_tree::from_slice(&tree).unwrap();
        let from_text: Doc = toml::from_str(text).unwrap();
        assert_eq!(from_tree, from_text);
        // (`Spanned` compares values only.)
        let spans = |d: &Doc| {
            let mut spans = vec![d.n.span(), d.inner.span(), d.inner.get_ref().warmth.span()];
            spans.extend(d.list.iter().map(Spanned::span));
            spans
        };
        assert_eq!(spans(&from_tree), spans(&from_text));
        assert_eq!(&text[from_tree.list[1].span()], "\"b\\u00e4\"");
        // What toml refuses, the tree refuses, at the offending value.
        let bad = text.replace("default", "dfault");
        let e = toml_tree::from_slice::<Doc>(&toml_tree::write::encode(&bad).unwrap()).unwrap_err();
        assert_eq!(
            e.span.clone().map(|s| &bad[s]),
            Some("{ dfault = 6 }"),
            "{e}"
        );
        // A pack whose tree does not deserialize gets toml's own error for its text.
        let bad = source(&GOOD.replace("\"warning\"", "\"fatal\""));
        let tree = toml_tree::write::encode(&bad.text).unwrap();
        let e = load_pack_from(&bad, Some(&tree)).unwrap_err();
        assert_eq!(e, load_pack_from(&bad, None).unwrap_err());
        assert_eq!(e.line, 7, "{e}");
    }
}
