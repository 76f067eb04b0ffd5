import { heldChunks, type StreamHold } from './openai-server.js';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fake Anthropic API on 127.0.0.1 (random port) speaking the real wire protocol of the Messages API —
 * JSON responses with text and tool_use content blocks, and streaming server-sent events (`message_start`,
 * `content_block_start`, `content_block_delta` with `text_delta` / `input_json_delta`,
 * `content_block_stop`, `message_delta`, `message_stop`, `ping`) — for tests of code that uses
 * `@anthropic-ai/sdk` with `baseURL: fake.url`.
 *
 * Responses are scripted: `enqueue()` adds them to a FIFO queue (a script or a function of the request);
 * when the queue is empty the `fallback` answers (default: a 500 `api_error`). Every request is recorded
 * in `requests`. Delays: server-wide `delayMs`, per-script `delayMs`, `chunkDelayMs` between stream events;
 * `hang` never answers, `disconnect` drops the socket.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when empty or not JSON). */
  body: any;
  rawBody: string;
  receivedAt: number;
}

export type ContentBlockScript =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id?: string; name: string; input: unknown }
  /** A tool_use whose streamed JSON is sent as written (may be invalid); non-streaming sends `{}`. */
  | { type: 'tool_use_raw'; id?: string; name: string; json: string };

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
}

interface Timing {
  delayMs?: number;
}

export type AnthropicScript =
  | (Timing & {
      type: 'message';
      content: ContentBlockScript[];
      stop_reason?: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal' | 'pause_turn';
      stop_sequence?: string | null;
      model?: string;
      usage?: AnthropicUsage;
      /** Characters per streamed delta (default 24). */
      chunkSize?: number;
      chunkDelayMs?: number;
      /** Streaming: hold a tool's input_json_delta events part-way (see streamHold in openai-server.ts). */
      hold?: StreamHold;
    })
  | (Timing & {
      type: 'error';
      status: number;
      /** e.g. invalid_request_error, authentication_error, rate_limit_error, api_error, overloaded_error */
      errorType?: string;
      message?: string;
      headers?: Record<string, string>;
    })
  | (Timing & { type: 'raw'; status: number; body: string; headers?: Record<string, string> })
  | { type: 'hang' }
  | (Timing & { type: 'disconnect' });

export type AnthropicResponder =
  AnthropicScript | ((req: RecordedRequest) => AnthropicScript | Promise<AnthropicScript>);

export interface FakeAnthropicOptions {
  /**
   * When set, requests without `x-api-key: <apiKey>` or `Authorization: Bearer <apiKey>` (what SDK 1.x
   * sends for an API key) get 401.
   */
  apiKey?: string;
  delayMs?: number;
  fallback?: AnthropicResponder;
}

export interface FakeAnthropicServer {
  /** `http://127.0.0.1:<port>`: pass as `baseURL` to the Anthropic SDK. */
  readonly url: string;
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Requests to `/v1/messages` only. */
  messageRequests(): RecordedRequest[];
  enqueue(...responders: AnthropicResponder[]): void;
  setFallback(responder: AnthropicResponder | null): void;
  setDelay(ms: number): void;
  pending(): number;
  reset(): void;
  close(): Promise<void>;
}

export type MessageScript = Extract<AnthropicScript, { type: 'message' }>;

export function messageText(text: string, extra: Partial<MessageScript> = {}): MessageScript {
  return { type: 'message', content: [{ type: 'text', text }], ...extra };
}

export function messageToolUse(
  name: string,
  input: unknown,
  extra: Partial<MessageScript> = {},
): MessageScript {
  return { type: 'message', content: [{ type: 'tool_use', name, input }], stop_reason: 'tool_use', ...extra };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function chunksOf(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropicServer> {
  const queue: AnthropicResponder[] = [];
  const requests: RecordedRequest[] = [];
  let fallback: AnthropicResponder | null = options.fallback ?? null;
  let delayMs = options.delayMs ?? 0;
  let counter = 0;
  const sockets = new Set<Socket>();

  const sendJson = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      'request-id': `req_fake_${++counter}`,
      ...headers,
    });
    res.end(text);
  };
  const sendError = (
    res: ServerResponse,
    status: number,
    type: string,
    message: string,
    headers: Record<string, string> = {},
  ) =>
    sendJson(
      res,
      status,
      { type: 'error', error: { type, message }, request_id: `req_fake_${counter + 1}` },
      headers,
    );

  async function answerMessage(
    req: RecordedRequest,
    res: ServerResponse,
    script: Extract<AnthropicScript, { type: 'message' }>,
  ) {
    const id = `msg_fake${++counter}`;
    const model = script.model ?? (typeof req.body?.model === 'string' ? req.body.model : 'claude-fake');
    const blocks = script.content.map((b, i) => {
      if (b.type === 'text') return { type: 'text' as const, text: b.text, citations: null };
      const toolId = b.id ?? `toolu_fake${counter}_${i}`;
      if (b.type === 'tool_use')
        return { type: 'tool_use' as const, id: toolId, name: b.name, input: b.input };
      let input: unknown = {};
      try {
        input = JSON.parse(b.json);
      } catch {
        input = {};
      }
      return { type: 'tool_use' as const, id: toolId, name: b.name, input, rawJson: b.json };
    });
    const hasTool = blocks.some((b) => b.type === 'tool_use');
    const stop_reason = script.stop_reason ?? (hasTool ? 'tool_use' : 'end_turn');
    const outText = JSON.stringify(blocks);
    const usage = script.usage ?? {
      input_tokens: Math.ceil(req.rawBody.length / 4),
      output_tokens: Math.ceil(outText.length / 4),
    };
    const fullUsage = {
      ...usage,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      server_tool_use: null,
      service_tier: 'standard',
    };

    if (req.body?.stream === true) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'request-id': `req_fake_${counter}`,
      });
      const size = Math.max(1, script.chunkSize ?? 24);
      const send = async (event: string, data: unknown) => {
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        if (script.chunkDelayMs !== undefined && script.chunkDelayMs > 0) await sleep(script.chunkDelayMs);
      };
      await send('message_start', {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...fullUsage, output_tokens: 1 },
        },
      });
      await send('ping', { type: 'ping' });
      for (let index = 0; index < blocks.length; index++) {
        const b = blocks[index]!;
        if (b.type === 'text') {
          await send('content_block_start', {
            type: 'content_block_start',
            index,
            content_block: { type: 'text', text: '', citations: null },
          });
          for (const piece of chunksOf(b.text, size)) {
            await send('content_block_delta', {
              type: 'content_block_delta',
              index,
              delta: { type: 'text_delta', text: piece },
            });
          }
        } else {
          await send('content_block_start', {
            type: 'content_block_start',
            index,
            content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} },
          });
          const json = 'rawJson' in b && typeof b.rawJson === 'string' ? b.rawJson : JSON.stringify(b.input);
          for (const piece of heldChunks(json, size, script.hold)) {
            if (typeof piece !== 'string') {
              await piece;
              continue;
            }
            await send('content_block_delta', {
              type: 'content_block_delta',
              index,
              delta: { type: 'input_json_delta', partial_json: piece },
            });
          }
        }
        await send('content_block_stop', { type: 'content_block_stop', index });
      }
      await send('message_delta', {
        type: 'message_delta',
        delta: { stop_reason, stop_sequence: script.stop_sequence ?? null },
        usage: { output_tokens: usage.output_tokens },
      });
      await send('message_stop', { type: 'message_stop' });
      res.end();
      return;
    }

    sendJson(res, 200, {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: blocks.map((b) =>
        b.type === 'tool_use' ? { type: 'tool_use', id: b.id, name: b.name, input: b.input } : b,
      ),
      stop_reason,
      stop_sequence: script.stop_sequence ?? null,
      usage: fullUsage,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const rawBody = await readBody(req);
    let body: unknown;
    try {
      body = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body,
      rawBody,
      receivedAt: Date.now(),
    };
    requests.push(recorded);

    if (
      options.apiKey !== undefined &&
      req.headers['x-api-key'] !== options.apiKey &&
      req.headers.authorization !== `Bearer ${options.apiKey}`
    ) {
      sendError(res, 401, 'authentication_error', 'invalid x-api-key');
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/messages') {
      sendError(res, 404, 'not_found_error', `Not found: ${req.method} ${path}`);
      return;
    }
    if (body === undefined || typeof body !== 'object') {
      sendError(res, 400, 'invalid_request_error', 'Request body is not valid JSON.');
      return;
    }
    const b = body as { model?: unknown; max_tokens?: unknown; messages?: unknown };
    if (typeof b.model !== 'string' || typeof b.max_tokens !== 'number' || !Array.isArray(b.messages)) {
      sendError(res, 400, 'invalid_request_error', 'model, max_tokens and messages are required.');
      return;
    }

    const next = queue.shift() ?? fallback;
    if (next === null) {
      sendError(res, 500, 'api_error', 'fake anthropic server: no scripted response left');
      return;
    }
    const script = typeof next === 'function' ? await next(recorded) : next;
    if (script.type === 'hang') return;
    const wait = delayMs + (script.delayMs ?? 0);
    if (wait > 0) await sleep(wait);
    if (res.destroyed || res.writableEnded) return;
    switch (script.type) {
      case 'disconnect':
        req.socket.destroy();
        return;
      case 'error':
        sendError(
          res,
          script.status,
          script.errorType ?? 'api_error',
          script.message ?? `fake error ${script.status}`,
          script.headers ?? {},
        );
        return;
      case 'raw':
        res.writeHead(script.status, { 'content-type': 'application/json', ...script.headers });
        res.end(script.body);
        return;
      case 'message':
        await answerMessage(recorded, res, script);
        return;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'api_error', `fake anthropic server failed: ${String(err)}`);
      else res.end();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseURL: url,
    requests,
    messageRequests: () => requests.filter((r) => r.path === '/v1/messages'),
    enqueue: (...r) => void queue.push(...r),
    setFallback: (r) => void (fallback = r),
    setDelay: (ms) => void (delayMs = ms),
    pending: () => queue.length,
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
