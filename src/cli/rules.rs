//! `savy rules list`, `savy rules test`, `savy explain` and `savy config`.

use super::args::ListFormat;
use super::config::{Loaded, read_pack_dir, read_pack_file};
use anyhow::{Result, bail};
use savy::check::test_rule;
use savy::rules::{Check, Example, PackSource, load_pack, shipped_packs};
use savy::{Register, Rule};
use std::io::Write;
use std::path::{Path, PathBuf};

fn kinds_of(rule: &Rule) -> String {
    if rule.kinds.is_empty() {
        "all".into()
    } else {
        rule.kinds
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The house register an example is checked against, as a note after it.
fn house_of(example: &Example) -> String {
    example
        .register
        .map(|r| format!("   (house register: {})", r.name()))
        .unwrap_or_default()
}

fn kind_of_rule(rule: &Rule) -> &'static str {
    match rule.check {
        Check::Phrase { .. } => "phrase",
        Check::Required { .. } => "required",
        Check::Metric(_) => "metric",
        Check::Consistency(_) => "consistency",
        Check::Register(_) => "register",
    }
}

/// `savy rules list`.
pub fn list(loaded: &Loaded, format: ListFormat) -> Result<u8> {
    let rules = loaded.voice.engine().rules();
    let mut out = std::io::stdout().lock();
    if format == ListFormat::Json {
        let items: Vec<_> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "pack": r.pack, "level": r.level, "lang": r.lang,
                    "kinds": r.kinds, "type": kind_of_rule(r), "message": r.message,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &items)?;
        writeln!(out)?;
        return Ok(0);
    }
    let width = rules
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(0);
    for r in rules {
        writeln!(
            out,
            "{:width$}  {:7}  {:11}  {:16}  {}",
            r.id,
            r.level.name(),
            kind_of_rule(r),
            kinds_of(r),
            r.message
        )?;
    }
    writeln!(out, "{} rules", rules.len())?;
    Ok(0)
}

/// The pack sources `rules test` should run: every pack, or those named by id or path.
fn sources_to_test(names: &[String], rule_dirs: &[PathBuf]) -> Result<Vec<PackSource>> {
    let mut all = shipped_packs();
    for d in rule_dirs {
        all.extend(read_pack_dir(d)?);
    }
    if names.is_empty() {
        return Ok(all);
    }
    let mut out = Vec::new();
    for name in names {
        let path = Path::new(name);
        if name.ends_with(".toml") || path.is_file() {
            if !path.is_file() {
                bail!("{name}: no such pack file");
            }
            out.push(read_pack_file(path, None)?);
        } else if let Some(s) = all.iter().rev().find(|s| &s.id == name) {
            out.push(s.clone());
        } else {
            let known: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
            bail!("no pack `{name}` (packs: {})", known.join(", "));
        }
    }
    Ok(out)
}

/// `savy rules test`: exit 0 when every example behaves, 1 when one does not.
pub fn test(names: &[String], rule_dirs: &[PathBuf]) -> Result<u8> {
    let sources = sources_to_test(names, rule_dirs)?;
    let mut out = std::io::stdout().lock();
    let (mut rules, mut examples, mut failures) = (0, 0, 0);
    for source in &sources {
        let pack = load_pack(source)?;
        let mut pack_failures = Vec::new();
        for rule in &pack.rules {
            rules += 1;
            examples += rule.bad.len() + rule.good.len();
            pack_failures.extend(test_rule(rule));
        }
        if pack_failures.is_empty() {
            writeln!(out, "ok    {} ({} rules)", pack.id, pack.rules.len())?;
        } else {
            writeln!(out, "FAIL  {} ({} rules)", pack.id, pack.rules.len())?;
            for f in &pack_failures {
                writeln!(
                    out,
                    "  {}:{}:{}: {}: {}",
                    pack.path, f.line, f.column, f.rule, f.problem
                )?;
            }
        }
        failures += pack_failures.len();
    }
    let passed = examples - failures.min(examples);
    let packs = if sources.len() == 1 {
        "1 pack".to_string()
    } else {
        format!("{} packs", sources.len())
    };
    writeln!(
        out,
        "{packs}, {rules} rules: {passed} passed, {failures} failed"
    )?;
    Ok(u8::from(failures > 0))
}

/// `savy explain RULE_ID`.
pub fn explain(loaded: &Loaded, id: &str) -> Result<u8> {
    let engine = loaded.voice.engine();
    let Some(rule) = engine.rule(id) else {
        let near: Vec<&str> = engine
            .rules()
            .iter()
            .map(|r| r.id.as_str())
            .filter(|r| r.starts_with(id.rsplit_once('.').map_or(id, |(p, _)| p)))
            .take(8)
            .collect();
        if near.is_empty() {
            bail!("no rule `{id}`; `savy rules list` shows them all");
        }
        bail!("no rule `{id}`; did you mean one of: {}", near.join(", "));
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}  ({}, {} rule, pack {}, kinds: {})",
        rule.id,
        rule.level,
        kind_of_rule(rule),
        rule.pack,
        kinds_of(rule)
    )?;
    writeln!(out, "\n{}", rule.message)?;
    if let Some(r) = &rule.rationale {
        writeln!(out, "\n{}", r.trim())?;
    }
    match &rule.check {
        Check::Phrase {
            patterns,
            regexes,
            unless,
        } => {
            for p in patterns {
                writeln!(out, "\n  matches  {}", p.source)?;
            }
            for r in regexes {
                writeln!(out, "  regex    {r}")?;
            }
            for u in unless {
                writeln!(out, "  unless   {}", u.source)?;
            }
        }
        Check::Required {
            patterns,
            position,
            within,
            ..
        } => {
            let list: Vec<&str> = patterns.iter().map(|p| p.source.as_str()).collect();
            writeln!(
                out,
                "\n  requires one of {} ({position:?}, within {within} sentences)",
                list.join(" / ")
            )?;
        }
        Check::Metric(m) => writeln!(out, "\n  metric   {m:?}")?,
        Check::Consistency(sets) => {
            for s in sets {
                let list: Vec<&str> = s.patterns.iter().map(|p| p.source.as_str()).collect();
                writeln!(out, "\n  set {:12} {}", s.name, list.join(" / "))?;
            }
        }
        Check::Register(check) => {
            writeln!(out, "\n  register {}", check.name())?;
            for register in [Register::Informal, Register::Formal, Register::Neutral] {
                if let Some(m) = rule.messages.for_register(register) {
                    writeln!(out, "  when {:9} {m}", register.name())?;
                }
            }
        }
    }
    for s in &rule.suggest {
        writeln!(out, "  suggest  {s:?}")?;
    }
    writeln!(out, "\nFlags:")?;
    for e in &rule.bad {
        writeln!(out, "  ✗ {}{}", e.text, house_of(e))?;
        if let Some(f) = &e.fixed {
            writeln!(out, "    → {f}")?;
        }
    }
    writeln!(out, "Leaves alone:")?;
    for e in &rule.good {
        writeln!(out, "  ✓ {}{}", e.text, house_of(e))?;
    }
    Ok(0)
}

/// `savy config`.
pub fn config(loaded: &Loaded) -> Result<u8> {
    let p = &loaded.voice.profile;
    let mut out = std::io::stdout().lock();
    writeln!(out, "profile:      {}", loaded.origin)?;
    writeln!(out, "root:         {}", loaded.root.display())?;
    let langs: Vec<&str> = p.languages.iter().map(|l| l.code()).collect();
    writeln!(
        out,
        "languages:    {} (default {})",
        langs.join(", "),
        p.default_lang
    )?;
    writeln!(
        out,
        "default kind: {}",
        p.default_kind.map_or("none", |k| k.name())
    )?;
    let reg: Vec<String> = p
        .register
        .iter()
        .map(|(k, r)| format!("{k}={r:?}").to_lowercase())
        .collect();
    writeln!(
        out,
        "register:     {}",
        if reg.is_empty() {
            "none".into()
        } else {
            reg.join(", ")
        }
    )?;
    writeln!(
        out,
        "fail level:   {}",
        p.fail_level.map_or("warning (default)", |l| l.name())
    )?;
    writeln!(out, "max bytes:    {}", p.max_bytes)?;
    let llm = if !p.llm.enabled {
        "off ([llm] enabled is not true: drafts never leave this machine)".to_string()
    } else {
        match super::rewrite::Endpoint::resolve(loaded) {
            Ok(e) => format!(
                "on for --rewrite llm: model {} at {}, {}, timeout {} ms",
                e.model,
                super::rewrite::shown(&e.url),
                if e.has_key() { "with a key" } else { "no key" },
                e.timeout.as_millis()
            ),
            Err(e) => format!("on, but not usable: {e:#}"),
        }
    };
    writeln!(out, "llm rewrite:  {llm}")?;
    let packs: Vec<String> = loaded
        .voice
        .packs
        .iter()
        .map(|k| format!("{} ({})", k.id, k.rules.len()))
        .collect();
    writeln!(out, "packs:        {}", packs.join(", "))?;
    writeln!(out, "rules:        {}", loaded.voice.engine().rules().len())?;
    Ok(0)
}
