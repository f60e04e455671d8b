//! A fake Discord on loopback that speaks the real wire protocol, for driving `savy discord`
//! end to end: the HTTP API under `/api/v10` (the bot reaches it through serenity's proxy
//! setting, from `DISCORD_PROXY_URL`), attachment downloads, and a WebSocket gateway whose
//! address `/api/v10/gateway` hands out. The gateway says Hello, takes Identify, sends READY,
//! acknowledges heartbeats, and then sends whatever dispatches a test asks for. Every HTTP
//! request is recorded for the test to assert on.
//!
//! HTTP/1.1 is served by hand on a tokio listener: a few lines, and no second HTTP stack in the
//! test build beside the one serenity brings.

// The tests and the latency benchmark each use their share of this.
#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// The application the fake's bot belongs to.
pub const APPLICATION_ID: u64 = 900_000_000_000_000_001;
/// The bot's user id.
pub const BOT_USER_ID: u64 = 900_000_000_000_000_002;
/// The agent who talks to the bot.
pub const AGENT_ID: u64 = 900_000_000_000_000_003;

/// One HTTP request the bot made.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path without the query.
    pub path: String,
    pub query: Option<String>,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    /// The JSON body, or a multipart request's `payload_json`.
    pub json: Option<Value>,
    /// Files of a multipart request.
    pub files: Vec<FilePart>,
    /// When the request had fully arrived.
    pub at: Instant,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    /// The JSON body; panics without one.
    pub fn body(&self) -> &Value {
        self.json.as_ref().expect("a JSON body")
    }

    /// An interaction callback's `data`.
    pub fn data(&self) -> &Value {
        &self.body()["data"]
    }
}

/// A file in a multipart request.
#[derive(Debug, Clone)]
pub struct FilePart {
    /// The form field (`files[0]`).
    pub field: String,
    /// The file name.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What happened on the gateway.
#[derive(Debug, Default, Clone)]
pub struct GatewayLog {
    /// Identify payloads (`d`), in order.
    pub identifies: Vec<Value>,
    pub heartbeats: usize,
    /// Close codes the bot sent, in order.
    pub closes: Vec<u16>,
    /// Connections that ended without a close frame.
    pub dropped: usize,
    /// Resume payloads (`d`), in order.
    pub resumes: Vec<Value>,
    /// Whether READY (or RESUMED) was sent on the current connection.
    pub ready: bool,
}

#[derive(Default)]
struct Shared {
    requests: Vec<Request>,
    gateway: GatewayLog,
    files: HashMap<String, Vec<u8>>,
    connection: Option<mpsc::UnboundedSender<Outgoing>>,
    next_id: u64,
}

enum Outgoing {
    Dispatch {
        event: String,
        data: Value,
        sent: tokio::sync::oneshot::Sender<Instant>,
    },
    Raw(String),
    /// End the connection without a close frame, as a network failure does.
    Drop,
}

/// A fake Discord: its HTTP API and its gateway, each on a port of 127.0.0.1.
pub struct FakeDiscord {
    http: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// How long a test waits for the bot before failing.
pub const PATIENCE: Duration = Duration::from_secs(10);

impl FakeDiscord {
    /// Starts the fake; its gateway asks for a heartbeat every `heartbeat` (Discord asks for
    /// one every 41.25 s).
    pub async fn start(heartbeat: Duration) -> FakeDiscord {
        let shared = Arc::new(Mutex::new(Shared {
            next_id: 1_000_000_000_000_000_000,
            ..Shared::default()
        }));
        let http = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let gateway = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let http_addr = http.local_addr().unwrap();
        let gateway_url = format!("ws://{}", gateway.local_addr().unwrap());
        let s = shared.clone();
        let http_task = tokio::spawn(async move {
            while let Ok((stream, _)) = http.accept().await {
                let (s, url) = (s.clone(), gateway_url.clone());
                tokio::spawn(async move {
                    let _ = serve_http(stream, s, url).await;
                });
            }
        });
        let s = shared.clone();
        let interval = heartbeat.as_millis() as u64;
        let resume_url = format!("ws://{}", gateway.local_addr().unwrap());
        let gateway_task = tokio::spawn(async move {
            while let Ok((stream, _)) = gateway.accept().await {
                let (s, url) = (s.clone(), resume_url.clone());
                tokio::spawn(async move {
                    serve_gateway(stream, s, interval, url).await;
                });
            }
        });
        FakeDiscord {
            http: http_addr,
            shared,
            tasks: vec![http_task, gateway_task],
        }
    }

    /// What a user puts in `DISCORD_PROXY_URL` to send the bot's HTTP requests here.
    pub fn proxy_url(&self) -> String {
        format!("http://{}", self.http)
    }

    /// Serves `bytes` at `path` (e.g. `/attachments/1/2/draft.txt`).
    pub fn serve_file(&self, path: &str, bytes: impl Into<Vec<u8>>) {
        self.shared
            .lock()
            .unwrap()
            .files
            .insert(path.to_string(), bytes.into());
    }

    /// A snapshot of the gateway's log.
    pub fn gateway(&self) -> GatewayLog {
        self.shared.lock().unwrap().gateway.clone()
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.shared.lock().unwrap().requests.clone()
    }

    /// Waits until `check` says yes about the gateway log.
    pub async fn wait_gateway(&self, what: &str, check: impl Fn(&GatewayLog) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !check(&self.gateway()) {
            assert!(
                Instant::now() < deadline,
                "waited {PATIENCE:?} for {what}; gateway: {:?}",
                self.gateway()
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    /// Removes and returns the first request matching `method` and a path starting with
    /// `path`, waiting for it.
    pub async fn take(&self, method: &str, path: &str) -> Request {
        let deadline = Instant::now() + PATIENCE;
        loop {
            {
                let mut shared = self.shared.lock().unwrap();
                if let Some(i) = shared
                    .requests
                    .iter()
                    .position(|r| r.method == method && r.path.starts_with(path))
                {
                    return shared.requests.remove(i);
                }
            }
            assert!(
                Instant::now() < deadline,
                "waited {PATIENCE:?} for {method} {path}; got {:?}",
                self.requests()
                    .iter()
                    .map(|r| format!("{} {}", r.method, r.path))
                    .collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    /// The callback for interaction `id`, waiting for it.
    pub async fn callback(&self, id: u64) -> Request {
        self.take("POST", &format!("/api/v10/interactions/{id}/"))
            .await
    }

    /// Waits until the bot is connected and READY was sent.
    pub async fn wait_ready(&self) {
        self.wait_gateway("READY", |g| g.ready).await;
    }

    /// Sends a dispatch on the gateway; returns when it was written to the socket.
    pub async fn dispatch(&self, event: &str, data: Value) -> Instant {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let connection = self.shared.lock().unwrap().connection.clone();
        let sent = connection
            .expect("the bot is connected")
            .send(Outgoing::Dispatch {
                event: event.into(),
                data,
                sent: tx,
            });
        assert!(sent.is_ok(), "the gateway connection is open");
        rx.await.expect("the dispatch was sent")
    }

    /// Ends the gateway connection without a close frame.
    pub fn drop_connection(&self) {
        let connection = self.shared.lock().unwrap().connection.clone();
        let _ = connection
            .expect("the bot is connected")
            .send(Outgoing::Drop);
    }

    /// Sends a text frame as it is, valid or not.
    pub fn send_raw(&self, frame: &str) {
        let connection = self.shared.lock().unwrap().connection.clone();
        let _ = connection
            .expect("the bot is connected")
            .send(Outgoing::Raw(frame.into()));
    }

    /// A fresh snowflake.
    pub fn id(&self) -> u64 {
        let mut s = self.shared.lock().unwrap();
        s.next_id += 1;
        s.next_id
    }
}

/// A user object.
pub fn user(id: u64, name: &str, bot: bool) -> Value {
    json!({
        "id": id.to_string(), "username": name, "discriminator": "0", "global_name": name,
        "avatar": null, "bot": bot, "public_flags": 0,
    })
}

/// A message object.
pub fn message(id: u64, channel: u64, guild: Option<u64>, author: Value, content: &str) -> Value {
    let mut m = json!({
        "id": id.to_string(), "channel_id": channel.to_string(), "author": author,
        "content": content, "timestamp": "2026-01-05T10:00:00.000000+00:00",
        "edited_timestamp": null, "tts": false, "mention_everyone": false, "mentions": [],
        "mention_roles": [], "attachments": [], "embeds": [], "pinned": false, "type": 0,
        "flags": 0, "components": [],
    });
    if let Some(g) = guild {
        m["guild_id"] = json!(g.to_string());
    }
    m
}

/// A guild member object for interactions.
pub fn member(user: Value) -> Value {
    json!({
        "user": user, "nick": null, "roles": [], "joined_at": "2025-01-01T00:00:00.000000+00:00",
        "deaf": false, "mute": false, "flags": 0, "pending": false, "permissions": "2248473465835073",
    })
}

/// An interaction object of `kind` (2 command, 3 component, 5 modal submit) with `data`,
/// from the agent, in `guild` (or a DM).
pub fn interaction(id: u64, kind: u8, data: Value, channel: u64, guild: Option<u64>) -> Value {
    let agent = user(AGENT_ID, "agent", false);
    let mut i = json!({
        "id": id.to_string(), "application_id": APPLICATION_ID.to_string(), "type": kind,
        "data": data, "channel_id": channel.to_string(),
        "channel": {"id": channel.to_string(), "type": if guild.is_some() { 0 } else { 1 }},
        "token": format!("interaction-token-{id}"), "version": 1,
        "app_permissions": "2248473465835073", "locale": "fi", "entitlements": [],
        "authorizing_integration_owners": {"0": guild.unwrap_or(AGENT_ID).to_string()},
        "context": if guild.is_some() { 0 } else { 1 }, "attachment_size_limit": 10_485_760,
    });
    match guild {
        Some(g) => {
            i["guild_id"] = json!(g.to_string());
            i["guild_locale"] = json!("fi");
            i["member"] = member(agent);
        }
        None => i["user"] = agent,
    }
    i
}

/// What the fake answers a request with.
enum Reply {
    Json(u16, Value),
    NoContent,
    File(Vec<u8>),
}

/// A response the bot can read, for a request it made.
fn respond(shared: &Arc<Mutex<Shared>>, req: &Request, gateway_url: &str) -> Reply {
    let not_found = || Reply::Json(404, json!({"message": "404: Not Found", "code": 0}));
    let path = req.path.as_str();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let fresh_id = || {
        let mut s = shared.lock().unwrap();
        s.next_id += 1;
        s.next_id
    };
    match (req.method.as_str(), segments.as_slice()) {
        ("GET", ["api", "v10", "gateway"]) => Reply::Json(200, json!({ "url": gateway_url })),
        ("GET", ["api", "v10", "gateway", "bot"]) => Reply::Json(
            200,
            json!({
                "url": gateway_url, "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
            }),
        ),
        ("PUT", ["api", "v10", "applications", _, rest @ ..])
            if rest.last() == Some(&"commands") =>
        {
            let guild = match rest {
                ["guilds", g, "commands"] => json!(g),
                _ => Value::Null,
            };
            let commands: Vec<Value> = req
                .json
                .as_ref()
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|mut c| {
                    c["id"] = json!(fresh_id().to_string());
                    c["application_id"] = json!(APPLICATION_ID.to_string());
                    c["version"] = json!("1");
                    c["guild_id"] = guild.clone();
                    if c.get("type").is_none() {
                        c["type"] = json!(1);
                    }
                    if c.get("description").is_none() {
                        c["description"] = json!("");
                    }
                    c["default_member_permissions"] = Value::Null;
                    c
                })
                .collect();
            Reply::Json(200, Value::Array(commands))
        }
        ("POST", ["api", "v10", "interactions", _, _, "callback"]) => Reply::NoContent,
        ("POST", ["api", "v10", "channels", channel, "messages"]) => {
            let body = req.json.clone().unwrap_or(Value::Null);
            let channel: u64 = channel.parse().unwrap_or(1);
            let mut m = message(
                fresh_id(),
                channel,
                None,
                user(BOT_USER_ID, "savy", true),
                body["content"].as_str().unwrap_or(""),
            );
            m["embeds"] = body.get("embeds").cloned().unwrap_or(json!([]));
            Reply::Json(200, m)
        }
        ("GET", _) => {
            let file = shared.lock().unwrap().files.get(path).cloned();
            file.map_or_else(not_found, Reply::File)
        }
        _ => not_found(),
    }
}

/// Serves HTTP/1.1 requests on one connection until the bot closes it.
async fn serve_http(
    stream: TcpStream,
    shared: Arc<Mutex<Shared>>,
    gateway_url: String,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_string();
        let target = parts.next().unwrap_or_default().to_string();
        let mut headers = HashMap::new();
        loop {
            let mut h = String::new();
            reader.read_line(&mut h).await?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((name, value)) = h.split_once(':') {
                headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
            }
        }
        let mut body = Vec::new();
        if let Some(len) = headers.get("content-length") {
            body.resize(len.parse().unwrap_or(0), 0);
            reader.read_exact(&mut body).await?;
        } else if headers
            .get("transfer-encoding")
            .is_some_and(|t| t.contains("chunked"))
        {
            loop {
                let mut size = String::new();
                reader.read_line(&mut size).await?;
                let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
                let mut chunk = vec![0; n + 2];
                reader.read_exact(&mut chunk).await?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
        }
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (target.clone(), None),
        };
        let content_type = headers.get("content-type").cloned().unwrap_or_default();
        let (json, files) = if let Some(boundary) = content_type.split("boundary=").nth(1) {
            multipart(&body, boundary.trim_matches('"'))
        } else {
            (serde_json::from_slice(&body).ok(), Vec::new())
        };
        let request = Request {
            method,
            path,
            query,
            headers,
            json,
            files,
            at: Instant::now(),
        };
        let reply = respond(&shared, &request, &gateway_url);
        shared.lock().unwrap().requests.push(request);
        let (status, body, content_type) = match reply {
            Reply::NoContent => (204, Vec::new(), "application/json"),
            Reply::File(bytes) => (200, bytes, "text/plain; charset=utf-8"),
            Reply::Json(status, v) => (status, serde_json::to_vec(&v).unwrap(), "application/json"),
        };
        let reason = match status {
            200 => "OK",
            204 => "No Content",
            _ => "Not Found",
        };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        write.write_all(head.as_bytes()).await?;
        write.write_all(&body).await?;
        write.flush().await?;
    }
}

/// Splits a multipart/form-data body into its `payload_json` and its files.
fn multipart(body: &[u8], boundary: &str) -> (Option<Value>, Vec<FilePart>) {
    let delimiter = format!("--{boundary}");
    let mut json = None;
    let mut files = Vec::new();
    let text = body;
    let positions: Vec<usize> = find_all(text, delimiter.as_bytes());
    for pair in positions.windows(2) {
        let part = &text[pair[0] + delimiter.len()..pair[1]];
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        let Some(split) = find_all(part, b"\r\n\r\n").first().copied() else {
            continue;
        };
        let head = String::from_utf8_lossy(&part[..split]).to_string();
        let content = part[split + 4..].to_vec();
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))
            .unwrap_or_default();
        let attr = |name: &str| {
            disposition
                .split(';')
                .find_map(|kv| kv.trim().strip_prefix(&format!("{name}=\"")))
                .map(|v| v.trim_end_matches('"').to_string())
        };
        let name = attr("name").unwrap_or_default();
        match attr("filename") {
            Some(filename) => files.push(FilePart {
                field: name,
                name: filename,
                bytes: content,
            }),
            None if name == "payload_json" => json = serde_json::from_slice(&content).ok(),
            None => {}
        }
    }
    (json, files)
}

fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    (0..haystack.len().saturating_sub(needle.len() - 1))
        .filter(|&i| haystack[i..].starts_with(needle))
        .collect()
}

/// One gateway connection: Hello, Identify → READY (or Resume → RESUMED), heartbeats →
/// ACKs, then dispatches.
async fn serve_gateway(
    stream: TcpStream,
    shared: Arc<Mutex<Shared>>,
    heartbeat_ms: u64,
    resume_url: String,
) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    {
        let mut s = shared.lock().unwrap();
        s.connection = Some(tx.clone());
        s.gateway.ready = false;
    }
    let hello = json!({"op": 10, "d": {"heartbeat_interval": heartbeat_ms}, "s": null, "t": null});
    if ws.send(WsMessage::Text(hello.to_string())).await.is_err() {
        return;
    }
    let mut seq = 0u64;
    loop {
        tokio::select! {
            frame = ws.next() => match frame {
                Some(Ok(WsMessage::Text(text))) => {
                    let Ok(v) = serde_json::from_str::<Value>(&text) else { continue };
                    match v["op"].as_u64() {
                        Some(2) => {
                            shared.lock().unwrap().gateway.identifies.push(v["d"].clone());
                            seq += 1;
                            let ready = json!({"op": 0, "t": "READY", "s": seq, "d": {
                                "v": 10,
                                "user": user(BOT_USER_ID, "savy", true),
                                "guilds": [],
                                "session_id": "fake-session",
                                "resume_gateway_url": resume_url,
                                "shard": [0, 1],
                                "application": {"id": APPLICATION_ID.to_string(), "flags": 0},
                            }});
                            if ws.send(WsMessage::Text(ready.to_string())).await.is_err() {
                                break;
                            }
                            shared.lock().unwrap().gateway.ready = true;
                        }
                        Some(6) => {
                            shared.lock().unwrap().gateway.resumes.push(v["d"].clone());
                            seq = v["d"]["seq"].as_u64().unwrap_or(seq) + 1;
                            let resumed = json!({"op": 0, "t": "RESUMED", "s": seq, "d": {}});
                            if ws.send(WsMessage::Text(resumed.to_string())).await.is_err() {
                                break;
                            }
                            shared.lock().unwrap().gateway.ready = true;
                        }
                        Some(1) => {
                            shared.lock().unwrap().gateway.heartbeats += 1;
                            let ack = json!({"op": 11, "d": null, "s": null, "t": null});
                            if ws.send(WsMessage::Text(ack.to_string())).await.is_err() {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                Some(Ok(WsMessage::Close(frame))) => {
                    let code = frame.map_or(1005, |f| u16::from(f.code));
                    shared.lock().unwrap().gateway.closes.push(code);
                    let _ = ws.close(None).await;
                    break;
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => {
                    shared.lock().unwrap().gateway.dropped += 1;
                    break;
                }
            },
            out = rx.recv() => match out {
                Some(Outgoing::Dispatch { event, data, sent }) => {
                    seq += 1;
                    let frame = json!({"op": 0, "t": event, "s": seq, "d": data});
                    if ws.send(WsMessage::Text(frame.to_string())).await.is_err() {
                        break;
                    }
                    let _ = sent.send(Instant::now());
                }
                Some(Outgoing::Raw(text)) => {
                    if ws.send(WsMessage::Text(text)).await.is_err() {
                        break;
                    }
                }
                Some(Outgoing::Drop) | None => break,
            },
        }
    }
    let mut s = shared.lock().unwrap();
    // A newer connection may already be serving the bot.
    if s.connection.as_ref().is_some_and(|c| c.same_channel(&tx)) {
        s.connection = None;
        s.gateway.ready = false;
    }
}
