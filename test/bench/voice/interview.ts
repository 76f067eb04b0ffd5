import { TestParticipant } from '../../e2e/harness/participant.js';
import type { Stack } from '../../e2e/harness/stack.js';

/**
 * One benchmark interview over WebRTC: the participant waits for the agent's question, answers with
 * pre-rendered speech, and times each turn from the end of its own speech (on the audio timeline it
 * publishes) to the first non-silent frame of the agent's reply it receives.
 */

/** Agent silence that ends its turn (the participant then answers), ms. */
export const QUIET_MS = 800;
/** Silence after each answer: the VAD and the STT see the speech end in real audio. */
const TAIL_MS = 1200;
/** The participant's audio source buffer (a small one pins the end-of-speech time down). */
export const SOURCE_QUEUE_MS = 200;

export interface TurnSample {
  run_id: string;
  turn: number;
  speech_end_at: number;
  first_audio_at: number;
  measured_ms: number;
}

export async function runInterview(opts: {
  stack: Stack;
  blueprintId: string;
  answers: Int16Array[];
  /** Answers to give (the blueprint's question count). */
  turns: number;
  /**
   * The fake STT's transcript of each answer (scripted just before it is spoken; one interview at a
   * time). Unset: the fake's fallback transcript.
   */
  transcripts?: readonly string[];
  timeoutMs?: number;
  /** Called with each turn as it is measured (so a later failure keeps the earlier turns). */
  onTurn?: (t: TurnSample) => void;
}): Promise<{ runId: string; turns: TurnSample[] }> {
  const { stack } = opts;
  const timeout = opts.timeoutMs ?? 60_000;
  const created = await stack.api('POST', '/v1/interview-runs', {
    blueprint_id: opts.blueprintId,
    participant: { name: 'Bench' },
  });
  if (created.status !== 201) throw new Error(`run: ${created.status} ${JSON.stringify(created.body)}`);
  const run = created.body as { id: string; join_token: string };
  const p = new TestParticipant();
  const samples: TurnSample[] = [];
  await p.join(stack.lk.url, run.join_token, { queueSizeMs: SOURCE_QUEUE_MS });
  try {
    await p.waitForSound(200, timeout);
    await p.waitForQuiet(QUIET_MS, timeout);
    for (let turn = 1; turn <= opts.turns; turn++) {
      const pcm = opts.answers[(turn - 1) % opts.answers.length]!;
      const transcript = opts.transcripts?.[turn - 1];
      if (transcript !== undefined) {
        if (stack.dg.pendingScript() > 0)
          throw new Error(`turn ${turn}: the fake STT has not used the previous turn's transcript`);
        stack.dg.script(transcript);
      }
      const spoken = p.speakPcm(pcm, TAIL_MS);
      let speechEnd = 0;
      const reply = () => p.soundOnsets.find((t) => speechEnd > 0 && t > speechEnd);
      void spoken.then((s) => (speechEnd = s.speechEndAt));
      // the reply may start while the tail silence is still being published
      await p.waitFor(`agent reply to answer ${turn}`, () => reply() !== undefined, timeout);
      await spoken;
      const first = reply()!;
      const sample = {
        run_id: run.id,
        turn,
        speech_end_at: speechEnd,
        first_audio_at: first,
        measured_ms: first - speechEnd,
      };
      samples.push(sample);
      opts.onTurn?.(sample);
      await p.waitForQuiet(QUIET_MS, timeout);
    }
  } finally {
    await p.leave();
  }
  return { runId: run.id, turns: samples };
}
