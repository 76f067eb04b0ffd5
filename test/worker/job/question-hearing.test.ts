import { llm } from '@livekit/agents';
import { describe, expect, test } from 'vitest';
import type { InterviewTurn, Utterance } from '../../../src/interview/session.js';
import { spokenText } from '../../../src/interview/speech-text.js';
import type { TurnPatch } from '../../../src/store-client/types.js';
import { QuestionHearing } from '../../../src/worker/job/question-hearing.js';

/** An utterance whose text is complete and recorded as `turn_number` (or nothing was said: null). */
function utterance(turnNumber: number, content: string | null, asks = true): Utterance {
  const turn: InterviewTurn | null =
    content === null
      ? null
      : {
          turn_number: turnNumber,
          role: 'agent',
          content,
          started_at: '2026-06-01T10:00:00.000Z',
          ended_at: '2026-06-01T10:00:00.010Z',
          node_id: 'q1',
          question_key: null,
          entry_type: asks ? 'question' : 'statement',
        };
  return {
    actions: [],
    text: spokenText((async function* () {})()),
    done: Promise.resolve(turn),
    ends: false,
    asks,
  };
}

/** An assistant message as the session adds it when speech stopped (times in epoch seconds). */
function message(text: string, spoke: [number, number] | null, interrupted = false): llm.ChatMessage {
  return llm.ChatMessage.create({
    role: 'assistant',
    content: text,
    interrupted,
    metrics: spoke === null ? {} : { startedSpeakingAt: spoke[0], stoppedSpeakingAt: spoke[1] },
  });
}

function setup() {
  const hearing = new QuestionHearing();
  const patches: Array<{ n: number; patch: TurnPatch }> = [];
  const patch = (n: number, p: TurnPatch) => void patches.push({ n, patch: p });
  return { hearing, patches, patch };
}

/** Let `done` callbacks run (the utterances' texts are complete before their speech ends). */
const settled = (u: Utterance) => u.done;

const T = 1_780_000_000; // epoch seconds

describe('QuestionHearing: when the agent was heard', () => {
  test('a played utterance is patched with the times it was spoken, in one patch', async () => {
    const { hearing, patches, patch } = setup();
    const u = utterance(3, 'What is your role at work?');
    hearing.track(u);
    await settled(u);
    await hearing.onAssistantMessage(message('What is your role at work?', [T + 1.25, T + 3.5]), patch);
    expect(patches).toEqual([
      {
        n: 3,
        patch: {
          started_at: new Date((T + 1.25) * 1000).toISOString(),
          ended_at: new Date((T + 3.5) * 1000).toISOString(),
        },
      },
    ]);
    expect(hearing.takeUnheard()).toBe(false);
  });

  test('an interrupted question: times and what was heard in the same patch; asked again when unheard', async () => {
    const { hearing, patches, patch } = setup();
    const u = utterance(5, 'Which tool do you use the most, and why?');
    hearing.track(u);
    await settled(u);
    await hearing.onAssistantMessage(message('Which tool', [T, T + 0.8], true), patch);
    expect(patches).toHaveLength(1);
    expect(patches[0]!.n).toBe(5);
    expect(patches[0]!.patch).toMatchObject({
      started_at: new Date(T * 1000).toISOString(),
      ended_at: new Date((T + 0.8) * 1000).toISOString(),
      evaluation: { interrupted: true, heard_text: 'Which tool', heard: false },
    });
    expect(hearing.unheardStartedAt).toBe(T * 1000);
    expect(hearing.takeUnheard()).toBe(true);
    expect(hearing.takeUnheard()).toBe(false);
    expect(hearing.unheardStartedAt).toBeUndefined();
  });

  test('an utterance that never played is skipped: the next message goes to the utterance it spoke', async () => {
    const { hearing, patches, patch } = setup();
    const cut = utterance(7, 'Sorry, I did not catch that.', false);
    const next = utterance(8, 'Could you tell me about your work?');
    const empty = utterance(9, null, false);
    for (const u of [cut, next, empty]) hearing.track(u);
    await Promise.all([settled(cut), settled(next), settled(empty)]);
    await hearing.onAssistantMessage(message('Could you tell me about your work?', [T + 10, T + 12]), patch);
    expect(patches.map((p) => p.n)).toEqual([8]);
    // nothing left to patch: a later message that matches nothing patches nothing
    await hearing.onAssistantMessage(message('Something else entirely.', [T + 20, T + 21]), patch);
    expect(patches.map((p) => p.n)).toEqual([8]);
  });

  test('a message that arrives before its text is recorded waits for the turn', async () => {
    const { hearing, patches, patch } = setup();
    let resolve!: (t: InterviewTurn | null) => void;
    const u: Utterance = {
      ...utterance(2, 'Welcome!', false),
      done: new Promise((r) => (resolve = r)),
    };
    hearing.track(u);
    const handled = hearing.onAssistantMessage(message('Welcome!', [T, T + 1]), patch);
    expect(patches).toEqual([]);
    resolve((await utterance(2, 'Welcome!', false).done)!);
    await handled;
    expect(patches.map((p) => p.n)).toEqual([2]);
  });

  test('no speech metrics and not interrupted: no patch', async () => {
    const { hearing, patches, patch } = setup();
    const u = utterance(1, 'Hello.', false);
    hearing.track(u);
    await settled(u);
    await hearing.onAssistantMessage(message('Hello.', null), patch);
    expect(patches).toEqual([]);
  });
});
