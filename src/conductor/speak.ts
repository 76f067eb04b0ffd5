import type { Agent } from '../agent/schema.js';
import type { EngineAction } from '../engine/types.js';
import { lastAgentLine } from './history.js';
import {
  acknowledgement,
  answerHint,
  declineAck,
  followUpText,
  probeLead,
  redirect,
  REPEAT_LEAD,
  UNCLEAR_LEAD,
} from './rules/phrases.js';
import { answerTraits } from './rules/probe.js';
import { confirmationText } from './confirmation-text.js';
import { reaskLead } from './reask.js';
import type { SpeakInput } from './types.js';

/**
 * Planning one agent utterance from a batch of engine actions. Fixed texts (intro, statements, consent
 * request, outro, the question text) are spoken as written; only two kinds of segment may need words
 * that are not fixed: a follow-up question without prepared wording, and a reply to a clarification
 * question. The offline conductor fills them from templates, the LLM conductor streams them from the
 * generation model.
 */
export type Segment =
  | { type: 'text'; text: string }
  | { type: 'follow_up'; action: Extract<EngineAction, { type: 'follow_up' }> }
  | { type: 'clarify'; question: string };

type Spoken = Extract<EngineAction, { type: 'say' | 'ask' | 'follow_up' | 'ask_confirmation' }>;

function isSpoken(a: EngineAction): a is Spoken {
  switch (a.type) {
    case 'say':
    case 'ask':
    case 'follow_up':
    case 'ask_confirmation':
      return true;
    case 'record_response':
    case 'node_entered':
    case 'progress':
    case 'end':
      return false;
  }
}

export function planUtterance(agent: Agent, input: SpeakInput): Segment[] {
  const spoken = input.actions.filter(isSpoken);
  if (spoken.length === 0) return [];
  const first = spoken[0];
  const interp = input.interpretation;
  const seed = input.history.length;
  const segments: Segment[] = [];
  const text = (t: string | undefined): void => {
    if (t !== undefined && t.trim() !== '') segments.push({ type: 'text', text: t.trim() });
  };
  // A transition that acknowledges the answer: left out when one was already spoken during the assessment.
  const ack = (t: string | undefined): void => {
    if (interp?.wording.spoken_acknowledgement === undefined) text(t);
  };

  const movesOn =
    first !== undefined &&
    ((first.type === 'ask' && !first.repeat) || (first.type === 'say' && first.kind === 'statement'));
  const reAsks =
    first !== undefined &&
    ((first.type === 'ask' && first.repeat) ||
      (first.type === 'follow_up' && first.repeat === true) ||
      (first.type === 'say' && first.kind === 'consent_request' && interp !== undefined));
  const attempt = first?.type === 'ask' ? first.attempt : undefined;
  const denied = interp?.events.some((e) => e.type === 'confirmation' && !e.confirmed) === true;
  let hint = false;
  let clarifyFirst = false;
  if (interp !== undefined && first !== undefined) {
    switch (interp.kind) {
      case 'answer':
        if (denied && reAsks) ack(reaskLead('denied', attempt));
        else if (first.type === 'follow_up' && first.repeat !== true)
          ack(interp.wording.acknowledgement ?? probeLead(seed));
        else if (movesOn) ack(interp.wording.acknowledgement ?? acknowledgement(seed));
        break;
      case 'refusal':
      case 'skip':
      case 'dont_know': {
        const reason = interp.kind === 'refusal' ? 'refused' : interp.kind;
        if (movesOn) ack(declineAck(reason, seed));
        else if (reAsks)
          ack(
            reason === 'dont_know'
              ? "That's okay, take a moment. Let me ask it once more:"
              : 'Just in case, let me ask it once more:',
          );
        break;
      }
      case 'repeat':
        if (reAsks) ack(attempt !== undefined ? reaskLead('repeat', attempt) : REPEAT_LEAD);
        break;
      case 'clarification_question':
        if (reAsks) {
          if (interp.wording.reply !== undefined) text(interp.wording.reply);
          else clarifyFirst = true;
          hint = true;
        }
        break;
      case 'off_topic':
        if (reAsks) text(interp.wording.reply ?? redirect(agent.boundaries.off_topic_handling, seed));
        else if (movesOn) ack(interp.wording.acknowledgement ?? acknowledgement(seed));
        break;
      case 'unclear':
        if (reAsks) {
          text(
            interp.wording.reply ?? (attempt !== undefined ? reaskLead('unclear', attempt) : UNCLEAR_LEAD),
          );
          hint = true;
        }
        break;
      case 'end':
        break;
    }
  }

  for (const action of spoken) {
    switch (action.type) {
      case 'say':
        text(action.text);
        break;
      case 'ask_confirmation':
        text(confirmationText(action));
        break;
      case 'ask':
        if (clarifyFirst) {
          segments.push({ type: 'clarify', question: action.text });
          clarifyFirst = false;
          break;
        }
        text(action.text);
        if (hint) {
          const node = input.blueprint.graph.nodes[action.node_id];
          const multiple = node?.type === 'choice' && node.multiple;
          text(answerHint(action.node_type, action.options, action.scale, multiple));
        }
        break;
      case 'follow_up': {
        const prepared = interp?.wording.follow_up;
        const sameProbe = interp?.notes.probe?.technique === action.technique;
        if (action.repeat === true) {
          const said = lastAgentLine(input.history, action.node_id);
          if (said !== undefined) {
            text(said);
            break;
          }
        }
        if (prepared !== undefined && sameProbe && action.repeat !== true) text(prepared);
        else segments.push({ type: 'follow_up', action });
        break;
      }
    }
  }
  return segments;
}

/** Offline wording for a follow-up segment. */
export function offlineFollowUp(
  action: Extract<EngineAction, { type: 'follow_up' }>,
  lastUtterance: string | undefined,
): string {
  const latest = lastUtterance !== undefined ? answerTraits(lastUtterance) : undefined;
  return followUpText({
    technique: action.technique,
    index: action.index,
    lastUtterance,
    vaguePhrase: latest?.vague,
  });
}

/** Offline wording for a clarification: the question again (offline cannot rephrase). */
export function offlineClarify(question: string): string {
  return `Sure. ${question} Whatever comes to mind is fine.`;
}

/** Join segment texts into one utterance. */
export function joinParts(parts: readonly string[]): string {
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join(' ');
}
