#!/usr/bin/env bash
# The contract fuzzing stage: schemathesis fuzzes every operation of the served OpenAPI document against a
# real `parley store` (a fresh PGlite directory, the rate limit raised), in two passes:
#   - customer: /v1 with an admin API key;
#   - internal: /internal with the agent secret.
# Every check runs (`--checks all`, plus test/fuzz/hooks.py's documented_rejection); the few rejections
# OpenAPI cannot state are listed, with their reasons, in test/fuzz/schemathesis.toml and the README.
# Needs dist/ (run after the build). Exits non-zero on any failure. Each run draws a new seed (printed in
# the output; `st replay <id>` / `--seed` reproduce a failure).
#
# schemathesis ${SCHEMATHESIS_VERSION} is installed from PyPI into a virtualenv OUTSIDE the repo (reused when
# present): ${PARLEY_SCHEMATHESIS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/parley/schemathesis-venv}
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5
VENV=${PARLEY_SCHEMATHESIS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/parley/schemathesis-venv}
ST="$VENV/bin/schemathesis"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${PARLEY_FUZZ_PORT:-18787}
MAX_EXAMPLES=${PARLEY_FUZZ_MAX_EXAMPLES:-10}

# Debian packages this stage needs: curl (readiness and the spare key), python3 with venv (schemathesis)
NEED=()
command -v curl >/dev/null 2>&1 || NEED+=(curl)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || NEED+=(python3-venv)
if [ ${#NEED[@]} -gt 0 ]; then
  echo "fuzz.sh: installing Debian ${NEED[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${NEED[@]}" >/dev/null
fi

if ! "$ST" --version 2>/dev/null | grep -q "version ${SCHEMATHESIS_VERSION}$"; then
  echo "fuzz.sh: installing schemathesis ${SCHEMATHESIS_VERSION} into $VENV" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==${SCHEMATHESIS_VERSION}"
fi

DATA=$(mktemp -d "${TMPDIR:-/tmp}/parley-fuzz.XXXXXX")
STORE_PID=""
cleanup() {
  if [ -n "$STORE_PID" ]; then
    kill "$STORE_PID" 2>/dev/null || true
    wait "$STORE_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT

token() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
KEY="pk_test_$(token)"
SECRET="fuzz-agent-$(token)"
BASE="http://127.0.0.1:${PORT}"

cd "$ROOT"
PARLEY_AGENT_SECRET="$SECRET" PARLEY_BOOTSTRAP_KEY="$KEY" PARLEY_RATE_LIMIT_PER_MIN=1000000 \
  PARLEY_LOG_LEVEL=error node dist/src/cli/main.js store --port "$PORT" --data "$DATA" >"$DATA/store.log" 2>&1 &
STORE_PID=$!

# readiness: poll /readyz until it answers 200 (or the store exits)
until curl -sf --max-time 2 "$BASE/readyz" >/dev/null 2>&1; do
  if ! kill -0 "$STORE_PID" 2>/dev/null; then
    echo "fuzz.sh: the store exited before it was ready" >&2
    cat "$DATA/store.log" >&2
    exit 1
  fi
  sleep 0.1
done

# DELETE /v1/api-keys/{id} runs with a spare key of its own: revoking it cannot lock the pass out.
SPARE=$(curl -sf -X POST "$BASE/v1/api-keys" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"name":"fuzz spare","scopes":["admin"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
export PARLEY_FUZZ_SPARE_KEY="$SPARE"

# hypothesis keeps its files with the store's, not in the repo
export HYPOTHESIS_STORAGE_DIRECTORY="$DATA/hypothesis"

run_pass() {
  local name=$1
  shift
  echo "fuzz.sh: $name pass" >&2
  (cd test/fuzz && "$ST" --config-file schemathesis.toml run "$BASE/v1/openapi.json" \
    --checks all --max-examples "$MAX_EXAMPLES" --workers 1 --generation-database none --no-color "$@") |
    # schemathesis closes with a pytest-style rule ("=== 1 warning in 34.80s ===") that log readers take
    # for a pytest run that executed no test: print it as a plain line of this stage instead
    sed -u -E 's/^=+ (.*[^ =]) =+$/fuzz.sh: schemathesis \1/'
}

status=0
run_pass customer -H "Authorization: Bearer $KEY" --exclude-path-regex '^/internal/' || status=1
run_pass internal -H "X-Agent-Secret: $SECRET" --include-path-regex '^/internal/' || status=1
if [ "$status" -ne 0 ]; then
  echo "fuzz.sh: failures (store log: last lines)" >&2
  tail -n 40 "$DATA/store.log" >&2
fi
exit "$status"
