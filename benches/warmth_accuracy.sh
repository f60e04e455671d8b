#!/usr/bin/env bash
# Measures the warmth score the way a user runs it: the rated requests of
# ../shared/eval/en-politeness.jsonl through `savy check --input jsonl --format jsonl --lang en`,
# compared with their labels. Prints the ROC AUC of the warmth score between `polite` and
# `impolite` (the chance that a polite request scores above an impolite one, ties counting
# half) and the accuracy at the median split (a request scoring above the median of both
# groups is called polite). `mid` requests are left out, as in the paper's task.
#
# Usage: benches/warmth_accuracy.sh [PATH.jsonl]   (needs cargo and python3)
set -euo pipefail
cd "$(dirname "$0")/.."
set_path=${1:-../shared/eval/en-politeness.jsonl}
[[ -f "$set_path" ]] || { echo "no labelled set at $set_path" >&2; exit 2; }
cargo build --release --quiet --bin savy
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# Run from an empty folder: the bundled profile. The requests have no document kind.
(cd "$(mktemp -d)" && "$OLDPWD/target/release/savy" check --input jsonl --format jsonl --lang en \
  --fail-level never "$OLDPWD/$set_path") >"$out"
python3 - "$set_path" "$out" <<'PY'
import bisect, json, sys
gold = {}
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    gold[str(o["id"])] = o["label"]
scores = []
for line in open(sys.argv[2], encoding="utf-8"):
    o = json.loads(line)
    label = gold.get(str(o.get("id")))
    if "warmth" in o and label in ("polite", "impolite"):
        scores.append((o["warmth"]["score"], label == "polite"))
polite = [s for s, p in scores if p]
impolite = sorted(s for s, p in scores if not p)
if not polite or not impolite:
    sys.exit("no polite or no impolite requests were scored")
# ROC AUC as the Mann-Whitney U statistic.
wins = 0.0
for s in polite:
    below = bisect.bisect_left(impolite, s)
    ties = bisect.bisect_right(impolite, s) - below
    wins += below + 0.5 * ties
auc = wins / (len(polite) * len(impolite))
ordered = sorted(s for s, _ in scores)
n = len(ordered)
median = (ordered[(n - 1) // 2] + ordered[n // 2]) / 2
correct = sum((s > median) == p for s, p in scores)
print(f"{len(polite)} polite and {len(impolite)} impolite requests from {sys.argv[1]}")
print(f"ROC AUC of the warmth score: {auc:.3f}")
print(f"accuracy at the median split (above {median:g} is polite): {correct / n:.3f}")
PY
