import { buildConditionScope, evaluateCondition } from '../../engine/conditions.js';
import type { Blueprint, Edge } from '../../blueprint/schema.js';
import { conditionToText } from '../../graph/condition-text.js';
import type { ConsoleResult } from '../runner.js';

function edgeKey(e: { from: string; to: string; priority: number; condition: string | null }): string {
  return `${e.from}|${e.to}|${e.priority}|${e.condition ?? ''}`;
}

/** Which blueprint edges a run took, from its path, the console's notes and (for ties) its final state. */
export function edgesTaken(
  bp: Blueprint,
  result: Pick<ConsoleResult, 'path_taken' | 'turn_notes' | 'state'>,
): number[] {
  const noted: string[] = [];
  for (const n of result.turn_notes) {
    const taken = n.edges?.edges.find((e) => e.taken);
    if (n.edges !== null && taken !== undefined) noted.push(edgeKey({ from: n.edges.from, ...taken }));
  }
  const scope = buildConditionScope(bp, result.state);
  const out: number[] = [];
  const path = result.path_taken;
  for (let i = 0; i + 1 < path.length; i += 1) {
    const from = path[i] as string;
    const to = path[i + 1] as string;
    const candidates = bp.graph.edges
      .map((e, index) => ({ e, index }))
      .filter(({ e }) => e.from === from && e.to === to)
      .sort((a, b) => b.e.priority - a.e.priority);
    if (candidates.length === 0) {
      out.push(-1);
      continue;
    }
    if (candidates.length === 1) {
      out.push(candidates[0]!.index);
      continue;
    }
    const keyOf = (e: Edge): string =>
      edgeKey({
        from: e.from,
        to: e.to,
        priority: e.priority,
        condition: e.condition === undefined ? null : conditionToText(e.condition),
      });
    const fromNotes = candidates.find(({ e }) => {
      const at = noted.indexOf(keyOf(e));
      if (at < 0) return false;
      noted.splice(at, 1);
      return true;
    });
    const holding = candidates.find(
      ({ e }) => e.condition === undefined || evaluateCondition(e.condition, scope),
    );
    out.push((fromNotes ?? holding ?? candidates[0]!).index);
  }
  return out;
}
