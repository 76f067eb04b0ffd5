import type { Blueprint } from '../../blueprint/schema.js';
import type { EngineState, Progress } from '../../engine/types.js';

export function initialProgress(blueprint: Blueprint): Progress {
  return {
    nodes_total: Object.keys(blueprint.graph.nodes).length,
    nodes_visited: 0,
    current_node: null,
    path_taken: [],
    duration_s: 0,
    estimated_remaining_s: Math.round(blueprint.settings.estimated_duration_m * 60),
  };
}

/** The run's public progress, derived from the engine's state. */
export function progressFromState(blueprint: Blueprint, s: EngineState, now: number): Progress {
  const total = Object.keys(blueprint.graph.nodes).length;
  const visited = new Set(s.path_taken).size;
  const end = s.ended_at ?? s.last_activity_at ?? now;
  const duration = s.started_at === null ? 0 : Math.max(0, (end - s.started_at) / 1000);
  const estimate = blueprint.settings.estimated_duration_m * 60;
  // Remaining: the larger of the time budget left and the share of nodes not yet visited.
  const byNodes = total > 0 ? estimate * (1 - visited / total) : 0;
  const remaining = s.status === 'ended' ? 0 : Math.max(0, Math.min(estimate - duration, byNodes) || byNodes);
  return {
    nodes_total: total,
    nodes_visited: visited,
    current_node: s.current_node,
    path_taken: s.path_taken,
    duration_s: Math.round(duration * 10) / 10,
    estimated_remaining_s: Math.round(Math.max(0, remaining)),
  };
}
