/**
 * A minimal instance of a JSON Schema, for the fake chat model of the voice benchmarks: the conductor's
 * assessment call (structured output) gets a valid answer that moves the interview on — the first enum
 * value (`kind: answer`), `true` for booleans (objective met, consent given), the minimum for numbers,
 * `null` wherever a string or object is nullable (no probe, no acknowledgement), and "ok" for strings.
 */
type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  minimum?: number;
};

const SCALAR = new Set(['boolean', 'number', 'integer']);

function scalarAlternative(alts: Schema[]): Schema | undefined {
  return alts.find((a) => a.enum !== undefined || (typeof a.type === 'string' && SCALAR.has(a.type)));
}

export function exampleOf(schema: Schema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0] ?? null;
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts !== undefined) {
    const nullable = alts.some((a) => a.type === 'null');
    const pick = nullable ? scalarAlternative(alts) : alts[0];
    return pick === undefined ? null : exampleOf(pick);
  }
  if (Array.isArray(schema.type)) {
    const scalar = schema.type.find((t) => SCALAR.has(t));
    if (schema.type.includes('null'))
      return scalar === undefined ? null : exampleOf({ ...schema, type: scalar });
    return exampleOf({ ...schema, type: schema.type[0] ?? 'null' });
  }
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, exampleOf(v)]));
    case 'array':
      return [];
    case 'string':
      return 'ok';
    case 'boolean':
      return true;
    case 'number':
    case 'integer':
      return schema.minimum ?? 0;
    default:
      return null;
  }
}

/** The fake chat's reply: a schema instance for structured-output requests, else a fixed sentence. */
export function benchChatReply(body: { response_format?: { json_schema?: { schema?: unknown } } }): string {
  const schema = body.response_format?.json_schema?.schema;
  return schema === undefined ? 'Thank you, that is helpful.' : JSON.stringify(exampleOf(schema as Schema));
}
