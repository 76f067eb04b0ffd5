import type { EngineEvent } from '../../engine/types.js';

/** Consent by keypad while the interview awaits it: 1 gives consent, 2 declines, other keys are ignored. */
export function consentEventForDigit(digit: string): EngineEvent | null {
  if (digit === '1') return { type: 'consent', given: true };
  if (digit === '2') return { type: 'consent', given: false };
  return null;
}
