//! Rule packs: the TOML schema, loading with precise errors, and the rules they compile to.
//!
//! The format is documented for rule authors in `rules/README.md`.

mod error;
mod pattern;

pub use error::{SourceError, line_column};
pub use pattern::{Alt, Pattern, Slot, fold, fold_into};

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
#[serde(rename_all = "lowercase")]
pub enum Position {
    /// In the first `within` sentences.
    Start,
    /// In the last `within` sentences.
    End,
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
        .map(|(id, text)| PackSource {
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
    level: Level,
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
    #[serde(default)]
    bad: Vec<Spanned<ExampleSpec>>,
    #[serde(default)]
    good: Vec<Spanned<ExampleSpec>>,
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
    let src = source.text.as_str();
    let path = source.path.as_str();
    let file: PackFile = toml::from_str(src).map_err(|e| SourceError::from_toml(path, src, &e))?;
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
    let id = spec.id.into_inner();
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
            other => {
                return Err(err(
                    metric.span(),
                    format!(
                        "unknown metric `{other}` (expected exclamation-run, caps-word or sentence-words)"
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
        level: spec.level,
        message: spec.message,
        rationale: spec.rationale,
        lang: Some(lang),
        kinds: spec.kinds,
        check,
        suggest: spec.suggest,
        messages: spec.messages.map(Spanned::into_inner).unwrap_or_default(),
        bad,
        good,
    })
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
}
