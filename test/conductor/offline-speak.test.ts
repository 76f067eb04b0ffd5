import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConductor, type Interpretation } from '../../src/conductor/index.js';
import type { EngineAction } from '../../src/engine/types.js';
import { agentOf, collect, exampleBlueprint, input, memoryLogger, stateAt } from './helpers.js';

const discovery = exampleBlueprint('product-discovery');
const winLoss = exampleBlueprint('win-loss');
const conductor = createConductor({
  agent: agentOf(),
  mode: 'offline',
  logger: memoryLogger(),
  now: () => 0,
});

async function say(
  actions: EngineAction[],
  interpretation?: Interpretation,
  history: { role: 'agent' | 'participant'; content: string; node_id?: string }[] = [],
) {
  const chunks = await collect(
    conductor.speak({
      blueprint: discovery,
      state: stateAt(discovery, 'pain_points'),
      actions,
      history,
      interpretation,
    }),
  );
  return chunks.join('');
}

const askPain: EngineAction = {
  type: 'ask',
  node_id: 'pain_points',
  key: 'pain_points',
  node_type: 'question',
  text: 'What is the most frustrating part of that process?',
  repeat: false,
};

describe('offline speak', () => {
  afterEach(() => vi.restoreAllMocks());

  it('speaks fixed texts as written, in one chunk, ignoring bookkeeping actions', async () => {
    const chunks = await collect(
      conductor.speak({
        blueprint: discovery,
        state: stateAt(discovery, 'consent'),
        history: [],
        actions: [
          { type: 'say', kind: 'intro', text: 'Hi Dana, thanks for joining.' },
          { type: 'node_entered', node_id: 'consent', node_type: 'consent' },
          { type: 'say', kind: 'consent_request', text: 'Is that okay with you?', node_id: 'consent' },
          {
            type: 'progress',
            progress: {
              nodes_total: 9,
              nodes_visited: 1,
              nodes_answered: 0,
              current_node: 'consent',
              path_taken: ['consent'],
              duration_s: 0,
              estimated_remaining_s: 1200,
            },
          },
        ],
      }),
    );
    expect(chunks).toEqual(['Hi Dana, thanks for joining. Is that okay with you?']);
  });

  it('yields nothing when no action is spoken', async () => {
    expect(await say([{ type: 'end', reason: 'completed' }])).toBe('');
  });

  it('acknowledges an answer before the next question', async () => {
    const i = await conductor.interpret(
      input(
        discovery,
        'current_workflow',
        'We log it in a spreadsheet and four of us triage it weekly, then product reviews it.',
        { turn: 5 },
      ),
    );
    const text = await say([askPain], i);
    expect(text).toBe(`${i.wording.acknowledgement} What is the most frustrating part of that process?`);
    expect(
      text.startsWith('Got it, thank you.') ||
        text.startsWith('Thanks') ||
        text.startsWith('Thank') ||
        text.startsWith('Okay') ||
        text.startsWith("That's"),
    ).toBe(true);
  });

  it('speaks the prepared follow-up after a short lead', async () => {
    const i = await conductor.interpret(input(discovery, 'pain_points', 'Slow.', { turn: 6 }));
    const probe = i.notes.probe;
    expect(probe).not.toBeNull();
    const text = await say(
      [
        {
          type: 'follow_up',
          node_id: 'pain_points',
          key: 'pain_points',
          technique: probe!.technique,
          reason: probe!.reason,
          index: 1,
          question_text: askPain.text,
        },
      ],
      i,
    );
    expect(text).toBe(`${i.wording.acknowledgement} ${i.wording.follow_up}`);
  });

  it('templates a follow-up without an interpretation, and repeats the last follow-up word for word', async () => {
    const fu: EngineAction = {
      type: 'follow_up',
      node_id: 'pain_points',
      key: 'pain_points',
      technique: 'laddering',
      reason: 'r',
      index: 1,
      question_text: askPain.text,
    };
    expect(await say([fu])).toBe('Why is that important to you?');
    const repeatI: Interpretation = {
      kind: 'repeat',
      events: [{ type: 'repeat_requested' }],
      notes: {
        source: 'offline',
        objective_met: null,
        fields: {},
        probe: null,
        sensitive_topic: null,
        model_calls: 0,
      },
      wording: {},
    };
    const history = [
      {
        role: 'agent' as const,
        content: 'Okay. Why does that matter so much for your team?',
        node_id: 'pain_points',
      },
    ];
    expect(await say([{ ...fu, repeat: true }], repeatI, history)).toBe(
      'Of course. Okay. Why does that matter so much for your team?',
    );
  });

  it('repeat, unclear (with an answer hint), off-topic redirect, decline', async () => {
    const repeat = await conductor.interpret(input(discovery, 'pain_points', 'Sorry, can you repeat that?'));
    expect(await say([{ ...askPain, repeat: true }], repeat)).toBe(
      'Of course. What is the most frustrating part of that process?',
    );

    const unclear = await conductor.interpret(input(winLoss, 'price_influence', 'it was a factor'));
    expect(unclear.kind).toBe('unclear');
    const askRating: EngineAction = {
      type: 'ask',
      node_id: 'price_influence',
      key: 'price_influence',
      node_type: 'rating',
      text: 'On a scale from 1 to 5, how much did price influence the final decision?',
      scale: { min: 1, max: 5 },
      repeat: true,
    };
    expect(
      await collect(
        conductor.speak({
          blueprint: winLoss,
          state: stateAt(winLoss, 'price_influence'),
          actions: [askRating],
          history: [],
          interpretation: unclear,
        }),
      ),
    ).toEqual([
      'Sorry, I just want to make sure I get this right. On a scale from 1 to 5, how much did price influence the final decision? Any number from 1 to 5 is fine.',
    ]);

    // a question back about the interviewer is answered honestly, then the question comes again
    const back = await conductor.interpret(input(discovery, 'pain_points', 'By the way, are you a robot?'));
    expect(back.kind).toBe('clarification_question');
    expect(await say([{ ...askPain, repeat: true }], back)).toMatch(
      /^I'm an AI interviewer.* Now, back to my question: What is the most frustrating part of that process\?/,
    );

    const skip = await conductor.interpret(input(discovery, 'pain_points', 'Can we skip this one?'));
    const next: EngineAction = {
      type: 'ask',
      node_id: 'more_pains',
      key: 'more_pains',
      node_type: 'yes_no',
      text: 'Is there another frustration?',
      repeat: false,
    };
    expect(await say([next], skip)).toMatch(
      /^(Sure, let's move on\.|No problem\.|Of course\.) Is there another frustration\?$/,
    );
  });

  it('choice hints list the options and say when several may be picked', async () => {
    const unclear = await conductor.interpret(input(discovery, 'priorities', 'hmm, the fancy stuff'));
    expect(unclear.kind).toBe('unclear');
    const ask: EngineAction = {
      type: 'ask',
      node_id: 'priorities',
      key: 'priorities',
      node_type: 'choice',
      text: 'Which matter most?',
      options: ['automatic tagging', 'duplicate detection', 'trend alerts', 'CRM integration'],
      repeat: true,
    };
    expect(await say([ask], unclear)).toBe(
      'Sorry, I just want to make sure I get this right. Which matter most? The options are automatic tagging, duplicate detection, trend alerts or CRM integration, and you can pick more than one.',
    );
  });

  it('the offline conductor makes zero network calls', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const connectSpy = vi.spyOn(net.Socket.prototype, 'connect');
    const withKeys = createConductor({
      agent: agentOf({ probing_depth: 'deep' }),
      mode: 'offline',
      openai: { apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9/v1' },
      anthropic: { apiKey: 'sk-ant-test', baseURL: 'http://127.0.0.1:9' },
      logger: memoryLogger(),
      now: () => 0,
    });
    for (const u of [
      'Slow.',
      'It is kind of messy because nobody owns it',
      "I don't know",
      'What do you mean?',
    ]) {
      const i = await withKeys.interpret(input(discovery, 'pain_points', u));
      await collect(
        withKeys.speak({
          blueprint: discovery,
          state: stateAt(discovery, 'pain_points'),
          actions: [askPain],
          history: [],
          interpretation: i,
        }),
      );
    }
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(connectSpy).not.toHaveBeenCalled();
  });
});
