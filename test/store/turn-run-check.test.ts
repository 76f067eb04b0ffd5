import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createRun, createTestStore, publishedBlueprint, turn, type TestStore } from './helpers.js';

/**
 * A turn POST reads its run in the same statement that writes the turn (and its batch's other turns):
 * turns of unknown, deleted or closed runs sent in one batch with turns of an active run get their own
 * answers, and what the write takes from the run (session, offset from the run's start) is the same in
 * the response, the stored turn and the stored live event.
 */
for (const backend of backends()) {
  describe(`turn writes read their run (${backend.name})`, () => {
    let s: TestStore;
    let bp: string;
    const a = { agent: true };
    beforeAll(async () => {
      s = await createTestStore({ url: backend.url });
      bp = await publishedBlueprint(s);
    }, 60_000);
    afterAll(() => s?.close());

    const activeRun = async (): Promise<{ id: string; sessionId: string }> => {
      const run = (await createRun(s, bp)).body;
      const started = await s.json('POST', `/internal/runs/${run.id}/sessions`, a);
      expect(started.status).toBe(201);
      return { id: run.id as string, sessionId: started.body.session_id as string };
    };
    const post = (runId: string, body: Record<string, unknown>) =>
      s.json('POST', `/internal/runs/${runId}/turns`, { ...a, body });
    const cancel = async (runId: string) =>
      expect((await s.json('POST', `/v1/interview-runs/${runId}/cancel`)).status).toBe(200);

    it('answers each turn of a mixed batch by its own run: stored, unknown, deleted, closed (replay or not)', async () => {
      const live = await activeRun();
      const closed = await activeRun();
      const deleted = await activeRun();
      const kept = turn(1, 'agent', 'said before the cancel');
      expect((await post(closed.id, kept)).status).toBe(201);
      await cancel(closed.id);
      await cancel(deleted.id);
      expect((await s.req('DELETE', `/v1/interview-runs/${deleted.id}`)).status).toBeLessThan(300);

      const res = await Promise.all([
        post(live.id, turn(1, 'agent', 'live one')),
        post('run_doesnotexist', turn(1, 'agent', 'nobody')),
        post(closed.id, kept),
        post(live.id, turn(2, 'participant', 'live two')),
        post(closed.id, turn(2, 'participant', 'too late')),
        post(deleted.id, turn(1, 'agent', 'gone')),
      ]);
      expect(res.map((r) => r.status)).toEqual([201, 404, 200, 201, 400, 404]);
      expect(res[1]!.body.error.code).toBe('NOT_FOUND');
      expect(res[2]!.body.content).toBe('said before the cancel');
      expect(res[4]!.body.error).toMatchObject({ code: 'RUN_NOT_ACTIVE', details: { status: 'cancelled' } });
      expect(res[5]!.body.error.code).toBe('NOT_FOUND');

      const history = await s.json('GET', `/internal/runs/${live.id}/history`, a);
      expect(history.body.data.map((t: { content: string }) => t.content)).toEqual(['live one', 'live two']);
      const closedTurns = await s.deps.repos.turns.list(closed.id);
      expect(closedTurns.map((t) => t.content)).toEqual(['said before the cancel']);
      const closedEvents = (await s.deps.repos.events.after(closed.id, 0)).filter(
        (e) => e.type === 'transcript',
      );
      expect(closedEvents).toHaveLength(1);
    });

    it("takes the run's current session unless the turn names one, and the offset from the run's start", async () => {
      const run = await activeRun();
      const started = (await s.deps.repos.runs.byId(run.id)).startedAt!.getTime();
      const early = new Date(started - 60_000).toISOString();
      const bodies = [
        turn(1, 'agent', 'no session given'),
        turn(2, 'participant', 'own session', { session_id: 'sess_elsewhere', confidence: 0.7 }),
        turn(3, 'agent', 'started before the run', { started_at: early, ended_at: early }),
      ];
      const res = await Promise.all(bodies.map((b) => post(run.id, b)));
      expect(res.map((r) => r.status)).toEqual([201, 201, 201]);
      const [one, two, three] = res.map((r) => r.body);
      expect(one.session_id).toBe(run.sessionId);
      expect(two.session_id).toBe('sess_elsewhere');
      expect(one.offset_ms).toBe(Date.parse(bodies[0]!.started_at as string) - started);
      expect(one.offset_ms).toBeGreaterThan(0);
      expect(three.offset_ms).toBe(0);
      expect(two.confidence).toBeCloseTo(0.7, 5);

      // The stored turns, the history and the stored live events say the same as the responses.
      const stored = await s.deps.repos.turns.list(run.id);
      expect(stored.map((t) => t.sessionId)).toEqual([run.sessionId, 'sess_elsewhere', run.sessionId]);
      const history = (await s.json('GET', `/internal/runs/${run.id}/history`, a)).body.data;
      expect(history).toEqual([one, two, three]);
      const events = (await s.deps.repos.events.after(run.id, 0)).filter((e) => e.type === 'transcript');
      expect(events.map((e) => e.data)).toEqual([one, two, three]);
    });

    it.runIf(backend.name === 'pglite')(
      'leaves the connection as it was after a batch, written or failed (its plan setting is local to it)',
      async () => {
        const run = await activeRun();
        const res = await Promise.all([
          post(run.id, turn(1, 'agent', 'fine')),
          post(run.id, turn(2, 'participant', 'nul \u0000 byte')),
        ]);
        expect(res.map((r) => r.status)).toEqual([201, 400]);
        const client = (s.database.db as unknown as { $client: PGlite }).$client;
        const [shown] = await client.exec('show plan_cache_mode');
        expect(shown!.rows).toEqual([{ plan_cache_mode: 'auto' }]);
        const [tx] = await client.exec('select now() = statement_timestamp() as outside_transaction');
        expect(tx!.rows).toEqual([{ outside_transaction: true }]);
      },
    );
  });
}
