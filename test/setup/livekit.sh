#!/usr/bin/env bash
# Prepares everything the end-to-end tests need from the machine, idempotently:
#  - livekit-server v1.13.5 built with `go install` into a cache directory OUTSIDE the repo (reused when
#    present): ${PARLEY_LIVEKIT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/parley/livekit-v1.13.5}/server
#  - Debian espeak-ng and sox (speech for the fake providers and the test participant).
# Prints the server binary path on stdout (last line).
set -euo pipefail

LIVEKIT_VERSION=v1.13.5
CACHE_DIR=${PARLEY_LIVEKIT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/parley/livekit-${LIVEKIT_VERSION}}
BIN="$CACHE_DIR/server"

missing=()
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v sox >/dev/null 2>&1 || missing+=(sox)
if [ ${#missing[@]} -gt 0 ]; then
  echo "livekit.sh: installing Debian ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x "$BIN" ]; then
  if ! command -v go >/dev/null 2>&1; then
    for candidate in /usr/local/go/bin /usr/lib/go/bin; do
      [ -x "$candidate/go" ] && export PATH="$candidate:$PATH" && break
    done
  fi
  command -v go >/dev/null 2>&1 || {
    echo "livekit.sh: Go is required to build livekit-server ${LIVEKIT_VERSION} (apt-get install golang-go, or https://go.dev/dl)" >&2
    exit 1
  }
  echo "livekit.sh: building livekit-server ${LIVEKIT_VERSION} into $CACHE_DIR (a cold build takes minutes)" >&2
  mkdir -p "$CACHE_DIR"
  tmp=$(mktemp -d "$CACHE_DIR/build.XXXXXX")
  CGO_ENABLED=0 GOBIN="$tmp" go install "github.com/livekit/livekit-server/cmd/server@${LIVEKIT_VERSION}"
  mv "$tmp/server" "$BIN"
  rmdir "$tmp"
fi

echo "$BIN"
