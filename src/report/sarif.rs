//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

use super::{LineIndex, Outcome, Source};
use crate::rules::{Level, Rule};
use serde_json::{Value, json};
use std::io::{self, Write};

fn sarif_level(l: Level) -> &'static str {
    match l {
        Level::Info => "note",
        Level::Warning => "warning",
        Level::Error => "error",
    }
}

fn region(index: &LineIndex<'_>, start: usize, end: usize) -> Value {
    let (start_line, start_column) = index.position(start);
    let (end_line, end_column) = index.position(end);
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
        "byteOffset": start,
        "byteLength": end - start,
    })
}

/// Writes one SARIF log with a run for the batch. `rules` describes the rules in use.
pub fn render_sarif(out: &mut dyn Write, outcomes: &[Outcome], rules: &[Rule]) -> io::Result<()> {
    let rule_index = |id: &str| rules.iter().position(|r| r.id == id);
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for o in outcomes {
        let uri = match o.source() {
            Source::Path(p) => p.clone(),
            other => other.display_name(),
        };
        match o {
            Outcome::Checked(c) => {
                let index = LineIndex::new(&c.text);
                for f in &c.review.findings {
                    let mut result = json!({
                        "ruleId": f.rule,
                        "level": sarif_level(f.level),
                        "message": { "text": f.message },
                        "locations": [{
                            "physicalLocation": {
                                "artifactLocation": { "uri": uri },
                                "region": region(&index, f.start, f.end),
                            }
                        }],
                    });
                    if !f.related.is_empty() {
                        result["relatedLocations"] = f
                            .related
                            .iter()
                            .enumerate()
                            .map(|(id, r)| {
                                json!({
                                    "id": id,
                                    "physicalLocation": {
                                        "artifactLocation": { "uri": uri },
                                        "region": region(&index, r.start, r.end),
                                    },
                                    "message": { "text": c.text.get(r.start..r.end).unwrap_or("") },
                                })
                            })
                            .collect();
                    }
                    if let Some(i) = rule_index(&f.rule) {
                        result["ruleIndex"] = json!(i);
                    }
                    if let Some(s) = f.suggestions.first() {
                        result["fixes"] = json!([{
                            "description": { "text": format!("Replace with “{}”", s.replacement) },
                            "artifactChanges": [{
                                "artifactLocation": { "uri": uri },
                                "replacements": [{
                                    "deletedRegion": region(&index, s.start, s.end),
                                    "insertedContent": { "text": s.replacement },
                                }],
                            }],
                        }]);
                    }
                    results.push(result);
                }
            }
            Outcome::Failed { error, .. } => notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{uri}: {error}") },
            })),
            Outcome::Skipped { .. } => {}
        }
    }
    let driver_rules: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.message },
                "fullDescription": { "text": r.rationale.as_deref().unwrap_or(&r.message) },
                "defaultConfiguration": { "level": sarif_level(r.level) },
                "properties": { "pack": r.pack },
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "savy",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": driver_rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}
