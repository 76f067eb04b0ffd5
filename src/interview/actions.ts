import type { BlueprintNode } from '../blueprint/schema.js';
import { DEFAULT_TEXTS } from '../engine/texts.js';
import type { EngineAction } from '../engine/types.js';
import { confirmationText } from '../conductor/confirmation-text.js';
import type { LiveEvent, TurnBody } from '../store-client/types.js';
import type { InterviewTurn, ParticipantUtterance, Snapshot } from './types.js';

/** Pure helpers of the shared turn loop: live events, fixed-text fallback, entry types. */

export const iso = (ms: number): string => new Date(ms).toISOString();

/** Live events for the store from one batch of engine actions. */
export function liveEventsFor(actions: readonly EngineAction[]): LiveEvent[] {
  const events: LiveEvent[] = [];
  for (const a of actions) {
    if (a.type === 'node_entered')
      events.push({ type: 'node_entered', node_id: a.node_id, node_type: a.node_type });
    else if (a.type === 'follow_up' && a.repeat !== true)
      events.push({
        type: 'follow_up',
        node_id: a.node_id,
        key: a.key,
        technique: a.technique,
        reason: a.reason,
        index: a.index,
      });
    else if (a.type === 'progress') events.push({ type: 'progress', progress: a.progress });
  }
  return events;
}

export function spokenFallback(actions: readonly EngineAction[]): string {
  const parts: string[] = [];
  for (const a of actions) {
    if (a.type === 'say' || a.type === 'ask') parts.push(a.text);
    else if (a.type === 'follow_up') parts.push(a.question_text);
    else if (a.type === 'ask_confirmation') parts.push(confirmationText(a));
  }
  return parts.join(' ');
}

export function entryTypeOf(actions: readonly EngineAction[]): InterviewTurn['entry_type'] {
  if (actions.some((a) => a.type === 'follow_up')) return 'follow_up';
  if (
    actions.some(
      (a) =>
        a.type === 'ask' ||
        a.type === 'ask_confirmation' ||
        (a.type === 'say' && a.kind === 'consent_request'),
    )
  )
    return 'question';
  return 'statement';
}

/** A transcript turn as the store receives it. */
export function turnBodyOf(
  t: InterviewTurn,
  sessionId: string,
  evaluation?: Record<string, unknown>,
): TurnBody {
  return {
    turn_number: t.turn_number,
    role: t.role,
    content: t.content,
    started_at: t.started_at,
    ended_at: t.ended_at,
    session_id: sessionId,
    ...(t.node_id !== null ? { node_id: t.node_id } : {}),
    ...(t.question_key !== null ? { question_key: t.question_key } : {}),
    entry_type: t.entry_type,
    ...(t.confidence !== undefined ? { confidence: Math.max(0, Math.min(1, t.confidence)) } : {}),
    ...(evaluation !== undefined ? { evaluation } : {}),
  };
}

/** The node a participant answers before the first question: the consent request. */
export const CONSENT_NODE: BlueprintNode = {
  type: 'consent',
  key: 'consent',
  text: DEFAULT_TEXTS.consent_request,
  max_visits: 1,
};

/** The participant's turn, answering the snapshot's node. */
export function participantTurnOf(
  turnNumber: number,
  text: string,
  input: Omit<ParticipantUtterance, 'text'>,
  snap: Pick<Snapshot, 'state' | 'node'>,
  now: number,
): InterviewTurn {
  const ended = input.endedAt ?? now;
  const node = snap.node;
  return {
    turn_number: turnNumber,
    role: 'participant',
    content: text,
    started_at: iso(input.startedAt ?? ended),
    ended_at: iso(ended),
    node_id: snap.state.current_node,
    question_key:
      'key' in node && node.key !== undefined
        ? node.key
        : snap.state.status === 'awaiting_consent'
          ? 'consent'
          : null,
    entry_type: 'utterance',
    confidence: input.confidence,
  };
}
