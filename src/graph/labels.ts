import { confirmModeOf, isDecisiveEdge } from '../blueprint/decisive.js';
import {
  isAnswerNode,
  type Blueprint,
  type BlueprintNode,
  type ConfirmMode,
  type Edge,
  type NodeType,
} from '../blueprint/schema.js';
import { conditionToText } from './condition-text.js';

/**
 * Format-independent label content for the graph renderers. Everything here is plain text (one entry per
 * line); each renderer escapes the lines for its own syntax and joins them with its own line break.
 */

export const NODE_TEXT_MAX = 48;
export const EDGE_TEXT_MAX = 160;

/**
 * Collapse whitespace and control characters (newlines included) to single spaces and cut to `max`
 * characters with `…`.
 */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  const chars = [...flat]; // by code point, so a surrogate pair (emoji) is never split
  return chars.length <= max
    ? flat
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** Answer nodes are required unless `required: false`; other node types have no answer to require. */
export function isRequiredNode(node: BlueprintNode): boolean {
  return isAnswerNode(node) && node.required;
}

export function nodeLabelLines(id: string, node: BlueprintNode): string[] {
  const lines = [isRequiredNode(node) ? `${id} *` : id];
  if ((isAnswerNode(node) || node.type === 'consent') && node.key !== id) lines.push(`key: ${node.key}`);
  const body = node.text === undefined ? '' : truncate(node.text, NODE_TEXT_MAX);
  if (body !== '') lines.push(body);
  switch (node.type) {
    case 'choice':
      lines.push(
        truncate(`${node.multiple ? 'any of' : 'one of'}: ${node.options.join(' / ')}`, NODE_TEXT_MAX),
      );
      break;
    case 'rating':
      lines.push(`scale ${node.scale.min}–${node.scale.max}`);
      break;
    default:
      break;
  }
  return lines;
}

/**
 * The author's label, the condition in readable form, `p=N` when the priority is not 0, and the
 * confirmation in effect on a decisive edge (`confirm: uncertain` / `confirm: always`, or `confirm:
 * never` when the author turned it off); non-decisive edges never confirm and show nothing.
 */
export function edgeLabelLines(edge: Edge, confirm?: { decisive: boolean; mode: ConfirmMode }): string[] {
  const lines: string[] = [];
  const label = edge.label === undefined ? '' : truncate(edge.label, EDGE_TEXT_MAX);
  if (label !== '') lines.push(label);
  if (edge.condition !== undefined) lines.push(truncate(conditionToText(edge.condition), EDGE_TEXT_MAX));
  if (edge.priority !== 0) lines.push(`p=${edge.priority}`);
  if (confirm?.decisive === true) lines.push(`confirm: ${confirm.mode}`);
  return lines;
}

/** The confirmation of `graph.edges[index]` for its label. */
export function edgeConfirm(blueprint: Blueprint, index: number): { decisive: boolean; mode: ConfirmMode } {
  const edge = blueprint.graph.edges[index];
  const decisive = isDecisiveEdge(blueprint, index);
  return {
    decisive,
    mode: edge === undefined || !decisive ? 'never' : confirmModeOf(blueprint, edge, index),
  };
}

/** Fill colours per node type, shared so Mermaid and DOT diagrams look alike. */
export const NODE_FILL: Record<NodeType, string> = {
  question: '#e8f1fb',
  choice: '#e9f7ef',
  rating: '#fff4e0',
  yes_no: '#f3e8fb',
  statement: '#f4f4f4',
  consent: '#fdeaea',
  end: '#dddddd',
};

export const NODE_TYPES: readonly NodeType[] = [
  'question',
  'choice',
  'rating',
  'yes_no',
  'statement',
  'consent',
  'end',
];

/** Name of the synthetic entry marker; blueprint identifiers start with a letter, so it cannot collide. */
export const ENTRY_MARKER_ID = '__start';
