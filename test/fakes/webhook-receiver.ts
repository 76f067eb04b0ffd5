import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify, type VerifyResult } from '../../src/store/webhooks/signing.js';

/**
 * A local webhook receiver on 127.0.0.1 for tests: records every request, verifies Standard Webhooks
 * signatures when given the secret, and answers with a queue of scripted behaviours (default 200).
 */

export type ReceiverBehaviour =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Never answer (until close). */
  | { kind: 'hang' }
  /** Answer `status` when `release()` is called. */
  | { kind: 'hold'; status?: number };

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Signature check result, or null when the receiver has no secret. */
  verified: VerifyResult | null;
}

export interface WebhookReceiver {
  /** Base URL, e.g. http://127.0.0.1:12345 */
  url: string;
  requests: ReceivedRequest[];
  /** Queue behaviours for the next requests (in order); numbers are plain statuses. */
  respond(...behaviours: (number | ReceiverBehaviour)[]): void;
  /** Answer every held request. */
  release(): void;
  /** Requests currently being handled (held, hanging). */
  readonly inFlight: number;
  /** Highest number of requests handled at once. */
  readonly maxConcurrent: number;
  /** Resolves when at least `n` requests have been received. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  secret?: string;
  /** Clock for signature tolerance (ms); default Date.now. */
  now?: () => number;
  toleranceS?: number;
}

export async function startWebhookReceiver(options: ReceiverOptions = {}): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const queue: ReceiverBehaviour[] = [];
  const held: { res: ServerResponse; status: number }[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let inFlight = 0;
  let maxConcurrent = 0;

  const server = createServer((req, res) => {
    inFlight++;
    maxConcurrent = Math.max(maxConcurrent, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verified = options.secret
        ? verify(
            options.secret,
            req.headers as Record<string, string>,
            body,
            (options.now ?? Date.now)(),
            options.toleranceS,
          )
        : null;
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, verified });
      for (const w of [...waiters]) {
        if (requests.length >= w.n) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
      const b = queue.shift() ?? { kind: 'status', status: 200 };
      if (b.kind === 'hang') return;
      if (b.kind === 'hold') {
        held.push({ res, status: b.status ?? 200 });
        return;
      }
      res.writeHead(b.status, b.headers ?? {});
      res.end(b.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond(...behaviours) {
      for (const b of behaviours) queue.push(typeof b === 'number' ? { kind: 'status', status: b } : b);
    },
    release() {
      for (const h of held.splice(0)) {
        h.res.writeHead(h.status);
        h.res.end();
      }
    },
    get inFlight() {
      return inFlight;
    },
    get maxConcurrent() {
      return maxConcurrent;
    },
    waitForRequests(n, timeoutMs = 5_000) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`receiver got ${requests.length} of ${n} requests`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        });
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
