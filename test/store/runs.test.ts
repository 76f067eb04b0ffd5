import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVerifier } from 'livekit-server-sdk';
import { createLiveKitMinter } from '../../src/store/join-tokens.js';
import { backends, createRun, createTestStore, publishedBlueprint, type TestStore } from './helpers.js';

for (const backend of backends()) {
  describe(`interview runs (${backend.name})`, () => {
    let s: TestStore;
    let bp: string;
    beforeAll(async () => {
      s = await createTestStore({ url: backend.url });
      bp = await publishedBlueprint(s);
    }, 60_000);
    afterAll(() => s?.close());

    it('creates a run pinned to the published version, with variables defaulted', async () => {
      const r = await createRun(s, bp, { metadata: { crm_id: 42 } });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        object: 'interview_run',
        blueprint_id: bp,
        blueprint_version: 1,
        channel: 'webrtc',
        status: 'awaiting_participant',
        consent_status: 'not_required',
        dial_in_pin: null,
        join_url: null,
        join_token: null,
        variables: { product: 'Parley', tone: 'warm' },
        participant: { name: 'Dana Smith', external_id: null },
        progress: { nodes_total: 2, nodes_visited: 0, nodes_answered: 0, current_node: null },
        sessions: [],
        metadata: { crm_id: 42 },
      });
      expect(Date.parse(r.body.expires_at) - s.clock.now()).toBe(7 * 24 * 3600 * 1000);
    });

    it('reports missing required variables, unknown variables and unpublished blueprints', async () => {
      const missing = await createRun(s, bp, { variables: {} });
      expect(missing.status).toBe(400);
      expect(missing.body.error).toMatchObject({
        code: 'MISSING_REQUIRED_VARIABLES',
        details: { missing: ['product'] },
      });
      const unknown = await createRun(s, bp, { variables: { product: 'x', colour: 'red' } });
      expect(unknown.body.error.code).toBe('VALIDATION_FAILED');
      const draft = await s.json('POST', '/v1/blueprints', {
        raw: 'id: d\nname: D\ngraph:\n  entry_node: e\n  nodes:\n    e: { type: end }\n',
        contentType: 'application/yaml',
      });
      const notPub = await createRun(s, draft.body.id, { variables: {} });
      expect(notPub.status).toBe(409);
      expect(notPub.body.error.code).toBe('BLUEPRINT_NOT_PUBLISHED');
      expect((await createRun(s, 'bp_nope')).status).toBe(404);
      expect((await createRun(s, bp, {}, s.keys.other)).status).toBe(404);
      expect((await createRun(s, bp, { agent_id: 'agt_nope' })).status).toBe(404);
      const bad = await createRun(s, bp, { channel: 'pigeon', participant: {} });
      expect(bad.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(
        expect.arrayContaining(['channel', 'participant.name']),
      );
      const hostile = await createRun(s, bp, { notifications: [{ endpoint: 'ftp://example.com/x' }] });
      expect(hostile.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('gives SIP runs a 6-digit PIN unique among live runs', async () => {
      const pins = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const r = await createRun(s, bp, { channel: 'sip' });
        expect(r.body.dial_in_pin).toMatch(/^\d{6}$/);
        pins.add(r.body.dial_in_pin);
      }
      expect(pins.size).toBe(5);
      const [pin] = [...pins];
      const found = await s.json('GET', `/internal/dial-in/${pin}`, { agent: true });
      expect(found.body.dial_in_pin).toBe(pin);
      const resolved = await s.json('POST', '/internal/pins/resolve', { agent: true, body: { pin } });
      expect(resolved.body).toMatchObject({ run_id: found.body.id, channel: 'sip' });
      const wrong = await s.json('POST', '/internal/pins/resolve', {
        agent: true,
        body: { pin: pin === '000000' ? '000001' : '000000' },
      });
      expect(wrong.status).toBe(404);
      await s.json('POST', `/v1/interview-runs/${found.body.id}/cancel`);
      expect((await s.json('POST', '/internal/pins/resolve', { agent: true, body: { pin } })).status).toBe(
        404,
      );
      expect(
        (await s.json('POST', '/internal/pins/resolve', { agent: true, body: { pin: '12' } })).body.error
          .code,
      ).toBe('VALIDATION_FAILED');
    });

    it('mints a LiveKit join token that dispatches the parley agent with the run id', async () => {
      s.deps.joinTokens = createLiveKitMinter({
        url: 'ws://127.0.0.1:7880',
        apiKey: 'devkey',
        apiSecret: 'secret-secret-secret-secret-secret-1',
        now: () => s.clock.now(),
      });
      try {
        const r = await createRun(s, bp);
        // Parley's own join page: an opaque signed link, never the LiveKit JWT
        expect(r.body.join_url).toMatch(/^http:\/\/store\.test\/join\/[\w-]+\.[\w-]{43}$/);
        expect(r.body.join_url).not.toContain(r.body.join_token);
        const claims = await new TokenVerifier('devkey', 'secret-secret-secret-secret-secret-1').verify(
          r.body.join_token,
        );
        expect(claims.video?.room).toBe(r.body.room);
        const cfg = claims.roomConfig as { agents?: { agentName: string; metadata: string }[] } | undefined;
        expect(cfg?.agents?.[0]?.agentName).toBe('parley');
        expect(JSON.parse(cfg!.agents![0]!.metadata)).toEqual({ run_id: r.body.id });
      } finally {
        s.deps.joinTokens = null;
      }
    });

    it('lists with cursor pagination, filters, search and expand[]', async () => {
      const t = s.keys.test;
      const tbp = await publishedBlueprint(s, t);
      const ids: string[] = [];
      for (const name of ['Ana Lopez', 'Ben Ode', 'Cleo Park', 'Dan Wu', 'Eve Ray']) {
        s.clock.advance(1000);
        ids.push((await createRun(s, tbp, { participant: { name } }, t)).body.id);
      }
      const p1 = await s.json('GET', '/v1/interview-runs?limit=2', { key: t });
      expect(p1.body.data.map((r: { id: string }) => r.id)).toEqual([ids[4], ids[3]]);
      expect(p1.body).toMatchObject({ has_more: true, next_cursor: ids[3] });
      const p2 = await s.json('GET', `/v1/interview-runs?limit=2&starting_after=${p1.body.next_cursor}`, {
        key: t,
      });
      expect(p2.body.data.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
      const p3 = await s.json('GET', `/v1/interview-runs?limit=2&starting_after=${p2.body.next_cursor}`, {
        key: t,
      });
      expect(p3.body).toMatchObject({ has_more: false, next_cursor: null });
      expect(p3.body.data.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
      const back = await s.json('GET', `/v1/interview-runs?limit=2&ending_before=${ids[1]}`, { key: t });
      expect(back.body.data.map((r: { id: string }) => r.id)).toEqual([ids[3], ids[2]]);
      expect((await s.json('GET', '/v1/interview-runs?limit=0', { key: t })).body.error.code).toBe(
        'VALIDATION_FAILED',
      );
      expect(
        (await s.json('GET', '/v1/interview-runs?starting_after=run_nope', { key: t })).body.error.code,
      ).toBe('VALIDATION_FAILED');

      const search = await s.json('GET', '/v1/interview-runs?search=cLeO', { key: t });
      expect(search.body.data.map((r: { id: string }) => r.id)).toEqual([ids[2]]);
      const byBp = await s.json(
        'GET',
        `/v1/interview-runs?search=feedback&blueprint_id=${tbp}&status=awaiting_participant`,
        { key: t },
      );
      expect(byBp.body.data).toHaveLength(5);
      expect((await s.json('GET', '/v1/interview-runs?status=completed', { key: t })).body.data).toHaveLength(
        0,
      );
      expect((await s.json('GET', '/v1/interview-runs?status=bogus', { key: t })).status).toBe(400);

      const expanded = await s.json(
        'GET',
        `/v1/interview-runs?limit=1&expand[]=blueprint&expand[]=transcript&expand[]=agent`,
        { key: t },
      );
      const run = expanded.body.data[0];
      expect(run.blueprint).toMatchObject({ object: 'blueprint_version', version: 1 });
      expect(run.transcript).toMatchObject({ object: 'transcript', entries: [], status: 'pending' });
      expect(run.agent).toBeNull();
      const one = await s.json('GET', `/v1/interview-runs/${ids[0]}?expand[]=responses&expand[]=analysis`, {
        key: t,
      });
      expect(one.body).toMatchObject({ responses: null, analysis: null });
      // live keys do not see test-mode runs
      expect((await s.json('GET', `/v1/interview-runs/${ids[0]}`)).status).toBe(404);
      expect((await s.json('GET', '/v1/interview-runs?search=cleo')).body.data).toHaveLength(0);
    });

    it('patches, cancels and deletes runs', async () => {
      const r = (await createRun(s, bp)).body;
      const later = new Date(s.clock.now() + 3_600_000).toISOString();
      const p = await s.json('PATCH', `/v1/interview-runs/${r.id}`, {
        body: { scheduled_at: later, metadata: { a: 1 } },
      });
      expect(p.body).toMatchObject({ status: 'scheduled', scheduled_at: later, metadata: { a: 1 } });
      expect(
        (await s.json('PATCH', `/v1/interview-runs/${r.id}`, { body: { status: 'completed' } })).body.error
          .code,
      ).toBe('VALIDATION_FAILED');
      const c = await s.json('POST', `/v1/interview-runs/${r.id}/cancel`);
      expect(c.body.status).toBe('cancelled');
      expect((await s.json('POST', `/v1/interview-runs/${r.id}/cancel`)).body.status).toBe('cancelled');
      expect(
        (await s.json('PATCH', `/v1/interview-runs/${r.id}`, { body: { metadata: {} } })).body.error.code,
      ).toBe('CONFLICT');
      expect((await s.json('DELETE', `/v1/interview-runs/${r.id}`, { key: s.keys.other })).status).toBe(404);
      expect((await s.json('DELETE', `/v1/interview-runs/${r.id}`)).status).toBe(200);
      expect((await s.json('GET', `/v1/interview-runs/${r.id}`)).status).toBe(404);
    });

    it('expires runs nobody joined before expires_at', async () => {
      const exp = new Date(s.clock.now() + 60_000).toISOString();
      const r = (await createRun(s, bp, { expires_at: exp })).body;
      expect(r.expires_at).toBe(exp);
      s.clock.advance(60_000);
      expect((await s.json('GET', `/v1/interview-runs/${r.id}`)).body.status).toBe('expired');
      const ses = await s.json('POST', `/internal/runs/${r.id}/sessions`, { agent: true });
      expect(ses.body.error).toMatchObject({ code: 'RUN_NOT_ACTIVE', details: { status: 'expired' } });
      const past = await createRun(s, bp, { expires_at: new Date(s.clock.now() - 1).toISOString() });
      expect(past.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('counts runs per status, with abandoned = active and silent for 5 minutes', async () => {
      const fresh = await createTestStore({ url: backend.url });
      try {
        const b = await publishedBlueprint(fresh);
        const a = (await createRun(fresh, b)).body;
        await createRun(fresh, b);
        await fresh.json('POST', `/internal/runs/${a.id}/sessions`, { agent: true, body: {} });
        let stats = await fresh.json('GET', '/v1/stats');
        expect(stats.body).toMatchObject({
          total: 2,
          abandoned: 0,
          by_status: { active: 1, awaiting_participant: 1 },
        });
        fresh.clock.advance(5 * 60_000 + 1);
        stats = await fresh.json('GET', '/v1/stats');
        expect(stats.body.abandoned).toBe(1);
      } finally {
        await fresh.close();
      }
    });
  });
}
