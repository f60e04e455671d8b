//! How fast `savy discord` answers, on loopback: from a gateway dispatch reaching the bot to
//! the bot's HTTP request reaching Discord (here the fake Discord of the end-to-end tests),
//! for `/tone` with a draft (an interaction callback) and for a DM (a channel message).
//! Target: p99 <= 50 ms.
//!
//! Run with `benches/discord_latency.sh` (or `cargo bench --bench discord_latency -- N` for N
//! samples of each; 300 by default). It builds and runs the real binary in the bench profile.

#[path = "../tests/common/fake_discord.rs"]
mod fake_discord;

use fake_discord::{AGENT_ID, APPLICATION_ID, FakeDiscord};
use serde_json::json;
use std::process::{Command, Stdio};
use std::time::Duration;

const DRAFT: &str =
    "As per my last email, the refund takes 14 days. You should have read the terms!!!";
const GUILD: u64 = 800_000_000_000_000_001;
const CHANNEL: u64 = 800_000_000_000_000_002;
const DM_CHANNEL: u64 = 800_000_000_000_000_003;
const WARM_UP: usize = 20;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn report(what: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let p99 = percentile(&ms, 99.0);
    println!(
        "{what:<28} n={:<4} median {:>6.2} ms  p90 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms  {}",
        ms.len(),
        percentile(&ms, 50.0),
        percentile(&ms, 90.0),
        p99,
        ms[ms.len() - 1],
        if p99 <= 50.0 {
            "PASS (p99 <= 50 ms)"
        } else {
            "FAIL (p99 > 50 ms)"
        }
    );
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; a number is the sample count.
    let samples: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(300);
    let fake = FakeDiscord::start(Duration::from_secs(41)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut bot = Command::new(env!("CARGO_BIN_EXE_savy"))
        .arg("discord")
        .current_dir(dir.path())
        .env("DISCORD_TOKEN", "bench.token.value")
        .env("DISCORD_PROXY_URL", fake.proxy_url())
        .env("DISCORD_GUILD_ID", GUILD.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("savy starts");
    fake.wait_ready().await;
    fake.take("PUT", &format!("/api/v10/applications/{APPLICATION_ID}/"))
        .await;

    let mut tone = Vec::new();
    for i in 0..WARM_UP + samples {
        let id = fake.id();
        let data = json!({"id": "1", "name": "tone", "type": 1,
            "options": [{"name": "text", "type": 3, "value": DRAFT}]});
        let sent = fake
            .dispatch(
                "INTERACTION_CREATE",
                fake_discord::interaction(id, 2, data, CHANNEL, Some(GUILD)),
            )
            .await;
        let callback = fake.callback(id).await;
        if i >= WARM_UP {
            tone.push((callback.at - sent).as_secs_f64() * 1000.0);
        }
    }

    let mut dm = Vec::new();
    let path = format!("/api/v10/channels/{DM_CHANNEL}/messages");
    for i in 0..WARM_UP + samples {
        let agent = fake_discord::user(AGENT_ID, "agent", false);
        let m = fake_discord::message(fake.id(), DM_CHANNEL, None, agent, DRAFT);
        let sent = fake.dispatch("MESSAGE_CREATE", m).await;
        let reply = fake.take("POST", &path).await;
        if i >= WARM_UP {
            dm.push((reply.at - sent).as_secs_f64() * 1000.0);
        }
    }

    println!(
        "savy discord on loopback, {} B draft, {WARM_UP} warm-up rounds left out:",
        DRAFT.len()
    );
    report("/tone → interaction callback", tone);
    report("DM → channel message", dm);
    let _ = Command::new("kill")
        .args(["-TERM", &bot.id().to_string()])
        .status();
    let _ = bot.wait();
}
