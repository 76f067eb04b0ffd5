import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createRun, publishedBlueprint, turn, type TestStore } from './helpers.js';
import { createHttpTestStore } from './http-store.js';

/**
 * Result documents by id over real HTTP, on PGlite and PostgreSQL: a run carries transcript_id,
 * responses_id and analysis_id; GET /v1/transcripts/:id, /v1/responses/:id and /v1/analyses/:id answer
 * them with the run endpoints' scope, and another organisation's or mode's id (or a deleted run's) is a 404.
 */
for (const backend of backends()) {
  describe(`result documents by id (${backend.name})`, () => {
    let s: TestStore;
    let run: {
      id: string;
      organization_id: string;
      test_mode: boolean;
      transcript_id: string;
      responses_id: string;
      analysis_id: string;
    };
    const a = { agent: true } as const;

    beforeAll(async () => {
      s = await createHttpTestStore({ url: backend.url });
      const bp = await publishedBlueprint(s);
      const hook = await s.json('POST', '/v1/webhook-endpoints', {
        body: { url: 'http://127.0.0.1:9/hook', event_types: ['analysis.completed'] },
      });
      expect(hook.status).toBe(201);
      const created = await createRun(s, bp, { title: 'Documents by id' });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const started = await s.json('POST', `/internal/runs/${id}/sessions`, { ...a, body: {} });
      const session = started.body.session_id as string;
      const turns = [
        turn(1, 'agent', 'What do you like most about Parley?'),
        turn(2, 'participant', 'The live transcript, because our researchers read along during calls.'),
        turn(3, 'agent', 'What frustrates you most?'),
        turn(4, 'participant', 'Exports take too long when the study has many interviews.'),
      ];
      for (const t of turns) {
        const r = await s.json('POST', `/internal/runs/${id}/turns`, {
          ...a,
          body: { ...t, session_id: session },
        });
        expect(r.status).toBe(201);
      }
      expect(
        (await s.json('POST', `/internal/runs/${id}/finalize`, { ...a, body: { reason: 'completed' } }))
          .status,
      ).toBe(202);
      await s.deps.tasks.idle();
      run = (await s.json('GET', `/v1/interview-runs/${id}`)).body;
    }, 120_000);
    afterAll(() => s?.close());

    it('a run exposes its document ids from creation on (responses and analysis once generated)', async () => {
      const bp = await publishedBlueprint(s);
      const fresh = await createRun(s, bp);
      expect(fresh.body.transcript_id).toMatch(/^trn_/);
      expect(fresh.body).toMatchObject({ responses_id: null, analysis_id: null });
      const pending = await s.json('GET', `/v1/transcripts/${fresh.body.transcript_id}`);
      expect(pending.status).toBe(200);
      expect(pending.body).toMatchObject({
        id: fresh.body.transcript_id,
        run_id: fresh.body.id,
        status: 'pending',
        entries: [],
      });

      expect(run.transcript_id).toMatch(/^trn_/);
      expect(run.responses_id).toMatch(/^rsp_/);
      expect(run.analysis_id).toMatch(/^ana_/);
      // lists carry them too
      const list = await s.json('GET', '/v1/interview-runs?search=Documents');
      expect(list.body.data[0]).toMatchObject({
        id: run.id,
        transcript_id: run.transcript_id,
        responses_id: run.responses_id,
        analysis_id: run.analysis_id,
      });
    });

    it('webhooks carry the same document ids as the run', async () => {
      const t = { organizationId: run.organization_id, testMode: run.test_mode };
      const rows = await s.deps.repos.outbox.list(t, { limit: 10, run_id: run.id });
      const analysed = rows.find((r) => r.delivery.eventType === 'analysis.completed');
      expect(analysed).toBeDefined();
      expect(analysed!.delivery.payload).toMatchObject({
        type: 'analysis.completed',
        data: {
          id: run.id,
          transcript_id: run.transcript_id,
          responses_id: run.responses_id,
          analysis_id: run.analysis_id,
        },
      });
    });

    it('answers each id with the same document as the run endpoints', async () => {
      const transcript = await s.json('GET', `/v1/transcripts/${run.transcript_id}`);
      expect(transcript.status).toBe(200);
      const viaRun = await s.json('GET', `/v1/interview-runs/${run.id}/transcript`);
      expect(transcript.body).toEqual({ id: run.transcript_id, ...viaRun.body });
      expect(transcript.body.entries.map((e: { turn_number: number }) => e.turn_number)).toEqual([
        1, 2, 3, 4,
      ]);

      const analysis = await s.json('GET', `/v1/analyses/${run.analysis_id}`);
      expect(analysis.status).toBe(200);
      expect(analysis.body).toEqual((await s.json('GET', `/v1/interview-runs/${run.id}/analysis`)).body);
      expect(analysis.body).toMatchObject({
        id: run.analysis_id,
        object: 'analysis',
        run_id: run.id,
        status: 'completed',
      });

      const responses = await s.json('GET', `/v1/responses/${run.responses_id}`);
      expect(responses.status).toBe(200);
      expect(responses.body).toEqual((await s.json('GET', `/v1/interview-runs/${run.id}/responses`)).body);
      expect(responses.body.items.length).toBeGreaterThan(0);
    });

    it('keeps the analysis id when the analysis is re-run', async () => {
      const rerun = await s.json('POST', `/v1/interview-runs/${run.id}/analysis`, { body: {} });
      expect(rerun.status).toBe(200);
      expect(rerun.body.id).toBe(run.analysis_id);
      expect((await s.json('GET', `/v1/interview-runs/${run.id}`)).body.analysis_id).toBe(run.analysis_id);
    });

    it("is a 404 for another organisation's or mode's ids, ids of the wrong kind and unknown ids", async () => {
      for (const key of [s.keys.other, s.keys.test]) {
        for (const path of [
          `/v1/transcripts/${run.transcript_id}`,
          `/v1/analyses/${run.analysis_id}`,
          `/v1/responses/${run.responses_id}`,
        ]) {
          const r = await s.json('GET', path, { key });
          expect(r.status).toBe(404);
          expect(r.body.error.code).toBe('NOT_FOUND');
        }
      }
      for (const path of [
        `/v1/analyses/${run.responses_id}`,
        `/v1/responses/${run.analysis_id}`,
        `/v1/transcripts/${run.id}`,
        '/v1/transcripts/trn_',
        '/v1/transcripts/trn_nope',
        '/v1/analyses/ana_nope',
      ])
        expect((await s.json('GET', path)).status).toBe(404);
    });

    it('needs interviews:read', async () => {
      const made = await s.json('POST', '/v1/api-keys', {
        body: { name: 'builder', scopes: ['blueprints:write'] },
      });
      const builder = made.body.key as string;
      for (const path of [
        `/v1/transcripts/${run.transcript_id}`,
        `/v1/analyses/${run.analysis_id}`,
        `/v1/responses/${run.responses_id}`,
      ]) {
        const r = await s.json('GET', path, { key: builder });
        expect(r.status).toBe(403);
        expect(r.body.error.details.required).toBe('interviews:read');
      }
      const reader = (
        await s.json('POST', '/v1/api-keys', { body: { name: 'r', scopes: ['interviews:read'] } })
      ).body.key;
      expect((await s.json('GET', `/v1/analyses/${run.analysis_id}`, { key: reader })).status).toBe(200);
    });

    it("a deleted run's documents are gone with it", async () => {
      const bp = await publishedBlueprint(s);
      const doomed = (await createRun(s, bp)).body;
      expect((await s.json('GET', `/v1/transcripts/${doomed.transcript_id}`)).status).toBe(200);
      expect((await s.json('DELETE', `/v1/interview-runs/${doomed.id}`)).status).toBe(200);
      expect((await s.json('GET', `/v1/transcripts/${doomed.transcript_id}`)).status).toBe(404);
    });

    it('documents the endpoints and the run fields in the OpenAPI', async () => {
      const doc = (await s.json('GET', '/v1/openapi.json', { key: null })).body;
      for (const p of ['/v1/transcripts/{id}', '/v1/analyses/{id}', '/v1/responses/{id}'])
        expect(doc.paths[p].get.responses['200']).toBeDefined();
      const props = doc.components.schemas.InterviewRun.properties;
      for (const f of ['transcript_id', 'responses_id', 'analysis_id']) expect(props[f]).toBeDefined();
    });
  });
}
