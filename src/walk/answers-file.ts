import { z } from 'zod';
import { loadDataFile, parseDataSource, type ContentIssue, type DataFileSpec } from '../files/load.js';
import { fieldValueSchema, participantSchema, probeSchema } from '../engine/types.js';

/**
 * The scripted-answers file of `parley walk`:
 *
 *   participant: { name: Dana }
 *   vars: { competitor: Acme }
 *   consent: true                 # the answer to a consent request (default true)
 *   limits: { max_follow_ups_per_question: 1 }   # optional agent limits
 *   answers:                      # a list, consumed in order ...
 *     - key: current_role         # optional: assert the agent is asking this key
 *       text: "I run procurement."
 *       fields: { seniority: director }
 *       value: true
 *       objective_met: true       # default true
 *       probe: { technique: example, reason: vague }
 *     - decline: skip             # refused | skip | dont_know
 *     - "A plain string is short for {text: ...}"
 *
 * or `answers` is a mapping from question key to one answer or a list of answers: each time the agent
 * asks (or follows up on) that key, the next unused answer for it is taken.
 */

const identifier = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must be a question key');

export const walkAnswerSchema = z
  .strictObject({
    key: identifier.optional(),
    text: z.string().max(100_000).optional(),
    decline: z.enum(['refused', 'skip', 'dont_know']).optional(),
    fields: z.record(z.string(), fieldValueSchema).default({}),
    value: fieldValueSchema.optional(),
    objective_met: z.boolean().default(true),
    probe: probeSchema.nullable().optional(),
    summary: z.string().max(2000).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.decline === undefined && a.text === undefined) {
      ctx.addIssue({ code: 'custom', message: 'an answer needs `text` or `decline`' });
    }
    if (a.decline !== undefined && a.text !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'an answer has either `text` or `decline`, not both' });
    }
  });
export type WalkAnswer = z.output<typeof walkAnswerSchema>;

const answerEntry = z.preprocess((v) => (typeof v === 'string' ? { text: v } : v), walkAnswerSchema);

const scalarVar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

const walkHeaderSchema = z.strictObject({
  participant: z.strictObject(participantSchema.shape).default({}),
  vars: z.record(z.string(), scalarVar).default({}),
  consent: z.boolean().default(true),
  limits: z
    .strictObject({
      max_follow_ups_per_question: z.number().int().min(0).max(10).optional(),
      max_silence_prompts: z.number().int().min(0).max(5).optional(),
    })
    .optional(),
  /** The path the script is written to take; `parley walk` exits 1 when the walk differs. */
  expect_path: z.array(identifier).min(1).optional(),
  answers: z.unknown().optional(),
});

export interface WalkScript {
  participant: z.output<typeof participantSchema>;
  vars: Record<string, string>;
  consent: boolean;
  limits?: { max_follow_ups_per_question?: number; max_silence_prompts?: number };
  /** In order (list form) or by question key (mapping form). */
  answers: WalkAnswer[] | Record<string, WalkAnswer[]>;
  expect_path?: string[];
}

export interface AnswersIssue {
  path: (string | number)[];
  message: string;
  /** For unknown keys: the offending key, so the position can point at it. */
  key?: string;
}

function collect(error: z.ZodError, prefix: (string | number)[], out: AnswersIssue[]): void {
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path, message: `unknown key "${key}"`, key });
    } else {
      out.push({ path, message: issue.message });
    }
  }
}

/** Validate an already-parsed answers document. Throws nothing; returns the script or the issues. */
export function parseWalkScript(data: unknown): { script: WalkScript } | { issues: AnswersIssue[] } {
  const issues: AnswersIssue[] = [];
  const header = walkHeaderSchema.safeParse(data ?? {});
  const raw: unknown = header.success ? header.data.answers : (data as { answers?: unknown } | null)?.answers;
  if (!header.success) collect(header.error, [], issues);
  if (raw === undefined) {
    issues.push({
      path: [],
      message: 'answers is required: a list of answers, or a mapping from question key',
    });
  }
  if (!header.success || raw === undefined) return { issues };
  let answers: WalkScript['answers'] = [];
  if (raw === null) {
    answers = [];
  } else if (Array.isArray(raw)) {
    const parsed = z.array(answerEntry).safeParse(raw);
    if (parsed.success) answers = parsed.data;
    else collect(parsed.error, ['answers'], issues);
  } else if (typeof raw === 'object') {
    const byKey: Record<string, WalkAnswer[]> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (!identifier.safeParse(key).success) {
        issues.push({ path: ['answers'], message: `"${key}" is not a question key`, key });
        continue;
      }
      const parsed = Array.isArray(value)
        ? z.array(answerEntry).safeParse(value)
        : answerEntry.safeParse(value);
      if (!parsed.success) {
        collect(parsed.error, ['answers', key], issues);
        continue;
      }
      const list = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
      for (const [i, answer] of list.entries()) {
        if (answer.key !== undefined && answer.key !== key) {
          issues.push({
            path: Array.isArray(value) ? ['answers', key, i, 'key'] : ['answers', key, 'key'],
            message: `key "${answer.key}" differs from the mapping key "${key}"`,
          });
        }
      }
      byKey[key] = list;
    }
    answers = byKey;
  } else {
    issues.push({ path: ['answers'], message: 'answers must be a list or a mapping from question key' });
  }
  if (issues.length > 0) return { issues };
  const script: WalkScript = {
    participant: header.data.participant,
    vars: header.data.vars,
    consent: header.data.consent,
    answers,
  };
  if (header.data.expect_path !== undefined) script.expect_path = header.data.expect_path;
  if (header.data.limits !== undefined) {
    const limits: NonNullable<WalkScript['limits']> = {};
    if (header.data.limits.max_follow_ups_per_question !== undefined)
      limits.max_follow_ups_per_question = header.data.limits.max_follow_ups_per_question;
    if (header.data.limits.max_silence_prompts !== undefined)
      limits.max_silence_prompts = header.data.limits.max_silence_prompts;
    script.limits = limits;
  }
  return { script };
}

export const MAX_ANSWERS_FILE_BYTES = 1_000_000;

export const walkAnswersFile: DataFileSpec<WalkScript> = {
  name: 'answers file',
  invalidCode: 'INVALID_ANSWERS',
  maxBytes: MAX_ANSWERS_FILE_BYTES,
  validate: (data) => {
    const result = parseWalkScript(data);
    return 'script' in result
      ? { ok: true, value: result.script }
      : { ok: false, issues: result.issues satisfies ContentIssue[] };
  },
};

/** Parse answers-file text (src/files: YAML_SYNTAX / INVALID_ANSWERS at file:line:col, problems in details). */
export function parseWalkScriptText(source: string, file: string): WalkScript {
  return parseDataSource(walkAnswersFile, source, file);
}

export function loadWalkScript(file: string): Promise<WalkScript> {
  return loadDataFile(walkAnswersFile, file);
}
