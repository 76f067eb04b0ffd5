import { initializeLogger, VADEventType, type VAD } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { createVad } from '../../../src/worker/voice/vad.js';
import { rms, speak } from '../../e2e/harness/speech.js';
import { round, summary } from '../lib.js';

/**
 * How late a VAD dates the end of speech, on the latency part's own answers and without any transport: each
 * answer (espeak-ng, at the 16 kHz the worker takes its input at) goes through the VAD (the worker's unless
 * told), followed by silence, as fast as it runs. The VAD's end of speech is the audio time of its
 * END_OF_SPEECH event minus the silence it reports — what the framework anchors endpointing on
 * (`lastSpeakingTime`). The reference is the bench's end of speech: the end of the last 10 ms frame with
 * RMS ≥ 500 (the participant's `speechEndAt`). Also against the last frame with any sound (RMS ≥ 30).
 * CPU: the process's user + system time from the first frame pushed to the last inference, per second of
 * audio (the VAD runs on the main thread or in native threads of this process; both count).
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
  /** Process CPU per second of audio, ms (all answers together). */
  cpu_ms_per_audio_s: number | null;
  answers: Array<{
    text: string;
    speech_end_ms: number;
    last_sound_ms: number;
    vad_end_ms: number | null;
    /** END_OF_SPEECH events in the answer (1 when the VAD heard one utterance). */
    ends: number;
  }>;
}

/** Pushes `pcm` through a fresh stream of `vad`; resolves when the last window has been inferred. */
async function detect(vad: VAD, pcm: Int16Array): Promise<{ ends: number[]; cpuMs: number }> {
  const stream = vad.stream();
  const totalMs = (pcm.length / RATE) * 1000;
  const ends: number[] = [];
  const c0 = process.cpuUsage();
  const done = (async () => {
    for await (const ev of stream) {
      if (ev.type === VADEventType.END_OF_SPEECH) ends.push(ev.timestamp - ev.silenceDuration);
      // inference windows are ≤ 32 ms: the one that reaches the last 64 ms is the last one
      if (ev.type === VADEventType.INFERENCE_DONE && ev.timestamp >= totalMs - 64) return;
    }
  })();
  for (let off = 0; off < pcm.length; off += FRAME) {
    stream.pushFrame(new AudioFrame(pcm.slice(off, off + FRAME), RATE, 1, FRAME));
  }
  await done;
  const c = process.cpuUsage(c0);
  stream.close();
  return { ends, cpuMs: (c.user + c.system) / 1000 };
}

export async function measureVadLag(
  texts: readonly string[],
  vad: VAD = createVad(),
  label = 'the worker’s VAD (inference.VAD, src/worker/voice/vad.ts)',
): Promise<VadLag> {
  // the framework logs through its logger; the runner's stdout carries the results
  initializeLogger({ pretty: false, level: 'error' });
  const answers: VadLag['answers'] = [];
  let cpu = 0;
  let audioMs = 0;
  for (const text of texts) {
    const speech = await speak(text, RATE);
    const pcm = new Int16Array(speech.length + (RATE * TAIL_MS) / 1000);
    pcm.set(speech);
    const { ends, cpuMs } = await detect(vad, pcm);
    cpu += cpuMs;
    audioMs += (pcm.length / RATE) * 1000;
    answers.push({
      text,
      speech_end_ms: lastFrameEndMs(speech, SPEECH_RMS),
      last_sound_ms: lastFrameEndMs(speech, SOUND_RMS),
      vad_end_ms: ends.at(-1) ?? null,
      ends: ends.length,
    });
  }
  const lag = (k: 'speech_end_ms' | 'last_sound_ms') =>
    summary(answers.filter((a) => a.vad_end_ms !== null).map((a) => a.vad_end_ms! - a[k]));
  return {
    method:
      `${label} on each answer at ${RATE} Hz + ${TAIL_MS} ms silence, offline; VAD end = ` +
      `END_OF_SPEECH audio time − reported silence; vs the last 10 ms frame with RMS ≥ ${SPEECH_RMS} ` +
      `(the bench's end of speech) and ≥ ${SOUND_RMS}`,
    vs_speech_end_ms: lag('speech_end_ms'),
    vs_last_sound_ms: lag('last_sound_ms'),
    cpu_ms_per_audio_s: audioMs > 0 ? round(cpu / (audioMs / 1000), 2) : null,
    answers,
  };
}
