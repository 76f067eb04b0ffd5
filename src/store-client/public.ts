import { request, type Dispatcher } from 'undici';
import { isErrorCode, ParleyError } from '../errors/parley-error.js';

/**
 * A small client of the store's public API (`/v1`, `Authorization: Bearer <key>`), for the console's
 * `--store` mode and `parley demo`: create and publish a blueprint, create a run, read its results.
 * Errors become `ParleyError`s carrying the store's stable code.
 */
export interface PublicClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

export interface RunNotificationInput {
  endpoint: string;
  attributes?: { method?: 'POST' | 'PUT'; headers?: Record<string, string> };
}

export interface CreateRunInput {
  blueprint_id: string;
  agent_id?: string;
  channel?: 'webrtc' | 'sip';
  participant: { name: string; external_id?: string; email?: string; metadata?: Record<string, unknown> };
  variables?: Record<string, string>;
  notifications?: RunNotificationInput[];
  metadata?: Record<string, unknown>;
}

type Json = Record<string, unknown>;

export class PublicClient {
  private readonly base: string;

  constructor(private readonly opts: PublicClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
  }

  async call<T = Json>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.opts.apiKey}`,
      accept: 'application/json',
    };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] = contentType;
    }
    const timeout = this.opts.timeoutMs ?? 30_000;
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
      throw new ParleyError('INTERNAL', `store unreachable at ${this.base}: ${(err as Error).message}`);
    }
    const text = await res.body.text();
    let parsed: unknown = null;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return parsed as T;
    const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)
      ?.error;
    const code = isErrorCode(error?.code) ? error.code : 'INTERNAL';
    const message = typeof error?.message === 'string' ? error.message : `HTTP ${res.statusCode}`;
    throw new ParleyError(code, `store ${method} ${path}: ${message}`, {
      status: res.statusCode,
      details: error?.details,
    });
  }

  me(): Promise<Json> {
    return this.call('GET', '/v1/me');
  }

  createApiKey(input: {
    name: string;
    scopes?: string[];
    test_mode?: boolean;
  }): Promise<Json & { key: string }> {
    return this.call('POST', '/v1/api-keys', input);
  }

  /** Upload a blueprint document: YAML text (as written) or a JSON object. */
  createBlueprint(doc: string | Json): Promise<Json & { id: string }> {
    return typeof doc === 'string'
      ? this.call('POST', '/v1/blueprints', doc, 'application/yaml')
      : this.call('POST', '/v1/blueprints', doc);
  }

  publishBlueprint(id: string): Promise<Json> {
    return this.call('POST', `/v1/blueprints/${encodeURIComponent(id)}/publish`, {});
  }

  createRun(input: CreateRunInput): Promise<Json & { id: string; status: string }> {
    return this.call('POST', '/v1/interview-runs', input);
  }

  getRun(id: string, expand: string[] = []): Promise<Json & { id: string; status: string }> {
    const q = expand.map((e) => `expand[]=${encodeURIComponent(e)}`).join('&');
    return this.call('GET', `/v1/interview-runs/${encodeURIComponent(id)}${q ? `?${q}` : ''}`);
  }

  getResponses(id: string): Promise<Json> {
    return this.call('GET', `/v1/interview-runs/${encodeURIComponent(id)}/responses`);
  }

  getAnalysis(id: string): Promise<Json> {
    return this.call('GET', `/v1/interview-runs/${encodeURIComponent(id)}/analysis`);
  }

  getTranscript(id: string, format: 'json' | 'markdown' | 'text' = 'json'): Promise<Json> {
    return this.call('GET', `/v1/interview-runs/${encodeURIComponent(id)}/transcript?format=${format}`);
  }
}
