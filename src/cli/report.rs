//! `savy report`: how each file addresses the reader, per document kind, against the profile's
//! register (or, without one, the kind's majority); a table, JSON, or one HTML page.

use super::args::{ReportArgs, ReportFormat};
use super::check::{progress, write_atomic};
use super::config::Loaded;
use super::input::{self, Input, Unreadable};
use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use savy::report::{self, HumanOptions, Touchpoint, TouchpointReport};
use std::io::Write;
use std::path::PathBuf;

/// How an input is named in the report: as given, without a leading `./`.
fn display_path(input: &Input) -> String {
    match input {
        Input::Stdin => "-".into(),
        Input::File { path, .. } => path.strip_prefix(".").unwrap_or(path).display().to_string(),
    }
}

fn render(
    out: &mut dyn Write,
    report: &TouchpointReport,
    format: ReportFormat,
    styled: bool,
) -> std::io::Result<()> {
    match format {
        ReportFormat::Human => report::render_touchpoints_human(
            out,
            report,
            HumanOptions {
                styled,
                ..HumanOptions::default()
            },
        ),
        ReportFormat::Json => report::render_touchpoints_json(out, report),
        ReportFormat::Html => report::render_touchpoints_html(out, report),
    }
}

/// Runs `savy report`; returns the exit code: 2 when an input could not be read, else 1 when a
/// file departs, else 0.
pub fn run(args: &ReportArgs, loaded: &Loaded) -> Result<u8> {
    let voice = &loaded.voice;
    let max_bytes = args.draft.max_bytes.unwrap_or(voice.profile.max_bytes);
    // Refuse before doing the work, so a long batch does not end in a refusal.
    if let Some(target) = &args.output
        && !args.force
        && target.exists()
    {
        bail!(
            "{} already exists; pass --force to replace it",
            target.display()
        );
    }
    let (mut inputs, walk_problems) = input::gather(&args.paths)?;
    // The profile and the report being written are not drafts, when a folder walk finds them.
    let not_drafts: Vec<PathBuf> = [loaded.path.as_deref(), args.output.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    inputs.retain(|i| match i {
        Input::File {
            path,
            explicit: false,
        } => !std::fs::canonicalize(path).is_ok_and(|p| not_drafts.contains(&p)),
        _ => true,
    });
    for p in &walk_problems {
        eprintln!("warning: {p}");
    }
    if inputs.is_empty() {
        let named: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!("note: no files found in {}", named.join(", "));
    }

    let bar = progress(inputs.len());
    let rows: Vec<Touchpoint> = inputs
        .par_iter()
        .map(|inp| {
            let path = display_path(inp);
            let kind = args.draft.kind.or_else(|| loaded.kind_of(inp));
            let row = match input::read_text(inp, max_bytes, args.draft.lossy) {
                Ok(text) if savy::text::is_blank(&text) => {
                    Touchpoint::skipped(path, kind, "empty draft")
                }
                Ok(text) => {
                    Touchpoint::reviewed(path, &voice.review(&text, args.draft.lang, kind, true))
                }
                Err(Unreadable::Skip(reason)) => Touchpoint::skipped(path, kind, reason),
                Err(Unreadable::Fail(error)) => Touchpoint::failed(path, kind, error),
            };
            bar.inc(1);
            row
        })
        .collect();
    bar.finish_and_clear();
    let report = TouchpointReport::build(rows, &voice.profile);

    match &args.output {
        Some(target) => {
            let mut buf = Vec::new();
            render(&mut buf, &report, args.format, false)?;
            let text = String::from_utf8(buf).context("the report is not UTF-8")?;
            write_atomic(target, &text)?;
            eprintln!("wrote {}: {}", target.display(), report.summary.verdict);
        }
        None => {
            // JSON carries no styling and goes out as it is (see `check`).
            let choice = match args.format {
                ReportFormat::Json => anstream::ColorChoice::AlwaysAnsi,
                ReportFormat::Human | ReportFormat::Html => {
                    anstream::AutoStream::choice(&std::io::stdout())
                }
            };
            let raw: Box<dyn Write> = Box::new(std::io::BufWriter::new(std::io::stdout().lock()));
            let mut out = anstream::AutoStream::new(raw, choice);
            render(&mut out, &report, args.format, true)?;
            out.flush()?;
        }
    }
    // The human table shows unreadable files on the terminal; elsewhere stderr says so.
    if args.format != ReportFormat::Human || args.output.is_some() {
        for f in report.kinds.iter().flat_map(|k| &k.files) {
            if let Some(e) = &f.error {
                eprintln!("error: {}: {e}", f.path);
            }
        }
    }

    if report.summary.failed > 0 || !walk_problems.is_empty() {
        return Ok(2);
    }
    Ok(u8::from(report.departs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn paths_are_shown_without_a_leading_dot_folder() {
        let file = |p: &str| Input::File {
            path: Path::new(p).to_path_buf(),
            explicit: false,
        };
        assert_eq!(display_path(&file("./macros/a.txt")), "macros/a.txt");
        assert_eq!(display_path(&file("macros/a.txt")), "macros/a.txt");
        assert_eq!(display_path(&file("../x/a.txt")), "../x/a.txt");
        assert_eq!(display_path(&Input::Stdin), "-");
    }
}
