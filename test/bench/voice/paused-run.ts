import { TestParticipant } from '../../e2e/harness/participant.js';
import { trimTrailingSilence } from '../../e2e/harness/speech.js';
import type { Stack } from '../../e2e/harness/stack.js';
import { sleep } from '../lib.js';
import { QUIET_MS, SOURCE_QUEUE_MS } from './interview.js';
import type { PausedAnswer } from './paused-answers.js';

/**
 * One labelled answer in its own interview: the participant joins, waits for the question, speaks the
 * answer's segments with real silence between them, and records every onset of agent audio. The agent
 * cut the answer off when its audio starts after the answer began and before the end of the last
 * segment's speech; otherwise latency = end of the last segment's speech → first agent audio.
 */

/** Silence after the answer's last segment, ms. */
const TAIL_MS = 1500;
/** After a cut-off the agent may not reply again: stop waiting this long after the answer. */
const CUT_OFF_WAIT_MS = 4000;
/** How long the store's transcript may take to show how the answer was read. */
const READ_WAIT_MS = 8000;

export interface PausedSample {
  id: string;
  cut_off: boolean;
  /** End of the answer's speech → first agent audio (null when cut off or no reply came). */
  latency_ms: number | null;
  /** When cut off: ms into which pause (after the end of segment `pause`) the agent's audio started. */
  cut_at?: { pause: number; ms: number };
  /**
   * Transcribed segments the fake STT made of the answer (more than its spoken segments: it split one and
   * gave a piece words not yet said). Continuations (a dip inside a spoken segment) are not counted.
   */
  stt_segments: number;
  /** Pieces the fake STT joined to the segment before them (`continuationMs`). */
  stt_continuations: number;
  /** Each segment, continuations too: its speech (audio time) and the quiet audio it had when it ended, ms. */
  stt_detail: Array<{ speech_ms: number; quiet_ms: number; continuation: boolean }>;
  /**
   * Whether the interview read the whole answer at its node (q1): the participant entry that ends with the
   * last segment's words is at q1 and is either its only entry there or `resumes` the one before (the
   * reply that cut the answer off was taken back). False: the end of the answer was read as something
   * else (an answer to the next question, or speech over it). Null: the transcript did not show it in time.
   */
  read_whole: boolean | null;
}

type Entry = {
  role: string;
  node_id: string | null;
  content: string;
  evaluation?: { resumes?: number } | null;
};

async function readWhole(stack: Stack, runId: string, answer: PausedAnswer): Promise<boolean | null> {
  const last = answer.segments.at(-1)!.transcript;
  const deadline = Date.now() + READ_WAIT_MS;
  for (;;) {
    const t = await stack.api('GET', `/v1/interview-runs/${runId}/transcript`);
    const entries: Entry[] = (t.body.data ?? t.body.entries ?? t.body ?? []).filter(
      (e: Entry) => e.role === 'participant',
    );
    const end = entries.find((e) => e.content.trim().endsWith(last));
    if (end !== undefined) {
      const atNode = entries.filter((e) => e.node_id === 'q1');
      return end.node_id === 'q1' && (atNode.length === 1 || typeof end.evaluation?.resumes === 'number');
    }
    if (Date.now() > deadline) return null;
    await sleep(200);
  }
}

export async function runPausedAnswer(opts: {
  stack: Stack;
  blueprintId: string;
  answer: PausedAnswer;
  /** The answer's segments as 48 kHz PCM. */
  pcm: Int16Array[];
  timeoutMs?: number;
}): Promise<PausedSample> {
  const { stack, answer } = opts;
  const timeout = opts.timeoutMs ?? 30_000;
  const created = await stack.api('POST', '/v1/interview-runs', {
    blueprint_id: opts.blueprintId,
    participant: { name: 'Bench' },
  });
  if (created.status !== 201) throw new Error(`run: ${created.status} ${JSON.stringify(created.body)}`);
  const run = created.body as { id: string; join_token: string };
  const p = new TestParticipant();
  await p.join(stack.lk.url, run.join_token, { queueSizeMs: SOURCE_QUEUE_MS });
  try {
    await p.waitForSound(200, timeout);
    await p.waitForQuiet(QUIET_MS, timeout);
    stack.dg.clearScript();
    stack.dg.script(...answer.segments.map((s) => s.transcript));
    const segmentsBefore = stack.dg.segments.length;
    const startedAt = Date.now();
    const ends: number[] = [];
    for (let i = 0; i < opts.pcm.length; i++) {
      const last = i === opts.pcm.length - 1;
      // before a pause: espeak-ng's trailing quiet trimmed, so the pause is all the silence heard
      const pcm = last ? opts.pcm[i]! : trimTrailingSilence(opts.pcm[i]!);
      const spoken = p.speakPcm(pcm, last ? TAIL_MS : answer.pauses_ms[i]!);
      if (!last) ends.push((await spoken).speechEndAt);
      else {
        // the reply may start while the tail silence is still being published
        let end = 0;
        void spoken.then((s) => (end = s.speechEndAt));
        await p.waitFor(
          'the end of the answer and an agent reply',
          () =>
            end > 0 &&
            (p.soundOnsets.some((t) => t > end) ||
              (p.soundOnsets.some((t) => t > startedAt) && Date.now() - end > CUT_OFF_WAIT_MS)),
          timeout,
        );
        ends.push(end);
      }
    }
    const end = ends.at(-1)!;
    const made = stack.dg.segments.slice(segmentsBefore);
    const stt_segments = made.filter((g) => g.continuation !== true).length;
    const stt_continuations = made.length - stt_segments;
    const stt_detail = made.map((g) => ({
      speech_ms: Math.round((g.end - g.start) * 1000),
      quiet_ms: g.silenceMs,
      continuation: g.continuation === true,
    }));
    const read_whole = await readWhole(stack, run.id, answer);
    const early = p.soundOnsets.find((t) => t > startedAt && t < end);
    if (early !== undefined) {
      const pause = ends.findLastIndex((e) => e < early);
      return {
        read_whole,
        id: answer.id,
        cut_off: true,
        latency_ms: null,
        stt_segments,
        stt_continuations,
        stt_detail,
        ...(pause >= 0 ? { cut_at: { pause, ms: early - ends[pause]! } } : {}),
      };
    }
    const first = p.soundOnsets.find((t) => t > end);
    return {
      read_whole,
      id: answer.id,
      cut_off: false,
      latency_ms: first === undefined ? null : first - end,
      stt_segments,
      stt_continuations,
      stt_detail,
    };
  } finally {
    await p.leave();
  }
}
