import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_STATUSES } from '../../src/store/api/run-status.js';
import { abandonIdleRuns, expireRuns, sweepRuns } from '../../src/store/services/lifecycle.js';
import { toDelivery } from '../../src/store/db/outbox.js';
import type { Tenant } from '../../src/store/repos/scope.js';
import { WebhookDispatcher, systemClock } from '../../src/store/webhooks/dispatcher.js';
import { eventEnvelopeSchema } from '../../src/store/webhooks/payloads/envelope.js';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js';
import { backends, createRun, createTestStore, publishedBlueprint, type TestStore } from './helpers.js';

const MIN = 60_000;

for (const backend of backends()) {
  describe(`run lifecycle and its webhooks (${backend.name})`, () => {
    let s: TestStore;
    let bp: string;
    let receiver: WebhookReceiver;
    let dispatcher: WebhookDispatcher;
    let tenant: Tenant;
    beforeAll(async () => {
      s = await createTestStore({ url: backend.url });
      bp = await publishedBlueprint(s);
      // sweeps stay inside this organisation: other suites share the PostgreSQL database
      const me = await createRun(s, bp);
      tenant = { organizationId: me.body.organization_id, testMode: false };
      // an account endpoint that takes every event, on a real receiver checking the signatures
      const hook = await s.json('POST', '/v1/webhook-endpoints', { body: { url: 'http://127.0.0.1:9/x' } });
      receiver = await startWebhookReceiver({ secret: hook.body.secret, now: () => s.clock.now() });
      await s.json('PATCH', `/v1/webhook-endpoints/${hook.body.id}`, {
        body: { url: `${receiver.url}/hook` },
      });
      dispatcher = new WebhookDispatcher({
        outbox: s.deps.repos.outbox,
        allowPrivate: true,
        clock: { ...systemClock, now: () => s.clock.now() },
        pollIntervalMs: 60_000,
      });
    }, 60_000);
    afterAll(async () => {
      await dispatcher?.stop();
      await receiver?.close();
      await s?.close();
    });

    const deliveries = async (runId: string) =>
      (await s.json('GET', `/v1/webhook-deliveries?run_id=${runId}&limit=100`)).body.data as {
        event_type: string;
      }[];
    const statusEvents = async (runId: string) =>
      (await s.deps.repos.events.after(runId, 0))
        .filter((e) => e.type === 'status')
        .map((e) => [e.data.previous_status, e.data.status]);
    const session = (runId: string) =>
      s.json('POST', `/internal/runs/${runId}/sessions`, {
        agent: true,
        body: { participant_identity: 'p' },
      });

    it('has no status that never happens', async () => {
      expect(RUN_STATUSES).not.toContain('created');
      const bad = await s.json('GET', '/v1/interview-runs?status=created');
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('an idle conversation becomes abandoned, is resumable, and comes back on activity', async () => {
      const run = (await createRun(s, bp)).body;
      expect((await session(run.id)).status).toBe(201);
      s.clock.advance(4 * MIN);
      expect(await abandonIdleRuns(s.deps, tenant)).toBe(0);
      s.clock.advance(2 * MIN);
      expect(await abandonIdleRuns(s.deps, tenant)).toBe(1);
      // a second sweeper (another instance) finds nothing left to do
      expect(await abandonIdleRuns(s.deps, tenant)).toBe(0);
      expect((await s.json('GET', `/v1/interview-runs/${run.id}`)).body.status).toBe('abandoned');
      const listed = await s.json('GET', '/v1/interview-runs?status=abandoned&limit=100');
      expect(listed.body.data.map((r: { id: string }) => r.id)).toContain(run.id);
      const types = (await deliveries(run.id)).map((d) => d.event_type);
      expect(types).toEqual(
        expect.arrayContaining(['interview_run.abandoned', 'interview_run.status_changed']),
      );

      // the participant rejoins: active again
      expect((await session(run.id)).status).toBe(201);
      expect((await s.json('GET', `/v1/interview-runs/${run.id}`)).body.status).toBe('active');

      // idle again, then the worker reports activity on the same connection
      s.clock.advance(6 * MIN);
      expect(await abandonIdleRuns(s.deps, tenant)).toBe(1);
      const ev = await s.json('POST', `/internal/runs/${run.id}/events`, {
        agent: true,
        body: { type: 'agent_state', state: 'speaking' },
      });
      expect(ev.status).toBe(202);
      expect((await s.json('GET', `/v1/interview-runs/${run.id}`)).body.status).toBe('active');
      expect(await statusEvents(run.id)).toEqual(
        expect.arrayContaining([
          ['active', 'abandoned'],
          ['abandoned', 'active'],
        ]),
      );
    });

    it('expires runs nobody joined, abandoned ones too, once', async () => {
      const soon = new Date(s.clock.now() + 10 * MIN).toISOString();
      const waiting = (await createRun(s, bp, { expires_at: soon })).body;
      const left = (await createRun(s, bp, { expires_at: soon })).body;
      await session(left.id);
      s.clock.advance(6 * MIN);
      await sweepRuns(s.deps, tenant);
      expect((await s.json('GET', `/v1/interview-runs/${left.id}`)).body.status).toBe('abandoned');
      s.clock.advance(5 * MIN);
      const swept = await sweepRuns(s.deps, tenant);
      expect(swept.expired).toBe(2);
      expect(await expireRuns(s.deps, tenant)).toBe(0);
      for (const id of [waiting.id, left.id]) {
        expect((await s.json('GET', `/v1/interview-runs/${id}`)).body.status).toBe('expired');
        const types = (await deliveries(id)).map((d) => d.event_type);
        expect(types.filter((t) => t === 'interview_run.expired')).toHaveLength(1);
      }
      // an expired run cannot be joined again
      expect((await session(left.id)).body.error.code).toBe('RUN_NOT_ACTIVE');
    });

    it('cancelling sends interview_run.cancelled and status_changed with the previous status', async () => {
      const run = (await createRun(s, bp)).body;
      expect((await s.json('POST', `/v1/interview-runs/${run.id}/cancel`)).status).toBe(200);
      const types = (await deliveries(run.id)).map((d) => d.event_type);
      expect(types).toEqual(
        expect.arrayContaining(['interview_run.cancelled', 'interview_run.status_changed']),
      );
      expect(await statusEvents(run.id)).toEqual([['awaiting_participant', 'cancelled']]);
    });

    it('analysis.failed instead of analysis.completed when the analyzer fails', async () => {
      const run = (await createRun(s, bp)).body;
      await session(run.id);
      const analyzerFor = s.deps.analyzerFor;
      s.deps.analyzerFor = () => ({
        model: 'broken-model',
        analyze: () => Promise.reject(new Error('model unavailable')),
      });
      try {
        await s.json('POST', `/internal/runs/${run.id}/finalize`, {
          agent: true,
          body: { reason: 'completed' },
        });
        await s.deps.tasks.idle();
      } finally {
        s.deps.analyzerFor = analyzerFor;
      }
      const types = (await deliveries(run.id)).map((d) => d.event_type);
      expect(types).toContain('analysis.failed');
      expect(types).not.toContain('analysis.completed');
      expect(types).toContain('interview_run.completed');
    });

    it('every new event reaches a real receiver, signed, in the documented envelope', async () => {
      const before = receiver.requests.length;
      // this organisation's deliveries only (never claim another suite's)
      const rows = await s.deps.repos.outbox.list(tenant, { limit: 1000 });
      const due = rows.filter((r) => r.delivery.status === 'pending').map((r) => toDelivery(r.delivery));
      expect(due.length).toBeGreaterThan(0);
      for (const d of due) await dispatcher.attempt(d);
      await receiver.waitForRequests(before + due.length, 30_000);
      const got = receiver.requests.slice(before);
      const types = new Set<string>();
      const changes: [string | null, string][] = [];
      for (const r of got) {
        expect(r.verified).toMatchObject({ ok: true });
        const env = eventEnvelopeSchema.parse(JSON.parse(r.body));
        types.add(env.type);
        if (env.type === 'interview_run.status_changed')
          changes.push([env.data.previous_status, env.data.status]);
      }
      expect(changes).toEqual(
        expect.arrayContaining([
          ['awaiting_participant', 'cancelled'],
          ['active', 'abandoned'],
          ['abandoned', 'expired'],
        ]),
      );
      for (const t of [
        'interview_run.abandoned',
        'interview_run.expired',
        'interview_run.cancelled',
        'interview_run.status_changed',
        'interview_run.completed',
        'analysis.failed',
      ])
        expect(types).toContain(t);
      const doc = (await s.json('GET', '/v1/openapi.json')).body;
      for (const t of types) expect(doc.webhooks[t]).toBeDefined();
    });
  });
}
