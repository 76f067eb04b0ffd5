import { isAnswerNode, type AnswerNode, type Blueprint } from '../../blueprint/schema.js';
import type { FieldValue } from '../../engine/types.js';
import type { PreparedEntry } from '../prepare.js';
import type { Responses } from '../responses/types.js';

/**
 * The interview's structure as the offline analyzer reads it: one AnsweredQuestion per answer-taking
 * node the participant spoke at, with the entries spoken there, the typed value, the captured fields and
 * the follow-ups answered. Built from the per-question responses when the store has them, otherwise from
 * the node ids of the transcript entries (then without values or fields).
 */

export interface AnsweredQuestion {
  nodeId: string;
  key: string;
  node: AnswerNode;
  /** The participant's entries at the node, in transcript order. */
  entries: PreparedEntry[];
  status: 'answered' | 'declined' | 'skipped';
  value: FieldValue | null;
  fields: Record<string, FieldValue>;
  /** Participant turns after the first one at the node (answers to follow-ups). */
  followUpsAnswered: number;
  probingComplete: boolean;
  words: number;
}

export function answeredQuestions(
  entries: readonly PreparedEntry[],
  blueprint: Blueprint,
  responses: Responses | null,
): AnsweredQuestion[] {
  const position = new Map(entries.map((pe, i) => [pe.entry.id, i]));
  const out: AnsweredQuestion[] = [];
  const claimed = new Set<string>();
  for (const item of responses?.items ?? []) {
    const node = blueprint.graph.nodes[item.node_id];
    if (node === undefined || !isAnswerNode(node) || item.answer === null) continue;
    const ids = new Set(item.answer.transcript_entry_ids);
    const at = entries.filter((pe) => ids.has(pe.entry.id));
    if (at.length === 0 || item.status === 'not_reached') continue;
    for (const pe of at) claimed.add(pe.entry.id);
    out.push(
      make(item.node_id, node, at, item.status, item.value, item.captured_fields, item.probing_complete),
    );
  }
  // Entries the responses do not cover (or no responses at all): group them by their node.
  const byNode = new Map<string, PreparedEntry[]>();
  for (const pe of entries) {
    const id = pe.entry.node_id;
    if (claimed.has(pe.entry.id) || id === null) continue;
    const node = blueprint.graph.nodes[id];
    if (node === undefined || !isAnswerNode(node) || out.some((q) => q.nodeId === id)) continue;
    byNode.set(id, [...(byNode.get(id) ?? []), pe]);
  }
  for (const [id, at] of byNode) {
    out.push(make(id, blueprint.graph.nodes[id] as AnswerNode, at, 'answered', null, {}, false));
  }
  return out.sort((a, b) => position.get(a.entries[0]!.entry.id)! - position.get(b.entries[0]!.entry.id)!);
}

function make(
  nodeId: string,
  node: AnswerNode,
  entries: PreparedEntry[],
  status: AnsweredQuestion['status'] | 'not_reached',
  value: FieldValue | null,
  fields: Record<string, FieldValue>,
  probingComplete: boolean,
): AnsweredQuestion {
  return {
    nodeId,
    key: node.key,
    node,
    entries,
    status: status === 'not_reached' ? 'skipped' : status,
    value,
    fields,
    followUpsAnswered: Math.max(0, entries.length - 1),
    probingComplete,
    words: entries.reduce((n, pe) => n + pe.text.words, 0),
  };
}

/** A node key or capture field name as words: `years_experience` → "years experience". */
export function humanise(name: string): string {
  return name.replace(/[_-]+/g, ' ').trim();
}

/** A field value as words (numbers grouped, booleans as yes / no, lists joined). */
export function valueText(value: FieldValue): string {
  if (Array.isArray(value)) return value.map((v) => valueText(v)).join(' and ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  if (value === null) return 'none';
  return humanise(String(value));
}
