import { initializeLogger, VADEventType } from '@livekit/agents';
import * as silero from '@livekit/agents-plugin-silero';
import { AudioFrame } from '@livekit/rtc-node';
import { rms, speak } from '../../e2e/harness/speech.js';
import { summary } from '../lib.js';

/**
 * How late the worker's VAD dates the end of speech, on the latency part's own answers and without any
 * transport: each answer (espeak-ng, at the 16 kHz the worker takes its input at) goes through Silero with
 * the worker's options, followed by silence, as fast as it runs. The VAD's end of speech is the audio time of
 * its END_OF_SPEECH event minus the silence it reports — what the framework anchors endpointing on
 * (`lastSpeakingTime`). The reference is the bench's end of speech: the end of the last 10 ms frame with
 * RMS ≥ 500 (the participant's `speechEndAt`). Also against the last frame with any sound (RMS ≥ 30).
 */

const RATE = 16_000;
const FRAME = RATE / 100;
/** The participant's speech threshold (participant.ts SPEECH_RMS) and "any sound". */
const SPEECH_RMS = 500;
const SOUND_RMS = 30;
const TAIL_MS = 1500;

function lastFrameEndMs(pcm: Int16Array, threshold: number): number {
  let last = -1;
  for (let off = 0; off < pcm.length; off += FRAME) {
    if (rms(pcm.subarray(off, off + FRAME)) >= threshold) last = off;
  }
  return ((last + FRAME) / RATE) * 1000;
}

export interface VadLag {
  method: string;
  /** VAD end of speech − the bench's end of speech (RMS ≥ 500), per answer. */
  vs_speech_end_ms: ReturnType<typeof summary>;
  /** VAD end of speech − the end of the last frame with any sound (RMS ≥ 30). */
  vs_last_sound_ms: ReturnType<typeof summary>;
  answers: Array<{ text: string; speech_end_ms: number; last_sound_ms: number; vad_end_ms: number | null }>;
}

export async function measureVadLag(texts: readonly string[]): Promise<VadLag> {
  // the plugin logs through the framework's logger; the runner's stdout carries the results
  initializeLogger({ pretty: false, level: 'error' });
  const vad = await silero.VAD.load();
  const answers: VadLag['answers'] = [];
  for (const text of texts) {
    const speech = await speak(text, RATE);
    const pcm = new Int16Array(speech.length + (RATE * TAIL_MS) / 1000);
    pcm.set(speech);
    const stream = vad.stream();
    let vadEnd: number | null = null;
    const read = (async () => {
      for await (const ev of stream) {
        if (ev.type !== VADEventType.END_OF_SPEECH) continue;
        vadEnd = ev.timestamp - ev.silenceDuration;
        return;
      }
    })();
    for (let off = 0; off < pcm.length; off += FRAME) {
      stream.pushFrame(new AudioFrame(pcm.slice(off, off + FRAME), RATE, 1, FRAME));
    }
    // the reader returns at the end of speech; a missing one shows as null
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([read, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
    stream.close();
    answers.push({
      text,
      speech_end_ms: lastFrameEndMs(speech, SPEECH_RMS),
      last_sound_ms: lastFrameEndMs(speech, SOUND_RMS),
      vad_end_ms: vadEnd,
    });
  }
  const lag = (k: 'speech_end_ms' | 'last_sound_ms') =>
    summary(answers.filter((a) => a.vad_end_ms !== null).map((a) => a.vad_end_ms! - a[k]));
  return {
    method:
      `Silero (worker defaults) on each answer at ${RATE} Hz + ${TAIL_MS} ms silence, offline; VAD end = ` +
      `END_OF_SPEECH audio time − reported silence; vs the last 10 ms frame with RMS ≥ ${SPEECH_RMS} ` +
      `(the bench's end of speech) and ≥ ${SOUND_RMS}`,
    vs_speech_end_ms: lag('speech_end_ms'),
    vs_last_sound_ms: lag('last_sound_ms'),
    answers,
  };
}
