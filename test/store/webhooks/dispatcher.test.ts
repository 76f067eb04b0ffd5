import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliver, type DeliverFn } from '../../../src/store/webhooks/deliver.js';
import {
  buildRequestHeaders,
  WebhookDispatcher,
  type WebhookLogger,
} from '../../../src/store/webhooks/dispatcher.js';
import { generateSecret, verify } from '../../../src/store/webhooks/signing.js';
import type { NewDelivery } from '../../../src/store/webhooks/types.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver.js';
import { FakeClock } from './fake-clock.js';
import { MemoryOutbox } from './memory-outbox.js';

const SECRET = generateSecret((n) => new Uint8Array(n).fill(42));
const POLL = 1_000;

let clock: FakeClock;
let outbox: MemoryOutbox;
let receiver: WebhookReceiver;
let dispatcher: WebhookDispatcher | undefined;
let logs: { level: string; obj: object; msg?: string }[];

const logger: WebhookLogger = {
  debug: (obj, msg) => logs.push({ level: 'debug', obj, ...(msg ? { msg } : {}) }),
  info: (obj, msg) => logs.push({ level: 'info', obj, ...(msg ? { msg } : {}) }),
  warn: (obj, msg) => logs.push({ level: 'warn', obj, ...(msg ? { msg } : {}) }),
  error: (obj, msg) => logs.push({ level: 'error', obj, ...(msg ? { msg } : {}) }),
};

beforeEach(async () => {
  clock = new FakeClock();
  outbox = new MemoryOutbox(() => clock.now());
  receiver = await startWebhookReceiver({ secret: SECRET, now: () => clock.now() });
  logs = [];
  dispatcher = undefined;
});
afterEach(async () => {
  receiver.release();
  await dispatcher?.stop();
  await receiver.close();
});

function newDispatcher(opts: { concurrency?: number; timeoutMs?: number; deliver?: DeliverFn } = {}) {
  dispatcher = new WebhookDispatcher({
    outbox,
    clock,
    random: () => 0.5, // no jitter: exact schedule
    logger,
    pollIntervalMs: POLL,
    concurrency: opts.concurrency ?? 4,
    allowPrivate: true,
    timeoutMs: opts.timeoutMs ?? 5_000,
    ...(opts.deliver ? { deliver: opts.deliver } : {}),
  });
  return dispatcher;
}

/** Outbox rows by status. */
function statuses(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of outbox.rows.values()) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

let msgSeq = 0;
function delivery(overrides: Partial<NewDelivery> = {}): NewDelivery {
  return {
    organization_id: 'org_1',
    endpoint_id: 'we_1',
    run_id: 'run_1',
    event_type: 'interview_run.completed',
    message_id: `msg_test${++msgSeq}`,
    url: `${receiver.url}/hook`,
    method: 'POST',
    headers: {},
    payload: { type: 'interview_run.completed', data: { id: 'run_1' } },
    secret: SECRET,
    ...overrides,
  };
}

/** Move the fake clock forward in poll-interval steps, letting each poll and its deliveries finish. */
async function advance(ms: number): Promise<void> {
  const end = clock.now() + ms;
  while (clock.now() < end) {
    clock.tick(Math.min(POLL, end - clock.now()));
    await dispatcher!.idle();
  }
}

describe('WebhookDispatcher end-to-end over HTTP', () => {
  it('delivers a signed request that verifies at the receiver', async () => {
    const d = await outbox.enqueue(
      delivery({
        headers: { Authorization: 'Bearer customer-token', 'webhook-id': 'msg_forged', Host: 'evil' },
      }),
    );
    newDispatcher().start();
    await dispatcher!.idle();

    expect(receiver.requests).toHaveLength(1);
    const got = receiver.requests[0]!;
    expect(got.verified).toEqual({ ok: true, id: d.message_id, timestamp: Math.floor(clock.now() / 1000) });
    expect(got.method).toBe('POST');
    expect(got.path).toBe('/hook');
    expect(JSON.parse(got.body)).toEqual(d.payload);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['authorization']).toBe('Bearer customer-token');
    expect(got.headers['webhook-id']).toBe(d.message_id);
    expect(got.headers['host']).toBe(new URL(receiver.url).host);
    expect(got.headers['user-agent']).toMatch(/^Parley-Webhooks/);

    const row = outbox.get(d.id);
    expect(row).toMatchObject({ status: 'delivered', attempt: 1, last_status_code: 200, last_error: null });
    expect(outbox.attemptsOf(d.id)).toEqual([
      {
        delivery_id: d.id,
        attempt: 1,
        status_code: 200,
        duration_ms: expect.any(Number),
        error: null,
        at: clock.now(),
      },
    ]);
  });

  it('retries a 500 with the same webhook-id after the backoff delay, then succeeds', async () => {
    receiver.respond(500, 200);
    const t0 = clock.now();
    const d = await outbox.enqueue(delivery());
    newDispatcher().start();
    await dispatcher!.idle();

    expect(outbox.get(d.id)).toMatchObject({
      status: 'failed',
      attempt: 1,
      next_attempt_at: t0 + 5_000,
      last_status_code: 500,
      last_error: 'HTTP 500',
    });
    await advance(4_000);
    expect(receiver.requests).toHaveLength(1);
    await advance(1_000);
    expect(receiver.requests).toHaveLength(2);

    const [first, second] = receiver.requests;
    expect(first!.headers['webhook-id']).toBe(d.message_id);
    expect(second!.headers['webhook-id']).toBe(d.message_id);
    expect(second!.headers['webhook-timestamp']).toBe(String(Math.floor((t0 + 5_000) / 1000)));
    expect(second!.headers['webhook-signature']).not.toBe(first!.headers['webhook-signature']);
    expect(second!.verified?.ok).toBe(true);

    expect(outbox.get(d.id)).toMatchObject({ status: 'delivered', attempt: 2, last_status_code: 200 });
    const attempts = outbox.attemptsOf(d.id);
    expect(attempts.map((a) => [a.attempt, a.status_code, a.error, a.at - t0])).toEqual([
      [1, 500, 'HTTP 500', 0],
      [2, 200, null, 5_000],
    ]);
  });

  it('follows the whole schedule and marks the delivery dead after the last attempt', async () => {
    receiver.respond(503, 503, 503, 503, 503, 503, 503, 200);
    const t0 = clock.now();
    const d = await outbox.enqueue(delivery({ endpoint_id: null }));
    newDispatcher().start();
    await dispatcher!.idle();
    while (outbox.get(d.id).status === 'failed') {
      clock.tick(outbox.get(d.id).next_attempt_at - clock.now());
      dispatcher!.kick();
      await dispatcher!.idle();
    }
    const at = outbox.attemptsOf(d.id).map((a) => a.at - t0);
    const gaps = at.slice(1).map((x, i) => x - at[i]!);
    expect(gaps).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000]);
    expect(outbox.get(d.id)).toMatchObject({ status: 'dead', attempt: 7, last_status_code: 503 });
    expect(receiver.requests).toHaveLength(7);
    expect(outbox.disabledEndpoints).toEqual([]);
  });

  it('410 Gone kills the delivery and disables the endpoint', async () => {
    receiver.respond(410, 410);
    const a = await outbox.enqueue(delivery({ endpoint_id: 'we_gone' }));
    const b = await outbox.enqueue(delivery({ endpoint_id: null }));
    newDispatcher().start();
    await dispatcher!.idle();
    expect(outbox.get(a.id)).toMatchObject({ status: 'dead', attempt: 1, last_status_code: 410 });
    expect(outbox.get(b.id)).toMatchObject({ status: 'dead', attempt: 1, last_status_code: 410 });
    expect(outbox.disabledEndpoints).toEqual(['we_gone']);
    await advance(60_000);
    expect(receiver.requests).toHaveLength(2);
  });

  it('records a timeout for a hanging receiver and schedules a retry', async () => {
    receiver.respond({ kind: 'hang' });
    const d = await outbox.enqueue(delivery());
    newDispatcher({ timeoutMs: 200 }).start();
    await dispatcher!.idle();
    expect(outbox.attemptsOf(d.id)).toEqual([
      expect.objectContaining({ attempt: 1, status_code: null, error: 'timeout after 200 ms' }),
    ]);
    expect(outbox.attemptsOf(d.id)[0]!.duration_ms).toBeGreaterThanOrEqual(150);
    expect(outbox.get(d.id)).toMatchObject({ status: 'failed', last_error: 'timeout after 200 ms' });
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    receiver.respond({ kind: 'status', status: 307, headers: { location: '/moved' } });
    const d = await outbox.enqueue(delivery());
    newDispatcher().start();
    await dispatcher!.idle();
    expect(receiver.requests.map((r) => r.path)).toEqual(['/hook']);
    expect(outbox.get(d.id)).toMatchObject({
      status: 'failed',
      last_status_code: 307,
      last_error: 'redirect not followed (HTTP 307)',
    });
  });

  it('sends per-run notifications with their method and headers', async () => {
    const d = await outbox.enqueue(
      delivery({
        endpoint_id: null,
        method: 'PUT',
        headers: { 'X-Api-Key': 'k1' },
        payload: { interviewId: 'run_1' },
      }),
    );
    newDispatcher().start();
    await dispatcher!.idle();
    expect(receiver.requests[0]).toMatchObject({ method: 'PUT', body: '{"interviewId":"run_1"}' });
    expect(receiver.requests[0]!.headers['x-api-key']).toBe('k1');
    expect(outbox.get(d.id).status).toBe('delivered');
  });

  it('never has more than `concurrency` attempts in flight', async () => {
    const n = 8;
    receiver.respond(...Array.from({ length: n }, () => ({ kind: 'hold' as const })));
    for (let i = 0; i < n; i++) await outbox.enqueue(delivery());
    newDispatcher({ concurrency: 3 }).start();
    await receiver.waitForRequests(3);
    // a 4th request needs a 4th claim: the outbox shows exactly 3 claimed
    expect(statuses()).toEqual({ delivering: 3, pending: n - 3 });
    expect(receiver.requests).toHaveLength(3);
    expect(dispatcher!.active).toBe(3);
    // each release frees slots: wait for the next request, not for time
    while (receiver.requests.length < n) {
      const seen = receiver.requests.length;
      receiver.release();
      await receiver.waitForRequests(seen + 1);
    }
    receiver.release();
    await dispatcher!.idle();
    expect(receiver.maxConcurrent).toBe(3);
    expect([...outbox.rows.values()].every((r) => r.status === 'delivered')).toBe(true);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(n);
  });

  it('kick() delivers a new enqueue before the next poll is due', async () => {
    newDispatcher().start();
    await dispatcher!.idle();
    await outbox.enqueue(delivery());
    dispatcher!.kick();
    await dispatcher!.idle();
    expect(receiver.requests).toHaveLength(1);
  });

  it('polls on the injected timer', async () => {
    newDispatcher().start();
    await dispatcher!.idle();
    await outbox.enqueue(delivery({ next_attempt_at: clock.now() + 2_500 }));
    await advance(2_000);
    expect(receiver.requests).toHaveLength(0);
    await advance(1_000);
    expect(receiver.requests).toHaveLength(1);
  });

  it('stop() waits for in-flight deliveries and stops polling', async () => {
    receiver.respond({ kind: 'hold' });
    const d = await outbox.enqueue(delivery());
    newDispatcher().start();
    await receiver.waitForRequests(1);
    let stopped = false;
    const stopping = dispatcher!.stop().then(() => (stopped = true));
    // the held delivery is the only thing stop() waits on: a turn of the event loop does not end it
    await new Promise<void>((r) => setImmediate(r));
    expect(stopped).toBe(false);
    expect(dispatcher!.active).toBe(1);
    receiver.release();
    await stopping;
    expect(outbox.get(d.id).status).toBe('delivered');
    expect(clock.pending).toBe(0);
    await outbox.enqueue(delivery());
    dispatcher!.kick();
    clock.tick(10 * POLL);
    await dispatcher!.idle();
    expect(receiver.requests).toHaveLength(1);
  });

  it('refuses private targets when allowPrivate is off (nothing sent, retried later)', async () => {
    const d = await outbox.enqueue(delivery());
    dispatcher = new WebhookDispatcher({ outbox, clock, random: () => 0.5, pollIntervalMs: POLL });
    dispatcher.start();
    await dispatcher.idle();
    expect(receiver.requests).toHaveLength(0);
    expect(outbox.get(d.id)).toMatchObject({ status: 'failed', last_status_code: null });
    expect(outbox.get(d.id).last_error).toMatch(/^refused: /);
  });
});

describe('WebhookDispatcher bookkeeping', () => {
  it('treats a throwing deliver as a failed attempt', async () => {
    const d = await outbox.enqueue(delivery());
    newDispatcher({
      deliver: async () => {
        throw new Error('boom');
      },
    }).start();
    await dispatcher!.idle();
    expect(outbox.get(d.id)).toMatchObject({ status: 'failed', last_error: 'boom', last_status_code: null });
  });

  it('logs outbox failures without crashing and without payloads', async () => {
    const d = await outbox.enqueue(delivery({ payload: { secret_name: 'Alice Example' } }));
    outbox.recordAttempt = async () => {
      throw new Error('db down');
    };
    newDispatcher({ deliver: createDeliver({ allowPrivate: true }) }).start();
    await dispatcher!.idle();
    expect(logs.some((l) => l.level === 'error' && JSON.stringify(l.obj).includes('db down'))).toBe(true);
    expect(JSON.stringify(logs)).not.toContain('Alice');
    // Still 'delivering' under its lease: another pass after the lease takes it over.
    expect(outbox.get(d.id).status).toBe('delivering');
  });

  it('a claim that was never finished is retried after its lease expires', async () => {
    const d = await outbox.enqueue(delivery());
    const claimed = await outbox.claimDue(clock.now(), 10, 60_000);
    expect(claimed.map((c) => c.id)).toEqual([d.id]);
    expect(await outbox.claimDue(clock.now(), 10, 60_000)).toEqual([]);
    newDispatcher().start();
    await advance(59_000);
    expect(receiver.requests).toHaveLength(0);
    await advance(1_000);
    expect(receiver.requests).toHaveLength(1);
    expect(outbox.get(d.id).status).toBe('delivered');
  });
});

describe('buildRequestHeaders', () => {
  it('signs, sets content type, lower-cases and drops reserved or invalid custom headers', () => {
    const h = buildRequestHeaders(
      {
        message_id: 'msg_1',
        secret: SECRET,
        headers: {
          'X-Token': 'abc',
          'Content-Type': 'text/plain',
          'Webhook-Signature': 'v1,forged',
          'Content-Length': '1',
          'bad header': 'x',
          'X-Inject': 'a\r\nX-Evil: 1',
        },
      },
      '{}',
      1_700_000_000_000,
    );
    expect(Object.keys(h).sort()).toEqual(
      [
        'content-type',
        'user-agent',
        'webhook-id',
        'webhook-signature',
        'webhook-timestamp',
        'x-token',
      ].sort(),
    );
    expect(h['content-type']).toBe('application/json');
    expect(verify(SECRET, h, '{}', 1_700_000_000_000).ok).toBe(true);
  });
});
