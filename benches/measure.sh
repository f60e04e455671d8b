#!/usr/bin/env bash
# Measures Sävy's performance on this machine and checks it against the targets:
#   (a) engine throughput, single thread, every shipped pack on      target >= 100 MB/s
#   (b) `savy check` of a 1 KB draft, whole process, median          target <= 15 ms
#   (c) peak memory (max RSS) of `savy check`, 1 KB draft and 10 MB  target <= 30 MB
#   (d) cost at 1 KB / 100 KB / 1 MB / 10 MB                         target: linear
#       (PASS when the engine's cost per byte at 100 KB and at 10 MB is within 0.9x-1.1x of
#       that at 1 MB; 1 KB drafts are left out, their cost per byte is lower, cache-resident)
#
# Usage: benches/measure.sh [--quick]
#   --quick   fewer runs (about a minute instead of several)
#   RUNS=N    runs per whole-process measurement of a small input (default 50)
#   MIN_TIME=S  seconds per engine measurement (default 1)
#   HYPERFINE=none, TIME_BIN=none  use the python fallbacks even when the tools are installed
#
# Texts: ../shared/bench/{en-chat,fi-help}-1mb.txt and the ../shared/eval JSONL sets (see
# benches/common/mod.rs); without ../shared a small built-in sample is used and said so.
# Not part of the test suite: run it by hand. Needs cargo and python3 (for timing and
# statistics). Uses, when installed, hyperfine (apt-get install hyperfine, or cargo install
# hyperfine) for (b) and GNU time (apt-get install time) for (c); without them it falls back
# to timing in python (os.wait4, which also gives the max RSS of each child).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-50}
TIME_BIN=${TIME_BIN:-/usr/bin/time}   # GNU time; set to "none" to use the python fallback
HYPERFINE=${HYPERFINE:-hyperfine}    # set to "none" to use the python fallback
MIN_TIME=${MIN_TIME:-1}
if [[ "${1:-}" == "--quick" ]]; then
  RUNS=${RUNS_QUICK:-15}
  MIN_TIME=0.3
fi

command -v python3 >/dev/null || { echo "measure.sh needs python3" >&2; exit 2; }

TARGET_DIR=${CARGO_TARGET_DIR:-target}
echo "== building (release)"
cargo build --release --quiet --bin savy --example throughput
SAVY=$(realpath "$TARGET_DIR/release/savy")
THROUGHPUT=$(realpath "$TARGET_DIR/release/examples/throughput")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$THROUGHPUT" --write "$work/texts" >/dev/null
# Run from an empty folder so that no savy.toml is found: the bundled profile, every pack.
mkdir -p "$work/run"

echo
echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//') x $(nproc)"
echo "rustc: $(rustc --version)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)')"
echo "rules: $(cd "$work/run" && "$SAVY" rules list --color never | tail -1)"
[[ -d ../shared/bench ]] || echo "note: ../shared/bench not found: built-in sample texts, numbers not comparable"

echo
echo "== (a) engine throughput, single thread (examples/throughput.rs)"
"$THROUGHPUT" --min-time "$MIN_TIME" | tee "$work/engine.txt"

# Whole-process timing and max RSS of `savy check`, in python: median/min/max of wall time, and
# the largest ru_maxrss of the runs (os.wait4 gives each child's own rusage).
cat >"$work/proc.py" <<'PY'
import os, statistics, subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
times, rss = [], 0
devnull = os.open(os.devnull, os.O_WRONLY)
for i in range(runs + 2):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=devnull, stderr=devnull)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited with {code}")
    if i >= 2:  # two warm-up runs
        times.append(dt)
        rss = max(rss, ru.ru_maxrss)  # KiB on Linux
print(f"{statistics.median(times)*1e3:.2f} {min(times)*1e3:.2f} {max(times)*1e3:.2f} {rss/1024:.1f}")
PY
proc() { # proc RUNS CMD... -> "median_ms min_ms max_ms maxrss_MiB"
  (cd "$work/run" && python3 "$work/proc.py" "$@")
}

echo
echo "== (b) savy check of a 1 KB draft, whole process (release, bundled profile, output to /dev/null)"
draft_fi="$work/texts/fi-help-1KB.txt"
draft_en="$work/texts/en-chat-1KB.txt"
declare -A median_1kb
for draft in "$draft_fi" "$draft_en"; do
  name=$(basename "$draft")
  if command -v "$HYPERFINE" >/dev/null; then
    (cd "$work/run" && "$HYPERFINE" -N -i --warmup 5 --runs "$RUNS" --style none \
      --export-json "$work/hf.json" "$SAVY check --color never $draft" >/dev/null 2>"$work/hf.err")
    read -r med mn mx < <(python3 -c '
import json,sys; r=json.load(open(sys.argv[1]))["results"][0]
print("%.2f %.2f %.2f" % (r["median"]*1e3, r["min"]*1e3, r["max"]*1e3))' "$work/hf.json")
    tool="hyperfine -N, $RUNS runs"
  else
    read -r med mn mx _ < <(proc "$RUNS" "$SAVY" check --color never "$draft")
    tool="python timing, $RUNS runs; install hyperfine for a second opinion"
  fi
  median_1kb[$name]=$med
  printf '%-18s %6s bytes   median %7s ms   min %7s ms   max %7s ms   (%s)\n' \
    "$name" "$(wc -c <"$draft")" "$med" "$mn" "$mx" "$tool"
done
read -r med mn mx _ < <(proc "$RUNS" "$SAVY" check --color never --lang fi --kind reply "$draft_fi")
printf '%-18s %6s bytes   median %7s ms   min %7s ms   max %7s ms   (--lang fi --kind reply)\n' \
  "fi-help-1KB.txt" "$(wc -c <"$draft_fi")" "$med" "$mn" "$mx"
read -r med mn mx _ < <(proc "$RUNS" "$SAVY" --version)
printf '%-18s %6s         median %7s ms   min %7s ms   max %7s ms   (process floor: no rules compiled)\n' \
  "savy --version" "" "$med" "$mn" "$mx"

echo
echo "== (c) peak memory (max RSS) of savy check"
# GNU time reports the child's own max RSS. The python fallback (os.wait4) is an upper bound:
# a child forked from python starts with python's resident pages counted.
if "$TIME_BIN" -f %M true >/dev/null 2>&1; then
  rss_tool="GNU time"
  rss_mib() {
    (cd "$work/run" && "$TIME_BIN" -f %M -o "$work/time.out" "$SAVY" check --color never "$1" >/dev/null 2>&1) || true
    tail -1 "$work/time.out" | awk '{ printf "%.1f\n", $1 / 1024 }'
  }
else
  rss_tool="python os.wait4, an upper bound (includes the python parent's pages); apt-get install time"
  rss_mib() { local m; read -r _ _ _ m < <(proc 1 "$SAVY" check --color never "$1"); echo "<=$m"; }
fi
declare -A rss
for f in fi-help-1KB en-chat-1KB fi-help-10MB en-chat-10MB; do
  path="$work/texts/$f.txt"
  rss[$f]=$(rss_mib "$path")
  printf '%-14s %10s bytes   max RSS %7s MiB   (%s)\n' "$f" "$(wc -c <"$path")" "${rss[$f]}" "$rss_tool"
done

echo
echo "== (d) cost by size, whole process (savy check, language detected, human output to /dev/null)"
printf '%-8s %6s %10s %6s %11s %9s %11s %9s\n' corpus size bytes runs "median ms" "MB/s" "ms per MB" "RSS MiB"
for c in fi-help en-chat; do
  for s in 1KB 100KB 1MB 10MB; do
    path="$work/texts/$c-$s.txt"
    bytes=$(wc -c <"$path")
    case $s in 1KB|100KB) n=$RUNS ;; 1MB) n=10 ;; 10MB) n=3 ;; esac
    read -r med _ _ _ < <(proc "$n" "$SAVY" check --color never "$path")
    mib=$(rss_mib "$path")
    python3 -c "
b=$bytes; m=$med
print('%-8s %6s %10d %6d %11.2f %9.1f %11.2f %9s' % ('$c','$s',b,$n,m,b/1e6/(m/1e3),m/(b/1e6),'$mib'))"
  done
done
echo "(engine-only cost by size: the ns/byte and 'vs 1MB' columns of (a); 1.00x = same cost per byte as at 1 MB)"

echo
echo "== targets"
python3 - "$work/engine.txt" "${median_1kb[fi-help-1KB.txt]}" "${median_1kb[en-chat-1KB.txt]}" \
  "${rss[fi-help-1KB]}" "${rss[en-chat-1KB]}" "${rss[fi-help-10MB]}" "${rss[en-chat-10MB]}" <<'PY'
import sys
engine, t_fi, t_en, *rss = sys.argv[1:]
rows = [l.split() for l in open(engine) if l.split() and l.split()[1] in ("1KB", "100KB", "1MB", "10MB")]
mbps = {(r[0], r[1]): float(r[-4]) for r in rows}
big = [v for (c, s), v in mbps.items() if s != "1KB"]
ratios = [float(r[-2].rstrip("x")) for r in rows if r[1] in ("100KB", "10MB")]
def line(ok, what): print(f"{'PASS' if ok else 'MISS'}  {what}")
line(min(big) >= 100, f"engine >= 100 MB/s single thread: lowest {min(big):.1f} MB/s at >= 100 KB ("
     + ", ".join(f"{c} {s} {v:.1f}" for (c, s), v in mbps.items() if s == "1MB") + ")")
line(max(float(t_fi), float(t_en)) <= 15, f"savy check 1 KB draft <= 15 ms: fi {t_fi} ms, en {t_en} ms (median)")
rss = [r.lstrip("<=") for r in rss]
line(max(map(float, rss)) <= 30, f"peak memory <= 30 MB: 1 KB {rss[0]}/{rss[1]} MiB, 10 MB {rss[2]}/{rss[3]} MiB (fi/en)")
line(max(ratios) <= 1.10 and min(ratios) >= 0.9,
     f"linear: engine cost per byte at 100 KB and 10 MB is {min(ratios):.2f}x-{max(ratios):.2f}x that at 1 MB")
PY
