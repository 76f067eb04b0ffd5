import type { Blueprint, NodeType } from '../blueprint/schema.js';
import {
  ENTRY_MARKER_ID,
  NODE_FILL,
  edgeConfirm,
  edgeLabelLines,
  isRequiredNode,
  nodeLabelLines,
} from './labels.js';

/**
 * A Graphviz DOT digraph of a blueprint's question graph. Pure. Every id and label is a quoted DOT
 * string (see `dotString`), so hostile node text cannot break out of an attribute.
 */
export function toDot(blueprint: Blueprint): string {
  const { graph } = blueprint;
  const out: string[] = [];
  out.push(`digraph ${dotString(blueprint.id)} {`);
  out.push(
    `  graph [label=${dotString(blueprint.name)}, labelloc=t, fontname="Helvetica", fontsize=14, rankdir=TB];`,
  );
  out.push('  node [fontname="Helvetica", fontsize=11, style=filled, penwidth=1];');
  out.push('  edge [fontname="Helvetica", fontsize=9];');

  out.push(`  ${dotString(ENTRY_MARKER_ID)} [shape=point, width=0.15, fillcolor="#333333", label=""];`);
  out.push(`  ${dotString(ENTRY_MARKER_ID)} -> ${dotString(graph.entry_node)};`);

  for (const [id, node] of Object.entries(graph.nodes)) {
    const attrs: string[] = [...NODE_ATTRS[node.type], `fillcolor=${dotString(NODE_FILL[node.type])}`];
    if (isRequiredNode(node)) attrs.push('penwidth=2.5');
    attrs.push(`label=${dotLabel(nodeLabelLines(id, node))}`);
    out.push(`  ${dotString(id)} [${attrs.join(', ')}];`);
  }

  for (const [index, edge] of graph.edges.entries()) {
    const lines = edgeLabelLines(edge, edgeConfirm(blueprint, index));
    const attrs = lines.length === 0 ? '' : ` [label=${dotLabel(lines)}]`;
    out.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)}${attrs};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** Shape (and style) attributes per node type. */
export const NODE_ATTRS: Record<NodeType, readonly string[]> = {
  question: ['shape=box', 'style="rounded,filled"'],
  choice: ['shape=box3d'],
  rating: ['shape=parallelogram'],
  yes_no: ['shape=diamond'],
  statement: ['shape=note'],
  consent: ['shape=hexagon'],
  end: ['shape=doublecircle'],
};

/**
 * Escape plain text for the inside of a DOT double-quoted string used as a label: backslashes are
 * doubled (so `\n`, `\l`, `\N` in user text stay literal), quotes are escaped, and raw line breaks or
 * control characters become spaces.
 */
export function escapeDot(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\r\n\u0000-\u001f\u007f\u2028\u2029]+/gu, ' ')
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
  );
}

export function dotString(text: string): string {
  return `"${escapeDot(text)}"`;
}

/** A multi-line label: each line escaped, joined with DOT's centred line break `\n`. */
export function dotLabel(lines: readonly string[]): string {
  return `"${lines.map(escapeDot).join('\\n')}"`;
}
