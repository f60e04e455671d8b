//! Single-threaded engine throughput with every shipped pack on, in MB/s (decimal), per corpus
//! and size. The numbers `benches/measure.sh` prints; `cargo bench --bench engine` measures the
//! same with criterion's statistics.
//!
//! ```text
//! cargo run --release --example throughput                  # every corpus, every size
//! cargo run --release --example throughput -- --corpus fi-help --min-time 2
//! cargo run --release --example throughput -- --write DIR   # write the texts, measure nothing
//! cargo run --release --example throughput -- --cpu         # on a busy machine: CPU time
//! cargo run --release --example throughput -- --size 1MB   # one size (for a profile)
//! ```
//!
//! Each measurement runs `Voice::check(text, Some(lang), Some(kind))` back to back on one thread
//! for at least `--min-time` seconds (default 1; at least 3 runs) after one warm-up run, in
//! batches of at least 2 ms, and reports the median batch. With `--cpu` the clock is the
//! thread's CPU time instead of the wall clock, so that other work on a shared machine
//! (a build) does not count against the engine; report wall-clock numbers from a quiet one.

#[path = "../benches/common/mod.rs"]
mod common;

use common::{Corpus, KB, MB, SIZES, corpora, sized};
use savy::Voice;
use std::hint::black_box;
use std::time::{Duration, Instant};

struct Args {
    min_time: Duration,
    corpus: Option<String>,
    /// Only this size (`1KB`, `100KB`, `1MB`, `10MB`): a profile of one size, not a mix.
    size: Option<String>,
    write: Option<std::path::PathBuf>,
    cpu: bool,
}

fn parse_args() -> Args {
    let mut args = Args {
        min_time: Duration::from_secs(1),
        corpus: None,
        size: None,
        write: None,
        cpu: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--min-time" => {
                let s: f64 = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--min-time SECONDS");
                args.min_time = Duration::from_secs_f64(s);
            }
            "--corpus" => args.corpus = Some(it.next().expect("--corpus NAME")),
            "--size" => args.size = Some(it.next().expect("--size 1KB|100KB|1MB|10MB")),
            "--write" => args.write = Some(it.next().expect("--write DIR").into()),
            "--cpu" => args.cpu = true,
            "-h" | "--help" => {
                println!(
                    "usage: throughput [--min-time SECONDS] [--corpus en-chat|fi-help|en-eval|fi-eval] [--size 1KB|100KB|1MB|10MB] [--cpu] [--write DIR]"
                );
                std::process::exit(0);
            }
            other => {
                eprintln!("unknown argument `{other}` (try --help)");
                std::process::exit(2);
            }
        }
    }
    args
}

/// The clock a measurement reads: the wall clock, or the calling thread's CPU time.
#[derive(Clone, Copy)]
enum Clock {
    Wall,
    Cpu,
}

impl Clock {
    fn now(self) -> Duration {
        static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        match self {
            Clock::Wall => START.get_or_init(Instant::now).elapsed(),
            Clock::Cpu => {
                let mut ts = libc::timespec {
                    tv_sec: 0,
                    tv_nsec: 0,
                };
                // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant.
                unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
                Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
            }
        }
    }
}

/// Median seconds of one call of `f`, timed in batches of at least 2 ms for at least `min_time`
/// of wall-clock time.
fn median_secs(clock: Clock, min_time: Duration, mut f: impl FnMut()) -> (f64, usize) {
    let t = clock.now();
    f(); // warm-up, and a first estimate
    let once = (clock.now() - t).max(Duration::from_nanos(100));
    let batch = (Duration::from_millis(2).as_nanos() / once.as_nanos()).max(1) as usize;
    let mut per_call = Vec::new();
    let mut runs = 0;
    let start = Instant::now();
    while start.elapsed() < min_time || runs < 3 {
        let t = clock.now();
        for _ in 0..batch {
            f();
        }
        per_call.push((clock.now() - t).as_secs_f64() / batch as f64);
        runs += batch;
    }
    per_call.sort_by(f64::total_cmp);
    (per_call[per_call.len() / 2], runs)
}

fn selected(args: &Args) -> Vec<Corpus> {
    corpora()
        .into_iter()
        .filter(|c| args.corpus.as_deref().is_none_or(|n| n == c.name))
        .collect()
}

fn main() {
    let args = parse_args();
    if let Some(dir) = &args.write {
        std::fs::create_dir_all(dir).expect("create the output folder");
        for c in selected(&args) {
            for &(label, size) in SIZES {
                let path = dir.join(format!("{}-{label}.txt", c.name));
                std::fs::write(&path, sized(&c.base, size)).expect("write a text");
                println!("{}", path.display());
            }
        }
        return;
    }

    let clock = if args.cpu { Clock::Cpu } else { Clock::Wall };
    let (compile, _) = median_secs(clock, Duration::from_millis(500), || {
        black_box(Voice::bundled());
    });
    let voice = Voice::bundled();
    println!(
        "engine: {} rules from {} shipped packs; Voice::bundled() {:.2} ms (median)",
        voice.engine().rules().len(),
        voice.packs.len(),
        compile * 1e3
    );
    println!(
        "single thread, Voice::check(text, Some(lang), Some(kind)), median of >= {:.1} s per row{}",
        args.min_time.as_secs_f64(),
        if args.cpu { ", thread CPU time" } else { "" }
    );
    println!(
        "{:<8} {:>6} {:>10} {:>7} {:>12} {:>9} {:>8} {:>9} {:>9}",
        "corpus", "size", "bytes", "runs", "time/run", "MB/s", "ns/byte", "vs 1MB", "findings"
    );
    let mut worst = f64::INFINITY;
    for c in selected(&args) {
        let mut rows = Vec::new();
        for &(label, size) in SIZES {
            if args.size.as_deref().is_some_and(|s| s != label) {
                continue;
            }
            let text = sized(&c.base, size);
            let findings = voice
                .check(&text, Some(c.lang), Some(c.kind))
                .findings
                .len();
            let (secs, runs) = median_secs(clock, args.min_time, || {
                black_box(voice.check(black_box(&text), Some(c.lang), Some(c.kind)));
            });
            rows.push((label, size, text.len(), runs, secs, findings));
        }
        let per_byte_1mb = rows
            .iter()
            .find(|r| r.1 == MB)
            .map(|r| r.4 / r.2 as f64)
            .unwrap_or(f64::NAN);
        for (label, size, bytes, runs, secs, findings) in rows {
            let mbps = bytes as f64 / secs / 1e6;
            let ns_per_byte = secs * 1e9 / bytes as f64;
            // By the size asked for: a text is cut at a word, a little short of it.
            if size >= 100 * KB {
                worst = worst.min(mbps);
            }
            let time = if secs >= 0.1 {
                format!("{:.3} s", secs)
            } else if secs >= 1e-4 {
                format!("{:.3} ms", secs * 1e3)
            } else {
                format!("{:.2} us", secs * 1e6)
            };
            println!(
                "{:<8} {:>6} {:>10} {:>7} {:>12} {:>9.1} {:>8.2} {:>8.2}x {:>9}",
                c.name,
                label,
                bytes,
                runs,
                time,
                mbps,
                ns_per_byte,
                ns_per_byte * 1e-9 / per_byte_1mb,
                findings
            );
        }
        if !c.real {
            println!("{:<8} (built-in sample: ../shared was not found)", c.name);
        }
    }
    if worst.is_finite() {
        println!(
            "lowest throughput at >= 100 KB: {worst:.1} MB/s (target >= 100 MB/s: {})",
            if worst >= 100.0 { "met" } else { "MISSED" }
        );
    }
}
