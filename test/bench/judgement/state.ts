import { isAnswerNode, type Blueprint } from '../../../src/blueprint/schema.js';
import type { Turn } from '../../../src/conductor/types.js';
import { start, step } from '../../../src/engine/index.js';
import type { EngineAction, EngineEvent, EngineState } from '../../../src/engine/types.js';
import type { BlueprintSetup, JudgementCase, WalkAnswer } from './schema.js';

/**
 * The engine state at a case's node, reached with the REAL engine: `start`, `session_started`, then the
 * walk's scripted answers (setup.yaml: consent given, each node answered with its scripted value and
 * fields, objective met, no probe) until the case's node is current; then the case's own earlier
 * answers at the node (each with a follow-up asked). The transcript of that walk is the conversation so far.
 */
export interface CaseStart {
  state: EngineState;
  history: Turn[];
  now: number;
}

const STEP_MS = 20_000;

function agentLines(actions: readonly EngineAction[], nodeId: string | null): Turn[] {
  const out: Turn[] = [];
  for (const a of actions) {
    if (a.type === 'say') out.push({ role: 'agent', content: a.text, node_id: a.node_id ?? nodeId });
    else if (a.type === 'ask') out.push({ role: 'agent', content: a.text, node_id: a.node_id });
    else if (a.type === 'follow_up')
      out.push({ role: 'agent', content: 'Could you tell me a bit more about that?', node_id: a.node_id });
  }
  return out;
}

export function stateAtNode(bp: Blueprint, setup: BlueprintSetup, c: JudgementCase): CaseStart {
  const variant = setup.variants[c.walk ?? c.node];
  const answers: Record<string, WalkAnswer> = { ...setup.answers, ...(variant?.answers ?? {}) };
  const vars = { ...setup.vars, ...(variant?.vars ?? {}) };
  let now = 1_000_000;
  let state = start(
    bp,
    { run_id: `bench-${c.id}`, participant: { name: setup.participant }, vars },
    now,
  ).state;
  const history: Turn[] = [];
  let turn = 0;
  const feed = (e: EngineEvent) => {
    now += STEP_MS;
    const r = step(bp, state, e, now);
    state = r.state;
    history.push(...agentLines(r.actions, state.current_node));
  };
  feed({ type: 'session_started', session_id: 'bench' });
  for (let guard = 0; guard < 200; guard++) {
    const id = state.current_node;
    if (state.status === 'ended') throw new Error(`walk for ${c.id} ended before reaching ${c.node}`);
    if (id === c.node) break;
    if (state.status === 'awaiting_consent' && id !== c.node) {
      const a = id !== null ? answers[id] : undefined;
      history.push({ role: 'participant', content: a?.say ?? 'Yes, that is fine.', node_id: id });
      turn += 2;
      feed({ type: 'consent', given: true });
      continue;
    }
    const node = id !== null ? bp.graph.nodes[id] : undefined;
    if (id === null || node === undefined || !isAnswerNode(node))
      throw new Error(`walk for ${c.id}: engine waits at ${id} (not an answer node)`);
    const a = answers[id];
    if (a === undefined) throw new Error(`setup.yaml: ${bp.id} has no walk answer for ${id} (case ${c.id})`);
    turn += 2;
    history.push({ role: 'participant', content: a.say, node_id: id });
    feed(answered(a, true, turn));
  }
  if (state.current_node !== c.node) throw new Error(`walk for ${c.id} did not reach ${c.node}`);
  for (const h of c.history) {
    turn += 2;
    history.push({ role: 'participant', content: h.say, node_id: c.node });
    feed(answered({ ...h }, false, turn));
  }
  return { state, history, now };
}

function answered(a: WalkAnswer, met: boolean, turn: number): EngineEvent {
  return {
    type: 'answered',
    text: a.say,
    turn,
    assessment: {
      objective_met: met,
      fields: a.fields,
      probe: met ? null : { technique: 'clarify', reason: 'bench: earlier answer' },
      ...(a.value !== undefined ? { value: a.value } : {}),
    },
  };
}
