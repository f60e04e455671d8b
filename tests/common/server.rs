//! `savy serve` as the end-to-end tests run it: the real binary on a free loopback port, with
//! the environment a test gives it and nothing else of the caller's, its log collected, and
//! SIGTERM to stop it.

#![allow(dead_code)] // each test binary uses its own share of this

use crate::common::{tmp, write};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tempfile::TempDir;

/// How long to wait for the server to start or stop.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A running `savy serve`.
pub struct Server {
    child: Option<Child>,
    pub base: String,
    pub address: String,
    stderr: Arc<Mutex<String>>,
    _dir: TempDir,
}

impl Server {
    /// Starts the server with `profile` as savy.toml (none when empty) and `secret` as
    /// `SLACK_SIGNING_SECRET` (unset when `None`).
    pub fn start(profile: &str, secret: Option<&str>) -> Server {
        let env: Vec<(&str, &str)> = secret
            .map(|s| ("SLACK_SIGNING_SECRET", s))
            .into_iter()
            .collect();
        Server::start_env(profile, &env)
    }

    /// Starts the server with `profile` as savy.toml (none when empty) and `env` set; the
    /// server's other secrets are unset.
    pub fn start_env(profile: &str, env: &[(&str, &str)]) -> Server {
        let dir = tmp();
        if !profile.is_empty() {
            write(dir.path(), "savy.toml", profile);
        }
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_savy"));
        cmd.args(["serve", "--listen", "127.0.0.1:0"])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for name in [
            "SLACK_SIGNING_SECRET",
            "SLACK_BOT_TOKEN",
            "SLACK_API_URL",
            "MATTERMOST_TOKEN",
            "DISCORD_PUBLIC_KEY",
        ] {
            cmd.env_remove(name);
        }
        cmd.envs(env.iter().copied());
        let mut child = cmd.spawn().expect("savy starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        let (address_tx, address_rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let address = rest.split_whitespace().next().unwrap_or("").to_string();
                    let _ = address_tx.send(address);
                }
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let address = address_rx.recv_timeout(PATIENCE).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("the server did not start: {}", stderr.lock().unwrap());
        });
        Server {
            child: Some(child),
            base: format!("http://{address}"),
            address,
            stderr,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn signal(&self) {
        let pid = self.child.as_ref().unwrap().id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
    }

    /// Sends SIGTERM and waits for the server to exit; returns its exit code and stderr.
    pub fn stop(mut self) -> (Option<i32>, String) {
        self.signal();
        let mut child = self.child.take().unwrap();
        let deadline = Instant::now() + PATIENCE;
        let code = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status.code();
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        std::thread::sleep(Duration::from_millis(50));
        let stderr = self.stderr.lock().unwrap().clone();
        (code, stderr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            if std::thread::panicking() {
                eprintln!("--- the server's log ---\n{}", self.stderr.lock().unwrap());
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(PATIENCE)
        .build()
        .unwrap()
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

impl Server {
    /// Waits for a server already signalled to exit.
    pub fn stop_after_signal(mut self) -> (Option<i32>, String) {
        let mut child = self.child.take().unwrap();
        let deadline = Instant::now() + PATIENCE;
        let code = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status.code();
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::sleep(Duration::from_millis(10));
        };
        std::thread::sleep(Duration::from_millis(50));
        let stderr = self.stderr.lock().unwrap().clone();
        (code, stderr)
    }
}
