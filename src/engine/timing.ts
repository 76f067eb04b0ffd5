import type { Blueprint } from '../blueprint/schema.js';
import type { EngineState } from './types.js';

/**
 * Time rules. `max = settings.max_duration_m`, measured from `started_at` (the first session), so time
 * spent disconnected counts. Wrap-up starts `wrapUpMarginMs(max)` before the limit: the smaller of
 * 2 minutes and 15 % of the maximum (a 30-minute interview wraps up at 28:00, a 5-minute one at 4:15).
 */
export const WRAP_UP_MARGIN_MAX_MS = 2 * 60_000;
export const WRAP_UP_MARGIN_FRACTION = 0.15;

export function maxDurationMs(bp: Blueprint): number {
  return bp.settings.max_duration_m * 60_000;
}

export function wrapUpMarginMs(maxMs: number): number {
  return Math.min(WRAP_UP_MARGIN_MAX_MS, WRAP_UP_MARGIN_FRACTION * maxMs);
}

export function elapsedMs(state: EngineState, now: number): number {
  return state.started_at === null ? 0 : Math.max(0, now - state.started_at);
}

export type TimePhase = 'ok' | 'wrap_up' | 'over';

export function timePhase(bp: Blueprint, state: EngineState, now: number): TimePhase {
  if (state.started_at === null) return 'ok';
  const max = maxDurationMs(bp);
  const elapsed = elapsedMs(state, now);
  if (elapsed >= max) return 'over';
  if (elapsed >= max - wrapUpMarginMs(max)) return 'wrap_up';
  return 'ok';
}
