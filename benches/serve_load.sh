#!/usr/bin/env bash
# Load on `savy serve`'s `/tone` slash command: a release build on loopback, requests signed
# as Slack signs them, driven by wrk (Debian/Ubuntu: `apt-get install wrk`). Prints requests/s,
# latency percentiles and errors. Target on a 2-core machine: >= 5,000 requests/s with
# p99 <= 10 ms and no errors.
#
# Usage: benches/serve_load.sh [SECONDS] [CONNECTIONS] [THREADS]   (default 20 32 1)
# Not part of the test suite: run it by hand. One signature serves the whole run, so keep it
# well under Slack's five-minute window.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
connections="${2:-32}"
threads="${3:-1}"
if [ "$seconds" -ge 280 ]; then
    echo "serve_load.sh: runs must stay inside Slack's five-minute signature window" >&2
    exit 2
fi
command -v wrk >/dev/null || { echo "serve_load.sh: wrk is needed (apt-get install wrk)" >&2; exit 2; }

cargo build --release --quiet
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

# A throwaway secret: the server and this script share it, nothing else sees it.
secret="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
SLACK_SIGNING_SECRET="$secret" target/release/savy serve --listen 127.0.0.1:0 \
    2>"$work/server.log" &
server=$!
for _ in $(seq 100); do
    address="$(sed -n 's/.*listening on http:\/\/\([^ ]*\).*/\1/p' "$work/server.log")"
    [ -n "$address" ] && break
    sleep 0.1
done
[ -n "${address:-}" ] || { cat "$work/server.log" >&2; exit 1; }

# A support reply the rules have things to say about, as Slack sends a slash command.
draft="Hei, kuten jo aiemmin totesimme, palautusaika on 14 päivää. Ota yhteyttä jos on kysyttävää!!!"
text="$(printf '%s' "$draft" | od -An -v -tx1 | tr -d ' \n' | sed 's/../%&/g')"
body="token=legacy&team_id=T0001&team_domain=example&channel_id=C0001&channel_name=support&user_id=U0001&user_name=agent&command=%2Ftone&text=${text}&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT0001%2F1%2Fx&trigger_id=1.2.3"
timestamp="$(date +%s)"
signature="v0=$(printf 'v0:%s:%s' "$timestamp" "$body" | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)"

# One signed request first: the run measures answers, not refusals.
status="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://$address/slack/commands" \
    -H 'Content-Type: application/x-www-form-urlencoded' \
    -H "X-Slack-Request-Timestamp: $timestamp" -H "X-Slack-Signature: $signature" \
    --data-binary "$body" 2>/dev/null || echo "none")"
[ "$status" = 200 ] || { echo "serve_load.sh: a signed command got $status" >&2; exit 1; }

echo "savy serve /slack/commands on $address: ${seconds} s, $connections connections, $threads wrk threads, $(nproc) cores"
SAVY_LOAD_BODY="$body" SAVY_LOAD_TIMESTAMP="$timestamp" SAVY_LOAD_SIGNATURE="$signature" \
    wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s benches/serve_load.lua \
    "http://$address/slack/commands" | tail -n 1
refused="$(grep -c 'refused' "$work/server.log" || true)"
echo "server: $refused requests refused"
