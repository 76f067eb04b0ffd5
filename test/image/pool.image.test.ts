import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { conversation } from '../e2e/harness/conversation.js';
import { ARTIFACTS, startLiveKit, type LiveKitServer } from '../e2e/harness/livekit.js';
import { freePort } from '../e2e/harness/net.js';
import { TestParticipant } from '../e2e/harness/participant.js';
import { eventually, fixture } from '../e2e/harness/stack.js';
import { startFakeDeepgram, type FakeDeepgramServer } from '../fakes/deepgram-server.js';
import { startFakeVoiceOpenAI, type FakeVoiceOpenAIServer } from '../fakes/tts-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js';
import { generateSecret } from '../../src/store/webhooks/signing.js';
import { callStore, ensureBuilt } from '../store/process.js';
import { sseReader, type SseEvent } from '../store/sse.js';
import { IMAGE, removeContainer, startContainer, type Container } from './container.js';

/**
 * The deployment the README describes, from the image: TWO `parley store` containers on ONE PostgreSQL
 * database and TWO `parley worker start` containers against one livekit-server (each worker talks to its own
 * store). Four voice interviews, two at a time; each worker holds one interview (PARLEY_MAX_JOBS=1), so
 * LiveKit must hand the second interview of a pair to the other worker. Every interview completes once,
 * every run gets exactly one completion webhook although both stores run a dispatcher, and the live events
 * of a run reach subscribers on BOTH stores (the other store learns of them through PostgreSQL NOTIFY).
 */
const PG = process.env.PARLEY_TEST_DATABASE_URL;
const BOOTSTRAP = 'pk_live_PoolBootstrapKey0123456789abcdef';
const AGENT_SECRET = 'pool-agent-secret-0123456789abcdef';
const WEBHOOK_SECRET = generateSecret();
const JOIN_SECRET = 'pool-join-secret-0123456789abcdef0123';
const SECRETS_KEY = 'pool-secrets-key-0123456789abcdef0123';
const LOG_DIR = join(ARTIFACTS, '..', 'image', 'pool');

interface StoreBox {
  c: Container;
  url: string;
}
interface WorkerBox {
  c: Container;
  metricsUrl: string;
}

let lk: LiveKitServer;
let dg: FakeDeepgramServer;
let oa: FakeVoiceOpenAIServer;
let hooks: WebhookReceiver;
let admin: pg.Client;
/** The pool's own database (fresh for this test). */
let db: pg.Client;
let dbName: string;
const stores: StoreBox[] = [];
const workers: WorkerBox[] = [];

const { answer, hear } = conversation(() => ({ dg }));

function databaseUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function startStoreBox(dbUrl: string): Promise<StoreBox> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const c = startContainer(
    'pool-store',
    {
      DATABASE_URL: dbUrl,
      // both stores start at once on the empty database: the key is installed once (advisory lock)
      PARLEY_BOOTSTRAP_KEY: BOOTSTRAP,
      PARLEY_AGENT_SECRET: AGENT_SECRET,
      PARLEY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      // the secrets every store of a pool shares (README › A pool you can scale)
      PARLEY_JOIN_SECRET: JOIN_SECRET,
      PARLEY_SECRETS_KEY: SECRETS_KEY,
      PARLEY_WEBHOOK_ALLOW_PRIVATE: '1',
      PARLEY_PUBLIC_URL: url,
      LIVEKIT_URL: lk.url,
      LIVEKIT_API_KEY: lk.apiKey,
      LIVEKIT_API_SECRET: lk.apiSecret,
      PARLEY_LOG_LEVEL: 'info',
      PARLEY_HEALTHCHECK_URL: `${url}/healthz`,
    },
    ['store', '--host', '127.0.0.1', '--port', String(port)],
  );
  return { c, url };
}

async function startWorkerBox(storeUrl: string): Promise<WorkerBox> {
  const metricsPort = await freePort();
  const healthPort = await freePort();
  const c = startContainer(
    'pool-worker',
    {
      NODE_ENV: 'production',
      LIVEKIT_URL: lk.url,
      LIVEKIT_API_KEY: lk.apiKey,
      LIVEKIT_API_SECRET: lk.apiSecret,
      PARLEY_AGENT_SECRET: AGENT_SECRET,
      PARLEY_STORE_URL: storeUrl,
      DEEPGRAM_API_KEY: 'dg-pool',
      DEEPGRAM_BASE_URL: dg.url,
      OPENAI_API_KEY: 'sk-pool',
      OPENAI_BASE_URL: oa.baseURL,
      PARLEY_CONDUCTOR_MODE: 'offline',
      PARLEY_METRICS_PORT: String(metricsPort),
      PARLEY_METRICS_HOST: '127.0.0.1',
      PARLEY_HEALTH_PORT: String(healthPort),
      PARLEY_HEALTHCHECK_URL: `http://127.0.0.1:${metricsPort}/healthz`,
      // one interview per worker: the second interview of a pair must go to the other worker
      PARLEY_MAX_JOBS: '1',
      PARLEY_NUM_IDLE_PROCESSES: '1',
      PARLEY_DRAIN_TIMEOUT_S: '30',
      LOG_LEVEL: 'info',
    },
    ['worker', 'start'],
  );
  return { c, metricsUrl: `http://127.0.0.1:${metricsPort}` };
}

const api = (
  store: StoreBox,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => callStore(store.url, BOOTSTRAP, method, path, body, headers);

/** All SSE events of a run's live stream on one store, collected in the background. */
async function collectLive(store: StoreBox, runId: string): Promise<{ events: SseEvent[]; stop(): void }> {
  const ctrl = new AbortController();
  const res = await fetch(`${store.url}/v1/interview-runs/${runId}/live`, {
    headers: { authorization: `Bearer ${BOOTSTRAP}`, accept: 'text/event-stream' },
    signal: ctrl.signal,
  });
  expect(res.status).toBe(200);
  const reader = sseReader(res.body!);
  const events: SseEvent[] = [];
  void (async () => {
    try {
      for (let e = await reader.next(); e; e = await reader.next()) events.push(e);
    } catch {
      // aborted
    }
  })();
  return { events, stop: () => ctrl.abort() };
}

async function metric(w: WorkerBox, name: string): Promise<number> {
  const text = await (await fetch(`${w.metricsUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').pop()) : 0;
}

const ANSWERS = [
  'Yes, that is fine with me.',
  'I am a nurse at a hospital in Leeds, I run the night shift.',
  'I use the scheduling app the most because it saves me an hour every day.',
];
const PROMPTS = [/role at work/i, /which tool/i, /thank you/i];

interface Interview {
  runId: string;
  p: TestParticipant;
  step: number;
}

/** Creates a run on `store` and joins it; resolves once the consent question was heard. */
async function begin(store: StoreBox, blueprintId: string): Promise<Interview> {
  const run = await api(store, 'POST', '/v1/interview-runs', {
    blueprint_id: blueprintId,
    participant: { name: 'Dana' },
    notifications: [{ endpoint: `${hooks.url}/hooks` }],
  });
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  const p = new TestParticipant();
  await p.join(lk.url, run.body.join_token);
  await hear(p, /recorded and transcribed/i);
  return { runId: run.body.id, p, step: 0 };
}

/** The participant's next answer, then the agent's next question (one speaker at a time: the fake STT's
 * script is shared by every interview). */
async function advance(i: Interview): Promise<void> {
  await answer(i.p, ANSWERS[i.step]!);
  await hear(i.p, PROMPTS[i.step]!);
  i.step += 1;
}

beforeAll(async () => {
  ensureBuilt();
  if (!PG) return;
  lk = await startLiveKit({ logDir: LOG_DIR });
  dg = await startFakeDeepgram();
  oa = await startFakeVoiceOpenAI();
  hooks = await startWebhookReceiver({ secret: WEBHOOK_SECRET });
  admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  dbName = `parley_pool_${Date.now().toString(36)}`;
  await admin.query(`create database ${dbName}`);
  const dbUrl = databaseUrl(PG, dbName);
  db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  stores.push(await startStoreBox(dbUrl), await startStoreBox(dbUrl));
  await Promise.all(stores.map((s) => s.c.proc.waitForLine(/parley store listening on http:\/\//, 120_000)));
  workers.push(await startWorkerBox(stores[0]!.url), await startWorkerBox(stores[1]!.url));
  await Promise.all(workers.map((w) => w.c.proc.waitForLine(/registered worker/, 120_000)));
}, 300_000);

afterAll(async () => {
  for (const box of [...workers, ...stores]) {
    if (box.c.proc.running) await box.c.signal('KILL');
    removeContainer(box.c.name);
  }
  await lk?.stop();
  await dg?.close();
  await oa?.close();
  await hooks?.close();
  await db?.end();
  if (admin) {
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}, 120_000);

describe.runIf(PG)(`a pool from the image (${IMAGE}): two workers, two stores, one PostgreSQL`, () => {
  test('four interviews spread over both workers; each completes once with one webhook; live events on both stores', async () => {
    const [a, b] = stores as [StoreBox, StoreBox];
    // the key was installed once although both stores started with it on the same empty database
    expect((await db.query('select count(*)::int as n from api_keys')).rows[0].n).toBe(1);
    const bp = await api(a, 'POST', '/v1/blueprints', fixture('voice-short.yaml'), {
      'content-type': 'application/yaml',
    });
    expect(bp.status).toBe(201);
    expect((await api(b, 'POST', `/v1/blueprints/${bp.body.id}/publish`)).status).toBe(200);

    const done: Interview[] = [];
    const lives: Array<{ runId: string; onA: SseEvent[]; onB: SseEvent[]; stop(): void }> = [];
    for (const [first, second] of [
      [a, b],
      [b, a],
    ] as const) {
      const one = await begin(first, bp.body.id);
      const liveOne = [await collectLive(a, one.runId), await collectLive(b, one.runId)];
      // by the time the first interview is one answer in, its worker has reported itself full to LiveKit
      await advance(one);
      const two = await begin(second, bp.body.id);
      const liveTwo = [await collectLive(a, two.runId), await collectLive(b, two.runId)];
      for (let k = 0; k < ANSWERS.length; k += 1) {
        if (one.step < ANSWERS.length) await advance(one);
        if (two.step < ANSWERS.length) await advance(two);
      }
      for (const [i, l] of [
        [one, liveOne],
        [two, liveTwo],
      ] as const)
        lives.push({
          runId: i.runId,
          onA: l[0]!.events,
          onB: l[1]!.events,
          stop: () => l.forEach((x) => x.stop()),
        });
      done.push(one, two);
    }

    for (const i of done) {
      const run = await eventually(
        'run completed',
        async () => {
          const r = await api(b, 'GET', `/v1/interview-runs/${i.runId}`);
          return r.body.status === 'completed' ? r.body : null;
        },
        60_000,
      );
      expect(run.status).toBe('completed');
      await i.p.leave();
      // the same run as the other store sees it
      expect((await api(a, 'GET', `/v1/interview-runs/${i.runId}`)).body.status).toBe('completed');
      const transcript = (await api(a, 'GET', `/v1/interview-runs/${i.runId}/transcript`)).body;
      const entries: Array<{ role: string; content: string }> =
        transcript.data ?? transcript.entries ?? transcript;
      expect(entries.filter((e) => e.role === 'participant').map((e) => e.content)).toEqual(ANSWERS);
    }

    // both workers conducted interviews (two each: one interview per worker at a time)
    const totals = await Promise.all(workers.map((w) => metric(w, 'parley_interviews_total')));
    expect(
      totals.every((n) => n >= 1),
      `interviews per worker: ${totals.join(', ')}`,
    ).toBe(true);
    expect(totals.reduce((x, y) => x + y, 0)).toBe(4);

    // live events: every participant answer reached subscribers on both stores, whichever store the
    // conducting worker wrote to
    for (const l of lives) {
      for (const events of [l.onA, l.onB]) {
        await eventually(
          'transcripts on both stores',
          async () =>
            ANSWERS.every((text) =>
              events.some((e) => e.event === 'transcript' && e.data?.data?.content === text),
            ),
          30_000,
        );
      }
      l.stop();
    }

    // exactly one completion webhook per run, once every delivery of the shared outbox is settled
    await hooks.waitForRequests(4, 60_000);
    await eventually(
      'outbox settled',
      async () =>
        (
          await db.query(
            `select count(*)::int as n from webhook_deliveries where status in ('pending', 'delivering')`,
          )
        ).rows[0].n === 0,
      30_000,
    );
    // one delivery row per run, each attempted once, although both stores' dispatchers claim from it
    const rows = (
      await db.query(
        `select d.run_id, count(distinct d.id)::int as deliveries, count(a.id)::int as attempts
           from webhook_deliveries d left join webhook_attempts a on a.delivery_id = d.id
          where d.run_id is not null and d.endpoint_id is null group by d.run_id`,
      )
    ).rows as Array<{ run_id: string; deliveries: number; attempts: number }>;
    expect(rows.map((r) => r.run_id).sort()).toEqual(done.map((i) => i.runId).sort());
    expect(rows.map((r) => [r.deliveries, r.attempts])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    const perRun = new Map<string, number>();
    for (const r of hooks.requests) {
      expect(r.verified?.ok).toBe(true);
      const body = JSON.parse(r.body) as { interviewId?: string };
      if (body.interviewId) perRun.set(body.interviewId, (perRun.get(body.interviewId) ?? 0) + 1);
    }
    expect([...perRun.keys()].sort()).toEqual(done.map((i) => i.runId).sort());
    expect([...perRun.values()]).toEqual([1, 1, 1, 1]);
  }, 600_000);
});
