//! Register across touchpoints: how each file of a set of templates, macros or letters addresses
//! its reader, grouped by document kind, and whether the set keeps to the profile's register
//! (`[register]` in savy.toml) or, for a kind without one, to itself.
//!
//! A front end reviews each file with [`crate::Voice::review`] (register on), makes a
//! [`Touchpoint`] row of it, and builds a [`TouchpointReport`] with
//! [`TouchpointReport::build`]. The renderers here write the report as a table for people
//! ([`render_human`]), JSON ([`render_json`]) or one self-contained HTML page ([`render_html`]).
//!
//! A file **departs** when it mixes informal and formal address, or when it addresses the
//! reader informally or formally and that is not its kind's house register — or, for a kind
//! with no house register, not the register most of the kind's files use (when informal and
//! formal files are as many, there is no majority and every addressing file departs). A file
//! that does not address the reader at all (neutral) never departs.

use super::HumanOptions;
use crate::check::register::DocumentRegister;
use crate::review::Review;
use crate::rules::Level;
use crate::text::{DocKind, Lang};
use crate::voice::{Profile, Register};
use anstyle::{AnsiColor, Style};
use serde::{Serialize, Serializer};
use std::fmt::Write as _;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// The version of the JSON document [`render_json`] writes.
pub const JSON_VERSION: u32 = 1;

/// Departing files named in a verdict sentence before "and N more".
const MAX_NAMED: usize = 10;

/// How many sentences of a draft address the reader in each register.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SentenceCounts {
    /// Sentences in sinuttelu or casual English.
    pub informal: usize,
    /// Sentences in teitittely or formal English.
    pub formal: usize,
    /// Sentences that do not address the reader.
    pub neutral: usize,
}

/// How many findings a draft has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FindingCounts {
    /// Every finding.
    pub total: usize,
    /// Findings at warning level or above.
    pub warning_or_above: usize,
}

/// How many files of a kind are in each document register.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RegisterCounts {
    /// Files that address the reader informally only.
    pub informal: usize,
    /// Files that address the reader formally only.
    pub formal: usize,
    /// Files that do not address the reader.
    pub neutral: usize,
    /// Files with both informal and formal sentences.
    pub mixed: usize,
}

impl RegisterCounts {
    fn add(&mut self, register: DocumentRegister) {
        *self.get_mut(register) += 1;
    }

    fn get_mut(&mut self, register: DocumentRegister) -> &mut usize {
        match register {
            DocumentRegister::Informal => &mut self.informal,
            DocumentRegister::Formal => &mut self.formal,
            DocumentRegister::Neutral => &mut self.neutral,
            DocumentRegister::Mixed => &mut self.mixed,
        }
    }

    /// Files whose whole-document register is `register`.
    pub fn of(&self, register: Register) -> usize {
        match register {
            Register::Informal => self.informal,
            Register::Formal => self.formal,
            Register::Neutral => self.neutral,
        }
    }

    /// Every file counted.
    pub fn total(&self) -> usize {
        self.informal + self.formal + self.neutral + self.mixed
    }
}

/// The name of a kind in output; `unknown` when neither `--kind`, the profile's globs nor its
/// default kind names one.
pub fn kind_name(kind: Option<DocKind>) -> &'static str {
    kind.map_or("unknown", DocKind::name)
}

fn serialize_kind<S: Serializer>(kind: &Option<DocKind>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind_name(*kind))
}

/// One file of the report: how it addresses the reader, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Touchpoint {
    /// The file, as named to the user.
    pub path: String,
    /// Its document kind; `None` (written `unknown`) when nothing names one.
    #[serde(serialize_with = "serialize_kind")]
    pub kind: Option<DocKind>,
    /// The language it was checked as; `None` when it was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// How the whole draft addresses the reader; `None` when it was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub register: Option<DocumentRegister>,
    /// Its sentences per register; `None` when it was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentences: Option<SentenceCounts>,
    /// Its findings; `None` when it was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub findings: Option<FindingCounts>,
    /// Its warmth score, 0 to 100; `None` (and omitted) when it was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warmth: Option<f64>,
    /// Whether it departs from its kind's register; set by [`TouchpointReport::build`].
    pub departs: bool,
    /// Why it could not be read (binary, invalid UTF-8, too large, unreadable).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why it was passed over on purpose (an empty draft, a binary file found in a folder).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

impl Touchpoint {
    /// A file reviewed with its register ([`crate::Voice::review`] with `register = true`); a
    /// review without a register report gives a row that is not compared.
    pub fn reviewed(path: impl Into<String>, review: &Review) -> Touchpoint {
        let sentences = review.register.as_ref().map(|r| {
            let mut counts = SentenceCounts::default();
            for s in &r.sentences {
                match s.register {
                    Register::Informal => counts.informal += 1,
                    Register::Formal => counts.formal += 1,
                    Register::Neutral => counts.neutral += 1,
                }
            }
            counts
        });
        Touchpoint {
            path: path.into(),
            kind: review.kind,
            lang: Some(review.lang),
            register: review.register.as_ref().map(|r| r.document),
            sentences,
            findings: Some(FindingCounts {
                total: review.findings.len(),
                warning_or_above: review.count_at_least(Level::Warning),
            }),
            warmth: Some(f64::from(review.warmth.score)),
            departs: false,
            error: None,
            skipped: None,
        }
    }

    fn unread(path: String, kind: Option<DocKind>) -> Touchpoint {
        Touchpoint {
            path,
            kind,
            lang: None,
            register: None,
            sentences: None,
            findings: None,
            warmth: None,
            departs: false,
            error: None,
            skipped: None,
        }
    }

    /// A file that could not be read: an input error.
    pub fn failed(
        path: impl Into<String>,
        kind: Option<DocKind>,
        error: impl Into<String>,
    ) -> Touchpoint {
        Touchpoint {
            error: Some(error.into()),
            ..Touchpoint::unread(path.into(), kind)
        }
    }

    /// A file passed over on purpose (empty, or binary inside a folder).
    pub fn skipped(
        path: impl Into<String>,
        kind: Option<DocKind>,
        reason: impl Into<String>,
    ) -> Touchpoint {
        Touchpoint {
            skipped: Some(reason.into()),
            ..Touchpoint::unread(path.into(), kind)
        }
    }

    /// Whether the file was read and its register is known.
    pub fn is_compared(&self) -> bool {
        self.register.is_some()
    }
}

/// The register most of a kind's files use: the commoner of informal and formal among the files
/// that address the reader; neutral when no file addresses the reader; `None` when informal and
/// formal files are as many (no majority), or when every file mixes both or none was read.
pub fn dominant(counts: &RegisterCounts) -> Option<Register> {
    use std::cmp::Ordering::*;
    match counts.informal.cmp(&counts.formal) {
        Greater => Some(Register::Informal),
        Less => Some(Register::Formal),
        Equal if counts.informal > 0 => None,
        Equal if counts.neutral > 0 => Some(Register::Neutral),
        Equal => None,
    }
}

/// Whether a file in `register` departs from its kind: a mixed file always does, a neutral
/// one never; an informal or formal one does when it is not the house register or, without
/// one, not the `dominant` register of its kind (and always when there is no majority).
pub fn departs(
    register: DocumentRegister,
    house: Option<Register>,
    dominant: Option<Register>,
) -> bool {
    let register = match register {
        DocumentRegister::Mixed => return true,
        DocumentRegister::Neutral => return false,
        DocumentRegister::Informal => Register::Informal,
        DocumentRegister::Formal => Register::Formal,
    };
    house.or(dominant) != Some(register)
}

/// One document kind's files and how consistently they address the reader.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindSummary {
    /// The kind; `None` (written `unknown`) for files nothing gives a kind.
    #[serde(serialize_with = "serialize_kind")]
    pub kind: Option<DocKind>,
    /// The profile's register for this kind, if it sets one.
    pub house_register: Option<Register>,
    /// Files read, per document register.
    pub registers: RegisterCounts,
    /// The register most of the files use (see [`dominant`]).
    pub dominant: Option<Register>,
    /// The paths of the files that depart, in order.
    pub departing: Vec<String>,
    /// One sentence saying how the kind's files address the reader and which depart.
    pub verdict: String,
    /// The average warmth of its files that were read; `None` when none was.
    pub warmth: Option<f64>,
    /// Every file of this kind, in input order.
    pub files: Vec<Touchpoint>,
}

impl KindSummary {
    fn new(kind: Option<DocKind>, house: Option<Register>, mut files: Vec<Touchpoint>) -> Self {
        let mut registers = RegisterCounts::default();
        for register in files.iter().filter_map(|f| f.register) {
            registers.add(register);
        }
        let dominant = dominant(&registers);
        for f in &mut files {
            f.departs = f.register.is_some_and(|r| departs(r, house, dominant));
        }
        let departing = files
            .iter()
            .filter(|f| f.departs)
            .map(|f| f.path.clone())
            .collect();
        let scores: Vec<f64> = files.iter().filter_map(|f| f.warmth).collect();
        let warmth = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
        let mut summary = KindSummary {
            kind,
            house_register: house,
            registers,
            dominant,
            departing,
            verdict: String::new(),
            warmth,
            files,
        };
        summary.verdict = summary.make_verdict();
        summary
    }

    /// The languages of the files read, to name registers in their words.
    fn langs(&self) -> Langs {
        let mut langs = Langs::default();
        for f in self.files.iter().filter(|f| f.is_compared()) {
            langs.add(f.lang);
        }
        langs
    }

    fn compared(&self) -> usize {
        self.registers.total()
    }

    fn make_verdict(&self) -> String {
        let name = kind_name(self.kind);
        let c = &self.registers;
        let n = self.compared();
        let not_read = self.files.len() - n;
        if n == 0 {
            return format!(
                "{name}: {}, nothing to compare.",
                if not_read == 1 {
                    "its one file was not read".to_string()
                } else {
                    format!("none of its {not_read} files were read")
                }
            );
        }
        let langs = self.langs();
        let of_n = format!("of {}", count(n, "file", "files"));
        let neutral_note = |out: &mut String| {
            if c.neutral > 0 {
                let _ = write!(
                    out,
                    "; {} not address the reader",
                    count(c.neutral, "does", "do")
                );
            }
        };
        let mut s = String::new();
        let mut hint = false;
        match (self.house_register, self.dominant) {
            (Some(house), _) => {
                let k = c.of(house);
                let _ = write!(
                    s,
                    "{name}: {k} {of_n} {}, as the profile asks",
                    addressing(k, house, langs)
                );
                if house != Register::Neutral {
                    neutral_note(&mut s);
                }
            }
            (None, Some(d)) => {
                let k = c.of(d);
                let _ = write!(
                    s,
                    "{name} (no house register): {k} {of_n} {}",
                    addressing(k, d, langs)
                );
                if d != Register::Neutral {
                    neutral_note(&mut s);
                }
            }
            (None, None) if c.informal > 0 => {
                let _ = write!(
                    s,
                    "{name} (no house register): no majority, {} the reader {} and {} {}",
                    count(c.informal, "addresses", "address"),
                    how(Register::Informal, langs),
                    c.formal,
                    how(Register::Formal, langs),
                );
                neutral_note(&mut s);
                hint = self.kind.is_some();
            }
            (None, None) => {
                let _ = write!(
                    s,
                    "{name} (no house register): {} {of_n} {} informal and formal address",
                    c.mixed,
                    if c.mixed == 1 { "mixes" } else { "mix" }
                );
            }
        }
        let departing: Vec<&Touchpoint> = self.files.iter().filter(|f| f.departs).collect();
        if departing.is_empty() {
            s.push_str("; none depart.");
        } else {
            let from_majority = self.house_register.is_none()
                && matches!(self.dominant, Some(Register::Informal | Register::Formal));
            let _ = write!(
                s,
                "; {} {}{}: {}.",
                departing.len(),
                if departing.len() == 1 {
                    "departs"
                } else {
                    "depart"
                },
                if from_majority {
                    " from that majority"
                } else {
                    ""
                },
                name_files(&departing)
            );
        }
        if hint {
            let _ = write!(
                s,
                " Choose one with `{name} = \"informal\"` or `\"formal\"` under [register] in savy.toml."
            );
        }
        if not_read > 0 {
            let _ = write!(
                s,
                " {} not read.",
                if not_read == 1 {
                    "1 more file was".to_string()
                } else {
                    format!("{not_read} more files were")
                }
            );
        }
        s
    }
}

/// `a.txt (formal), b.txt (mixed) and 3 more`.
fn name_files(files: &[&Touchpoint]) -> String {
    let named: Vec<String> = files
        .iter()
        .take(MAX_NAMED)
        .map(|f| {
            let register = f.register.map_or("?", DocumentRegister::name);
            format!("{} ({register})", f.path)
        })
        .collect();
    let mut s = named.join(", ");
    if files.len() > MAX_NAMED {
        let _ = write!(s, " and {} more", files.len() - MAX_NAMED);
    }
    s
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The languages among some files: registers are named in their words (sinä/Te in Finnish,
/// casual/formal in English).
#[derive(Debug, Clone, Copy, Default)]
struct Langs {
    fi: bool,
    en: bool,
}

impl Langs {
    fn add(&mut self, lang: Option<Lang>) {
        match lang {
            Some(Lang::Fi) => self.fi = true,
            Some(Lang::En) => self.en = true,
            None => {}
        }
    }

    fn union(self, other: Langs) -> Langs {
        Langs {
            fi: self.fi || other.fi,
            en: self.en || other.en,
        }
    }
}

/// How a register addresses the reader, as an adverb: `informally (sinä)`, `casually`.
fn how(register: Register, langs: Langs) -> &'static str {
    match (register, langs.fi, langs.en) {
        (Register::Informal, true, false) => "informally (sinä)",
        (Register::Informal, false, true) => "casually",
        (Register::Informal, true, true) => "informally (sinä; casual in English)",
        (Register::Informal, false, false) => "informally",
        (Register::Formal, true, false) => "formally (Te)",
        (Register::Formal, true, true) => "formally (Te; formal in English)",
        (Register::Formal, _, _) => "formally",
        (Register::Neutral, ..) => "without addressing them directly",
    }
}

/// The verb phrase after `k of n files`: `address the reader informally (sinä)`, `does not
/// address the reader directly`.
fn addressing(k: usize, register: Register, langs: Langs) -> String {
    match register {
        Register::Neutral => format!(
            "{} not address the reader directly",
            if k == 1 { "does" } else { "do" }
        ),
        _ => format!(
            "{} the reader {}",
            if k == 1 { "addresses" } else { "address" },
            how(register, langs)
        ),
    }
}

/// `replies`, `invoices`, `files of unknown kind`.
fn kind_plural(kind: Option<DocKind>) -> String {
    match kind {
        Some(DocKind::Reply) => "replies".into(),
        Some(k) => format!("{}s", k.name()),
        None => "files of unknown kind".into(),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The totals of a report and its closing sentences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Every file named or found.
    pub files: usize,
    /// Files read and compared.
    pub compared: usize,
    /// Files that depart from their kind's register.
    pub departing: usize,
    /// Files that could not be read (input errors).
    pub failed: usize,
    /// Files passed over on purpose (empty, binary inside a folder).
    pub skipped: usize,
    /// One sentence for the whole set: `7 of 52 files depart from the profile.`
    pub verdict: String,
    /// When kinds address the reader differently and the profile does not set it for all of
    /// them, a sentence that says so: `invoices address the reader formally (Te), replies
    /// informally (sinä).`
    pub contrast: Option<String>,
}

/// Every kind's files and the verdict for the whole set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TouchpointReport {
    /// Kinds in the order reply, email, invoice, reminder, unknown; only those with files.
    pub kinds: Vec<KindSummary>,
    /// Totals and the closing sentences.
    pub summary: Summary,
}

impl TouchpointReport {
    /// Groups rows by kind (keeping their order within a kind), decides which files depart
    /// from the profile's register for their kind or, without one, from their kind's majority,
    /// and words the verdicts.
    pub fn build(rows: Vec<Touchpoint>, profile: &Profile) -> TouchpointReport {
        let rank = |k: Option<DocKind>| {
            k.and_then(|k| DocKind::ALL.iter().position(|x| *x == k))
                .unwrap_or(DocKind::ALL.len())
        };
        let mut groups: Vec<(Option<DocKind>, Vec<Touchpoint>)> = Vec::new();
        for row in rows {
            match groups.iter_mut().find(|(k, _)| *k == row.kind) {
                Some((_, files)) => files.push(row),
                None => groups.push((row.kind, vec![row])),
            }
        }
        groups.sort_by_key(|(k, _)| rank(*k));
        let kinds: Vec<KindSummary> = groups
            .into_iter()
            .map(|(kind, files)| {
                KindSummary::new(kind, kind.and_then(|k| profile.register_for(k)), files)
            })
            .collect();
        let all = || kinds.iter().flat_map(|k| &k.files);
        let mut summary = Summary {
            files: all().count(),
            compared: all().filter(|f| f.is_compared()).count(),
            departing: all().filter(|f| f.departs).count(),
            failed: all().filter(|f| f.error.is_some()).count(),
            skipped: all().filter(|f| f.skipped.is_some()).count(),
            verdict: String::new(),
            contrast: contrast(&kinds),
        };
        summary.verdict = overall_verdict(&kinds, &summary);
        TouchpointReport { kinds, summary }
    }

    /// Whether any file departs (the CLI exits with 1).
    pub fn departs(&self) -> bool {
        self.summary.departing > 0
    }
}

fn overall_verdict(kinds: &[KindSummary], s: &Summary) -> String {
    if s.files == 0 {
        return "No files to report on.".into();
    }
    let mut out = if s.compared == 0 {
        "Nothing to compare.".to_string()
    } else {
        let read = kinds.iter().filter(|k| k.compared() > 0);
        let by_house = read.clone().any(|k| k.house_register.is_some());
        let by_majority = read.clone().any(|k| k.house_register.is_none());
        let against = match (by_house, by_majority) {
            (true, false) => "the profile",
            (false, _) => "the register most files of their kind use",
            (true, true) => "the profile or, where it sets no register, their kind's majority",
        };
        format!(
            "{} of {} {} from {against}.",
            s.departing,
            count(s.compared, "file", "files"),
            if s.departing == 1 {
                "departs"
            } else {
                "depart"
            },
        )
    };
    if s.failed > 0 {
        let _ = write!(
            out,
            " {} could not be read.",
            count(s.failed, "file", "files")
        );
    }
    if s.skipped > 0 {
        let _ = write!(
            out,
            " {} skipped.",
            if s.skipped == 1 {
                "1 file was".to_string()
            } else {
                format!("{} files were", s.skipped)
            }
        );
    }
    out
}

/// A sentence naming the kinds that address the reader differently, when the profile does not
/// set the register of every one of them.
fn contrast(kinds: &[KindSummary]) -> Option<String> {
    // (register, kinds, their languages), in order of first appearance.
    let mut groups: Vec<(Register, Vec<String>, Langs)> = Vec::new();
    let mut any_majority = false;
    for k in kinds.iter().filter(|k| k.compared() > 0) {
        let Some(register) = k.house_register.or(k.dominant) else {
            continue;
        };
        if register == Register::Neutral {
            continue;
        }
        any_majority |= k.house_register.is_none();
        match groups.iter_mut().find(|(r, _, _)| *r == register) {
            Some((_, names, langs)) => {
                names.push(kind_plural(k.kind));
                *langs = langs.union(k.langs());
            }
            None => groups.push((register, vec![kind_plural(k.kind)], k.langs())),
        }
    }
    if groups.len() < 2 || !any_majority {
        return None;
    }
    let parts: Vec<String> = groups
        .iter()
        .enumerate()
        .map(|(i, (register, names, langs))| {
            let verb = if i == 0 { "address the reader " } else { "" };
            format!("{} {verb}{}", and_list(names), how(*register, *langs))
        })
        .collect();
    Some(format!("Kinds disagree: {}.", parts.join(", ")))
}

// ---------------------------------------------------------------------------------------------
// Rendering

/// The cells of one row of the table, in column order (FILE first, the status last).
fn cells(f: &Touchpoint) -> [String; 10] {
    let dash = || "–".to_string();
    let num = |n: Option<usize>| n.map_or_else(dash, |n| n.to_string());
    let status = if let Some(e) = &f.error {
        format!("error: {e}")
    } else if let Some(r) = &f.skipped {
        format!("skipped: {r}")
    } else if f.departs {
        "departs".into()
    } else {
        String::new()
    };
    [
        f.path.clone(),
        f.lang.map_or_else(dash, |l| l.code().to_string()),
        f.register.map_or_else(dash, |r| r.name().to_string()),
        num(f.sentences.map(|s| s.informal)),
        num(f.sentences.map(|s| s.formal)),
        num(f.sentences.map(|s| s.neutral)),
        num(f.findings.map(|c| c.total)),
        num(f.findings.map(|c| c.warning_or_above)),
        f.warmth.map_or_else(dash, |w| format!("{w:.0}")),
        status,
    ]
}

const HEADERS: [&str; 10] = [
    "FILE", "LANG", "REGISTER", "INF", "FORM", "NEUT", "FINDINGS", "WARN+", "WARMTH", "",
];
/// Columns aligned to the right (the numbers).
const NUMERIC: [bool; 10] = [
    false, false, false, true, true, true, true, true, true, false,
];

fn paint(out: &mut dyn Write, style: Style, text: &str, styled: bool) -> io::Result<()> {
    if styled && style != Style::new() {
        write!(out, "{style}{text}{style:#}")
    } else {
        out.write_all(text.as_bytes())
    }
}

fn kind_heading(k: &KindSummary) -> String {
    let name = kind_name(k.kind);
    match (k.kind, k.house_register) {
        (_, Some(r)) => format!("{name} — house register: {}", r.name()),
        (Some(_), None) => format!("{name} — no house register: compared with its majority"),
        (None, None) => format!(
            "{name} — no kind (name one with --kind or [kinds] in savy.toml): compared with the majority"
        ),
    }
}

/// Writes the report as tables grouped by kind, each with its verdict, then the verdict for
/// the whole set. Styles are ANSI; the caller's stream decides whether they are kept.
pub fn render_human(
    out: &mut dyn Write,
    report: &TouchpointReport,
    options: HumanOptions,
) -> io::Result<()> {
    let styled = options.styled;
    let bold = Style::new().bold();
    if report.kinds.is_empty() {
        paint(out, bold, &report.summary.verdict, styled)?;
        return writeln!(out);
    }
    let rows: Vec<Vec<[String; 10]>> = report
        .kinds
        .iter()
        .map(|k| k.files.iter().map(cells).collect())
        .collect();
    // One set of widths for every table, so the kinds line up with each other.
    let mut widths = HEADERS.map(UnicodeWidthStr::width);
    for row in rows.iter().flatten() {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let write_row = |out: &mut dyn Write, row: &[String; 10], styles: &[Style; 10]| {
        let last = row.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
        out.write_all(b"  ")?;
        for (i, cell) in row.iter().enumerate().take(last + 1) {
            if i > 0 {
                out.write_all(b"  ")?;
            }
            let pad = " ".repeat(widths[i].saturating_sub(cell.width()));
            if NUMERIC[i] {
                out.write_all(pad.as_bytes())?;
                paint(out, styles[i], cell, styled)?;
            } else {
                paint(out, styles[i], cell, styled)?;
                if i < last {
                    out.write_all(pad.as_bytes())?;
                }
            }
        }
        writeln!(out)
    };
    let dim = Style::new().dimmed();
    let red = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let yellow = Style::new().fg_color(Some(AnsiColor::Yellow.into()));
    let green = Style::new().fg_color(Some(AnsiColor::Green.into()));
    for (i, (k, rows)) in report.kinds.iter().zip(&rows).enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        paint(out, bold, &kind_heading(k), styled)?;
        writeln!(out)?;
        write_row(out, &HEADERS.map(String::from), &[dim; 10])?;
        for (f, row) in k.files.iter().zip(rows) {
            let mut styles = [Style::new(); 10];
            if f.departs {
                styles[2] = yellow;
                styles[9] = red;
            }
            if f.error.is_some() {
                styles[9] = red;
            } else if f.skipped.is_some() {
                styles[9] = dim;
            }
            write_row(out, row, &styles)?;
        }
        out.write_all(b"  ")?;
        paint(
            out,
            if k.departing.is_empty() {
                green
            } else {
                yellow
            },
            &k.verdict,
            styled,
        )?;
        writeln!(out)?;
    }
    writeln!(out)?;
    paint(
        out,
        dim,
        "INF/FORM/NEUT: sentences addressing the reader informally, formally, not at all. WARN+: findings at warning or above. WARMTH: 0 cold to 100 warm.",
        styled,
    )?;
    writeln!(out)?;
    let averages: Vec<String> = report
        .kinds
        .iter()
        .filter_map(|k| Some(format!("{} {:.0}", kind_name(k.kind), k.warmth?)))
        .collect();
    if !averages.is_empty() {
        writeln!(out, "Warmth on average: {}.", averages.join(", "))?;
    }
    if let Some(c) = &report.summary.contrast {
        paint(out, yellow, c, styled)?;
        writeln!(out)?;
    }
    paint(out, bold, &report.summary.verdict, styled)?;
    writeln!(out)
}

/// Writes the report as one JSON document: `{"version": 1, "kinds": [...], "summary": {...}}`
/// (the schema is in the README).
pub fn render_json(out: &mut dyn Write, report: &TouchpointReport) -> io::Result<()> {
    #[derive(Serialize)]
    struct Document<'a> {
        version: u32,
        kinds: &'a [KindSummary],
        summary: &'a Summary,
    }
    serde_json::to_writer_pretty(
        &mut *out,
        &Document {
            version: JSON_VERSION,
            kinds: &report.kinds,
            summary: &report.summary,
        },
    )?;
    out.write_all(b"\n")
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const HTML_STYLE: &str = r#"
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #5b5b5b; --rule: #d0d0d0;
  --depart: #fbe3e0; --informal: #1b7f79; --formal: #27408b; --neutral: #a3a3a3; --mixed: #c4471b; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #ececec; --bg: #17191c; --muted: #a8a8a8; --rule: #3a3d42; --depart: #4d2320; }
}
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  background: var(--bg); max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .25rem; }
.overall { font-size: 1.1rem; font-weight: 600; }
.contrast { border-left: 4px solid var(--mixed); padding-left: .6rem; }
.basis, .legend-note, footer { color: var(--muted); }
.verdict { margin: .4rem 0; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { font-weight: 600; border-bottom-width: 2px; }
.n { text-align: right; }
td.path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
tr.departs td { background: var(--depart); }
tr.departs td.status { font-weight: 700; }
td.status.error { font-weight: 600; color: var(--mixed); }
svg { max-width: 100%; height: auto; }
svg text { fill: var(--fg); font: 13px system-ui, sans-serif; }
svg text.in { fill: #fff; font-weight: 600; }
svg text.in.light { fill: #111; }
.seg-informal { fill: var(--informal); } .seg-formal { fill: var(--formal); }
.seg-neutral { fill: var(--neutral); } .seg-mixed { fill: var(--mixed); }
.seg-unread { fill: none; stroke: var(--muted); stroke-dasharray: 4 3; }
@media print { tr.departs td { background: none; } }
"#;

/// A bar segment's register, CSS class, and whether its label needs dark text.
const SEGMENTS: [(&str, &str, bool); 5] = [
    ("informal", "seg-informal", false),
    ("formal", "seg-formal", false),
    ("neutral", "seg-neutral", true),
    ("mixed", "seg-mixed", false),
    ("not read", "seg-unread", true),
];

/// The stacked bar chart: one bar per kind, a segment per register, each labelled with its
/// count and titled in words, hatched where colour alone would tell them apart.
fn svg_chart(report: &TouchpointReport) -> String {
    const LABEL: f64 = 110.0;
    const BAR: f64 = 480.0;
    const ROW: f64 = 34.0;
    const TOP: f64 = 34.0;
    let width = LABEL + BAR + 90.0;
    let height = TOP + ROW * report.kinds.len() as f64 + 6.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-labelledby="chart-title"><title id="chart-title">Files per register, by kind</title>"#
    );
    // Hatching for formal and mixed: the bars stay readable in greyscale and print.
    s.push_str(r##"<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="6" fill="#ffffff" fill-opacity="0.45"/></pattern><pattern id="cross" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 0L6 6M6 0L0 6" stroke="#ffffff" stroke-opacity="0.5" stroke-width="1.2"/></pattern></defs>"##);
    // Legend.
    let mut x = LABEL;
    for (name, class, _) in SEGMENTS {
        let _ = write!(
            s,
            r#"<rect class="{class}" x="{x}" y="6" width="14" height="14"/>{}<text x="{}" y="18">{name}</text>"#,
            overlay(name, x, 6.0, 14.0, 14.0),
            x + 19.0
        );
        x += 22.0 + 8.0 * name.len() as f64;
    }
    for (i, k) in report.kinds.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let name = escape_html(kind_name(k.kind));
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{name}</text>"#,
            LABEL - 10.0,
            y + 18.0
        );
        let r = &k.registers;
        let not_read = k.files.len() - r.total();
        let counts = [r.informal, r.formal, r.neutral, r.mixed, not_read];
        let total = k.files.len().max(1) as f64;
        let mut x = LABEL;
        for ((label, class, light), n) in SEGMENTS.into_iter().zip(counts) {
            if n == 0 {
                continue;
            }
            let w = BAR * n as f64 / total;
            let _ = write!(
                s,
                r#"<g><title>{name}: {} {label}</title><rect class="{class}" x="{x:.1}" y="{y}" width="{w:.1}" height="26"/>{}"#,
                n,
                overlay(label, x, y, w, 26.0)
            );
            if w >= 18.0 {
                let _ = write!(
                    s,
                    r#"<text class="in{}" x="{:.1}" y="{}" text-anchor="middle">{n}</text>"#,
                    if light { " light" } else { "" },
                    x + w / 2.0,
                    y + 18.0
                );
            }
            s.push_str("</g>");
            x += w;
        }
        let _ = write!(
            s,
            r#"<text x="{}" y="{}">{}</text>"#,
            LABEL + BAR + 8.0,
            y + 18.0,
            count(k.files.len(), "file", "files")
        );
    }
    s.push_str("</svg>");
    s
}

/// The hatching drawn over a formal or mixed segment.
fn overlay(label: &str, x: f64, y: f64, w: f64, h: f64) -> String {
    let pattern = match label {
        "formal" => "hatch",
        "mixed" => "cross",
        _ => return String::new(),
    };
    format!(r##"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="{h}" fill="url(#{pattern})"/>"##)
}

/// Writes the report as one self-contained HTML page: inline CSS, an inline SVG chart, no
/// scripts, fonts or links to fetch, so it works offline and can be mailed as one file.
/// Every path and message is escaped.
pub fn render_html(out: &mut dyn Write, report: &TouchpointReport) -> io::Result<()> {
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    s.push_str("<title>Sävy: register across touchpoints</title>\n<style>");
    s.push_str(HTML_STYLE);
    s.push_str("</style>\n</head>\n<body>\n<h1>Register across touchpoints</h1>\n");
    let _ = writeln!(
        s,
        "<p class=\"overall\">{}</p>",
        escape_html(&report.summary.verdict)
    );
    if let Some(c) = &report.summary.contrast {
        let _ = writeln!(s, "<p class=\"contrast\">{}</p>", escape_html(c));
    }
    if !report.kinds.is_empty() {
        let _ = writeln!(s, "<figure>{}</figure>", svg_chart(report));
    }
    for k in &report.kinds {
        let name = escape_html(kind_name(k.kind));
        let basis = match k.house_register {
            Some(r) => format!(
                "House register: <strong>{}</strong> (set in the profile).",
                r.name()
            ),
            None if k.kind.is_some() => {
                "No house register: files are compared with the register most of them use."
                    .to_string()
            }
            None => "No kind (name one with --kind or [kinds] in savy.toml): files are compared with the register most of them use.".to_string(),
        };
        let _ = writeln!(
            s,
            "<section id=\"kind-{name}\">\n<h2>{name}</h2>\n<p class=\"basis\">{basis}</p>\n<p class=\"verdict\">{}</p>",
            escape_html(&k.verdict)
        );
        if let Some(w) = k.warmth {
            let _ = writeln!(
                s,
                "<p class=\"warmth\">Warmth <strong>{w:.0}</strong> on average (0 cold – 100 warm).</p>"
            );
        }
        s.push_str("<table>\n<thead><tr><th>File</th><th>Language</th><th>Register</th><th class=\"n\">Informal sentences</th><th class=\"n\">Formal sentences</th><th class=\"n\">Neutral sentences</th><th class=\"n\">Findings</th><th class=\"n\">At warning or above</th><th class=\"n\">Warmth</th><th>Status</th></tr></thead>\n<tbody>\n");
        for f in &k.files {
            let row = cells(f);
            let (class, status_class) = if f.error.is_some() {
                (" class=\"error\"", "status error")
            } else if f.departs {
                (" class=\"departs\"", "status")
            } else {
                ("", "status")
            };
            let status = if f.departs {
                "⚠ departs".to_string()
            } else if row[9].is_empty() {
                "ok".to_string()
            } else {
                row[9].clone()
            };
            let _ = write!(
                s,
                "<tr{class}><td class=\"path\">{}</td>",
                escape_html(&row[0])
            );
            for (i, cell) in row.iter().enumerate().take(9).skip(1) {
                let _ = write!(
                    s,
                    "<td{}>{}</td>",
                    if NUMERIC[i] { " class=\"n\"" } else { "" },
                    escape_html(cell)
                );
            }
            let _ = writeln!(
                s,
                "<td class=\"{status_class}\">{}</td></tr>",
                escape_html(&status)
            );
        }
        s.push_str("</tbody>\n</table>\n</section>\n");
    }
    let _ = writeln!(
        s,
        "<footer><p>Registers: informal = sinuttelu (sinä) or casual English; formal = teitittely (Te) or formal English; neutral = no direct address; mixed = both informal and formal sentences. A file departs when it is mixed, or informal or formal where its kind's house register (or, without one, its kind's majority) is another. Made by Sävy {}.</p></footer>",
        env!("CARGO_PKG_VERSION")
    );
    s.push_str("</body>\n</html>\n");
    out.write_all(s.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use DocumentRegister as D;

    fn profile(toml: &str) -> Profile {
        Profile::parse("savy.toml", toml).unwrap()
    }

    fn row(path: &str, kind: Option<DocKind>, lang: Lang, register: D) -> Touchpoint {
        Touchpoint {
            lang: Some(lang),
            register: Some(register),
            sentences: Some(SentenceCounts::default()),
            findings: Some(FindingCounts::default()),
            ..Touchpoint::unread(path.into(), kind)
        }
    }

    fn fi(path: &str, kind: DocKind, register: D) -> Touchpoint {
        row(path, Some(kind), Lang::Fi, register)
    }

    fn departing(k: &KindSummary) -> Vec<&str> {
        k.departing.iter().map(String::as_str).collect()
    }

    #[test]
    fn departure_against_a_house_register() {
        use Register::*;
        // Mixed always departs, neutral never.
        for house in [Some(Informal), Some(Formal), Some(Neutral), None] {
            assert!(departs(D::Mixed, house, Some(Informal)));
            assert!(!departs(D::Neutral, house, Some(Formal)));
        }
        assert!(!departs(D::Informal, Some(Informal), Some(Formal)));
        assert!(
            departs(D::Formal, Some(Informal), Some(Formal)),
            "the house wins over the majority"
        );
        assert!(departs(D::Informal, Some(Neutral), None));
        assert!(departs(D::Formal, Some(Neutral), Some(Neutral)));
        // Without a house register, the majority decides; without a majority, every addressing
        // file departs.
        assert!(!departs(D::Formal, None, Some(Formal)));
        assert!(departs(D::Informal, None, Some(Formal)));
        assert!(departs(D::Informal, None, None));
        assert!(departs(D::Formal, None, None));
    }

    #[test]
    fn the_majority_is_among_files_that_address_the_reader() {
        let c = |informal, formal, neutral, mixed| RegisterCounts {
            informal,
            formal,
            neutral,
            mixed,
        };
        assert_eq!(dominant(&c(3, 1, 9, 2)), Some(Register::Informal));
        assert_eq!(dominant(&c(1, 2, 0, 5)), Some(Register::Formal));
        assert_eq!(dominant(&c(2, 2, 1, 0)), None, "a tie has no majority");
        assert_eq!(dominant(&c(0, 0, 4, 1)), Some(Register::Neutral));
        assert_eq!(dominant(&c(0, 0, 0, 3)), None);
        assert_eq!(dominant(&c(0, 0, 0, 0)), None);
    }

    #[test]
    fn a_kind_with_a_house_register() {
        let p = profile("[register]\nreply = \"informal\"\n");
        let rows = vec![
            fi("a.txt", DocKind::Reply, D::Informal),
            fi("b.txt", DocKind::Reply, D::Formal),
            fi("c.txt", DocKind::Reply, D::Informal),
            fi("d.txt", DocKind::Reply, D::Mixed),
            fi("e.txt", DocKind::Reply, D::Neutral),
        ];
        let r = TouchpointReport::build(rows, &p);
        assert_eq!(r.kinds.len(), 1);
        let k = &r.kinds[0];
        assert_eq!(k.house_register, Some(Register::Informal));
        assert_eq!(
            k.registers,
            RegisterCounts {
                informal: 2,
                formal: 1,
                neutral: 1,
                mixed: 1
            }
        );
        assert_eq!(departing(k), ["b.txt", "d.txt"]);
        assert_eq!(
            k.verdict,
            "reply: 2 of 5 files address the reader informally (sinä), as the profile asks; 1 does not address the reader; 2 depart: b.txt (formal), d.txt (mixed)."
        );
        assert_eq!(r.summary.departing, 2);
        assert_eq!(r.summary.verdict, "2 of 5 files depart from the profile.");
        assert_eq!(r.summary.contrast, None);
        assert!(r.departs());
    }

    #[test]
    fn a_house_register_overrides_a_formal_majority() {
        let p = profile("[register]\nemail = \"informal\"\n");
        let rows = vec![
            fi("a", DocKind::Email, D::Formal),
            fi("b", DocKind::Email, D::Formal),
            fi("c", DocKind::Email, D::Informal),
        ];
        let r = TouchpointReport::build(rows, &p);
        assert_eq!(r.kinds[0].dominant, Some(Register::Formal));
        assert_eq!(departing(&r.kinds[0]), ["a", "b"]);
        assert_eq!(
            r.kinds[0].verdict,
            "email: 1 of 3 files addresses the reader informally (sinä), as the profile asks; 2 depart: a (formal), b (formal)."
        );
    }

    #[test]
    fn a_neutral_house_register_lets_no_address_through() {
        let p = profile("[register]\ninvoice = \"neutral\"\n");
        let rows = vec![
            fi("a", DocKind::Invoice, D::Neutral),
            fi("b", DocKind::Invoice, D::Neutral),
            row("c", Some(DocKind::Invoice), Lang::En, D::Formal),
        ];
        let r = TouchpointReport::build(rows, &p);
        assert_eq!(departing(&r.kinds[0]), ["c"]);
        assert_eq!(
            r.kinds[0].verdict,
            "invoice: 2 of 3 files do not address the reader directly, as the profile asks; 1 departs: c (formal)."
        );
    }

    #[test]
    fn without_a_house_register_the_majority_decides() {
        let p = profile("");
        let rows = vec![
            fi("a", DocKind::Reply, D::Informal),
            fi("b", DocKind::Reply, D::Informal),
            fi("c", DocKind::Reply, D::Formal),
            fi("d", DocKind::Reply, D::Neutral),
        ];
        let r = TouchpointReport::build(rows, &p);
        let k = &r.kinds[0];
        assert_eq!(k.house_register, None);
        assert_eq!(k.dominant, Some(Register::Informal));
        assert_eq!(departing(k), ["c"]);
        assert_eq!(
            k.verdict,
            "reply (no house register): 2 of 4 files address the reader informally (sinä); 1 does not address the reader; 1 departs from that majority: c (formal)."
        );
        assert_eq!(
            r.summary.verdict,
            "1 of 4 files departs from the register most files of their kind use."
        );
    }

    #[test]
    fn a_tie_has_no_majority_and_every_addressing_file_departs() {
        let rows = vec![
            row("a", Some(DocKind::Email), Lang::En, D::Informal),
            row("b", Some(DocKind::Email), Lang::En, D::Formal),
            row("c", Some(DocKind::Email), Lang::En, D::Neutral),
        ];
        let r = TouchpointReport::build(rows, &profile(""));
        let k = &r.kinds[0];
        assert_eq!(k.dominant, None);
        assert_eq!(departing(k), ["a", "b"]);
        assert_eq!(
            k.verdict,
            "email (no house register): no majority, 1 addresses the reader casually and 1 formally; 1 does not address the reader; 2 depart: a (informal), b (formal). Choose one with `email = \"informal\"` or `\"formal\"` under [register] in savy.toml."
        );
    }

    #[test]
    fn kinds_that_disagree_are_named_when_the_profile_does_not_decide() {
        let rows = vec![
            fi("r1", DocKind::Reply, D::Informal),
            fi("i1", DocKind::Invoice, D::Formal),
            fi("r2", DocKind::Reply, D::Informal),
            fi("m1", DocKind::Reminder, D::Formal),
        ];
        let r = TouchpointReport::build(rows.clone(), &profile(""));
        let names: Vec<&str> = r.kinds.iter().map(|k| kind_name(k.kind)).collect();
        assert_eq!(
            names,
            ["reply", "invoice", "reminder"],
            "kinds in a fixed order"
        );
        assert_eq!(r.summary.departing, 0);
        assert_eq!(
            r.summary.contrast.as_deref(),
            Some(
                "Kinds disagree: replies address the reader informally (sinä), invoices and reminders formally (Te)."
            )
        );
        assert_eq!(
            r.summary.verdict,
            "0 of 4 files depart from the register most files of their kind use."
        );
        // When the profile sets every one of them, the difference is by design.
        let set = profile(
            "[register]\nreply = \"informal\"\ninvoice = \"formal\"\nreminder = \"formal\"\n",
        );
        assert_eq!(TouchpointReport::build(rows, &set).summary.contrast, None);
    }

    #[test]
    fn unread_files_are_rows_that_are_not_compared() {
        let p = profile("[register]\nreply = \"formal\"\n");
        let rows = vec![
            fi("a", DocKind::Reply, D::Formal),
            Touchpoint::failed("b.bin", Some(DocKind::Reply), "looks like a binary file"),
            Touchpoint::skipped("c.txt", None, "empty draft"),
        ];
        let r = TouchpointReport::build(rows, &p);
        assert_eq!(r.kinds.len(), 2);
        assert_eq!(r.kinds[0].files.len(), 2);
        assert_eq!(r.kinds[0].registers.total(), 1);
        assert_eq!(
            r.kinds[0].verdict,
            "reply: 1 of 1 file addresses the reader formally (Te), as the profile asks; none depart. 1 more file was not read."
        );
        assert_eq!(
            r.kinds[1].verdict,
            "unknown: its one file was not read, nothing to compare."
        );
        assert_eq!((r.summary.failed, r.summary.skipped), (1, 1));
        assert_eq!(
            r.summary.verdict,
            "0 of 1 file depart from the profile. 1 file could not be read. 1 file was skipped."
        );
        assert!(!r.departs());
    }

    #[test]
    fn an_empty_report_says_so() {
        let r = TouchpointReport::build(Vec::new(), &profile(""));
        assert!(r.kinds.is_empty());
        assert_eq!(r.summary.verdict, "No files to report on.");
        let mut out = Vec::new();
        render_human(&mut out, &r, HumanOptions::default()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "No files to report on.\n");
    }

    #[test]
    fn long_lists_of_departing_files_are_cut() {
        let rows: Vec<Touchpoint> = (0..13)
            .map(|i| fi(&format!("f{i}"), DocKind::Reply, D::Mixed))
            .collect();
        let r = TouchpointReport::build(rows, &profile(""));
        assert_eq!(r.kinds[0].departing.len(), 13);
        assert!(
            r.kinds[0].verdict.ends_with("f9 (mixed) and 3 more."),
            "{}",
            r.kinds[0].verdict
        );
    }

    #[test]
    fn html_escapes_and_has_no_external_references() {
        let rows = vec![fi("<a&b>.txt", DocKind::Reply, D::Mixed)];
        let r = TouchpointReport::build(rows, &profile(""));
        let mut out = Vec::new();
        render_html(&mut out, &r).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(html.contains("&lt;a&amp;b&gt;.txt"));
        assert!(!html.contains("<a&b>"));
        assert!(html.contains("<svg"));
        assert!(!html.contains("http"));
        assert_eq!(escape_html("\"'"), "&quot;&#39;");
    }
}
