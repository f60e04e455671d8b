//! The voice profile (`savy.toml`): which languages and packs a company uses, the register per
//! document kind, its own terms, level overrides and which files are which kind.

use crate::check::convert_fi::FormalStyle;
use crate::check::{Engine, MAX_DRAFT_BYTES, ReviewOptions};
use crate::review::Review;
use crate::rules::{self, Check, Level, Pack, PackSource, Pattern, Rule, SourceError};
use crate::text::{DocKind, Document, Lang};
use globset::{Glob, GlobSet, GlobSetBuilder};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use toml::Spanned;

mod discord;
pub use discord::{ChannelSettings, DEFAULT_MAX_DRAFT_BYTES, DiscordSettings};
mod serve;
pub use serve::{ServeSettings, web_base};
mod llm;
pub use llm::LlmSettings;

/// Whether `url` is an `http://` or `https://` address with something after the scheme and no
/// spaces.
pub fn is_http_url(url: &str) -> bool {
    url.strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
}

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

impl std::str::FromStr for Register {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "informal" => Ok(Register::Informal),
            "formal" => Ok(Register::Formal),
            "neutral" => Ok(Register::Neutral),
            _ => Err(format!(
                "unknown register `{s}` (expected informal, formal or neutral)"
            )),
        }
    }
}

impl Register {
    /// The name used in profiles and output.
    pub fn name(self) -> &'static str {
        match self {
            Register::Informal => "informal",
            Register::Formal => "formal",
            Register::Neutral => "neutral",
        }
    }
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
    /// Teitittely writes `Te`, `Teille` capitalised.
    capitalise: Option<bool>,
    /// Teitittely addresses one reader: `olette tilannut`.
    singular_participle: Option<bool>,
}

#[derive(Deserialize, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct TermsSpec {
    #[serde(default)]
    pub(crate) preferred: IndexMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    pub(crate) forbidden: Vec<Spanned<String>>,
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
    max_bytes: Option<Spanned<u64>>,
    #[serde(default)]
    register: RegisterSpec,
    #[serde(default)]
    kinds: IndexMap<Spanned<String>, DocKind>,
    #[serde(default)]
    terms: TermsByLang,
    #[serde(default)]
    levels: IndexMap<Spanned<String>, LevelSetting>,
    #[serde(default)]
    discord: discord::DiscordSpec,
    #[serde(default)]
    serve: serve::ServeSpec,
    #[serde(default)]
    llm: llm::LlmSpec,
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
    /// How teitittely is written: `Te` capitalised, a singular participle (both by default).
    pub formal_style: FormalStyle,
    /// Fail when a finding is at or above this level (the CLI's `--fail-level` wins).
    pub fail_level: Option<Level>,
    /// The largest draft accepted, in bytes.
    pub max_bytes: u64,
    /// Folders of the company's own packs, relative to the profile's folder.
    pub rule_dirs: Vec<String>,
    /// The Discord bot's settings (`[discord]`).
    pub discord: DiscordSettings,
    /// The HTTP server's settings (`[serve]`).
    pub serve: ServeSettings,
    /// The language-model rewrite's settings (`[llm]`).
    pub llm: LlmSettings,
    kind_globs: GlobSet,
    kind_of_glob: Vec<DocKind>,
    source: String,
    pack_selectors: Vec<Spanned<String>>,
    pub(crate) terms: Vec<(Lang, TermsSpec)>,
    levels: IndexMap<Spanned<String>, LevelSetting>,
}

/// Default cap on one draft's size: well above any real message or a 10 MB file, and low
/// enough that checking stays within tens of megabytes of memory.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;

fn matches_selector(selector: &str, id: &str) -> bool {
    match selector.strip_suffix('*') {
        Some(prefix) => id.starts_with(prefix),
        None => selector == id,
    }
}

/// A pattern read with only its first alternatives, for naming: `halpa|halvan [x]` → `halpa x`.
fn first_alternatives(pattern: &str) -> String {
    pattern
        .split_whitespace()
        .filter_map(|t| t.trim_matches(['[', ']']).split('|').next())
        .collect::<Vec<_>>()
        .join(" ")
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
        if let Some(max) = &file.max_bytes
            && *max.get_ref() > MAX_DRAFT_BYTES
        {
            return Err(SourceError::at(
                path,
                source,
                Some(max.span()),
                format!("`max_bytes` is over {MAX_DRAFT_BYTES}, the most a draft can be"),
            ));
        }
        let discord = discord::settings(path, source, file.discord, &languages)?;
        let serve = serve::settings(path, source, file.serve)?;
        let llm = llm::settings(path, source, file.llm)?;
        Ok(Profile {
            path: path.to_string(),
            default_lang: file.default_lang.unwrap_or(languages[0]),
            languages,
            default_kind: file.default_kind,
            register,
            formal_style: FormalStyle {
                capitalise: r.capitalise.unwrap_or(true),
                singular_participle: r.singular_participle.unwrap_or(true),
            },
            fail_level: file.fail_level,
            max_bytes: file
                .max_bytes
                .map_or(DEFAULT_MAX_BYTES, Spanned::into_inner),
            rule_dirs: file.rules,
            discord,
            serve,
            llm,
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
                    format!(
                        "{lang}.terms.avoid-{}",
                        slug(&first_alternatives(forbidden.get_ref()))
                    ),
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
        messages: Default::default(),
        warmth: None,
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
        let engine = Engine::new(rules);
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
        self.review(text, lang, kind, false)
    }

    /// Checks a draft against the house register for its kind and, when `register` is set,
    /// also reports how each sentence addresses the reader.
    pub fn review(
        &self,
        text: &str,
        lang: Option<Lang>,
        kind: Option<DocKind>,
        register: bool,
    ) -> Review {
        self.review_as(text, lang, kind, None, register)
    }

    /// Like [`Voice::review`], with `house` as the house register instead of the profile's
    /// (to convert a draft into a register with `--fix`).
    pub fn review_as(
        &self,
        text: &str,
        lang: Option<Lang>,
        kind: Option<DocKind>,
        house: Option<Register>,
        register: bool,
    ) -> Review {
        self.review_in_context(text, lang, kind, house, register, None)
    }

    /// Like [`Voice::review_as`], for a reply to the customer's message `context`: when the
    /// customer is upset, a reply that does not acknowledge it scores colder, and questions it
    /// seems to leave unanswered are named.
    pub fn review_in_context(
        &self,
        text: &str,
        lang: Option<Lang>,
        kind: Option<DocKind>,
        house: Option<Register>,
        register: bool,
        context: Option<&str>,
    ) -> Review {
        let lang = self.language_of(text, lang);
        let kind = kind.or(self.profile.default_kind);
        let opts = ReviewOptions {
            report_register: register,
            house: house.or_else(|| kind.and_then(|k| self.profile.register_for(k))),
            formal_style: self.profile.formal_style,
            context,
        };
        self.engine.review(&Document::new(text, lang, kind), &opts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACK: &str = r#"
[pack]
lang = "fi"

[[rule]]
id = "fi.t.mikali"
level = "info"
message = "Jos on arkisempi."
match = ["mikäli"]
suggest = ["jos"]
bad = ["Mikäli haluat.", "Soita, mikäli ehdit."]
good = ["Jos haluat.", "Mikään ei muutu."]

[[rule]]
id = "fi.t.kuten"
level = "warning"
message = "Moite."
match = ["kuten totesimme"]
bad = ["Kuten totesimme.", "Niin, kuten totesimme."]
good = ["Kuten sovimme.", "Totesimme."]
"#;

    fn sources() -> Vec<PackSource> {
        vec![PackSource {
            id: "fi/t".into(),
            path: "fi/t.toml".into(),
            text: PACK.into(),
        }]
    }

    fn voice(profile: &str) -> Result<Voice, VoiceError> {
        Voice::new(
            Profile::parse("savy.toml", profile).map_err(VoiceError::from)?,
            sources(),
        )
    }

    fn rules_of(v: &Voice) -> Vec<(&str, Level)> {
        v.engine()
            .rules()
            .iter()
            .map(|r| (r.id.as_str(), r.level))
            .collect()
    }

    #[test]
    fn an_empty_profile_takes_every_pack_and_language() {
        let v = voice("").unwrap();
        assert_eq!(v.profile.languages, Lang::ALL.to_vec());
        assert_eq!(v.profile.max_bytes, DEFAULT_MAX_BYTES);
        assert_eq!(rules_of(&v).len(), 2);
        assert!(v.profile.register.is_empty());
    }

    #[test]
    fn levels_override_by_id_or_prefix_and_the_last_match_wins() {
        let v = voice("[levels]\n\"fi.t.*\" = \"error\"\n\"fi.t.mikali\" = \"off\"\n").unwrap();
        assert_eq!(rules_of(&v), [("fi.t.kuten", Level::Error)]);
    }

    #[test]
    fn unknown_rules_packs_and_keys_are_errors_with_positions() {
        let e = voice("[levels]\n\"fi.t.nope\" = \"off\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("savy.toml:2:1:") && e.contains("fi.t.nope"),
            "{e}"
        );
        let e = voice("packs = [\"fi/zzz\"]\n").unwrap_err().to_string();
        assert!(
            e.starts_with("savy.toml:1:10:") && e.contains("fi/t"),
            "{e}"
        );
        let e = voice("langauges = [\"fi\"]\n").unwrap_err().to_string();
        assert!(
            e.starts_with("savy.toml:1:1:") && e.contains("langauges"),
            "{e}"
        );
        let e = voice("[register]\nreply = \"casual\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("savy.toml:2:9:") && e.contains("casual"),
            "{e}"
        );
        let e = voice("languages = []\n").unwrap_err().to_string();
        assert!(e.contains("at least one"), "{e}");
        let e = voice("max_bytes = 2_000_000_000\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("savy.toml:1:13:") && e.contains("the most a draft can be"),
            "{e}"
        );
        assert_eq!(
            voice("max_bytes = 1_000\n").unwrap().profile.max_bytes,
            1_000
        );
    }

    #[test]
    fn packs_are_chosen_by_language_and_selector() {
        assert!(voice("languages = [\"en\"]\n").unwrap().packs.is_empty());
        assert_eq!(voice("packs = [\"fi/*\"]\n").unwrap().packs.len(), 1);
    }

    #[test]
    fn company_terms_become_rules() {
        let v = voice("[terms.fi]\npreferred = { \"verkkokauppa\" = [\"nettikaup*\"] }\nforbidden = [\"halpa|halvan|halpoja|halvat|halvempi\"]\n").unwrap();
        let r = v.check("Nettikaupasta saat halvan laturin.", Some(Lang::Fi), None);
        let ids: Vec<&str> = r.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(ids, ["fi.terms.use-verkkokauppa", "fi.terms.avoid-halpa"]);
        assert_eq!(r.findings[0].suggestions[0].replacement, "Verkkokauppa");
        let e = voice("[terms.fi]\nforbidden = [\"[x\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("savy.toml:2:14:"), "{e}");
    }

    #[test]
    fn kinds_come_from_globs_then_the_default() {
        let v = voice("default_kind = \"email\"\n[kinds]\n\"invoices/**\" = \"invoice\"\n\"**/*.reminder.txt\" = \"reminder\"\n").unwrap();
        let kind = |p: &str| v.profile.kind_for_path(std::path::Path::new(p));
        assert_eq!(kind("invoices/2026/a.txt"), Some(DocKind::Invoice));
        assert_eq!(kind("letters/x.reminder.txt"), Some(DocKind::Reminder));
        assert_eq!(kind("macros/a.txt"), Some(DocKind::Email));
        assert_eq!(
            voice("")
                .unwrap()
                .profile
                .kind_for_path(std::path::Path::new("a.txt")),
            None
        );
    }

    #[test]
    fn register_and_language_choice() {
        let v = voice(
            "default_lang = \"en\"\n[register]\nreply = \"informal\"\ninvoice = \"neutral\"\n",
        )
        .unwrap();
        assert_eq!(
            v.profile.register_for(DocKind::Reply),
            Some(Register::Informal)
        );
        assert_eq!(v.profile.register_for(DocKind::Email), None);
        assert_eq!(
            v.language_of("Kiitos viestistäsi, tilauksesi on matkalla.", None),
            Lang::Fi
        );
        assert_eq!(
            v.language_of("12345", None),
            Lang::En,
            "no evidence: the default"
        );
        assert_eq!(
            v.language_of("Kiitos viestistäsi.", Some(Lang::En)),
            Lang::En
        );
        let only_fi = voice("languages = [\"fi\"]\n").unwrap();
        assert_eq!(
            only_fi.language_of("Thanks for your message.", None),
            Lang::Fi
        );
    }

    #[test]
    fn slugs_are_ascii_ids() {
        assert_eq!(slug("Verkko-kauppa äö"), "verkko-kauppa-ao");
        assert_eq!(slug("online store*"), "online-store");
        assert_eq!(
            slug(&first_alternatives("halpa|halvan [hinta|hinnan]")),
            "halpa-hinta"
        );
    }
}
