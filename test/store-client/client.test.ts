import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEAD_LETTER_FILE, LOCK_FILE, OUTBOX_FILE, StoreClient } from '../../src/store-client/index.js';
import { createHttpTestStore } from '../store/http-store.js';
import { AGENT_SECRET, createRun, publishedBlueprint } from '../store/helpers.js';
import { FAST_BACKOFF, startFlakyProxy, type FlakyProxy } from './helpers.js';

/**
 * The store client against the real store app (`createApp` on PGlite, served over HTTP on 127.0.0.1),
 * with a switchable proxy in between for failure injection only (503, reset connections, lost responses).
 * What the store holds is read back through its own API.
 */

function turn(n: number, content = `turn ${n}`) {
  const at = new Date(1_700_000_000_000 + n * 1000).toISOString();
  return {
    turn_number: n,
    role: n % 2 === 0 ? ('agent' as const) : ('participant' as const),
    content,
    started_at: at,
    ended_at: at,
    entry_type: 'utterance' as const,
  };
}

/** Longer than the store's turn schema allows: the store answers 400 (a poison message). */
const POISON = 'x'.repeat(100_001);

describe('StoreClient against a store that goes down and comes back', () => {
  let store: Awaited<ReturnType<typeof createHttpTestStore>>;
  let blueprintId: string;
  let proxy: FlakyProxy;
  let dir: string;
  let RUN: string;
  const clients: StoreClient[] = [];

  beforeAll(async () => {
    store = await createHttpTestStore();
    blueprintId = await publishedBlueprint(store);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });
  beforeEach(async () => {
    RUN = (await createRun(store, blueprintId)).body.id as string;
    proxy = await startFlakyProxy(store.base);
    dir = mkdtempSync(join(tmpdir(), 'parley-outbox-'));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (extra: Partial<Parameters<typeof StoreClient.open>[0]> = {}) => {
    const c = StoreClient.open({
      baseUrl: proxy.url,
      agentSecret: AGENT_SECRET,
      runId: RUN,
      workDir: dir,
      backoff: FAST_BACKOFF,
      ...extra,
    });
    clients.push(c);
    return c;
  };

  /** A connection already started (an earlier process): the run is in session. */
  const startedElsewhere = async () => {
    const res = await store.json('POST', `/internal/runs/${RUN}/sessions`, { agent: true, body: {} });
    expect(res.status).toBe(201);
  };

  /** The run's turns as the store holds them, in turn order. */
  const storedTurns = async () => {
    const res = await store.json('GET', `/internal/runs/${RUN}/history`, { agent: true });
    return res.body.data as Array<{ turn_number: number; content: string }>;
  };

  /** The run's stored live events, in `seq` order (from its repository: `GET live` ends with the run). */
  const liveEvents = () => store.deps.repos.events.after(RUN, 0);

  /** Turn numbers in the order the store stored them (its `transcript` events, by `seq`). */
  const acceptedOrder = async () =>
    (await liveEvents()).filter((e) => e.type === 'transcript').map((e) => e.data.turn_number);

  const runStatus = async () => (await store.json('GET', `/v1/interview-runs/${RUN}`)).body.status as string;

  /** Answers the proxy relayed from the store with this status. */
  const relayed = (status: number) => proxy.seen.filter((r) => r.status === status);

  it('delivers turns and events in order when the store is up', async () => {
    const c = open();
    const session = await c.startSession();
    expect(session.run.id).toBe(RUN);
    expect(session.sessionId).toMatch(/^\S+$/);
    for (let i = 0; i < 5; i += 1)
      c.record([{ turn: turn(i) }, { events: [{ type: 'agent_state', state: 'speaking' }] }]);
    const fin = await c.finalize({ ended_at: new Date().toISOString(), reason: 'completed' });
    expect(fin).toEqual({ drained: true, pending: 0, finalized: true });
    expect((await storedTurns()).map((t) => t.turn_number)).toEqual([0, 1, 2, 3, 4]);
    expect((await liveEvents()).filter((e) => e.type === 'agent_state')).toHaveLength(5);
    expect(relayed(202).filter((r) => r.path.endsWith('/finalize'))).toHaveLength(1);
    expect(['processing', 'completed']).toContain(await runStatus());
    expect(await acceptedOrder()).toEqual([0, 1, 2, 3, 4]);
  });

  for (const mode of ['down', 'reset', 'lose-response'] as const) {
    it(`store ${mode} for a while, then back: nothing lost, nothing duplicated, order kept`, async () => {
      const c = open();
      await c.startSession();
      proxy.mode = mode;
      const retries: number[] = [];
      c.outbox.on('retry', (e) => retries.push(e.seq));
      for (let i = 0; i < 20; i += 1) {
        c.record([{ turn: turn(i) }, { events: [{ type: 'latency', turn_number: i }] }]);
      }
      await proxy.failures(6);
      // Everything is still on disk while the store is away.
      const onDisk = readFileSync(join(dir, OUTBOX_FILE), 'utf8').trim().split('\n');
      expect(onDisk.filter((l) => l.includes('"op":"put"')).length).toBeGreaterThanOrEqual(40);
      expect(c.outbox.pending).toBeGreaterThan(0);
      proxy.mode = 'up';
      c.outbox.retryNow();
      const drained = await c.drain(10_000);
      expect(drained).toEqual({ drained: true, pending: 0 });
      expect(retries.length).toBeGreaterThanOrEqual(6);
      // exactly once, in order
      expect(await acceptedOrder()).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect((await storedTurns()).map((t) => t.content)).toEqual(
        Array.from({ length: 20 }, (_, i) => `turn ${i}`),
      );
      // no 409s: a redelivered turn is identical
      expect(relayed(409)).toEqual([]);
      expect(existsSync(join(dir, DEAD_LETTER_FILE))).toBe(false);
      const eventOrder = (await liveEvents())
        .filter((e) => e.type === 'latency')
        .map((e) => e.data.turn_number);
      if (mode === 'lose-response') {
        // An event batch whose response was lost is delivered again (at-least-once for events).
        const distinct = eventOrder.filter((v, i) => i === 0 || eventOrder[i - 1] !== v);
        expect(distinct).toEqual(Array.from({ length: 20 }, (_, i) => i));
      } else {
        expect(eventOrder).toEqual(Array.from({ length: 20 }, (_, i) => i));
      }
      // The outbox is compacted once empty.
      expect(readFileSync(join(dir, OUTBOX_FILE), 'utf8').trim().split('\n')).toHaveLength(1);
    });
  }

  it('starts against a store that is not there yet and delivers when it appears', async () => {
    await startedElsewhere();
    const c = open();
    proxy.mode = 'reset';
    c.appendTurn(turn(0));
    c.appendTurn(turn(1));
    await proxy.failures(3);
    proxy.mode = 'up';
    const session = await c.startSession({ timeoutMs: 10_000 });
    // the session comes after the replay: its history already holds both turns
    expect(session.history.map((h) => h.turn_number)).toEqual([0, 1]);
  });

  it('drops a poison message to the dead-letter file and keeps going', async () => {
    await startedElsewhere();
    const c = open();
    c.appendTurn(turn(0));
    c.appendTurn(turn(1, POISON));
    c.appendTurn(turn(2));
    const dead: number[] = [];
    c.outbox.on('dead', (e) => dead.push(e.seq));
    expect(await c.drain(5000)).toEqual({ drained: true, pending: 0 });
    expect((await storedTurns()).map((t) => t.turn_number)).toEqual([0, 2]);
    expect(dead).toEqual([2]);
    const dl = readFileSync(join(dir, DEAD_LETTER_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(dl).toHaveLength(1);
    expect(dl[0]).toMatchObject({
      seq: 2,
      status: 400,
      error: 'VALIDATION_FAILED',
      item: { kind: 'turn', body: { content: POISON } },
    });
  });

  it('a different body for an existing turn number (409) is dead-lettered, an identical one is fine', async () => {
    await startedElsewhere();
    const c = open();
    c.appendTurn(turn(0));
    c.appendTurn(turn(0));
    c.appendTurn(turn(0, 'something else'));
    c.appendTurn(turn(1));
    expect(await c.drain(5000)).toEqual({ drained: true, pending: 0 });
    expect((await storedTurns()).map((t) => [t.turn_number, t.content])).toEqual([
      [0, 'turn 0'],
      [1, 'turn 1'],
    ]);
    const dl = readFileSync(join(dir, DEAD_LETTER_FILE), 'utf8').trim().split('\n');
    expect(dl).toHaveLength(1);
    expect(JSON.parse(dl[0] as string)).toMatchObject({ status: 409, error: 'CONFLICT' });
  });

  it('finalize waits for the queue but is bounded; the finalize stays on disk for the next process', async () => {
    await startedElsewhere();
    const c = open();
    proxy.mode = 'down';
    c.appendTurn(turn(0));
    const fin = await c.finalize(
      { ended_at: new Date().toISOString(), reason: 'completed' },
      { timeoutMs: 200 },
    );
    expect(fin.drained).toBe(false);
    expect(fin.finalized).toBe(false);
    expect(fin.pending).toBe(2);
    c.close();
    clients.splice(clients.indexOf(c), 1);
    proxy.mode = 'up';
    const again = open();
    expect(await again.drain(5000)).toEqual({ drained: true, pending: 0 });
    expect(await storedTurns()).toHaveLength(1);
    expect(relayed(202).filter((r) => r.path.endsWith('/finalize'))).toHaveLength(1);
    expect(['processing', 'completed']).toContain(await runStatus());
  });

  it('a wrong secret is refused with a clear error', async () => {
    const c = open({ agentSecret: 'nope' });
    await expect(c.startSession({ timeoutMs: 1000 })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('an unknown run is NOT_FOUND', async () => {
    const c = open({ runId: 'run_other' });
    await expect(c.startSession({ timeoutMs: 1000 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a killed process resumes from the on-disk outbox', { timeout: 30_000 }, async () => {
    await startedElsewhere();
    proxy.mode = 'down';
    // Run from test/ (TypeScript via tsx) or from dist/test/ (compiled JavaScript).
    const ts = join(import.meta.dirname, 'fixtures', 'enqueue-then-hang.ts');
    const script = existsSync(ts) ? ts : join(import.meta.dirname, 'fixtures', 'enqueue-then-hang.js');
    const child = spawn(
      process.execPath,
      [
        ...(script.endsWith('.ts') ? ['--import', 'tsx'] : []),
        script,
        proxy.url,
        AGENT_SECRET,
        RUN,
        dir,
        '12',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const rl = createInterface({ input: child.stdout });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      rl.on('line', (l) => l === 'queued 12' && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    await proxy.failures(2);
    child.kill('SIGKILL');
    await exited;
    expect(await storedTurns()).toHaveLength(0);
    proxy.mode = 'up';
    const c = open();
    expect(c.outbox.pending).toBe(24);
    const session = await c.startSession({ timeoutMs: 10_000 });
    expect(session.history.map((h) => h.turn_number)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect((await liveEvents()).filter((e) => e.type === 'agent_state')).toHaveLength(12);
    expect(relayed(409)).toEqual([]);
  });

  it('refuses a second live owner of the same outbox', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)'], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      writeFileSync(join(dir, LOCK_FILE), String(child.pid));
      expect(() => open()).toThrow(/in use by process/);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    // a dead owner (a crash) does not block
    expect(() => open()).not.toThrow();
  });
});
