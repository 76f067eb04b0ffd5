import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatJson, chatText, startFakeOpenAI, type FakeOpenAIServer } from '../fakes/openai-server.js';
import { createConductor, type Conductor, type Interpretation } from '../../src/conductor/index.js';
import type { Agent } from '../../src/agent/schema.js';
import type { EngineAction } from '../../src/engine/types.js';
import { agentOf, collect, exampleBlueprint, input, memoryLogger, stateAt } from './helpers.js';

const vetting = exampleBlueprint('expert-vetting');
const discovery = exampleBlueprint('product-discovery');
const PERSONA = 'You are Robin, a senior user researcher at Parley.';

let fake: FakeOpenAIServer;
beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: 'sk-test' });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

function agent(extra: Partial<Parameters<typeof agentOf>[0]> = {}): Agent {
  return agentOf({
    persona: { system_prompt: PERSONA, tone: 'friendly', language: 'en' },
    model_config: {
      assessment: { provider: 'openai', model: 'assess-mini' },
      generation: { provider: 'openai', model: 'gen-large' },
    },
    ...extra,
  });
}

function conductor(
  a: Agent = agent(),
  timeoutMs = 5000,
): { c: Conductor; log: ReturnType<typeof memoryLogger> } {
  const log = memoryLogger();
  const c = createConductor({
    agent: a,
    mode: 'llm',
    openai: { apiKey: 'sk-test', baseURL: fake.baseURL },
    logger: log,
    now: () => Date.now(),
    timeoutMs,
  });
  return { c, log };
}

const ROLE_OUTPUT = {
  kind: 'answer',
  objective_met: false,
  fields: { company: 'Acme', title: 'VP of Engineering', years_in_role: null, seniority: 'vp' },
  probe: {
    technique: 'quantify',
    reason: 'tenure not stated',
    question: 'And roughly how long have you been in that role?',
  },
  summary: 'VP of Engineering at Acme.',
  acknowledgement: 'Thanks, that helps.',
  reply: null,
};

const followUp = (i: Interpretation): EngineAction => ({
  type: 'follow_up',
  node_id: 'current_role',
  key: 'current_role',
  technique: i.notes.probe!.technique,
  reason: i.notes.probe!.reason,
  index: 1,
  question_text: 'What is your current role, at which company, and how long have you been in it?',
});

describe('LLM conductor (OpenAI)', () => {
  it('sends one structured-output request with the persona, the question and the answer', async () => {
    fake.enqueue(chatJson(ROLE_OUTPUT));
    const { c } = conductor();
    const i = await c.interpret(
      input(vetting, 'current_role', "I'm VP of Engineering at Acme.", { turn: 7 }),
    );

    expect(fake.chatRequests()).toHaveLength(1);
    const body = fake.chatRequests()[0]!.body;
    expect(body.model).toBe('assess-mini');
    expect(body.stream).toBeUndefined();
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.strict).toBe(true);
    const schema = body.response_format.json_schema.schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(
      expect.arrayContaining(['kind', 'objective_met', 'fields', 'probe', 'summary']),
    );
    expect(schema.properties.fields.required).toEqual(['company', 'title', 'years_in_role', 'seniority']);
    expect(schema.properties.fields.properties.seniority.anyOf[0].enum).toEqual([
      'individual_contributor',
      'manager',
      'director',
      'vp',
      'c_level',
    ]);
    expect(schema.properties.probe.anyOf[0].properties.technique.enum).toEqual(['clarify', 'quantify']);
    expect(schema.properties).not.toHaveProperty('value'); // a free-text question has no typed value
    expect(body.messages[0].role).toBe('system');
    expect(body.messages[0].content).toContain(PERSONA);
    expect(body.messages[0].content).toContain('Tone: friendly');
    expect(body.messages[0].content).toContain('Never reveal');
    expect(body.messages[1].role).toBe('user');
    expect(body.messages[1].content).toContain(
      'What is your current role, at which company, and how long have you been in it?',
    );
    expect(body.messages[1].content).toContain("I'm VP of Engineering at Acme.");
    expect(body.messages[1].content).toContain('Objective: Company, title, seniority and tenure');
    expect(fake.chatRequests()[0]!.headers.authorization).toBe('Bearer sk-test');

    expect(i.kind).toBe('answer');
    expect(i.events).toEqual([
      {
        type: 'answered',
        text: "I'm VP of Engineering at Acme.",
        turn: 7,
        assessment: {
          objective_met: false,
          fields: { company: 'Acme', title: 'VP of Engineering', seniority: 'vp' },
          probe: { technique: 'quantify', reason: 'tenure not stated' },
          summary: 'VP of Engineering at Acme.',
        },
      },
    ]);
    expect(i.notes).toMatchObject({ source: 'llm', model_calls: 1, objective_met: false });
    expect(i.wording).toEqual({
      acknowledgement: 'Thanks, that helps.',
      follow_up: 'And roughly how long have you been in that role?',
    });
    expect(i.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('exactly one request per participant turn; fixed question text and prepared follow-ups need none', async () => {
    const { c } = conductor();
    const state = stateAt(vetting, 'current_role');
    // Turn 1: an answer with a probe → the follow-up is spoken from the prepared wording.
    fake.enqueue(chatJson(ROLE_OUTPUT));
    const i1 = await c.interpret(input(vetting, 'current_role', "I'm VP of Engineering at Acme."));
    const s1 = (
      await collect(
        c.speak({ blueprint: vetting, state, actions: [followUp(i1)], history: [], interpretation: i1 }),
      )
    ).join('');
    expect(s1).toBe('Thanks, that helps. And roughly how long have you been in that role?');
    expect(fake.chatRequests()).toHaveLength(1);
    // Turn 2: the answer completes the objective → the next question is spoken as written.
    fake.enqueue(
      chatJson({
        ...ROLE_OUTPUT,
        objective_met: true,
        fields: { ...ROLE_OUTPUT.fields, years_in_role: 4 },
        probe: undefined,
        acknowledgement: null,
      }),
    );
    const i2 = await c.interpret(
      input(vetting, 'current_role', 'About four years.', { state: { current_follow_ups: 1 } }),
    );
    const next: EngineAction = {
      type: 'ask',
      node_id: 'employment_history',
      key: 'employment_history',
      node_type: 'question',
      text: 'Could you walk me through the roles you have held?',
      repeat: false,
    };
    const s2 = (
      await collect(c.speak({ blueprint: vetting, state, actions: [next], history: [], interpretation: i2 }))
    ).join('');
    expect(s2).toMatch(/ Could you walk me through the roles you have held\?$/);
    expect(fake.chatRequests()).toHaveLength(2);
    // Turn 3: a repeat request is recognised by the rules: zero requests.
    const i3 = await c.interpret(input(vetting, 'employment_history', 'Sorry, could you repeat that?'));
    expect(i3.events).toEqual([{ type: 'repeat_requested' }]);
    const s3 = (
      await collect(
        c.speak({
          blueprint: vetting,
          state,
          actions: [{ ...next, repeat: true }],
          history: [],
          interpretation: i3,
        }),
      )
    ).join('');
    expect(s3).toBe('Of course. Could you walk me through the roles you have held?');
    expect(fake.chatRequests()).toHaveLength(2);
    // Fixed texts (intro, statements, outro): no request either.
    await collect(
      c.speak({
        blueprint: vetting,
        state,
        history: [],
        actions: [
          { type: 'say', kind: 'outro', text: 'Thank you!' },
          { type: 'end', reason: 'completed' },
        ],
      }),
    );
    expect(fake.chatRequests()).toHaveLength(2);
  });

  it('typed nodes: the value is constrained by the schema and mapped to the event', async () => {
    fake.enqueue(
      chatJson({
        kind: 'answer',
        objective_met: true,
        value: ['automatic tagging', 'trend alerts'],
        summary: 'Tagging and alerts.',
        acknowledgement: null,
        reply: null,
      }),
    );
    const { c } = conductor();
    // words the rules cannot map to an option, so the model is asked
    const i = await c.interpret(
      input(discovery, 'priorities', 'the thing that labels stuff for us, and a ping when numbers jump'),
    );
    const schema = fake.chatRequests()[0]!.body.response_format.json_schema.schema;
    expect(schema.properties.value.anyOf[0]).toMatchObject({
      type: 'array',
      items: { enum: ['automatic tagging', 'duplicate detection', 'trend alerts', 'CRM integration'] },
    });
    expect(schema.properties).not.toHaveProperty('probe'); // probing disabled at this node
    expect(i.events[0]).toMatchObject({
      type: 'answered',
      assessment: { value: ['automatic tagging', 'trend alerts'], probe: null },
    });
  });

  it('consent and control kinds map to engine events', async () => {
    const { c } = conductor();
    fake.enqueue(
      chatJson({
        kind: 'answer',
        objective_met: true,
        value: true,
        summary: 'Agrees.',
        acknowledgement: null,
        reply: null,
      }),
    );
    expect((await c.interpret(input(discovery, 'consent', 'yes that works for me'))).events).toEqual([
      { type: 'consent', given: true },
    ]);
    fake.enqueue(
      chatJson({
        kind: 'clarification_question',
        objective_met: false,
        fields: { uses_spreadsheets: null, team_size: null },
        probe: null,
        summary: '',
        acknowledgement: null,
        reply: 'I mean the steps from the moment feedback arrives.',
      }),
    );
    const clar = await c.interpret(input(discovery, 'current_workflow', 'Like, which part of it?'));
    expect(clar).toMatchObject({
      kind: 'clarification_question',
      events: [{ type: 'repeat_requested' }],
      wording: { reply: 'I mean the steps from the moment feedback arrives.' },
    });
    fake.enqueue(
      chatJson({
        kind: 'refusal',
        objective_met: false,
        fields: { uses_spreadsheets: null, team_size: null },
        probe: null,
        summary: '',
        acknowledgement: null,
        reply: null,
      }),
    );
    expect(
      (await c.interpret(input(discovery, 'current_workflow', 'That is internal, sorry.', { turn: 9 })))
        .events,
    ).toEqual([{ type: 'declined', reason: 'refused', turn: 9 }]);
  });

  it('retries once with the validation error, then uses the corrected output', async () => {
    fake.enqueue(chatText('Sure! Here is my assessment: the participant is a VP.'), chatJson(ROLE_OUTPUT));
    const { c, log } = conductor();
    const i = await c.interpret(input(vetting, 'current_role', "I'm VP of Engineering at Acme."));
    expect(fake.chatRequests()).toHaveLength(2);
    const retry = fake.chatRequests()[1]!.body.messages;
    expect(retry).toHaveLength(4);
    expect(retry[2]).toEqual({
      role: 'assistant',
      content: 'Sure! Here is my assessment: the participant is a VP.',
    });
    expect(retry[3].role).toBe('user');
    expect(retry[3].content).toContain('not valid JSON');
    expect(i.notes).toMatchObject({ source: 'llm', model_calls: 2 });
    expect(i.events[0]).toMatchObject({ type: 'answered', assessment: { fields: { company: 'Acme' } } });
    expect(
      log.entries.some((e) => e.level === 'warn' && e.msg === 'conductor: invalid assessment output'),
    ).toBe(true);
    // Logs never carry the participant's words.
    expect(JSON.stringify(log.entries)).not.toContain('VP of Engineering at Acme.');
  });

  it('schema violations (unknown technique, missing keys) are retried with the zod error', async () => {
    fake.enqueue(
      chatJson({ ...ROLE_OUTPUT, probe: { ...ROLE_OUTPUT.probe, technique: 'hypnosis' } }),
      chatJson(ROLE_OUTPUT),
    );
    const { c } = conductor();
    const i = await c.interpret(input(vetting, 'current_role', "I'm VP of Engineering at Acme."));
    expect(fake.chatRequests()[1]!.body.messages[3].content).toContain('probe.technique');
    expect(i.notes.source).toBe('llm');
  });

  it('falls back safely after garbage twice: answered, objective met, no fields, no probe', async () => {
    fake.enqueue(chatText('{"kind": "answer"'), chatJson({ kind: 'answer' }));
    const { c } = conductor();
    const i = await c.interpret(
      input(vetting, 'current_role', "I'm VP of Engineering at Acme.", { turn: 2 }),
    );
    expect(fake.chatRequests()).toHaveLength(2);
    expect(i.events).toEqual([
      {
        type: 'answered',
        text: "I'm VP of Engineering at Acme.",
        turn: 2,
        assessment: {
          objective_met: true,
          fields: {},
          probe: null,
          summary: "I'm VP of Engineering at Acme",
        },
      },
    ]);
    expect(i.notes).toMatchObject({ source: 'fallback', model_calls: 2 });
    expect(i.wording).toEqual({});
  });

  it('a typed answer the rules read with certainty, at a node with nothing to capture or probe, is routed with zero model calls', async () => {
    const { c } = conductor();
    const i = await c.interpret(input(vetting, 'compliance', 'No, I actually work for them right now.'));
    expect(i.events[0]).toMatchObject({
      type: 'answered',
      assessment: { value: false, objective_met: true, probe: null },
    });
    expect(i.notes).toMatchObject({ source: 'offline', model_calls: 0 });
    expect(fake.chatRequests()).toHaveLength(0);
  });

  it('a hanging provider times out and never stalls the turn', async () => {
    fake.enqueue({ type: 'hang' }, { type: 'hang' });
    const { c } = conductor(agent(), 150);
    // no wall-clock bound: the interpretation ends (the test's own timeout is the bound) because both
    // calls, the first and its one corrective retry, are abandoned at the 150 ms timeout
    const i = await c.interpret(input(vetting, 'current_role', "I'm VP of Engineering at Acme."));
    expect(i.notes).toMatchObject({ source: 'fallback', model_calls: 2 });
    expect(fake.chatRequests()).toHaveLength(2);
    expect(fake.pending()).toBe(0);
  });

  it("the caller's abort signal rejects the interpretation", async () => {
    fake.enqueue({ type: 'hang' });
    const { c } = conductor();
    const ac = new AbortController();
    const p = c.interpret({
      ...input(vetting, 'current_role', "I'm VP of Engineering at Acme."),
      signal: ac.signal,
    });
    // abort while the request is at the provider, not after a delay
    await fake.waitForChatRequests(1);
    ac.abort();
    await expect(p).rejects.toThrow();
  });

  it('a sensitive topic is never probed, even when the model proposes it', async () => {
    const a = agent({ boundaries: { sensitive_topics: ['health'] } });
    fake.enqueue(
      chatJson({
        kind: 'answer',
        objective_met: true,
        probe: { technique: 'laddering', reason: 'dig deeper', question: 'Why was your health involved?' },
        sensitive_topic: null,
        summary: 'Health slowed things down.',
        acknowledgement: null,
        reply: null,
      }),
    );
    const { c } = conductor(a);
    const i = await c.interpret(
      input(discovery, 'pain_points', 'My health problems slowed everything down.'),
    );
    const schema = fake.chatRequests()[0]!.body.response_format.json_schema.schema;
    expect(schema.properties).toHaveProperty('sensitive_topic');
    expect(fake.chatRequests()[0]!.body.messages[0].content).toContain('Sensitive topics: health');
    expect(i.events[0]).toMatchObject({ assessment: { probe: null } });
    expect(i.notes.sensitive_topic).toBe('health');
    expect(i.wording.follow_up).toBeUndefined();
  });

  it('no follow-up budget left: the schema has no probe key', async () => {
    fake.enqueue(chatJson({ ...ROLE_OUTPUT, probe: undefined }));
    const { c } = conductor();
    await c.interpret(input(vetting, 'current_role', 'Four years.', { state: { current_follow_ups: 1 } }));
    const body = fake.chatRequests()[0]!.body;
    expect(body.response_format.json_schema.schema.properties).not.toHaveProperty('probe');
    expect(body.messages[1].content).toContain('No follow-up is possible');
  });

  it('streams the phrasing of a follow-up that has no prepared wording', async () => {
    fake.enqueue(chatText('Could you tell me how long you have been in that role?', { chunkSize: 6 }));
    const { c } = conductor();
    const action: EngineAction = {
      type: 'follow_up',
      node_id: 'current_role',
      key: 'current_role',
      technique: 'quantify',
      reason: 'tenure missing',
      index: 1,
      question_text: 'What is your current role?',
    };
    const chunks = await collect(
      c.speak({
        blueprint: vetting,
        state: stateAt(vetting, 'current_role'),
        actions: [action],
        history: [],
        lastUtterance: 'VP at Acme.',
      }),
    );
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe('Could you tell me how long you have been in that role?');
    const body = fake.chatRequests()[0]!.body;
    expect(body.stream).toBe(true);
    expect(body.model).toBe('gen-large');
    expect(body.messages[0].content).toContain(PERSONA);
    expect(body.messages[0].content).toContain('Never invent questions');
    expect(body.messages[0].content).toContain('never lead');
    expect(body.messages[1].content).toContain('What is your current role?');
    expect(body.messages[1].content).toContain('quantify');
    expect(body.messages[1].content).toContain('VP at Acme.');
  });

  it('streams a clarification when none was prepared; falls back to offline wording when phrasing fails', async () => {
    const { c } = conductor();
    const clar: Interpretation = {
      kind: 'clarification_question',
      events: [{ type: 'repeat_requested' }],
      notes: {
        source: 'fallback',
        objective_met: null,
        fields: {},
        probe: null,
        sensitive_topic: null,
        model_calls: 2,
      },
      wording: {},
    };
    const ask: EngineAction = {
      type: 'ask',
      node_id: 'pain_points',
      key: 'pain_points',
      node_type: 'question',
      text: 'What is the most frustrating part?',
      repeat: true,
    };
    fake.enqueue(
      chatText('I mean the part of the process that costs you the most time. What is the most annoying bit?'),
    );
    const s = (
      await collect(
        c.speak({
          blueprint: discovery,
          state: stateAt(discovery, 'pain_points'),
          actions: [ask],
          history: [],
          interpretation: clar,
          lastUtterance: 'What do you mean?',
        }),
      )
    ).join('');
    expect(s).toBe(
      'I mean the part of the process that costs you the most time. What is the most annoying bit?',
    );
    expect(fake.chatRequests()[0]!.body.messages[1].content).toContain('What do you mean?');

    fake.enqueue({ type: 'error', status: 500 });
    const fu: EngineAction = {
      type: 'follow_up',
      node_id: 'pain_points',
      key: 'pain_points',
      technique: 'example',
      reason: 'r',
      index: 1,
      question_text: 'What is the most frustrating part?',
    };
    const s2 = (
      await collect(
        c.speak({
          blueprint: discovery,
          state: stateAt(discovery, 'pain_points'),
          actions: [fu],
          history: [],
        }),
      )
    ).join('');
    expect(s2).toBe('Could you give me a specific example?');
  });

  it('a missing API key for a configured provider is a clear config error', () => {
    expect(() =>
      createConductor({ agent: agent(), mode: 'llm', logger: memoryLogger(), now: () => 0 }),
    ).toThrow(/no OpenAI API key/);
  });
});
