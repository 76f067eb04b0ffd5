import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../e2e/harness/net.js';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js';
import { generateSecret } from '../../src/store/webhooks/signing.js';
import { SHORT_YAML, createTestStore, turn } from '../store/helpers.js';
import { callStore } from '../store/process.js';
import { sseReader } from '../store/sse.js';
import { IMAGE, removeContainer, startContainer, type Container } from './container.js';

const BOOTSTRAP = 'pk_live_ImageBootstrapKey0123456789abcd';
const AGENT = 'image-agent-secret-0123456789';
const WEBHOOK_SECRET = generateSecret();

const PG = process.env.PARLEY_TEST_DATABASE_URL;
const BACKENDS = [
  { name: 'PGlite under the /data volume', pg: undefined },
  ...(PG ? [{ name: 'the suite PostgreSQL', pg: PG }] : []),
];

// `parley store` from the image, as in production, on the host's network: on PGlite (its bootstrap key needs
// an empty database) and, when PARLEY_TEST_DATABASE_URL is set, on the suite's PostgreSQL (a seeded key).
describe.each(BACKENDS)(`parley store from the image (${IMAGE}) on $name`, ({ pg }) => {
  let store: Container;
  let url: string;
  let key = BOOTSTRAP;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    if (pg) {
      const seed = await createTestStore({ url: pg });
      key = seed.keys.live;
      await seed.close();
    }
    receiver = await startWebhookReceiver({ secret: WEBHOOK_SECRET });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    store = startContainer(
      'store',
      {
        ...(pg ? { DATABASE_URL: pg } : { PARLEY_BOOTSTRAP_KEY: BOOTSTRAP }),
        PARLEY_AGENT_SECRET: AGENT,
        PARLEY_WEBHOOK_SECRET: WEBHOOK_SECRET,
        PARLEY_WEBHOOK_ALLOW_PRIVATE: '1',
        PARLEY_LOG_LEVEL: 'info',
        // no sweeps: the PostgreSQL database is shared with suites on their own test clocks
        PARLEY_SWEEP_INTERVAL_S: '3600',
        PARLEY_HEALTHCHECK_URL: `${url}/healthz`,
      },
      ['store', '--host', '127.0.0.1', '--port', String(port), ...(pg ? [] : ['--data', '/data/store'])],
    );
    await store.proc.waitForLine(/parley store listening on http:\/\//, 120_000);
  }, 180_000);

  afterAll(async () => {
    if (store?.proc.running) await store.signal('KILL');
    if (store) removeContainer(store.name);
    await receiver?.close();
  });

  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    callStore(url, key, method, path, body, headers);
  const internal = (method: string, path: string, body?: unknown) =>
    api(method, path, body ?? {}, { authorization: '', 'x-agent-secret': AGENT });

  it('runs as the unprivileged node user, without dev dependencies, tests or source maps', () => {
    expect(store.exec(['id', '-u']).stdout.trim()).toBe('1000');
    const listing = store.exec([
      'sh',
      '-c',
      'ls node_modules; ls node_modules/.bin 2>/dev/null; find /app -path /app/node_modules -prune -o -type f -print',
    ]).stdout;
    const files = listing.split('\n').filter(Boolean);
    for (const dev of [
      'vitest',
      'prettier',
      'esbuild',
      'tsx',
      'playwright-core',
      'fast-check',
      'drizzle-kit',
      'typescript',
    ])
      expect(files).not.toContain(dev);
    // nor what the runtime never loads: the dependencies' source maps, declaration files and test files
    const shipped = store.exec([
      'sh',
      '-c',
      "find /app/node_modules -type f \\( -name '*.map' -o -name '*.d.ts' -o -name '*.test.js' \\) | head -n 5",
    ]).stdout;
    expect(shipped.trim()).toBe('');
    expect(files.filter((f) => f.startsWith('/app/') && /(\.test\.|\.map$|\/test\/|\.ts$)/.test(f))).toEqual(
      [],
    );
    expect(files).toContain('/app/dist/src/cli/main.js');
  });

  it('healthz, readyz, the HEALTHCHECK command and the OpenAPI document', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await api('GET', '/readyz')).status).toBe(200);
    expect(store.healthcheck()).toBe(true);
    const openapi = await api('GET', '/v1/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.body.paths)).toContain('/v1/interview-runs');
  });

  it('blueprint → run → turns → finalize → analysis → signed webhook on the host', async () => {
    const bp = await api('POST', '/v1/blueprints', SHORT_YAML, { 'content-type': 'application/yaml' });
    expect(bp.status).toBe(201);
    expect((await api('POST', `/v1/blueprints/${bp.body.id}/publish`)).body.status).toBe('published');
    const run = await api('POST', '/v1/interview-runs', {
      blueprint_id: bp.body.id,
      participant: { name: 'Robin Lee', external_id: 'crm-7' },
      variables: { product: 'Parley' },
      notifications: [{ endpoint: `${receiver.url}/run-done` }],
    });
    expect(run.status).toBe(201);
    const runId = run.body.id as string;
    expect(
      (await internal('POST', `/internal/runs/${runId}/sessions`, { participant_identity: 'robin' })).status,
    ).toBe(201);

    const live = await fetch(`${url}/v1/interview-runs/${runId}/live`, {
      headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
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
    expect((await internal('POST', `/internal/runs/${runId}/finalize`, { reason: 'completed' })).status).toBe(
      202,
    );
    await events.until((e) => e.event === 'status' && e.data.data.status === 'completed');

    const done = await api('GET', `/v1/interview-runs/${runId}?expand[]=responses&expand[]=analysis`);
    expect(done.body.status).toBe('completed');
    expect(done.body.responses.items.map((i: { answered: boolean }) => i.answered)).toEqual([true, true]);
    expect(done.body.analysis.status).toBe('completed');

    await receiver.waitForRequests(1, 30_000);
    const hook = receiver.requests[0]!;
    expect(hook.path).toBe('/run-done');
    expect(hook.verified).toMatchObject({ ok: true });
    expect(JSON.parse(hook.body)).toMatchObject({ interviewId: runId, success: true });
  }, 120_000);

  it('SIGTERM stops the store cleanly (exit 0)', async () => {
    expect(await store.signal('TERM')).toBe(0);
  }, 60_000);
});
