import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js';
import { generateSecret } from '../../src/store/webhooks/signing.js';
import { SHORT_YAML, turn } from './helpers.js';
import {
  callStore,
  ensureBuilt,
  runStoreExpectingFailure,
  startStoreProcess,
  type StoreProcess,
} from './process.js';
import { sseReader, type SseEvent } from './sse.js';

const BOOTSTRAP = 'pk_live_E2eBootstrapKey0123456789abcdef';
const AGENT = 'e2e-agent-secret-0123456789';
const WEBHOOK_SECRET = generateSecret();

// Runs on PGlite (its bootstrap key needs an empty database); PostgreSQL processes: two-instances.test.ts.
describe('parley store (subprocess, end to end)', () => {
  let dir: string;
  let store: StoreProcess;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'parley-store-e2e-'));
    receiver = await startWebhookReceiver({ secret: WEBHOOK_SECRET });
    store = await startStoreProcess(
      {
        PARLEY_BOOTSTRAP_KEY: BOOTSTRAP,
        PARLEY_AGENT_SECRET: AGENT,
        PARLEY_WEBHOOK_SECRET: WEBHOOK_SECRET,
        PARLEY_WEBHOOK_ALLOW_PRIVATE: '1',
      },
      ['--data', join(dir, 'data')],
    );
  }, 180_000);

  afterAll(async () => {
    const code = await store?.stop();
    expect(code).toBe(0);
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    callStore(store.url, BOOTSTRAP, method, path, body, headers);
  const internal = (method: string, path: string, body?: unknown) =>
    api(method, path, body ?? {}, { authorization: '', 'x-agent-secret': AGENT });

  it('bootstrap key → YAML blueprint → publish → run → live interview → finalize → analysis → signed webhook', async () => {
    expect((await api('GET', '/readyz')).status).toBe(200);
    const me = await api('GET', '/v1/me');
    expect(me.body.api_key.scopes).toEqual(['admin']);

    const bp = await api('POST', '/v1/blueprints', SHORT_YAML, { 'content-type': 'application/yaml' });
    expect(bp.status).toBe(201);
    expect((await api('POST', `/v1/blueprints/${bp.body.id}/publish`)).body.status).toBe('published');
    const run = await api('POST', '/v1/interview-runs', {
      blueprint_id: bp.body.id,
      participant: { name: 'Robin Lee', external_id: 'crm-7' },
      variables: { product: 'Parley' },
      notifications: [
        { endpoint: `${receiver.url}/run-done`, attributes: { headers: { 'x-customer': 'acme' } } },
      ],
    });
    expect(run.status).toBe(201);
    const runId = run.body.id as string;
    // header values are write-only: shown by name only, sealed at rest, sent with the webhook (below)
    expect(run.body.notifications[0].attributes.headers).toEqual({ 'x-customer': '[redacted]' });
    expect(JSON.stringify((await api('GET', `/v1/interview-runs/${runId}`)).body)).not.toContain('acme');

    const ses = await internal('POST', `/internal/runs/${runId}/sessions`, { participant_identity: 'robin' });
    expect(ses.status).toBe(201);

    const live = await fetch(`${store.url}/v1/interview-runs/${runId}/live`, {
      headers: { authorization: `Bearer ${BOOTSTRAP}`, accept: 'text/event-stream' },
    });
    expect(live.status).toBe(200);
    const events = sseReader(live.body!);
    await events.until((e) => e.event === 'session_started');

    const turns = [
      turn(1, 'agent', 'What do you like most about Parley?', { node_id: 'likes', question_key: 'likes' }),
      turn(2, 'participant', 'The live transcript is wonderful and the setup was quick.', {
        node_id: 'likes',
        question_key: 'likes',
      }),
      turn(3, 'agent', 'What frustrates you most?', { node_id: 'dislikes', question_key: 'dislikes' }),
      turn(4, 'participant', 'Exporting reports is slow and the buttons are confusing.', {
        node_id: 'dislikes',
        question_key: 'dislikes',
      }),
    ];
    for (const t of turns) {
      expect((await internal('POST', `/internal/runs/${runId}/turns`, t)).status).toBe(201);
      const e = await events.until((x) => x.event === 'transcript');
      expect(e.data.data).toMatchObject({ turn_number: t.turn_number, content: t.content });
    }
    expect((await internal('POST', `/internal/runs/${runId}/turns`, turns[1])).status).toBe(200);
    await internal('POST', `/internal/runs/${runId}/events`, {
      events: [
        { type: 'node_entered', node_id: 'dislikes', node_type: 'question' },
        {
          type: 'follow_up',
          node_id: 'likes',
          key: 'likes',
          technique: 'example',
          reason: 'needs a concrete case',
          index: 1,
        },
      ],
    });
    expect((await events.until((e) => e.event === 'follow_up')).data.data.technique).toBe('example');

    const fin = await internal('POST', `/internal/runs/${runId}/finalize`, { reason: 'completed' });
    expect(fin.status).toBe(202);
    const seen: SseEvent[] = [];
    await events.until((e) => e.event === 'status' && e.data.data.status === 'completed', seen);
    expect(await events.next()).toBeNull();

    const done = await api('GET', `/v1/interview-runs/${runId}?expand[]=responses&expand[]=analysis`);
    expect(done.body.status).toBe('completed');
    expect(done.body.responses.items.map((i: { answered: boolean }) => i.answered)).toEqual([true, true]);
    expect(done.body.analysis.status).toBe('completed');
    expect(done.body.analysis.results.quotes.length).toBeGreaterThan(0);
    // The offline analysis through the real store: structural summary, evidence sentiment, theme quotes.
    const results = done.body.analysis.results;
    expect(results.summary.sections.map((s: { node_id: string }) => s.node_id)).toEqual([
      'likes',
      'dislikes',
    ]);
    expect(results.summary.content).toMatch(/^On likes, the participant /);
    expect(results.summary.content).not.toContain('What frustrates you most?');
    const mood = Object.fromEntries(
      results.sentiment.by_question.map((q: { question_key: string; sentiment: string }) => [
        q.question_key,
        q,
      ]),
    );
    expect(mood.likes).toMatchObject({ sentiment: 'positive', node_id: 'likes' });
    expect(mood.dislikes).toMatchObject({ sentiment: 'negative', node_id: 'dislikes' });
    expect(mood.dislikes.evidence[0]).toMatchObject({
      type: 'words',
      transcript_entry_id: expect.any(String),
    });
    for (const t of results.themes) expect(turns.map((x) => x.content).join(' ')).toContain(t.quote.quote);
    expect(results.quotes.map((q: { node_id: string }) => q.node_id)).toEqual(['likes', 'dislikes']);
    // The OpenAPI document follows the zod schema: the new analysis fields are documented.
    const openapi = JSON.stringify((await api('GET', '/v1/openapi.json')).body);
    for (const field of ['"sections"', '"key_points"', '"entry_ids"', '"reading"', '"timestamp_secs"'])
      expect(openapi).toContain(field);
    const md = await api('GET', `/v1/interview-runs/${runId}/transcript?format=markdown`);
    expect(md.body).toContain('**Robin Lee:** The live transcript is wonderful');

    await receiver.waitForRequests(1, 30_000);
    const hook = receiver.requests[0]!;
    expect(hook.path).toBe('/run-done');
    expect(hook.verified).toMatchObject({ ok: true });
    expect(hook.headers['x-customer']).toBe('acme');
    expect(JSON.parse(hook.body)).toMatchObject({ interviewId: runId, success: true });
    const deliveries = await api('GET', `/v1/webhook-deliveries?run_id=${runId}`);
    expect(deliveries.body.data[0]).toMatchObject({
      status: 'delivered',
      attempts: [{ attempt: 1, status_code: 200 }],
    });
  });
});

describe('parley store configuration', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('lists every configuration problem in one message and exits 2', () => {
    const r = runStoreExpectingFailure({
      PARLEY_BOOTSTRAP_KEY: 'secret',
      PARLEY_WEBHOOK_SECRET: 'nope',
      LIVEKIT_URL: 'ws://127.0.0.1:7880',
      PARLEY_RATE_LIMIT_PER_MIN: 'lots',
    });
    expect(r.code).toBe(2);
    for (const name of [
      'PARLEY_BOOTSTRAP_KEY',
      'PARLEY_WEBHOOK_SECRET',
      'LIVEKIT_URL',
      'PARLEY_RATE_LIMIT_PER_MIN',
    ]) {
      expect(r.stderr).toContain(name);
    }
  });
});
