import { z } from 'zod';
import { blueprintSchema } from '../blueprint/schema.js';
import { responsesSchema } from './responses/types.js';

/**
 * Shapes of the analysis stage (finalize → responses → analysis). The store persists these objects as
 * they are and serves them from `GET /v1/interview-runs/:id/analysis`; the worker and the store produce
 * transcript entries in the shape of `transcriptEntrySchema`.
 */

export const transcriptRoleSchema = z.enum(['agent', 'participant']);
export type TranscriptRole = z.infer<typeof transcriptRoleSchema>;

export const transcriptEntryTypeSchema = z.enum([
  'utterance',
  'question',
  'follow_up',
  'statement',
  'system',
]);
export type TranscriptEntryType = z.infer<typeof transcriptEntryTypeSchema>;

export const transcriptEntrySchema = z.object({
  id: z.string().min(1),
  role: transcriptRoleSchema,
  content: z.string(),
  /** ISO 8601 time the turn started. */
  timestamp: z.string(),
  /** Milliseconds since the interview started (first session's start). */
  offset_ms: z.number().min(0),
  duration_ms: z.number().min(0),
  session_id: z.string(),
  node_id: z.string().nullable(),
  question_key: z.string().nullable(),
  entry_type: transcriptEntryTypeSchema,
  /** Speech-to-text confidence 0..1, null for agent turns or typed input. */
  confidence: z.number().min(0).max(1).nullable(),
  turn_number: z.number().int().min(0),
  /** The agent turn is a question still waiting for its answer (as the worker reported it). */
  is_pending_question: z.boolean().optional(),
  /** The worker's evaluation of the turn (assessment, captured values…), as it sent it. */
  evaluation: z.record(z.string(), z.unknown()).nullable().optional(),
  /** A link to this turn's audio, as the worker sent it. */
  audio_url: z.string().nullable().optional(),
});
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

export const analysisInputSchema = z.object({
  blueprint: blueprintSchema,
  transcript: z.array(transcriptEntrySchema),
  responses: responsesSchema.nullable(),
  participant_name: z.string().nullable(),
  /** BCP 47 language of the interview (the blueprint's `settings.language` unless overridden). */
  language: z.string().min(2).max(35),
});
export type AnalysisInput = z.infer<typeof analysisInputSchema>;

export const sentimentLabelSchema = z.enum(['positive', 'neutral', 'negative', 'mixed']);
export type SentimentLabel = z.infer<typeof sentimentLabelSchema>;

export const summarySectionSchema = z.object({
  /** The answered node this part of the summary is about. */
  node_id: z.string(),
  question_key: z.string(),
  /** One third-person sentence built from the answer's typed value, captured fields and key phrases. */
  text: z.string(),
  /** The participant entries it summarises, in transcript order. */
  entry_ids: z.array(z.string()),
});
export type SummarySection = z.infer<typeof summarySectionSchema>;

export const analysisSummarySchema = z.object({
  /** The sections' sentences in interview order, then the key points. */
  content: z.string(),
  word_count: z.number().int().min(0),
  /** Per answered question (offline analyzer; empty when the analyzer does not structure its summary). */
  sections: z.array(summarySectionSchema).default([]),
  /** Two to four key points ranked by salience (offline analyzer; may be empty). */
  key_points: z.array(z.string()).default([]),
});
export type AnalysisSummary = z.infer<typeof analysisSummarySchema>;

/** A verbatim sentence of one participant entry, cited as evidence (a theme's, a criterion's). */
export const evidenceQuoteSchema = z.object({
  quote: z.string().min(1),
  transcript_entry_id: z.string(),
  node_id: z.string().nullable(),
  timestamp_secs: z.number().min(0),
});
export type EvidenceQuote = z.infer<typeof evidenceQuoteSchema>;

export const themeSchema = z.object({
  label: z.string().min(1),
  /** Relative importance within this interview: the most salient theme is 1. */
  salience: z.number().min(0).max(1),
  evidence_count: z.number().int().min(0),
  /** Ids of the participant transcript entries that support the theme, in transcript order. */
  evidence: z.array(z.string()),
  /** A representative verbatim sentence that mentions the theme, or null when none was chosen. */
  quote: evidenceQuoteSchema.nullable().default(null),
});
export type Theme = z.infer<typeof themeSchema>;

/** Why a question got its sentiment label: polar words in an answer, or a rating on its scale. */
export const sentimentEvidenceSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('words'),
    transcript_entry_id: z.string(),
    /** The polar words as spoken (negators and intensifiers included), verbatim from the entry. */
    text: z.string(),
    /** Signed contribution (negation and intensity applied). */
    score: z.number(),
  }),
  z.object({
    type: z.literal('rating'),
    transcript_entry_id: z.string().nullable(),
    value: z.number(),
    scale: z.object({ min: z.number(), max: z.number() }),
    /** The label the scale gives the value (NPS bands for 0–10, thirds of the scale otherwise). */
    reading: sentimentLabelSchema,
  }),
]);
export type SentimentEvidence = z.infer<typeof sentimentEvidenceSchema>;

export const questionSentimentSchema = z.object({
  question_key: z.string(),
  sentiment: sentimentLabelSchema,
  /** The node answered (offline analyzer; null when unknown). */
  node_id: z.string().nullable().default(null),
  evidence: z.array(sentimentEvidenceSchema).default([]),
});
export type QuestionSentiment = z.infer<typeof questionSentimentSchema>;

export const sentimentSchema = z.object({
  overall: sentimentLabelSchema,
  by_question: z.array(questionSentimentSchema),
});
export type Sentiment = z.infer<typeof sentimentSchema>;

export const quoteSchema = z.object({
  /** Verbatim substring of one participant transcript entry. */
  quote: z.string().min(1),
  speaker: z.literal('participant'),
  /** The question that prompted the quote (offline) or why it matters (LLM). */
  context: z.string(),
  timestamp_secs: z.number().min(0),
  transcript_entry_id: z.string(),
  node_id: z.string().nullable(),
});
export type Quote = z.infer<typeof quoteSchema>;

export const scorecardCriterionResultSchema = z.object({
  key: z.string(),
  /** 1 (no evidence) .. 5 (strong evidence); null when the criterion's questions were never answered. */
  score: z.number().int().min(1).max(5).nullable(),
  weight: z.number().positive(),
  evidence: z.array(z.string()),
  rationale: z.string(),
  /** The verbatim sentence that carries the criterion's strongest evidence, or null when none. */
  quote: evidenceQuoteSchema.nullable().default(null),
});
export type ScorecardCriterionResult = z.infer<typeof scorecardCriterionResultSchema>;

export const scorecardResultSchema = z.object({
  criteria: z.array(scorecardCriterionResultSchema),
  /** Weighted mean of the non-null criterion scores (two decimals), null when none was scored. */
  overall: z.number().min(1).max(5).nullable(),
});
export type ScorecardResult = z.infer<typeof scorecardResultSchema>;

export const analyzerKindSchema = z.enum(['offline', 'openai', 'anthropic']);
export type AnalyzerKind = z.infer<typeof analyzerKindSchema>;

export const analysisMetadataSchema = z.object({
  /** Quotes proposed by the analyzer that were not verbatim from a participant turn. */
  dropped_quotes: z.number().int().min(0),
  /** The analyzer that produced this result (`offline` after a fallback). */
  analyzer: analyzerKindSchema,
  /** Extra requests made because of invalid model output (0 or 1). */
  retries: z.number().int().min(0),
  /** Set when an LLM analyzer was configured but its result could not be used. */
  fallback: z
    .object({
      from: z.enum(['openai', 'anthropic']),
      model: z.string(),
      /**
       * `unavailable`: the agent names a provider that has no API key here (detail starts with the stable
       * code ANALYZER_UNAVAILABLE) — the offline analyzer ran instead, and says so.
       */
      reason: z.enum(['invalid_output', 'provider_error', 'unavailable']),
      /** Short machine-oriented description (never transcript text). */
      detail: z.string(),
    })
    .nullable(),
});
export type AnalysisMetadata = z.infer<typeof analysisMetadataSchema>;

export const analysisResultSchema = z.object({
  summary: analysisSummarySchema,
  themes: z.array(themeSchema),
  sentiment: sentimentSchema,
  quotes: z.array(quoteSchema),
  /** Present (non-null) only when the blueprint declares a scorecard. */
  scorecard: scorecardResultSchema.nullable(),
  model: z.string(),
  /** ISO 8601. */
  generated_at: z.string(),
  metadata: analysisMetadataSchema,
});
export type AnalysisResult = z.infer<typeof analysisResultSchema>;
