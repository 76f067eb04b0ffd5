import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  messageText,
  messageToolUse,
  startFakeAnthropic,
  type FakeAnthropicServer,
} from '../fakes/anthropic-server.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../fakes/openai-server.js';
import { createConductor } from '../../src/conductor/index.js';
import type { Agent } from '../../src/agent/schema.js';
import type { EngineAction } from '../../src/engine/types.js';
import { agentOf, collect, exampleBlueprint, input, memoryLogger, stateAt } from './helpers.js';

const winLoss = exampleBlueprint('win-loss');
const PERSONA = 'You are Sam, a calm win/loss interviewer.';

let fake: FakeAnthropicServer;
let openai: FakeOpenAIServer;
beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKey: 'sk-ant-test' });
  openai = await startFakeOpenAI({ apiKey: 'sk-test' });
});
afterAll(async () => {
  await fake.close();
  await openai.close();
});
beforeEach(() => {
  fake.reset();
  openai.reset();
});

function agent(generation: 'anthropic' | 'openai' = 'anthropic'): Agent {
  return agentOf({
    persona: { system_prompt: PERSONA, tone: 'professional', language: 'en' },
    probing_depth: 'deep',
    model_config: {
      assessment: { provider: 'anthropic', model: 'claude-assess' },
      generation: { provider: generation, model: generation === 'anthropic' ? 'claude-gen' : 'gpt-gen' },
    },
  });
}

const conductor = (a: Agent = agent()) =>
  createConductor({
    agent: a,
    mode: 'llm',
    anthropic: { apiKey: 'sk-ant-test', baseURL: fake.url },
    openai: { apiKey: 'sk-test', baseURL: openai.baseURL },
    logger: memoryLogger(),
    now: () => Date.now(),
  });

const WHY_OUTPUT = {
  kind: 'answer',
  objective_met: false,
  probe: {
    technique: 'laddering',
    reason: 'reason given, underlying need not yet',
    question: 'Why did that matter so much to your team?',
  },
  summary: 'Chose Rival for its integrations.',
  acknowledgement: 'I see.',
  reply: null,
};

describe('LLM conductor (Anthropic)', () => {
  it('forces the assessment tool and maps its input to engine events', async () => {
    fake.enqueue(messageToolUse('record_assessment', WHY_OUTPUT));
    const c = conductor();
    const i = await c.interpret(input(winLoss, 'why_competitor', 'Mostly their integrations.', { turn: 11 }));

    expect(fake.messageRequests()).toHaveLength(1);
    const body = fake.messageRequests()[0]!.body;
    expect(body.model).toBe('claude-assess');
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'record_assessment' });
    expect(body.tools).toHaveLength(1);
    expect(body.tools[0].name).toBe('record_assessment');
    expect(body.tools[0].input_schema.type).toBe('object');
    expect(body.tools[0].input_schema.properties.probe.anyOf[0].properties.technique.enum).toEqual([
      'laddering',
      'contrast',
      'five_whys',
    ]);
    expect(body.system).toContain(PERSONA);
    expect(body.system).toContain('Tone: professional');
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0].content).toContain('Why did you choose Rival?'); // templates rendered
    expect(body.messages[0].content).toContain('Mostly their integrations.');

    expect(i.events).toEqual([
      {
        type: 'answered',
        text: 'Mostly their integrations.',
        turn: 11,
        assessment: {
          objective_met: false,
          fields: {},
          probe: { technique: 'laddering', reason: 'reason given, underlying need not yet' },
          summary: 'Chose Rival for its integrations.',
        },
      },
    ]);
    expect(i.wording.follow_up).toBe('Why did that matter so much to your team?');

    // The prepared follow-up is spoken with no further request.
    const fu: EngineAction = {
      type: 'follow_up',
      node_id: 'why_competitor',
      key: 'why_competitor',
      technique: 'laddering',
      reason: 'x',
      index: 1,
      question_text: 'Why did you choose Rival?',
    };
    const said = (
      await collect(
        c.speak({
          blueprint: winLoss,
          state: stateAt(winLoss, 'why_competitor'),
          actions: [fu],
          history: [],
          interpretation: i,
        }),
      )
    ).join('');
    expect(said).toBe('I see. Why did that matter so much to your team?');
    expect(fake.messageRequests()).toHaveLength(1);
  });

  it('retries a bad tool input with an is_error tool_result, then falls back', async () => {
    fake.enqueue(
      messageToolUse('record_assessment', { kind: 'answer', objective_met: 'yes' }),
      messageText('I think the participant answered.'),
    );
    const i = await conductor().interpret(
      input(winLoss, 'price_influence', 'It mattered, but not as much as the support did.', { turn: 4 }),
    );
    expect(fake.messageRequests()).toHaveLength(2);
    const retry = fake.messageRequests()[1]!.body.messages;
    expect(retry).toHaveLength(3);
    expect(retry[1].role).toBe('assistant');
    expect(retry[1].content[0]).toMatchObject({ type: 'tool_use', name: 'record_assessment' });
    expect(retry[2].content[0]).toMatchObject({
      type: 'tool_result',
      is_error: true,
      tool_use_id: retry[1].content[0].id,
    });
    expect(retry[2].content[0].content).toContain('objective_met');
    // Fallback: the rules' reading (no rating in the words: asked again).
    expect(i.events).toEqual([{ type: 'repeat_requested' }]);
    expect(i.notes.source).toBe('fallback');
  });

  it('a rating outside the scale is rejected by the schema and retried', async () => {
    fake.enqueue(
      messageToolUse('record_assessment', {
        kind: 'answer',
        objective_met: true,
        value: 9,
        summary: 's',
        acknowledgement: null,
        reply: null,
      }),
      messageToolUse('record_assessment', {
        kind: 'answer',
        objective_met: true,
        value: 5,
        summary: 's',
        acknowledgement: null,
        reply: null,
      }),
    );
    const i = await conductor().interpret(input(winLoss, 'price_influence', 'Nine! It was everything.'));
    expect(fake.messageRequests()).toHaveLength(2);
    expect(i.events[0]).toMatchObject({ assessment: { value: 5 } });
  });

  it('streams phrasing from the Anthropic Messages API', async () => {
    fake.enqueue(
      messageText('What did the integrations let your team do that it could not before?', { chunkSize: 7 }),
    );
    const fu: EngineAction = {
      type: 'follow_up',
      node_id: 'why_competitor',
      key: 'why_competitor',
      technique: 'laddering',
      reason: 'x',
      index: 1,
      question_text: 'Why did you choose Rival?',
    };
    const chunks = await collect(
      conductor().speak({
        blueprint: winLoss,
        state: stateAt(winLoss, 'why_competitor'),
        actions: [fu],
        history: [],
        lastUtterance: 'Integrations.',
      }),
    );
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe('What did the integrations let your team do that it could not before?');
    const body = fake.messageRequests()[0]!.body;
    expect(body.stream).toBe(true);
    expect(body.model).toBe('claude-gen');
    expect(body.system).toContain(PERSONA);
    expect(body.messages[0].content).toContain('laddering');
  });

  it('providers per role: assessment on Anthropic, phrasing on OpenAI', async () => {
    const c = conductor(agent('openai'));
    fake.enqueue(messageToolUse('record_assessment', WHY_OUTPUT));
    await c.interpret(input(winLoss, 'why_competitor', 'Integrations.'));
    openai.enqueue({ type: 'chat', content: 'And why is that important?' });
    const fu: EngineAction = {
      type: 'follow_up',
      node_id: 'why_competitor',
      key: 'why_competitor',
      technique: 'five_whys',
      reason: 'x',
      index: 2,
      question_text: 'Why did you choose Rival?',
    };
    const s = (
      await collect(
        c.speak({
          blueprint: winLoss,
          state: stateAt(winLoss, 'why_competitor'),
          actions: [fu],
          history: [],
        }),
      )
    ).join('');
    expect(s).toBe('And why is that important?');
    expect(fake.messageRequests()).toHaveLength(1);
    expect(openai.chatRequests()).toHaveLength(1);
    expect(openai.chatRequests()[0]!.body.model).toBe('gpt-gen');
  });
});
