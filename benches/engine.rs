//! Engine throughput with every shipped pack on, single-threaded, on real text.
//!
//! `cargo bench --bench engine` (all of it takes a few minutes on two cores);
//! `cargo bench --bench engine -- check/fi-help` for one corpus.
//!
//! Corpora (see `common/mod.rs`): `en-chat` and `fi-help` are the 1 MB texts of
//! `../shared/bench`; `en-eval` and `fi-eval` are the texts of the `../shared/eval` JSONL sets,
//! one a line, repeated up to 1 MB. Each is measured at 1 KB, 100 KB, 1 MB and 10 MB (the 1 MB
//! text ten times) so that a cost that is not linear in the input shows. Throughput is in
//! decimal MB/s. `bundled` is the one-off cost of loading and compiling the shipped packs, which
//! every `savy check` process pays before it reads a draft.

mod common;

use common::{SIZES, corpora, sized};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use savy::Voice;
use std::hint::black_box;
use std::time::Duration;

fn bench_bundled(c: &mut Criterion) {
    let mut g = c.benchmark_group("bundled");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    g.bench_function("Voice::bundled", |b| b.iter(|| black_box(Voice::bundled())));
    g.finish();
}

fn bench_check(c: &mut Criterion) {
    let voice = Voice::bundled();
    eprintln!(
        "savy bench: {} rules from {} shipped packs",
        voice.engine().rules().len(),
        voice.packs.len()
    );
    for corpus in corpora() {
        let mut g = c.benchmark_group(format!("check/{}", corpus.name));
        g.warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        for &(label, size) in SIZES {
            let text = sized(&corpus.base, size);
            if size >= 100 * common::KB {
                // 1 ms to 1 s an iteration: a flat ten samples keeps the run short (criterion
                // says when it needs longer than asked; a slow engine only makes it so).
                g.sampling_mode(SamplingMode::Flat).sample_size(10);
            } else {
                g.sampling_mode(SamplingMode::Auto).sample_size(30);
            }
            g.throughput(Throughput::BytesDecimal(text.len() as u64));
            g.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| {
                b.iter(|| {
                    black_box(voice.check(black_box(text), Some(corpus.lang), Some(corpus.kind)))
                })
            });
        }
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().noise_threshold(0.05);
    targets = bench_bundled, bench_check
}
criterion_main!(benches);
