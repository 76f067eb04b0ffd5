import type { ChatCall } from '../../fakes/tts-server.js';
import type { ProviderTiming } from '../../fakes/provider-timing.js';
import { quantile, round, summary } from '../lib.js';
import type { PreemptiveMode } from '../types.js';
import { idealLatency, type IdealLatency, type TurnModelWork } from './ideal.js';
import type { TurnSample } from './interview.js';
import type { AnswerType } from './script.js';

/**
 * Each measured turn with its ideal: what the turn asked of the model is read from the fake's chat calls
 * that arrived between the participant's end of speech and the first agent audio (one interview at a
 * time, so they are this turn's); the last of them is the one whose output was spoken (earlier ones are
 * dropped speculations: `model_calls` counts them all).
 */
export interface TypedTurn extends TurnSample {
  type: AnswerType;
  model_calls: number;
  ideal: IdealLatency;
  added_ms: number;
  /**
   * On the fakes' clock, ms after the participant's end of speech: the spoken assessment's request and
   * last token, and the first TTS request of the reply (with its text) — where an open turn waits.
   */
  fakes: { llm_request_ms?: number; llm_done_ms?: number; tts_request_ms?: number; tts_input?: string };
}

export function turnsWithIdeal(opts: {
  turns: readonly TurnSample[];
  types: readonly AnswerType[];
  chats: readonly ChatCall[];
  speech: ReadonlyArray<{ at: number; input: string }>;
  mode: PreemptiveMode;
  timing: ProviderTiming;
  /** The endpointing min delay of the node a turn answers (by turn number, from 1). */
  endpointingMs: (turn: number) => number;
  /** The worker VAD's minimum silence (ms). */
  vadMs: number;
}): TypedTurn[] {
  return opts.turns.map((t) => {
    const calls = opts.chats.filter((c) => c.at >= t.speech_end_at - 500 && c.at <= t.first_audio_at);
    const last = calls.at(-1);
    const work: TurnModelWork =
      last === undefined ? { type: 'none' } : { type: 'assessment', reply: last.reply };
    const ideal = idealLatency(opts.mode, opts.timing, opts.endpointingMs(t.turn), work, opts.vadMs);
    const tts = opts.speech.find((s) => s.at >= t.speech_end_at && s.at <= t.first_audio_at);
    const rel = (at: number) => at - t.speech_end_at;
    const done = last?.chunkAt.at(-1);
    const fakes: TypedTurn['fakes'] = {
      ...(last !== undefined ? { llm_request_ms: rel(last.at) } : {}),
      ...(done !== undefined ? { llm_done_ms: rel(done) } : {}),
      ...(tts !== undefined ? { tts_request_ms: rel(tts.at), tts_input: tts.input } : {}),
    };
    return {
      fakes,
      ...t,
      type: opts.types[t.turn - 1] ?? 'open',
      model_calls: calls.length,
      ideal,
      added_ms: t.measured_ms - ideal.ms,
    };
  });
}

const p = (v: number[], q: number) => round(quantile(v, q), 1);

/** p50 / p95 of measured, ideal and added latency for a group of turns. */
export function groupStats(turns: readonly TypedTurn[]) {
  const measured = turns.map((t) => t.measured_ms);
  return {
    turns: turns.length,
    e2e_p50_ms: p(measured, 0.5),
    e2e_p95_ms: p(measured, 0.95),
    ideal_p50_ms: p(
      turns.map((t) => t.ideal.ms),
      0.5,
    ),
    added_p50_ms: p(
      turns.map((t) => t.added_ms),
      0.5,
    ),
    added_p95_ms: p(
      turns.map((t) => t.added_ms),
      0.95,
    ),
    model_calls: summary(turns.map((t) => t.model_calls)),
  };
}

/** The turns grouped by the endpointing min delay of their node (ms → stats). */
export function byEndpointing(turns: readonly TypedTurn[]) {
  const delays = [...new Set(turns.map((t) => t.ideal.parts.endpointing_ms))].sort((a, b) => a - b);
  return Object.fromEntries(
    delays.map((d) => [String(d), groupStats(turns.filter((t) => t.ideal.parts.endpointing_ms === d))]),
  );
}

/** The groups the part reports: every turn, typed (yes/no, rating, choice), open, and each type. */
export function byType(turns: readonly TypedTurn[]) {
  const of = (types: readonly AnswerType[]) => groupStats(turns.filter((t) => types.includes(t.type)));
  return {
    all: groupStats(turns),
    typed: of(['yes_no', 'rating', 'choice']),
    open: of(['open']),
    yes_no: of(['yes_no']),
    rating: of(['rating']),
    choice: of(['choice']),
  };
}
