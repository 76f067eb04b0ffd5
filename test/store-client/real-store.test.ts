import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStore, type RunningStore } from '../../src/store/start.js';
import { DEAD_LETTER_FILE, StoreClient } from '../../src/store-client/index.js';
import { PublicClient } from '../../src/store-client/public.js';
import { FAST_BACKOFF, startFlakyProxy, type FlakyProxy } from './helpers.js';

/**
 * The store client against the REAL store (in-process, PGlite in memory), with a switchable proxy in
 * between: the store is unreachable or answers 503 for a while, then comes back — every turn arrives
 * exactly once and in order, the live events and the finalize follow, and the run is processed.
 */
const API_KEY = 'pk_test_storeclienttest0123456789abcdef';
const SECRET = 'agent-secret-for-store-client-tests';
// test/store-client → repo root (also from a compiled copy under dist/test/store-client)
const root = [join(import.meta.dirname, '..', '..'), join(import.meta.dirname, '..', '..', '..')].find((d) =>
  existsSync(join(d, 'blueprints', 'recruiting-screen.yaml')),
) as string;

let store: RunningStore;
let pub: PublicClient;
let blueprintId: string;

beforeAll(async () => {
  store = await startStore({
    env: { PARLEY_BOOTSTRAP_KEY: API_KEY, PARLEY_AGENT_SECRET: SECRET, PARLEY_LOG_LEVEL: 'silent' },
    dataDir: 'memory://',
    port: 0,
    logger: pino({ level: 'silent' }),
    webhooks: false,
  });
  pub = new PublicClient({ baseUrl: store.url, apiKey: API_KEY });
  const bp = await pub.createBlueprint(readFileSync(join(root, 'blueprints/recruiting-screen.yaml'), 'utf8'));
  await pub.publishBlueprint(bp.id);
  blueprintId = bp.id;
}, 60_000);

afterAll(async () => {
  await store?.close();
});

async function newRun(): Promise<string> {
  const run = await pub.createRun({
    blueprint_id: blueprintId,
    participant: { name: 'Outbox Tester' },
    variables: { role_title: 'Engineer' },
  });
  return run.id;
}

function turn(n: number, sessionId: string) {
  const at = new Date(Date.UTC(2025, 0, 1, 10, 0, n)).toISOString();
  return {
    turn_number: n,
    role: n % 2 === 0 ? ('agent' as const) : ('participant' as const),
    content: `turn number ${n}`,
    started_at: at,
    ended_at: at,
    session_id: sessionId,
    entry_type: n % 2 === 0 ? ('question' as const) : ('utterance' as const),
  };
}

describe('StoreClient against the real store', () => {
  let proxy: FlakyProxy;
  let dir: string;
  beforeAll(async () => {
    proxy = await startFlakyProxy(store.url);
  });
  afterAll(async () => {
    await proxy.close();
  });

  for (const mode of ['down', 'reset', 'lose-response'] as const) {
    it(
      `store ${mode} for a while then back: nothing lost, nothing duplicated, order kept`,
      { timeout: 60_000 },
      async () => {
        dir = mkdtempSync(join(tmpdir(), 'parley-real-outbox-'));
        const runId = await newRun();
        const client = StoreClient.open({
          baseUrl: proxy.url,
          agentSecret: SECRET,
          runId,
          workDir: dir,
          backoff: FAST_BACKOFF,
        });
        try {
          proxy.mode = 'up';
          const session = await client.startSession();
          expect(session.engineState ?? null).toBeNull();
          expect(session.history).toEqual([]);
          client.record([{ events: [{ type: 'status', status: 'active', consent_status: 'not_required' }] }]);
          proxy.mode = mode;
          for (let i = 0; i < 12; i += 1) {
            client.record([
              { turn: turn(i, session.sessionId) },
              { events: [{ type: 'agent_state', state: i % 2 === 0 ? 'speaking' : 'listening' }] },
            ]);
          }
          await proxy.failures(4);
          proxy.mode = 'up';
          client.outbox.retryNow();
          expect(await client.drain(20_000)).toEqual({ drained: true, pending: 0 });
          const fin = await client.finalize({
            ended_at: new Date().toISOString(),
            reason: 'participant_ended',
          });
          expect(fin.finalized).toBe(true);
          expect(existsSync(join(dir, DEAD_LETTER_FILE))).toBe(false);

          const history = await client.history();
          expect(history.map((h) => h.turn_number)).toEqual(Array.from({ length: 12 }, (_, i) => i));
          expect(history.map((h) => h.content)).toEqual(
            Array.from({ length: 12 }, (_, i) => `turn number ${i}`),
          );
          const transcript = (await pub.getTranscript(runId)) as { entries: Array<{ turn_number: number }> };
          expect(transcript.entries.map((e) => e.turn_number)).toEqual(
            Array.from({ length: 12 }, (_, i) => i),
          );
        } finally {
          client.close();
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  }

  it('resumes: a second session gets the engine state and the history', { timeout: 30_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-real-outbox-'));
    const runId = await newRun();
    const first = StoreClient.open({ baseUrl: store.url, agentSecret: SECRET, runId, workDir: dir });
    const s1 = await first.startSession();
    first.record([{ turn: turn(0, s1.sessionId) }, { turn: turn(1, s1.sessionId) }]);
    expect((await first.drain(10_000)).drained).toBe(true);
    first.close();
    const second = StoreClient.open({ baseUrl: store.url, agentSecret: SECRET, runId, workDir: dir });
    try {
      const s2 = await second.startSession();
      expect(s2.sessionId).not.toBe(s1.sessionId);
      expect(s2.history.map((h) => h.turn_number)).toEqual([0, 1]);
    } finally {
      second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    'a turn number reused with a different body is refused (409) and dead-lettered, not retried',
    { timeout: 30_000 },
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'parley-real-outbox-'));
      const runId = await newRun();
      const client = StoreClient.open({ baseUrl: store.url, agentSecret: SECRET, runId, workDir: dir });
      try {
        const s = await client.startSession();
        client.appendTurn(turn(0, s.sessionId));
        client.appendTurn(turn(0, s.sessionId));
        client.appendTurn({ ...turn(0, s.sessionId), content: 'something else' });
        client.appendTurn(turn(1, s.sessionId));
        expect(await client.drain(10_000)).toEqual({ drained: true, pending: 0 });
        expect(client.outbox.stats.dead).toBe(1);
        const dl = readFileSync(join(dir, DEAD_LETTER_FILE), 'utf8').trim().split('\n');
        expect(JSON.parse(dl[0] as string)).toMatchObject({ status: 409 });
        expect((await client.history()).map((h) => h.content)).toEqual(['turn number 0', 'turn number 1']);
      } finally {
        client.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
