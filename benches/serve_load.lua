-- wrk script for benches/serve_load.sh: POSTs one signed slash command, from the environment.
wrk.method = "POST"
wrk.body = os.getenv("SAVY_LOAD_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Slack-Request-Timestamp"] = os.getenv("SAVY_LOAD_TIMESTAMP")
wrk.headers["X-Slack-Signature"] = os.getenv("SAVY_LOAD_SIGNATURE")

-- Any answer but 200 is an error; wrk counts them, this prints how many at the end.
local errors = 0
function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "requests %d in %.1f s: %.0f requests/s; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; errors: %d non-200, %d connect, %d read, %d write, %d timeout\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, e.status, e.connect, e.read, e.write, e.timeout))
end
