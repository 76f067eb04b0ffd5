import { createHeaderSeal, headerSealKey } from '../../src/store/webhooks/header-seal.js';
import { buildRequestHeaders } from '../../src/store/webhooks/dispatcher.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineState } from '../../src/engine/types.js';
import { backends, createRun, createTestStore, publishedBlueprint, turn, type TestStore } from './helpers.js';

function engineState(runId: string, bp: string, path: string[], ended = false): EngineState {
  const t0 = Date.parse('2026-06-01T10:00:00.000Z');
  return {
    run: {
      run_id: runId,
      participant: { name: 'Dana Smith' },
      vars: { product: 'Parley' },
      limits: { max_silence_prompts: 1 },
    },
    blueprint_id: bp,
    blueprint_version: 1,
    status: ended ? 'ended' : 'active',
    current_node: path[path.length - 1] ?? null,
    current_follow_ups: 0,
    visits: Object.fromEntries(path.map((p) => [p, 1])),
    answers: {
      likes: {
        node_id: 'likes',
        key: 'likes',
        status: 'answered',
        fields: {},
        objective_met: true,
        follow_ups: 1,
        probing_complete: true,
        summary: 'Likes the speed.',
        turns: [2, 4],
        answered_at: t0 + 50_000,
      },
    },
    probe_ledger: [],
    path_taken: path,
    consent: 'not_required',
    silence_prompts: 0,
    session_count: 1,
    started_at: t0,
    last_activity_at: t0 + 60_000,
    ended_at: ended ? t0 + 90_000 : null,
    end_reason: ended ? 'completed' : null,
    steps: 5,
  };
}

for (const backend of backends()) {
  describe(`agent-facing API and finalize (${backend.name})`, () => {
    let s: TestStore;
    let bp: string;
    beforeAll(async () => {
      s = await createTestStore({ url: backend.url });
      bp = await publishedBlueprint(s);
    }, 60_000);
    afterAll(() => s?.close());

    it('runs a whole interview: session, turns, events, finalize → responses, analysis, webhooks', async () => {
      const hook = await s.json('POST', '/v1/webhook-endpoints', {
        body: { url: 'http://127.0.0.1:9/hook', event_types: ['interview_run.completed'] },
      });
      expect(hook.status).toBe(201);
      expect(hook.body.secret).toMatch(/^whsec_/);
      const run = (
        await createRun(s, bp, {
          notifications: [{ endpoint: 'http://127.0.0.1:9/n', attributes: { headers: { 'x-token': 't' } } }],
        })
      ).body;
      const a = { agent: true };

      const ses = await s.json('POST', `/internal/runs/${run.id}/sessions`, {
        ...a,
        body: { participant_identity: 'p-1' },
      });
      expect(ses.status).toBe(201);
      expect(ses.body).toMatchObject({
        run: { status: 'active', session_count: 1 },
        variables: { product: 'Parley', tone: 'warm' },
        engine_state: null,
        history: [],
      });
      expect(ses.body.blueprint.graph.entry_node).toBe('intro');
      expect(ses.body.session_id).toMatch(/^ses_/);

      const t1 = turn(1, 'agent', 'What do you like most about Parley?', {
        node_id: 'likes',
        question_key: 'likes',
      });
      const first = await s.json('POST', `/internal/runs/${run.id}/turns`, { ...a, body: t1 });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        turn_number: 1,
        role: 'agent',
        session_id: ses.body.session_id,
        offset_ms: 10_000,
        duration_ms: 5_000,
      });
      const again = await s.json('POST', `/internal/runs/${run.id}/turns`, { ...a, body: { ...t1 } });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      const clash = await s.json('POST', `/internal/runs/${run.id}/turns`, {
        ...a,
        body: { ...t1, content: 'Something else' },
      });
      expect(clash.status).toBe(409);
      expect(clash.body.error.code).toBe('CONFLICT');
      const p2 = turn(2, 'participant', 'I love how fast it is. Honestly the speed is great.', {
        node_id: 'likes',
        question_key: 'likes',
        confidence: 0.93,
      });
      expect((await s.json('POST', `/internal/runs/${run.id}/turns`, { ...a, body: p2 })).status).toBe(201);
      await s.json('POST', `/internal/runs/${run.id}/turns`, {
        ...a,
        body: turn(3, 'agent', 'Can you give an example?', {
          node_id: 'likes',
          question_key: 'likes',
          entry_type: 'follow_up',
        }),
      });
      await s.json('POST', `/internal/runs/${run.id}/turns`, {
        ...a,
        body: turn(4, 'participant', 'Yesterday I set up a study in two minutes.', {
          node_id: 'likes',
          question_key: 'likes',
        }),
      });
      await s.json('POST', `/internal/runs/${run.id}/turns`, {
        ...a,
        body: turn(5, 'agent', 'What frustrates you most?', {
          node_id: 'dislikes',
          question_key: 'dislikes',
        }),
      });
      await s.json('POST', `/internal/runs/${run.id}/turns`, {
        ...a,
        body: turn(6, 'participant', 'The exports are slow and confusing.', {
          node_id: 'dislikes',
          question_key: 'dislikes',
        }),
      });
      const bad = await s.json('POST', `/internal/runs/${run.id}/turns`, {
        ...a,
        body: { ...turn(7, 'participant', 'x'), role: 'candidate', extra: 1 },
      });
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');

      const upd = await s.json('PATCH', `/internal/runs/${run.id}/turns/6`, {
        ...a,
        body: { content: 'The exports are slow and really confusing.', evaluation: { score: 2 } },
      });
      expect(upd.body.content).toBe('The exports are slow and really confusing.');
      expect(
        (await s.json('PATCH', `/internal/runs/${run.id}/turns/99`, { ...a, body: { content: 'x' } })).status,
      ).toBe(404);

      const ev = await s.json('POST', `/internal/runs/${run.id}/events`, {
        ...a,
        body: {
          events: [
            { type: 'transcript_interim', role: 'participant', content: 'The exp' },
            { type: 'node_entered', node_id: 'dislikes', node_type: 'question' },
            {
              type: 'follow_up',
              node_id: 'likes',
              key: 'likes',
              technique: 'example',
              reason: 'vague',
              index: 1,
            },
            { type: 'agent_state', state: 'listening' },
            { type: 'latency', turn_number: 5, e2e_ms: 850, llm_ttft_ms: 300 },
            { type: 'engine_state', state: engineState(run.id, bp, ['intro', 'likes', 'dislikes']) },
          ],
        },
      });
      expect(ev.status).toBe(202);
      expect(ev.body.accepted).toBe(6);
      const single = await s.json('POST', `/internal/runs/${run.id}/events`, {
        ...a,
        body: { type: 'agent_state', state: 'speaking' },
      });
      expect(single.body.last_seq).toBe(ev.body.last_seq + 1);
      expect(
        (await s.json('POST', `/internal/runs/${run.id}/events`, { ...a, body: { type: 'teleport' } })).body
          .error.code,
      ).toBe('VALIDATION_FAILED');

      const mid = await s.json('GET', `/v1/interview-runs/${run.id}`);
      expect(mid.body.progress).toMatchObject({
        // the engine's definition: the answer nodes (likes, dislikes), not every node of the graph
        nodes_total: 2,
        nodes_visited: 2,
        current_node: 'dislikes',
        path_taken: ['intro', 'likes', 'dislikes'],
      });

      // A resumed session gets the saved engine state and the history.
      const resumed = await s.json('POST', `/internal/runs/${run.id}/sessions`, { ...a, body: {} });
      expect(resumed.body.engine_state.path_taken).toEqual(['intro', 'likes', 'dislikes']);
      expect(resumed.body.history.map((e: { turn_number: number }) => e.turn_number)).toEqual([
        1, 2, 3, 4, 5, 6,
      ]);
      expect(resumed.body.run.session_count).toBe(2);
      const history = await s.json('GET', `/internal/runs/${run.id}/history`, a);
      expect(history.body.data).toHaveLength(6);

      await s.json('POST', `/internal/runs/${run.id}/events`, {
        ...a,
        body: {
          type: 'engine_state',
          state: engineState(run.id, bp, ['intro', 'likes', 'dislikes', 'done'], true),
        },
      });
      const fin = await s.json('POST', `/internal/runs/${run.id}/finalize`, {
        ...a,
        body: { reason: 'completed', audio_url: 'https://cdn.example/a.ogg' },
      });
      expect(fin.status).toBe(202);
      expect(fin.body.status).toBe('processing');
      const twice = await s.json('POST', `/internal/runs/${run.id}/finalize`, {
        ...a,
        body: { reason: 'completed' },
      });
      expect(twice.status).toBe(200);
      await s.deps.tasks.idle();
      const thrice = await s.json('POST', `/internal/runs/${run.id}/finalize`, a);
      expect(thrice.body.status).toBe('completed');
      expect(
        (
          await s.json('POST', `/internal/runs/${run.id}/turns`, {
            ...a,
            body: turn(7, 'participant', 'late'),
          })
        ).body.error.code,
      ).toBe('RUN_NOT_ACTIVE');
      expect((await s.json('POST', `/internal/runs/${run.id}/sessions`, a)).body.error.code).toBe(
        'RUN_NOT_ACTIVE',
      );

      const done = await s.json(
        'GET',
        `/v1/interview-runs/${run.id}?expand[]=responses&expand[]=analysis&expand[]=transcript`,
      );
      expect(done.body).toMatchObject({
        status: 'completed',
        end_reason: 'completed',
        audio_url: 'https://cdn.example/a.ogg',
      });
      expect(done.body.sessions).toHaveLength(2);
      expect(done.body.sessions.every((x: { ended_at: string | null }) => x.ended_at !== null)).toBe(true);
      const likes = done.body.responses.items.find((i: { node_id: string }) => i.node_id === 'likes');
      expect(likes).toMatchObject({ answered: true, follow_ups_asked: 1 });
      expect(done.body.responses.path_taken).toEqual(['intro', 'likes', 'dislikes', 'done']);
      expect(done.body.analysis.status).toBe('completed');
      expect(
        done.body.analysis.results.quotes.every((q: { quote: string }) =>
          done.body.transcript.entries.some((e: { content: string }) => e.content.includes(q.quote)),
        ),
      ).toBe(true);
      expect(done.body.transcript.entries).toHaveLength(6);

      const md = await s.req('GET', `/v1/interview-runs/${run.id}/transcript?format=markdown`);
      expect(md.headers.get('content-type')).toContain('text/markdown');
      const text = await md.text();
      expect(text).toContain('**Interviewer:** What do you like most about Parley?');
      expect(text).toContain('**Dana Smith:** I love how fast it is.');
      const plain = await (await s.req('GET', `/v1/interview-runs/${run.id}/transcript?format=text`)).text();
      expect(plain.split('\n\n')[0]).toBe('Interviewer: What do you like most about Parley?');
      expect((await s.json('GET', `/v1/interview-runs/${run.id}/responses`)).body.object).toBe('responses');
      const analysis = await s.json('GET', `/v1/interview-runs/${run.id}/analysis`);
      expect(analysis.body).toMatchObject({ object: 'analysis', status: 'completed' });
      expect(analysis.body.results.summary.word_count).toBeGreaterThan(0);
      const rerun = await s.json('POST', `/v1/interview-runs/${run.id}/analysis`);
      expect(rerun.body.status).toBe('completed');
      expect(
        (await s.json('GET', `/v1/interview-runs/${run.id}/analysis`, { key: s.keys.other })).status,
      ).toBe(404);

      const deliveries = await s.json('GET', '/v1/webhook-deliveries');
      const types = deliveries.body.data.map((d: { event_type: string; endpoint_id: string | null }) => [
        d.event_type,
        d.endpoint_id !== null,
      ]);
      expect(types).toEqual(
        expect.arrayContaining([
          ['interview_run.completed', true],
          ['interview_run.completed', false],
        ]),
      );
      expect(types).toHaveLength(2);
      const outbox = await s.deps.repos.outbox.claimDue(s.clock.now(), 10, 60_000);
      const notification = outbox.find((d) => d.endpoint_id === null)!;
      expect(notification.payload).toMatchObject({
        interviewId: run.id,
        success: true,
        audioUrl: 'https://cdn.example/a.ogg',
        transcriptionUrl: `http://store.test/v1/interview-runs/${run.id}/transcript`,
      });
      // the outbox holds the header value sealed; the dispatcher opens it for the request
      expect(notification.headers['x-token']).toMatch(/^sealed:v1:/);
      const seal = createHeaderSeal(headerSealKey(s.deps.config));
      expect(buildRequestHeaders(notification, '{}', s.clock.now(), 'ua', seal.open)['x-token']).toBe('t');
      expect(await s.deps.repos.outbox.claimDue(s.clock.now(), 10, 60_000)).toHaveLength(0);
      await s.deps.repos.outbox.recordAttempt({
        delivery_id: notification.id,
        attempt: 1,
        status_code: 500,
        duration_ms: 12,
        error: 'HTTP 500',
        at: s.clock.now(),
      });
      await s.deps.repos.outbox.markRetry(notification.id, s.clock.now() + 5000, 500, 'HTTP 500');
      const red = await s.json('POST', `/v1/webhook-deliveries/${notification.id}/redeliver`);
      expect(red.status).toBe(202);
      const listed = (await s.json('GET', `/v1/webhook-deliveries?run_id=${run.id}`)).body.data.find(
        (d: { id: string }) => d.id === notification.id,
      );
      expect(listed).toMatchObject({
        status: 'pending',
        attempts: [{ attempt: 1, status_code: 500, error: 'HTTP 500' }],
      });
      expect(
        (await s.json('POST', `/v1/webhook-deliveries/${notification.id}/redeliver`, { key: s.keys.other }))
          .status,
      ).toBe(404);
    });

    it('recognises retried event batches by client_event_id and accepts full turn patches', async () => {
      const run = (await createRun(s, bp)).body;
      const a = { agent: true };
      await s.json('POST', `/internal/runs/${run.id}/sessions`, a);
      const batch = {
        events: [
          { type: 'agent_state', state: 'listening', client_event_id: 'ev-1', client_seq: 1 },
          {
            type: 'node_entered',
            node_id: 'likes',
            node_type: 'question',
            client_event_id: 'ev-2',
            client_seq: 2,
          },
        ],
      };
      const first = await s.json('POST', `/internal/runs/${run.id}/events`, { ...a, body: batch });
      const retry = await s.json('POST', `/internal/runs/${run.id}/events`, { ...a, body: batch });
      expect(retry.status).toBe(202);
      expect(retry.body.last_seq).toBe(first.body.last_seq);
      const live = await s.json('GET', `/v1/interview-runs/${run.id}/live`);
      const types = live.body.data.map((e: { type: string }) => e.type);
      expect(types.filter((t: string) => t === 'node_entered')).toHaveLength(1);
      expect(live.body.data.at(-1).data).toEqual({ node_id: 'likes', node_type: 'question' });

      await s.json('POST', `/internal/runs/${run.id}/turns`, { ...a, body: turn(1, 'participant', 'hm') });
      const patched = await s.json('PATCH', `/internal/runs/${run.id}/turns/1`, {
        ...a,
        body: {
          content: 'I like it.',
          node_id: 'likes',
          question_key: 'likes',
          entry_type: 'utterance',
          confidence: 0.8,
        },
      });
      expect(patched.body).toMatchObject({
        content: 'I like it.',
        node_id: 'likes',
        question_key: 'likes',
        confidence: 0.8,
      });
    });

    it('finalizes with reason error as failed, and skips analysis when asked', async () => {
      const run = (await createRun(s, bp)).body;
      await s.json('POST', `/internal/runs/${run.id}/sessions`, { agent: true });
      await s.json('POST', `/internal/runs/${run.id}/finalize`, {
        agent: true,
        body: { reason: 'error', generate_report: false },
      });
      await s.deps.tasks.idle();
      const r = await s.json('GET', `/v1/interview-runs/${run.id}?expand[]=analysis`);
      expect(r.body).toMatchObject({
        status: 'failed',
        failure: { code: 'interview_error' },
        analysis: { status: 'skipped' },
      });
      expect(
        (
          await s.json('POST', `/internal/runs/${run.id}/events`, {
            agent: true,
            body: { type: 'agent_state', state: 'idle' },
          })
        ).body.error.code,
      ).toBe('RUN_NOT_ACTIVE');
      expect((await s.json('POST', '/internal/runs/run_nope/finalize', { agent: true })).status).toBe(404);
    });

    it('manages webhook endpoints and refuses hostile URLs', async () => {
      const strict = await createTestStore({ url: backend.url });
      try {
        strict.deps.config.allowPrivateWebhooks = false;
        strict.deps.checkWebhookUrl = async (url) => {
          const { assertWebhookUrl } = await import('../../src/store/webhooks/url-guard.js');
          await assertWebhookUrl(url, { allowPrivate: false });
        };
        for (const url of [
          'http://127.0.0.1/x',
          'http://169.254.169.254/latest',
          'http://[::1]/',
          'http://localhost:8080/',
        ]) {
          const r = await strict.json('POST', '/v1/webhook-endpoints', { body: { url } });
          expect(r.status, url).toBe(400);
          expect(r.body.error.code).toBe('INVALID_WEBHOOK_URL');
        }
        const b = await publishedBlueprint(strict);
        const hostile = await createRun(strict, b, { notifications: [{ endpoint: 'http://10.0.0.5/hook' }] });
        expect(hostile.body.error.code).toBe('INVALID_WEBHOOK_URL');
        expect((await strict.json('GET', '/v1/interview-runs')).body.data).toHaveLength(0);
        const ok = await strict.json('POST', '/v1/webhook-endpoints', {
          body: { url: 'http://93.184.215.14/hook', event_types: ['analysis.completed'] },
        });
        expect(ok.status).toBe(201);
        const got = await strict.json('GET', `/v1/webhook-endpoints/${ok.body.id}`);
        expect(got.body.secret).toBeUndefined();
        const p = await strict.json('PATCH', `/v1/webhook-endpoints/${ok.body.id}`, {
          body: { enabled: false },
        });
        expect(p.body.enabled).toBe(false);
        expect(
          (
            await strict.json('PATCH', `/v1/webhook-endpoints/${ok.body.id}`, {
              body: { url: 'http://127.0.0.1/' },
            })
          ).body.error.code,
        ).toBe('INVALID_WEBHOOK_URL');
        expect(
          (await strict.json('GET', `/v1/webhook-endpoints/${ok.body.id}`, { key: strict.keys.other }))
            .status,
        ).toBe(404);
        expect((await strict.json('DELETE', `/v1/webhook-endpoints/${ok.body.id}`)).status).toBe(200);
        expect((await strict.json('GET', '/v1/webhook-endpoints')).body.data).toHaveLength(0);
      } finally {
        await strict.close();
      }
    });
  });
}
