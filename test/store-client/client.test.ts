import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEAD_LETTER_FILE, LOCK_FILE, OUTBOX_FILE, StoreClient } from '../../src/store-client/index.js';
import {
  FAST_BACKOFF,
  startFakeInternalStore,
  startFlakyProxy,
  type FakeStore,
  type FlakyProxy,
} from './helpers.js';

const RUN = 'run_test';

function turn(n: number, content = `turn ${n}`) {
  const at = new Date(1_700_000_000_000 + n * 1000).toISOString();
  return {
    turn_number: n,
    role: n % 2 === 0 ? ('agent' as const) : ('participant' as const),
    content,
    started_at: at,
    ended_at: at,
    entry_type: 'utterance',
  };
}

/** Turn numbers in the order the store first stored them (201). */
function acceptedOrder(store: FakeStore): number[] {
  return store.requests
    .filter((r) => r.status === 201 && r.turn_number !== undefined)
    .map((r) => r.turn_number as number);
}

describe('StoreClient against a store that goes down and comes back', () => {
  let store: FakeStore;
  let proxy: FlakyProxy;
  let dir: string;
  const clients: StoreClient[] = [];

  beforeEach(async () => {
    store = await startFakeInternalStore({ runId: RUN });
    proxy = await startFlakyProxy(store.url);
    dir = mkdtempSync(join(tmpdir(), 'parley-outbox-'));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await proxy.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (extra: Partial<Parameters<typeof StoreClient.open>[0]> = {}) => {
    const c = StoreClient.open({
      baseUrl: proxy.url,
      agentSecret: store.secret,
      runId: RUN,
      workDir: dir,
      backoff: FAST_BACKOFF,
      ...extra,
    });
    clients.push(c);
    return c;
  };

  it('delivers turns and events in order when the store is up', async () => {
    const c = open();
    const session = await c.startSession();
    expect(session.session_id).toBe('sess_1');
    for (let i = 0; i < 5; i += 1)
      c.record([{ turn: turn(i) }, { events: [{ type: 'agent_state', state: 'speaking' }] }]);
    const fin = await c.finalize({ ended_at: new Date().toISOString(), reason: 'completed' });
    expect(fin).toEqual({ drained: true, pending: 0, finalized: true });
    expect([...store.turns.keys()]).toEqual([0, 1, 2, 3, 4]);
    expect(store.events).toHaveLength(5);
    expect(store.finalized).toHaveLength(1);
    expect(acceptedOrder(store)).toEqual([0, 1, 2, 3, 4]);
  });

  for (const mode of ['down', 'reset', 'lose-response'] as const) {
    it(`store ${mode} for a while, then back: nothing lost, nothing duplicated, order kept`, async () => {
      const c = open();
      await c.startSession();
      proxy.mode = mode;
      const retries: number[] = [];
      c.outbox.on('retry', (e) => retries.push(e.seq));
      for (let i = 0; i < 20; i += 1) {
        c.record([{ turn: turn(i) }, { events: [{ type: 'agent_state', state: 'speaking', i }] }]);
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
      expect(acceptedOrder(store)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect([...store.turns.values()].map((t) => t.body.content)).toEqual(
        Array.from({ length: 20 }, (_, i) => `turn ${i}`),
      );
      // no 409s: a redelivered turn is identical
      expect(store.requests.filter((r) => r.status === 409)).toEqual([]);
      expect(existsSync(join(dir, DEAD_LETTER_FILE))).toBe(false);
      const eventOrder = store.events.map((e) => e.i);
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
    const c = open();
    store.rejectContent = 'poison';
    c.appendTurn(turn(0));
    c.appendTurn(turn(1, 'poison'));
    c.appendTurn(turn(2));
    const dead: number[] = [];
    c.outbox.on('dead', (e) => dead.push(e.seq));
    expect(await c.drain(5000)).toEqual({ drained: true, pending: 0 });
    expect([...store.turns.keys()]).toEqual([0, 2]);
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
      item: { kind: 'turn', body: { content: 'poison' } },
    });
  });

  it('a different body for an existing turn number (409) is dead-lettered, an identical one is fine', async () => {
    const c = open();
    c.appendTurn(turn(0));
    c.appendTurn(turn(0));
    c.appendTurn(turn(0, 'something else'));
    c.appendTurn(turn(1));
    expect(await c.drain(5000)).toEqual({ drained: true, pending: 0 });
    expect(store.turns.get(0)?.body.content).toBe('turn 0');
    expect(store.turns.has(1)).toBe(true);
    const dl = readFileSync(join(dir, DEAD_LETTER_FILE), 'utf8').trim().split('\n');
    expect(dl).toHaveLength(1);
    expect(JSON.parse(dl[0] as string)).toMatchObject({ status: 409, error: 'CONFLICT' });
  });

  it('finalize waits for the queue but is bounded; the finalize stays on disk for the next process', async () => {
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
    expect(store.turns.size).toBe(1);
    expect(store.finalized).toHaveLength(1);
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
        store.secret,
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
    expect(store.turns.size).toBe(0);
    proxy.mode = 'up';
    const c = open();
    expect(c.outbox.pending).toBe(24);
    const session = await c.startSession({ timeoutMs: 10_000 });
    expect(session.history.map((h) => h.turn_number)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(store.events).toHaveLength(12);
    expect(store.requests.filter((r) => r.status === 409)).toEqual([]);
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
