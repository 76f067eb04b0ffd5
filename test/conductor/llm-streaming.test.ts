import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConductor, type Conductor, type Interpretation } from '../../src/conductor/index.js';
import type { Agent } from '../../src/agent/schema.js';
import type { EngineAction } from '../../src/engine/types.js';
import { messageToolUse, startFakeAnthropic, type FakeAnthropicServer } from '../fakes/anthropic-server.js';
import {
  chatJson,
  chatText,
  startFakeOpenAI,
  streamHold,
  type FakeOpenAIServer,
} from '../fakes/openai-server.js';
import { agentOf, collect, exampleBlueprint, input, memoryLogger, stateAt } from './helpers.js';

/**
 * The assessment streams: its acknowledgement is handed on as soon as it is complete, while the fake
 * holds the rest of the output (released by the test once it has seen the acknowledgement).
 */
const vetting = exampleBlueprint('expert-vetting');
const ROLE = "I'm VP of Engineering at Acme.";
const NEXT: EngineAction = {
  type: 'ask',
  node_id: 'employment_history',
  key: 'employment_history',
  node_type: 'question',
  text: 'Could you walk me through the roles you have held?',
  repeat: false,
};
const output = (acknowledgement: string | null, objective_met: unknown = true) => ({
  kind: 'answer',
  acknowledgement,
  objective_met,
  fields: { company: 'Acme', title: 'VP of Engineering', years_in_role: 4, seniority: 'vp' },
  probe: null,
  summary: 'VP of Engineering at Acme.',
  reply: null,
});

let oa: FakeOpenAIServer;
let an: FakeAnthropicServer;
beforeAll(async () => {
  oa = await startFakeOpenAI();
  an = await startFakeAnthropic();
});
afterAll(async () => {
  await oa.close();
  await an.close();
});
beforeEach(() => {
  oa.reset();
  an.reset();
});

function conductor(provider: 'openai' | 'anthropic'): Conductor {
  const agent: Agent = agentOf({
    model_config: { assessment: { provider, model: 'assess' }, generation: { provider, model: 'gen' } },
  });
  return createConductor({
    agent,
    mode: 'llm',
    openai: { apiKey: 'sk', baseURL: oa.baseURL },
    anthropic: { apiKey: 'ak', baseURL: an.url },
    logger: memoryLogger(),
    now: () => Date.now(),
  });
}

/** interpret with an acknowledgement listener; `acked` resolves with the first acknowledgement. */
function interpretStreaming(c: Conductor, utterance: string) {
  const acks: string[] = [];
  let first!: (a: string) => void;
  const acked = new Promise<string>((r) => (first = r));
  let settled = false;
  const result = c
    .interpret({
      ...input(vetting, 'current_role', utterance),
      onAcknowledgement: (a) => {
        acks.push(a);
        first(a);
      },
    })
    .finally(() => (settled = true));
  return { acks, acked, result, settled: () => settled };
}

/** What the agent says when the interview moves on to the next question after `i`. */
async function sayNext(c: Conductor, i: Interpretation): Promise<string> {
  const chunks = await collect(
    c.speak({
      blueprint: vetting,
      state: stateAt(vetting, 'employment_history'),
      actions: [NEXT],
      history: [],
      interpretation: i,
    }),
  );
  return chunks.join('');
}

describe('streamed assessment', () => {
  for (const provider of ['openai', 'anthropic'] as const) {
    it(`${provider}: the acknowledgement arrives before the rest of the assessment, and is not said again`, async () => {
      const hold = streamHold('"acknowledgement":"Got it, thanks."');
      if (provider === 'openai') oa.enqueue({ ...chatJson(output('Got it, thanks.')), chunkSize: 8, hold });
      else
        an.enqueue({ ...messageToolUse('record_assessment', output('Got it, thanks.')), chunkSize: 8, hold });
      const c = conductor(provider);
      const run = interpretStreaming(c, ROLE);
      expect(await run.acked).toBe('Got it, thanks.');
      expect(run.settled()).toBe(false); // the rest of the output is still held by the fake
      hold.release();
      const i = await run.result;
      expect(run.acks).toEqual(['Got it, thanks.']);
      expect(i.wording).toMatchObject({ spoken_acknowledgement: 'Got it, thanks.' });
      expect(i.wording.acknowledgement).toBeUndefined();
      expect(i.events[0]).toMatchObject({ type: 'answered', assessment: { objective_met: true } });
      const body = provider === 'openai' ? oa.chatRequests()[0]!.body : an.messageRequests()[0]!.body;
      expect(body.stream).toBe(true);
      // The reply starts with the question itself: no second acknowledgement.
      expect(await sayNext(c, i)).toBe(NEXT.text);
    });
  }

  it('an assessment that fails validation after its acknowledgement was spoken: one acknowledgement only', async () => {
    oa.enqueue(
      chatJson(output('Understood.', 'yes')), // objective_met must be a boolean
      chatJson(output('Thanks so much for that!')),
    );
    const c = conductor('openai');
    const run = interpretStreaming(c, ROLE);
    const i = await run.result;
    expect(oa.chatRequests()).toHaveLength(2);
    expect(oa.chatRequests()[1]!.body.stream).toBeUndefined(); // the corrective retry does not stream
    expect(run.acks).toEqual(['Understood.']);
    expect(i.notes.model_calls).toBe(2);
    expect(i.wording).toEqual({ spoken_acknowledgement: 'Understood.' });
    expect(await sayNext(c, i)).toBe(NEXT.text);
  });

  it('the fallback after a spoken acknowledgement continues without another one', async () => {
    oa.enqueue(chatJson(output('Right.', 'yes')), { type: 'error', status: 500, message: 'boom' });
    const c = conductor('openai');
    const run = interpretStreaming(c, ROLE);
    const i = await run.result;
    expect(i.notes.source).toBe('fallback');
    expect(run.acks).toEqual(['Right.']);
    expect(i.wording).toEqual({ spoken_acknowledgement: 'Right.' });
  });

  it('a null acknowledgement is not spoken', async () => {
    oa.enqueue(chatJson(output(null)));
    const run = interpretStreaming(conductor('openai'), ROLE);
    const i = await run.result;
    expect(run.acks).toEqual([]);
    expect(i.wording.spoken_acknowledgement).toBeUndefined();
  });

  it("the follow-up's wording streams: its first sentence is out while the model still generates", async () => {
    const hold = streamHold('That sounds demanding.');
    oa.enqueue({ ...chatText('That sounds demanding. How long have you been in that role?'), hold });
    const c = conductor('openai');
    const interp = {
      kind: 'answer' as const,
      events: [],
      notes: {
        source: 'llm' as const,
        objective_met: false,
        fields: {},
        probe: { technique: 'quantify' as const, reason: 'tenure not stated' },
        sensitive_topic: null,
        model_calls: 1,
      },
      wording: {},
    };
    const chunks = c
      .speak({
        blueprint: vetting,
        state: stateAt(vetting, 'current_role'),
        actions: [
          {
            type: 'follow_up',
            node_id: 'current_role',
            key: 'current_role',
            technique: 'quantify',
            reason: 'tenure not stated',
            index: 1,
            question_text: 'What is your current role?',
          },
        ],
        history: [],
        lastUtterance: ROLE,
        interpretation: interp,
      })
      [Symbol.asyncIterator]();
    let heard = '';
    while (!heard.includes('That sounds demanding.')) {
      const next = await chunks.next();
      expect(next.done).toBe(false);
      heard += next.value as string;
    }
    expect(heard).not.toContain('How long'); // the rest is still held
    hold.release();
    for (let n = await chunks.next(); n.done !== true; n = await chunks.next()) heard += n.value;
    expect(heard).toMatch(/That sounds demanding\. How long have you been in that role\?$/);
  });
});
