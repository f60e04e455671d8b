//! `savy discord` end to end: the real binary, configured the way a user configures it
//! (`DISCORD_TOKEN`, `DISCORD_GUILD_ID`, `DISCORD_PROXY_URL`, `savy.toml`), against a fake
//! Discord on loopback that speaks the real wire protocol. Each test asserts the exact
//! requests the bot makes. `cargo test discord` runs them all.

mod common;
#[path = "common/fake_discord.rs"]
mod fake_discord;

use common::{tmp, write};
use fake_discord::{AGENT_ID, APPLICATION_ID, BOT_USER_ID, FakeDiscord, Request};
use serde_json::{Value, json};
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const TOKEN: &str = "MTIzNDU2Nzg5.fake-token.for-tests-only";
const GUILD: u64 = 800_000_000_000_000_001;
const CHANNEL: u64 = 800_000_000_000_000_002;
const DM_CHANNEL: u64 = 800_000_000_000_000_003;
const BILLING_CHANNEL: u64 = 800_000_000_000_000_004;

/// A draft the bundled profile flags twice, once with a suggestion.
const DRAFT: &str =
    "As per my last email, the refund takes 14 days. You should have read the terms!!!";

/// A running `savy discord`.
struct Bot {
    child: Option<Child>,
    stderr: Arc<Mutex<String>>,
}

impl Bot {
    fn start(fake: &FakeDiscord, dir: &Path, env: &[(&str, &str)]) -> Bot {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_savy"));
        cmd.arg("discord")
            .current_dir(dir)
            .env_remove("DISCORD_TOKEN")
            .env_remove("DISCORD_GUILD_ID")
            .env_remove("DISCORD_PROXY_URL")
            .env("DISCORD_TOKEN", TOKEN)
            .env("DISCORD_PROXY_URL", fake.proxy_url())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            if v.is_empty() {
                cmd.env_remove(k);
            } else {
                cmd.env(k, v);
            }
        }
        let mut child = cmd.spawn().expect("savy starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Bot {
            child: Some(child),
            stderr,
        }
    }

    /// Sends SIGTERM and waits for the bot to exit; returns its exit code and stderr.
    async fn stop(mut self) -> (Option<i32>, String) {
        let mut child = self.child.take().unwrap();
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + fake_discord::PATIENCE;
        let code = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status.code();
            }
            assert!(Instant::now() < deadline, "the bot did not stop on SIGTERM");
            tokio::time::sleep(Duration::from_millis(10)).await;
        };
        // Let the reader thread drain the pipe.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let stderr = self.stderr.lock().unwrap().clone();
        (code, stderr)
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("--- the bot's log ---\n{}", self.stderr());
        }
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A fake Discord and a bot connected to it, its commands registered.
struct Session {
    fake: FakeDiscord,
    bot: Bot,
    /// The commands registration request.
    registration: Request,
    _dir: TempDir,
}

impl Session {
    async fn start(profile: &str, env: &[(&str, &str)]) -> Session {
        Session::with_heartbeat(profile, env, Duration::from_secs(41)).await
    }

    async fn with_heartbeat(profile: &str, env: &[(&str, &str)], heartbeat: Duration) -> Session {
        let fake = FakeDiscord::start(heartbeat).await;
        let dir = tmp();
        if !profile.is_empty() {
            write(dir.path(), "savy.toml", profile);
        }
        let mut all = vec![("DISCORD_GUILD_ID", GUILD.to_string())];
        all.extend(env.iter().map(|(k, v)| (*k, v.to_string())));
        let env: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let bot = Bot::start(&fake, dir.path(), &env);
        fake.wait_ready().await;
        let registration = fake
            .take("PUT", &format!("/api/v10/applications/{APPLICATION_ID}/"))
            .await;
        Session {
            fake,
            bot,
            registration,
            _dir: dir,
        }
    }

    /// Sends an interaction and returns the bot's callback for it.
    async fn interact(&self, kind: u8, data: Value, guild: Option<u64>) -> Request {
        let id = self.fake.id();
        let channel = if guild.is_some() { CHANNEL } else { DM_CHANNEL };
        self.fake
            .dispatch(
                "INTERACTION_CREATE",
                fake_discord::interaction(id, kind, data, channel, guild),
            )
            .await;
        let callback = self.fake.callback(id).await;
        assert_eq!(
            callback.path,
            format!("/api/v10/interactions/{id}/interaction-token-{id}/callback")
        );
        callback
    }

    /// `/tone` with these options.
    async fn tone(&self, options: Value, guild: Option<u64>) -> Request {
        let data = json!({"id": "1", "name": "tone", "type": 1, "options": options});
        self.interact(2, data, guild).await
    }

    /// A button press under `message`.
    async fn press(&self, custom_id: &str, message: Value, guild: Option<u64>) -> Request {
        let data = json!({"custom_id": custom_id, "component_type": 2});
        let id = self.fake.id();
        let channel = if guild.is_some() { CHANNEL } else { DM_CHANNEL };
        let mut i = fake_discord::interaction(id, 3, data, channel, guild);
        i["message"] = message;
        self.fake.dispatch("INTERACTION_CREATE", i).await;
        self.fake.callback(id).await
    }

    /// A message from the agent.
    async fn say(&self, channel: u64, guild: Option<u64>, content: &str) -> Value {
        let m = agent_message(&self.fake, channel, guild, content);
        self.fake.dispatch("MESSAGE_CREATE", m.clone()).await;
        m
    }
}

fn agent_message(fake: &FakeDiscord, channel: u64, guild: Option<u64>, content: &str) -> Value {
    let agent = fake_discord::user(AGENT_ID, "agent", false);
    let mut m = fake_discord::message(fake.id(), channel, guild, agent.clone(), content);
    if guild.is_some() {
        m["member"] = json!({"roles": [], "joined_at": "2025-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false, "flags": 0});
        if content.contains(&format!("<@{BOT_USER_ID}>")) {
            m["mentions"] = json!([fake_discord::user(BOT_USER_ID, "savy", true)]);
        }
    }
    m
}

/// The custom ids of a message's buttons.
fn button_ids(body: &Value) -> Vec<String> {
    body["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .map(|b| b["custom_id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The message a review reply became, as a button interaction carries it.
fn as_message(body: &Value, flags: u64) -> Value {
    let mut m = fake_discord::message(
        1_100_000_000_000_000_000,
        CHANNEL,
        Some(GUILD),
        fake_discord::user(BOT_USER_ID, "savy", true),
        body["content"].as_str().unwrap_or(""),
    );
    m["embeds"] = body.get("embeds").cloned().unwrap_or(json!([]));
    m["components"] = body.get("components").cloned().unwrap_or(json!([]));
    m["flags"] = json!(flags);
    m["interaction_metadata"] = json!({"id": "5", "type": 2, "user": fake_discord::user(AGENT_ID, "agent", false), "authorizing_integration_owners": {}});
    m
}

fn assert_review_of_draft(body: &Value) {
    let embed = &body["embeds"][0];
    assert_eq!(embed["title"], "Tone review", "{body:#}");
    let description = embed["description"].as_str().unwrap();
    assert!(
        description.starts_with("**3 findings** in this English"),
        "{description}"
    );
    assert!(
        description.contains("**Suggested version**\n```\nTo recap, the refund takes 14 days. You should have read the terms!\n```"),
        "{description}"
    );
    let names: Vec<&str> = embed["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "⚠️ warning · en.blame.as-per-my-last-email",
            "⚠️ warning · en.blame.you-should-have",
            "ℹ️ info · en.positivity.exclamation-run",
        ]
    );
    let first = embed["fields"][0]["value"].as_str().unwrap();
    assert!(first.starts_with("> As per my last email,\n"), "{first}");
    assert!(first.ends_with("\n**Try:** To recap,"), "{first}");
    assert_eq!(
        body["allowed_mentions"],
        json!({"parse": [], "roles": [], "users": []}),
        "no pings"
    );
}

#[tokio::test]
async fn discord_registers_commands_in_the_guild_and_identifies_without_privileged_intents() {
    let s = Session::start("", &[]).await;
    let r = &s.registration;
    assert_eq!(
        r.path,
        format!("/api/v10/applications/{APPLICATION_ID}/guilds/{GUILD}/commands")
    );
    assert_eq!(r.header("authorization"), Some(&*format!("Bot {TOKEN}")));
    let commands = r.body().as_array().unwrap();
    assert_eq!(commands.len(), 2);
    let tone = &commands[0];
    assert_eq!(tone["name"], "tone");
    // No type means a slash command (CHAT_INPUT).
    assert!(tone.get("type").is_none_or(|t| t == 1), "{tone}");
    let options: Vec<(&str, bool)> = tone["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap(),
                o["required"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        options,
        [("text", false), ("kind", false), ("register", false)]
    );
    assert_eq!(tone["options"][0]["type"], 3);
    assert_eq!(tone["options"][0]["max_length"], 6000);
    let kinds: Vec<&str> = tone["options"][1]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["reply", "email", "invoice"]);
    assert_eq!(commands[1]["name"], "Check tone");
    assert_eq!(commands[1]["type"], 3);
    let identify = &s.fake.gateway().identifies[0];
    assert_eq!(identify["token"], format!("Bot {TOKEN}"));
    // GUILD_MESSAGES | DIRECT_MESSAGES: no privileged intent.
    assert_eq!(identify["intents"], (1 << 9) | (1 << 12));
    // Only the gateway address and the registration went over HTTP, through the proxy.
    let paths: Vec<String> = s.fake.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/api/v10/gateway"]);
    let (code, stderr) = s.bot.stop().await;
    assert_eq!(code, Some(0), "{stderr}");
}

#[tokio::test]
async fn discord_dm_with_a_draft_gets_a_review_with_buttons() {
    let s = Session::start("", &[]).await;
    let m = s.say(DM_CHANNEL, None, DRAFT).await;
    let reply = s
        .fake
        .take("POST", &format!("/api/v10/channels/{DM_CHANNEL}/messages"))
        .await;
    let body = reply.body();
    assert_review_of_draft(body);
    assert_eq!(body["message_reference"]["message_id"], m["id"]);
    assert_eq!(
        button_ids(body),
        [
            "savy:suggested",
            "savy:explain:en.blame.as-per-my-last-email en.blame.you-should-have en.positivity.exclamation-run"
        ]
    );
    let (code, stderr) = s.bot.stop().await;
    assert_eq!(code, Some(0));
    assert!(
        !stderr.contains("refund"),
        "no draft text in logs: {stderr}"
    );
    assert!(!stderr.contains(TOKEN), "no token in logs");
    assert!(
        stderr.contains("dm: 81 bytes, en draft, 3 findings [en.blame.as-per-my-last-email"),
        "{stderr}"
    );
}

#[tokio::test]
async fn discord_registers_global_commands_without_a_guild_id() {
    let s = Session::start("", &[("DISCORD_GUILD_ID", "")]).await;
    let r = &s.registration;
    assert_eq!(r.method, "PUT");
    assert_eq!(
        r.path,
        format!("/api/v10/applications/{APPLICATION_ID}/commands")
    );
    for command in r.body().as_array().unwrap() {
        // Global commands work in servers and in DMs with the bot.
        assert_eq!(command["contexts"], json!([0, 1]), "{command}");
    }
}

#[tokio::test]
async fn discord_mention_in_a_channel_gets_a_review_and_other_messages_are_left_alone() {
    let s = Session::start("", &[]).await;
    s.say(CHANNEL, Some(GUILD), "As per my last email, see the terms.")
        .await;
    let m = s
        .say(CHANNEL, Some(GUILD), &format!("<@{BOT_USER_ID}> {DRAFT}"))
        .await;
    let reply = s
        .fake
        .take("POST", &format!("/api/v10/channels/{CHANNEL}/messages"))
        .await;
    assert_review_of_draft(reply.body());
    assert_eq!(reply.body()["message_reference"]["message_id"], m["id"]);
    // A shared review has no Share button.
    assert_eq!(button_ids(reply.body()).len(), 2);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        s.fake.requests().iter().all(|r| r.method != "POST"),
        "the message without a mention got no answer: {:?}",
        s.fake.requests()
    );
}

#[tokio::test]
async fn discord_txt_attachment_is_downloaded_through_the_proxy_and_read_as_the_draft() {
    let s = Session::start("", &[]).await;
    let path = "/attachments/800000000000000003/700000000000000001/draft.txt";
    s.fake.serve_file(path, format!("\u{FEFF}{DRAFT}\n"));
    let mut m = agent_message(&s.fake, DM_CHANNEL, None, "");
    m["attachments"] = json!([{
        "id": "700000000000000001", "filename": "draft.txt", "size": DRAFT.len() + 4,
        "url": format!("https://cdn.discordapp.com{path}"),
        "proxy_url": format!("https://media.discordapp.net{path}"),
        "content_type": "text/plain; charset=utf-8",
    }]);
    s.fake.dispatch("MESSAGE_CREATE", m).await;
    let download = s.fake.take("GET", path).await;
    assert_eq!(download.path, path);
    let reply = s
        .fake
        .take("POST", &format!("/api/v10/channels/{DM_CHANNEL}/messages"))
        .await;
    assert_review_of_draft(reply.body());
}

#[tokio::test]
async fn discord_tone_with_text_answers_ephemerally_in_a_guild_with_share() {
    let s = Session::start("", &[]).await;
    let callback = s
        .tone(
            json!([
                {"name": "text", "type": 3, "value": DRAFT},
                {"name": "kind", "type": 3, "value": "email"},
            ]),
            Some(GUILD),
        )
        .await;
    let body = callback.body();
    assert_eq!(body["type"], 4, "CHANNEL_MESSAGE_WITH_SOURCE");
    assert_eq!(body["data"]["flags"], 64, "ephemeral");
    let description = body["data"]["embeds"][0]["description"].as_str().unwrap();
    // An email is also checked for its greeting and sign-off.
    assert!(
        description.starts_with("**6 findings** in this English email: 2 warnings, 4 notes."),
        "{description}"
    );
    // The warmth score, with the change that would raise it most: the blame in the draft
    // makes it cold.
    assert!(
        description.contains("\n**Warmth:** ") && description.contains("/100, cold `"),
        "{description}"
    );
    assert!(description.contains("\n**Warmer:** "), "{description}");
    let ids = button_ids(callback.data());
    assert_eq!(ids.first().map(String::as_str), Some("savy:suggested"));
    assert!(ids[1].starts_with("savy:explain:en.blame.as-per-my-last-email "));
    assert_eq!(ids.last().map(String::as_str), Some("savy:share"));
}

#[tokio::test]
async fn discord_tone_in_a_dm_is_not_ephemeral_and_honours_the_register_option() {
    let s = Session::start("", &[]).await;
    let callback = s
        .tone(
            json!([
                {"name": "text", "type": 3, "value": "Hey! Thanks, we'll sort it out."},
                {"name": "register", "type": 3, "value": "formal"},
            ]),
            None,
        )
        .await;
    let data = callback.data();
    assert_eq!(callback.body()["type"], 4);
    assert!(data.get("flags").is_none_or(|f| f == 0), "{data}");
    let description = data["embeds"][0]["description"].as_str().unwrap();
    assert!(
        description
            .contains("**Register:** informal (casual); the house register for drafts is formal."),
        "{description}"
    );
    assert!(!button_ids(data).contains(&"savy:share".to_string()));
}

#[tokio::test]
async fn discord_tone_without_text_opens_a_modal_whose_submission_is_reviewed() {
    let s = Session::start("", &[]).await;
    let callback = s
        .tone(
            json!([{"name": "kind", "type": 3, "value": "invoice"}]),
            Some(GUILD),
        )
        .await;
    let body = callback.body();
    assert_eq!(body["type"], 9, "MODAL");
    assert_eq!(body["data"]["custom_id"], "savy:draft:invoice:-");
    assert_eq!(body["data"]["title"], "Check tone");
    let field = &body["data"]["components"][0]["components"][0];
    assert_eq!(field["type"], 4, "a text input");
    assert_eq!(field["style"], 2, "a paragraph");
    assert_eq!(field["custom_id"], "draft");
    assert_eq!(field["max_length"], 4000);
    assert_eq!(field["required"], true);

    let submit = json!({
        "custom_id": "savy:draft:invoice:-",
        "components": [{"type": 1, "components": [{"type": 4, "custom_id": "draft", "value": DRAFT}]}],
    });
    let callback = s.interact(5, submit, Some(GUILD)).await;
    assert_eq!(callback.body()["type"], 4);
    assert_eq!(callback.data()["flags"], 64);
    assert_review_of_draft(callback.data());
    assert!(
        callback.data()["embeds"][0]["description"]
            .as_str()
            .unwrap()
            .contains("in this English invoice")
    );
}

#[tokio::test]
async fn discord_check_tone_message_command_reviews_the_target_message() {
    let s = Session::start("", &[]).await;
    let target = agent_message(&s.fake, CHANNEL, Some(GUILD), DRAFT);
    let target_id = target["id"].as_str().unwrap().to_string();
    let data = json!({
        "id": "2", "name": "Check tone", "type": 3, "target_id": target_id,
        "resolved": {"messages": {target_id.clone(): target}},
    });
    let callback = s.interact(2, data, Some(GUILD)).await;
    assert_eq!(callback.body()["type"], 4);
    assert_eq!(callback.data()["flags"], 64);
    assert_review_of_draft(callback.data());
}

#[tokio::test]
async fn discord_check_tone_reads_a_txt_attachment_of_the_target_message() {
    let s = Session::start("", &[]).await;
    let path = "/attachments/800000000000000002/700000000000000002/reply.txt";
    s.fake.serve_file(path, DRAFT);
    let mut target = agent_message(&s.fake, CHANNEL, Some(GUILD), "here is my reply");
    target["attachments"] = json!([{
        "id": "700000000000000002", "filename": "reply.txt", "size": DRAFT.len(),
        "url": format!("https://cdn.discordapp.com{path}"),
        "proxy_url": format!("https://media.discordapp.net{path}"),
        "content_type": "text/plain",
    }]);
    let target_id = target["id"].as_str().unwrap().to_string();
    let data = json!({
        "id": "2", "name": "Check tone", "type": 3, "target_id": target_id,
        "resolved": {"messages": {target_id.clone(): target}},
    });
    let callback = s.interact(2, data, Some(GUILD)).await;
    s.fake.take("GET", path).await;
    assert_review_of_draft(callback.data());
}

#[tokio::test]
async fn discord_buttons_give_the_suggested_version_explain_and_share() {
    let s = Session::start("", &[]).await;
    let review = s
        .tone(
            json!([{"name": "text", "type": 3, "value": DRAFT}]),
            Some(GUILD),
        )
        .await;
    let under = as_message(review.data(), 64);
    let ids = button_ids(review.data());

    let suggested = s.press(&ids[0], under.clone(), Some(GUILD)).await;
    assert_eq!(suggested.body()["type"], 4);
    assert_eq!(suggested.data()["flags"], 64);
    assert_eq!(
        suggested.data()["content"],
        "```\nTo recap, the refund takes 14 days. You should have read the terms!\n```"
    );

    let explain = s.press(&ids[1], under.clone(), Some(GUILD)).await;
    assert_eq!(explain.data()["flags"], 64);
    let text = explain.data()["content"].as_str().unwrap();
    for rule in [
        "en.blame.as-per-my-last-email",
        "en.blame.you-should-have",
        "en.positivity.exclamation-run",
    ] {
        assert!(text.contains(&format!("**{rule}**")), "{text}");
    }

    let share = s.press(&ids[2], under.clone(), Some(GUILD)).await;
    assert_eq!(share.body()["type"], 4);
    assert!(share.data().get("flags").is_none_or(|f| f == 0), "public");
    assert_eq!(share.data()["embeds"][0]["title"], "Tone review");
    assert_eq!(
        share.data()["embeds"][0]["description"],
        review.data()["embeds"][0]["description"]
    );
    assert_eq!(
        share.data()["embeds"][0]["fields"],
        review.data()["embeds"][0]["fields"]
    );
    assert_eq!(button_ids(share.data()), ids[..2]);
}

#[tokio::test]
async fn discord_failures_get_friendly_ephemeral_answers() {
    let s = Session::start("[discord]\nmax_draft_bytes = 200\n", &[]).await;
    let ephemeral = |r: &Request, starts: &str| {
        assert_eq!(r.body()["type"], 4, "{:#}", r.body());
        assert_eq!(r.data()["flags"], 64, "{:#}", r.body());
        let content = r.data()["content"].as_str().unwrap();
        assert!(content.starts_with(starts), "{content}");
        assert!(r.data().get("embeds").is_none_or(|e| e == &json!([])));
    };
    let long = "Thank you for waiting. ".repeat(10);
    let r = s
        .tone(
            json!([{"name": "text", "type": 3, "value": long}]),
            Some(GUILD),
        )
        .await;
    ephemeral(
        &r,
        "That draft is 230 bytes; I check drafts up to 200 bytes.",
    );
    let r = s
        .tone(json!([{"name": "text", "type": 3, "value": "Hi"}, {"name": "kind", "type": 3, "value": "letter"}]), Some(GUILD))
        .await;
    ephemeral(
        &r,
        "I don't know that kind of draft. Choose reply, email or invoice.",
    );
    let r = s
        .tone(
            json!([{"name": "text", "type": 3, "value": " \n "}]),
            Some(GUILD),
        )
        .await;
    ephemeral(&r, "There is no draft to check yet.");
    let empty = agent_message(&s.fake, CHANNEL, Some(GUILD), "");
    let id = empty["id"].as_str().unwrap().to_string();
    let data = json!({"id": "2", "name": "Check tone", "type": 3, "target_id": id, "resolved": {"messages": {id.clone(): empty}}});
    let r = s.interact(2, data, Some(GUILD)).await;
    ephemeral(&r, "That message has no text to check.");
    let submit = json!({"custom_id": "savy:draft:letter:-", "components": [{"type": 1, "components": [{"type": 4, "custom_id": "draft", "value": "Hi"}]}]});
    let r = s.interact(5, submit, Some(GUILD)).await;
    ephemeral(&r, "I don't know that kind of draft.");
    let r = s
        .press("savy:unknown", as_message(&json!({}), 64), Some(GUILD))
        .await;
    ephemeral(&r, "This button or command is from an older version of me.");

    // An empty DM gets a friendly reply (a DM cannot be ephemeral).
    s.say(DM_CHANNEL, None, "").await;
    let reply = s
        .fake
        .take("POST", &format!("/api/v10/channels/{DM_CHANNEL}/messages"))
        .await;
    assert!(
        reply.body()["content"]
            .as_str()
            .unwrap()
            .starts_with("There is no draft to check yet."),
        "{:#}",
        reply.body()
    );
    // A .txt attachment over the limit is refused without downloading it.
    let mut m = agent_message(&s.fake, DM_CHANNEL, None, "");
    m["attachments"] = json!([{"id": "1", "filename": "big.txt", "size": 5000, "url": "https://cdn.discordapp.com/attachments/1/1/big.txt", "proxy_url": "https://media.discordapp.net/attachments/1/1/big.txt", "content_type": "text/plain"}]);
    s.fake.dispatch("MESSAGE_CREATE", m).await;
    let reply = s
        .fake
        .take("POST", &format!("/api/v10/channels/{DM_CHANNEL}/messages"))
        .await;
    assert!(
        reply.body()["content"]
            .as_str()
            .unwrap()
            .starts_with("That draft is 5 KB;"),
        "{:#}",
        reply.body()
    );
    assert!(
        s.fake
            .requests()
            .iter()
            .all(|r| !r.path.starts_with("/attachments/")),
        "no download"
    );
}

#[tokio::test]
async fn discord_bad_events_do_not_stop_the_bot() {
    let s = Session::start("", &[]).await;
    s.fake.send_raw("{not json");
    s.fake
        .dispatch(
            "INTERACTION_CREATE",
            json!({"id": "x", "type": 2, "data": 7}),
        )
        .await;
    s.fake
        .dispatch("MESSAGE_CREATE", json!({"content": "no author"}))
        .await;
    s.fake.dispatch("SOMETHING_NEW", json!({"a": 1})).await;
    let callback = s
        .tone(
            json!([{"name": "text", "type": 3, "value": DRAFT}]),
            Some(GUILD),
        )
        .await;
    assert_review_of_draft(callback.data());
    let g = s.fake.gateway();
    assert_eq!(g.identifies.len(), 1, "no reconnect: {g:?}");
}

#[tokio::test]
async fn discord_heartbeats_are_acknowledged_and_the_connection_stays() {
    let s = Session::with_heartbeat("", &[], Duration::from_millis(50)).await;
    s.fake
        .wait_gateway("three heartbeats", |g| g.heartbeats >= 3)
        .await;
    let callback = s
        .tone(json!([{"name": "text", "type": 3, "value": DRAFT}]), None)
        .await;
    assert_review_of_draft(callback.data());
    let g = s.fake.gateway();
    assert_eq!((g.identifies.len(), g.dropped), (1, 0), "{g:?}");
}

#[tokio::test]
async fn discord_reconnects_and_resumes_when_asked_or_cut_off() {
    let s = Session::start("", &[]).await;
    // Discord asks for a reconnect (opcode 7): the bot resumes its session.
    s.fake.send_raw(r#"{"op": 7, "d": null}"#);
    s.fake
        .wait_gateway("a resume", |g| g.resumes.len() == 1 && g.ready)
        .await;
    let callback = s
        .tone(
            json!([{"name": "text", "type": 3, "value": DRAFT}]),
            Some(GUILD),
        )
        .await;
    assert_review_of_draft(callback.data());
    // The connection drops without a close frame: the bot resumes again.
    s.fake.drop_connection();
    s.fake
        .wait_gateway("a second resume", |g| g.resumes.len() == 2 && g.ready)
        .await;
    let callback = s
        .tone(
            json!([{"name": "text", "type": 3, "value": DRAFT}]),
            Some(GUILD),
        )
        .await;
    assert_review_of_draft(callback.data());
    let g = s.fake.gateway();
    assert_eq!(
        g.identifies.len(),
        1,
        "resumed, not identified again: {g:?}"
    );
    assert_eq!(g.resumes[0]["token"], format!("Bot {TOKEN}"));
    assert_eq!(g.resumes[0]["session_id"], "fake-session");
    // Commands were registered once, not on every connection.
    assert!(
        s.fake.requests().iter().all(|r| r.method != "PUT"),
        "{:?}",
        s.fake.requests()
    );
}

#[tokio::test]
async fn discord_channels_in_the_profile_choose_kind_language_and_register() {
    let profile = format!(
        "[discord.channels.\"{BILLING_CHANNEL}\"]\nkind = \"invoice\"\nlang = \"fi\"\nregister = \"neutral\"\n"
    );
    let s = Session::start(&profile, &[]).await;
    s.say(
        BILLING_CHANNEL,
        Some(GUILD),
        &format!("<@{BOT_USER_ID}> Kuten jo totesimme, lasku erääntyy 14 päivän kuluttua."),
    )
    .await;
    let reply = s
        .fake
        .take(
            "POST",
            &format!("/api/v10/channels/{BILLING_CHANNEL}/messages"),
        )
        .await;
    let description = reply.body()["embeds"][0]["description"].as_str().unwrap();
    assert!(
        description.contains("in this Finnish invoice"),
        "{description}"
    );
    assert!(
        description.contains("the house register for invoices is neutral"),
        "{description}"
    );
    let fields = reply.body()["embeds"][0]["fields"].to_string();
    assert!(fields.contains("fi.blame.kuten-totesimme"), "{fields}");
}

#[tokio::test]
async fn discord_long_reviews_keep_within_limits_and_attach_the_rest() {
    let s = Session::start("", &[]).await;
    let sentence = "As per my last email, you should have read the terms!!! ";
    let draft = sentence.repeat(5900 / sentence.len());
    let callback = s
        .tone(
            json!([{"name": "text", "type": 3, "value": draft}]),
            Some(GUILD),
        )
        .await;
    let embed = &callback.data()["embeds"][0];
    let fields = embed["fields"].as_array().unwrap();
    assert!(fields.len() <= 25);
    assert!(
        fields.last().unwrap()["name"]
            .as_str()
            .unwrap()
            .starts_with("…and "),
        "{embed:#}"
    );
    let total: usize = ["title", "description"]
        .iter()
        .map(|k| embed[k].as_str().unwrap().chars().count())
        .sum::<usize>()
        + embed["footer"]["text"]
            .as_str()
            .unwrap_or("")
            .chars()
            .count()
        + fields
            .iter()
            .map(|f| {
                f["name"].as_str().unwrap().chars().count()
                    + f["value"].as_str().unwrap().chars().count()
            })
            .sum::<usize>();
    assert!(total <= 6000, "{total}");
    let files: Vec<&str> = callback.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(files, ["suggested-version.txt", "review.md"]);
    let attachments: Vec<&str> = callback.data()["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["filename"].as_str().unwrap())
        .collect();
    assert_eq!(attachments, files);
    let suggested = String::from_utf8(callback.files[0].bytes.clone()).unwrap();
    assert!(
        suggested.starts_with("To recap, you should have read the terms! To recap,"),
        "{suggested}"
    );
}

#[tokio::test]
async fn discord_stops_cleanly_on_sigterm_and_never_logs_drafts_or_the_token() {
    let s = Session::start("", &[]).await;
    s.say(DM_CHANNEL, None, DRAFT).await;
    s.fake
        .take("POST", &format!("/api/v10/channels/{DM_CHANNEL}/messages"))
        .await;
    s.tone(
        json!([{"name": "text", "type": 3, "value": "Kuten jo totesimme, odota."}]),
        Some(GUILD),
    )
    .await;
    assert!(s.bot.stderr().contains("ready"));
    let (code, stderr) = s.bot.stop().await;
    assert_eq!(code, Some(0), "{stderr}");
    s.fake
        .wait_gateway("the close frame", |g| !g.closes.is_empty())
        .await;
    assert_eq!(s.fake.gateway().closes, [1000]);
    assert!(stderr.contains("SIGTERM: shutting down"), "{stderr}");
    assert!(stderr.trim_end().ends_with("stopped"), "{stderr}");
    // Rule ids are logged; the words of the drafts are not.
    for secret in [TOKEN, "refund", "the terms", "Kuten jo", "odota"] {
        assert!(!stderr.contains(secret), "`{secret}` in the log: {stderr}");
    }
}

#[test]
fn discord_refuses_to_start_without_a_token_and_never_echoes_one() {
    let dir = tmp();
    let run = |envs: &[(&str, &str)]| {
        let mut cmd = common::bare();
        cmd.arg("discord")
            .current_dir(dir.path())
            .env_remove("DISCORD_TOKEN")
            .env_remove("DISCORD_PROXY_URL")
            .env_remove("DISCORD_GUILD_ID");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        common::run(&mut cmd)
    };
    let r = run(&[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no Discord token: set DISCORD_TOKEN"),
        "{}",
        r.stderr
    );
    let r = run(&[("DISCORD_TOKEN", "secret part\nmore")]);
    assert_eq!(r.code, 2);
    assert!(!r.stderr.contains("secret"), "{}", r.stderr);
    let r = run(&[
        ("DISCORD_TOKEN", TOKEN),
        ("DISCORD_PROXY_URL", "localhost:3000"),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("DISCORD_PROXY_URL must be an http://"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(TOKEN));
    write(
        dir.path(),
        "savy.toml",
        "[discord]\ntoken_file = \"missing-token\"\n",
    );
    let r = run(&[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cannot read the Discord token file"),
        "{}",
        r.stderr
    );
    write(
        dir.path(),
        "savy.toml",
        "[discord.channels.support]\nkind = \"reply\"\n",
    );
    let r = run(&[("DISCORD_TOKEN", TOKEN)]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("savy.toml:1:19: [discord.channels]: `support` is not a channel id"),
        "{}",
        r.stderr
    );
}

#[tokio::test]
async fn discord_token_file_from_the_profile_is_used() {
    let fake = FakeDiscord::start(Duration::from_secs(41)).await;
    let dir = tmp();
    write(dir.path(), "secrets/discord-token", format!("{TOKEN}\n"));
    write(
        dir.path(),
        "savy.toml",
        "[discord]\ntoken_file = \"secrets/discord-token\"\n",
    );
    let bot = Bot::start(
        &fake,
        dir.path(),
        &[("DISCORD_TOKEN", ""), ("DISCORD_GUILD_ID", "")],
    );
    fake.wait_ready().await;
    let r = fake.take("PUT", "/api/v10/applications/").await;
    assert_eq!(r.header("authorization"), Some(&*format!("Bot {TOKEN}")));
    let (code, _) = bot.stop().await;
    assert_eq!(code, Some(0));
}
