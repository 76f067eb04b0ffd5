import { describe, expect, it } from 'vitest';
import { validateBlueprint } from '../../src/blueprint/validate/index.js';
import { blueprintSchema, type BlueprintInput } from '../../src/blueprint/schema.js';
import { blueprintJsonSchema } from '../../src/blueprint/json-schema.js';

const base = (edges: BlueprintInput['graph']['edges'], settings: BlueprintInput['settings'] = {}) =>
  blueprintSchema.parse({
    id: 't',
    name: 'T',
    settings,
    graph: {
      entry_node: 'q',
      nodes: {
        q: { type: 'yes_no', key: 'q', text: 'Q?' },
        r: { type: 'question', key: 'r', text: 'R?' },
        out: { type: 'end' },
        done: { type: 'end' },
      },
      edges,
    },
  });

describe('edge confirm and settings.faq in the schema and validator', () => {
  it('accepts confirm modes and rejects others', () => {
    for (const confirm of ['uncertain', 'always', 'never'] as const)
      expect(() =>
        base([
          { from: 'q', to: 'r', confirm },
          { from: 'r', to: 'done' },
        ]),
      ).not.toThrow();
    expect(() => base([{ from: 'q', to: 'r', confirm: 'sometimes' as never }])).toThrow();
  });

  it('warns about confirm on an edge that is not decisive, not on a decisive one', () => {
    const lone = base([
      { from: 'q', to: 'r', confirm: 'always' },
      { from: 'r', to: 'done' },
    ]);
    const codes = validateBlueprint(lone).map((p) => p.code);
    expect(codes).toContain('CONFIRM_NOT_DECISIVE');
    const decisive = base([
      {
        from: 'q',
        to: 'out',
        priority: 1,
        confirm: 'always',
        condition: { type: 'structured', field: 'q.value', operator: 'eq', value: false },
      },
      { from: 'q', to: 'r' },
      { from: 'r', to: 'done' },
    ]);
    expect(validateBlueprint(decisive).map((p) => p.code)).not.toContain('CONFIRM_NOT_DECISIVE');
  });

  it('validates settings.faq entries and warns about repeated questions', () => {
    const edges = [
      { from: 'q', to: 'r' },
      { from: 'r', to: 'done' },
    ];
    expect(() => base(edges, { faq: [{ question: 'Who pays?', answer: '' }] })).toThrow();
    const bp = base(edges, {
      faq: [
        { question: 'Who sees my answers?', answer: 'Only the research team.' },
        { question: 'who sees  my answers?', answer: 'Everyone.' },
      ],
    });
    const dup = validateBlueprint(bp).filter((p) => p.code === 'DUPLICATE_FAQ');
    expect(dup).toHaveLength(1);
    expect(dup[0]?.path).toEqual(['settings', 'faq', 1, 'question']);
  });

  it('the JSON Schema knows confirm, faq and loop_guards', () => {
    const text = JSON.stringify(blueprintJsonSchema());
    for (const word of ['"confirm"', '"faq"', '"loop_guards"', '"uncertain"', '"always"'])
      expect(text).toContain(word);
  });
});
