#!/usr/bin/env bash
# Creates the virtual environment the cross-check tests run Python in, with Slack's SDK and
# PyNaCl from PyPI (tests/crosscheck/requirements.txt), unless it is already there.
# Usage: setup.sh VENV_DIR
set -euo pipefail
venv="${1:?usage: setup.sh VENV_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
stamp="$venv/.requirements"
if [ -x "$venv/bin/python" ] && cmp -s "$here/requirements.txt" "$stamp" \
    && "$venv/bin/python" -c 'import slack_sdk.signature, nacl.signing' 2>/dev/null; then
    exit 0
fi
python3 -m venv "$venv"
# Few retries and a short timeout: without a network this fails in seconds, not minutes.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --retries 1 --timeout 15 \
    -r "$here/requirements.txt"
cp "$here/requirements.txt" "$stamp"
