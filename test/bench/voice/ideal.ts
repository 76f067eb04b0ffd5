import { charsDoneMs, type ProviderTiming } from '../../fakes/provider-timing.js';
import { VAD_MIN_SILENCE_MS_DEFAULT } from '../../../src/config/worker.js';
import type { PreemptiveMode } from '../types.js';

/**
 * The worker VAD's `minSilenceDuration` for a run: PARLEY_VAD_MIN_SILENCE_MS from `--worker-env`, else the
 * worker's default. The framework asks the turn detector only at the VAD's end of speech.
 */
export function vadSilenceMs(workerEnv: Readonly<Record<string, string>> | undefined): number {
  const set = workerEnv?.['PARLEY_VAD_MIN_SILENCE_MS'];
  return set !== undefined ? Number(set) : VAD_MIN_SILENCE_MS_DEFAULT;
}

/**
 * What a turn asks of the model, for its ideal: nothing (the rules routed a typed answer, 0 calls), or one
 * assessment whose output is `reply`; the agent can speak once the output has reached `speakableChars`
 * characters — the end of the acknowledgement's string when the assessment has one (it is spoken as soon
 * as it is complete), else the whole output (the next words wait for the validated assessment).
 */
export type TurnModelWork = { type: 'none' } | { type: 'assessment'; reply: string };

export function speakableChars(reply: string): number {
  const m = /"acknowledgement"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(reply);
  if (m === null || m[1] === '""') return reply.length;
  return m.index + m[0].length;
}

export interface IdealLatency {
  preemptive: PreemptiveMode;
  ms: number;
  formula: string;
  /** Without preemptive generation, for comparison. */
  sequential_ms: number;
  parts: { endpointing_ms: number; stt_ms: number; vad_ms: number; llm_ms: number; tts_ms: number };
}

/**
 * The ideal time from the end of speech to the first agent audio, from the provider timing profile, the
 * node's endpointing and what the turn asks of the model, for the worker's preemptive mode. The framework
 * commits the user turn when the endpointing delay (`minDelay` of the node's endpointing, from the VAD's
 * end of speech) has passed AND the final transcript is there; the VAD's own silence detection and the
 * STT run in parallel inside that window:
 *   commit = max(endpointing minDelay, STT final delay, VAD min silence)
 *   LLM    = 0 with no model call, else the time until the speakable part of the assessment has arrived:
 *            first token + (⌈chars / 4⌉ − 1) / tokens per s  (all of it with the first token when the
 *            profile has no rate)
 * With preemptive generation the reply starts from the final transcript, inside the commit window:
 *   speech (conductor + TTS early):  ideal = max(commit, STT + LLM + TTS first byte)
 *   conductor (TTS after commit):    ideal = max(commit, STT + LLM) + TTS first byte
 *   off:                             ideal = commit + LLM + TTS first byte
 * Audio transport (Opus frames, jitter buffers) is not in the ideal: it is part of the added latency.
 */
export function idealLatency(
  mode: PreemptiveMode,
  timing: ProviderTiming,
  endpointingMs: number,
  work: TurnModelWork,
  vadMs: number = VAD_MIN_SILENCE_MS_DEFAULT,
): IdealLatency {
  const stt = timing.stt.final_delay_ms;
  const tts = timing.tts.first_byte_ms;
  const llm = work.type === 'none' ? 0 : charsDoneMs(timing.llm, speakableChars(work.reply));
  const commit = Math.max(endpointingMs, stt, vadMs);
  const c = `max(${endpointingMs} endpointing, ${stt} STT, ${vadMs} VAD)`;
  const l = work.type === 'none' ? '' : ` + ${llm} LLM`;
  const ideal = ((): { ms: number; formula: string } => {
    switch (mode) {
      case 'speech':
        return { ms: Math.max(commit, stt + llm + tts), formula: `max(${c}, ${stt} STT${l} + ${tts} TTS)` };
      case 'conductor':
        return { ms: Math.max(commit, stt + llm) + tts, formula: `max(${c}, ${stt} STT${l}) + ${tts} TTS` };
      case 'off':
        return { ms: commit + llm + tts, formula: `${c}${l} + ${tts} TTS` };
    }
  })();
  return {
    preemptive: mode,
    ...ideal,
    sequential_ms: commit + llm + tts,
    parts: {
      endpointing_ms: endpointingMs,
      stt_ms: stt,
      vad_ms: vadMs,
      llm_ms: llm,
      tts_ms: tts,
    },
  };
}
