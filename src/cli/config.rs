//! Finding and loading the voice: `--config`, else the nearest `savy.toml`, else the bundled
//! profile; shipped packs plus `--rules` folders and the profile's own `rules` folders.

use super::input::Input;
use anyhow::{Context, Result};
use savy::Voice;
use savy::check::test_rule;
use savy::rules::{PackSource, load_pack, shipped_packs};
use savy::text::DocKind;
use savy::voice::Profile;
use std::path::{Path, PathBuf};

/// The profile in use and the folder its relative paths are relative to.
pub struct Loaded {
    pub voice: Voice,
    /// The folder of savy.toml, or the current folder for the bundled profile.
    pub root: PathBuf,
    /// Where the profile came from, for `savy config`.
    pub origin: String,
    /// The profile file, when one was read (not the bundled profile).
    pub path: Option<PathBuf>,
}

impl Loaded {
    /// The kind the profile gives an input: by its `[kinds]` globs (relative to the profile's
    /// folder), else its `default_kind`.
    pub fn kind_of(&self, input: &Input) -> Option<DocKind> {
        let profile = &self.voice.profile;
        match input {
            Input::File { path, .. } => {
                let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
                profile.kind_for_path(abs.strip_prefix(&root).unwrap_or(path))
            }
            Input::Stdin => profile.default_kind,
        }
    }
}

/// The nearest `savy.toml` in `start` or a parent.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join("savy.toml"))
        .find(|p| p.is_file())
}

/// Reads every `*.toml` below `dir` as a pack; its id is the relative path without `.toml`.
pub fn read_pack_dir(dir: &Path) -> Result<Vec<PackSource>> {
    if !dir.is_dir() {
        anyhow::bail!(
            "rules folder {} does not exist or is not a folder",
            dir.display()
        );
    }
    let mut out = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build()
    {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let path = entry.path();
        if !path.is_file()
            || path.extension().is_none_or(|e| e != "toml")
            || path.file_name().is_some_and(|n| n == "savy.toml")
        {
            continue;
        }
        out.push(read_pack_file(path, Some(dir))?);
    }
    Ok(out)
}

/// Reads one pack file; its id is relative to `root` when given, else its file stem.
pub fn read_pack_file(path: &Path, root: Option<&Path>) -> Result<PackSource> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read rule pack {}", path.display()))?;
    let rel = root
        .and_then(|r| path.strip_prefix(r).ok())
        .unwrap_or(Path::new(path.file_name().unwrap_or_default()));
    let id = rel.with_extension("").to_string_lossy().replace('\\', "/");
    Ok(PackSource {
        id,
        path: path.display().to_string(),
        text,
    })
}

/// Refuses packs whose rules do not pass their own examples: a rule that misses its `bad`
/// examples or flags its `good` ones would mislead every draft it checks.
fn verify_examples(sources: &[PackSource]) -> Result<()> {
    for source in sources {
        let pack = load_pack(source)?;
        for rule in &pack.rules {
            if let Some(f) = test_rule(rule).first() {
                anyhow::bail!(
                    "{}:{}:{}: rule `{}`: its example fails: {} (`savy rules test {}` shows every failure)",
                    pack.path,
                    f.line,
                    f.column,
                    f.rule,
                    f.problem,
                    pack.path
                );
            }
        }
    }
    Ok(())
}

/// Loads the voice for this invocation.
pub fn load(config: Option<&Path>, rule_dirs: &[PathBuf]) -> Result<Loaded> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let path = match config {
        Some(p) => Some(p.to_path_buf()),
        None => discover(&cwd),
    };
    let (profile, root, origin) = match &path {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read profile {}", p.display()))?;
            let profile = Profile::parse(&p.display().to_string(), &text)?;
            let root = p
                .parent()
                .map(Path::to_path_buf)
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or_else(|| cwd.clone());
            (profile, root, p.display().to_string())
        }
        None => (
            Profile::bundled(),
            cwd.clone(),
            "bundled default profile".to_string(),
        ),
    };
    let mut sources = shipped_packs();
    // Shipped packs are tested in CI; a company's own are tested each time they are loaded.
    let shipped_count = sources.len();
    for dir in profile
        .rule_dirs
        .iter()
        .map(|d| root.join(d))
        .chain(rule_dirs.iter().cloned())
    {
        sources.extend(read_pack_dir(&dir)?);
    }
    verify_examples(&sources[shipped_count..])?;
    let voice = Voice::new(profile, sources)?;
    Ok(Loaded {
        voice,
        root,
        origin,
        path,
    })
}
