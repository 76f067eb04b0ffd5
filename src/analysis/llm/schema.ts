import { z } from 'zod';
import type { Blueprint } from '../../blueprint/schema.js';
import { questionKeys } from '../prepare.js';
import { sentimentLabelSchema } from '../types.js';

/**
 * The structured-output schema the model must fill, generated per blueprint so that question and
 * criterion keys are enums. Derived numbers are not part of it: they are computed in finalize.ts.
 */

export const ANALYSIS_TOOL_NAME = 'record_interview_analysis';
export const ANALYSIS_SCHEMA_NAME = 'interview_analysis';

/** Longest quote the model may propose, in characters. */
const MAX_QUOTE_CHARS = 600;

function enumOrString(values: readonly string[]): z.ZodType<string> {
  const unique = [...new Set(values)];
  return unique.length === 0 ? z.string() : z.enum(unique as [string, ...string[]]);
}

/** What the model must return (zod). Derived fields are absent on purpose. */
export function llmOutputSchema(blueprint: Blueprint) {
  const base = z.object({
    summary: z.string().min(1).max(6000).describe('Executive summary of the interview, 3-6 sentences.'),
    themes: z
      .array(
        z.object({
          label: z.string().min(1).max(120).describe('Short noun phrase naming the theme.'),
          salience: z
            .number()
            .min(0)
            .max(1)
            .describe('Importance within this interview, 0..1 (top theme 1).'),
          evidence: z
            .array(z.string())
            .describe('Ids of participant transcript entries supporting the theme.'),
        }),
      )
      .max(12),
    sentiment: z.object({
      overall: sentimentLabelSchema,
      by_question: z.array(
        z.object({ question_key: enumOrString(questionKeys(blueprint)), sentiment: sentimentLabelSchema }),
      ),
    }),
    quotes: z
      .array(
        z.object({
          quote: z
            .string()
            .min(1)
            .max(MAX_QUOTE_CHARS)
            .describe('Exact, verbatim copy of consecutive words from one participant entry.'),
          transcript_entry_id: z.string().describe('Id of the participant entry the quote is copied from.'),
          context: z.string().max(500).describe('Why this quote is significant.'),
        }),
      )
      .max(10),
  });
  const criteria = blueprint.scorecard?.criteria ?? [];
  if (criteria.length === 0) return base;
  return base.extend({
    scorecard: z.object({
      criteria: z.array(
        z.object({
          key: enumOrString(criteria.map((c) => c.key)),
          score: z
            .number()
            .int()
            .min(1)
            .max(5)
            .nullable()
            .describe('1 (no evidence) .. 5 (strong evidence); null if the interview gives no basis.'),
          evidence: z.array(z.string()).describe('Ids of participant entries supporting the score.'),
          rationale: z.string().max(1000),
        }),
      ),
    }),
  });
}
export type LlmOutput = z.infer<ReturnType<typeof llmOutputSchema>> & {
  scorecard?: {
    criteria: Array<{ key: string; score: number | null; evidence: string[]; rationale: string }>;
  };
};

/** JSON Schema (draft 2020-12, strict-mode compatible: every property required, no extra properties). */
export function llmJsonSchema(blueprint: Blueprint): Record<string, unknown> {
  const schema = z.toJSONSchema(llmOutputSchema(blueprint), { target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  delete schema.$schema;
  return schema;
}
