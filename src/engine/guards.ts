import type { AnswerNode, LoopGuards } from '../blueprint/schema.js';
import { DEFAULT_LOOP_GUARDS } from '../blueprint/schema.js';
import type { Ctx } from './context.js';
import { nodeById } from './context.js';
import type { LoopReason } from './types.js';

/**
 * Loop guards. Each `repeat_requested` at a node visit (or at the pending consent) counts against its
 * reason's cap: settings.loop_guards, overridden per node by the node's `loop_guards` (default 3 each).
 * While a reason is under its cap the prompt is said again (`attempt` grows, so the conductor words each
 * re-ask differently); the turn that exceeds it declines the question (answer nodes) or ends the
 * interview as consent not given (consent). The consent's `unclear` cap is 1: ambiguity twice ends it.
 * Counters reset when a node is entered.
 */

export const CONSENT_UNCLEAR_CAP = 1;

export function capsFor(ctx: Ctx): LoopGuards {
  const base = { ...DEFAULT_LOOP_GUARDS, ...(ctx.bp.settings.loop_guards ?? {}) };
  const node = nodeById(ctx, ctx.s.current_node);
  if (ctx.s.status === 'awaiting_consent')
    return { ...base, unclear: Math.min(base.unclear, CONSENT_UNCLEAR_CAP) };
  if (node === undefined || !('loop_guards' in node) || node.loop_guards === undefined) return base;
  const own = (node as AnswerNode).loop_guards ?? {};
  return {
    repeat: own.repeat ?? base.repeat,
    clarify: own.clarify ?? base.clarify,
    unclear: own.unclear ?? base.unclear,
    off_topic: own.off_topic ?? base.off_topic,
  };
}

/** Count one re-prompt for `reason`. Returns false when the cap is already used up (give up instead). */
export function countReprompt(ctx: Ctx, reason: LoopReason): boolean {
  const counts = { ...(ctx.s.current_guards ?? {}) };
  const used = counts[reason] ?? 0;
  if (used >= capsFor(ctx)[reason]) return false;
  counts[reason] = used + 1;
  ctx.s.current_guards = counts;
  return true;
}

/** Re-prompts so far at this visit, all reasons together (the `attempt` of the next re-ask). */
export function repromptsSoFar(ctx: Ctx): number {
  const c = ctx.s.current_guards ?? {};
  return (c.repeat ?? 0) + (c.clarify ?? 0) + (c.unclear ?? 0) + (c.off_topic ?? 0);
}

export function guardDetail(ctx: Ctx, reason: LoopReason): string {
  const cap = capsFor(ctx)[reason];
  return `${reason.replace('_', '-')} limit reached (${cap} re-ask${cap === 1 ? '' : 's'})`;
}
