//! Helpers the end-to-end tests share: the binary with a neutral environment, temporary
//! folders, files and profiles written into them, and a finished run.

#![allow(dead_code)] // each test binary uses its own share of these

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `savy` with an environment that does not force or forbid colour.
pub fn bare() -> Command {
    let mut cmd = Command::cargo_bin("savy").expect("the savy binary is built");
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

pub fn tmp() -> TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Writes `contents` to `dir/name`, creating folders; returns the path.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, contents).unwrap();
    path
}

/// `dir/savy.toml`: the fixture packs, plus `extra` TOML.
pub fn write_profile(dir: &Path, extra: &str) -> PathBuf {
    let rules = fixtures().join("rules");
    write(
        dir,
        "savy.toml",
        format!(
            "rules = ['{}']\npacks = [\"fi/fixture\", \"en/fixture\"]\n{extra}",
            rules.display()
        ),
    )
}

/// A finished run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("savy runs");
    Run {
        code: out.status.code().expect("an exit code, not a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// The JSON objects of JSONL output, one a line.
pub fn jsonl(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}
