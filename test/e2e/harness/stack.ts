import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startFakeDeepgram,
  type FakeDeepgramOptions,
  type FakeDeepgramServer,
} from '../../fakes/deepgram-server.js';
import {
  startFakeVoiceOpenAI,
  type FakeVoiceOpenAIOptions,
  type FakeVoiceOpenAIServer,
} from '../../fakes/tts-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver.js';
import { sseReader } from '../../store/sse.js';
import { ARTIFACTS, REPO_ROOT, startLiveKit, type LiveKitServer } from './livekit.js';
import { freePort } from './net.js';
import { ChildProc } from './process.js';

/**
 * The whole voice stack as real processes: livekit-server, `parley store` (temporary PGlite) and
 * `parley worker start` (compiled CLI in dist/: run `npm run build` first), plus the provider fakes on
 * 127.0.0.1 (Deepgram WebSocket, OpenAI speech/chat) and a webhook receiver.
 */
export const AGENT_SECRET = 'e2e-agent-secret-0123456789abcdef';
export const API_KEY = 'pk_test_E2eBootstrapKey0123456789';
export const WEBHOOK_SECRET = 'whsec_ZTJlLXdlYmhvb2stc2VjcmV0LTAxMjM0NTY3';
const CLI = join(REPO_ROOT, 'dist/src/cli/main.js');

export interface Stack {
  lk: LiveKitServer;
  dg: FakeDeepgramServer;
  oa: FakeVoiceOpenAIServer;
  hooks: WebhookReceiver;
  store: ChildProc;
  storeUrl: string;
  storePort: number;
  storeDataDir: string;
  worker: ChildProc;
  workerEnv: NodeJS.ProcessEnv;
  metricsUrl: string;
  api<T = any>(
    method: string,
    path: string,
    body?: unknown,
    raw?: { text: string; type: string },
  ): Promise<{ status: number; body: T }>;
  startStore(): Promise<void>;
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(opts: {
  name: string;
  storePort?: number;
  workerEnv?: Record<string, string>;
  storeEnv?: Record<string, string>;
  /** Options of the provider fakes (the benchmarks inject fixed delays). */
  deepgram?: FakeDeepgramOptions;
  openai?: FakeVoiceOpenAIOptions;
  /** Extra node arguments for the worker process (e.g. `--cpu-prof`). */
  workerNodeArgs?: string[];
  /** Where process logs go (default test-artifacts/e2e/<name>). */
  logDir?: string;
  /** Starts the worker some other way (test/image: `podman run … worker start`); default the compiled CLI. */
  spawnWorker?: (env: NodeJS.ProcessEnv, logDir: string) => ChildProc;
}): Promise<Stack> {
  const logDir = opts.logDir ?? join(ARTIFACTS, opts.name);
  const lk = await startLiveKit({ logDir });
  const dg = await startFakeDeepgram(opts.deepgram);
  const oa = await startFakeVoiceOpenAI(opts.openai);
  const hooks = await startWebhookReceiver({ secret: WEBHOOK_SECRET });
  const storePort = opts.storePort ?? (await freePort());
  const storeDataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-store-'));
  const workDir = mkdtempSync(join(tmpdir(), 'parley-e2e-worker-'));
  const metricsPort = await freePort();
  const healthPort = await freePort();
  const storeUrl = `http://127.0.0.1:${storePort}`;
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    ONNXRUNTIME_NODE_INSTALL: 'skip',
    LIVEKIT_URL: lk.url,
    LIVEKIT_API_KEY: lk.apiKey,
    LIVEKIT_API_SECRET: lk.apiSecret,
    PARLEY_AGENT_SECRET: AGENT_SECRET,
  };
  const storeEnv: NodeJS.ProcessEnv = {
    ...baseEnv,
    PARLEY_BOOTSTRAP_KEY: API_KEY,
    PARLEY_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PARLEY_WEBHOOK_ALLOW_PRIVATE: '1',
    PARLEY_LOG_LEVEL: 'info',
    ...opts.storeEnv,
  };
  const workerEnv: NodeJS.ProcessEnv = {
    ...baseEnv,
    PARLEY_STORE_URL: storeUrl,
    DEEPGRAM_API_KEY: 'dg-e2e',
    DEEPGRAM_BASE_URL: dg.url,
    OPENAI_API_KEY: 'sk-e2e',
    OPENAI_BASE_URL: oa.baseURL,
    PARLEY_CONDUCTOR_MODE: 'offline',
    PARLEY_WORK_DIR: workDir,
    PARLEY_METRICS_PORT: String(metricsPort),
    PARLEY_METRICS_HOST: '127.0.0.1',
    PARLEY_HEALTH_PORT: String(healthPort),
    PARLEY_MAX_JOBS: '4',
    PARLEY_NUM_IDLE_PROCESSES: '1',
    PARLEY_IDLE_TIMEOUT_S: '25',
    PARLEY_DRAIN_TIMEOUT_S: '10',
    LOG_LEVEL: 'info',
    ...opts.workerEnv,
  };

  const stack: Stack = {
    lk,
    dg,
    oa,
    hooks,
    store: null as unknown as ChildProc,
    storeUrl,
    storePort,
    storeDataDir,
    worker: null as unknown as ChildProc,
    workerEnv,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    async api(method, path, body, raw) {
      const headers: Record<string, string> = { authorization: `Bearer ${API_KEY}` };
      let payload: string | undefined;
      if (raw !== undefined) {
        payload = raw.text;
        headers['content-type'] = raw.type;
      } else if (body !== undefined) {
        payload = JSON.stringify(body);
        headers['content-type'] = 'application/json';
      }
      const res = await fetch(storeUrl + path, {
        method,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text === '' ? null : JSON.parse(text) };
    },
    async startStore() {
      stack.store = new ChildProc(
        'store',
        process.execPath,
        [CLI, 'store', '--port', String(storePort), '--host', '127.0.0.1', '--data', storeDataDir],
        { logDir, env: storeEnv, cwd: REPO_ROOT },
      );
      await stack.store.waitForLine(/listening on/, 60_000, { fromNow: true });
    },
    async startWorker() {
      const args = [...(opts.workerNodeArgs ?? []), CLI, 'worker', 'start'];
      stack.worker =
        opts.spawnWorker?.(workerEnv, logDir) ??
        new ChildProc('worker', process.execPath, args, {
          logDir,
          env: workerEnv,
          cwd: REPO_ROOT,
        });
      await stack.worker.waitForLine(/registered worker/, 60_000, { fromNow: true });
    },
    async stop() {
      await stack.worker?.stop('SIGTERM', 15_000);
      await stack.store?.stop('SIGTERM', 10_000);
      await lk.stop();
      await dg.close();
      await oa.close();
      await hooks.close();
    },
  };
  await stack.startStore();
  await stack.startWorker();
  return stack;
}

export function fixture(name: string): string {
  return readFileSync(join(REPO_ROOT, 'test/fixtures/e2e', name), 'utf8');
}

/**
 * Publish an e2e blueprint (default: voice-short.yaml, id e2e-voice) once and create a run; returns the run
 * (with join_token, room, dial_in_pin).
 */
export async function createRun(
  stack: Stack,
  extra: Record<string, unknown> = {},
  blueprint: { id: string; file: string } = { id: 'e2e-voice', file: 'voice-short.yaml' },
): Promise<any> {
  let bp = await stack.api('GET', `/v1/blueprints/${blueprint.id}`);
  if (bp.status !== 200) {
    const created = await stack.api('POST', '/v1/blueprints', undefined, {
      text: fixture(blueprint.file),
      type: 'application/yaml',
    });
    if (created.status !== 201)
      throw new Error(`blueprint: ${created.status} ${JSON.stringify(created.body)}`);
    const pub = await stack.api('POST', `/v1/blueprints/${created.body.id}/publish`);
    if (pub.status !== 200) throw new Error(`publish: ${pub.status} ${JSON.stringify(pub.body)}`);
    bp = created;
  }
  const run = await stack.api('POST', '/v1/interview-runs', {
    blueprint_id: bp.body.id,
    participant: { name: 'Dana' },
    notifications: [{ endpoint: `${stack.hooks.url}/hooks` }],
    ...extra,
  });
  if (run.status !== 201) throw new Error(`run: ${run.status} ${JSON.stringify(run.body)}`);
  return run.body;
}

/** Re-evaluate `check` until it holds (HTTP state that has no push channel); bounded. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== null && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function jsonOrText(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** Collects the run's live SSE events (`GET /v1/interview-runs/:id/live`). */
export function watchLive(
  stack: Stack,
  runId: string,
): { events: Array<{ type: string; data: any }>; close(): void } {
  const events: Array<{ type: string; data: any }> = [];
  const ctrl = new AbortController();
  void (async () => {
    try {
      const res = await fetch(`${stack.storeUrl}/v1/interview-runs/${runId}/live`, {
        headers: { authorization: `Bearer ${API_KEY}`, accept: 'text/event-stream' },
        signal: ctrl.signal,
      });
      const reader = sseReader(res.body!, jsonOrText);
      for (let e = await reader.next(); e; e = await reader.next()) {
        events.push({ type: e.event ?? 'message', data: e.data });
      }
    } catch {
      // closed
    }
  })();
  return { events, close: () => ctrl.abort() };
}
