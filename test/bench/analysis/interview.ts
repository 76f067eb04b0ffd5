import { buildResponses } from '../../../src/analysis/responses/build.js';
import type { Responses } from '../../../src/analysis/responses/types.js';
import type { TranscriptEntry } from '../../../src/analysis/types.js';
import { isAnswerNode, type Blueprint } from '../../../src/blueprint/schema.js';
import { start, step } from '../../../src/engine/index.js';
import type { EngineAction, EngineEvent, EngineState } from '../../../src/engine/types.js';
import type { AnalysisCase } from './schema.js';

/**
 * Plays one case through the real engine (as `parley walk` does, with the case's assessments) and
 * records the conversation as the store would: transcript entries with node ids, question keys, offsets
 * and durations, then the per-question responses from the engine's final state.
 */

/** Speaking rate used for durations (words per second). */
const WORDS_PER_S = 2.5;
const GAP_MS = 600;
const START = Date.parse('2026-11-30T10:00:00.000Z');

export interface PlayedCase {
  transcript: TranscriptEntry[];
  responses: Responses;
  state: EngineState;
}

export class CaseError extends Error {}

export function playCase(blueprint: Blueprint, c: AnalysisCase): PlayedCase {
  const transcript: TranscriptEntry[] = [];
  let offset = 0;
  const push = (
    role: TranscriptEntry['role'],
    content: string,
    entry_type: TranscriptEntry['entry_type'],
    node_id: string | null,
  ): number => {
    const node = node_id === null ? undefined : blueprint.graph.nodes[node_id];
    const words = content.split(/\s+/).filter(Boolean).length;
    const duration_ms = Math.round((words / WORDS_PER_S) * 1000);
    const turn_number = transcript.length;
    transcript.push({
      id: `${c.id}-e${turn_number}`,
      role,
      content,
      timestamp: new Date(START + offset).toISOString(),
      offset_ms: offset,
      duration_ms,
      session_id: `${c.id}-s1`,
      node_id,
      question_key: node !== undefined && isAnswerNode(node) ? node.key : null,
      entry_type,
      confidence: role === 'participant' ? 0.93 : null,
      turn_number,
    });
    offset += duration_ms + GAP_MS;
    return turn_number;
  };

  let pendingFollowUp: string | null = null;
  const record = (actions: EngineAction[], nextAsked: string | undefined) => {
    for (const a of actions) {
      if (a.type === 'say') push('agent', a.text, 'statement', a.node_id ?? null);
      else if (a.type === 'ask') push('agent', a.text, 'question', a.node_id);
      else if (a.type === 'follow_up') pendingFollowUp = a.node_id;
    }
    if (pendingFollowUp !== null) {
      push('agent', nextAsked ?? 'Could you tell me a bit more about that?', 'follow_up', pendingFollowUp);
      pendingFollowUp = null;
    }
  };

  let { state, actions } = start(blueprint, { run_id: c.id, participant: c.participant, vars: c.vars }, 0);
  const advance = (event: EngineEvent, nextAsked?: string) => {
    const r = step(blueprint, state, event, offset);
    state = r.state;
    record(r.actions, nextAsked);
  };
  record(actions, undefined);
  advance({ type: 'session_started', session_id: `${c.id}-s1` }, c.answers[0]?.asked);

  let i = 0;
  for (let guard = 0; state.status !== 'ended'; guard++) {
    if (guard > 200) throw new CaseError(`${c.id}: the interview did not end`);
    if (state.status === 'awaiting_consent') {
      push('participant', c.consent ? 'Yes, that is fine.' : 'No, I would rather not.', 'utterance', null);
      advance({ type: 'consent', given: c.consent }, c.answers[i]?.asked);
      continue;
    }
    const nodeId = state.current_node;
    const node = nodeId === null ? undefined : blueprint.graph.nodes[nodeId];
    if (nodeId === null || node === undefined || !isAnswerNode(node))
      throw new CaseError(`${c.id}: the engine waits at ${nodeId ?? '(none)'}`);
    const a = c.answers[i];
    if (a === undefined) throw new CaseError(`${c.id}: answers ran out at ${node.key} (${nodeId})`);
    if (a.key !== node.key)
      throw new CaseError(`${c.id}: answers[${i}] is for ${a.key} but the engine asks ${node.key}`);
    i++;
    const turn = push('participant', a.text, 'utterance', nodeId);
    const next = c.answers[i]?.asked;
    if (a.decline !== undefined) {
      advance({ type: 'declined', reason: a.decline, turn }, next);
      continue;
    }
    const assessment: Extract<EngineEvent, { type: 'answered' }>['assessment'] = {
      objective_met: a.objective_met,
      fields: a.fields,
      probe: a.probe ?? null,
    };
    if (a.value !== undefined) assessment.value = a.value;
    advance({ type: 'answered', text: a.text, assessment, turn }, next);
  }
  if (i < c.answers.length)
    throw new CaseError(`${c.id}: ${c.answers.length - i} answers left when the interview ended`);
  const responses = buildResponses({ blueprint, state, transcript });
  return { transcript, responses, state };
}
