#!/usr/bin/env bash
# Measures register detection the way a user runs it: the labelled sentences of
# ../shared/eval/fi-register.jsonl through `savy check --input jsonl --format jsonl --lang fi`,
# scored against their labels (informal: any 2nd person singular form; formal: else any 2nd
# person plural form; neutral: neither). A draft whose sentences mix registers counts as
# informal, as the labels do. Prints precision, recall and F1 of informal and of formal, and the
# share of neutral sentences called anything else.
#
# Usage: benches/register_accuracy.sh [PATH.jsonl]   (needs cargo and python3)
set -euo pipefail
cd "$(dirname "$0")/.."
set_path=${1:-../shared/eval/fi-register.jsonl}
[[ -f "$set_path" ]] || { echo "no labelled set at $set_path" >&2; exit 2; }
cargo build --release --quiet --bin savy
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# Run from an empty folder: the bundled profile, no house register.
(cd "$(mktemp -d)" && "$OLDPWD/target/release/savy" check --input jsonl --format jsonl --lang fi \
  --fail-level never "$OLDPWD/$set_path") >"$out"
python3 - "$set_path" "$out" <<'PY'
import json, sys
gold = {}
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    gold[str(o["id"])] = o["register"]
confusion = {}
for line in open(sys.argv[2], encoding="utf-8"):
    o = json.loads(line)
    if "register" not in o:
        continue
    predicted = o["register"]["document"]
    if predicted == "mixed":
        predicted = "informal"
    key = (gold[str(o["id"])], predicted)
    confusion[key] = confusion.get(key, 0) + 1
print(f"{sum(confusion.values())} sentences from {sys.argv[1]}")
for label in ("informal", "formal"):
    tp = confusion.get((label, label), 0)
    predicted = sum(v for (g, p), v in confusion.items() if p == label)
    actual = sum(v for (g, p), v in confusion.items() if g == label)
    precision = tp / predicted if predicted else 0.0
    recall = tp / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{label:<8}  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  ({tp} of {actual}, {predicted} predicted)")
neutral = sum(v for (g, p), v in confusion.items() if g == "neutral")
alarms = neutral - confusion.get(("neutral", "neutral"), 0)
print(f"neutral   false alarms {100 * alarms / max(neutral, 1):.2f}% ({alarms} of {neutral})")
PY
