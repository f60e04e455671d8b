//! Measures Finnish address detection (sinuttelu / teitittely / neither) on a labelled set.
//!
//! ```sh
//! cargo run --release --example register_eval [-- [--errors] [PATH]]
//! ```
//!
//! PATH is a JSON Lines file of `{"id": …, "text": …, "register": "informal|formal|neutral"}`,
//! by default `../shared/eval/fi-register.jsonl` beside the crate. Every sentence goes through
//! `FinnishAddress::evidence` whole; a sentence with any 2sg evidence is informal, else with any
//! 2pl evidence formal, else neutral (the labelling of the set). Prints precision, recall and F1
//! of informal and of formal, the share of neutral sentences called anything else, the
//! confusion counts and the time taken; `--errors` also lists every misclassified sentence with
//! the words taken as evidence; `--all` lists every sentence so (to look at unlabelled text).

use savy::check::register_fi::FinnishAddress;
use savy::voice::Register;
use std::path::PathBuf;
use std::time::Instant;

const LABELS: [&str; 3] = ["informal", "formal", "neutral"];

fn index(label: &str) -> Option<usize> {
    LABELS.iter().position(|l| *l == label)
}

fn main() {
    let mut errors = false;
    let mut all = false;
    let mut path: Option<PathBuf> = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--errors" => errors = true,
            "--all" => all = true,
            "-h" | "--help" => {
                println!("usage: register_eval [--errors | --all] [PATH]");
                return;
            }
            _ => path = Some(arg.into()),
        }
    }
    let path = path.unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/fi-register.jsonl")
    });
    let Ok(data) = std::fs::read_to_string(&path) else {
        println!("note: {} not found; nothing to measure", path.display());
        return;
    };

    let mut items: Vec<(String, String, usize)> = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("{}:{}: {e}", path.display(), n + 1);
                std::process::exit(2);
            }
        };
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let Some(gold) = v["register"].as_str().and_then(index) else {
            eprintln!("{}:{}: no register label", path.display(), n + 1);
            std::process::exit(2);
        };
        items.push((id, text, gold));
    }

    let start = Instant::now();
    let fi = FinnishAddress::shipped(); // build the lexicon outside the timing of the sentences
    let build = start.elapsed();
    let start = Instant::now();
    let found: Vec<Vec<(std::ops::Range<usize>, Register)>> = items
        .iter()
        .map(|(_, text, _)| fi.evidence(text, 0..text.len()))
        .collect();
    let elapsed = start.elapsed();

    let mut confusion = [[0usize; 3]; 3]; // [gold][predicted]
    let mut wrong = Vec::new();
    for ((id, text, gold), ev) in items.iter().zip(&found) {
        let predicted = if ev.iter().any(|(_, r)| *r == Register::Informal) {
            0
        } else if ev.iter().any(|(_, r)| *r == Register::Formal) {
            1
        } else {
            2
        };
        confusion[*gold][predicted] += 1;
        if predicted != *gold || all {
            wrong.push((id, text, *gold, predicted, ev));
        }
    }

    println!("{} sentences from {}", items.len(), path.display());
    for (k, label) in LABELS.iter().enumerate().take(2) {
        let tp = confusion[k][k] as f64;
        let predicted: usize = (0..3).map(|g| confusion[g][k]).sum();
        let actual: usize = confusion[k].iter().sum();
        let precision = if predicted > 0 {
            tp / predicted as f64
        } else {
            0.0
        };
        let recall = if actual > 0 { tp / actual as f64 } else { 0.0 };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        println!(
            "{label:<8}  precision {precision:.3}  recall {recall:.3}  F1 {f1:.3}  ({} of {actual}, {predicted} predicted)",
            confusion[k][k]
        );
    }
    let neutral: usize = confusion[2].iter().sum();
    let alarms = neutral - confusion[2][2];
    println!(
        "neutral   false alarms {:.2}% ({alarms} of {neutral})",
        if neutral > 0 {
            100.0 * alarms as f64 / neutral as f64
        } else {
            0.0
        }
    );
    println!("confusion (rows gold, columns predicted: informal formal neutral)");
    for (g, row) in confusion.iter().enumerate() {
        println!(
            "  {:<8} {:>6} {:>6} {:>6}",
            LABELS[g], row[0], row[1], row[2]
        );
    }
    println!(
        "time      {:.2} ms for {} sentences ({:.1} µs a sentence)",
        elapsed.as_secs_f64() * 1e3,
        items.len(),
        elapsed.as_secs_f64() * 1e6 / items.len().max(1) as f64
    );
    println!(
        "lexicon   built in {:.2} ms (once a process)",
        build.as_secs_f64() * 1e3
    );

    if errors || all {
        println!();
        for (id, text, gold, predicted, ev) in wrong {
            let words: Vec<String> = ev
                .iter()
                .map(|(r, reg)| {
                    let tag = if *reg == Register::Informal {
                        "sg"
                    } else {
                        "pl"
                    };
                    format!("{}[{tag}]", &text[r.clone()])
                })
                .collect();
            println!(
                "{id}\tgold {}\tgot {}\t{}\n    {text}",
                LABELS[gold],
                LABELS[predicted],
                words.join(" ")
            );
        }
    }
}
