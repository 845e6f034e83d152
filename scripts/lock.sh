#!/usr/bin/env bash
# Regenerate requirements.lock from requirements.txt (run as `make lock`).
#
# requirements.txt is the list people edit: one exact pin per package.
# requirements.lock is generated from it: the same pins, each with the sha256 of
# every file the package index has for that version (every platform's wheels and
# the sdist), so `pip install --require-hashes -r requirements.lock` works on CI's
# Linux and on an editor's macOS or Windows alike, and refuses any file that
# differs from the one locked.
#
# pip-tools runs from a throw-away virtualenv, never from .venv.
#
# `scripts/lock.sh requirements-zensical.in requirements-zensical.txt` (make
# lock-zensical) locks Zensical's own virtualenv the same way.
set -euo pipefail
IN="${1:-requirements.txt}"
OUT="${2:-requirements.lock}"
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
# The index whose files are hashed. Set LOCK_INDEX_URL to use a mirror of it.
INDEX_URL="${LOCK_INDEX_URL:-https://pypi.org/simple}"
# The tools that write the lock, pinned so two runs write the same file.
TOOLS=(pip==26.3 pip-tools==7.6.2)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$PYTHON" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check "${TOOLS[@]}"

# No pip configuration file, find-links or extra index: the lock holds the hashes
# of the index's files only, never those of a wheel folder on this machine.
# --no-reuse-hashes: hash every file again, so a wheel published since the last
# lock (a new Python version's, say) is not left out.
# --strip-extras: "pagefind[bin]" is locked as pagefind plus pagefind-bin, which
# requirements.txt pins too.
env PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= PIP_EXTRA_INDEX_URL= PIP_CONSTRAINT= \
    CUSTOM_COMPILE_COMMAND="${LOCK_COMMAND:-make lock}" \
    "$tmp/venv/bin/pip-compile" --quiet \
    --generate-hashes --no-reuse-hashes \
    --strip-extras \
    --no-emit-index-url --no-emit-find-links \
    --index-url "$INDEX_URL" \
    --cache-dir "$tmp/cache" \
    --output-file "$OUT" \
    "$IN"

echo "Wrote $OUT ($(grep -c -- '--hash=sha256:' "$OUT") hashes). Commit it with $IN."
