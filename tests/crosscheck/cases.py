"""Requests for the cross-check tests (tests/crosscheck.rs), judged by the platforms' own code.

    python cases.py slack SECRET COUNT SEED
    python cases.py discord COUNT SEED

Prints one JSON object a line: the request (`body`, and `headers` as they are to be sent, a
header left out when absent) and two verdicts: `sdk`, what the platform's code alone says, and
`accept`, what a server should say. The server must answer every request with 401 exactly
when `accept` is false.

The two verdicts differ only where the platform's code is laxer than the protocol, by design
of Savy's server (the Rust test counts these cases and prints them):

* Slack: slack_sdk reads the timestamp with Python's int(), which also takes "+123", "1_000",
  Unicode digits and surrounding spaces. Slack sends whole seconds in ASCII digits; the server
  takes nothing else, so such a timestamp is refused even when the HMAC matches.
* Discord: the signature is hex; bytes.fromhex() also takes spaces between digit pairs. The
  server takes exactly 128 hex digits.

Timestamps are at least 40 seconds away from the edge of Slack's five-minute window, so the
seconds between generating and sending cannot change a verdict; the edge itself is pinned by
unit tests.
"""

import hashlib
import hmac
import json
import random
import re
import sys
import time

WINDOW = 300
MARGIN = 40

DRAFTS = [
    "As per my last email, the refund takes 14 days.",
    "Kuten jo aiemmin totesimme, palautusaika on 14 päivää.",
    "Thank you for your message. The parcel left our warehouse today.",
    "help",
    "",
    "Hei! Kiitos viestistäsi 😊 Tilauksesi on matkalla.",
    "You should have read the terms!!!",
    "Dear Sir or Madam, unfortunately we cannot do that.",
]


def form(fields):
    from urllib.parse import urlencode

    return urlencode(fields)


def slack_body(rng):
    return form(
        [
            ("token", "legacy"),
            ("team_id", "T%05d" % rng.randrange(100000)),
            ("channel_id", "C%05d" % rng.randrange(100000)),
            ("user_id", "U%05d" % rng.randrange(100000)),
            ("command", "/tone"),
            ("text", rng.choice(DRAFTS)),
            ("response_url", "https://hooks.slack.test/commands/%d" % rng.randrange(10**9)),
            ("trigger_id", "%d.%d" % (rng.randrange(10**9), rng.randrange(10**9))),
        ]
    )


def slack_sign(secret, ts, body):
    mac = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256)
    return "v0=" + mac.hexdigest()


def in_window(rng):
    return rng.randint(-(WINDOW - MARGIN), WINDOW - MARGIN)


def outside(rng):
    return rng.choice([1, -1]) * rng.randint(WINDOW + MARGIN, 10**6)


def mutate_text(rng, s):
    """One character changed, inserted or removed; stays valid UTF-8."""
    i = rng.randrange(len(s) + 1)
    op = rng.choice(["insert", "replace", "delete"]) if s else "insert"
    c = rng.choice("aZ0=&%+ ä\u00e9")
    if op == "insert":
        return s[:i] + c + s[i:]
    i = min(i, len(s) - 1)
    if op == "replace":
        return s[:i] + (c if s[i] != c else "x") + s[i + 1 :]
    return s[:i] + s[i + 1 :]


def flip_hex(rng, h, start=0):
    i = rng.randrange(start, len(h))
    return h[:i] + rng.choice([d for d in "0123456789abcdef" if d != h[i].lower()]) + h[i + 1 :]


SLACK_KINDS = [
    "valid", "valid", "valid", "wrong-secret", "stale", "future", "tampered-body",
    "flipped-signature", "upper-case-signature", "short-signature", "long-signature",
    "v1-signature", "empty-signature", "missing-timestamp", "missing-signature", "no-headers",
    "timestamp-word", "timestamp-plus", "timestamp-underscore", "timestamp-leading-zero",
    "timestamp-unicode-digits", "timestamp-inner-space", "timestamp-float", "timestamp-negative",
    "timestamp-huge", "signed-other-timestamp",
]


def slack_case(rng, secret, now):
    from slack_sdk.signature import SignatureVerifier

    kind = rng.choice(SLACK_KINDS)
    body = slack_body(rng)
    ts = str(now + in_window(rng))
    sign_ts, sign_secret, sign_body = ts, secret, body
    signature = None
    if kind == "wrong-secret":
        sign_secret = secret + rng.choice(["x", "!", "0"])
    elif kind in ("stale", "future"):
        off = rng.randint(WINDOW + MARGIN, 10**6)
        ts = sign_ts = str(now - off if kind == "stale" else now + off)
    elif kind == "tampered-body":
        body = mutate_text(rng, body)
    elif kind == "timestamp-word":
        ts = sign_ts = rng.choice(["yesterday", "now", "0x10", "NaN", "1e9"])
    elif kind == "timestamp-plus":
        ts = sign_ts = "+" + ts
    elif kind == "timestamp-underscore":
        ts = sign_ts = ts[:4] + "_" + ts[4:]
    elif kind == "timestamp-leading-zero":
        ts = sign_ts = "0" + ts
    elif kind == "timestamp-unicode-digits":
        ts = sign_ts = ts.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    elif kind == "timestamp-inner-space":
        ts = sign_ts = ts[:3] + " " + ts[3:]
    elif kind == "timestamp-float":
        ts = sign_ts = ts + ".5"
    elif kind == "timestamp-negative":
        ts = sign_ts = "-" + ts
    elif kind == "timestamp-huge":
        ts = sign_ts = "9" * 25
    elif kind == "signed-other-timestamp":
        sign_ts = str(int(ts) + rng.choice([-1, 1]))
    good = slack_sign(sign_secret, sign_ts, sign_body)
    signature = {
        "flipped-signature": lambda: flip_hex(rng, good, 3),
        "upper-case-signature": lambda: "v0=" + good[3:].upper(),
        "short-signature": lambda: good[:-rng.randint(1, 10)],
        "long-signature": lambda: good + rng.choice(["0", "a", " x"]),
        "v1-signature": lambda: "v1=" + good[3:],
        "empty-signature": lambda: rng.choice(["", "v0=", "=", "v0"]),
    }.get(kind, lambda: good)()
    headers = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}
    if kind in ("missing-timestamp", "no-headers"):
        del headers["X-Slack-Request-Timestamp"]
    if kind in ("missing-signature", "no-headers"):
        del headers["X-Slack-Signature"]
    try:
        sdk = SignatureVerifier(secret).is_valid_request(body, headers)
    except Exception:  # int() of a timestamp that is not a number raises
        sdk = False
    sent_ts = headers.get("X-Slack-Request-Timestamp")
    accept = sdk and sent_ts is not None and re.fullmatch(r"[0-9]+", sent_ts, re.ASCII) is not None
    return {"kind": kind, "body": body, "headers": headers, "sdk": sdk, "accept": accept}


DISCORD_KINDS = [
    "valid", "valid", "valid", "wrong-key", "tampered-body", "tampered-timestamp",
    "flipped-signature", "upper-case-signature", "short-signature", "long-signature",
    "spaced-signature", "plus-in-signature", "not-hex-signature", "missing-signature",
    "missing-timestamp", "no-headers", "empty-body", "signature-of-empty",
]


def discord_case(rng, key, other, now):
    from nacl.exceptions import BadSignatureError
    from nacl.signing import VerifyKey

    kind = rng.choice(DISCORD_KINDS)
    body = json.dumps(
        {"id": str(rng.randrange(10**18)), "application_id": "2", "type": 1, "token": "t%d" % rng.randrange(10**6), "version": 1}
    )
    ts = str(now + rng.randint(-10**6, 10**6))
    signer, sign_ts, sign_body = key, ts, body
    if kind == "wrong-key":
        signer = other
    elif kind == "tampered-body":
        body = mutate_text(rng, body)
    elif kind == "tampered-timestamp":
        ts = mutate_text(rng, ts).strip() or "0"
    elif kind == "empty-body":
        body = sign_body = ""
    elif kind == "signature-of-empty":
        sign_body = ""
    good = signer.sign((sign_ts + sign_body).encode()).signature.hex()
    signature = {
        "flipped-signature": lambda: flip_hex(rng, good),
        "upper-case-signature": lambda: good.upper(),
        "short-signature": lambda: good[:-rng.choice([1, 2, 64])],
        "long-signature": lambda: good + rng.choice(["0", "00"]),
        "spaced-signature": lambda: good[:64] + " " + good[64:],
        "plus-in-signature": lambda: "+" + good[1:] if good[0] == "0" else good[:-2] + "+" + good[-1],
        "not-hex-signature": lambda: good[:-1] + rng.choice("gxz-"),
    }.get(kind, lambda: good)()
    headers = {"X-Signature-Ed25519": signature, "X-Signature-Timestamp": ts}
    if kind in ("missing-signature", "no-headers"):
        del headers["X-Signature-Ed25519"]
    if kind in ("missing-timestamp", "no-headers"):
        del headers["X-Signature-Timestamp"]

    public = key.verify_key.encode()

    # Discord's documented check: PyNaCl over timestamp + body, the signature from hex.
    def verify(sig_text):
        if sig_text is None or "X-Signature-Timestamp" not in headers:
            return False
        try:
            VerifyKey(public).verify((headers["X-Signature-Timestamp"] + body).encode(), bytes.fromhex(sig_text))
            return True
        except (BadSignatureError, ValueError):
            return False

    sent = headers.get("X-Signature-Ed25519")
    sdk = verify(sent)
    accept = sdk and re.fullmatch(r"[0-9a-fA-F]{128}", sent) is not None
    return {"kind": kind, "body": body, "headers": headers, "sdk": sdk, "accept": accept}


def main():
    platform = sys.argv[1]
    now = int(time.time())
    if platform == "slack":
        secret, count, seed = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        rng = random.Random(seed)
        for _ in range(count):
            print(json.dumps(slack_case(rng, secret, now), ensure_ascii=False))
    elif platform == "discord":
        from nacl.signing import SigningKey

        count, seed = int(sys.argv[2]), int(sys.argv[3])
        rng = random.Random(seed)
        key = SigningKey(bytes(rng.randrange(256) for _ in range(32)))
        other = SigningKey(bytes(rng.randrange(256) for _ in range(32)))
        print(json.dumps({"public_key": key.verify_key.encode().hex()}))
        for _ in range(count):
            print(json.dumps(discord_case(rng, key, other, now), ensure_ascii=False))
    else:
        sys.exit("usage: cases.py slack SECRET COUNT SEED | discord COUNT SEED")


if __name__ == "__main__":
    main()
