import type { Blueprint, ConfirmMode, Edge } from './schema.js';
import { isAnswerNode } from './schema.js';

/**
 * Decisive edges (static, from the blueprint alone). An edge from N is decisive when N has more than
 * one outgoing edge (so the answer chooses the route) and taking it
 *   (a) leads to an `end` node, or
 *   (b) skips a required question: some required answer node is reachable (ignoring conditions) from
 *       the target of another edge of N, but not from this edge's target.
 * Its confirmation mode is the edge's `confirm`, default `uncertain`; a non-decisive edge is `never`.
 * Used by the engine (confirm.ts), the validator and the graph renderings.
 */

/** Nodes reachable from `from` (inclusive), every edge assumed takeable. */
function reachable(bp: Blueprint, from: string): Set<string> {
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const e of bp.graph.edges) {
      if (e.from !== id || seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return seen;
}

function requiredIn(bp: Blueprint, ids: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const id of ids) {
    const node = Object.hasOwn(bp.graph.nodes, id) ? bp.graph.nodes[id] : undefined;
    if (node !== undefined && isAnswerNode(node) && node.required) out.add(id);
  }
  return out;
}

const cache = new WeakMap<Blueprint, boolean[]>();

/** `decisive[i]` for every edge `graph.edges[i]`. Deterministic; memoised per blueprint object. */
export function decisiveEdges(bp: Blueprint): boolean[] {
  const hit = cache.get(bp);
  if (hit !== undefined) return hit;
  const edges = bp.graph.edges;
  const reach = new Map<string, Set<string>>();
  const reachOf = (id: string): Set<string> => {
    let r = reach.get(id);
    if (r === undefined) {
      r = reachable(bp, id);
      reach.set(id, r);
    }
    return r;
  };
  const out = edges.map((edge, i) => {
    const siblings = edges.filter((e, j) => j !== i && e.from === edge.from);
    if (siblings.length === 0) return false;
    if (bp.graph.nodes[edge.to]?.type === 'end') return true;
    const mine = reachOf(edge.to);
    for (const s of siblings) {
      for (const req of requiredIn(bp, reachOf(s.to))) if (!mine.has(req) && req !== edge.from) return true;
    }
    return false;
  });
  cache.set(bp, out);
  return out;
}

export function isDecisiveEdge(bp: Blueprint, index: number): boolean {
  return decisiveEdges(bp)[index] === true;
}

/** The confirmation mode in effect for an edge (see the module comment). */
export function confirmModeOf(bp: Blueprint, edge: Edge, index: number): ConfirmMode {
  if (!isDecisiveEdge(bp, index)) return 'never';
  return edge.confirm ?? 'uncertain';
}
