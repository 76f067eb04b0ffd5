// The observer pages' calls to the /v1 API with the API key from the login form (session storage only).
// zod/mini: the same schemas in a fraction of the bundle size (functions instead of methods).
import * as z from 'zod/mini';

const KEY = 'parley.observer.key';

export const getKey = () => sessionStorage.getItem(KEY);
/** @param {string} key */
export const setKey = (key) => sessionStorage.setItem(KEY, key);
export const clearKey = () => sessionStorage.removeItem(KEY);

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/**
 * GET a /v1 path with the key as a bearer token; throws ApiError on a non-2xx answer.
 * @param {string} path
 * @param {'json' | 'text'} [as]
 * @returns {Promise<unknown>}
 */
export async function get(path, as = 'json') {
  const key = getKey();
  const res = await fetch(path, { headers: { authorization: `Bearer ${key ?? ''}` }, cache: 'no-store' });
  if (!res.ok) {
    const body = errorSchema.safeParse(await res.json().catch(() => null));
    throw new ApiError(
      res.status,
      body.success ? body.data.error.code : 'HTTP',
      body.success ? body.data.error.message : `HTTP ${res.status}`,
    );
  }
  return as === 'json' ? res.json() : res.text();
}

export const progressSchema = z.object({
  nodes_total: z.number(),
  nodes_visited: z.number(),
  current_node: z.nullable(z.string()),
  path_taken: z.array(z.string()),
});

export const runSchema = z.object({
  id: z.string(),
  status: z.string(),
  blueprint_id: z.string(),
  /** With `?expand=blueprint`: the pinned version, whose definition has the interview's name. */
  blueprint: z.optional(z.nullable(z.looseObject({ definition: z.looseObject({ name: z.string() }) }))),
  participant: z.looseObject({ name: z.string() }),
  created_at: z.string(),
  progress: progressSchema,
});
/** @typedef {z.infer<typeof runSchema>} Run */

export const runListSchema = z.object({
  data: z.array(runSchema),
  has_more: z.boolean(),
  next_cursor: z.optional(z.nullable(z.string())),
});

export const entrySchema = z.object({
  id: z.string(),
  role: z.string(),
  content: z.string(),
  node_id: z.optional(z.nullable(z.string())),
  turn_number: z.optional(z.number()),
  offset_ms: z.optional(z.number()),
});
/** @typedef {z.infer<typeof entrySchema>} Entry */

export const transcriptSchema = z.object({ entries: z.array(entrySchema) });

const fieldValue = z.unknown();
export const capturedSchema = z.object({
  current_node: z.nullable(z.string()),
  path_taken: z.array(z.string()),
  answers: z.array(
    z.object({
      node_id: z.string(),
      key: z.string(),
      status: z.string(),
      value: z.optional(fieldValue),
      fields: z.record(z.string(), fieldValue),
      follow_ups: z.number(),
      summary: z.optional(z.string()),
    }),
  ),
  follow_ups: z.array(
    z.object({
      node_id: z.string(),
      key: z.string(),
      technique: z.string(),
      reason: z.string(),
      index: z.number(),
    }),
  ),
});
/** @typedef {z.infer<typeof capturedSchema>} Captured */

export const responsesSchema = z.object({
  status: z.string(),
  items: z.array(
    z.object({
      node_id: z.string(),
      question_key: z.string(),
      question_text: z.string(),
      status: z.string(),
      answer: z.nullable(z.object({ summary: z.string(), verbatim: z.string() })),
      value: z.nullable(fieldValue),
      captured_fields: z.record(z.string(), fieldValue),
      follow_ups_asked: z.number(),
    }),
  ),
  completion_rate: z.number(),
});
/** @typedef {z.infer<typeof responsesSchema>} ResponsesDto */

export const analysisSchema = z.object({
  status: z.string(),
  results: z.nullable(
    z.object({
      summary: z.object({ content: z.string() }),
      themes: z.array(z.object({ label: z.string(), evidence: z.array(z.string()) })),
      sentiment: z.object({
        overall: z.string(),
        by_question: z.array(z.object({ question_key: z.string(), sentiment: z.string() })),
      }),
      quotes: z.array(z.object({ quote: z.string(), context: z.string(), transcript_entry_id: z.string() })),
    }),
  ),
  error: z.optional(z.nullable(z.string())),
});
/** @typedef {z.infer<typeof analysisSchema>} AnalysisDto */

export const audioSchema = z.object({ url: z.string(), expires_at: z.string() });
