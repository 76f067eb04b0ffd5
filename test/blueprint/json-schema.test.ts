import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BLUEPRINT_SCHEMA_ID,
  blueprintJsonSchema,
  blueprintJsonSchemaText,
} from '../../src/blueprint/json-schema.js';
import { blueprintSchema } from '../../src/blueprint/schema.js';
import { examplesDir, exampleBlueprints, parseYamlFile, repoRoot } from '../graph/helpers.js';

const committedPath = join(repoRoot, 'blueprints/blueprint.schema.json');

type Json = Record<string, unknown>;
const schema = blueprintJsonSchema() as Json;
const at = (obj: unknown, ...path: string[]): Json =>
  path.reduce<Json>((o, k) => (o[k] ?? {}) as Json, obj as Json);

describe('blueprintJsonSchema', () => {
  it('matches the committed blueprints/blueprint.schema.json', () => {
    const committed = readFileSync(committedPath, 'utf8');
    expect(
      committed === blueprintJsonSchemaText(),
      'blueprints/blueprint.schema.json is out of date: run `npx parley schema --out blueprints/blueprint.schema.json`',
    ).toBe(true);
  });

  it('is draft 2020-12 with an $id and a title', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(BLUEPRINT_SCHEMA_ID);
    expect(schema.title).toBe('Parley interview blueprint');
    expect(blueprintJsonSchemaText().endsWith('}\n')).toBe(true);
  });

  it('describes the input shape: fields with defaults are optional, unknown fields are rejected', () => {
    expect(schema.required).toEqual(['id', 'name', 'graph']);
    expect(schema.additionalProperties).toBe(false);
    expect(at(schema, 'properties', 'version').default).toBe(1);
    expect(at(schema, 'properties', 'graph').required).toEqual(['entry_node', 'nodes']);
  });

  it('turns the recursive condition into one named $defs entry referenced everywhere', () => {
    const defs = at(schema, '$defs');
    expect(Object.keys(defs)).toEqual(['Condition']);
    const text = JSON.stringify(schema);
    expect(text).not.toContain('__schema');
    // edges[].condition, all/any conditions[] and not.condition all point at it.
    expect(text.match(/"\$ref":"#\/\$defs\/Condition"/g)).toHaveLength(4);
    const edge = at(schema, 'properties', 'graph', 'properties', 'edges', 'items', 'properties');
    expect(edge.condition).toEqual({ $ref: '#/$defs/Condition' });
    const variants = (defs.Condition as { oneOf: { properties: { type: { const: string } } }[] }).oneOf;
    expect(variants.map((v) => v.properties.type.const)).toEqual([
      'structured',
      'all',
      'any',
      'not',
      'answered',
      'skipped',
    ]);
  });

  it('keeps descriptions from the zod schema', () => {
    expect(schema.description).toMatch(/Parley interview blueprint/);
    expect(JSON.stringify(schema)).toContain('A named probing technique for follow-up questions.');
  });
});

/**
 * No standalone JSON Schema validator (ajv) is installed, so blueprints are validated against the
 * *generated JSON* through zod's own JSON Schema reader (`z.fromJSONSchema`). That checks the emitted
 * constraints (required, patterns, additionalProperties, the `$ref` recursion), not the zod original.
 */
describe('validating blueprints against the generated JSON Schema', () => {
  const validator = z.fromJSONSchema(JSON.parse(readFileSync(committedPath, 'utf8')) as Json);
  const minimal = {
    id: 'minimal',
    name: 'Minimal',
    graph: {
      entry_node: 'q1',
      nodes: { q1: { type: 'question', key: 'q1', text: 'Hi?' }, bye: { type: 'end' } },
      edges: [
        {
          from: 'q1',
          to: 'bye',
          condition: {
            type: 'all',
            conditions: [
              { type: 'not', condition: { type: 'skipped', node: 'q1' } },
              { type: 'structured', field: 'q1.mood', operator: 'in', value: ['good', 3, true] },
            ],
          },
        },
      ],
    },
  };
  const withEdit = (edit: (b: typeof minimal & Json) => void): unknown => {
    const copy = structuredClone(minimal) as typeof minimal & Json;
    edit(copy);
    return copy;
  };

  it('accepts the example blueprints and a minimal one without defaulted fields', () => {
    for (const [name, bp] of exampleBlueprints()) {
      const raw = parseYamlFile(join(examplesDir, name));
      expect(validator.safeParse(raw).success, name).toBe(true);
      expect(validator.safeParse(bp).success, `${name} (defaults applied)`).toBe(true);
    }
    expect(validator.safeParse(minimal).success).toBe(true);
    expect(blueprintSchema.safeParse(minimal).success).toBe(true);
  });

  it.each([
    ['an unknown top-level field', (b: Json) => (b.extra = 1)],
    ['a missing name', (b: Json) => delete b.name],
    ['an id that does not start with a letter', (b: Json) => (b.id = '1abc')],
    ['an unknown node type', (b: typeof minimal) => ((b.graph.nodes.q1 as Json).type = 'essay')],
    [
      'a deeply nested unknown operator',
      (b: typeof minimal) => {
        (b.graph.edges[0]!.condition.conditions[1] as Json).operator = 'approximately';
      },
    ],
    [
      'a nested condition field without a dot',
      (b: typeof minimal) => {
        (b.graph.edges[0]!.condition.conditions[1] as Json).field = 'mood';
      },
    ],
    ['an empty all()', (b: typeof minimal) => (b.graph.edges[0]!.condition.conditions = [])],
    [
      'an unknown field inside not',
      (b: typeof minimal) => {
        (b.graph.edges[0]!.condition.conditions[0] as Json).extra = true;
      },
    ],
  ])('rejects %s, as the zod schema does', (_name, edit) => {
    const bad = withEdit(edit as (b: typeof minimal & Json) => void);
    expect(validator.safeParse(bad).success).toBe(false);
    expect(blueprintSchema.safeParse(bad).success).toBe(false);
  });
});
