import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify, type VerifyResult } from '../../store/webhooks/signing.js';

/** The demo's webhook receiver: listens on 127.0.0.1 and verifies Standard Webhooks signatures. */

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  verified: VerifyResult;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  next(timeoutMs: number): Promise<ReceivedWebhook | null>;
  close(): Promise<void>;
}

export async function startReceiver(secret: string): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<(w: ReceivedWebhook) => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const hook: ReceivedWebhook = {
        headers: req.headers,
        body,
        verified: verify(secret, req.headers, body, Date.now()),
      };
      received.push(hook);
      res.writeHead(hook.verified.ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: hook.verified.ok }));
      for (const w of waiters.splice(0)) w(hook);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    next: (timeoutMs) =>
      new Promise((resolve) => {
        const t = setTimeout(() => resolve(null), timeoutMs);
        waiters.push((w) => {
          clearTimeout(t);
          resolve(w);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
