import { z } from 'zod';
import { fieldValueSchema, probeSchema } from '../../../src/engine/types.js';
import { sentimentLabelSchema } from '../../../src/analysis/types.js';
import { scorecardSchema } from '../../../src/blueprint/schema.js';

/**
 * The analysis corpus: YAML files under `cases/`, one per blueprint, each `{blueprint, cases: [...]}`.
 * A case is one whole interview: the participant's answers in the order the engine asks for them (the
 * real engine routes and probes, as in `parley walk`), plus what a human reader labelled — the sentiment
 * of each answered question, the themes they would name, and, for paired candidates, which one is
 * stronger.
 */

export const STYLES = [
  'cooperative',
  'terse',
  'rambling',
  'hostile',
  'mixed_feelings',
  'strong_candidate',
  'weak_candidate',
] as const;
/** Further styles of the holdout set (test/bench/analysis/holdout), written to probe context. */
export const HOLDOUT_STYLES = ['sarcasm', 'terse_negative', 'rating_contradicts', 'off_topic'] as const;
/** Further styles of the second holdout (test/bench/analysis/holdout2). */
export const HOLDOUT2_STYLES = ['polite_negative', 'enthusiastic'] as const;
export const styleSchema = z.enum([...STYLES, ...HOLDOUT_STYLES, ...HOLDOUT2_STYLES]);
export type Style = z.infer<typeof styleSchema>;

const identifier = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/);

/** One participant turn, fed to the engine as the assessment a good conductor would make. */
export const caseAnswerSchema = z
  .strictObject({
    /** The question key the engine must be asking (checked). */
    key: identifier,
    /** The agent's follow-up as spoken, when this turn answers a follow-up. */
    asked: z.string().min(1).optional(),
    /** What the participant said. */
    text: z.string().min(1),
    /** Set when the turn declines (the engine records a decline); `text` is what was said. */
    decline: z.enum(['refused', 'skip', 'dont_know']).optional(),
    value: fieldValueSchema.optional(),
    fields: z.record(z.string(), fieldValueSchema).default({}),
    objective_met: z.boolean().default(true),
    /** The follow-up the conductor asks after this turn. */
    probe: probeSchema.optional(),
  })
  .refine((a) => a.decline === undefined || a.probe === undefined, {
    message: 'a declined turn is not probed',
  });
export type CaseAnswer = z.infer<typeof caseAnswerSchema>;

/** A theme a human names, with the words that identify it in a theme label (any one suffices). */
export const themeLabelSchema = z.strictObject({
  name: z.string().min(1),
  /** Lower-case words or short phrases; a label matches one when it contains all of its words. */
  match: z.array(z.string().min(1)).min(1),
});
export type ThemeLabel = z.infer<typeof themeLabelSchema>;

export const caseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  style: styleSchema,
  participant: z.strictObject({ name: z.string().min(1) }),
  vars: z.record(z.string(), z.string()).default({}),
  consent: z.boolean().default(true),
  answers: z.array(caseAnswerSchema).min(1),
  labels: z.strictObject({
    /** The sentiment of the whole interview a reader would give (holdout cases carry it). */
    overall: sentimentLabelSchema.optional(),
    /** The sentiment of each answered question a reader would give, by question key. */
    sentiment: z.record(z.string(), sentimentLabelSchema),
    /** The themes a reader would name (recall is measured against these). */
    themes: z.array(themeLabelSchema).min(1),
    /** Further labels a reader accepts as a theme without naming it (precision counts them). */
    also_accept: z.array(z.string().min(1)).default([]),
    /**
     * Spans a reader would insist the analysis quotes (verbatim substrings of one answer, checked):
     * recalled when some quote contains the span.
     */
    must_quote: z.array(z.string().min(1)).default([]),
  }),
  /** Paired candidates: the case with rank `stronger` must get the higher overall scorecard score. */
  pair: z.strictObject({ group: z.string().min(1), rank: z.enum(['stronger', 'weaker']) }).optional(),
});
export type AnalysisCase = z.infer<typeof caseSchema>;

export const caseFileSchema = z.strictObject({
  blueprint: z.string().min(1),
  /** The blueprint file, relative to the repository root. */
  file: z.string().min(1),
  /**
   * A scorecard the bench adds to a blueprint that ships without one, so that paired candidates of
   * other interview kinds are scored too (same shape as the blueprint's `scorecard`).
   */
  scorecard: scorecardSchema.optional(),
  cases: z.array(z.unknown()).min(1),
});
export type CaseFile = z.infer<typeof caseFileSchema>;
