//! A fake Slack Web API on loopback: it takes `chat.postMessage` calls and posts to a
//! `response_url`, records each request for a test to assert on, and answers `{"ok": true}`
//! (or the error a test asks for). Plain HTTP/1.1 over std, one request a connection.

#![allow(dead_code)] // each test binary uses its own share of this

use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the server made.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub path: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    /// The body as JSON (`Null` when it is not JSON).
    pub json: Value,
}

impl Call {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// A running fake; it stops with the test process.
pub struct FakeSlack {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    calls: Arc<Mutex<Vec<Call>>>,
    /// What `chat.postMessage` answers with as `error`, when set.
    error: Arc<Mutex<Option<String>>>,
    /// How long the fake takes to answer.
    delay: Arc<Mutex<Duration>>,
}

impl FakeSlack {
    pub fn start() -> FakeSlack {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let calls = Arc::new(Mutex::new(Vec::new()));
        let error: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
        let delay = Arc::new(Mutex::new(Duration::ZERO));
        let (c, e, d) = (calls.clone(), error.clone(), delay.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (c, e, d) = (c.clone(), e.clone(), d.clone());
                std::thread::spawn(move || {
                    let _ = serve_one(stream, &c, &e, &d);
                });
            }
        });
        FakeSlack {
            base,
            calls,
            error,
            delay,
        }
    }

    /// The Web API's base, for `SLACK_API_URL`.
    pub fn api_url(&self) -> String {
        format!("{}/api", self.base)
    }

    /// A `response_url` that lands here.
    pub fn response_url(&self, id: &str) -> String {
        format!("{}/actions/{id}", self.base)
    }

    /// Makes `chat.postMessage` refuse with `error`.
    pub fn fail_with(&self, error: &str) {
        *self.error.lock().unwrap() = Some(error.to_string());
    }

    /// Makes every answer take `delay`.
    pub fn answer_after(&self, delay: Duration) {
        *self.delay.lock().unwrap() = delay;
    }

    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }

    /// Waits until at least `n` calls have arrived; returns them all.
    pub fn wait_for(&self, n: usize, patience: Duration) -> Vec<Call> {
        let deadline = Instant::now() + patience;
        loop {
            let calls = self.calls();
            if calls.len() >= n {
                return calls;
            }
            assert!(
                Instant::now() < deadline,
                "expected {n} calls to the fake Slack, got {}: {calls:#?}",
                calls.len()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn serve_one(
    stream: std::net::TcpStream,
    calls: &Mutex<Vec<Call>>,
    error: &Mutex<Option<String>>,
    delay: &Mutex<Duration>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let answer = match (path.starts_with("/api/"), error.lock().unwrap().clone()) {
        (true, Some(e)) => serde_json::json!({"ok": false, "error": e}).to_string(),
        (true, None) => serde_json::json!({"ok": true, "ts": "1700000000.000200"}).to_string(),
        // A response_url answers with plain `ok`.
        (false, _) => "ok".to_string(),
    };
    calls.lock().unwrap().push(Call {
        method,
        path,
        headers,
        json,
    });
    let delay = *delay.lock().unwrap();
    std::thread::sleep(delay);
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    )?;
    stream.flush()
}
