//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! The log is written as it is serialized, result by result: a batch with tens of thousands of
//! findings is never built up as a JSON tree first. Object keys are in alphabetical order.

use super::{LineIndex, Outcome, Source};
use crate::review::Finding;
use crate::rules::{Level, Rule};
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use std::collections::HashMap;
use std::io::{self, Write};

fn sarif_level(l: Level) -> &'static str {
    match l {
        Level::Info => "note",
        Level::Warning => "warning",
        Level::Error => "error",
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    byte_length: usize,
    byte_offset: usize,
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

impl Region {
    fn new(index: &LineIndex<'_>, start: usize, end: usize) -> Self {
        let (start_line, start_column) = index.position(start);
        let (end_line, end_column) = index.position(end);
        Region {
            byte_length: end - start,
            byte_offset: start,
            end_column,
            end_line,
            start_column,
            start_line,
        }
    }
}

#[derive(Serialize)]
struct Text<T: Serialize> {
    text: T,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    message: Text<&'a str>,
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation<'a>,
    replacements: [Replacement<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix<'a> {
    artifact_changes: [ArtifactChange<'a>; 1],
    description: Text<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<[Fix<'a>; 1]>,
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Text<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
}

impl<'a> ResultOut<'a> {
    fn new(
        f: &'a Finding,
        uri: &'a str,
        text: &'a str,
        index: &LineIndex<'_>,
        rule_index: Option<usize>,
    ) -> Self {
        let at = |start: usize, end: usize| PhysicalLocation {
            artifact_location: ArtifactLocation { uri },
            region: Region::new(index, start, end),
        };
        ResultOut {
            fixes: f.suggestions.first().map(|s| {
                [Fix {
                    artifact_changes: [ArtifactChange {
                        artifact_location: ArtifactLocation { uri },
                        replacements: [Replacement {
                            deleted_region: Region::new(index, s.start, s.end),
                            inserted_content: Text {
                                text: &s.replacement,
                            },
                        }],
                    }],
                    description: Text {
                        text: format!("Replace with “{}”", s.replacement),
                    },
                }]
            }),
            level: sarif_level(f.level),
            locations: [Location {
                physical_location: at(f.start, f.end),
            }],
            message: Text { text: &f.message },
            related_locations: f
                .related
                .iter()
                .enumerate()
                .map(|(id, r)| RelatedLocation {
                    id,
                    message: Text {
                        text: text.get(r.start..r.end).unwrap_or(""),
                    },
                    physical_location: at(r.start, r.end),
                })
                .collect(),
            rule_id: &f.rule,
            rule_index,
        }
    }
}

/// Where a finding was made: the file's path, or the name of its source.
fn uri(o: &Outcome) -> String {
    match o.source() {
        Source::Path(p) => p.clone(),
        other => other.display_name(),
    }
}

/// Every finding of the batch, serialized one by one.
struct Results<'a> {
    outcomes: &'a [Outcome],
    rule_index: HashMap<&'a str, usize>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for o in self.outcomes {
            let Outcome::Checked(c) = o else { continue };
            let uri = uri(o);
            let index = LineIndex::new(&c.text);
            for f in &c.review.findings {
                let rule_index = self.rule_index.get(f.rule.as_str()).copied();
                seq.serialize_element(&ResultOut::new(f, &uri, &c.text, &index, rule_index))?;
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct DefaultConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
struct Properties<'a> {
    pack: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleOut<'a> {
    default_configuration: DefaultConfiguration,
    full_description: Text<&'a str>,
    id: &'a str,
    properties: Properties<'a>,
    short_description: Text<&'a str>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'static str,
    rules: Vec<RuleOut<'a>>,
    version: &'static str,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    invocations: [Invocation; 1],
    results: Results<'a>,
    tool: Tool<'a>,
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

/// Writes one SARIF log with a run for the batch. `rules` describes the rules in use.
pub fn render_sarif(out: &mut dyn Write, outcomes: &[Outcome], rules: &[Rule]) -> io::Result<()> {
    let notifications: Vec<Notification> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Failed { error, .. } => Some(Notification {
                level: "error",
                message: Text {
                    text: format!("{}: {error}", uri(o)),
                },
            }),
            _ => None,
        })
        .collect();
    let mut rule_index = HashMap::new();
    for (i, r) in rules.iter().enumerate() {
        // The first rule of an id, as a search from the front finds it.
        rule_index.entry(r.id.as_str()).or_insert(i);
    }
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            invocations: [Invocation {
                execution_successful: notifications.is_empty(),
                tool_execution_notifications: notifications,
            }],
            results: Results {
                outcomes,
                rule_index,
            },
            tool: Tool {
                driver: Driver {
                    name: "savy",
                    rules: rules
                        .iter()
                        .map(|r| RuleOut {
                            default_configuration: DefaultConfiguration {
                                level: sarif_level(r.level),
                            },
                            full_description: Text {
                                text: r.rationale.as_deref().unwrap_or(&r.message),
                            },
                            id: &r.id,
                            properties: Properties { pack: &r.pack },
                            short_description: Text { text: &r.message },
                        })
                        .collect(),
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}
