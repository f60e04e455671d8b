//! JSON and JSON Lines output.
//!
//! JSON Lines (`--format jsonl`) writes one object per input, in input order:
//!
//! ```text
//! {"id": "t-1", "lang": "fi", "kind": "reply", "findings": [FINDING, …]}      a JSONL line checked
//! {"path": "a.txt", "lang": "en", "kind": null, "findings": […]}             a file checked
//! {"id": "t-2", "line": 7, "error": "…"}                                     an input that failed
//! {"path": "logo.png", "skipped": "binary file"}                             an input passed over
//! ```
//! A checked object also has `"register": {"document": "informal|formal|neutral|mixed",
//! "sentences": [{"start", "end", "register": "informal|formal|neutral", "evidence": [{"start",
//! "end", "text"}]}]}`, byte offsets into the draft. Every checked object has `"warmth": {"score":
//! 0-100, "grade": "cold|neutral|warm", "signals": [{"id", "delta", "start", "end", "reason"}],
//! "strengths": ["…"]}` (the score is 50 plus every signal's delta, kept within 0..=100; `start`
//! and `end` are byte offsets into the draft, both 0 for a signal about the whole draft, such as
//! one from the customer's message) and `"suggested": "…"`, the draft with every suggestion
//! applied and missing elements inserted (the same text `--fix` writes). With `--fix`, it also
//! has `"fixed": "…"`. With `--rewrite llm`, `suggested` is the language model's rewrite when the
//! rules accepted it, and `"rewrite": {"source": "llm"|"rules", "rejected"?: "…", "error"?: "…"}`
//! says whose it is: `rejected` why the model's rewrite was not used (`"lost the amount
//! 49,90 €"`), `error` why there was none (a time-out, an HTTP status); without `--rewrite llm`
//! there is no `rewrite` field and `suggested` is the rules'. A FINDING is
//! `{"rule", "level", "message", "start", "end", "line", "column", "end_line", "end_column",
//! "text", "suggestions": [{"start", "end", "replacement"}]}`: `start`/`end` are byte offsets
//! into the draft, lines and columns (in characters) are 1-based. Later versions add fields
//! (such as `register` and `warmth`) but never remove or rename these.
//!
//! `--format json` writes one document: `{"version": 1, "results": [OBJECT, …], "summary": {…}}`.

use super::{Checked, LineIndex, Outcome, Source};
use crate::check::register::RegisterReport;
use crate::check::warmth::{Grade, Signal, Warmth};
use crate::review::{Edit, Finding};
use crate::rewrite::Rewrite;
use crate::rules::Level;
use crate::text::{DocKind, Lang};
use crate::voice::Register;
use serde::Serialize;
use serde_json::{Value, json};
use std::io::{self, Write};

/// A finding as written, positions resolved. Serialized straight from borrowed data: a 10 MB
/// draft's findings are never copied into a JSON tree.
#[derive(Serialize)]
struct FindingOut<'a> {
    rule: &'a str,
    level: Level,
    message: &'a str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    text: &'a str,
    suggestions: &'a [Edit],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedOut<'a>>,
}

/// Another place a finding is about, located like the finding.
#[derive(Serialize)]
struct RelatedOut<'a> {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    text: &'a str,
}

impl<'a> FindingOut<'a> {
    fn new(f: &'a Finding, text: &'a str, index: &LineIndex<'_>) -> Self {
        let (line, column) = index.position(f.start);
        let (end_line, end_column) = index.position(f.end);
        FindingOut {
            rule: &f.rule,
            level: f.level,
            message: &f.message,
            start: f.start,
            end: f.end,
            line,
            column,
            end_line,
            end_column,
            text: text.get(f.start..f.end).unwrap_or(""),
            suggestions: &f.suggestions,
            related: f
                .related
                .iter()
                .map(|r| {
                    let (line, column) = index.position(r.start);
                    RelatedOut {
                        start: r.start,
                        end: r.end,
                        line,
                        column,
                        text: text.get(r.start..r.end).unwrap_or(""),
                    }
                })
                .collect(),
        }
    }
}

/// The findings of one draft, serialized one by one as they are written.
struct FindingsOut<'a> {
    findings: &'a [Finding],
    text: &'a str,
}

impl Serialize for FindingsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let index = LineIndex::new(self.text);
        serializer.collect_seq(
            self.findings
                .iter()
                .map(|f| FindingOut::new(f, self.text, &index)),
        )
    }
}

/// [`Checked::suggested`], written out as it is serialized: a long draft's suggested
/// version is not copied first.
struct Suggested<'a>(&'a Checked);

impl Serialize for Suggested<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        match c.suggested_as_kept() {
            Some(text) => serializer.serialize_str(text),
            None => serializer.collect_str(&c.review.fixed_pieces(&c.text)),
        }
    }
}

/// The register report with each evidence word's text.
struct RegisterOut<'a> {
    report: &'a RegisterReport,
    text: &'a str,
}

impl Serialize for RegisterOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // Sentences and their evidence are written as they are read: a long draft's report is
        // never copied.
        struct Sentences<'a>(&'a RegisterReport, &'a str);
        struct Evidence<'a>(&'a [crate::check::register::Evidence], &'a str);
        #[derive(Serialize)]
        struct EvidenceOut<'a> {
            start: usize,
            end: usize,
            text: &'a str,
        }
        #[derive(Serialize)]
        struct SentenceOut<'a> {
            start: usize,
            end: usize,
            register: Register,
            evidence: Evidence<'a>,
        }
        impl Serialize for Evidence<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let text = self.1;
                serializer.collect_seq(self.0.iter().map(|e| EvidenceOut {
                    start: e.start,
                    end: e.end,
                    text: text.get(e.start..e.end).unwrap_or(""),
                }))
            }
        }
        impl Serialize for Sentences<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let text = self.1;
                serializer.collect_seq(self.0.sentences.iter().map(|s| SentenceOut {
                    start: s.start,
                    end: s.end,
                    register: s.register,
                    evidence: Evidence(&s.evidence, text),
                }))
            }
        }
        let mut out = serializer.serialize_struct("Register", 2)?;
        out.serialize_field("document", &self.report.document)?;
        out.serialize_field("sentences", &Sentences(self.report, self.text))?;
        out.end()
    }
}

/// The warmth of a draft as written: the fields the schema names, nothing more.
#[derive(Serialize)]
struct WarmthOut<'a> {
    score: u8,
    grade: Grade,
    signals: &'a [Signal],
    strengths: &'a [String],
}

impl<'a> WarmthOut<'a> {
    fn new(w: &'a Warmth) -> Self {
        WarmthOut {
            score: w.score,
            grade: w.grade,
            signals: &w.signals,
            strengths: &w.strengths,
        }
    }
}

/// One outcome: the JSONL line, and an element of `results` in `--format json`.
#[derive(Serialize)]
struct OutcomeOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<Lang>,
    /// Present (possibly null) for a checked draft, absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<Option<DocKind>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<FindingsOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    register: Option<RegisterOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warmth: Option<WarmthOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggested: Option<Suggested<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rewrite: Option<&'a Rewrite>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<&'a str>,
}

impl<'a> OutcomeOut<'a> {
    fn new(outcome: &'a Outcome) -> Self {
        let (path, id, line) = match outcome.source() {
            Source::Path(p) => (Some(p.as_str()), None, None),
            // A checked line is known by its id; the line number is for errors.
            Source::Line { id, .. } if matches!(outcome, Outcome::Checked(_)) => {
                (None, Some(id), None)
            }
            Source::Line { id, line } => (None, Some(id), Some(*line)),
        };
        let mut out = OutcomeOut {
            path,
            id,
            line,
            lang: None,
            kind: None,
            findings: None,
            register: None,
            warmth: None,
            suggested: None,
            rewrite: None,
            fixed: None,
            error: None,
            skipped: None,
        };
        match outcome {
            Outcome::Checked(c) => {
                out.lang = Some(c.review.lang);
                out.kind = Some(c.review.kind);
                out.register = c.review.register.as_ref().map(|report| RegisterOut {
                    report,
                    text: &c.text,
                });
                out.findings = Some(FindingsOut {
                    findings: &c.review.findings,
                    text: &c.text,
                });
                out.warmth = Some(WarmthOut::new(&c.review.warmth));
                out.suggested = Some(Suggested(c));
                out.rewrite = c.rewrite.as_deref();
                out.fixed = c.fixed.as_deref();
            }
            Outcome::Failed { error, .. } => out.error = Some(error),
            Outcome::Skipped { reason, .. } => out.skipped = Some(reason),
        }
        out
    }
}

/// Writes one JSONL line.
pub fn render_jsonl_line(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &OutcomeOut::new(outcome))?;
    out.write_all(b"\n")
}

/// Writes the whole batch as one JSON document.
pub fn render_json(out: &mut dyn Write, outcomes: &[Outcome]) -> io::Result<()> {
    let mut by_level: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let mut findings = 0;
    for o in outcomes {
        if let Outcome::Checked(c) = o {
            findings += c.review.findings.len();
            for f in &c.review.findings {
                *by_level.entry(f.level.name()).or_default() += 1;
            }
        }
    }
    let count = |f: fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    #[derive(Serialize)]
    struct Document<'a> {
        version: u32,
        results: Vec<OutcomeOut<'a>>,
        summary: Value,
    }
    let doc = Document {
        version: 1,
        results: outcomes.iter().map(OutcomeOut::new).collect(),
        summary: json!({
            "inputs": outcomes.len(),
            "checked": count(|o| matches!(o, Outcome::Checked(_))),
            "failed": count(|o| matches!(o, Outcome::Failed { .. })),
            "skipped": count(|o| matches!(o, Outcome::Skipped { .. })),
            "findings": findings,
            "by_level": by_level,
        }),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
