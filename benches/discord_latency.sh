#!/usr/bin/env bash
# Measures how fast `savy discord` answers on loopback: from a gateway dispatch reaching the
# bot to its HTTP request reaching the fake Discord of the end-to-end tests, for `/tone` with
# a draft and for a DM. Prints median, p90, p99 and max; target p99 <= 50 ms.
#
# Usage: benches/discord_latency.sh [SAMPLES]   (default 300 of each; needs only cargo)
# Not part of the test suite: run it by hand. Builds in the bench profile (release, LTO).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --bench discord_latency -- "${1:-300}"
