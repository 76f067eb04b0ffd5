import { describe, expect, it } from 'vitest';
import { classifyIntent } from '../../../src/conductor/rules/classify.js';
import { captureFields } from '../../../src/conductor/rules/capture.js';
import { interpretOffline } from '../../../src/conductor/rules/interpret.js';
import type { Interpretation, Turn } from '../../../src/conductor/index.js';
import { agentOf, blueprintOf, exampleBlueprint, input } from '../helpers.js';

/**
 * Offline conductor quirks seen in simulation, with real phrasings: leave-the-desk remarks are not end
 * requests, a follow-up does not overwrite a captured number unless it restates the field, the number
 * tied to the field's wording is captured, and a complete short answer is not asked "what do you mean?".
 */
const vetting = exampleBlueprint('expert-vetting');
const agent = agentOf();

function assessment(i: Interpretation) {
  const e = i.events[0];
  if (e?.type !== 'answered') throw new Error(`expected answered, got ${JSON.stringify(i.events)}`);
  return e.assessment;
}

describe('end of interview: only clear requests to stop', () => {
  const notEnd = [
    'I have to go back to my desk to check the numbers, but I think it is around twelve.',
    'I have to go back and check.',
    "I'd have to go back and check the contract.",
    'We need to stop using spreadsheets for this, honestly.',
    "I'm done with spreadsheets, we moved everything to Airtable.",
    'I quit my last job in 2022.',
    'I need to go through the logs first.',
    'I want to stop doing it by hand.',
    'I have to run the report every Monday.',
    'We have to leave some room for the audit team.',
  ];
  for (const utterance of notEnd) {
    it(`not an end request: "${utterance}"`, () => {
      expect(classifyIntent(utterance).type).not.toBe('end');
    });
  }
  const end = [
    'Sorry, I have to go now.',
    'I have to go.',
    'I need to run to another meeting.',
    'Gotta go, bye!',
    'Can we stop here?',
    "I'd like to end the interview.",
    "I'm done, thanks.",
    'I really need to hang up in a minute, sorry.',
    "Let's wrap up.",
  ];
  for (const utterance of end) {
    it(`an end request: "${utterance}"`, () => {
      expect(classifyIntent(utterance).type).toBe('end');
    });
  }

  it('the interpreter answers "I have to go back and check" at an open question as an answer', () => {
    const i = interpretOffline(agent, input(vetting, 'expertise_depth', 'I have to go back and check.'));
    expect(i.kind).toBe('answer');
    expect(i.events[0]?.type).toBe('answered');
  });
});

describe('a follow-up does not overwrite a captured number unless it restates the field', () => {
  const history = (first: string): Turn[] => [
    { role: 'agent', content: 'What is your current role…?', node_id: 'current_role' },
    { role: 'participant', content: first, node_id: 'current_role' },
    { role: 'agent', content: 'Could you put a rough number on that?', node_id: 'current_role' },
  ];
  const cases: Array<[string, string, number]> = [
    ["I'm a director at Acme, six years in this role.", 'We are about forty engineers in my group.', 6],
    ["I'm a director at Acme, six years in this role.", 'Forty engineers, give or take.', 6],
    ["I'm a director at Acme, six years in this role.", 'We ship about 12 releases a year.', 6],
    ["I'm a director at Acme, six years in this role.", 'Sorry, actually seven years in the role now.', 7],
    ["I'm a director at Acme, six years in this role.", 'Make that eight years.', 8],
  ];
  for (const [first, followUp, want] of cases) {
    it(`"${first}" then "${followUp}" → years_in_role = ${want}`, () => {
      const i = interpretOffline(
        agent,
        input(vetting, 'current_role', followUp, {
          history: history(first),
          state: { current_follow_ups: 1 },
        }),
      );
      expect(assessment(i).fields.years_in_role).toBe(want);
    });
  }
});

describe("the number tied to the field's wording", () => {
  const cases: Array<[string, string, string, number]> = [
    [
      'current_role',
      "I'm a VP at Initech, two years in this role, about 6 years in total.",
      'years_in_role',
      2,
    ],
    ['current_role', 'Six years in total at Initech, two of them in this role, as a VP.', 'years_in_role', 2],
    [
      'current_role',
      "Director at Acme. I've been in the role for 3 years, and 11 years of experience overall.",
      'years_in_role',
      3,
    ],
    [
      'employment_history',
      'Two years in this role, about 6 years in total in payments.',
      'relevant_years',
      6,
    ],
    [
      'employment_history',
      'About 9 years of experience overall, the last 2 years at Globex Bank.',
      'relevant_years',
      9,
    ],
    ['current_role', "I'm a manager at Acme, been here 4 years.", 'years_in_role', 4],
  ];
  for (const [node, utterance, field, want] of cases) {
    it(`${field} from "${utterance}" = ${want}`, () => {
      const i = interpretOffline(agent, input(vetting, node, utterance));
      expect(assessment(i).fields[field]).toBe(want);
    });
  }

  it('captureFields: "forty engineers" alone is never years', () => {
    const capture = vetting.graph.nodes.current_role!;
    if (!('capture' in capture)) throw new Error('no capture');
    expect(captureFields(capture.capture, 'Forty engineers.').years_in_role).toBeUndefined();
  });
});

describe('no "what do you mean?" after a short but complete answer', () => {
  const ODD = 'Could you say a bit more about what you mean?';
  const clarifyOnly = blueprintOf({
    id: 'short_complete',
    name: 'Short complete answers',
    graph: {
      entry_node: 'uses_tool',
      nodes: {
        uses_tool: {
          type: 'yes_no',
          key: 'uses_tool',
          text: 'Do you use a feedback tool today?',
          probing: { techniques: ['clarify'] },
        },
        team: {
          type: 'question',
          key: 'team',
          text: 'How many people are on your team?',
          probing: { techniques: ['clarify', 'example'] },
          capture: { team_size: { type: 'number', min: 1, max: 10000, description: 'People on the team' } },
        },
        done: { type: 'end' },
      },
      edges: [
        { from: 'uses_tool', to: 'team' },
        { from: 'team', to: 'done' },
      ],
    },
  });
  const cases: Array<[string, string, 'moderate' | 'deep']> = [
    ['uses_tool', 'Yes.', 'deep'],
    ['uses_tool', 'No, we do not.', 'deep'],
    ['team', 'Twelve people.', 'moderate'],
    ['team', '12.', 'deep'],
  ];
  for (const [node, utterance, depth] of cases) {
    it(`${node}: "${utterance}" (${depth} probing) gets no clarify follow-up`, () => {
      const i = interpretOffline(agentOf({ probing_depth: depth }), input(clarifyOnly, node, utterance));
      const a = assessment(i);
      expect(a.objective_met).toBe(true);
      expect(a.probe?.technique).not.toBe('clarify');
      expect(i.wording.follow_up ?? '').not.toBe(ODD);
    });
  }

  it('current_role: "Director at Acme, four years in the role." is complete: no follow-up', () => {
    const i = interpretOffline(
      agent,
      input(vetting, 'current_role', 'Director at Acme, four years in the role.'),
    );
    expect(assessment(i).probe).toBeNull();
    expect(i.wording.follow_up).toBeUndefined();
  });

  it('an incomplete short answer may still be asked to clarify', () => {
    const i = interpretOffline(agent, input(vetting, 'current_role', 'Kind of a mix of things.'));
    expect(assessment(i).probe).not.toBeNull();
  });
});
