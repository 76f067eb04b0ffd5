/**
 * A minimal instance of a JSON Schema, for the fake chat model of the voice benchmarks: the conductor's
 * assessment call (structured output) gets a valid answer that moves the interview on — the first enum
 * value (`kind: answer`), `true` for booleans (objective met, consent given), the minimum for numbers,
 * `null` wherever a string or object is nullable (no probe), and "ok" for strings — except the strings
 * named in `strings`.
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

/**
 * `strings`: text for the string properties of these names (nullable ones too) instead of "ok" / null —
 * the benchmark's assessment has the length and the acknowledgement a real model's would.
 */
export function exampleOf(schema: Schema, strings: Readonly<Record<string, string>> = {}): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0] ?? null;
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts !== undefined) {
    const nullable = alts.some((a) => a.type === 'null');
    const pick = nullable ? scalarAlternative(alts) : alts[0];
    return pick === undefined ? null : exampleOf(pick, strings);
  }
  if (Array.isArray(schema.type)) {
    const scalar = schema.type.find((t) => SCALAR.has(t));
    if (schema.type.includes('null'))
      return scalar === undefined ? null : exampleOf({ ...schema, type: scalar }, strings);
    return exampleOf({ ...schema, type: schema.type[0] ?? 'null' }, strings);
  }
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, v]) => [k, strings[k] ?? exampleOf(v, strings)]),
      );
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

/**
 * What the benchmark's assessment says in its free-text keys: an acknowledgement (spoken as soon as it has
 * streamed) and a one-sentence summary, so the output is as long as a real one (~45 tokens for an open
 * question: kind, acknowledgement, objective_met, summary, reply).
 */
export const BENCH_ASSESSMENT_STRINGS = {
  acknowledgement: 'Thanks, that is useful.',
  summary: 'The participant described how they use the scheduling app in their daily work.',
};

/** The fake chat's reply: a schema instance for structured-output requests, else a fixed sentence. */
export function benchChatReply(body: { response_format?: { json_schema?: { schema?: unknown } } }): string {
  const schema = body.response_format?.json_schema?.schema;
  return schema === undefined
    ? 'Thank you, that is helpful.'
    : JSON.stringify(exampleOf(schema as Schema, BENCH_ASSESSMENT_STRINGS));
}
