//! `savy check`: read drafts, review them in parallel, ask a language model for rewrites when
//! asked (one draft at a time), render, and write fixes when asked.

use super::args::{CheckArgs, FailLevel, Format, InputFormat, RewriteWith};
use super::config::Loaded;
use super::input::{self, Input, Unreadable};
use super::rewrite::Rewriter;
use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use savy::report::{self, Checked, HumanOptions, Outcome, Source};
use savy::rewrite::Draft;
use savy::{Level, Register, Voice};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Batches at least this long get a progress bar (on a terminal).
const PROGRESS_MIN: usize = 20;
/// JSONL lines read, checked and written at a time.
const BATCH_CHUNK: usize = 2048;
/// JSONL files at least this large get a progress bar (on a terminal).
const PROGRESS_MIN_BYTES: u64 = 1 << 20;

/// A progress bar over the bytes of a batch file; none when its size is unknown or small.
fn bytes_progress(len: Option<u64>) -> ProgressBar {
    match len {
        Some(n) if n >= PROGRESS_MIN_BYTES => {
            let bar = ProgressBar::new(n);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} checking {bytes}/{total_bytes} {wide_bar} {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        }
        _ => ProgressBar::hidden(),
    }
}

/// A progress bar over `len` inputs on stderr; hidden for short batches, and not drawn when
/// stderr is not a terminal.
pub fn progress(len: usize) -> ProgressBar {
    counted_progress(len, PROGRESS_MIN, "checking")
}

/// A progress bar over `len` things being done (`verb`), hidden below `min`.
fn counted_progress(len: usize, min: usize, verb: &str) -> ProgressBar {
    if len < min {
        return ProgressBar::hidden();
    }
    // indicatif draws only when stderr is a terminal.
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {verb} {{pos}}/{{len}} {{wide_bar}} {{eta}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Asks the language model for each checked draft's rewrite, one at a time (a model answers in
/// seconds, and an API limits its callers), with a progress bar for more than one.
fn rewrite_all(
    rewriter: &mut Rewriter,
    voice: &Voice,
    outcomes: &mut [Outcome],
    register: Option<Register>,
    context: Option<&str>,
    fix: bool,
) {
    let count = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Checked(_)))
        .count();
    let bar = counted_progress(count, 2, "rewriting");
    for o in outcomes.iter_mut() {
        let Outcome::Checked(c) = o else { continue };
        let draft = Draft {
            text: &c.text,
            review: &c.review,
            register,
            context,
        };
        let name = c.source.display_name();
        let rewrite = bar.suspend(|| rewriter.rewrite(voice, &draft, &name));
        if fix {
            c.fixed = Some(rewrite.text.clone());
        }
        c.rewrite = Some(Box::new(rewrite));
        bar.inc(1);
    }
    bar.finish_and_clear();
}

/// `NAME.savy.EXT` beside `path`.
pub fn fix_output_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}.savy.{}", ext.to_string_lossy()),
        None => format!("{stem}.savy"),
    };
    path.with_file_name(name)
}

/// Writes `contents` to `target` through a temporary file in the same folder and a rename, so
/// `target` is either untouched or complete. Keeps the permissions of an existing target.
pub fn write_atomic(target: &Path, contents: &str) -> Result<()> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.write_all(contents.as_bytes())?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(target) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(target)
        .with_context(|| format!("cannot replace {}", target.display()))?;
    Ok(())
}

/// Runs `savy check`; returns the exit code.
pub fn run(args: &CheckArgs, loaded: &Loaded) -> Result<u8> {
    let voice = &loaded.voice;
    let max_bytes = args.draft.max_bytes.unwrap_or(voice.profile.max_bytes);
    let (inputs, walk_problems) = input::gather(&args.paths)?;
    let stdin_used = inputs.iter().any(|i| matches!(i, Input::Stdin));
    if args.in_place && stdin_used {
        bail!(
            "--in-place needs files: standard input has no file to replace (--fix alone prints the fixed draft)"
        );
    }
    for p in &walk_problems {
        eprintln!("warning: {p}");
    }
    // Before any input is read: a profile that does not allow sending drafts stops here.
    let mut rewriter = match args.rewrite {
        RewriteWith::Rules => None,
        RewriteWith::Llm => Some(Rewriter::new(loaded)?),
    };
    let context = match &args.context {
        None => None,
        Some(path) => {
            let file = Input::File {
                path: path.clone(),
                explicit: true,
            };
            match input::read_text(&file, max_bytes, args.draft.lossy) {
                Ok(text) => Some(text),
                Err(Unreadable::Skip(why) | Unreadable::Fail(why)) => {
                    bail!("--context {}: {why}", path.display())
                }
            }
        }
    };

    let check_text = |source: Source, text: String, lang, kind| -> Outcome {
        if savy::text::is_blank(&text) {
            return Outcome::Skipped {
                source,
                reason: "empty draft, nothing to check".into(),
            };
        }
        // JSON and JSONL carry the register of each draft; other formats do not show it, so
        // they do not pay for it.
        let with_register = matches!(args.format, Format::Json | Format::Jsonl);
        let review = voice.review_in_context(
            &text,
            lang,
            kind,
            args.register,
            with_register,
            context.as_deref(),
        );
        let fixed = args.fix.then(|| review.fixed(&text));
        Outcome::Checked(Checked {
            source,
            text,
            review,
            fixed,
            rewrite: None,
        })
    };
    let kind_for = |input: &Input| args.draft.kind.or_else(|| loaded.kind_of(input));

    // JSON, JSONL and SARIF carry no styling (an escape character in a draft is written
    // `\u001b`): they go out as they are, not through a filter that reads every byte for
    // escape sequences to strip, which took half the time of a long draft's check.
    let stdout_choice = match args.format {
        Format::Human => anstream::AutoStream::choice(&std::io::stdout()),
        Format::Json | Format::Jsonl | Format::Sarif => anstream::ColorChoice::AlwaysAnsi,
    };
    let raw: Box<dyn Write> = Box::new(std::io::BufWriter::new(std::io::stdout().lock()));
    let mut out = anstream::AutoStream::new(raw, stdout_choice);
    let fail_level: Option<Level> = match args.fail_level {
        Some(f) => f.level(),
        None => voice.profile.fail_level.or(FailLevel::Warning.level()),
    };

    let mut ask_model = |outcomes: &mut [Outcome]| {
        if let Some(r) = rewriter.as_mut() {
            rewrite_all(
                r,
                voice,
                outcomes,
                args.register,
                context.as_deref(),
                args.fix,
            );
        }
    };
    let outcomes: Vec<Outcome> = match args.input {
        InputFormat::Text => {
            let bar = progress(inputs.len());
            let check_input = |inp: &Input| {
                let source = inp.source();
                let outcome = match input::read_text(inp, max_bytes, args.draft.lossy) {
                    Ok(text) => check_text(source, text, args.draft.lang, kind_for(inp)),
                    Err(Unreadable::Skip(reason)) => Outcome::Skipped { source, reason },
                    Err(Unreadable::Fail(error)) => Outcome::Failed { source, error },
                };
                bar.inc(1);
                outcome
            };
            // One draft is checked on this thread: starting the thread pool would cost more
            // than a short draft's check.
            let mut outcomes: Vec<Outcome> = if inputs.len() == 1 {
                inputs.iter().map(check_input).collect()
            } else {
                inputs.par_iter().map(check_input).collect()
            };
            bar.finish_and_clear();
            ask_model(&mut outcomes);
            outcomes
        }
        InputFormat::Jsonl => {
            // JSONL out is written chunk by chunk; other formats need the whole batch.
            let stream = args.format == Format::Jsonl;
            let mut all = Vec::new();
            let mut exit = 0u8;
            for inp in &inputs {
                let mut batch = match input::Batch::open(inp) {
                    Ok(b) => b,
                    Err(error) => {
                        let failed = Outcome::Failed {
                            source: inp.source(),
                            error,
                        };
                        if stream {
                            exit = 2;
                            report::render_jsonl_line(&mut out, &failed)?;
                        } else {
                            all.push(failed);
                        }
                        continue;
                    }
                };
                let bar = bytes_progress(batch.len);
                while let Some(lines) =
                    batch.next_chunk(BATCH_CHUNK, max_bytes, args.draft.lossy)?
                {
                    let mut checked: Vec<Outcome> = lines
                        .into_par_iter()
                        .map(|line| match line {
                            Ok(l) => check_text(
                                l.source,
                                l.text,
                                args.draft.lang.or(l.lang),
                                args.draft.kind.or(l.kind).or(voice.profile.default_kind),
                            ),
                            Err((source, error)) => Outcome::Failed { source, error },
                        })
                        .collect();
                    bar.suspend(|| ask_model(&mut checked));
                    bar.set_position(batch.bytes_read);
                    if stream {
                        for o in &checked {
                            exit = exit.max(exit_code(std::slice::from_ref(o), fail_level));
                            report::render_jsonl_line(&mut out, o)?;
                        }
                    } else {
                        all.extend(checked);
                    }
                }
                bar.finish_and_clear();
            }
            if stream {
                out.flush()?;
                if let Some(r) = &rewriter {
                    r.finish();
                }
                return Ok(exit);
            }
            all
        }
    };
    if let Some(r) = &rewriter {
        r.finish();
    }

    // Fixed drafts: standard input's to stdout (human format), files' beside them or in place.
    let mut fix_errors = 0;
    let mut stdin_fixed: Option<String> = None;
    if args.fix && args.input == InputFormat::Text {
        for o in &outcomes {
            let Outcome::Checked(c) = o else { continue };
            let Some(fixed) = &c.fixed else { continue };
            let Source::Path(p) = &c.source else { continue };
            if p == "-" {
                stdin_fixed = Some(fixed.clone());
                continue;
            }
            if fixed == &c.text {
                continue;
            }
            let path = Path::new(p);
            let target = if args.in_place {
                path.to_path_buf()
            } else {
                fix_output_path(path)
            };
            match write_atomic(&target, fixed) {
                Ok(()) => eprintln!("fixed: {}", target.display()),
                Err(e) => {
                    eprintln!("error: {p}: {e:#}");
                    fix_errors += 1;
                }
            }
        }
    }

    // With `--fix -` the fixed draft owns stdout; the report moves to stderr.
    let report_to_stderr = stdin_fixed.is_some() && args.format == Format::Human;
    match args.format {
        Format::Human => {
            let mut err_out;
            let target: &mut dyn Write = if report_to_stderr {
                err_out = anstream::stderr();
                &mut err_out
            } else {
                &mut out
            };
            if !args.quiet {
                // One draft gets its suggested rewrite shown; a batch would drown in them.
                let checked = outcomes
                    .iter()
                    .filter(|o| matches!(o, Outcome::Checked(_)))
                    .count();
                // A language model's rewrites were asked for: each is shown.
                let asked = args.rewrite == RewriteWith::Llm;
                let options = HumanOptions {
                    styled: true,
                    suggested: (checked == 1 || asked) && !args.fix,
                };
                report::render_human(target, &outcomes, options)?;
            }
            for o in &outcomes {
                match o {
                    Outcome::Failed { source, error } => {
                        eprintln!("error: {}: {error}", source.display_name())
                    }
                    Outcome::Skipped { source, reason } if !args.quiet => {
                        eprintln!("note: {}: skipped, {reason}", source.display_name())
                    }
                    _ => {}
                }
            }
            writeln!(target, "{}", report::summary_line(&outcomes))?;
            if let Some(fixed) = &stdin_fixed {
                write!(out, "{fixed}")?;
            }
        }
        Format::Json => report::render_json(&mut out, &outcomes)?,
        Format::Jsonl => {
            for o in &outcomes {
                report::render_jsonl_line(&mut out, o)?;
            }
        }
        Format::Sarif => report::render_sarif(&mut out, &outcomes, voice.engine().rules())?,
    }
    out.flush()?;

    if fix_errors > 0 || !walk_problems.is_empty() {
        return Ok(2);
    }
    Ok(exit_code(&outcomes, fail_level))
}

/// 2 when an input could not be checked, 1 when a finding is at or above `fail_level`, else 0.
fn exit_code(outcomes: &[Outcome], fail_level: Option<Level>) -> u8 {
    if outcomes.iter().any(|o| matches!(o, Outcome::Failed { .. })) {
        return 2;
    }
    let over = fail_level.is_some_and(|level| {
        outcomes
            .iter()
            .any(|o| matches!(o, Outcome::Checked(c) if c.review.count_at_least(level) > 0))
    });
    u8::from(over)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fix_output_sits_beside_the_file() {
        assert_eq!(
            fix_output_path(Path::new("a/draft.txt")),
            Path::new("a/draft.savy.txt")
        );
        assert_eq!(
            fix_output_path(Path::new("README")),
            Path::new("README.savy")
        );
        assert!(input::is_fix_output(Path::new("a/draft.savy.txt")));
        assert!(!input::is_fix_output(Path::new("a/savy.toml")));
    }
}
