import type { Blueprint, NodeType } from '../blueprint/schema.js';
import {
  ENTRY_MARKER_ID,
  NODE_FILL,
  NODE_TYPES,
  edgeConfirm,
  edgeLabelLines,
  isRequiredNode,
  nodeLabelLines,
} from './labels.js';

/**
 * A Mermaid flowchart of a blueprint's question graph. Pure.
 *
 * Node ids are never emitted raw: `end`, `class`, `style` ... are Mermaid keywords and a leading `o`/`x`
 * changes the arrow type, so every node gets the id `n_<id>` (or `n<index>` when the id contains `-`).
 * All label text is quoted and escaped with Mermaid's `#<code>;` entities.
 */
export function toMermaid(blueprint: Blueprint): string {
  const { graph } = blueprint;
  const ids = new MermaidIds();
  const out: string[] = [];
  out.push(`%% ${oneLine(`${blueprint.id}: ${blueprint.name}`)}`);
  out.push('flowchart TD');

  out.push(`  ${ENTRY_MARKER_MERMAID}(["start"])`);
  out.push(`  ${ENTRY_MARKER_MERMAID} --> ${ids.get(graph.entry_node)}`);

  const byType = new Map<NodeType, string[]>();
  const required: string[] = [];
  for (const [id, node] of Object.entries(graph.nodes)) {
    const mid = ids.get(id);
    const [open, close] = SHAPES[node.type];
    out.push(`  ${mid}${open}"${mermaidLines(nodeLabelLines(id, node))}"${close}`);
    const group = byType.get(node.type) ?? [];
    group.push(mid);
    byType.set(node.type, group);
    if (isRequiredNode(node)) required.push(mid);
  }

  for (const [index, edge] of graph.edges.entries()) {
    const lines = edgeLabelLines(edge, edgeConfirm(blueprint, index));
    const arrow = lines.length === 0 ? '-->' : `-->|"${mermaidLines(lines)}"|`;
    out.push(`  ${ids.get(edge.from)} ${arrow} ${ids.get(edge.to)}`);
  }

  out.push(`  classDef startMarker fill:#333333,stroke:#333333,color:#ffffff`);
  for (const type of NODE_TYPES) {
    out.push(`  classDef ${typeClass(type)} fill:${NODE_FILL[type]},stroke:#555555`);
  }
  out.push('  classDef required stroke-width:3px,stroke:#222222');
  out.push(`  class ${ENTRY_MARKER_MERMAID} startMarker`);
  for (const type of NODE_TYPES) {
    const group = byType.get(type);
    if (group !== undefined) out.push(`  class ${group.join(',')} ${typeClass(type)}`);
  }
  if (required.length > 0) out.push(`  class ${required.join(',')} required`);
  return `${out.join('\n')}\n`;
}

/** Opening and closing shape delimiters per node type (the label goes in between, quoted). */
export const SHAPES: Record<NodeType, readonly [string, string]> = {
  question: ['[', ']'], // rectangle
  choice: ['[[', ']]'], // subroutine (double-edged box)
  rating: ['[/', '/]'], // parallelogram
  yes_no: ['{', '}'], // rhombus
  statement: ['>', ']'], // flag: note-like
  consent: ['{{', '}}'], // hexagon
  end: ['(((', ')))'], // double circle
};

/** Mermaid id of the entry marker; blueprint nodes are always `n_...`/`n<digits>`, so it cannot collide. */
export const ENTRY_MARKER_MERMAID = `entry${ENTRY_MARKER_ID}`;

/** Class name per node type; `end` itself is a Mermaid keyword, so type names are never used bare. */
export function typeClass(type: NodeType): string {
  return `${type}Node`;
}

class MermaidIds {
  private readonly map = new Map<string, string>();

  get(id: string): string {
    let mid = this.map.get(id);
    if (mid === undefined) {
      mid = /^[A-Za-z0-9_]+$/.test(id) ? `n_${id}` : `n${this.map.size}`;
      this.map.set(id, mid);
    }
    return mid;
  }
}

/**
 * Escape text for a quoted Mermaid label. Every character that Mermaid's lexer or its HTML labels could
 * interpret is replaced by a numeric entity (`#34;` for `"`); `#` itself is escaped first-class so that
 * user text such as `#1;` cannot be read as an entity. Newlines become spaces; non-ASCII text stays as is.
 */
export function escapeMermaid(text: string): string {
  return oneLine(text).replace(/["#&<>|`]/gu, (ch) => `#${ch.codePointAt(0)};`);
}

function mermaidLines(lines: readonly string[]): string {
  return lines.map(escapeMermaid).join('<br/>');
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\s\u0000-\u001f\u007f]+/gu, ' ').trim();
}
