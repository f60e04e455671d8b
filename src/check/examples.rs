//! Running a rule's own examples: `bad` must be flagged (and fixed as written), `good` must not.
//! For a warmth signal, "flagged" means the signal fires; for a context rule, that it fires on
//! the customer's message the example stands for.

use super::{Engine, ReviewOptions};
use crate::review::Review;
use crate::rules::{Example, Rule};
use crate::text::{Document, Lang};

/// An example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule.
    pub rule: String,
    /// Line of the example in its pack.
    pub line: usize,
    /// Column of the example in its pack.
    pub column: usize,
    /// What went wrong.
    pub problem: String,
}

fn review(engine: &Engine, rule: &Rule, example: &Example) -> Review {
    let lang = rule.lang.unwrap_or(Lang::En);
    let kind = example.kind.or_else(|| rule.kinds.first().copied());
    let opts = ReviewOptions {
        house: example.register,
        ..ReviewOptions::default()
    };
    engine.review(&Document::new(&example.text, lang, kind), &opts)
}

/// Runs the examples of one rule, alone, and returns what failed.
pub fn test_rule(rule: &Rule) -> Vec<ExampleFailure> {
    let fail = |e: &Example, problem: String| ExampleFailure {
        rule: rule.id.clone(),
        line: e.line,
        column: e.column,
        problem,
    };
    // A warmth signal without a level reports no finding; its examples are run as if it did,
    // so "flagged" means "the signal fires" for every kind of rule alike.
    let mut probe = rule.clone();
    if let Some(w) = &mut probe.warmth {
        w.reports = true;
    }
    let rule = &probe;
    let engine = Engine::new(vec![probe.clone()]);
    if let Err(e) = engine.prepare() {
        return vec![ExampleFailure {
            rule: rule.id.clone(),
            line: rule.bad.first().map_or(0, |e| e.line),
            column: 0,
            problem: e.to_string(),
        }];
    }
    let mut failures = Vec::new();
    if rule.reads_context() {
        // A context rule reads the customer's message: its examples are such messages.
        let lang = rule.lang.unwrap_or(Lang::En);
        for e in &rule.bad {
            if engine.context_cues(&e.text, lang).is_empty() {
                failures.push(fail(e, format!("bad example is not flagged: {:?}", e.text)));
            }
        }
        for e in &rule.good {
            if let Some((_, words)) = engine.context_cues(&e.text, lang).first() {
                failures.push(fail(
                    e,
                    format!("good example is flagged at {words:?}: {:?}", e.text),
                ));
            }
        }
        return failures;
    }
    for e in &rule.bad {
        let r = review(&engine, rule, e);
        if r.findings.is_empty() {
            failures.push(fail(e, format!("bad example is not flagged: {:?}", e.text)));
            continue;
        }
        let Some(expected) = &e.fixed else { continue };
        let fixed = r.fixed(&e.text);
        if &fixed != expected {
            failures.push(fail(
                e,
                format!("fix gives {fixed:?}, expected {expected:?}"),
            ));
            continue;
        }
        // Like ruff, a fix must converge: its result is not flagged again.
        let again = review(
            &engine,
            rule,
            &Example {
                text: fixed.clone(),
                ..e.clone()
            },
        );
        if let Some(f) = again.findings.first() {
            failures.push(fail(
                e,
                format!(
                    "the fixed text is still flagged at {:?}",
                    &fixed[f.start..f.end]
                ),
            ));
        }
    }
    for e in &rule.good {
        let r = review(&engine, rule, e);
        if let Some(f) = r.findings.first() {
            failures.push(fail(
                e,
                format!(
                    "good example is flagged at {:?}: {:?}",
                    &e.text[f.start..f.end],
                    e.text
                ),
            ));
        }
    }
    failures
}
