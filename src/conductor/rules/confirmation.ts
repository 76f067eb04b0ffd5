import type { EngineState } from '../../engine/types.js';
import { plain } from './text.js';
import { parseYesNo } from './yes-no.js';

/**
 * The participant's reply to "Just so I have this right: … — correct?". Only a clear confirmation
 * confirms; a correction, a "no" or anything unclear is a denial, and the engine asks the question
 * again (a misread decisive answer is worse than one more question).
 */

const CONFIRM =
  /^(yes|yeah|yep|yup|correct|right|exactly|that'?s (right|correct|it)|you got it|spot on|indeed|absolutely|precisely|affirmative|true|that is (right|correct))\b/;
const DENY =
  /\b(not (right|correct|quite)|wrong|incorrect|that'?s not|no,? (that|i|it|actually|wait)|actually|i meant|i mean|mis(understood|heard)|hold on|wait)\b/;

export function hasPendingConfirmation(state: EngineState): boolean {
  return state.pending_confirmation !== undefined;
}

export function parseConfirmation(utterance: string): { confirmed: boolean; detail: string } {
  const text = plain(utterance);
  if (DENY.test(text)) return { confirmed: false, detail: 'confirmation: corrected' };
  if (CONFIRM.test(text)) return { confirmed: true, detail: 'confirmation: confirmed' };
  const yn = parseYesNo(utterance);
  if (yn.type === 'yes') return { confirmed: true, detail: 'confirmation: yes' };
  return { confirmed: false, detail: yn.type === 'no' ? 'confirmation: no' : 'confirmation: unclear' };
}
