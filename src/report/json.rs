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
//! With `--fix`, a checked object also has `"fixed": "…"`. A FINDING is
//! `{"rule", "level", "message", "start", "end", "line", "column", "end_line", "end_column",
//! "text", "suggestions": [{"start", "end", "replacement"}]}`: `start`/`end` are byte offsets
//! into the draft, lines and columns (in characters) are 1-based. Later versions add fields
//! (such as `register` and `warmth`) but never remove or rename these.
//!
//! `--format json` writes one document: `{"version": 1, "results": [OBJECT, …], "summary": {…}}`.

use super::{LineIndex, Outcome, Source};
use crate::review::Finding;
use serde_json::{Map, Value, json};
use std::io::{self, Write};

/// One finding as JSON, with positions resolved against its text.
pub fn finding_json(f: &Finding, text: &str, index: &LineIndex<'_>) -> Value {
    let (line, column) = index.position(f.start);
    let (end_line, end_column) = index.position(f.end);
    json!({
        "rule": f.rule,
        "level": f.level,
        "message": f.message,
        "start": f.start,
        "end": f.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "text": text.get(f.start..f.end).unwrap_or(""),
        "suggestions": f.suggestions,
    })
}

fn source_fields(source: &Source, obj: &mut Map<String, Value>) {
    match source {
        Source::Path(p) => {
            obj.insert("path".into(), json!(p));
        }
        Source::Line { id, line } => {
            obj.insert("id".into(), id.clone());
            obj.insert("line".into(), json!(line));
        }
    }
}

/// One outcome as a JSON object (the JSONL line and the element of `results`).
pub fn outcome_json(outcome: &Outcome) -> Value {
    let mut obj = Map::new();
    match outcome {
        Outcome::Checked(c) => {
            source_fields(&c.source, &mut obj);
            if let Source::Line { .. } = c.source {
                // The line number is for errors; a checked line is known by its id.
                obj.remove("line");
            }
            obj.insert("lang".into(), json!(c.review.lang));
            obj.insert("kind".into(), json!(c.review.kind));
            let index = LineIndex::new(&c.text);
            let findings = c
                .review
                .findings
                .iter()
                .map(|f| finding_json(f, &c.text, &index))
                .collect();
            obj.insert("findings".into(), Value::Array(findings));
            if let Some(fixed) = &c.fixed {
                obj.insert("fixed".into(), json!(fixed));
            }
        }
        Outcome::Failed { source, error } => {
            source_fields(source, &mut obj);
            obj.insert("error".into(), json!(error));
        }
        Outcome::Skipped { source, reason } => {
            source_fields(source, &mut obj);
            obj.insert("skipped".into(), json!(reason));
        }
    }
    Value::Object(obj)
}

/// Writes one JSONL line.
pub fn render_jsonl_line(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &outcome_json(outcome))?;
    out.write_all(b"\n")
}

/// Writes the whole batch as one JSON document.
pub fn render_json(out: &mut dyn Write, outcomes: &[Outcome]) -> io::Result<()> {
    let mut counts = Map::new();
    let mut findings = 0;
    for o in outcomes {
        if let Outcome::Checked(c) = o {
            findings += c.review.findings.len();
            for f in &c.review.findings {
                let n = counts.entry(f.level.name()).or_insert(json!(0));
                *n = json!(n.as_u64().unwrap_or(0) + 1);
            }
        }
    }
    let doc = json!({
        "version": 1,
        "results": outcomes.iter().map(outcome_json).collect::<Vec<_>>(),
        "summary": {
            "inputs": outcomes.len(),
            "checked": outcomes.iter().filter(|o| matches!(o, Outcome::Checked(_))).count(),
            "failed": outcomes.iter().filter(|o| matches!(o, Outcome::Failed { .. })).count(),
            "skipped": outcomes.iter().filter(|o| matches!(o, Outcome::Skipped { .. })).count(),
            "findings": findings,
            "by_level": counts,
        },
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
