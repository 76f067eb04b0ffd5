# syntax=docker/dockerfile:1
# Parley: one image for the voice worker (default) and the store. Built and run by `npm run test:image`
# (test/setup/image.sh) with podman; the same commands work with docker (see the README's Docker section).
#   docker build -t parley .
#   docker run --env-file worker.env parley                      # parley worker start
#   docker run --env-file store.env -p 8787:8787 \
#     -e PARLEY_HEALTHCHECK_URL=http://127.0.0.1:8787/healthz parley store --host 0.0.0.0 --data /data
# Without a registry, build FROM a local base: --build-arg NODE_IMAGE=localhost/parley-node:24.22.3
# (test/setup/image-base.sh). Behind a TLS-intercepting proxy, mount the host's CA bundle for npm ci:
#   -v /etc/ssl/certs:/etc/ssl/certs:ro --build-arg NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
# only for the npm ci step (empty by default); a build argument, not kept in the final image
ARG NODE_EXTRA_CA_CERTS=
WORKDIR /app
# onnxruntime-node (a dev dependency only: the Silero plugin the VAD benchmark compares against) would download
# CUDA files at install time; the prune below removes it with the other dev dependencies
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund --no-update-notifier
COPY tsconfig.json ./
COPY src ./src
# only src is in the build context's copy, so tsc compiles no tests; no source maps in the image.
# After the prune, what the runtime never loads goes too (about 110 MB): typescript (a production dependency
# only through @livekit/throws-transformer's compile-time plugin; agents imports just its runtime-empty
# `throws` module), the dependencies' declaration files and source maps, and test files shipped in packages.
RUN npx tsc -p tsconfig.json --sourceMap false \
  && node dist/src/store/web/build.js \
  && npm prune --omit=dev --no-audit --no-fund --no-update-notifier \
  && rm -rf node_modules/typescript node_modules/.bin/tsc node_modules/.bin/tsserver \
  && find node_modules -type f \( -name '*.d.ts' -o -name '*.d.cts' -o -name '*.d.mts' -o -name '*.map' \
       -o -name '*.test.js' -o -name '*.test.cjs' -o -name '*.test.mjs' \) -delete \
  && rm -rf /root/.npm

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    ONNXRUNTIME_NODE_INSTALL=skip \
    PARLEY_WORK_DIR=/data/worker \
    PARLEY_METRICS_PORT=9464 \
    PARLEY_HEALTH_PORT=8081 \
    PARLEY_HEALTHCHECK_URL=http://127.0.0.1:9464/healthz
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
# the join and observer pages (esbuild bundles of livekit-client and the page scripts)
COPY --from=build /app/dist/web ./dist/web
# the store applies its SQL migrations at startup; they are found under the package root
COPY --from=build /app/src/store/db/migrations ./src/store/db/migrations
COPY blueprints ./blueprints
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# 8081: LiveKit agents health (GET /), 9464: Parley /metrics and /healthz, 8787: parley store
EXPOSE 8081 9464 8787
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.PARLEY_HEALTHCHECK_URL).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains the worker: running interviews finish before it exits (PARLEY_DRAIN_TIMEOUT_S)
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["worker", "start"]
