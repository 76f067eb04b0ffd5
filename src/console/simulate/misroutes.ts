import { isAnswerNode, type Blueprint } from '../../blueprint/schema.js';
import { buildConditionScope, evaluateCondition } from '../../engine/conditions.js';
import { outgoingEdges } from '../../engine/reach.js';
import type { EngineState, FieldValue } from '../../engine/types.js';

/**
 * Misroutes against a persona's intended path. At every typed node on the path where the persona meant
 * a value (personas/intended.ts) and the interviewer recorded a different one, the route the intended
 * value takes (the engine's routing rule — edges by priority, the first whose condition holds — with the
 * intended value in place of the recorded one) is compared with the node actually entered next. A
 * difference is a misroute. Runs that ended on the time limit are skipped (wrap-up jumps are not
 * routes). Visit limits are not replayed.
 */
export interface Misroute {
  node_id: string;
  intended: FieldValue;
  recorded: FieldValue | null;
  expected_next: string | null;
  actual_next: string | null;
}

function same(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function nextBy(bp: Blueprint, state: EngineState, from: string): string | null {
  const scope = buildConditionScope(bp, state);
  for (const edge of outgoingEdges(bp, from)) {
    if (!Object.hasOwn(bp.graph.nodes, edge.to)) continue;
    if (edge.condition !== undefined && !evaluateCondition(edge.condition, scope)) continue;
    return edge.to;
  }
  return null;
}

export function findMisroutes(
  bp: Blueprint,
  state: EngineState,
  intended: Readonly<Record<string, FieldValue>>,
): Misroute[] {
  if (state.end_reason === 'time_limit') return [];
  const out: Misroute[] = [];
  const path = state.path_taken;
  path.forEach((id, i) => {
    const node = bp.graph.nodes[id];
    const meant = intended[id];
    const record = state.answers[id];
    if (node === undefined || !isAnswerNode(node) || meant === undefined || record === undefined) return;
    if (record.status !== 'answered' || same(record.value, meant)) return;
    const actual = path[i + 1] ?? null;
    if (actual === null) return;
    const asMeant: EngineState = {
      ...state,
      answers: { ...state.answers, [id]: { ...record, value: meant } },
    };
    const expected = nextBy(bp, asMeant, id);
    if (expected !== actual)
      out.push({
        node_id: id,
        intended: meant,
        recorded: record.value ?? null,
        expected_next: expected,
        actual_next: actual,
      });
  });
  return out;
}
