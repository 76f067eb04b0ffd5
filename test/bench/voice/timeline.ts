import { summary } from '../lib.js';
import type { TurnSample } from './interview.js';

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
