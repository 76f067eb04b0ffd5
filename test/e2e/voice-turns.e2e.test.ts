import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BENCH_ASSESSMENT_STRINGS, benchChatReply } from '../bench/voice/schema-example.js';
import { PROVIDER_PROFILES } from '../fakes/provider-timing.js';
import { conversation } from './harness/conversation.js';
import { TestParticipant } from './harness/participant.js';
import { speak, trimTrailingSilence } from './harness/speech.js';
import { createRun, eventually, startStack, type Stack } from './harness/stack.js';

/**
 * Turn-taking with realistic providers, end to end (issue 14): the LLM conductor against a fake chat model
 * paced like a real one (the `realistic` profile: first token 350 ms, 80 tokens/s, streamed), TTS with a
 * first-byte delay, and the worker's default turn detector. One stack, scenarios one after another.
 */
let stack: Stack;
const realistic = PROVIDER_PROFILES.realistic;

beforeAll(async () => {
  stack = await startStack({
    name: 'voice-turns',
    openai: {
      speechFirstByteMs: realistic.tts.first_byte_ms,
      ...(realistic.tts.real_time_factor !== null
        ? { speechRealTimeFactor: realistic.tts.real_time_factor }
        : {}),
      chatTiming: realistic.llm,
      chat: benchChatReply,
    },
    workerEnv: { PARLEY_CONDUCTOR_MODE: 'llm' },
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

const { answer, hear } = conversation(() => stack);
const ACK = new RegExp(BENCH_ASSESSMENT_STRINGS.acknowledgement.replace(/[.,]/g, '.?'), 'i');

async function runStatus(runId: string): Promise<any> {
  return (await stack.api('GET', `/v1/interview-runs/${runId}`)).body;
}

async function participantEntries(runId: string): Promise<any[]> {
  const t = await stack.api('GET', `/v1/interview-runs/${runId}/transcript`);
  const entries: any[] = t.body.data ?? t.body.entries ?? t.body;
  return entries.filter((e) => e.role === 'participant');
}

/** The captions from others (the agent's speech) since `since`, in order, as one text. */
function agentSaid(p: TestParticipant, since: number): string {
  const me = p.room.localParticipant?.identity;
  return p.captions
    .slice(since)
    .filter((c) => c.from !== me)
    .map((c) => c.text)
    .join(' ');
}

describe('turn-taking with realistic provider timing', () => {
  test('an interview completes with the streamed acknowledgement heard before the next question', async () => {
    const run = await createRun(stack);
    const p = new TestParticipant();
    await p.join(stack.lk.url, run.join_token);
    try {
      await hear(p, /recorded and transcribed/i);
      await answer(p, 'Yes that is fine with me.');
      await hear(p, /role at work/i);
      const since = p.captions.length;
      await answer(p, 'I am a nurse and I run the night shift at a hospital in Leeds.');
      await hear(p, /which tool/i);
      const said = agentSaid(p, since);
      expect(said).toMatch(new RegExp(`${ACK.source}.*which tool`, 'is'));
      expect(said.match(new RegExp(ACK.source, 'gi'))).toHaveLength(1);
      await answer(p, 'The scheduling app because it saves me an hour every day.');
      await hear(p, /thank you/i);
      await eventually('run completed', async () => (await runStatus(run.id)).status === 'completed', 60_000);
      expect((await participantEntries(run.id)).map((e) => e.node_id ?? null)).toEqual([
        null,
        'role',
        'tools',
      ]);
    } finally {
      await p.leave();
    }
  }, 240_000);

  /**
   * The role question answered in two parts with `pauseMs` of silence between them (the STT finalises
   * each part on its own): the agent stays silent until the answer ends, and the run records one turn.
   */
  async function pausedRoleAnswer(first: string, pauseMs: number, rest: string, recorded: RegExp) {
    const run = await createRun(stack);
    const p = new TestParticipant();
    await p.join(stack.lk.url, run.join_token);
    try {
      await hear(p, /recorded and transcribed/i);
      await answer(p, 'Yes that is fine with me.');
      await hear(p, /role at work/i);
      stack.dg.script(first, rest);
      // the pause is all the silence between the two parts (espeak-ng's trailing quiet trimmed)
      const firstPcm = trimTrailingSilence(await speak(first.replace(/[.…]+$/, '')));
      const restPcm = await speak(rest.replace(/[.…]+$/, ''));
      const startedAt = Date.now();
      await p.speakPcm(firstPcm, pauseMs);
      const { speechEndAt } = await p.speakPcm(restPcm);
      await hear(p, /which tool/i);
      expect(p.soundOnsets.filter((t) => t > startedAt && t < speechEndAt)).toEqual([]);
      const role = (await participantEntries(run.id)).filter((e) => e.node_id === 'role');
      expect(role).toHaveLength(1);
      expect(role[0].content).toMatch(recorded);
    } finally {
      await p.leave();
    }
  }

  test('a paused answer is not cut off: one turn, the agent silent until it ends', async () => {
    // "I think… [0.9 s] I run the night shift": the first part trails off on an opinion frame
    await pausedRoleAnswer(
      'I think…',
      900,
      'I run the night shift at a hospital in Leeds.',
      /I think.*night shift/s,
    );
  }, 240_000);

  test('a brief answer to an open question is met with silence, and the rest of the answer is not cut off', async () => {
    // "A nurse. [1.5 s] I run the night shift": nothing trails off, but two words to an open question
    // asked for depth are usually the start of an answer (the detector's `brief` verdict)
    await pausedRoleAnswer(
      'A nurse.',
      1500,
      'I run the night shift at a hospital in Leeds.',
      /nurse.*night shift/s,
    );
  }, 240_000);
});
