import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';

/**
 * The bare HTTP layer of the store client: one request, classified. No retries here — the outbox and
 * `withRetry` decide what to do with each outcome.
 *
 *   ok          2xx
 *   retry       the store is unreachable (connection refused/reset, timeout), 5xx, 408 or 429
 *   conflict    409 (an existing turn with a different body)
 *   rejected    any other 4xx: retrying the same request cannot succeed (a poison message)
 */
export type HttpOutcome =
  | { kind: 'ok'; status: number; body: unknown }
  | { kind: 'retry'; status: number | null; error: string; retryAfterMs?: number }
  | { kind: 'conflict'; status: 409; body: unknown }
  | { kind: 'rejected'; status: number; body: unknown };

export interface HttpOptions {
  baseUrl: string;
  agentSecret: string;
  /** Per-request timeout (headers and body), ms. */
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

export class InternalHttp {
  private readonly base: string;

  constructor(private readonly opts: HttpOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
  }

  runPath(runId: string, suffix: string): string {
    return `/internal/runs/${encodeURIComponent(runId)}${suffix}`;
  }

  async send(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<HttpOutcome> {
    const timeout = this.opts.timeoutMs ?? 10_000;
    const headers: Record<string, string> = {
      'x-agent-secret': this.opts.agentSecret,
      accept: 'application/json',
    };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    let res: Dispatcher.ResponseData;
    try {
      res = await request(this.base + path, {
        method,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
        headersTimeout: timeout,
        bodyTimeout: timeout,
        ...(this.opts.dispatcher !== undefined ? { dispatcher: this.opts.dispatcher } : {}),
      });
    } catch (err) {
      return { kind: 'retry', status: null, error: describeNetworkError(err) };
    }
    return classify(res);
  }

  /** A raw-body upload (`PUT`), classified like `send`. The body is opened anew for every attempt. */
  async upload(
    path: string,
    o: { contentType: string; bytes: number; body: Readable; timeoutMs?: number },
  ): Promise<HttpOutcome> {
    const timeout = o.timeoutMs ?? 120_000;
    let res: Dispatcher.ResponseData;
    try {
      res = await request(this.base + path, {
        method: 'PUT',
        headers: {
          'x-agent-secret': this.opts.agentSecret,
          accept: 'application/json',
          'content-type': o.contentType,
          'content-length': String(o.bytes),
        },
        body: o.body,
        headersTimeout: timeout,
        bodyTimeout: timeout,
        ...(this.opts.dispatcher !== undefined ? { dispatcher: this.opts.dispatcher } : {}),
      });
    } catch (err) {
      o.body.destroy();
      return { kind: 'retry', status: null, error: describeNetworkError(err) };
    }
    return classify(res);
  }
}

async function classify(res: Dispatcher.ResponseData): Promise<HttpOutcome> {
  let text: string;
  try {
    text = await res.body.text();
  } catch (err) {
    return { kind: 'retry', status: res.statusCode, error: describeNetworkError(err) };
  }
  const parsed = parseJson(text);
  const status = res.statusCode;
  if (status >= 200 && status < 300) return { kind: 'ok', status, body: parsed };
  if (status === 409) return { kind: 'conflict', status: 409, body: parsed };
  if (status >= 500 || status === 408 || status === 429) {
    const retryAfter = retryAfterMs(res.headers['retry-after']);
    return {
      kind: 'retry',
      status,
      error: errorCode(parsed) ?? `HTTP ${status}`,
      ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
    };
  }
  return { kind: 'rejected', status, body: parsed };
}

function parseJson(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 500);
  }
}

/** `{"error": {"code": ...}}` → the code, for logs (never the message: it may quote user data). */
export function errorCode(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs) && secs >= 0) return Math.min(secs * 1000, 60_000);
  return undefined;
}

function describeNetworkError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? code : err.name;
  }
  return 'network error';
}
