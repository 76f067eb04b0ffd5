import { z } from 'zod';
import type { Blueprint } from '../../blueprint/schema.js';
import { DEFAULT_TEXTS } from '../../engine/texts.js';
import { progressSchema, type Progress } from '../../engine/types.js';
import { OPEN_STATUSES, isStatusIn } from '../api/run-status.js';
import type { RunRow } from '../repos/runs.js';

/** Whether a join link can be used now, or which message its page shows instead. */
export const joinPhaseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open') }),
  z.object({
    type: z.literal('closed'),
    reason: z.enum(['expired', 'cancelled', 'completed', 'failed', 'scheduled', 'invalid']),
    title: z.string(),
    message: z.string(),
  }),
]);
export type JoinPhase = z.infer<typeof joinPhaseSchema>;
export type ClosedPhase = Extract<JoinPhase, { type: 'closed' }>;
export type ClosedReason = ClosedPhase['reason'];

export function closedPhase(reason: ClosedReason, opensAt?: Date | null): ClosedPhase {
  switch (reason) {
    case 'expired':
      return {
        type: 'closed',
        reason,
        title: 'This interview link has expired',
        message:
          'The time to take part in this interview has passed. Please ask the person who invited you for a new link.',
      };
    case 'cancelled':
      return {
        type: 'closed',
        reason,
        title: 'This interview was cancelled',
        message:
          'The organiser cancelled this interview, so there is nothing to join. Thank you for your time.',
      };
    case 'completed':
      return {
        type: 'closed',
        reason,
        title: 'This interview is complete',
        message: 'Thank you for taking part. Your answers have been recorded; you can close this page.',
      };
    case 'failed':
      return {
        type: 'closed',
        reason,
        title: 'This interview has ended',
        message:
          'The interview ended early and cannot be joined again. Please contact the person who invited you.',
      };
    case 'scheduled':
      return {
        type: 'closed',
        reason,
        title: 'This interview has not opened yet',
        message: opensAt
          ? `It opens at ${opensAt.toUTCString()}. Please come back then.`
          : 'Please come back at the scheduled time.',
      };
    case 'invalid':
      return {
        type: 'closed',
        reason,
        title: 'This link is not valid',
        message: 'Please check that you opened the whole link from your invitation.',
      };
  }
}

export function joinPhase(run: RunRow, linkExpiresAtS: number, now: number): JoinPhase {
  const expired = linkExpiresAtS * 1000 <= now || (run.expiresAt !== null && run.expiresAt.getTime() <= now);
  switch (run.status) {
    case 'completed':
    case 'processing':
      return closedPhase('completed');
    case 'cancelled':
      return closedPhase('cancelled');
    case 'expired':
      return closedPhase('expired');
    case 'failed':
      return closedPhase('failed');
    case 'scheduled':
      if (run.scheduledAt !== null && run.scheduledAt.getTime() > now) {
        return closedPhase('scheduled', run.scheduledAt);
      }
      break;
    default:
      break;
  }
  // A run already in conversation may be resumed after its expiry (the worker allows it too).
  const inSession = run.status === 'active' || run.status === 'awaiting_consent';
  if (expired && !inSession) return closedPhase('expired');
  if (!isStatusIn(run.status, OPEN_STATUSES)) return closedPhase('invalid');
  return { type: 'open' };
}

export const joinProgressSchema = z.object({
  status: z.string(),
  questions_total: z.number().int().min(0),
  questions_answered: z.number().int().min(0),
  current_node: z.string().nullable(),
});
export type JoinProgress = z.infer<typeof joinProgressSchema>;

/** Questions answered / total: the engine's progress (src/engine/progress.ts), as the API shows it. */
export function joinProgress(status: string, progress: Progress): JoinProgress {
  return {
    status,
    questions_total: progress.nodes_total,
    questions_answered: progress.nodes_answered,
    current_node: progress.current_node,
  };
}

export const joinInfoSchema = joinProgressSchema.extend({
  title: z.string(),
  participant_name: z.string(),
  estimated_duration_m: z.number(),
  language: z.string(),
  /** What the participant agrees to when the blueprint asks for consent; null otherwise. */
  consent_text: z.string().nullable(),
  phase: joinPhaseSchema,
});
export type JoinInfo = z.infer<typeof joinInfoSchema>;

export function joinInfo(run: RunRow, blueprint: Blueprint, phase: JoinPhase): JoinInfo {
  const consentNode = Object.values(blueprint.graph.nodes).find((n) => n.type === 'consent');
  const consent = blueprint.settings.consent
    ? DEFAULT_TEXTS.consent_request
    : consentNode && 'text' in consentNode && typeof consentNode.text === 'string'
      ? consentNode.text
      : null;
  return {
    ...joinProgress(run.status, progressSchema.parse(run.progress)),
    title: blueprint.name,
    participant_name: run.participantName,
    estimated_duration_m: blueprint.settings.estimated_duration_m,
    language: blueprint.settings.language,
    consent_text: consent,
    phase,
  };
}
