import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js';
import { generateSecret } from '../../src/store/webhooks/signing.js';
import { SHORT_YAML, createTestStore, turn } from './helpers.js';
import { ensureBuilt, startStoreProcess, type StoreProcess } from './process.js';
import { sseReader } from './sse.js';

const url = process.env.PARLEY_TEST_DATABASE_URL;
const AGENT = 'two-instances-agent-secret-0123';
const WEBHOOK_SECRET = generateSecret();

describe.skipIf(!url)('two parley store processes on one PostgreSQL', () => {
  let a: StoreProcess;
  let b: StoreProcess;
  let key: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    ensureBuilt();
    const seed = await createTestStore({ url });
    key = seed.keys.live;
    await seed.close();
    receiver = await startWebhookReceiver({ secret: WEBHOOK_SECRET });
    const env = {
      DATABASE_URL: url!,
      PARLEY_AGENT_SECRET: AGENT,
      PARLEY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PARLEY_WEBHOOK_ALLOW_PRIVATE: '1',
    };
    [a, b] = await Promise.all([startStoreProcess(env), startStoreProcess(env)]);
  }, 180_000);

  afterAll(async () => {
    expect(await a?.stop()).toBe(0);
    expect(await b?.stop()).toBe(0);
    await receiver?.close();
  });

  const call = async (
    base: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const internal = (base: string, method: string, path: string, body: unknown = {}) =>
    call(base, method, path, body, { authorization: '', 'x-agent-secret': AGENT });

  it('fans events out to subscribers of the other instance and delivers each webhook once', async () => {
    const bp = await call(a.url, 'POST', '/v1/blueprints', SHORT_YAML, {
      'content-type': 'application/yaml',
    });
    await call(a.url, 'POST', `/v1/blueprints/${bp.body.id}/publish`);
    const run = await call(a.url, 'POST', '/v1/interview-runs', {
      blueprint_id: bp.body.id,
      participant: { name: 'Sam' },
      variables: { product: 'Parley' },
      notifications: [{ endpoint: `${receiver.url}/hook` }],
    });
    const id = run.body.id as string;
    await internal(a.url, 'POST', `/internal/runs/${id}/sessions`);

    const res = await fetch(`${b.url}/v1/interview-runs/${id}/live`, {
      headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
    });
    const events = sseReader(res.body!);
    await events.until((e) => e.event === 'session_started');

    await internal(a.url, 'POST', `/internal/runs/${id}/turns`, turn(1, 'agent', 'What do you like?'));
    expect((await events.until((e) => e.event === 'transcript')).data.data.content).toBe('What do you like?');
    await internal(
      a.url,
      'POST',
      `/internal/runs/${id}/turns`,
      turn(2, 'participant', 'The speed is great, really quick.'),
    );
    expect((await events.until((e) => e.event === 'transcript')).data.data.turn_number).toBe(2);
    const big = 'word '.repeat(3000);
    await internal(a.url, 'POST', `/internal/runs/${id}/events`, {
      type: 'transcript_interim',
      role: 'participant',
      content: big,
    });
    expect((await events.until((e) => e.event === 'transcript_interim')).data.data.content).toBe(big);

    await internal(a.url, 'POST', `/internal/runs/${id}/finalize`, { reason: 'completed' });
    await events.until((e) => e.event === 'status' && e.data.data.status === 'completed');

    await receiver.waitForRequests(1, 30_000);
    let deliveries = await call(b.url, 'GET', `/v1/webhook-deliveries?run_id=${id}`);
    while (deliveries.body.data[0]?.status !== 'delivered') {
      await receiver.waitForRequests(1);
      deliveries = await call(b.url, 'GET', `/v1/webhook-deliveries?run_id=${id}`);
    }
    expect(deliveries.body.data).toHaveLength(1);
    expect(deliveries.body.data[0].attempts).toHaveLength(1);
    expect(receiver.requests.filter((r) => r.path === '/hook')).toHaveLength(1);
  });
});
