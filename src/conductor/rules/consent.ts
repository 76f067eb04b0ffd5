import { plain } from './text.js';
import { isQuestionBack } from './faq.js';
import { parseYesNo } from './yes-no.js';

/**
 * Consent is given only by an unambiguous yes. Reluctance, conditions and questions get the consent
 * explained and asked again (`clarify`); an ambiguous reply ("I guess", "maybe") is `unclear` — the
 * engine allows one such re-ask at the consent, so ambiguity twice ends the interview politely with
 * consent not given (as does silence twice). A clear no refuses.
 */

export type ConsentReading =
  | { type: 'given' }
  | { type: 'refused' }
  | { type: 'clarify'; why: 'question' | 'condition' | 'reluctance' }
  | { type: 'unclear' };

const HEDGE =
  /\b(i guess|i suppose|guess so|suppose so|i think so|probably|maybe|perhaps|kind of|sort of|kinda|sorta|if i have to|if i must|whatever|fine i guess|not sure|don'?t know|dunno|hmm+|uh+|um+)\b/;
const CONDITION =
  /\b(as long as|only if|provided|on condition|if you (don'?t|do not|won'?t)|but (not|don'?t|please|only|no)|except|without (the )?(record|video|audio|name)|so long as|depends)\b/;
const RELUCTANCE =
  /\b(not (really )?comfortable|uncomfortable|nervous|worried|hesitant|reluctant|uneasy|not keen|do i have to)\b/;

export function readConsent(utterance: string): ConsentReading {
  const text = plain(utterance);
  if (text === '') return { type: 'unclear' };
  if (CONDITION.test(text)) return { type: 'clarify', why: 'condition' };
  if (RELUCTANCE.test(text)) return { type: 'clarify', why: 'reluctance' };
  if (isQuestionBack(utterance)) return { type: 'clarify', why: 'question' };
  if (HEDGE.test(text)) return { type: 'unclear' };
  // "I don't love it, but yes, okay": after "but", the contrast is the answer.
  const contrast = / but (.+)$/.exec(text)?.[1];
  const after = contrast !== undefined ? parseYesNo(contrast) : undefined;
  const yn = after !== undefined && after.type !== 'unclear' ? after : parseYesNo(utterance);
  switch (yn.type) {
    case 'yes':
      return { type: 'given' };
    case 'no':
      return { type: 'refused' };
    case 'unclear':
      return { type: 'unclear' };
  }
}

/** What the agent says before asking for consent again. */
export function consentClarification(
  why: 'question' | 'condition' | 'reluctance' | 'unclear',
  answer?: string,
): string {
  const lead =
    answer ??
    (why === 'condition'
      ? "I understand. I can't change how the conversation is recorded, so it's fine to say no."
      : why === 'reluctance'
        ? "That's completely fine — taking part is voluntary, and you can stop at any time."
        : why === 'unclear'
          ? 'I can only go ahead with a clear yes, and a no is perfectly fine too.'
          : 'Good question.');
  return `${lead} To be clear:`;
}
