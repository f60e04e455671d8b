//! Benchmark corpora, shared by `benches/engine.rs` and `examples/throughput.rs`.
//!
//! Real text comes from `../shared/bench` and `../shared/eval` (beside the repository). When
//! those are missing the corpora fall back to a small built-in sample, with a note on stderr,
//! so the benchmarks still compile and run anywhere (the numbers are then not comparable).
#![allow(dead_code)]

use savy::text::{DocKind, Lang};
use std::path::{Path, PathBuf};

/// Kilobyte and megabyte as used in the size labels and in MB/s: decimal, as the targets are.
pub const KB: usize = 1000;
pub const MB: usize = 1000 * 1000;

/// The sizes every corpus is measured at (10 MB is the 1 MB text ten times).
pub const SIZES: &[(&str, usize)] = &[
    ("1KB", KB),
    ("100KB", 100 * KB),
    ("1MB", MB),
    ("10MB", 10 * MB),
];

/// One benchmark text: a name, its language, the document kind it is checked as, and the base
/// text (about 1 MB) that every size is cut from or repeated up to.
pub struct Corpus {
    pub name: &'static str,
    pub lang: Lang,
    pub kind: DocKind,
    pub base: String,
    /// Whether this is real text from ../shared (false: the built-in fallback).
    pub real: bool,
}

/// `../shared` relative to the crate root.
pub fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
}

const FALLBACK_EN: &str = "Hi Sam,\n\
Thanks for getting in touch! As I already explained, you should have read the terms before you \
ordered. Unfortunately we cannot do anything about it. Obviously the refund takes 14 days.\n\
Please note that failure to pay will result in collection. ASAP please!!!\n\
Best regards,\nThe support team\n\n";

const FALLBACK_FI: &str = "Hei Matti,\n\
Kiitos viestistäsi! Kuten jo aiemmin totesimme, palautusaika on 14 päivää eikä sitä ole \
mahdollista pidentää. Asiakkaan tulee itse huolehtia siitä, että tuote palautetaan \
alkuperäisessä pakkauksessa. Mikäli palautus ei saavu ajoissa, emme voi tehdä asialle mitään!!!\n\
Ystävällisin terveisin,\nAsiakaspalvelu\n\n";

fn read_text(rel: &str) -> Option<String> {
    std::fs::read_to_string(shared_dir().join(rel)).ok()
}

/// The `text` field of every line of a JSONL file, one text a line.
fn read_jsonl_texts(rel: &str) -> Option<String> {
    let raw = read_text(rel)?;
    let mut out = String::with_capacity(raw.len());
    for line in raw.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
            out.push_str(t.trim());
            out.push('\n');
        }
    }
    (!out.is_empty()).then_some(out)
}

fn corpus(
    name: &'static str,
    lang: Lang,
    kind: DocKind,
    text: Option<String>,
    fallback_sample: &str,
) -> Corpus {
    match text {
        Some(t) => Corpus {
            name,
            lang,
            kind,
            // Cut to about 1 MB; the eval sets are smaller and are repeated up to it.
            base: grow_to(&t, MB),
            real: true,
        },
        None => {
            eprintln!(
                "note: {name}: {} not found; using a small built-in sample (numbers not comparable)",
                shared_dir().display()
            );
            Corpus {
                name,
                lang,
                kind,
                base: grow_to(fallback_sample, MB),
                real: false,
            }
        }
    }
}

/// Every benchmark corpus: the two 1 MB bench texts and the two eval sets as 1 MB texts.
pub fn corpora() -> Vec<Corpus> {
    vec![
        corpus(
            "en-chat",
            Lang::En,
            DocKind::Reply,
            read_text("bench/en-chat-1mb.txt"),
            FALLBACK_EN,
        ),
        corpus(
            "fi-help",
            Lang::Fi,
            DocKind::Reply,
            read_text("bench/fi-help-1mb.txt"),
            FALLBACK_FI,
        ),
        corpus(
            "en-eval",
            Lang::En,
            DocKind::Reply,
            read_jsonl_texts("eval/en-politeness.jsonl"),
            FALLBACK_EN,
        ),
        corpus(
            "fi-eval",
            Lang::Fi,
            DocKind::Reply,
            read_jsonl_texts("eval/fi-register.jsonl"),
            FALLBACK_FI,
        ),
    ]
}

/// The largest char boundary at or below `n`, preferring the end of a line when one is near.
fn cut_point(text: &str, n: usize) -> usize {
    if n >= text.len() {
        return text.len();
    }
    let mut end = n;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Cut after a line break within the last quarter, so a slice does not end mid-word.
    match text[..end].rfind('\n') {
        Some(nl) if nl + 1 >= end - end / 4 => nl + 1,
        _ => end,
    }
}

/// `text` repeated until it is at least `n` bytes, then cut to about `n`.
fn grow_to(text: &str, n: usize) -> String {
    let mut out = String::with_capacity(n + text.len());
    while out.len() < n {
        out.push_str(text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    let end = cut_point(&out, n);
    out.truncate(end);
    out
}

/// A text of about `n` bytes: the start of `base` when `n` is smaller, `base` repeated
/// (10 MB = the 1 MB text ten times) when it is larger.
pub fn sized(base: &str, n: usize) -> String {
    if n <= base.len() {
        base[..cut_point(base, n)].to_string()
    } else {
        grow_to(base, n)
    }
}
