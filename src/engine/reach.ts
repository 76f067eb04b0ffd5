import type { Blueprint, Edge } from '../blueprint/schema.js';
import { isAnswerNode } from '../blueprint/schema.js';

/**
 * Graph helpers over a (validated) blueprint. Results are memoised per blueprint object in WeakMaps:
 * the cache never changes an answer, so the engine stays pure.
 */
const edgeCache = new WeakMap<Blueprint, Map<string, Edge[]>>();
const reachCache = new WeakMap<Blueprint, string[]>();

/** Edges leaving `from`, by descending priority, ties in file order (Array#sort is stable). */
export function outgoingEdges(bp: Blueprint, from: string): Edge[] {
  let byNode = edgeCache.get(bp);
  if (byNode === undefined) {
    byNode = new Map();
    for (const edge of bp.graph.edges) {
      const list = byNode.get(edge.from) ?? [];
      list.push(edge);
      byNode.set(edge.from, list);
    }
    for (const list of byNode.values()) list.sort((a, b) => b.priority - a.priority);
    edgeCache.set(bp, byNode);
  }
  return byNode.get(from) ?? [];
}

export function hasNode(bp: Blueprint, id: string): boolean {
  return Object.hasOwn(bp.graph.nodes, id);
}

/**
 * Breadth-first order of the nodes reachable from `starts` (inclusive), following every edge regardless
 * of its condition, successors in routing order.
 */
export function bfsOrder(bp: Blueprint, starts: readonly string[]): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const queue: string[] = [];
  for (const s of starts) {
    if (hasNode(bp, s) && !seen.has(s)) {
      seen.add(s);
      queue.push(s);
    }
  }
  while (queue.length > 0) {
    const id = queue.shift() as string;
    order.push(id);
    for (const edge of outgoingEdges(bp, id)) {
      if (!seen.has(edge.to) && hasNode(bp, edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return order;
}

/** Answer-taking nodes reachable from the entry node: `progress.nodes_total`. */
export function reachableAnswerNodes(bp: Blueprint): string[] {
  let cached = reachCache.get(bp);
  if (cached === undefined) {
    cached = bfsOrder(bp, [bp.graph.entry_node]).filter((id) => {
      const node = bp.graph.nodes[id];
      return node !== undefined && isAnswerNode(node);
    });
    reachCache.set(bp, cached);
  }
  return cached;
}
