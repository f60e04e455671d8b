//! The voice profile (`savy.toml`): which languages and packs a company uses, the register per
//! document kind, its own terms, level overrides and which files are which kind.

use crate::check::{CompileError, Engine};
use crate::review::Review;
use crate::rules::{self, Check, Level, Pack, PackSource, Pattern, Rule, SourceError};
use crate::text::{DocKind, Document, Lang};
use globset::{Glob, GlobSet, GlobSetBuilder};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// How a company addresses its readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Register {
    /// Sinuttelu; casual English.
    Informal,
    /// Teitittely; formal English.
    Formal,
    /// No direct address: passive, third person.
    Neutral,
}

/// A level override: a level, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum LevelSetting {
    Off,
    Info,
    Warning,
    Error,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RegisterSpec {
    reply: Option<Register>,
    email: Option<Register>,
    invoice: Option<Register>,
    reminder: Option<Register>,
}

#[derive(Deserialize, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
struct TermsSpec {
    #[serde(default)]
    preferred: IndexMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    forbidden: Vec<Spanned<String>>,
    message: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct TermsByLang {
    fi: Option<TermsSpec>,
    en: Option<TermsSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    languages: Option<Vec<Lang>>,
    default_lang: Option<Lang>,
    default_kind: Option<DocKind>,
    packs: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    rules: Vec<String>,
    fail_level: Option<Level>,
    max_bytes: Option<u64>,
    #[serde(default)]
    register: RegisterSpec,
    #[serde(default)]
    kinds: IndexMap<Spanned<String>, DocKind>,
    #[serde(default)]
    terms: TermsByLang,
    #[serde(default)]
    levels: IndexMap<Spanned<String>, LevelSetting>,
}

/// A parsed voice profile.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Where it was read from, for messages.
    pub path: String,
    /// Languages drafts are written in.
    pub languages: Vec<Lang>,
    /// The language when detection finds no evidence.
    pub default_lang: Lang,
    /// The kind of a draft nothing else names.
    pub default_kind: Option<DocKind>,
    /// The register per document kind; a kind not listed has no house register.
    pub register: Vec<(DocKind, Register)>,
    /// Fail when a finding is at or above this level (the CLI's `--fail-level` wins).
    pub fail_level: Option<Level>,
    /// The largest draft accepted, in bytes.
    pub max_bytes: u64,
    /// Folders of the company's own packs, relative to the profile's folder.
    pub rule_dirs: Vec<String>,
    kind_globs: GlobSet,
    kind_of_glob: Vec<DocKind>,
    source: String,
    pack_selectors: Vec<Spanned<String>>,
    terms: Vec<(Lang, TermsSpec)>,
    levels: IndexMap<Spanned<String>, LevelSetting>,
}

/// Default cap on input size: comfortably above a 10 MB export, far below trouble.
pub const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;

fn matches_selector(selector: &str, id: &str) -> bool {
    match selector.strip_suffix('*') {
        Some(prefix) => id.starts_with(prefix),
        None => selector == id,
    }
}

/// A rule id fragment from a term: lower-case ASCII, other characters as `-`.
fn slug(term: &str) -> String {
    let mut out = String::new();
    for c in term.to_lowercase().chars() {
        let c = match c {
            'ä' | 'å' => 'a',
            'ö' => 'o',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out.trim_matches('-').to_string()
}

impl Profile {
    /// Parses a profile; errors name the file, line and column.
    pub fn parse(path: &str, source: &str) -> Result<Profile, SourceError> {
        let file: ProfileFile =
            toml::from_str(source).map_err(|e| SourceError::from_toml(path, source, &e))?;
        let languages = file.languages.unwrap_or_else(|| Lang::ALL.to_vec());
        if languages.is_empty() {
            return Err(SourceError::at(
                path,
                source,
                None,
                "`languages` is empty: name at least one of fi, en",
            ));
        }
        let mut builder = GlobSetBuilder::new();
        let mut kind_of_glob = Vec::new();
        for (glob, kind) in &file.kinds {
            let g = Glob::new(glob.get_ref()).map_err(|e| {
                SourceError::at(path, source, Some(glob.span()), format!("bad glob: {e}"))
            })?;
            builder.add(g);
            kind_of_glob.push(*kind);
        }
        let kind_globs = builder.build().map_err(|e| {
            SourceError::at(path, source, None, format!("bad globs in [kinds]: {e}"))
        })?;
        let r = &file.register;
        let register = [
            (DocKind::Reply, r.reply),
            (DocKind::Email, r.email),
            (DocKind::Invoice, r.invoice),
            (DocKind::Reminder, r.reminder),
        ]
        .into_iter()
        .filter_map(|(k, r)| Some((k, r?)))
        .collect();
        let mut terms = Vec::new();
        if let Some(t) = file.terms.fi {
            terms.push((Lang::Fi, t));
        }
        if let Some(t) = file.terms.en {
            terms.push((Lang::En, t));
        }
        for (_, t) in &terms {
            for pattern in t.preferred.values().flatten().chain(&t.forbidden) {
                Pattern::parse(pattern.get_ref()).map_err(|e| {
                    SourceError::at(
                        path,
                        source,
                        Some(pattern.span()),
                        format!("bad pattern: {e}"),
                    )
                })?;
            }
        }
        Ok(Profile {
            path: path.to_string(),
            default_lang: file.default_lang.unwrap_or(languages[0]),
            languages,
            default_kind: file.default_kind,
            register,
            fail_level: file.fail_level,
            max_bytes: file.max_bytes.unwrap_or(DEFAULT_MAX_BYTES),
            rule_dirs: file.rules,
            kind_globs,
            kind_of_glob,
            source: source.to_string(),
            pack_selectors: file.packs.unwrap_or_default(),
            terms,
            levels: file.levels,
        })
    }

    /// The bundled default profile: every language and pack, no house register.
    pub fn bundled() -> Profile {
        Profile::parse("<bundled>/rules/default.toml", rules::DEFAULT_PROFILE)
            .expect("the bundled profile is valid")
    }

    /// The document kind the profile gives a path (relative to the profile's folder), if any.
    pub fn kind_for_path(&self, path: &std::path::Path) -> Option<DocKind> {
        self.kind_globs
            .matches(path)
            .first()
            .map(|&i| self.kind_of_glob[i])
            .or(self.default_kind)
    }

    /// The house register for a kind of document.
    pub fn register_for(&self, kind: DocKind) -> Option<Register> {
        self.register
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, r)| *r)
    }

    fn error(&self, span: std::ops::Range<usize>, message: String) -> SourceError {
        SourceError::at(&self.path, &self.source, Some(span), message)
    }

    /// The rules a company's terms add.
    fn term_rules(&self) -> Vec<Rule> {
        let mut out = Vec::new();
        for (lang, t) in &self.terms {
            let parse = |list: &[Spanned<String>]| -> Vec<Pattern> {
                list.iter()
                    .filter_map(|p| Pattern::parse(p.get_ref()).ok())
                    .collect()
            };
            for (preferred, instead) in &t.preferred {
                let message = t.message.clone().unwrap_or_else(|| match lang {
                    Lang::Fi => {
                        format!("Käytämme termiä «{preferred}»: sama sana joka kohtaamisessa.")
                    }
                    Lang::En => format!("We say «{preferred}»: the same word at every touchpoint."),
                });
                out.push(term_rule(
                    *lang,
                    format!("{lang}.terms.use-{}", slug(preferred)),
                    message,
                    parse(instead),
                    vec![preferred.clone()],
                ));
            }
            for forbidden in &t.forbidden {
                let message = t.message.clone().unwrap_or_else(|| match lang {
                    Lang::Fi => format!(
                        "«{}» ei kuulu meidän tapaamme puhua asiakkaille.",
                        forbidden.get_ref()
                    ),
                    Lang::En => format!(
                        "«{}» is not how we speak to customers.",
                        forbidden.get_ref()
                    ),
                });
                out.push(term_rule(
                    *lang,
                    format!("{lang}.terms.avoid-{}", slug(forbidden.get_ref())),
                    message,
                    parse(std::slice::from_ref(forbidden)),
                    Vec::new(),
                ));
            }
        }
        out
    }
}

fn term_rule(
    lang: Lang,
    id: String,
    message: String,
    patterns: Vec<Pattern>,
    suggest: Vec<String>,
) -> Rule {
    Rule {
        id,
        pack: "savy.toml".into(),
        level: Level::Warning,
        message,
        rationale: None,
        lang: Some(lang),
        kinds: Vec::new(),
        check: Check::Phrase {
            patterns,
            regexes: Vec::new(),
            unless: Vec::new(),
        },
        suggest,
        bad: Vec::new(),
        good: Vec::new(),
    }
}

/// Why a voice could not be built.
#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    /// A pack or the profile is malformed.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The rules would not compile together.
    #[error(transparent)]
    Compile(#[from] CompileError),
}

/// A company's voice: its profile and the compiled rules of the packs it chose.
#[derive(Debug)]
pub struct Voice {
    /// The profile.
    pub profile: Profile,
    /// The packs in use, after selection.
    pub packs: Vec<Pack>,
    engine: Engine,
}

impl Voice {
    /// Loads packs (later sources with the same id replace earlier ones), selects those the
    /// profile names, applies its level overrides and terms, and compiles.
    pub fn new(profile: Profile, sources: Vec<PackSource>) -> Result<Voice, VoiceError> {
        let mut by_id: IndexMap<String, PackSource> = IndexMap::new();
        for s in sources {
            by_id.insert(s.id.clone(), s);
        }
        let sources: Vec<PackSource> = by_id.into_values().collect();
        let mut packs = rules::load_packs(&sources)?;
        packs.retain(|p| profile.languages.contains(&p.lang));
        if !profile.pack_selectors.is_empty() {
            for sel in &profile.pack_selectors {
                if !packs.iter().any(|p| matches_selector(sel.get_ref(), &p.id)) {
                    let known: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
                    return Err(profile
                        .error(
                            sel.span(),
                            format!(
                                "no pack matches `{}` (packs: {})",
                                sel.get_ref(),
                                known.join(", ")
                            ),
                        )
                        .into());
                }
            }
            packs.retain(|p| {
                profile
                    .pack_selectors
                    .iter()
                    .any(|s| matches_selector(s.get_ref(), &p.id))
            });
        }
        let mut rules: Vec<Rule> = packs.iter().flat_map(|p| p.rules.iter().cloned()).collect();
        rules.extend(profile.term_rules());
        for selector in profile.levels.keys() {
            if !rules
                .iter()
                .any(|r| matches_selector(selector.get_ref(), &r.id))
            {
                return Err(profile
                    .error(
                        selector.span(),
                        format!(
                            "[levels]: no rule `{}` in the packs in use",
                            selector.get_ref()
                        ),
                    )
                    .into());
            }
        }
        let level_of = |id: &str| -> Option<LevelSetting> {
            // The last matching selector wins, so specific lines can follow general ones.
            profile
                .levels
                .iter()
                .rev()
                .find(|(s, _)| matches_selector(s.get_ref(), id))
                .map(|(_, l)| *l)
        };
        rules.retain_mut(|r| match level_of(&r.id) {
            Some(LevelSetting::Off) => false,
            Some(LevelSetting::Info) => {
                r.level = Level::Info;
                true
            }
            Some(LevelSetting::Warning) => {
                r.level = Level::Warning;
                true
            }
            Some(LevelSetting::Error) => {
                r.level = Level::Error;
                true
            }
            None => true,
        });
        let engine = Engine::new(rules)?;
        Ok(Voice {
            profile,
            packs,
            engine,
        })
    }

    /// The bundled profile with the shipped packs.
    pub fn bundled() -> Voice {
        Voice::new(Profile::bundled(), rules::shipped_packs()).expect("the shipped packs are valid")
    }

    /// The compiled engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The language to check `text` as: `lang` if given, else detected among the profile's
    /// languages, else the profile's default.
    pub fn language_of(&self, text: &str, lang: Option<Lang>) -> Lang {
        if let Some(l) = lang {
            return l;
        }
        if let [only] = self.profile.languages.as_slice() {
            return *only;
        }
        crate::text::detect_language(text)
            .filter(|l| self.profile.languages.contains(l))
            .unwrap_or(self.profile.default_lang)
    }

    /// Checks a draft.
    pub fn check(&self, text: &str, lang: Option<Lang>, kind: Option<DocKind>) -> Review {
        let lang = self.language_of(text, lang);
        let kind = kind.or(self.profile.default_kind);
        self.engine.check(&Document::new(text, lang, kind))
    }
}
