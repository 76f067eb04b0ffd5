import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src/store/api/internal.js';
import { backends, createRun, createTestStore, publishedBlueprint, turn, type TestStore } from './helpers.js';

/**
 * Concurrent turn POSTs are written together (group commit: one multi-row statement per batch). These
 * send many turns at once through the app, so they land in shared batches, and check what each request
 * answers and what the run stores and publishes.
 */
for (const backend of backends()) {
  describe(`batched turn writes (${backend.name})`, () => {
    let s: TestStore;
    let bp: string;
    const a = { agent: true };
    beforeAll(async () => {
      s = await createTestStore({ url: backend.url });
      bp = await publishedBlueprint(s);
    }, 60_000);
    afterAll(() => s?.close());

    const activeRun = async (): Promise<string> => {
      const run = (await createRun(s, bp)).body;
      expect((await s.json('POST', `/internal/runs/${run.id}/sessions`, a)).status).toBe(201);
      return run.id as string;
    };
    const post = (runId: string, body: Record<string, unknown>) =>
      s.json('POST', `/internal/runs/${runId}/turns`, { ...a, body });

    /** Collects a run's published live events until `n` transcripts have arrived. */
    const collect = (runId: string, n: number) => {
      const got: LiveEvent[] = [];
      let unsubscribe = () => {};
      const done = new Promise<LiveEvent[]>((resolve) => {
        unsubscribe = s.deps.bus.subscribe(runId, (e) => {
          got.push(e);
          if (got.filter((x) => x.type === 'transcript').length === n) resolve(got);
        });
      });
      return done.finally(() => unsubscribe());
    };

    it('stores concurrent turns of one run and of several runs, each with its own consecutive seq', async () => {
      const [r1, r2, r3] = [await activeRun(), await activeRun(), await activeRun()];
      const before = (await s.deps.repos.runs.byId(r1)).lastSeq;
      const sends = [r1, r2, r3].flatMap((runId) =>
        [1, 2, 3, 4, 5, 6].map((n) =>
          post(runId, turn(n, n % 2 ? 'agent' : 'participant', `${runId} turn ${n}`)),
        ),
      );
      const res = await Promise.all(sends);
      expect(res.map((r) => r.status)).toEqual(res.map(() => 201));
      for (const [i, r] of res.entries()) {
        expect(r.body).toMatchObject({ turn_number: (i % 6) + 1, content: expect.stringContaining('turn') });
      }
      for (const runId of [r1, r2, r3]) {
        const history = await s.json('GET', `/internal/runs/${runId}/history`, a);
        expect(history.body.data.map((t: { content: string }) => t.content)).toEqual(
          [1, 2, 3, 4, 5, 6].map((n) => `${runId} turn ${n}`),
        );
        const events = (await s.deps.repos.events.after(runId, before)).filter(
          (e) => e.type === 'transcript',
        );
        expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6].map((k) => before + k));
        expect(events.map((e) => e.data.turn_number).sort()).toEqual([1, 2, 3, 4, 5, 6]);
        expect((await s.deps.repos.runs.byId(runId)).lastSeq).toBe(before + 6);
      }
    });

    it('answers duplicates of one turn number sent together: one 201, identical replays 200, a different body 409', async () => {
      const runId = await activeRun();
      const same = turn(3, 'participant', 'the same words');
      const other = turn(3, 'participant', 'different words');
      const res = await Promise.all([post(runId, same), post(runId, { ...same }), post(runId, other)]);
      const statuses = res.map((r) => r.status);
      expect(statuses.filter((x) => x === 201)).toHaveLength(1);
      const winner = res.find((r) => r.status === 201)!.body.content as string;
      res.forEach((r, i) => {
        const body = i === 2 ? other : same;
        if (r.status === 201) return;
        if (body.content === winner) {
          expect(r.status).toBe(200);
          expect(r.body.content).toBe(winner);
        } else {
          expect(r.status).toBe(409);
          expect(r.body.error.code).toBe('CONFLICT');
        }
      });
      const history = await s.json('GET', `/internal/runs/${runId}/history`, a);
      expect(history.body.data.map((t: { content: string }) => t.content)).toEqual([winner]);
      const transcripts = (await s.deps.repos.events.after(runId, 0)).filter((e) => e.type === 'transcript');
      expect(transcripts).toHaveLength(1);
    });

    it('fails only the bad turn of a batch (text PostgreSQL cannot store); the others are stored and published', async () => {
      const runId = await activeRun();
      const live = collect(runId, 4);
      const good = [1, 2, 4, 5].map((n) => turn(n, 'agent', `good ${n}`));
      const bad = turn(3, 'participant', 'nul \u0000 byte');
      const res = await Promise.all([...good.slice(0, 2), bad, ...good.slice(2)].map((b) => post(runId, b)));
      // bad input, not a fault: 400, so the worker does not retry it
      expect(res.map((r) => r.status)).toEqual([201, 201, 400, 201, 201]);
      const history = await s.json('GET', `/internal/runs/${runId}/history`, a);
      expect(history.body.data.map((t: { turn_number: number }) => t.turn_number)).toEqual([1, 2, 4, 5]);
      const published = (await live).filter((e) => e.type === 'transcript');
      expect(published.map((e) => e.data.content).sort()).toEqual(['good 1', 'good 2', 'good 4', 'good 5']);
      // The stored events have the seqs that were published, without gaps.
      const seqs = published.map((e) => e.seq);
      const stored = (await s.deps.repos.events.after(runId, 0)).filter((e) => e.type === 'transcript');
      expect(stored.map((e) => e.seq)).toEqual(seqs);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    });

    it('publishes the live events of concurrent turns in seq order, each with the data stored at that seq', async () => {
      const [r1, r2] = [await activeRun(), await activeRun()];
      const live1 = collect(r1, 8);
      const live2 = collect(r2, 8);
      const res = await Promise.all(
        [1, 2, 3, 4, 5, 6, 7, 8].flatMap((n) => [
          post(r1, turn(n, 'participant', `one ${n}`, { confidence: 0.3 })),
          post(r2, turn(n, 'agent', `two ${n}`)),
        ]),
      );
      expect(res.every((r) => r.status === 201)).toBe(true);
      for (const [runId, live] of [
        [r1, live1],
        [r2, live2],
      ] as const) {
        const published = await live;
        const seqs = published.map((e) => e.seq);
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
        const stored = await s.deps.repos.events.after(runId, 0);
        const bySeq = new Map(stored.map((e) => [e.seq, e]));
        for (const e of published) {
          const row = bySeq.get(e.seq)!;
          expect(row.type).toBe(e.type);
          expect(row.data).toEqual(e.data);
        }
      }
      // The stored confidence (a `real`) is what both the response and the event carry.
      const t1 = (await live1).find((e) => e.type === 'transcript')!;
      expect(t1.data.confidence).toBeCloseTo(0.3, 5);
    });
  });
}
