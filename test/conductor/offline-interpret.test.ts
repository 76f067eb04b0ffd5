import { describe, expect, it } from 'vitest';
import { interpretOffline } from '../../src/conductor/rules/interpret.js';
import type { Interpretation } from '../../src/conductor/index.js';
import { agentOf, blueprintOf, exampleBlueprint, input } from './helpers.js';

const vetting = exampleBlueprint('expert-vetting');
const discovery = exampleBlueprint('product-discovery');
const winLoss = exampleBlueprint('win-loss');
const agent = agentOf();

function answered(i: Interpretation) {
  const e = i.events[0];
  if (e?.type !== 'answered') throw new Error(`expected answered, got ${JSON.stringify(i.events)}`);
  return e.assessment;
}

describe('offline interpret: typed nodes', () => {
  it('yes_no: a clear yes gives value true and no probe (probing disabled)', () => {
    const i = interpretOffline(agent, input(vetting, 'compliance', 'Yes, I can confirm both.', { turn: 4 }));
    expect(i.kind).toBe('answer');
    expect(i.events).toEqual([
      {
        type: 'answered',
        text: 'Yes, I can confirm both.',
        turn: 4,
        confidence: 0.95,
        assessment: {
          objective_met: true,
          value: true,
          fields: {},
          probe: null,
          summary: 'Yes, I can confirm both',
        },
      },
    ]);
  });

  it('yes_no: "not sure" asks again, and gives up as dont_know after two unclear answers', () => {
    const first = interpretOffline(agent, input(vetting, 'compliance', "I'm not sure"));
    expect(first.kind).toBe('unclear');
    expect(first.events).toEqual([{ type: 'repeat_requested' }]);
    const history = [
      { role: 'agent' as const, content: 'Can you confirm…', node_id: 'compliance' },
      { role: 'participant' as const, content: 'maybe', node_id: 'compliance' },
      { role: 'agent' as const, content: 'Sorry…', node_id: 'compliance' },
      { role: 'participant' as const, content: 'it depends', node_id: 'compliance' },
    ];
    const third = interpretOffline(agent, input(vetting, 'compliance', 'hard to say', { history }));
    expect(third.events).toEqual([{ type: 'declined', reason: 'dont_know', turn: 3 }]);
  });

  it('consent: yes, no, refusal, unclear', () => {
    const at = (u: string) => interpretOffline(agent, input(discovery, 'consent', u)).events;
    expect(at("Sure, that's fine")).toEqual([{ type: 'consent', given: true }]);
    expect(at('No, I do not agree to that')).toEqual([{ type: 'consent', given: false }]);
    expect(at("I'd rather not answer that")).toEqual([{ type: 'consent', given: false }]);
    expect(at('hmm, maybe')).toEqual([{ type: 'repeat_requested' }]);
  });

  it('choice (multiple) and rating values', () => {
    expect(
      answered(
        interpretOffline(agent, input(discovery, 'priorities', 'Tagging, and CRM integration for sure')),
      ).value,
    ).toEqual(['automatic tagging', 'CRM integration']);
    expect(
      answered(interpretOffline(agent, input(winLoss, 'price_influence', 'a solid 4, it mattered'))).value,
    ).toBe(4);
    expect(interpretOffline(agent, input(winLoss, 'recommend', 'eleven!')).kind).toBe('unclear');
  });
});

describe('offline interpret: free-text answers', () => {
  it('captures fields and meets the objective when all are stated', () => {
    const i = interpretOffline(
      agent,
      input(vetting, 'current_role', "I'm VP of Engineering at Acme Corp, for about five years now"),
    );
    const a = answered(i);
    expect(a.objective_met).toBe(true);
    expect(a.fields).toEqual({
      company: 'Acme Corp',
      title: 'VP of Engineering',
      years_in_role: 5,
      seniority: 'vp',
    });
    expect(i.notes.fields).toEqual(a.fields);
    expect(i.notes.source).toBe('offline');
    expect(i.notes.model_calls).toBe(0);
  });

  it('accumulates fields over the answers of the current visit', () => {
    const history = [
      { role: 'agent' as const, content: 'What is your current role…', node_id: 'current_role' },
      {
        role: 'participant' as const,
        content: "I'm a director at Big Bank Holdings",
        node_id: 'current_role',
      },
      { role: 'agent' as const, content: 'How long…', node_id: 'current_role' },
    ];
    const a = answered(
      interpretOffline(
        agent,
        input(vetting, 'current_role', 'About four years', { history, state: { current_follow_ups: 1 } }),
      ),
    );
    expect(a.fields).toMatchObject({ company: 'Big Bank Holdings', seniority: 'director', years_in_role: 4 });
  });

  it('quantify when a number field is missing, worded from the field', () => {
    const i = interpretOffline(agent, input(vetting, 'current_role', "I'm a director at Big Bank Holdings"));
    expect(answered(i).probe?.technique).toBe('quantify');
    expect(i.wording.follow_up).toBe('Could you put a rough number on that: years in the current role?');
  });

  it('clarify quotes the vague phrase', () => {
    const bp = blueprintOf({
      id: 'bp',
      name: 'bp',
      graph: {
        entry_node: 'q',
        nodes: {
          q: { type: 'question', key: 'q', text: 'How is it going?', probing: { techniques: ['clarify'] } },
          e: { type: 'end' },
        },
        edges: [{ from: 'q', to: 'e' }],
      },
    });
    const i = interpretOffline(agent, input(bp, 'q', "It's kind of messy."));
    expect(answered(i).probe?.technique).toBe('clarify');
    expect(i.wording.follow_up).toBe('What do you mean by "kind of messy"?');
  });

  it('a bare "not sure" on a free-text question is dont_know', () => {
    expect(interpretOffline(agent, input(discovery, 'pain_points', 'Not really sure')).events).toEqual([
      { type: 'declined', reason: 'dont_know', turn: 3 },
    ]);
  });
});

describe('offline interpret: control utterances', () => {
  const at = (u: string, a = agent) => interpretOffline(a, input(discovery, 'pain_points', u));
  it.each([
    ["I'd rather not say", 'refusal', [{ type: 'declined', reason: 'refused', turn: 3 }]],
    ['Can we skip this one?', 'skip', [{ type: 'declined', reason: 'skip', turn: 3 }]],
    ['No idea', 'dont_know', [{ type: 'declined', reason: 'dont_know', turn: 3 }]],
    ['Sorry, can you repeat that?', 'repeat', [{ type: 'repeat_requested' }]],
    ['I need to go, sorry', 'end', [{ type: 'end_requested' }]],
    ['What do you mean by that?', 'clarification_question', [{ type: 'repeat_requested' }]],
    [
      'By the way, did you see the game last night?',
      'off_topic',
      [{ type: 'repeat_requested', reason: 'off_topic' }],
    ],
    ['', 'unclear', [{ type: 'repeat_requested' }]],
  ])('%s → %s', (u, kind, events) => {
    const i = at(u);
    expect(i.kind).toBe(kind);
    expect(i.events).toEqual(events);
  });

  it('off-topic is answered when the agent allows it', () => {
    const allow = agentOf({ boundaries: { off_topic_handling: 'allow' } });
    const i = at('By the way, our office moved to a new building last month', allow);
    expect(i.kind).toBe('off_topic');
    expect(i.events[0]?.type).toBe('answered');
  });
});

describe('offline interpret: probing depth', () => {
  const SHORT_SUBSTANTIVE = 'Tickets get lost between support and product teams constantly.';
  const LONG_NO_EXAMPLE =
    'The most frustrating part is that feedback arrives through so many channels, support tickets, sales calls, ' +
    'surveys, community posts, that nobody owns the full picture and the product team keeps rediscovering the same problems.';
  const LONG_WITH_EXAMPLE_AND_REASON =
    'For example, last month three enterprise customers asked for the same export feature through different channels, ' +
    'and because nobody connected them we only noticed after one of them churned, which meant a real revenue loss for us.';
  // A node without a completion hint: the depth alone decides (with a hint, what it asks for decides —
  // test/conductor/rules/probe-hint.test.ts).
  const probe = (depth: 'light' | 'moderate' | 'deep', u: string) =>
    answered(interpretOffline(agentOf({ probing_depth: depth }), input(winLoss, 'why_us', u))).probe;

  it('light probes only when the objective is not met', () => {
    expect(probe('light', 'Slow.')).not.toBeNull();
    expect(probe('light', SHORT_SUBSTANTIVE)).toBeNull();
    expect(probe('light', LONG_NO_EXAMPLE)).toBeNull();
  });
  it('moderate also probes short answers', () => {
    expect(probe('moderate', 'Slow.')).not.toBeNull();
    expect(probe('moderate', SHORT_SUBSTANTIVE)).not.toBeNull();
    expect(probe('moderate', LONG_NO_EXAMPLE)).toBeNull();
  });
  it('deep also probes answers without an example or a reason', () => {
    expect(probe('deep', LONG_NO_EXAMPLE)).toMatchObject({ technique: 'example' });
    expect(probe('deep', LONG_WITH_EXAMPLE_AND_REASON)).toBeNull();
  });
  it('never probes beyond the budget (node, agent boundary) or when probing is disabled', () => {
    const deep = agentOf({ probing_depth: 'deep' });
    const exhausted = input(discovery, 'pain_points', 'Slow.', { state: { current_follow_ups: 3 } });
    expect(answered(interpretOffline(deep, exhausted)).probe).toBeNull();
    const capped = agentOf({ probing_depth: 'deep', boundaries: { max_follow_ups_per_question: 1 } });
    expect(
      answered(
        interpretOffline(
          capped,
          input(discovery, 'pain_points', 'Slow.', { state: { current_follow_ups: 1 } }),
        ),
      ).probe,
    ).toBeNull();
    expect(answered(interpretOffline(deep, input(discovery, 'more_pains', 'Yes'))).probe).toBeNull();
  });
  it('only uses the node techniques narrowed by the agent, and varies the technique', () => {
    const onlyLadder = agentOf({ probing_depth: 'deep', techniques: ['laddering'] });
    expect(
      answered(interpretOffline(onlyLadder, input(discovery, 'pain_points', 'Slow.'))).probe?.technique,
    ).toBe('laddering');
    const deep = agentOf({ probing_depth: 'deep' });
    const after = input(discovery, 'pain_points', 'Still slow.', {
      state: {
        current_follow_ups: 1,
        probe_ledger: [
          { node_id: 'pain_points', key: 'pain_points', technique: 'example', reason: 'x', index: 1, at: 0 },
        ],
      },
    });
    expect(answered(interpretOffline(deep, after)).probe?.technique).not.toBe('example');
  });
  it('never probes a sensitive topic', () => {
    const sensitive = agentOf({ probing_depth: 'deep', boundaries: { sensitive_topics: ['health'] } });
    const i = interpretOffline(
      sensitive,
      input(discovery, 'pain_points', 'Honestly my health made it hard.'),
    );
    expect(answered(i).probe).toBeNull();
    expect(i.notes.sensitive_topic).toBe('health');
    expect(i.wording.follow_up).toBeUndefined();
  });
});
