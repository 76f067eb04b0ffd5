#!/usr/bin/env bash
# `npm run test:image`: builds the container image and runs it as in production (test/image/*.test.ts).
#  1. the Node LTS base image, made locally (no registry is reachable): test/setup/image-base.sh, cached
#     under ~/.cache/parley;
#  2. the Dockerfile, built daemonless with podman (Debian's podman 4.3 / buildah 1.28) FROM that base:
#       podman build --isolation chroot --pull=never --format docker \
#         -v /etc/ssl/certs:/etc/ssl/certs:ro --build-arg NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
#         --build-arg NODE_IMAGE=localhost/parley-node:24.22.3 -t localhost/parley:test .
#     (chroot isolation needs no OCI runtime; --format docker keeps the HEALTHCHECK; the host's CA bundle
#     lets npm ci inside the build reach the registry through this machine's TLS proxy);
#  3. vitest on test/image/ (podman run --runtime runc --ulimit … --network host, see test/image/container.ts).
# Each step's time and the image size are printed. PARLEY_IMAGE overrides the tag; PARLEY_IMAGE_SKIP_BUILD=1
# reuses an image already built.
set -euo pipefail
cd "$(dirname "$0")/../.."
IMAGE=${PARLEY_IMAGE:-localhost/parley:test}
export PARLEY_IMAGE="$IMAGE"

t0=$(date +%s)
BASE=$(bash test/setup/image-base.sh | tail -n 1)
t1=$(date +%s)
echo "image.sh: base $BASE ready in $((t1 - t0)) s" >&2

if [ "${PARLEY_IMAGE_SKIP_BUILD:-}" != 1 ]; then
  ca=()
  if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    ca=(-v /etc/ssl/certs:/etc/ssl/certs:ro --build-arg NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt)
  fi
  mkdir -p test-artifacts/image
  if ! podman build --isolation chroot --pull=never --format docker "${ca[@]}" \
    --build-arg NODE_IMAGE="$BASE" -t "$IMAGE" . >test-artifacts/image/build.log 2>&1; then
    tail -n 40 test-artifacts/image/build.log >&2
    echo "image.sh: podman build failed (log: test-artifacts/image/build.log)" >&2
    exit 1
  fi
fi
t2=$(date +%s)
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
echo "image.sh: image $IMAGE built in $((t2 - t1)) s, $((size / 1000000)) MB" >&2

npx vitest run --dir test/image --no-file-parallelism --testTimeout 120000 --hookTimeout 180000 \
  --reporter=default --reporter=json --outputFile.json=test-artifacts/results/image.json
t3=$(date +%s)
echo "image.sh: image tests in $((t3 - t2)) s (total $((t3 - t0)) s)" >&2
