//! Compiler-style diagnostics for people: path:line:col, the words underlined, the rule id and
//! level, the reason, and the suggestion as a patch; then each draft's warmth — its strengths
//! first, the score with a small bar, and the three changes that would raise it most — and,
//! when asked, the suggested draft.

use super::{LineIndex, Outcome, score_bar};
use crate::check::warmth::{Grade, Warmth};
use crate::review::Finding;
use crate::rewrite::Source;
use crate::rules::Level;
use crate::text::{ceil_char_boundary, floor_char_boundary};
use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Origin, Patch, Renderer, Snippet};
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

/// How to draw diagnostics.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    /// Emit ANSI styles (the caller's stream decides whether they reach a terminal).
    pub styled: bool,
    /// Show each draft's suggested rewrite after its warmth, when it differs from the draft
    /// (and the draft is short enough to read in a terminal).
    pub suggested: bool,
}

/// Drafts longer than this do not get their suggested rewrite printed: that is `--fix`'s job.
const MAX_SUGGESTED: usize = 8 * 1024;
/// Changes shown under the warmth score.
const CHANGES_SHOWN: usize = 3;

fn level(l: Level) -> annotate_snippets::Level<'static> {
    match l {
        Level::Info => annotate_snippets::Level::INFO,
        Level::Warning => annotate_snippets::Level::WARNING,
        Level::Error => annotate_snippets::Level::ERROR,
    }
}

/// Lines longer than this are quoted as a window around the finding, so a 10 MB one-line
/// file costs no more per finding than a short draft.
const MAX_QUOTE: usize = 1024;
/// Related places at most this many lines from a finding are quoted with it.
const NEAR_LINES: usize = 4;
/// Context kept on each side of a finding in a window.
const WINDOW_CONTEXT: usize = 160;

/// Renders one finding, quoting only the lines it and its suggestion touch.
fn render_finding(
    renderer: &Renderer,
    name: &str,
    text: &str,
    index: &LineIndex<'_>,
    f: &Finding,
) -> String {
    let first = index.line_of(f.start);
    let last = index.line_of(f.end.saturating_sub(1).max(f.start));
    let mut lo = index.line_range(first).start;
    let mut hi = index.line_range(last).end;
    for s in &f.suggestions {
        lo = lo.min(index.line_range(index.line_of(s.start)).start);
        hi = hi.max(index.line_range(index.line_of(s.end)).end);
    }
    // Related places near the finding are quoted with it; farther ones are named in a note.
    let (near, far): (Vec<_>, Vec<_>) = f.related.iter().partition(|r| {
        let from = index.line_range(index.line_of(r.start)).start.min(lo);
        let to = index.line_range(index.line_of(r.end)).end.max(hi);
        index.line_of(r.start).abs_diff(first) <= NEAR_LINES && to - from <= MAX_QUOTE
    });
    for r in &near {
        lo = lo.min(index.line_range(index.line_of(r.start)).start);
        hi = hi.max(index.line_range(index.line_of(r.end)).end);
    }
    let windowed = hi - lo > MAX_QUOTE;
    if windowed {
        let edit = f.suggestions.first();
        let from = edit.map_or(f.start, |s| s.start.min(f.start));
        let to = edit.map_or(f.end, |s| s.end.max(f.end));
        // A finding longer than the window (a very long sentence) is shown by its start.
        let to = to.min(from + MAX_QUOTE);
        lo = lo.max(floor_char_boundary(
            text,
            from.saturating_sub(WINDOW_CONTEXT),
        ));
        hi = hi.min(ceil_char_boundary(
            text,
            (to + WINDOW_CONTEXT).min(text.len()),
        ));
    }
    let source = &text[lo..hi];
    let clamp = |i: usize| i.clamp(lo, hi) - lo;
    let line_start = index.line_of(lo) + 1;
    fn snippet<'a, T: Clone>(
        source: &'a str,
        line: usize,
        path: Option<&'a str>,
    ) -> Snippet<'a, T> {
        let s = Snippet::source(source).line_start(line);
        match path {
            Some(p) => s.path(p),
            None => s,
        }
    }
    let path = (!windowed).then_some(name);
    let title = level(f.level)
        .primary_title(f.message.as_str())
        .id(f.rule.as_str());
    let mut elements: Vec<annotate_snippets::Element<'_>> = Vec::new();
    if windowed {
        // The window does not start the line, so say where the finding is ourselves.
        let (line, column) = index.position(f.start);
        elements.push(Origin::path(name).line(line).char_column(column).into());
    }
    let mut quoted = snippet(source, line_start, path)
        .annotation(AnnotationKind::Primary.span(clamp(f.start)..clamp(f.end)));
    if !windowed {
        for r in &near {
            quoted = quoted.annotation(AnnotationKind::Context.span(clamp(r.start)..clamp(r.end)));
        }
    }
    elements.push(quoted.into());
    let mut groups: Vec<Group<'_>> = vec![title.elements(elements)];
    let notes: Vec<String> = far
        .iter()
        .chain(if windowed { &near[..] } else { &[][..] })
        .map(|r| {
            let (line, column) = index.position(r.start);
            let words = text.get(r.start..r.end).unwrap_or("");
            format!("see {name}:{line}:{column}: {words}")
        })
        .collect();
    for note in &notes {
        groups.push(Group::with_title(
            annotate_snippets::Level::NOTE.secondary_title(note.as_str()),
        ));
    }
    if let Some(s) = f.suggestions.first() {
        let what = if s.start == s.end {
            "add"
        } else {
            "suggestion"
        };
        groups.push(
            annotate_snippets::Level::HELP
                .secondary_title(what)
                .element(snippet(source, line_start, path).patch(Patch::new(
                    clamp(s.start)..clamp(s.end),
                    s.replacement.as_str(),
                ))),
        );
    }
    renderer.render(&groups)
}

/// Writes every finding of every checked outcome.
pub fn render_human(
    out: &mut dyn Write,
    outcomes: &[Outcome],
    options: HumanOptions,
) -> io::Result<()> {
    let renderer = if options.styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Unicode);
    for o in outcomes {
        let Outcome::Checked(c) = o else { continue };
        let index = LineIndex::new(&c.text);
        let name = c.source.display_name();
        for f in &c.review.findings {
            writeln!(
                out,
                "{}\n",
                render_finding(&renderer, &name, &c.text, &index, f)
            )?;
        }
        render_warmth(out, &name, &c.text, &c.review.warmth, options.styled)?;
        if options.suggested && c.text.len() <= MAX_SUGGESTED {
            let suggested = c.suggested();
            if suggested != c.text {
                paint(out, Style::new().bold(), "suggested draft", options.styled)?;
                match &c.rewrite {
                    None => writeln!(out, ":")?,
                    Some(r) => match (r.source, &r.rejected, &r.error) {
                        (Source::Llm, ..) => writeln!(out, " (language model):")?,
                        (Source::Rules, Some(why), _) => {
                            writeln!(out, " (rules; the language model's was rejected: {why}):")?
                        }
                        (Source::Rules, None, Some(why)) => {
                            writeln!(out, " (rules; no language-model rewrite: {why}):")?
                        }
                        (Source::Rules, None, None) => writeln!(out, " (rules):")?,
                    },
                }
                for line in suggested.lines() {
                    writeln!(out, "  │ {line}")?;
                }
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

fn paint(out: &mut dyn Write, style: Style, text: &str, styled: bool) -> io::Result<()> {
    if styled {
        write!(out, "{style}{text}{style:#}")
    } else {
        out.write_all(text.as_bytes())
    }
}

/// Words of the draft, on one line and cut short.
fn snippet_of(text: &str, start: usize, end: usize) -> String {
    const MAX: usize = 60;
    let words = text.get(start..end).unwrap_or("");
    let line = words.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= MAX {
        line
    } else {
        format!("{}…", line.chars().take(MAX).collect::<String>().trim_end())
    }
}

/// One draft's warmth: strengths, the score and its bar, then what would raise it most.
fn render_warmth(
    out: &mut dyn Write,
    name: &str,
    text: &str,
    warmth: &Warmth,
    styled: bool,
) -> io::Result<()> {
    let green = Style::new().fg_color(Some(AnsiColor::Green.into()));
    let grade_style = match warmth.grade {
        Grade::Warm => green,
        Grade::Neutral => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        Grade::Cold => Style::new().fg_color(Some(AnsiColor::Red.into())),
    };
    paint(out, Style::new().bold(), &format!("warmth: {name}"), styled)?;
    writeln!(out)?;
    for s in &warmth.strengths {
        out.write_all(b"  ")?;
        paint(out, green, "✓", styled)?;
        writeln!(out, " {s}")?;
    }
    write!(out, "  {:>3}/100 ", warmth.score)?;
    paint(
        out,
        grade_style,
        &format!("{} {}", score_bar(warmth.score), warmth.grade.name()),
        styled,
    )?;
    writeln!(out)?;
    let changes = &warmth.changes[..warmth.changes.len().min(CHANGES_SHOWN)];
    if !changes.is_empty() {
        writeln!(out, "  to raise it:")?;
    }
    for c in changes {
        write!(out, "    ")?;
        paint(out, green, &format!("+{:<2}", c.gain), styled)?;
        let quoted = snippet_of(text, c.start, c.end);
        if quoted.is_empty() {
            write!(out, " {}", c.advice)?;
        } else {
            write!(out, " «{quoted}»: {}", c.advice)?;
        }
        if let Some(r) = &c.replacement {
            let r = r.split_whitespace().collect::<Vec<_>>().join(" ");
            if !r.is_empty() {
                write!(out, " → «{r}»")?;
            }
        }
        writeln!(out)?;
    }
    writeln!(out)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The one-line summary after a batch.
pub fn summary_line(outcomes: &[Outcome]) -> String {
    let mut by_level = [0usize; 3];
    let mut drafts_with = 0;
    let mut checked = 0;
    let mut failed = 0;
    let mut skipped = 0;
    for o in outcomes {
        match o {
            Outcome::Checked(c) => {
                checked += 1;
                if !c.review.findings.is_empty() {
                    drafts_with += 1;
                }
                for f in &c.review.findings {
                    by_level[f.level as usize] += 1;
                }
            }
            Outcome::Failed { .. } => failed += 1,
            Outcome::Skipped { .. } => skipped += 1,
        }
    }
    let total: usize = by_level.iter().sum();
    let mut line = if total == 0 {
        format!(
            "Checked {}: no findings.",
            plural(checked, "draft", "drafts")
        )
    } else {
        let parts: Vec<String> = [
            (Level::Error, "error", "errors"),
            (Level::Warning, "warning", "warnings"),
            (Level::Info, "info", "info"),
        ]
        .iter()
        .filter(|(l, _, _)| by_level[*l as usize] > 0)
        .map(|(l, one, many)| plural(by_level[*l as usize], one, many))
        .collect();
        format!(
            "Checked {}: {} ({}) in {}.",
            plural(checked, "draft", "drafts"),
            plural(total, "finding", "findings"),
            parts.join(", "),
            plural(drafts_with, "draft", "drafts"),
        )
    };
    if skipped > 0 {
        line.push_str(&format!(" Skipped {}.", plural(skipped, "input", "inputs")));
    }
    if failed > 0 {
        line.push_str(&format!(
            " {} could not be checked.",
            plural(failed, "input", "inputs")
        ));
    }
    line
}
