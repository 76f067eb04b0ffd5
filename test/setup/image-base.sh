#!/usr/bin/env bash
# Builds the Node LTS base image the Dockerfile is built FROM, locally and idempotently, because no image
# registry is reachable (../shared/container-notes.md): `FROM node:24-bookworm-slim` cannot be pulled.
#  - a minimal Debian bookworm rootfs from `debootstrap --variant=minbase` (Debian's mirror, as apt uses),
#    trimmed (no apt lists/caches, docs, man pages, locales);
#  - the pinned Node binary from test/setup/node.sh's cache (/usr/local/bin/node) and the pinned npm from the
#    npm registry (`npm pack npm@NPM_VERSION`, /usr/local/lib/node_modules/npm; the build stage runs npm ci);
#  - a `node` user and group, uid/gid 1000, as in the official node images (the Dockerfile runs as it).
# The rootfs tarball is cached OUTSIDE the repo, keyed by a hash of this script (so a change here rebuilds it):
#   ${PARLEY_IMAGE_BASE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/parley/image-base-<hash>}/rootfs.tar
# and imported with `podman import` as localhost/parley-node:<node version> when podman lacks that image or
# has it from another key. Installs Debian's podman, buildah, runc, debootstrap and uidmap when missing.
# Needs root (debootstrap; rootless podman is not set up on CI) or sudo.
# Prints the image name on stdout (last line).
set -euo pipefail
cd "$(dirname "$0")/../.."

NODE_VERSION=24.22.3
NPM_VERSION=11.19.1
SUITE=bookworm
MIRROR=${PARLEY_DEBIAN_MIRROR:-http://deb.debian.org/debian}
IMAGE=${PARLEY_NODE_IMAGE:-localhost/parley-node:${NODE_VERSION}}

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v buildah >/dev/null 2>&1 || missing+=(buildah)
command -v runc >/dev/null 2>&1 || [ -x /usr/sbin/runc ] || missing+=(runc)
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
command -v newuidmap >/dev/null 2>&1 || missing+=(uidmap)
if [ ${#missing[@]} -gt 0 ]; then
  echo "image-base.sh: installing Debian ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin:/sbin"

KEY=$(sha256sum "$0" | cut -c1-16)
CACHE_DIR=${PARLEY_IMAGE_BASE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/parley/image-base-${KEY}}
TARBALL="$CACHE_DIR/rootfs.tar"

if [ ! -s "$TARBALL" ]; then
  NODE_BIN=$(bash test/setup/node.sh | tail -n 1)
  echo "image-base.sh: building a Debian ${SUITE} rootfs with Node ${NODE_VERSION} and npm ${NPM_VERSION} into $CACHE_DIR" >&2
  mkdir -p "$CACHE_DIR"
  tmp=$(mktemp -d "$CACHE_DIR/build.XXXXXX")
  trap '$SUDO rm -rf "$tmp"' EXIT
  root="$tmp/rootfs"
  $SUDO debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$tmp/debootstrap.log" 2>&1 || {
    tail -n 30 "$tmp/debootstrap.log" >&2
    exit 1
  }
  # lean: nothing apt downloaded or indexed, no documentation
  $SUDO rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/cache/debconf/*-old \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/log/* \
    "$root"/usr/share/locale/* "$root"/debootstrap
  # Node and npm
  $SUDO install -m 0755 "$NODE_BIN/node" "$root/usr/local/bin/node"
  (cd "$tmp" && npm pack --silent --no-audit --no-fund "npm@${NPM_VERSION}" >/dev/null)
  $SUDO mkdir -p "$root/usr/local/lib/node_modules/npm"
  $SUDO tar -xzf "$tmp/npm-${NPM_VERSION}.tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
  $SUDO ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  $SUDO ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  # the unprivileged user the image runs as
  $SUDO chroot "$root" groupadd --gid 1000 node
  $SUDO chroot "$root" useradd --uid 1000 --gid node --shell /bin/sh --create-home node
  [ "$($SUDO chroot "$root" /usr/local/bin/node -v)" = "v${NODE_VERSION}" ] || {
    echo "image-base.sh: node does not run in the rootfs" >&2 && exit 1
  }
  [ "$($SUDO chroot "$root" /usr/local/bin/npm -v 2>/dev/null)" = "${NPM_VERSION}" ] || {
    echo "image-base.sh: npm does not run in the rootfs" >&2 && exit 1
  }
  $SUDO tar --numeric-owner -C "$root" -cf "$tmp/rootfs.tar" .
  mv "$tmp/rootfs.tar" "$TARBALL"
  $SUDO rm -rf "$tmp"
  trap - EXIT
fi

# import unless podman already has this image from this key
if [ "$(podman image inspect --format '{{index .Config.Labels "parley.base-key"}}' "$IMAGE" 2>/dev/null)" != "$KEY" ]; then
  echo "image-base.sh: importing $TARBALL as $IMAGE" >&2
  podman import \
    --change "LABEL parley.base-key=${KEY}" \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV NODE_VERSION=${NODE_VERSION}" \
    --change 'CMD ["node"]' \
    "$TARBALL" "$IMAGE" >/dev/null
fi

echo "$IMAGE"
