//! A fake OpenAI-compatible chat-completions API on 127.0.0.1, for driving
//! `savy check --rewrite llm` end to end. It records every request and answers each with the
//! next scripted reply: a completion, an HTTP error, something malformed, or a reply that comes
//! too late. HTTP/1.1 is served by hand on std's listener, one thread per connection, and every
//! connection is closed after its answer.

#![allow(dead_code)] // each test uses its share of the replies

use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub body: Value,
    /// When it had fully arrived.
    pub at: Instant,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    /// The content of the message with `role`.
    pub fn message(&self, role: &str) -> &str {
        self.body["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .find(|m| m["role"] == role)
            .and_then(|m| m["content"].as_str())
            .unwrap_or_else(|| panic!("no {role} message in {}", self.body))
    }
}

/// What the fake answers a request with.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A chat completion whose first choice says this.
    Completion(String),
    /// A status with a JSON error body, and extra headers.
    Status(u16, Vec<(&'static str, &'static str)>),
    /// 200 with this body as it is.
    Raw(&'static str),
    /// This reply, after a wait.
    Late(Duration, Box<Reply>),
}

impl Reply {
    pub fn completion(text: &str) -> Reply {
        Reply::Completion(text.to_string())
    }
}

struct Shared {
    requests: Vec<Request>,
    replies: VecDeque<Reply>,
}

/// The fake API; stops when dropped.
pub struct FakeModel {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl FakeModel {
    /// Starts the fake on a free port; it answers requests with `replies` in order, and with
    /// 500 once they run out.
    pub fn start(replies: Vec<Reply>) -> FakeModel {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Mutex::new(Shared {
            requests: Vec::new(),
            replies: replies.into(),
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (shared.clone(), stop.clone());
        let accept = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if st.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let s = s.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &s);
                });
            }
        });
        FakeModel {
            addr,
            shared,
            stop,
            accept: Some(accept),
        }
    }

    /// The API's base address, as a profile's `url` names it.
    pub fn url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.shared.lock().unwrap().requests.clone()
    }
}

impl Drop for FakeModel {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

fn serve(stream: TcpStream, shared: &Mutex<Shared>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
        return Ok(()); // the wake-up connection
    };
    let (method, path) = (method.to_string(), path.to_string());
    let mut headers = HashMap::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.insert(k.trim().to_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let reply = {
        let mut s = shared.lock().unwrap();
        s.requests.push(Request {
            method,
            path,
            headers,
            body,
            at: Instant::now(),
        });
        s.replies
            .pop_front()
            .unwrap_or(Reply::Status(500, Vec::new()))
    };
    respond(stream, reply)
}

fn respond(mut stream: TcpStream, reply: Reply) -> std::io::Result<()> {
    let (status, extra, body) = match reply {
        Reply::Late(wait, reply) => {
            std::thread::sleep(wait);
            return respond(stream, *reply);
        }
        Reply::Completion(text) => (
            200,
            Vec::new(),
            json!({
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            })
            .to_string(),
        ),
        Reply::Status(code, extra) => (
            code,
            extra,
            json!({"error": {"message": "fake error", "type": "fake"}}).to_string(),
        ),
        Reply::Raw(body) => (200, Vec::new(), body.to_string()),
    };
    let mut head = format!(
        "HTTP/1.1 {status} Fake\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()
}
