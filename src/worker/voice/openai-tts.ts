import {
  AudioByteStream,
  DEFAULT_API_CONNECT_OPTIONS,
  shortuuid,
  tts,
  type APIConnectOptions,
} from '@livekit/agents';

/**
 * OpenAI text-to-speech (`POST /v1/audio/speech`, `response_format: pcm`) that STREAMS audio frames as the
 * response body arrives. The stock `@livekit/agents-plugin-openai` TTS waits for the whole body before it
 * emits the first frame, so its time-to-first-audio is the time to synthesise a whole sentence; here the
 * first frame goes out as soon as the first 20 ms of PCM are in.
 *
 * Non-streaming in the `tts.TTS` sense (one request per sentence): the session wraps it in its sentence
 * tokenizer stream adapter, so a long reply is spoken sentence by sentence as the text streams in.
 */
export const OPENAI_TTS_SAMPLE_RATE = 24_000;
const CHANNELS = 1;

export interface StreamingOpenAITTSOptions {
  apiKey: string;
  /** Default `https://api.openai.com/v1`. */
  baseURL?: string | undefined;
  model?: string | undefined;
  voice?: string | undefined;
  speed?: number | undefined;
  instructions?: string | undefined;
}

export class StreamingOpenAITTS extends tts.TTS {
  label = 'parley.StreamingOpenAITTS';
  readonly opts: {
    apiKey: string;
    baseURL: string;
    model: string;
    voice: string;
    speed: number;
    instructions?: string | undefined;
  };
  private readonly closer = new AbortController();

  constructor(opts: StreamingOpenAITTSOptions) {
    super(OPENAI_TTS_SAMPLE_RATE, CHANNELS, { streaming: false });
    this.opts = {
      apiKey: opts.apiKey,
      baseURL: (opts.baseURL ?? 'https://api.openai.com/v1').replace(/\/+$/, ''),
      model: opts.model ?? 'gpt-4o-mini-tts',
      voice: opts.voice ?? 'alloy',
      speed: opts.speed ?? 1,
      instructions: opts.instructions,
    };
  }

  override get model(): string {
    return this.opts.model;
  }

  override get provider(): string {
    try {
      return new URL(this.opts.baseURL).host;
    } catch {
      return 'api.openai.com';
    }
  }

  updateOptions(
    opts: Partial<Pick<StreamingOpenAITTSOptions, 'voice' | 'speed' | 'model' | 'instructions'>>,
  ): void {
    Object.assign(this.opts, Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)));
  }

  synthesize(text: string, connOptions?: APIConnectOptions, abortSignal?: AbortSignal): tts.ChunkedStream {
    const signal = abortSignal ? AbortSignal.any([abortSignal, this.closer.signal]) : this.closer.signal;
    return new StreamingChunkedStream(this, text, connOptions ?? DEFAULT_API_CONNECT_OPTIONS, signal);
  }

  stream(): tts.SynthesizeStream {
    throw new Error('StreamingOpenAITTS synthesizes per sentence; the session wraps it in a StreamAdapter');
  }

  override async close(): Promise<void> {
    this.closer.abort();
  }
}

class StreamingChunkedStream extends tts.ChunkedStream {
  label = 'parley.StreamingOpenAITTS.ChunkedStream';
  private readonly owner: StreamingOpenAITTS;
  private readonly text: string;
  private readonly signal: AbortSignal;

  constructor(owner: StreamingOpenAITTS, text: string, connOptions: APIConnectOptions, signal: AbortSignal) {
    super(text, owner, connOptions, signal);
    this.owner = owner;
    this.text = text;
    this.signal = signal;
  }

  protected async run(): Promise<void> {
    const { opts } = this.owner;
    const requestId = shortuuid();
    try {
      const res = await fetch(`${opts.baseURL}/audio/speech`, {
        method: 'POST',
        headers: { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: opts.model,
          voice: opts.voice,
          input: this.text,
          response_format: 'pcm',
          speed: opts.speed,
          ...(opts.instructions !== undefined ? { instructions: opts.instructions } : {}),
        }),
        signal: AbortSignal.any([this.signal, this.abortSignal]),
      });
      if (!res.ok || res.body === null) {
        const detail = await res.text().catch(() => '');
        throw new Error(`OpenAI TTS answered HTTP ${res.status}: ${detail.slice(0, 300)}`);
      }
      // 20 ms frames; hold one frame back so the last one can be marked final
      const bytes = new AudioByteStream(OPENAI_TTS_SAMPLE_RATE, CHANNELS, OPENAI_TTS_SAMPLE_RATE / 50);
      let held: ReturnType<AudioByteStream['write']>[number] | undefined;
      const push = (frame: typeof held, final: boolean): void => {
        if (frame !== undefined) this.queue.put({ requestId, segmentId: requestId, frame, final });
      };
      let carry: Uint8Array | null = null;
      // interop: undici types the body as a web ReadableStream, which Node iterates but TS does not know
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        // keep 16-bit alignment across network chunks
        let data = chunk;
        if (carry !== null) {
          const joined = new Uint8Array(carry.length + chunk.length);
          joined.set(carry);
          joined.set(chunk, carry.length);
          data = joined;
          carry = null;
        }
        if (data.length % 2 === 1) {
          carry = data.slice(data.length - 1);
          data = data.subarray(0, data.length - 1);
        }
        const copy = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
        for (const frame of bytes.write(copy)) {
          push(held, false);
          held = frame;
        }
      }
      for (const frame of bytes.flush()) {
        push(held, false);
        held = frame;
      }
      push(held, true);
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') return;
      throw error;
    } finally {
      this.queue.close();
    }
  }
}
