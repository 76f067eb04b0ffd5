import { z } from 'zod';
import { jsonValueSchema } from '../types.js';

/** What the payload builders are given: the run (and its analysis) as the store knows it, and the links. */

/** What the store knows about a run at event time (plain object; extra keys are ignored). */
export const runSummaryInputSchema = z.object({
  id: z.string().min(1),
  organization_id: z.string().min(1),
  status: z.string().min(1),
  blueprint_id: z.string().nullable().optional(),
  blueprint_version: z.number().int().nullable().optional(),
  agent_id: z.string().nullable().optional(),
  channel: z.string().nullable().optional(),
  test_mode: z.boolean().optional(),
  participant: z
    .object({
      external_id: z.string().nullable().optional(),
      name: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  metadata: z.record(z.string(), jsonValueSchema).nullable().optional(),
  previous_status: z.string().nullable().optional(),
  started_at: z.string().nullable().optional(),
  ended_at: z.string().nullable().optional(),
  completed_at: z.string().nullable().optional(),
  end_reason: z.string().nullable().optional(),
  failure_reason: z.string().nullable().optional(),
  audio_url: z.string().nullable().optional(),
  transcript_id: z.string().nullable().optional(),
  responses_id: z.string().nullable().optional(),
  analysis_id: z.string().nullable().optional(),
});
export type RunSummaryInput = z.input<typeof runSummaryInputSchema>;

export const analysisSummaryInputSchema = z.object({
  model: z.string().nullable().optional(),
  generated_at: z.string().nullable().optional(),
  summary: z.string().nullable().optional(),
  theme_count: z.number().int().nonnegative().optional(),
  quote_count: z.number().int().nonnegative().optional(),
});
export type AnalysisSummaryInput = z.input<typeof analysisSummaryInputSchema>;

export const runLinksSchema = z.object({
  run: z.string(),
  transcript: z.string(),
  responses: z.string(),
  analysis: z.string(),
});
export type RunLinks = z.infer<typeof runLinksSchema>;

/** API URLs of a run under `publicUrl` (e.g. PARLEY_PUBLIC_URL). */
export function runLinks(publicUrl: string, runId: string): RunLinks {
  const base = `${publicUrl.replace(/\/+$/, '')}/v1/interview-runs/${encodeURIComponent(runId)}`;
  return {
    run: base,
    transcript: `${base}/transcript`,
    responses: `${base}/responses`,
    analysis: `${base}/analysis`,
  };
}

export interface PayloadContext {
  /** Base URL of the store for links (PARLEY_PUBLIC_URL). */
  publicUrl: string;
  /** Event time (ms). */
  now: number;
}

export function participantOf(run: z.infer<typeof runSummaryInputSchema>): {
  external_id: string | null;
  name: string | null;
} | null {
  if (!run.participant) return null;
  return { external_id: run.participant.external_id ?? null, name: run.participant.name ?? null };
}
