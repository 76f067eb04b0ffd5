import './rtc-log.js';
import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  type RemoteParticipant,
  type RemoteTrack,
  type TextStreamReader,
} from '@livekit/rtc-node';
import { rms, speak } from './speech.js';

const SAMPLE_RATE = 48_000;
const FRAME_MS = 10;
const SAMPLES_PER_FRAME = (SAMPLE_RATE * FRAME_MS) / 1000;
/** RMS over a 10 ms frame above which the agent's audio counts as sound (espeak speech is ~3000). */
const SOUND_RMS = 300;
/** RMS over a 10 ms frame of our own speech that counts as speaking (the fake STT's threshold). */
const SPEECH_RMS = 500;
/** Silence before a sound frame that makes it the onset of a new stretch of agent audio, ms. */
const ONSET_GAP_MS = 300;

export interface Caption {
  from: string;
  text: string;
  final: boolean;
  at: number;
  attributes: Record<string, string>;
}

type Waiter = { check: () => boolean; resolve: () => void };

/**
 * A test participant over `@livekit/rtc-node`: joins with a token, publishes espeak-ng speech of scripted
 * answers in real time, and records what it hears from others: non-silent audio (per 10 ms frame) and
 * `lk.transcription` captions. Tests wait on these observations, never on sleeps.
 */
export class TestParticipant {
  readonly room = new Room();
  private source: AudioSource | null = null;
  /** Total ms of non-silent remote audio heard, and the time of the last sound frame. */
  soundMs = 0;
  lastSoundAt = 0;
  /** Times of the first sound frame after at least ONSET_GAP_MS of silence (the agent starts talking). */
  readonly soundOnsets: number[] = [];
  readonly captions: Caption[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly streams: AudioStream[] = [];

  /** `queueSizeMs`: the audio source's buffer (a small one makes `speak`'s end-of-speech time tighter). */
  async join(
    url: string,
    token: string,
    opts: { publish?: boolean; queueSizeMs?: number } = {},
  ): Promise<void> {
    this.room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, participant: RemoteParticipant) => {
      if (track.kind === TrackKind.KIND_AUDIO) void this.listen(track, participant.identity);
    });
    this.room.registerTextStreamHandler('lk.transcription', (reader: TextStreamReader, info) => {
      void this.readCaption(reader, info.identity);
    });
    await this.room.connect(url, token, { autoSubscribe: true, dynacast: false });
    if (opts.publish !== false) {
      this.source = new AudioSource(SAMPLE_RATE, 1, opts.queueSizeMs ?? 1000);
      const track = LocalAudioTrack.createAudioTrack('microphone', this.source);
      const options = new TrackPublishOptions();
      options.source = TrackSource.SOURCE_MICROPHONE;
      await this.room.localParticipant?.publishTrack(track, options);
    }
  }

  private async readCaption(reader: TextStreamReader, from: string): Promise<void> {
    const attributes = reader.info.attributes ?? {};
    try {
      const text = await reader.readAll();
      this.captions.push({
        from,
        text,
        final: attributes['lk.transcription_final'] === 'true',
        at: Date.now(),
        attributes,
      });
      this.notify();
    } catch {
      // stream aborted (participant left)
    }
  }

  private async listen(track: RemoteTrack, _identity: string): Promise<void> {
    const stream = new AudioStream(track, { sampleRate: SAMPLE_RATE, numChannels: 1, frameSizeMs: FRAME_MS });
    this.streams.push(stream);
    try {
      for await (const frame of stream) {
        const level = rms(frame.data);
        if (level > SOUND_RMS) {
          const now = Date.now();
          if (now - this.lastSoundAt >= ONSET_GAP_MS) {
            this.soundOnsets.push(now);
            if (this.soundOnsets.length > 10_000) this.soundOnsets.shift();
          }
          this.soundMs += (frame.samplesPerChannel / frame.sampleRate) * 1000;
          this.lastSoundAt = now;
          this.notify();
        }
      }
    } catch {
      // track ended
    }
  }

  private notify(): void {
    for (const w of this.waiters) {
      if (w.check()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  /** Wait until `check()` holds, re-evaluated on every observation (and every 200 ms for outside state). */
  waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const poll = setInterval(() => this.notify(), 200);
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        clearInterval(poll);
        reject(new Error(`participant: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          clearInterval(poll);
          resolve();
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Wait for at least `minMs` of non-silent remote audio after the current moment. */
  async waitForSound(minMs = 300, timeoutMs = 30_000): Promise<void> {
    const base = this.soundMs;
    await this.waitFor(`${minMs} ms of agent audio`, () => this.soundMs - base >= minMs, timeoutMs);
  }

  /** Wait until remote audio has been silent for `quietMs` (after having been heard at least once). */
  async waitForQuiet(quietMs = 1200, timeoutMs = 60_000): Promise<void> {
    await this.waitFor(
      `${quietMs} ms of silence`,
      () => this.lastSoundAt > 0 && Date.now() - this.lastSoundAt >= quietMs,
      timeoutMs,
    );
  }

  /** Wait for a final caption (from anyone but us) whose text matches, added after index `since`. */
  async waitForCaption(re: RegExp, opts: { since?: number; timeoutMs?: number } = {}): Promise<Caption> {
    const since = opts.since ?? 0;
    const me = this.room.localParticipant?.identity;
    let found: Caption | undefined;
    await this.waitFor(
      `a caption matching ${re}`,
      () => {
        found = this.captions.slice(since).find((c) => c.from !== me && re.test(c.text));
        return found !== undefined;
      },
      opts.timeoutMs ?? 30_000,
    );
    return found as Caption;
  }

  /** Publish espeak-ng speech of `text` in real time (captureFrame paces), followed by `tailMs` of silence. */
  async say(text: string, opts: { tailMs?: number; wpm?: number } = {}): Promise<void> {
    if (this.source === null) throw new Error('participant: not publishing');
    const pcm = await speak(text, SAMPLE_RATE, opts.wpm !== undefined ? { wpm: opts.wpm } : {});
    await this.pushPcm(pcm);
    await this.silence(opts.tailMs ?? 400);
  }

  async silence(ms: number): Promise<void> {
    await this.pushPcm(new Int16Array(Math.round((SAMPLE_RATE * ms) / 1000)));
  }

  /** Publish silence, a 10 ms frame at a time, until `until()` holds (checked per frame) or `maxMs` passed. */
  async silenceUntil(until: () => boolean, maxMs: number): Promise<void> {
    const silent = new Int16Array(SAMPLES_PER_FRAME);
    for (let ms = 0; ms < maxMs && !until(); ms += 10) await this.pushPcm(silent);
  }

  /**
   * Publish ready-made 48 kHz PCM in real time, then `tailMs` of silence. Returns `speechEndAt`: the wall
   * time at which the end of the last 10 ms frame with speech (RMS ≥ SPEECH_RMS) leaves the audio source
   * (the time it was queued plus the source's queued duration then).
   */
  async speakPcm(pcm: Int16Array, tailMs = 400): Promise<{ speechEndAt: number }> {
    let last = -1;
    for (let off = 0; off < pcm.length; off += SAMPLES_PER_FRAME) {
      if (rms(pcm.subarray(off, off + SAMPLES_PER_FRAME)) >= SPEECH_RMS) last = off;
    }
    let speechEndAt = 0;
    await this.pushPcm(pcm, (off) => {
      if (off === last) speechEndAt = Date.now() + (this.source?.queuedDuration ?? 0);
    });
    await this.silence(tailMs);
    return { speechEndAt };
  }

  private async pushPcm(pcm: Int16Array, onFrame?: (offset: number) => void): Promise<void> {
    const source = this.source;
    if (source === null) return;
    for (let off = 0; off < pcm.length; off += SAMPLES_PER_FRAME) {
      const chunk = new Int16Array(SAMPLES_PER_FRAME);
      chunk.set(pcm.subarray(off, Math.min(off + SAMPLES_PER_FRAME, pcm.length)));
      await source.captureFrame(new AudioFrame(chunk, SAMPLE_RATE, 1, SAMPLES_PER_FRAME));
      onFrame?.(off);
    }
  }

  async dtmf(digits: string): Promise<void> {
    const codes: Record<string, number> = { '*': 10, '#': 11 };
    for (const d of digits) {
      await this.room.localParticipant?.publishDtmf(codes[d] ?? Number(d), d);
    }
  }

  async leave(): Promise<void> {
    for (const s of this.streams) {
      try {
        await s.cancel();
      } catch {
        // already closed
      }
    }
    await this.source?.close().catch(() => undefined);
    await this.room.disconnect();
  }
}
