import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fake OpenAI API on 127.0.0.1 (random port) speaking the real wire protocol of Chat Completions —
 * JSON responses and streaming SSE chunks (`stream: true`, `stream_options.include_usage`), tool calls,
 * refusals, `response_format` is accepted and recorded as sent — for tests of code that uses the official
 * `openai` SDK with `baseURL: fake.baseURL`.
 *
 * Responses are scripted: `enqueue()` adds them to a FIFO queue (a script or a function of the request);
 * when the queue is empty the `fallback` answers (default: a 500 error naming the problem). Every request is
 * recorded in `requests` (parsed JSON body, headers, path). Delays: server-wide `delayMs`, per-script
 * `delayMs`, and `chunkDelayMs` between stream chunks; `hang` never answers, `disconnect` drops the socket.
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

export interface ChatToolCallScript {
  id?: string;
  name: string;
  /** JSON text of the arguments, sent as is (may be invalid on purpose). */
  arguments: string;
}

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

interface Timing {
  /** Wait before answering (added to the server-wide delay). */
  delayMs?: number;
}

export type OpenAIScript =
  | (Timing & {
      type: 'chat';
      content?: string | null;
      tool_calls?: ChatToolCallScript[];
      refusal?: string | null;
      finish_reason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
      /** Model echoed in the response (default: the requested model). */
      model?: string;
      usage?: OpenAIUsage;
      /** Characters per streamed content / arguments chunk (default 24). */
      chunkSize?: number;
      chunkDelayMs?: number;
      /** Streaming: hold the rest of the content once this much of it has been sent (see streamHold). */
      hold?: StreamHold;
    })
  | (Timing & {
      type: 'error';
      status: number;
      message?: string;
      errorType?: string;
      code?: string | null;
      headers?: Record<string, string>;
    })
  | (Timing & { type: 'raw'; status: number; body: string; headers?: Record<string, string> })
  | { type: 'hang' }
  | (Timing & { type: 'disconnect' });

export type OpenAIResponder = OpenAIScript | ((req: RecordedRequest) => OpenAIScript | Promise<OpenAIScript>);

export interface FakeOpenAIOptions {
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** Delay before every response. */
  delayMs?: number;
  /** Answers when the queue is empty. */
  fallback?: OpenAIResponder;
}

export interface FakeOpenAIServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `url + '/v1'`: pass as `baseURL` to the OpenAI SDK. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Requests to `/v1/chat/completions` only. */
  chatRequests(): RecordedRequest[];
  /** Resolves once `n` chat requests have arrived (an event to wait on instead of a delay). */
  waitForChatRequests(n: number): Promise<void>;
  enqueue(...responders: OpenAIResponder[]): void;
  setFallback(responder: OpenAIResponder | null): void;
  setDelay(ms: number): void;
  /** Scripted responses not yet used. */
  pending(): number;
  /** Clears the queue and the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

/** A chat completion whose content is `value` as JSON (what `response_format: json_schema` produces). */
export type ChatScript = Extract<OpenAIScript, { type: 'chat' }>;

export function chatJson(value: unknown, extra: Partial<ChatScript> = {}): ChatScript {
  return { type: 'chat', content: JSON.stringify(value), ...extra };
}

export function chatText(content: string, extra: Partial<ChatScript> = {}): ChatScript {
  return { type: 'chat', content, ...extra };
}

export function chatToolCalls(
  calls: Array<{ name: string; arguments: unknown; id?: string }>,
  extra: Partial<ChatScript> = {},
): ChatScript {
  return {
    type: 'chat',
    content: null,
    tool_calls: calls.map((c) => ({
      name: c.name,
      arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
      ...(c.id !== undefined ? { id: c.id } : {}),
    })),
    finish_reason: 'tool_calls',
    ...extra,
  };
}

// ---- streamed structured output: holding a stream part-way (events, not sleeps) ----

/**
 * Streams content up to the end of the first occurrence of `after`, then waits for `until` before the
 * rest: a test sees what the client did with the first part while the model is "still generating".
 */
export interface StreamHold {
  after: string;
  until: Promise<unknown>;
}

/** A hold whose `release()` lets the stream finish. */
export function streamHold(after: string): StreamHold & { release(): void } {
  let release!: () => void;
  const until = new Promise<void>((r) => (release = r));
  return { after, until, release };
}

/** The content's chunks, with the hold's promise between the held part and the rest. */
export function heldChunks(
  text: string,
  size: number,
  hold: StreamHold | undefined,
): Array<string | Promise<unknown>> {
  const at = hold === undefined ? -1 : text.indexOf(hold.after);
  if (hold === undefined || at < 0) return chunksOf(text, size);
  const cut = at + hold.after.length;
  return [...chunksOf(text.slice(0, cut), size), hold.until, ...chunksOf(text.slice(cut), size)];
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

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  const queue: OpenAIResponder[] = [];
  const requests: RecordedRequest[] = [];
  const chatWaiters: { n: number; resolve: () => void }[] = [];
  let fallback: OpenAIResponder | null = options.fallback ?? null;
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
      'x-request-id': `req_fake_${++counter}`,
      ...headers,
    });
    res.end(text);
  };

  const sendError = (
    res: ServerResponse,
    status: number,
    message: string,
    type = 'invalid_request_error',
    code: string | null = null,
    headers: Record<string, string> = {},
  ) => sendJson(res, status, { error: { message, type, param: null, code } }, headers);

  async function answerChat(
    req: RecordedRequest,
    res: ServerResponse,
    script: Extract<OpenAIScript, { type: 'chat' }>,
  ) {
    const id = `chatcmpl-fake${++counter}`;
    const created = Math.floor(Date.now() / 1000);
    const model = script.model ?? (typeof req.body?.model === 'string' ? req.body.model : 'fake-model');
    const toolCalls = (script.tool_calls ?? []).map((c, i) => ({
      id: c.id ?? `call_fake${counter}_${i}`,
      type: 'function' as const,
      function: { name: c.name, arguments: c.arguments },
    }));
    const finish = script.finish_reason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
    const content = script.content === undefined ? (toolCalls.length > 0 ? null : '') : script.content;
    const usage = script.usage ?? {
      prompt_tokens: Math.ceil(req.rawBody.length / 4),
      completion_tokens: Math.ceil((content ?? '').length / 4) + 1,
      total_tokens: Math.ceil(req.rawBody.length / 4) + Math.ceil((content ?? '').length / 4) + 1,
    };

    if (req.body?.stream === true) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-request-id': `req_fake_${counter}`,
      });
      const base = { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake' };
      const write = async (chunk: unknown) => {
        res.write(`data: ${JSON.stringify(chunk)}\n\n`);
        if (script.chunkDelayMs !== undefined && script.chunkDelayMs > 0) await sleep(script.chunkDelayMs);
      };
      const size = Math.max(1, script.chunkSize ?? 24);
      await write({
        ...base,
        choices: [
          {
            index: 0,
            delta: { role: 'assistant', content: content === null ? null : '', refusal: null },
            logprobs: null,
            finish_reason: null,
          },
        ],
      });
      if (script.refusal !== undefined && script.refusal !== null) {
        for (const piece of chunksOf(script.refusal, size)) {
          await write({
            ...base,
            choices: [{ index: 0, delta: { refusal: piece }, logprobs: null, finish_reason: null }],
          });
        }
      }
      if (content !== null) {
        for (const piece of heldChunks(content, size, script.hold)) {
          if (typeof piece !== 'string') {
            await piece;
            continue;
          }
          await write({
            ...base,
            choices: [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }],
          });
        }
      }
      for (let i = 0; i < toolCalls.length; i++) {
        const call = toolCalls[i]!;
        await write({
          ...base,
          choices: [
            {
              index: 0,
              delta: {
                tool_calls: [
                  {
                    index: i,
                    id: call.id,
                    type: 'function',
                    function: { name: call.function.name, arguments: '' },
                  },
                ],
              },
              logprobs: null,
              finish_reason: null,
            },
          ],
        });
        for (const piece of chunksOf(call.function.arguments, size)) {
          await write({
            ...base,
            choices: [
              {
                index: 0,
                delta: { tool_calls: [{ index: i, function: { arguments: piece } }] },
                logprobs: null,
                finish_reason: null,
              },
            ],
          });
        }
      }
      const includeUsage = req.body?.stream_options?.include_usage === true;
      await write({
        ...base,
        choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: finish }],
        ...(includeUsage ? { usage: null } : {}),
      });
      if (includeUsage) await write({ ...base, choices: [], usage });
      res.write('data: [DONE]\n\n');
      res.end();
      return;
    }

    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      system_fingerprint: 'fp_fake',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content,
            refusal: script.refusal ?? null,
            annotations: [],
            ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          },
          logprobs: null,
          finish_reason: finish,
        },
      ],
      usage,
      service_tier: 'default',
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
    for (const w of [...chatWaiters]) {
      if (requests.filter((r) => r.path === '/v1/chat/completions').length >= w.n) {
        chatWaiters.splice(chatWaiters.indexOf(w), 1);
        w.resolve();
      }
    }

    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      return;
    }
    if (req.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, {
        object: 'list',
        data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }],
      });
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      sendError(
        res,
        404,
        `Unknown request URL: ${req.method} ${path}.`,
        'invalid_request_error',
        'unknown_url',
      );
      return;
    }
    if (body === undefined || typeof body !== 'object') {
      sendError(res, 400, 'We could not parse the JSON body of your request.');
      return;
    }

    const next = queue.shift() ?? fallback;
    if (next === null) {
      sendError(res, 500, 'fake openai server: no scripted response left', 'server_error');
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
          script.message ?? `fake error ${script.status}`,
          script.errorType ?? 'server_error',
          script.code ?? null,
          script.headers ?? {},
        );
        return;
      case 'raw':
        res.writeHead(script.status, { 'content-type': 'application/json', ...script.headers });
        res.end(script.body);
        return;
      case 'chat':
        await answerChat(recorded, res, script);
        return;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, `fake openai server failed: ${String(err)}`, 'server_error');
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
    baseURL: `${url}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    waitForChatRequests: (n) =>
      requests.filter((r) => r.path === '/v1/chat/completions').length >= n
        ? Promise.resolve()
        : new Promise<void>((resolve) => chatWaiters.push({ n, resolve })),
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
