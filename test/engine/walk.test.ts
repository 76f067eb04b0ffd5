import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isParleyError, type ParleyError } from '../../src/errors/parley-error.js';
import { parseWalkScript, parseWalkScriptText, type WalkScript } from '../../src/walk/answers-file.js';
import { runWalk, TURN_MS } from '../../src/walk/driver.js';
import { formatWalkReport } from '../../src/walk/report.js';
import { bp } from './helpers.js';

/** test/fixtures/walk, also when this file runs compiled from dist/test/engine. */
function fixturesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, 'test/fixtures/walk');
}
const fixtures = fixturesDir();

const blueprint = bp({
  settings: { consent: true, intro_message: 'Hi {{participant.name}}' },
  graph: {
    entry_node: 'role',
    nodes: {
      role: {
        type: 'question',
        key: 'current_role',
        text: 'What is your role?',
        capture: { seniority: { type: 'string' } },
        probing: { max_follow_ups: 1, techniques: ['example'] },
      },
      budget: { type: 'yes_no', key: 'budget_owner', text: 'Own the budget?' },
      tools: { type: 'question', key: 'tools', text: 'Which tools?', required: false },
      done: { type: 'end', text: 'Bye' },
    },
    edges: [
      {
        from: 'role',
        to: 'budget',
        priority: 1,
        condition: { type: 'structured', field: 'current_role.seniority', operator: 'eq', value: 'director' },
      },
      { from: 'role', to: 'tools' },
      { from: 'budget', to: 'tools' },
      { from: 'tools', to: 'done' },
    ],
  },
});

function script(text: string): WalkScript {
  return parseWalkScriptText(text, 'answers.yaml');
}

function thrown(fn: () => unknown): ParleyError {
  try {
    fn();
  } catch (err) {
    if (isParleyError(err)) return err;
    throw err;
  }
  throw new Error('expected a ParleyError');
}

describe('runWalk', () => {
  it('walks the path, records probes and responses with a synthetic clock', () => {
    const outcome = runWalk(
      blueprint,
      script(`
participant: { name: Dana }
answers:
  - key: current_role
    text: I run procurement.
    fields: { seniority: director }
    probe: { technique: laddering, reason: vague }
  - text: For the whole bank.
  - key: budget_owner
    text: "Yes"
    value: true
  - decline: skip
`),
    );
    expect(outcome.status).toBe('ended');
    expect(outcome.end_reason).toBe('completed');
    expect(outcome.path_taken).toEqual(['role', 'budget', 'tools', 'done']);
    expect(outcome.probe_ledger).toEqual([
      expect.objectContaining({
        key: 'current_role',
        technique: 'example',
        reason: 'vague',
        index: 1,
        at: 2 * TURN_MS,
      }),
    ]);
    expect(outcome.responses.map((r) => [r.key, r.status])).toEqual([
      ['current_role', 'answered'],
      ['budget_owner', 'answered'],
      ['tools', 'skipped'],
    ]);
    expect(outcome.responses[0]?.turns).toHaveLength(2);
    expect(outcome.unused_answers).toBe(0);
    const lines = outcome.transcript.map((l) => `${l.at_s} ${l.role}: ${l.text}`);
    expect(lines).toEqual([
      '0 agent: Hi Dana',
      expect.stringMatching(/^0 agent: Before we begin/),
      '15 participant: Yes, that is fine.',
      '15 agent: What is your role?',
      '30 participant: I run procurement.',
      '30 agent: (follow-up 1, example: vague)',
      '45 participant: For the whole bank.',
      '45 agent: Own the budget? [yes / no]',
      '60 participant: Yes',
      '60 agent: Which tools?',
      '75 participant: (declines: skip)',
      '75 agent: Bye',
    ]);
    // the ledger's turn points at the participant line
    expect(outcome.transcript[outcome.probe_ledger[0]?.turn ?? -1]?.text).toBe('I run procurement.');
  });

  it('is deterministic', () => {
    const s = script('answers: [{ text: a }, { text: b }]');
    expect(runWalk(blueprint, s)).toEqual(runWalk(blueprint, s));
  });

  it('supports answers keyed by question key', () => {
    const outcome = runWalk(
      blueprint,
      script(`
answers:
  tools: { text: Jira }
  current_role:
    - { text: I code, fields: { seniority: ic }, objective_met: false }
    - I write the integrations.
`),
    );
    expect(outcome.path_taken).toEqual(['role', 'tools', 'done']);
    expect(outcome.probe_ledger).toHaveLength(1);
    expect(outcome.responses.map((r) => r.key)).toEqual(['current_role', 'tools']);
  });

  it('fails naming the node being asked when the answers run out', () => {
    const err = thrown(() =>
      runWalk(blueprint, script('answers: [{ text: a, fields: { seniority: director } }]')),
    );
    expect(err.code).toBe('INVALID_ANSWERS');
    expect(err.message).toContain('ran out while the agent was asking "budget_owner" (node budget)');
  });

  it('says when the answers ran out during a follow-up', () => {
    const err = thrown(() =>
      runWalk(blueprint, script('answers: [{ text: a, probe: { technique: example, reason: r } }]')),
    );
    expect(err.message).toContain('following up on "current_role"');
  });

  it('fails when a key assertion does not match the question being asked', () => {
    const err = thrown(() => runWalk(blueprint, script('answers: [{ key: tools, text: a }]')));
    expect(err.message).toBe(
      'answers[0] expects the question "tools" but the agent is asking "current_role" (node role)',
    );
  });

  it('a refused consent ends the walk at once', () => {
    const outcome = runWalk(blueprint, script('consent: false\nanswers: []'));
    expect(outcome).toMatchObject({
      status: 'ended',
      end_reason: 'consent_refused',
      path_taken: [],
      responses: [],
    });
  });

  it('counts unused answers and mentions them in the report', () => {
    const outcome = runWalk(blueprint, script('answers: [a, b, c, d, e]'));
    expect(outcome.unused_answers).toBe(3);
    const report = formatWalkReport(blueprint, outcome);
    expect(report).toContain('note: 3 scripted answer(s) were not used');
    expect(report).toContain('Path taken: role → tools → done');
    expect(report).toMatch(/Responses\n {2}key +status +value/);
  });

  it('passes limits to the engine', () => {
    const outcome = runWalk(
      blueprint,
      script(`
limits: { max_follow_ups_per_question: 0 }
answers: [{ text: a, objective_met: false }, b]
`),
    );
    expect(outcome.probe_ledger).toEqual([]);
  });

  it('walks the fixture blueprint shape end to end (time limit via the synthetic clock)', () => {
    const long = bp({
      settings: { max_duration_m: 1 },
      graph: {
        entry_node: 'q',
        nodes: {
          q: { type: 'question', key: 'q', text: 'Q?', max_visits: 20, probing: { max_follow_ups: 0 } },
        },
        edges: [{ from: 'q', to: 'q' }],
      },
    });
    const outcome = runWalk(long, script(`answers: [${Array.from({ length: 10 }, () => 'x').join(', ')}]`));
    expect(outcome.end_reason).toBe('time_limit');
    expect(outcome.transcript.at(-1)?.at_s).toBe(60);
  });
});

describe('answers file', () => {
  it('applies defaults and accepts a plain string as text', () => {
    const result = parseWalkScript({ answers: ['hello', { decline: 'dont_know' }] });
    expect(result).toEqual({
      script: {
        participant: {},
        vars: {},
        consent: true,
        answers: [
          { text: 'hello', fields: {}, objective_met: true },
          { decline: 'dont_know', fields: {}, objective_met: true },
        ],
      },
    });
  });

  it('stringifies scalar variables', () => {
    const result = parseWalkScript({ vars: { n: 3, b: true }, answers: [] });
    expect('script' in result && result.script.vars).toEqual({ n: '3', b: 'true' });
  });

  const bad: [string, string, string[]][] = [
    [
      'unknown decline',
      'answers:\n  - decline: maybe\n',
      ['answers.yaml:2:5  INVALID_ANSWERS  answers[0].decline:'],
    ],
    [
      'text and decline',
      'answers:\n  - { text: a, decline: skip }\n',
      ['answers.yaml:2:5  INVALID_ANSWERS  answers[0]: an answer has either'],
    ],
    [
      'neither',
      'answers:\n  - { fields: {} }\n',
      ['answers.yaml:2:5  INVALID_ANSWERS  answers[0]: an answer needs'],
    ],
    [
      'unknown key',
      'answers:\n  - text: a\n    colour: blue\n',
      ['answers.yaml:3:5  INVALID_ANSWERS  answers[0]: unknown key "colour"'],
    ],
    [
      'unknown top-level key',
      'answer: []\n',
      [
        'answers.yaml:1:1  INVALID_ANSWERS  (top level): unknown key "answer"',
        '(top level): answers is required',
      ],
    ],
    [
      'bad technique',
      'answers:\n  - text: a\n    probe: { technique: poke, reason: r }\n',
      ['answers.yaml:3:14  INVALID_ANSWERS  answers[0].probe.technique:'],
    ],
    ['consent type', 'consent: maybe\nanswers: []\n', ['answers.yaml:1:1  INVALID_ANSWERS  consent:']],
    [
      'answers scalar',
      'answers: 5\n',
      ['answers.yaml:1:1  INVALID_ANSWERS  answers: answers must be a list'],
    ],
    [
      'mapping key mismatch',
      'answers:\n  q1: { key: q2, text: a }\n',
      ['answers.yaml:2:9  INVALID_ANSWERS  answers.q1.key: key "q2" differs'],
    ],
    [
      'mapping list entry',
      'answers:\n  q1:\n    - text: a\n    - decline: nope\n',
      ['answers.yaml:4:7  INVALID_ANSWERS  answers.q1[1].decline:'],
    ],
  ];
  // positions follow the one rule of src/files/positions.ts: a mapping entry is reported at its key
  it.each(bad)('%s → file:line:col message', (_name, text, expected) => {
    const err = thrown(() => parseWalkScriptText(text, 'answers.yaml'));
    expect(err.code).toBe('INVALID_ANSWERS');
    // the one file error format: a header, then `file:line:col  CODE  message` per problem
    const [header, ...lines] = err.message.split('\n');
    expect(header).toBe(
      `answers.yaml: invalid answers file (${expected.length} problem${expected.length === 1 ? '' : 's'})`,
    );
    expect(lines).toHaveLength(expected.length);
    expected.forEach((prefix, i) => expect(lines[i]).toContain(prefix));
  });

  it('reports YAML syntax errors with a position', () => {
    const err = thrown(() => parseWalkScriptText('answers: [a, b\n', 'answers.yaml'));
    expect(err.code).toBe('YAML_SYNTAX');
    expect(err.message).toMatch(/^ {2}answers\.yaml:\d+:\d+ {2}YAML_SYNTAX {2}/m);
  });

  it('parses the fixture answers files', () => {
    for (const name of ['happy', 'keyed', 'short', 'refuse']) {
      const file = resolve(fixtures, `${name}.answers.yaml`);
      expect(() => parseWalkScriptText(readFileSync(file, 'utf8'), name)).not.toThrow();
    }
  });
});
