# syntax=docker/dockerfile:1
# Parley: one image for the voice worker (default) and the store.
#   docker build -t parley .
#   docker run --env-file worker.env parley                      # parley worker start
#   docker run --env-file store.env -p 8787:8787 \
#     -e PARLEY_HEALTHCHECK_URL=http://127.0.0.1:8787/healthz parley store --host 0.0.0.0 --data /data
# (Not built in CI: no Docker engine there.)

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# onnxruntime-node (Silero VAD) would download CUDA files at install time; its CPU binaries ship in the package
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc -p tsconfig.json \
  && node dist/src/store/web/build.js \
  && npm prune --omit=dev --no-audit --no-fund

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
COPY src/store/db/migrations ./src/store/db/migrations
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
