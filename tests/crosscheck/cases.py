"""Requests for the cross-check tests (tests/crosscheck.rs), judged by the platforms' own code.

    python cases.py slack SECRET COUNT SEED
    python cases.py discord COUNT SEED

Prints one JSON object a line: the request (`body`, and `headers` as they are to be sent, a
header left out when absent) and `accept`, the platform's code's verdict. The server must
answer every request with 401 exactly when `accept` is false: it reads the headers as that
code does, lenient forms included (Python's int() for Slack's timestamp, bytes.fromhex() for
Discord's signature).

Timestamps are at least 40 seconds away from the edge of Slack's five-minute window, so the
seconds between generating and sending cannot change a verdict; the edge itself is pinned by
unit tests.
"""

import hashlib
import hmac
import json
import random
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
    "timestamp-word", "timestamp-plus", "timestamp-underscore", "timestamp-bad-underscore",
    "timestamp-leading-zero", "timestamp-many-zeros", "timestamp-unicode-digits",
    "timestamp-unicode-spaces", "timestamp-inner-space", "timestamp-sign-space",
    "timestamp-float", "timestamp-negative", "timestamp-huge", "signed-other-timestamp",
]

# The digit zero of a few scripts, all in Unicode 14 (Python 3.11): Arabic-Indic, Devanagari,
# Thai, fullwidth, mathematical bold, Adlam.
ZEROS = [0x660, 0x966, 0xE50, 0xFF10, 0x1D7CE, 0x1E950]
# Whitespace that int() strips and HTTP carries as it is (HTTP itself trims spaces and tabs
# at the ends of a header).
SPACES = ["\u00a0", "\u2003", "\u3000", "\u205f", "\u1680"]


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
    elif kind == "timestamp-bad-underscore":
        ts = sign_ts = rng.choice(["_" + ts, ts + "_", ts[:4] + "__" + ts[4:], "+_" + ts])
    elif kind == "timestamp-leading-zero":
        ts = sign_ts = "0" + ts
    elif kind == "timestamp-many-zeros":
        # Python's int() reads at most 4,300 digits, leading zeros included.
        ts = sign_ts = "0" * (4300 - len(ts) + rng.randint(-3, 3)) + ts
    elif kind == "timestamp-unicode-digits":
        zero = rng.choice(ZEROS)
        ts = sign_ts = "".join(chr(zero + int(d)) if rng.random() < 0.8 else d for d in ts)
    elif kind == "timestamp-unicode-spaces":
        pad = lambda: "".join(rng.choice(SPACES + [" "]) for _ in range(rng.randint(1, 3)))
        ts = sign_ts = rng.choice(SPACES) + pad() + ts + pad() + rng.choice(SPACES)
    elif kind == "timestamp-inner-space":
        ts = sign_ts = ts[:3] + rng.choice([" "] + SPACES) + ts[3:]
    elif kind == "timestamp-sign-space":
        ts = sign_ts = rng.choice(["+", "-"]) + rng.choice([" "] + SPACES) + ts
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
        accept = SignatureVerifier(secret).is_valid_request(body, headers)
    except Exception:  # int() of a timestamp that is not a number raises
        accept = False
    return {"kind": kind, "body": body, "headers": headers, "accept": accept}


DISCORD_KINDS = [
    "valid", "valid", "valid", "wrong-key", "tampered-body", "tampered-timestamp",
    "flipped-signature", "upper-case-signature", "short-signature", "long-signature",
    "spaced-signature", "space-in-pair", "unicode-space-signature", "plus-in-signature",
    "not-hex-signature", "missing-signature", "missing-timestamp", "no-headers", "empty-body",
    "signature-of-empty",
]


def spaced(rng, h, spaces):
    """Whitespace between some of the digit pairs of `h`, and around it."""
    pairs = [h[i : i + 2] for i in range(0, len(h), 2)]
    pad = lambda: "".join(rng.choice(spaces) for _ in range(rng.randint(1, 3))) if rng.random() < 0.2 else ""
    return pad() + "".join(p + pad() for p in pairs)


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
        "spaced-signature": lambda: spaced(rng, rng.choice([good, good.upper(), good[:-2], good + "ab"]), " \t"),
        "space-in-pair": lambda: (lambda i: good[:i] + rng.choice(" \t") + good[i:])(rng.randrange(1, 128, 2)),
        "unicode-space-signature": lambda: spaced(rng, good, ["\u00a0", "\u3000", " "]),
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

    accept = verify(headers.get("X-Signature-Ed25519"))
    return {"kind": kind, "body": body, "headers": headers, "accept": accept}


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
