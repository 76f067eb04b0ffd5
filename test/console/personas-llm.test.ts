import { describe, expect, it } from 'vitest';
import { blueprintSchema } from '../../src/blueprint/schema.js';
import {
  checkUtterance,
  defaultPersonas,
  parseModelSpec,
  parsePersonasSource,
  personaSystemPrompt,
  personaUserPrompt,
  STYLE_GUIDES,
  type Persona,
} from '../../src/console/personas.js';
import { ParleyError } from '../../src/errors/parley-error.js';

const bp = blueprintSchema.parse({
  id: 'mini',
  name: 'Mini interview',
  description: 'About spreadsheets.',
  graph: {
    entry_node: 'tools',
    nodes: {
      tools: { type: 'choice', key: 'tools', text: 'Which tool?', options: ['excel', 'sheets'] },
      done: { type: 'end' },
    },
    edges: [{ from: 'tools', to: 'done' }],
  },
});

const persona = (style: Persona['style']): Persona =>
  ({ ...defaultPersonas().personas[0]!, name: `p-${style}`, style }) as Persona;

describe('model-played persona output', () => {
  const cases: Array<[string, unknown, Persona['style'], string]> = [
    ['plain answer', { utterance: 'We use Excel.' }, 'cooperative', 'ok:We use Excel.'],
    [
      'own speaker label and quotes are stripped',
      { utterance: 'You: "Mostly Excel."' },
      'terse',
      'ok:Mostly Excel.',
    ],
    ['empty', { utterance: '   ' }, 'cooperative', 'invalid:utterance is empty'],
    [
      'speaks as the interviewer',
      { utterance: 'Interviewer: And why?' },
      'rambling',
      'invalid:utterance speaks as the interviewer',
    ],
    [
      'too long for terse',
      { utterance: 'word '.repeat(60) },
      'terse',
      'invalid:utterance is too long for a terse participant',
    ],
    ['not the schema', { text: 'hi' }, 'cooperative', 'invalid:expected a JSON object'],
    ['not JSON', undefined, 'cooperative', 'invalid:expected a JSON object'],
  ];
  for (const [name, json, style, want] of cases) {
    it(name, () => {
      const r = checkUtterance(json, persona(style));
      const got = r.type === 'ok' ? `ok:${r.utterance}` : `invalid:${r.error}`;
      expect(got.startsWith(want)).toBe(true);
    });
  }
});

describe('persona prompts', () => {
  it('each style has its own guide, with the character, facts and topic', () => {
    for (const style of Object.keys(STYLE_GUIDES) as Array<Persona['style']>) {
      const p = { ...persona(style), description: 'A busy CFO' };
      const system = personaSystemPrompt(p, bp, { outcome: 'lost' });
      expect(system).toContain(`Your style (${style}): ${STYLE_GUIDES[style]}`);
      expect(system).toContain(`p-${style} — A busy CFO`);
      expect(system).toContain('- outcome: lost');
      expect(system).toContain('Mini interview — About spreadsheets.');
    }
  });

  it('the user prompt carries the conversation and the answer type', () => {
    const user = personaUserPrompt(bp, [{ agent: 'Hi, ready?', participant: 'Yes.' }], {
      nodeId: 'tools',
      key: 'tools',
      nodeType: 'choice',
      agentText: 'Which tool?',
      attempt: 0,
    });
    expect(user).toContain('Interviewer: Hi, ready?\nYou: Yes.\nInterviewer: Which tool?');
    expect(user).toContain('options: excel, sheets');
  });
});

describe('personas file llm settings', () => {
  it('parses provider:model and defaults', () => {
    const f = parsePersonasSource(
      'llm: { model: "anthropic:claude-x" }\npersonas:\n  - { name: a, style: terse, mode: scripted }\n',
      'p.yaml',
    );
    expect(f.llm).toEqual({
      mode: 'auto',
      model: { provider: 'anthropic', model: 'claude-x' },
      timeout_ms: 15000,
      concurrency: 4,
    });
    expect(f.personas[0]!.mode).toBe('scripted');
  });

  it('rejects an unknown provider with INVALID_CONFIG', () => {
    expect(() =>
      parsePersonasSource('llm: { model: "x:y" }\npersonas: [{ name: a, style: terse }]\n', 'p.yaml'),
    ).toThrow(/unknown provider "x"/);
    expect(() => parseModelSpec('gpt-4o', '--persona-model')).toThrow(ParleyError);
  });
});
