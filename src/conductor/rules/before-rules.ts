import type { Agent } from '../../agent/schema.js';
import type { EngineEvent } from '../../engine/types.js';
import type { InterpretInput, Interpretation, InterpretationKind, InterpretationNotes } from '../types.js';
import { hasPendingConfirmation, parseConfirmation } from './confirmation.js';
import { consentClarification, readConsent } from './consent.js';
import { answerQuestionBack } from './faq.js';

/**
 * Interpretation that comes before the answer rules, shared by the offline and the LLM conductor
 * (both call `interpretBeforeRules` first and use its result when it returns one):
 *   1. a pending confirmation of a decisive route → the `confirmation` event (confirmation.ts);
 *   2. the consent request → given only by an unambiguous yes (consent.ts);
 *   3. a question back to the interviewer → answered from settings.faq / the blueprint / the agent, then
 *      the pending question is asked again (faq.ts); never recorded as an answer.
 */
export function interpretBeforeRules(
  agent: Agent,
  input: InterpretInput,
  source: InterpretationNotes['source'] = 'offline',
): Interpretation | undefined {
  const { state } = input;
  const utterance = input.utterance.trim();
  const notes = (detail: string, extra: Partial<InterpretationNotes> = {}): InterpretationNotes => ({
    source,
    objective_met: null,
    fields: {},
    probe: null,
    sensitive_topic: null,
    model_calls: 0,
    detail,
    ...extra,
  });
  const out = (
    kind: InterpretationKind,
    events: EngineEvent[],
    n: InterpretationNotes,
    reply?: string,
  ): Interpretation => ({
    kind,
    events,
    notes: n,
    wording: reply !== undefined ? { reply } : {},
  });

  if (utterance !== '' && hasPendingConfirmation(state)) {
    const back = answerQuestionBack(agent, input.blueprint, utterance);
    if (back !== undefined)
      return out(
        'clarification_question',
        [{ type: 'repeat_requested', reason: 'clarify' }],
        notes(`question back: ${back.topic}`),
        back.reply,
      );
    const c = parseConfirmation(utterance);
    return out(
      'answer',
      [{ type: 'confirmation', confirmed: c.confirmed, turn: input.turn }],
      notes(c.detail, { value: c.confirmed }),
    );
  }

  if (state.status === 'awaiting_consent' && utterance !== '') {
    const reading = readConsent(utterance);
    switch (reading.type) {
      case 'given':
        return out(
          'answer',
          [{ type: 'consent', given: true }],
          notes('consent: clear yes', { value: true }),
        );
      case 'refused':
        return out('refusal', [{ type: 'consent', given: false }], notes('consent: no', { value: false }));
      case 'clarify': {
        const back =
          reading.why === 'question' ? answerQuestionBack(agent, input.blueprint, utterance) : undefined;
        // A condition or reluctance is not consent and not a question: an unclear reply, explained
        // and asked again.
        return out(
          reading.why === 'question' ? 'clarification_question' : 'unclear',
          [{ type: 'repeat_requested', reason: 'clarify' }],
          notes(`consent: ${reading.why}`, { confidence: 0.5 }),
          consentClarification(reading.why, back?.reply),
        );
      }
      case 'unclear':
        return out(
          'unclear',
          [{ type: 'repeat_requested', reason: 'unclear' }],
          notes('consent: ambiguous, needs a clear yes', { confidence: 0.3 }),
          consentClarification('unclear'),
        );
    }
  }

  if (utterance !== '' && (state.status === 'active' || state.status === 'wrapping_up')) {
    const back = answerQuestionBack(agent, input.blueprint, utterance);
    if (back !== undefined)
      return out(
        'clarification_question',
        [{ type: 'repeat_requested', reason: 'clarify' }],
        notes(`question back: ${back.topic}`),
        `${back.reply} Now, back to my question:`,
      );
  }
  return undefined;
}
