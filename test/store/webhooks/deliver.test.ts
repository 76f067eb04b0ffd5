import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliver } from '../../../src/store/webhooks/deliver.js';
import type { LookupAll } from '../../../src/store/webhooks/url-guard.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver.js';

let receiver: WebhookReceiver;
beforeEach(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  await receiver.close();
});

const req = (url: string) => ({
  url,
  method: 'POST' as const,
  headers: { 'content-type': 'application/json', 'x-custom': 'yes' },
  body: '{"a":1}',
});

describe('deliver', () => {
  it('sends method, headers and body; a 2xx is success', async () => {
    const deliver = createDeliver({ allowPrivate: true });
    const r = await deliver({ ...req(`${receiver.url}/hook?x=1`), method: 'PUT' });
    expect(r.status_code).toBe(200);
    expect(r.error).toBeNull();
    expect(r.duration_ms).toBeGreaterThanOrEqual(0);
    expect(receiver.requests[0]).toMatchObject({ method: 'PUT', path: '/hook?x=1', body: '{"a":1}' });
    expect(receiver.requests[0]!.headers['x-custom']).toBe('yes');
  });

  it('reports non-2xx statuses as errors', async () => {
    receiver.respond(500, 204);
    const deliver = createDeliver({ allowPrivate: true });
    expect(await deliver(req(receiver.url))).toMatchObject({ status_code: 500, error: 'HTTP 500' });
    expect(await deliver(req(receiver.url))).toMatchObject({ status_code: 204, error: null });
  });

  it('never follows redirects', async () => {
    receiver.respond({ kind: 'status', status: 302, headers: { location: '/elsewhere' } });
    const r = await createDeliver({ allowPrivate: true })(req(`${receiver.url}/hook`));
    expect(r).toMatchObject({ status_code: 302, error: 'redirect not followed (HTTP 302)' });
    expect(receiver.requests.map((x) => x.path)).toEqual(['/hook']);
  });

  it('times out a hanging receiver', async () => {
    receiver.respond({ kind: 'hang' });
    const r = await createDeliver({ allowPrivate: true, timeoutMs: 150 })(req(receiver.url));
    expect(r.status_code).toBeNull();
    expect(r.error).toBe('timeout after 150 ms');
    expect(r.duration_ms).toBeGreaterThanOrEqual(100);
  });

  it('drains and caps a large response body', async () => {
    receiver.respond({ kind: 'status', status: 200, body: 'x'.repeat(2_000_000) });
    const r = await createDeliver({ allowPrivate: true, maxResponseBytes: 1024 })(req(receiver.url));
    expect(r).toMatchObject({ status_code: 200, error: null });
  });

  it('refuses private targets at send time without allowPrivate (nothing is sent)', async () => {
    const r = await createDeliver()(req(receiver.url));
    expect(r.status_code).toBeNull();
    expect(r.error).toMatch(/^refused: .*non-public address/);
    expect(receiver.requests).toHaveLength(0);
  });

  it('re-resolves at send time and refuses a name that now points inside (rebinding)', async () => {
    let answer = '93.184.216.34';
    const lookup: LookupAll = async () => [{ address: answer, family: 4 }];
    answer = '127.0.0.1';
    const port = new URL(receiver.url).port;
    const r = await createDeliver({ lookup })(req(`http://hooks.example.com:${port}/`));
    expect(r.error).toMatch(/^refused:/);
    expect(receiver.requests).toHaveLength(0);
  });

  it('pins the connection to the vetted address, not a second lookup', async () => {
    // The name resolves once (to the receiver) in the guard; the socket must use exactly that answer.
    let calls = 0;
    const lookup: LookupAll = async () => {
      calls++;
      return [{ address: calls === 1 ? '127.0.0.1' : '10.9.9.9', family: 4 }];
    };
    const port = new URL(receiver.url).port;
    const r = await createDeliver({ allowPrivate: true, lookup, timeoutMs: 2_000 })(
      req(`http://pinned.test:${port}/p`),
    );
    expect(r).toMatchObject({ status_code: 200, error: null });
    expect(calls).toBe(1);
    expect(receiver.requests[0]!.headers.host).toBe(`pinned.test:${port}`);
  });

  it('reports connection errors', async () => {
    const closed = await startWebhookReceiver();
    const url = closed.url;
    await closed.close();
    const r = await createDeliver({ allowPrivate: true })(req(url));
    expect(r.status_code).toBeNull();
    expect(r.error).toMatch(/ECONNREFUSED/);
  });
});
