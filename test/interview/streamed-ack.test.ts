import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { agentSchema } from '../../src/agent/schema.js';
import { createConductor } from '../../src/conductor/index.js';
import { InterviewSession } from '../../src/interview/session.js';
import { SPEECH_BREAK, type SpeechPiece } from '../../src/interview/speech-text.js';
import { TurnPreemption } from '../../src/worker/job/preemption.js';
import { chatJson, startFakeOpenAI, streamHold, type FakeOpenAIServer } from '../fakes/openai-server.js';
import { loadBlueprint, read, silent, type Write } from './harness.js';

/** The turn loop with a model conductor: a streamed assessment's acknowledgement leads the reply. */
const blueprint = loadBlueprint('test/fixtures/e2e/voice-short.yaml');
const agent = agentSchema.parse({ name: 'Robin' });

let fake: FakeOpenAIServer;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
});

/** A session with a model conductor, past consent, at the first question. */
async function atFirstQuestion(writes: Write[]): Promise<InterviewSession> {
  const session = new InterviewSession({
    blueprint,
    agent,
    conductor: createConductor({
      agent,
      mode: 'llm',
      openai: { apiKey: 'sk', baseURL: fake.baseURL },
      logger: silent,
      now: () => Date.now(),
    }),
    run: { run_id: 'run_1', participant: { name: 'Dana' } },
    sessionId: 'ses_1',
    sink: { record: (batch) => void writes.push(...batch) },
  });
  await read((await session.begin()).text);
  // consent is read by the rules (an unambiguous yes): no model call
  const consent = await session.respond({ text: 'Yes, that is fine.' });
  expect(await read(consent.text)).toMatch(/What is your role at work\?$/);
  await consent.done;
  return session;
}

describe('a speculation with a streaming assessment', () => {
  test('the reply yields the acknowledgement while the assessment is still streaming, then the next question; one acknowledgement is recorded', async () => {
    const writes: Write[] = [];
    const session = await atFirstQuestion(writes);

    const hold = streamHold('"acknowledgement":"Got it, thanks."');
    fake.enqueue({
      ...chatJson({
        kind: 'answer',
        acknowledgement: 'Got it, thanks.',
        objective_met: true,
        summary: 'Runs the data team at a bakery.',
        reply: null,
      }),
      chunkSize: 8,
      hold,
    });
    const spec = session.speculate('I run the data team at a bakery.');
    const reply = spec.reply[Symbol.asyncIterator]();
    const first = await reply.next();
    expect(first).toEqual({ done: false, value: 'Got it, thanks.' }); // the rest of the assessment is held
    // for speech, the acknowledgement ends there: it is synthesised before the rest is known
    const pieces = spec.reply.withBreaks()[Symbol.asyncIterator]();
    expect(await pieces.next()).toEqual({ done: false, value: 'Got it, thanks.' });
    expect(await pieces.next()).toEqual({ done: false, value: SPEECH_BREAK });
    hold.release();
    const accepted = spec.accept(Promise.resolve({}));
    expect(accepted).not.toBeNull();
    const u = await accepted!;
    const said = await read(u.text);
    expect(said).toBe('Got it, thanks. Which tool do you use most, and why?');
    const turn = await u.done;
    expect(turn?.content).toBe('Got it, thanks. Which tool do you use most, and why?');
    // the role assessment only (consent is the rules'); the next question is a fixed text, never sent through a model
    expect(fake.chatRequests()).toHaveLength(1);
    expect(fake.chatRequests()[0]!.body.stream).toBe(true);
    const agentTurns = writes.flatMap((w) =>
      'turn' in w && w.turn.role === 'agent' ? [w.turn.content] : [],
    );
    expect(agentTurns.filter((c) => c.includes('Got it, thanks.'))).toHaveLength(1);
  });

  test('a reply worked out after the turn also breaks speech after its acknowledgement (once)', async () => {
    fake.reset();
    const writes: Write[] = [];
    const session = await atFirstQuestion(writes);
    fake.enqueue({
      ...chatJson({
        kind: 'answer',
        acknowledgement: 'Got it, thanks.',
        objective_met: true,
        summary: 'Runs the data team at a bakery.',
        reply: null,
      }),
      chunkSize: 8,
    });
    const u = await session.respond({ text: 'I run the data team at a bakery.' });
    const pieces: SpeechPiece[] = [];
    for await (const piece of u.text.withBreaks()) pieces.push(piece);
    expect(pieces).toEqual(['Got it, thanks.', SPEECH_BREAK, ' Which tool do you use most, and why?']);
    expect((await u.done)?.content).toBe('Got it, thanks. Which tool do you use most, and why?');
  });

  test('a dropped speculation counts its model calls as wasted', async () => {
    fake.reset();
    const session = await atFirstQuestion([]);
    let seen!: () => void;
    const requested = new Promise<void>((r) => (seen = r));
    fake.enqueue(() => {
      seen();
      return { type: 'hang' };
    });
    const preemption = new TurnPreemption();
    preemption.start(session, 'I run the data', undefined);
    await requested;
    // the participant kept talking: a new transcript replaces the speculation, whose call was wasted
    fake.enqueue({ type: 'hang' });
    preemption.start(session, 'I run the data team at a bakery.', undefined);
    expect(preemption.takeWastedCalls()).toBe(1);
    expect(preemption.takeWastedCalls()).toBe(0);
    preemption.close();
  });
});
