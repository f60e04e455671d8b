#!/usr/bin/env bash
# Measures the warmth score the way a user runs it: the rated requests of
# ../shared/eval/en-politeness.jsonl through `savy check --input jsonl --format jsonl --lang en`,
# compared with their labels. Prints the ROC AUC of the warmth score between `polite` and
# `impolite` (the chance that a polite request scores above an impolite one, ties counting
# half) and the accuracy at the median split (a request scoring above the median of both
# groups is called polite). `mid` requests are left out, as in the paper's task. Also prints
# both numbers on each half of the set (split by a hash of the id), so that weights tuned on one
# half can be checked on the other.
#
# Usage: benches/warmth_accuracy.sh [PATH.jsonl]   (needs cargo and python3)
#        SAVY=target/debug/savy benches/warmth_accuracy.sh   (a binary already built: no build)
set -euo pipefail
cd "$(dirname "$0")/.."
set_path=${1:-../shared/eval/en-politeness.jsonl}
[[ -f "$set_path" ]] || { echo "no labelled set at $set_path" >&2; exit 2; }
savy=${SAVY:-target/release/savy}
[[ -n "${SAVY:-}" ]] || cargo build --release --quiet --bin savy
[[ "$savy" = /* ]] || savy="$PWD/$savy"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# Run from an empty folder: the bundled profile. The requests have no document kind.
(cd "$(mktemp -d)" && "$savy" check --input jsonl --format jsonl --lang en \
  --fail-level never "$OLDPWD/$set_path") >"$out"
python3 - "$set_path" "$out" <<'PY'
import bisect, hashlib, json, sys
gold = {}
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    gold[str(o["id"])] = o["label"]
scores = []
for line in open(sys.argv[2], encoding="utf-8"):
    o = json.loads(line)
    label = gold.get(str(o.get("id")))
    if "warmth" in o and label in ("polite", "impolite"):
        half = "a" if hashlib.md5(str(o.get("id")).encode()).digest()[0] % 2 == 0 else "b"
        scores.append((o["warmth"]["score"], label == "polite", half))


def measure(scores):
    """ROC AUC (the Mann-Whitney U statistic), accuracy at the median split, and the median."""
    polite = [s for s, p, _ in scores if p]
    impolite = sorted(s for s, p, _ in scores if not p)
    if not polite or not impolite:
        sys.exit("no polite or no impolite requests were scored")
    wins = 0.0
    for s in polite:
        below = bisect.bisect_left(impolite, s)
        ties = bisect.bisect_right(impolite, s) - below
        wins += below + 0.5 * ties
    ordered = sorted(s for s, _, _ in scores)
    n = len(ordered)
    median = (ordered[(n - 1) // 2] + ordered[n // 2]) / 2
    correct = sum((s > median) == p for s, p, _ in scores)
    return wins / (len(polite) * len(impolite)), correct / n, median


auc, accuracy, median = measure(scores)
polite = sum(p for _, p, _ in scores)
print(f"{polite} polite and {len(scores) - polite} impolite requests from {sys.argv[1]}")
print(f"ROC AUC of the warmth score: {auc:.3f}")
print(f"accuracy at the median split (above {median:g} is polite): {accuracy:.3f}")
for half in ("a", "b"):
    part = [x for x in scores if x[2] == half]
    auc, accuracy, _ = measure(part)
    print(f"half {half} ({len(part)} requests): ROC AUC {auc:.3f}, accuracy {accuracy:.3f}")
PY
