import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createRun, createTestStore, publishedBlueprint, turn, type TestStore } from './helpers.js';
import { sseReader, type SseEvent } from './sse.js';

for (const backend of backends()) {
  describe(`live events (${backend.name})`, () => {
    let s: TestStore;
    let bp: string;
    beforeAll(async () => {
      s = await createTestStore({ url: backend.url });
      bp = await publishedBlueprint(s);
    }, 60_000);
    afterAll(() => s?.close());

    const sse = async (runId: string, headers: Record<string, string> = {}) => {
      const res = await s.req('GET', `/v1/interview-runs/${runId}/live`, {
        headers: { accept: 'text/event-stream', ...headers },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      return sseReader(res.body!);
    };

    it('refuses runs that are not active with RUN_NOT_ACTIVE', async () => {
      const run = (await createRun(s, bp)).body;
      const r = await s.json('GET', `/v1/interview-runs/${run.id}/live`, {
        headers: { accept: 'text/event-stream' },
      });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({
        code: 'RUN_NOT_ACTIVE',
        details: { status: 'awaiting_participant' },
      });
      expect((await s.json('GET', `/v1/interview-runs/${run.id}/live`, { key: s.keys.other })).status).toBe(
        404,
      );
    });

    it('replays, streams live, resumes with Last-Event-ID, falls back to JSON and ends with the run', async () => {
      const run = (await createRun(s, bp)).body;
      const a = { agent: true };
      await s.json('POST', `/internal/runs/${run.id}/sessions`, a);

      const first = await sse(run.id);
      const e1 = await first.next();
      expect(e1).toMatchObject({
        id: '1',
        event: 'status',
        data: { seq: 1, type: 'status', data: { status: 'active' } },
      });
      expect((await first.next())?.event).toBe('session_started');

      // Live: published after the subscriber connected.
      await s.json('POST', `/internal/runs/${run.id}/turns`, {
        ...a,
        body: turn(1, 'agent', 'What do you like?', { node_id: 'likes' }),
      });
      const t = await first.next();
      expect(t).toMatchObject({
        id: '3',
        event: 'transcript',
        data: { data: { role: 'agent', content: 'What do you like?', turn_number: 1 } },
      });
      await s.json('POST', `/internal/runs/${run.id}/events`, {
        ...a,
        body: {
          events: [
            { type: 'transcript_interim', role: 'participant', content: 'I li' },
            { type: 'agent_state', state: 'listening' },
          ],
        },
      });
      expect((await first.next())?.event).toBe('transcript_interim');
      expect((await first.next())?.id).toBe('5');
      await first.cancel();

      // Disconnected meanwhile:
      await s.json('POST', `/internal/runs/${run.id}/turns`, {
        ...a,
        body: turn(2, 'participant', 'I like the speed.', { node_id: 'likes' }),
      });
      await s.json('POST', `/internal/runs/${run.id}/events`, {
        ...a,
        body: { type: 'node_entered', node_id: 'dislikes', node_type: 'question' },
      });

      const resumed = await sse(run.id, { 'last-event-id': '5' });
      const r1 = await resumed.next();
      expect(r1).toMatchObject({
        id: '6',
        event: 'transcript',
        data: { data: { content: 'I like the speed.' } },
      });
      expect((await resumed.next())?.event).toBe('node_entered');

      const json = await s.json('GET', `/v1/interview-runs/${run.id}/live?after=5`);
      expect(json.body).toMatchObject({ object: 'list', status: 'active' });
      expect(json.body.data.map((e: { seq: number }) => e.seq)).toEqual([6, 7]);
      expect(
        (await s.json('GET', `/v1/interview-runs/${run.id}/live`, { headers: { 'last-event-id': 'abc' } }))
          .body.error.code,
      ).toBe('VALIDATION_FAILED');

      await s.json('POST', `/internal/runs/${run.id}/finalize`, { ...a, body: { reason: 'completed' } });
      const seen: SseEvent[] = [];
      await resumed.until((e) => e.event === 'status' && e.data.data.status === 'completed', seen);
      expect(seen.map((e) => e.data.data.status)).toEqual(['processing', 'completed']);
      expect(await resumed.next()).toBeNull();
      await s.deps.tasks.idle();
      expect((await s.json('GET', `/v1/interview-runs/${run.id}/live`)).body.error.code).toBe(
        'RUN_NOT_ACTIVE',
      );
    });
  });
}
