import { z } from 'zod';
import { blueprintSchema, conditionSchema } from './schema.js';

/**
 * The `$id` of the generated schema. A URN rather than a URL: the schema is not hosted anywhere; editors
 * find it through the committed file (`# yaml-language-server: $schema=./blueprint.schema.json`).
 */
export const BLUEPRINT_SCHEMA_ID = 'urn:parley:blueprint:schema';

/** Names given to shared sub-schemas in `$defs` (instead of zod's generated `__schemaN`). */
const NAMED_DEFS = new Map<z.ZodType, { id: string; title: string; description: string }>([
  [
    conditionSchema,
    {
      id: 'Condition',
      title: 'Condition',
      description:
        'When an edge may be taken: a structured comparison on a field path, a combinator (all / any / not) or answered / skipped.',
    },
  ],
]);

/**
 * A metadata registry that reads everything from zod's global registry (so `.describe()` texts survive)
 * and adds an `id` to the schemas in NAMED_DEFS, which makes `z.toJSONSchema` emit them as named `$defs`.
 * The shared schemas themselves are never mutated.
 */
class NamedDefsRegistry extends z.core.$ZodRegistry<z.core.GlobalMeta> {
  override get(schema: z.core.$ZodType): z.core.GlobalMeta | undefined {
    const base = z.globalRegistry.get(schema);
    const named = NAMED_DEFS.get(schema as z.ZodType);
    return named === undefined ? base : { ...base, ...named };
  }
}

/**
 * The JSON Schema (draft 2020-12) of a blueprint *as authors write it*: `io: 'input'`, so fields with
 * defaults are optional. Generated from `blueprintSchema`, never edited by hand.
 */
export function blueprintJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(blueprintSchema, {
    target: 'draft-2020-12',
    io: 'input',
    cycles: 'ref',
    reused: 'inline',
    metadata: new NamedDefsRegistry(),
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: BLUEPRINT_SCHEMA_ID,
    title: 'Parley interview blueprint',
    ...rest,
  };
}

/** The schema as written to disk: pretty JSON with a trailing newline. */
export function blueprintJsonSchemaText(): string {
  return `${JSON.stringify(blueprintJsonSchema(), null, 2)}\n`;
}
