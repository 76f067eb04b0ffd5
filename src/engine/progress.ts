import type { Blueprint } from '../blueprint/schema.js';
import { isAnswerNode } from '../blueprint/schema.js';
import { reachableAnswerNodes } from './reach.js';
import { elapsedMs, maxDurationMs } from './timing.js';
import type { EngineState, Progress } from './types.js';

/**
 * Progress:
 *   nodes_total            answer-taking nodes reachable from the entry node (edges followed regardless
 *                          of conditions), so it does not change during a run
 *   nodes_visited          distinct answer-taking nodes entered at least once
 *   nodes_answered         answer-taking nodes with a recorded answer (answered, declined or skipped)
 *   duration_s             whole seconds since `started_at` (until `ended_at` once ended)
 *   estimated_remaining_s  estimated_duration_m × (1 − visited/total), capped by the time left before
 *                          max_duration_m; 0 once ended or when there are no answer nodes
 */
/** Progress of a run that has not started (what the store shows before the first session). */
export function initialProgress(bp: Blueprint): Progress {
  const total = reachableAnswerNodes(bp).length;
  return {
    nodes_total: total,
    nodes_visited: 0,
    nodes_answered: 0,
    current_node: null,
    path_taken: [],
    duration_s: 0,
    estimated_remaining_s: total > 0 ? Math.round(bp.settings.estimated_duration_m * 60) : 0,
  };
}

export function computeProgress(bp: Blueprint, state: EngineState, now: number): Progress {
  const total = reachableAnswerNodes(bp).length;
  let visited = 0;
  for (const [id, count] of Object.entries(state.visits)) {
    const node = bp.graph.nodes[id];
    if (count > 0 && node !== undefined && isAnswerNode(node)) visited += 1;
  }
  let answered = 0;
  for (const a of Object.values(state.answers)) {
    const node = bp.graph.nodes[a.node_id];
    if (node !== undefined && isAnswerNode(node)) answered += 1;
  }
  const until = state.ended_at ?? now;
  const elapsed = elapsedMs(state, until);
  let remaining = 0;
  if (state.status !== 'ended' && total > 0) {
    const fraction = Math.max(0, 1 - visited / total);
    const estimate = bp.settings.estimated_duration_m * 60 * fraction;
    const timeLeft = Math.max(0, (maxDurationMs(bp) - elapsed) / 1000);
    remaining = Math.round(Math.min(estimate, timeLeft));
  }
  return {
    nodes_total: total,
    nodes_visited: visited,
    nodes_answered: answered,
    current_node: state.current_node,
    path_taken: [...state.path_taken],
    duration_s: Math.round(elapsed / 1000),
    estimated_remaining_s: remaining,
  };
}
