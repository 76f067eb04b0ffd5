import type { Blueprint } from '../schema.js';
import { isAnswerNode } from '../schema.js';
import { errorAt, warningAt, type BlueprintProblem } from './problems.js';

/**
 * Structural checks on the question graph. Conditions are ignored here: every edge is assumed takeable.
 *
 *   ENTRY_NODE_MISSING    graph.entry_node is not a node (reachability checks are then skipped)
 *   EDGE_UNKNOWN_NODE     an edge's from/to is not a node (the edge is left out of the analysis)
 *   END_NODE_HAS_EDGES    warning: an end node finishes the interview, its outgoing edges are dead
 *   NODE_UNREACHABLE      error: no path from the entry node reaches the node
 *   REQUIRED_UNREACHABLE  error: the same for an answer node with `required: true` (instead of the above)
 *   DEAD_END              error: a non-end node without outgoing edges
 *   NO_DEFAULT_EDGE       warning: every outgoing edge is conditional; when none holds the interview is stuck
 *   CYCLE_NO_EXIT         error: a loop (strongly connected nodes) with no edge leaving it; it can only
 *                         end by exhausting max_visits or the time limit
 *   CYCLE_UNBOUNDED       warning — our rule: a loop whose nodes ALL have `max_visits: 1`. A node is never
 *                         entered more often than its max_visits, so such a loop can never be taken a second
 *                         time: the edge back into it is dead. Either the loop is a mistake or a node in it
 *                         needs `max_visits` > 1. (A loop with any node allowing revisits is bounded by those
 *                         max_visits and is fine.)
 */
export function checkGraph(blueprint: Blueprint): BlueprintProblem[] {
  const { entry_node: entry, nodes, edges } = blueprint.graph;
  const problems: BlueprintProblem[] = [];
  const entries = Object.entries(nodes);
  const ids = entries.map(([id]) => id);
  const has = (id: string): boolean => Object.hasOwn(nodes, id);

  const entryOk = has(entry);
  if (!entryOk) {
    problems.push(
      errorAt(
        'ENTRY_NODE_MISSING',
        ['graph', 'entry_node'],
        `entry node "${entry}" is not a node (nodes: ${listIds(ids)})`,
      ),
    );
  }

  /** Outgoing edges usable for analysis, by node id, in source order. */
  const out = new Map<string, { to: string; conditional: boolean }[]>(ids.map((id) => [id, []]));
  edges.forEach((edge, i) => {
    let ok = true;
    for (const end of ['from', 'to'] as const) {
      if (!has(edge[end])) {
        ok = false;
        problems.push(
          errorAt(
            'EDGE_UNKNOWN_NODE',
            ['graph', 'edges', i, end],
            `edge ${edge.from} → ${edge.to}: "${edge[end]}" is not a node`,
          ),
        );
      }
    }
    if (!ok) return;
    if (nodes[edge.from]?.type === 'end') {
      problems.push(
        warningAt(
          'END_NODE_HAS_EDGES',
          ['graph', 'edges', i, 'from'],
          `edge ${edge.from} → ${edge.to} leaves an end node and is never taken`,
        ),
      );
      return;
    }
    out.get(edge.from)?.push({ to: edge.to, conditional: edge.condition !== undefined });
  });

  if (entryOk) {
    const reached = reachableFrom(entry, out);
    for (const [id, node] of entries) {
      if (reached.has(id)) continue;
      problems.push(
        isAnswerNode(node) && node.required
          ? errorAt(
              'REQUIRED_UNREACHABLE',
              ['graph', 'nodes', id],
              `required question "${id}" is not reachable from the entry node "${entry}"`,
            )
          : errorAt(
              'NODE_UNREACHABLE',
              ['graph', 'nodes', id],
              `node "${id}" is not reachable from the entry node "${entry}"`,
            ),
      );
    }
  }

  for (const [id, node] of entries) {
    if (node.type === 'end') continue;
    const outgoing = out.get(id) ?? [];
    if (outgoing.length === 0) {
      problems.push(
        errorAt(
          'DEAD_END',
          ['graph', 'nodes', id],
          `node "${id}" has no outgoing edge and is not an end node`,
        ),
      );
    } else if (outgoing.every((e) => e.conditional)) {
      problems.push(
        warningAt(
          'NO_DEFAULT_EDGE',
          ['graph', 'nodes', id],
          `every edge out of "${id}" has a condition; if none holds the interview is stuck — add an unconditional edge`,
        ),
      );
    }
  }

  for (const component of loops(ids, out)) {
    const first = component[0] ?? '';
    const members = new Set(component);
    const shown = component.join(', ');
    const exits = component.some((id) => (out.get(id) ?? []).some((e) => !members.has(e.to)));
    if (!exits) {
      problems.push(
        errorAt(
          'CYCLE_NO_EXIT',
          ['graph', 'nodes', first],
          `the loop through ${shown} has no edge leaving it and no end node`,
        ),
      );
    } else if (component.every((id) => nodes[id]?.max_visits === 1)) {
      problems.push(
        warningAt(
          'CYCLE_UNBOUNDED',
          ['graph', 'nodes', first],
          `the loop through ${shown} can never be repeated: every node in it has max_visits 1, so the edge back into it is dead (raise max_visits to allow revisits)`,
        ),
      );
    }
  }
  return problems;
}

function listIds(ids: readonly string[]): string {
  return ids.length > 10 ? `${ids.slice(0, 10).join(', ')}, …` : ids.join(', ');
}

function reachableFrom(start: string, out: ReadonlyMap<string, readonly { to: string }[]>): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const { to } of out.get(id) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
    }
  }
  return seen;
}

/**
 * Strongly connected components that form a loop (two or more nodes, or one node with an edge to itself),
 * each listed in source order, via an iterative Tarjan (no recursion: blueprints can be large).
 */
export function loops(
  ids: readonly string[],
  out: ReadonlyMap<string, readonly { to: string }[]>,
): string[][] {
  const order = new Map(ids.map((id, i) => [id, i]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;

  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame === undefined) break;
      const edges = out.get(frame.id) ?? [];
      const edge = edges[frame.next++];
      if (edge !== undefined) {
        if (!index.has(edge.to)) {
          index.set(edge.to, counter);
          low.set(edge.to, counter++);
          stack.push(edge.to);
          onStack.add(edge.to);
          work.push({ id: edge.to, next: 0 });
        } else if (onStack.has(edge.to)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(edge.to) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
        onStack.delete(id);
        component.push(id);
        if (id === frame.id) break;
      }
      const selfLoop = edges.some((e) => e.to === frame.id);
      if (component.length > 1 || selfLoop) {
        result.push(component.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)));
      }
    }
  }
  return result.sort((a, b) => (order.get(a[0] ?? '') ?? 0) - (order.get(b[0] ?? '') ?? 0));
}
