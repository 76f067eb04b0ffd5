import { z } from 'zod';
import {
  techniqueSchema,
  type AnswerNode,
  type CaptureField,
  type Technique,
} from '../../blueprint/schema.js';
import type { ConsentNodeLike } from './context.js';

/**
 * The structured output of the assessment call, built per node so that the model can only return
 * values the node accepts: the typed answer (boolean / one of the options / a number on the scale), the
 * capture fields by name and type, and a probe whose technique is one of the allowed ones. Keys a node
 * does not need are left out. Every key is required and nullable instead of optional, as OpenAI's
 * strict structured outputs require; the same zod schema validates the answer. `kind` and
 * `acknowledgement` come first: the call streams, and the acknowledgement is spoken as soon as it is read.
 */
export const MODEL_KINDS = [
  'answer',
  'refusal',
  'skip',
  'dont_know',
  'repeat',
  'end',
  'off_topic',
  'clarification_question',
  'unclear',
] as const;

export interface OutputSpec {
  node: AnswerNode | ConsentNodeLike;
  /** Techniques the model may pick; empty (or `canProbe` false) removes the probe key. */
  techniques: readonly Technique[];
  canProbe: boolean;
  hasSensitiveTopics: boolean;
}

function fieldSchema(field: CaptureField): z.ZodType {
  const d = field.description;
  switch (field.type) {
    case 'boolean':
      return z
        .boolean()
        .nullable()
        .describe(d ?? 'true/false as stated');
    case 'number': {
      const range = [
        field.min !== undefined ? `min ${field.min}` : '',
        field.max !== undefined ? `max ${field.max}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return z
        .number()
        .nullable()
        .describe([d, range].filter(Boolean).join(' — ') || 'a number as stated');
    }
    case 'string':
      return z
        .string()
        .nullable()
        .describe(d ?? 'as stated');
    case 'enum':
      return z
        .enum(field.options as [string, ...string[]])
        .nullable()
        .describe(d ?? 'one of the options');
  }
}

function valueSchema(node: AnswerNode | ConsentNodeLike): z.ZodType | undefined {
  switch (node.type) {
    case 'yes_no':
      return z.boolean().nullable().describe('true for yes, false for no, null when not a clear yes or no');
    case 'consent':
      return z
        .boolean()
        .nullable()
        .describe('true when the participant clearly agrees, false when they refuse, null otherwise');
    case 'choice': {
      const options = z.enum(node.options as [string, ...string[]]);
      return node.multiple
        ? z.array(options).nullable().describe('every option the participant chose, or null')
        : options.nullable().describe('the option the participant chose, or null when unclear');
    }
    case 'rating':
      return z
        .number()
        .min(node.scale.min)
        .max(node.scale.max)
        .nullable()
        .describe(`the rating on the ${node.scale.min}–${node.scale.max} scale, or null when unclear`);
    case 'question':
      return undefined;
  }
}

export function assessmentOutputSchema(spec: OutputSpec): z.ZodObject {
  const shape: Record<string, z.ZodType> = {
    kind: z.enum(MODEL_KINDS).describe('What the participant did in this utterance'),
    // Second, so that it can be spoken while the rest of the output is still streaming.
    acknowledgement: z
      .string()
      .nullable()
      .describe(
        'A brief neutral acknowledgement said at once, before whatever comes next (max 8 words), or null',
      ),
    objective_met: z
      .boolean()
      .describe("Whether everything said at this question so far meets the question's objective"),
  };
  const value = valueSchema(spec.node);
  if (value !== undefined) shape['value'] = value;
  const capture = 'capture' in spec.node ? spec.node.capture : {};
  const names = Object.keys(capture);
  if (names.length > 0) {
    const fields: Record<string, z.ZodType> = {};
    for (const name of names) {
      const f = capture[name];
      if (f !== undefined) fields[name] = fieldSchema(f);
    }
    shape['fields'] = z
      .strictObject(fields)
      .describe('Structured facts the participant stated; null when not stated');
  }
  if (spec.canProbe && spec.techniques.length > 0) {
    shape['probe'] = z
      .strictObject({
        technique: z.enum(spec.techniques as [Technique, ...Technique[]]),
        reason: z.string().describe('Why this follow-up is worth asking (for the interview log)'),
        question: z.string().describe('The follow-up question exactly as the interviewer will say it'),
      })
      .nullable()
      .describe('A follow-up worth asking now, or null');
  }
  if (spec.hasSensitiveTopics) {
    shape['sensitive_topic'] = z
      .string()
      .nullable()
      .describe('The sensitive topic the participant touched on, or null');
  }
  shape['summary'] = z.string().describe('One-sentence neutral summary of the answer');
  shape['reply'] = z
    .string()
    .nullable()
    .describe(
      'For clarification_question: a short clarification of the question; for off_topic: a polite redirect; else null',
    );
  return z.strictObject(shape);
}

/**
 * The keys every node's output schema shares, loosely typed where they depend on the node: the node's own
 * schema checks the output first, this one gives it its static type.
 */
export const assessmentShapeSchema = z.object({
  kind: z.enum(MODEL_KINDS),
  objective_met: z.boolean(),
  value: z.unknown().optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
  probe: z
    .object({ technique: techniqueSchema, reason: z.string(), question: z.string() })
    .nullable()
    .optional(),
  sensitive_topic: z.string().nullable().optional(),
  summary: z.string(),
  acknowledgement: z.string().nullable(),
  reply: z.string().nullable(),
});
export type AssessmentOutput = z.infer<typeof assessmentShapeSchema>;

/** JSON Schema for a provider (no `$schema` key; providers reject or ignore it). */
export function toProviderJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema) as Record<string, unknown>;
  delete json['$schema'];
  return json;
}
