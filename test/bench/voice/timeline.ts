import { summary } from '../lib.js';
import type { TurnSample } from './interview.js';
import type { AgentTurnLog } from './stack.js';

/**
 * Where a turn's time goes on the wall clock, from timestamps the participant and the provider fakes
 * record (one interview at a time, so each turn matches one STT segment and one TTS request):
 *   in        participant's end of speech → that audio reaches the fake STT (WebRTC in, the agent's STT feed)
 *   to_tts    end of speech at the STT → the agent's TTS request (endpointing, STT, the LLM call, agent work)
 *   tts       TTS request → first audio byte (the injected delay)
 *   out       first TTS byte → first non-silent frame at the participant (agent audio pipeline, WebRTC out)
 */
export interface TimelineInputs {
  turns: TurnSample[];
  segments: Array<{ at: number; speechEndAt?: number }>;
  speech: Array<{ at: number; firstByteAt?: number }>;
}

export function turnTimeline({ turns, segments, speech }: TimelineInputs) {
  const rows = turns.map((t) => {
    const seg = segments.find(
      (s) =>
        s.speechEndAt !== undefined &&
        s.speechEndAt >= t.speech_end_at - 500 &&
        s.speechEndAt <= t.first_audio_at,
    );
    const from = seg?.speechEndAt ?? t.speech_end_at;
    const tts = speech.find((s) => s.at >= from && s.at <= t.first_audio_at && s.firstByteAt !== undefined);
    if (seg?.speechEndAt === undefined || tts?.firstByteAt === undefined) return null;
    return {
      in: seg.speechEndAt - t.speech_end_at,
      to_tts: tts.at - seg.speechEndAt,
      tts: tts.firstByteAt - tts.at,
      out: t.first_audio_at - tts.firstByteAt,
    };
  });
  const ok = rows.filter((r) => r !== null);
  return {
    matched: ok.length,
    in_ms: summary(ok.map((r) => r.in)),
    to_tts_ms: summary(ok.map((r) => r.to_tts)),
    tts_ms: summary(ok.map((r) => r.tts)),
    out_ms: summary(ok.map((r) => r.out)),
  };
}

/**
 * The same turns split where the agent itself stands, from its `turn latency` lines (the framework's own
 * metrics: `started_speaking_at` = first frame into its audio source, `e2e_ms` = that minus the end of speech
 * as its VAD dated it):
 *   to_vad_end   participant's end of speech → the end of speech the agent's VAD reports (WebRTC in plus
 *                Silero's hangover: it dates the end by the first of its silent windows)
 *   agent        that → first frame into the agent's audio source (endpointing, conductor, TTS, framework)
 *   out          → first non-silent frame at the participant (audio source, WebRTC out, the listener's frame)
 */
export function agentSplit(turns: readonly TurnSample[], agent: readonly AgentTurnLog[]) {
  const rows = turns.map((t) => {
    const a = agent.find(
      (l) =>
        (l.run_id === undefined || l.run_id === t.run_id) &&
        l.started_speaking_at !== undefined &&
        l.e2e_ms !== undefined &&
        l.started_speaking_at >= t.speech_end_at &&
        l.started_speaking_at <= t.first_audio_at,
    );
    if (a?.started_speaking_at === undefined || a.e2e_ms === undefined) return null;
    const vadEnd = a.started_speaking_at - a.e2e_ms;
    return {
      to_vad_end: vadEnd - t.speech_end_at,
      agent: a.e2e_ms,
      out: t.first_audio_at - a.started_speaking_at,
    };
  });
  const ok = rows.filter((r) => r !== null);
  return {
    matched: ok.length,
    to_vad_end_ms: summary(ok.map((r) => r.to_vad_end)),
    agent_ms: summary(ok.map((r) => r.agent)),
    out_ms: summary(ok.map((r) => r.out)),
  };
}
