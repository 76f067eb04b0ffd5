import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ServerWebSocket } from './ws-server.js';

/**
 * A fake Deepgram streaming API (`wss://api.deepgram.com/v1/listen`) on 127.0.0.1 speaking the real wire
 * protocol the `@livekit/agents-plugin-deepgram` client uses: binary linear16 audio in (at the
 * `sample_rate` / `channels` of the query string), JSON `KeepAlive` / `Finalize` / `CloseStream` in,
 * `SpeechStarted` / `Results` / `UtteranceEnd` / `Metadata` out.
 *
 * It does not recognise words. It detects speech SEGMENTS in the audio it receives by energy, and at the
 * end of each segment emits the next scripted transcript (an interim `Results`, then a final one with
 * `speech_final`). No audio → no transcript: a test that passes proves the participant's audio reached the
 * agent's STT. When the script is empty, a segment yields `fallbackTranscript` (default: nothing).
 */

export interface DeepgramSegment {
  connection: number;
  /** Audio-time of the segment (seconds since the connection's first sample). */
  start: number;
  end: number;
  transcript: string | null;
  at: number;
  /** Wall-clock time (ms) of the end of speech, when `finalDelayMs` is set (see there). */
  speechEndAt?: number;
  /** Quiet audio received after the segment's speech when it ended, ms (audio time). */
  silenceMs: number;
  /**
   * Speech that resumed within `continuationMs` of the previous segment's end: the rest of the same spoken
   * words (a dip inside a word), already covered by the transcript sent then. It sends and consumes nothing.
   */
  continuation?: true;
}

export interface FakeDeepgramOptions {
  apiKey?: string;
  /** RMS (int16 scale) above which a 20 ms window counts as speech. Default 500. */
  speechRms?: number;
  /** Quiet audio that ends a segment, ms. Default 500. */
  silenceMs?: number;
  /** Segments shorter than this are ignored (clicks), ms. Default 200. */
  minSpeechMs?: number;
  /** Wall-clock gap in the audio stream that ends an open segment (the client stops sending silence). */
  idleMs?: number;
  fallbackTranscript?: string | null;
  /**
   * Fixed STT delay for benchmarks: the final transcript is sent exactly this long (wall clock) after the
   * end of speech, instead of after `silenceMs` of quiet audio. End of speech = the end of the last 20 ms
   * window at or above `speechRms`; its wall-clock time is the arrival of the audio chunk that carried it,
   * minus the audio after it in that chunk. Speech resuming before the timer fires continues the segment
   * (so keep pauses inside one answer shorter than this). Default: unset (segmentation by `silenceMs`).
   * The final also waits for `finalSilenceMs` of quiet audio to have arrived, as a real endpointer does:
   * audio that reaches the fake late (a stall on the way) never ends a segment in the middle of a word.
   */
  finalDelayMs?: number;
  /** With `finalDelayMs`: quiet audio (audio time) a final needs after the speech, ms. Default 100. */
  finalSilenceMs?: number;
  /**
   * Speech resuming after less than this much quiet audio (audio time, ms) since the last segment's speech
   * ended is that segment's continuation (see `DeepgramSegment.continuation`). A fake that knows no words
   * cannot split a transcript where a real recogniser would: without this, a dip in the received audio
   * inside a scripted segment gives the second piece the NEXT scripted transcript, words not yet said.
   * Keep scripted pauses longer than this. Default 0 (off).
   */
  continuationMs?: number;
}

export interface FakeDeepgramServer {
  /** `http://127.0.0.1:<port>`: the plugin's `baseUrl` (it derives `/v1/listen` itself). */
  readonly url: string;
  /** Scripted transcripts, consumed one per detected speech segment. */
  script(...transcripts: string[]): void;
  pendingScript(): number;
  /** Drops the scripted transcripts no segment has used (a benchmark case that ended early). */
  clearScript(): void;
  readonly segments: DeepgramSegment[];
  /** Query strings of every connection (sample rate, endpointing, …). */
  readonly connections: URLSearchParams[];
  /** Seconds of audio received, over all connections. */
  audioSeconds(): number;
  /** Resolves at the next segment end (after its transcript was sent). */
  nextSegment(timeoutMs?: number): Promise<DeepgramSegment>;
  /** Drop every open connection without a close frame (client must reconnect). */
  dropConnections(): void;
  close(): Promise<void>;
}

const WINDOW_MS = 20;

export async function startFakeDeepgram(options: FakeDeepgramOptions = {}): Promise<FakeDeepgramServer> {
  const speechRms = options.speechRms ?? 500;
  const silenceMs = options.silenceMs ?? 500;
  const minSpeechMs = options.minSpeechMs ?? 200;
  const idleMs = options.idleMs ?? 400;
  const finalSilenceMs = options.finalSilenceMs ?? 100;
  const continuationMs = options.continuationMs ?? 0;
  const queue: string[] = [];
  const segments: DeepgramSegment[] = [];
  const connections: URLSearchParams[] = [];
  const sockets = new Set<Socket>();
  const open = new Set<ServerWebSocket>();
  const segmentWaiters: Array<(s: DeepgramSegment) => void> = [];
  let totalSamples = 0;
  let totalRateSeconds = 0;

  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ err_code: 'NOT_FOUND', err_msg: 'fake deepgram: only the streaming API' }));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  server.on('upgrade', (req: IncomingMessage, socket) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/v1/listen') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    if (options.apiKey !== undefined && req.headers.authorization !== `Token ${options.apiKey}`) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    const ws = ServerWebSocket.accept(req, socket);
    if (ws === null) return;
    open.add(ws);
    connections.push(url.searchParams);
    const connIndex = connections.length - 1;
    const sampleRate = Number(url.searchParams.get('sample_rate') ?? '16000');
    const channels = Number(url.searchParams.get('channels') ?? '1');
    const requestId = randomUUID();
    const windowSamples = Math.round((sampleRate * WINDOW_MS) / 1000);

    let samples = 0; // per-channel samples received
    let pending = new Int16Array(0);
    let speechStart: number | null = null; // audio seconds
    let continuation = false; // the open segment continues the previous one
    let lastEnd: number | null = null; // audio seconds: the end of the last segment's speech
    let lastSpeech = 0;
    let speechMs = 0;
    let interimSent = false;
    let idleTimer: NodeJS.Timeout | null = null;
    let finalTimer: NodeJS.Timeout | null = null;
    let lastSpeechWall = 0;
    /** `finalDelayMs` has passed since the last speech; the final waits for `finalSilenceMs` of quiet audio. */
    let finalDue = false;
    const quietMs = () => Math.round((samples / sampleRate - lastSpeech) * 1000);

    const results = (transcript: string, start: number, end: number, isFinal: boolean) => {
      const words = transcript.split(/\s+/).filter((w) => w !== '');
      const step = words.length > 0 ? (end - start) / words.length : 0;
      ws.sendJson({
        type: 'Results',
        channel_index: [0, 1],
        duration: end - start,
        start,
        is_final: isFinal,
        speech_final: isFinal,
        from_finalize: false,
        channel: {
          alternatives: [
            {
              transcript,
              confidence: 0.97,
              words: words.map((w, i) => ({
                word: w.toLowerCase().replace(/[^a-z0-9']/g, ''),
                punctuated_word: w,
                start: start + i * step,
                end: start + (i + 1) * step,
                confidence: 0.97,
              })),
            },
          ],
        },
        metadata: { request_id: requestId, model_info: { name: 'fake', version: '0', arch: 'fake' } },
      });
    };

    const endSegment = () => {
      if (finalTimer !== null) clearTimeout(finalTimer);
      finalTimer = null;
      finalDue = false;
      if (speechStart === null) return;
      const silence = quietMs();
      const start = speechStart;
      const end = lastSpeech;
      const long = speechMs >= minSpeechMs;
      const continues = continuation;
      speechStart = null;
      speechMs = 0;
      interimSent = false;
      continuation = false;
      if (!long) return;
      lastEnd = end;
      const transcript = continues
        ? null
        : queue.length > 0
          ? (queue.shift() as string)
          : (options.fallbackTranscript ?? null);
      if (transcript !== null && transcript !== '' && !ws.closed) {
        results(transcript, start, end, true);
        ws.sendJson({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: end });
      }
      const seg: DeepgramSegment = {
        connection: connIndex,
        start,
        end,
        transcript,
        at: Date.now(),
        silenceMs: silence,
        ...(continues ? { continuation: true as const } : {}),
        ...(options.finalDelayMs !== undefined ? { speechEndAt: lastSpeechWall } : {}),
      };
      segments.push(seg);
      for (const w of segmentWaiters.splice(0)) w(seg);
    };

    /** `wallEnd`: wall-clock time at which the end of this window arrived (see `finalDelayMs`). */
    const onWindow = (win: Int16Array, wallEnd: number) => {
      let sum = 0;
      for (let i = 0; i < win.length; i += channels) {
        const v = win[i] as number;
        sum += v * v;
      }
      const level = Math.sqrt(sum / Math.max(1, win.length / channels));
      const t0 = samples / sampleRate;
      samples += win.length / channels;
      const t1 = samples / sampleRate;
      if (level >= speechRms) {
        if (speechStart === null) {
          speechStart = t0;
          continuation = lastEnd !== null && (t0 - lastEnd) * 1000 < continuationMs;
          if (!continuation) ws.sendJson({ type: 'SpeechStarted', channel: [0, 1], timestamp: t0 });
        }
        lastSpeech = t1;
        speechMs += WINDOW_MS;
        if (options.finalDelayMs !== undefined) {
          lastSpeechWall = wallEnd;
          if (finalTimer !== null) clearTimeout(finalTimer);
          finalDue = false;
          finalTimer = setTimeout(
            () => {
              finalTimer = null;
              if (quietMs() >= finalSilenceMs) endSegment();
              else finalDue = true;
            },
            Math.max(0, wallEnd + options.finalDelayMs - Date.now()),
          );
        }
        // an interim result once the segment is clearly speech: the first scripted words
        if (!interimSent && !continuation && speechMs >= 400 && queue.length > 0) {
          interimSent = true;
          const first = (queue[0] as string).split(/\s+/).slice(0, 2).join(' ');
          if (first !== '') results(first, speechStart, t1, false);
        }
      } else if (finalDue && speechStart !== null && (t1 - lastSpeech) * 1000 >= finalSilenceMs) {
        endSegment();
      } else if (
        options.finalDelayMs === undefined &&
        speechStart !== null &&
        (t1 - lastSpeech) * 1000 >= silenceMs
      ) {
        endSegment();
      }
    };

    ws.onMessage = (data, isBinary) => {
      if (!isBinary) {
        let msg: { type?: string } = {};
        try {
          msg = JSON.parse(data.toString('utf8')) as { type?: string };
        } catch {
          return;
        }
        if (msg.type === 'Finalize') endSegment();
        if (msg.type === 'CloseStream') {
          endSegment();
          ws.sendJson({ type: 'Metadata', request_id: requestId, duration: samples / sampleRate, channels });
          ws.close(1000);
        }
        return;
      }
      const arrived = Date.now();
      const aligned = Buffer.from(data);
      const incoming = new Int16Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.byteLength / 2));
      totalSamples += incoming.length / channels;
      totalRateSeconds += incoming.length / channels / sampleRate;
      const merged = new Int16Array(pending.length + incoming.length);
      merged.set(pending);
      merged.set(incoming, pending.length);
      let off = 0;
      const per = windowSamples * channels;
      while (off + per <= merged.length) {
        const after = (merged.length - off - per) / channels / sampleRate; // seconds of audio after it
        onWindow(merged.subarray(off, off + per), arrived - after * 1000);
        off += per;
      }
      pending = merged.slice(off);
      if (idleTimer !== null) clearTimeout(idleTimer);
      idleTimer = setTimeout(endSegment, Math.max(idleMs, silenceMs));
    };
    ws.onClose = () => {
      open.delete(ws);
      if (idleTimer !== null) clearTimeout(idleTimer);
      if (finalTimer !== null) clearTimeout(finalTimer);
    };
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  void totalSamples;

  return {
    url: `http://127.0.0.1:${port}`,
    script: (...t: string[]) => void queue.push(...t),
    pendingScript: () => queue.length,
    clearScript: () => void queue.splice(0),
    segments,
    connections,
    audioSeconds: () => totalRateSeconds,
    nextSegment: (timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('fake deepgram: no speech segment ended')),
          timeoutMs,
        );
        segmentWaiters.push((s) => {
          clearTimeout(timer);
          resolve(s);
        });
      }),
    dropConnections: () => {
      for (const ws of open) ws.destroy();
    },
    close: async () => {
      for (const ws of open) ws.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
