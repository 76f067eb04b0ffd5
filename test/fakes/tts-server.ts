import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  audioAtMs,
  realClock,
  tokenAtMs,
  tokensOf,
  type FakeClock,
  type ProviderTiming,
} from './provider-timing.js';

/**
 * A fake OpenAI API on 127.0.0.1 for the voice path:
 *  - `POST /v1/audio/speech` answers with real speech of `input`, rendered by `espeak-ng` and converted by
 *    `sox`, STREAMED as the converter produces it (chunked transfer): `response_format` `pcm` (24 kHz
 *    signed 16-bit little-endian mono, like OpenAI) or `wav`.
 *  - `POST /v1/chat/completions` with `stream: true` answers SSE chunks of a scripted reply (for the
 *    session LLM / generation paths); without `stream`, one JSON completion.
 * Every request is recorded. `speechDelayMs` delays the first audio byte (to test streaming latency).
 * Benchmarks use a provider timing profile instead (provider-timing.ts): `chatTiming` (first token and
 * output rate), `speechFirstByteMs` and `speechRealTimeFactor`, on an injectable `clock`.
 */

export interface SpeechRequest {
  input: string;
  voice: string;
  model: string;
  response_format: string;
  speed?: number;
  at: number;
  /** When the first audio byte was written (wall clock, ms). */
  firstByteAt?: number;
  /** Each write of audio: when, and its offset into the PCM (bytes). */
  writes: Array<{ at: number; offset: number }>;
}

/** A chat completion as the fake timed it (the `clock`'s ms). */
export interface ChatCall {
  at: number;
  stream: boolean;
  /** The reply, and its length in tokens as the fake counts them (provider-timing.ts). */
  reply: string;
  output_tokens: number;
  /** When each content chunk was written (streamed), or the whole answer (one entry). */
  chunkAt: number[];
}

export interface FakeVoiceOpenAIOptions {
  apiKey?: string;
  /** Reply text for chat completions (default: a fixed sentence). */
  chat?: (body: {
    messages?: Array<{ role: string; content: unknown }>;
    model?: string;
    response_format?: { type?: string; json_schema?: { schema?: unknown } };
  }) => string;
  speechDelayMs?: number;
  /** Bytes per written chunk of audio. Default 4800 (100 ms at 24 kHz). */
  chunkBytes?: number;
  /** Pause between audio chunks (a slow synthesiser), ms. Default 0. */
  chunkDelayMs?: number;
  /**
   * Fixed time to first audio byte, ms after the request arrived (a benchmark's injected TTS delay). The
   * speech is synthesised meanwhile and cached by input and speed, so a repeated phrase is ready at once; a
   * slower first synthesis makes the first byte late (see `firstByteAt`). Unset: stream as synthesised.
   */
  speechFirstByteMs?: number;
  /**
   * Chat timing (a benchmark's LLM profile): the first token `first_token_ms` after the request, then
   * `tokens_per_s` (null: everything at once); a non-streamed answer comes with its last token. Unset:
   * answer at once, a streamed reply in 12-character chunks.
   */
  chatTiming?: ProviderTiming['llm'];
  /** With `speechFirstByteMs`: write the audio at this many times real time after the first byte. */
  speechRealTimeFactor?: number;
  /** Time source of the timed options (default: the wall clock; tests use `virtualClock`). */
  clock?: FakeClock;
  /** Called as each speech request arrives (recorded), before it is answered. */
  onSpeech?: (request: SpeechRequest) => void;
}

export interface FakeVoiceOpenAIServer {
  readonly url: string;
  /** `url + '/v1'` */
  readonly baseURL: string;
  readonly speech: SpeechRequest[];
  readonly chats: unknown[];
  readonly chatCalls: ChatCall[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function wavHeader(sampleRate: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** espeak-ng → sox → raw 24 kHz s16le mono, streamed to `onData`. */
function synthesize(text: string, speed: number, onData: (b: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const wpm = Math.round(175 * Math.min(2, Math.max(0.5, speed)));
    const espeak = spawn('espeak-ng', ['-v', 'en-us', '-s', String(wpm), '--stdout', text], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const sox = spawn(
      'sox',
      ['-t', 'wav', '-', '-t', 'raw', '-r', '24000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-'],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    espeak.stdout.pipe(sox.stdin);
    espeak.on('error', reject);
    sox.on('error', reject);
    sox.stdout.on('data', (b: Buffer) => onData(b));
    sox.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`sox exited ${code}`))));
  });
}

export async function startFakeVoiceOpenAI(
  options: FakeVoiceOpenAIOptions = {},
): Promise<FakeVoiceOpenAIServer> {
  const speech: SpeechRequest[] = [];
  const chats: unknown[] = [];
  const chatCalls: ChatCall[] = [];
  const clock = options.clock ?? realClock;
  const sockets = new Set<Socket>();
  const chunkBytes = options.chunkBytes ?? 4800;
  let counter = 0;
  const cache = new Map<string, Promise<Buffer>>();
  const cached = (input: string, speed: number): Promise<Buffer> => {
    const key = `${speed}\u0000${input}`;
    let pcm = cache.get(key);
    if (pcm === undefined) {
      const parts: Buffer[] = [];
      pcm = synthesize(input, speed, (b) => parts.push(b)).then(() => Buffer.concat(parts));
      pcm.catch(() => cache.delete(key));
      cache.set(key, pcm);
    }
    return pcm;
  };
  const until = (t: number) => clock.until(t);

  const json = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const arrived = clock.now();
      const raw = await readBody(req);
      if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        json(res, 401, {
          error: { message: 'bad key', type: 'invalid_request_error', code: 'invalid_api_key' },
        });
        return;
      }
      let body: any = {};
      try {
        body = raw === '' ? {} : JSON.parse(raw);
      } catch {
        json(res, 400, { error: { message: 'invalid JSON', type: 'invalid_request_error' } });
        return;
      }
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'POST' && path === '/v1/audio/speech') {
        const input = String(body.input ?? '');
        const format = String(body.response_format ?? 'mp3');
        const record: SpeechRequest = {
          input,
          voice: String(body.voice ?? ''),
          model: String(body.model ?? ''),
          response_format: format,
          ...(typeof body.speed === 'number' ? { speed: body.speed } : {}),
          at: arrived,
          writes: [],
        };
        speech.push(record);
        options.onSpeech?.(record);
        if (format !== 'pcm' && format !== 'wav') {
          json(res, 400, {
            error: {
              message: `fake: response_format ${format} not supported`,
              type: 'invalid_request_error',
            },
          });
          return;
        }
        if (input.trim() === '') {
          json(res, 400, { error: { message: 'input is empty', type: 'invalid_request_error' } });
          return;
        }
        if (options.speechDelayMs) await new Promise((r) => setTimeout(r, options.speechDelayMs));
        const speed = typeof body.speed === 'number' ? body.speed : 1;
        const ready = options.speechFirstByteMs !== undefined ? cached(input, speed) : null;
        if (ready !== null) await Promise.all([ready, until(arrived + options.speechFirstByteMs!)]);
        res.writeHead(200, {
          'content-type': format === 'pcm' ? 'audio/pcm' : 'audio/wav',
          'transfer-encoding': 'chunked',
        });
        // streaming WAV: header with an unknown (maximal) length, as streaming servers do
        if (format === 'wav') res.write(wavHeader(24000, 0xffffffff - 36));
        if (ready !== null) {
          const pcm = await ready;
          const first = clock.now();
          record.firstByteAt = first;
          const rtf = options.speechRealTimeFactor ?? null;
          for (let off = 0; off < pcm.length; off += chunkBytes) {
            // 24 kHz 16-bit mono: 48 bytes per ms of audio
            if (off > 0 && rtf !== null)
              await until(first + audioAtMs({ first_byte_ms: 0, real_time_factor: rtf }, off / 48));
            record.writes.push({ at: clock.now(), offset: off });
            res.write(pcm.subarray(off, off + chunkBytes));
            if (options.chunkDelayMs) await new Promise((r) => setTimeout(r, options.chunkDelayMs));
          }
          res.end();
          return;
        }
        let pending = Buffer.alloc(0);
        let written = 0;
        const out: Buffer[] = [];
        try {
          await synthesize(input, speed, (b) => {
            record.firstByteAt ??= clock.now();
            pending = Buffer.concat([pending, b]);
            while (pending.length >= chunkBytes) {
              if (options.chunkDelayMs) out.push(pending.subarray(0, chunkBytes));
              else {
                record.writes.push({ at: clock.now(), offset: written });
                written += chunkBytes;
                res.write(pending.subarray(0, chunkBytes));
              }
              pending = pending.subarray(chunkBytes);
            }
          });
          if (pending.length > 0) out.push(pending);
          for (const b of out) {
            record.writes.push({ at: clock.now(), offset: written });
            written += b.length;
            res.write(b);
            if (options.chunkDelayMs) await new Promise((r) => setTimeout(r, options.chunkDelayMs));
          }
          res.end();
        } catch (e) {
          res.destroy(e as Error);
        }
        return;
      }
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        chats.push(body);
        const reply = options.chat?.(body) ?? 'Thank you, that is helpful.';
        const id = `chatcmpl-voice${++counter}`;
        const created = Math.floor(Date.now() / 1000);
        const model = String(body.model ?? 'fake');
        const timing = options.chatTiming;
        const tokens = tokensOf(reply);
        const call: ChatCall = {
          at: arrived,
          stream: body.stream === true,
          reply,
          output_tokens: tokens.length,
          chunkAt: [],
        };
        chatCalls.push(call);
        if (body.stream !== true) {
          if (timing !== undefined) await until(arrived + tokenAtMs(timing, tokens.length - 1));
          call.chunkAt.push(clock.now());
          json(res, 200, {
            id,
            object: 'chat.completion',
            created,
            model,
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: reply },
                finish_reason: 'stop',
                logprobs: null,
              },
            ],
            usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
          });
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const chunk = (delta: object, finish: string | null, usage?: object) =>
          res.write(
            `data: ${JSON.stringify({
              id,
              object: 'chat.completion.chunk',
              created,
              model,
              choices: usage ? [] : [{ index: 0, delta, finish_reason: finish, logprobs: null }],
              ...(usage ? { usage } : {}),
            })}\n\n`,
          );
        chunk({ role: 'assistant', content: '' }, null);
        if (timing !== undefined && timing.tokens_per_s !== null) {
          for (const [i, piece] of tokens.entries()) {
            await until(arrived + tokenAtMs(timing, i));
            call.chunkAt.push(clock.now());
            chunk({ content: piece }, null);
          }
        } else {
          if (timing !== undefined) await until(arrived + timing.first_token_ms);
          for (const piece of reply.match(/.{1,12}/gs) ?? []) {
            call.chunkAt.push(clock.now());
            chunk({ content: piece }, null);
            await new Promise((r) => setImmediate(r));
          }
        }
        chunk({}, 'stop');
        if (body.stream_options?.include_usage === true)
          chunk({}, null, { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 });
        res.write('data: [DONE]\n\n');
        res.end();
        return;
      }
      json(res, 404, {
        error: { message: `fake: no route ${req.method} ${path}`, type: 'invalid_request_error' },
      });
    })().catch((e) => {
      if (!res.headersSent) json(res, 500, { error: { message: String(e), type: 'server_error' } });
      else res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    speech,
    chats,
    chatCalls,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
