import { describe, expect, it } from 'vitest';
import { parseAnswersSource, ScriptedParticipant } from '../../src/console/answers.js';
import {
  defaultPersonas,
  PersonaParticipant,
  personaForRun,
  parsePersonasSource,
  seededRandom,
} from '../../src/console/personas.js';
import { liveEventsFor } from '../../src/console/runner.js';
import type { PromptContext } from '../../src/console/participant.js';
import { blueprintSchema } from '../../src/blueprint/schema.js';
import { ParleyError } from '../../src/errors/parley-error.js';

const ctx = (key: string | null, nodeType = 'question'): PromptContext => ({
  nodeId: key,
  key,
  nodeType,
  agentText: '',
  attempt: 0,
});

describe('answers files', () => {
  it('accepts a plain list and says it in order, then leaves', async () => {
    const p = new ScriptedParticipant(parseAnswersSource('- yes\n- 4\n', 'a.yaml'));
    expect(await p.next(ctx('a'))).toBe('yes');
    expect(await p.next(ctx('b'))).toBe('4');
    expect(await p.next(ctx('c'))).toBeNull();
  });

  it('keyed answers are used per question, with the fallback when a list runs out', async () => {
    const file = parseAnswersSource(
      'participant_name: Dana\nvars: { topic: x }\nexpect_path: a,b\nanswers:\n  a: [first, second]\n  b: only\nfallback: nothing more\n',
      'k.yaml',
    );
    expect(file.expect_path).toEqual(['a', 'b']);
    expect(file.vars).toEqual({ topic: 'x' });
    const p = new ScriptedParticipant(file);
    expect(await p.next(ctx('b'))).toBe('only');
    expect(await p.next(ctx('a'))).toBe('first');
    expect(await p.next(ctx('a'))).toBe('second');
    expect(await p.next(ctx('a'))).toBe('nothing more');
    expect(await p.next(ctx('zzz'))).toBe('nothing more');
  });

  it('rejects unknown keys and bad YAML with stable codes', () => {
    expect(() => parseAnswersSource('answers: [a]\nbogus: 1\n', 'x.yaml')).toThrow(ParleyError);
    try {
      parseAnswersSource('answers: [a]\nbogus: 1\n', 'x.yaml');
    } catch (err) {
      expect((err as ParleyError).code).toBe('INVALID_ANSWERS');
    }
    try {
      parseAnswersSource('answers: [a\n', 'x.yaml');
    } catch (err) {
      expect((err as ParleyError).code).toBe('YAML_SYNTAX');
    }
  });
});

describe('personas', () => {
  const bp = blueprintSchema.parse({
    id: 'p',
    name: 'P',
    graph: {
      entry_node: 'q',
      nodes: {
        q: {
          type: 'question',
          key: 'q',
          text: 'How many years?',
          capture: { years: { type: 'number', min: 0, max: 10 } },
        },
        y: { type: 'yes_no', key: 'y', text: 'Yes?' },
        c: { type: 'choice', key: 'c', text: 'Which?', options: ['red', 'blue'] },
        r: { type: 'rating', key: 'r', text: 'Rate', scale: { min: 1, max: 5 } },
        done: { type: 'end' },
      },
      edges: [],
    },
  });

  it('the same seed gives the same answers; another seed differs somewhere', async () => {
    const persona = defaultPersonas().personas[0]!;
    const say = async (seed: number) => {
      const p = new PersonaParticipant(persona, bp, seed);
      const out: string[] = [];
      for (const id of ['q', 'y', 'c', 'r', 'q', 'y', 'c', 'r'])
        out.push((await p.next(ctx(id, bp.graph.nodes[id]!.type)))!);
      return out;
    };
    expect(await say(3)).toEqual(await say(3));
    expect(await say(3)).not.toEqual(await say(4));
  });

  it('typed answers fit the node: options, scale, numbers in range', async () => {
    for (let seed = 0; seed < 20; seed += 1) {
      const p = new PersonaParticipant({ ...defaultPersonas().personas[1]!, style: 'terse' }, bp, seed);
      expect(['Yes.', 'No.']).toContain(await p.next(ctx('y', 'yes_no')));
      expect(['red.', 'blue.']).toContain(await p.next(ctx('c', 'choice')));
      const rating = Number((await p.next(ctx('r', 'rating')))!.replace('.', ''));
      expect(rating).toBeGreaterThanOrEqual(1);
      expect(rating).toBeLessThanOrEqual(5);
    }
  });

  it('weights share the runs round-robin', () => {
    const file = parsePersonasSource(
      'personas:\n  - { name: a, style: cooperative, weight: 2 }\n  - { name: b, style: terse }\n',
      'p.yaml',
    );
    expect([0, 1, 2, 3, 4, 5].map((i) => personaForRun(file, i).name)).toEqual([
      'a',
      'a',
      'b',
      'a',
      'a',
      'b',
    ]);
  });

  it('seededRandom is deterministic and in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    for (let i = 0; i < 100; i += 1) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe('live events from engine actions', () => {
  it('maps node_entered, new follow-ups and progress; skips repeats and speech', () => {
    const progress = {
      nodes_total: 3,
      nodes_visited: 1,
      nodes_answered: 0,
      current_node: 'q',
      path_taken: ['q'],
      duration_s: 0,
      estimated_remaining_s: 60,
    };
    const events = liveEventsFor([
      { type: 'node_entered', node_id: 'q', node_type: 'question' },
      { type: 'progress', progress },
      { type: 'ask', node_id: 'q', key: 'q', node_type: 'question', text: 'Q?', repeat: false },
      {
        type: 'follow_up',
        node_id: 'q',
        key: 'q',
        technique: 'example',
        reason: 'short',
        index: 1,
        question_text: 'Q?',
      },
      {
        type: 'follow_up',
        node_id: 'q',
        key: 'q',
        technique: 'example',
        reason: 'short',
        index: 1,
        question_text: 'Q?',
        repeat: true,
      },
    ]);
    expect(events).toEqual([
      { type: 'node_entered', node_id: 'q', node_type: 'question' },
      { type: 'progress', progress },
      { type: 'follow_up', node_id: 'q', key: 'q', technique: 'example', reason: 'short', index: 1 },
    ]);
  });
});
