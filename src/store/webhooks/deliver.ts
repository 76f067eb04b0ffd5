import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { z } from 'zod';
import { isParleyError } from '../../errors/parley-error.js';
import type { DeliveryResult, WebhookMethod } from './types.js';
import { assertWebhookUrl, type LookupAll, type ResolvedAddress } from './url-guard.js';

/**
 * One HTTP attempt of a webhook. The URL is re-checked with a fresh DNS lookup right before sending and
 * the connection is pinned to the vetted address (a per-attempt undici Agent whose `connect.lookup`
 * answers with it), so a DNS answer that changes between check and connect cannot redirect the request.
 * Redirects are never followed (undici's `request` has no redirect handling without the redirect
 * interceptor): a 3xx is a failed attempt. The response body is drained up to a cap and discarded.
 */

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

export const deliverOptionsSchema = z.object({
  /** Total time for connect + request + response (ms). */
  timeoutMs: z.number().int().positive().default(DEFAULT_TIMEOUT_MS),
  allowPrivate: z.boolean().default(false),
  maxResponseBytes: z.number().int().nonnegative().default(DEFAULT_MAX_RESPONSE_BYTES),
});
export type DeliverOptions = z.input<typeof deliverOptionsSchema> & {
  /** DNS lookup (default dns.promises.lookup) — injected by tests. */
  lookup?: LookupAll;
  /** Monotonic-ish clock for durations (default performance.now). */
  now?: () => number;
};

export interface DeliveryRequest {
  url: string;
  method: WebhookMethod;
  headers: Record<string, string>;
  body: string;
}

export type DeliverFn = (req: DeliveryRequest) => Promise<DeliveryResult>;

/** A lookup that answers with the addresses the guard already checked (no second DNS query to rebind). */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  const first = addresses[0]!;
  return (_hostname, options, callback) => {
    if (options?.all === true)
      callback(
        null,
        addresses.map((a) => ({ address: a.address, family: a.family })),
      );
    else callback(null, first.address, first.family);
  };
}

function describe(err: unknown): string {
  if (isParleyError(err)) return `refused: ${err.message}`;
  const e = err as { name?: string; code?: string; message?: string; cause?: unknown };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  const cause = e?.cause as { code?: string; message?: string } | undefined;
  const code = e?.code && e.code.startsWith('UND_ERR') && cause?.code ? cause.code : (e?.code ?? cause?.code);
  const msg = e?.message ?? String(err);
  return code ? `${code}: ${msg}` : msg;
}

function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A `DeliverFn` with the given options. */
export function createDeliver(options: DeliverOptions = {}): DeliverFn {
  const opts = deliverOptionsSchema.parse({
    timeoutMs: options.timeoutMs,
    allowPrivate: options.allowPrivate,
    maxResponseBytes: options.maxResponseBytes,
  });
  const now = options.now ?? (() => performance.now());
  const lookup = options.lookup;

  return async (req) => {
    const started = now();
    const elapsed = () => Math.max(0, Math.round(now() - started));
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException('webhook timed out', 'TimeoutError')),
      opts.timeoutMs,
    );
    let agent: Agent | undefined;
    try {
      const checked = await untilAborted(
        assertWebhookUrl(req.url, { allowPrivate: opts.allowPrivate, ...(lookup ? { lookup } : {}) }),
        controller.signal,
      );
      agent = new Agent({
        connect: { lookup: pinnedLookup(checked.addresses), timeout: opts.timeoutMs },
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
        pipelining: 0,
      });
      const res = await request(checked.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        dispatcher: agent,
        signal: controller.signal,
      });
      let read = 0;
      try {
        for await (const chunk of res.body) {
          read += (chunk as Buffer).length;
          if (read > opts.maxResponseBytes) break;
        }
      } catch {
        // The status is what counts; a broken or slow body after the headers does not change it.
      } finally {
        res.body.destroy();
      }
      const code = res.statusCode;
      let error: string | null = null;
      if (code >= 300 && code < 400) {
        error = `redirect not followed (HTTP ${code})`;
      } else if (code < 200 || code >= 300) {
        error = `HTTP ${code}`;
      }
      return { status_code: code, duration_ms: elapsed(), error };
    } catch (err) {
      const reason = controller.signal.aborted ? `timeout after ${opts.timeoutMs} ms` : describe(err);
      return { status_code: null, duration_ms: elapsed(), error: reason };
    } finally {
      clearTimeout(timer);
      if (agent) void agent.destroy().catch(() => {});
    }
  };
}
