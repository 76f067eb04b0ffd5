import { buildConditionScope, evaluateCondition } from '../engine/conditions.js';
import { isAnswerNode, type Blueprint } from '../blueprint/schema.js';
import type { Agent } from '../agent/schema.js';
import type { Interpretation } from '../conductor/types.js';
import { computeProgress } from '../engine/progress.js';
import { outgoingEdges } from '../engine/reach.js';
import { maxDurationMs } from '../engine/timing.js';
import type { EngineAction, EngineState, FieldValue } from '../engine/types.js';
import { conditionToText } from '../graph/condition-text.js';

/**
 * What the console shows, dimmed, beside each turn. Display only: the engine already decided; the edges
 * shown are re-evaluated with the blueprint's own condition evaluator against the state after the step,
 * so what is printed is what the engine saw.
 */
export interface EdgeNote {
  to: string;
  label?: string | undefined;
  priority: number;
  condition: string | null;
  /** Condition result (true when there is none). */
  holds: boolean;
  /** The target had no visits left (the engine skips such edges). */
  exhausted: boolean;
  taken: boolean;
}

export interface TurnNotes {
  /** Node the participant answered at. */
  node: { id: string; type: string; key: string | null } | null;
  interpretation: {
    kind: string;
    source: string;
    objective_met: boolean | null;
    value?: FieldValue | undefined;
    fields: Record<string, FieldValue>;
    probe: { technique: string; reason: string } | null;
    sensitive_topic: string | null;
    detail?: string | undefined;
    model_calls: number;
  } | null;
  follow_up: { technique: string; reason: string; index: number; budget: number } | null;
  edges: { from: string; edges: EdgeNote[]; wrap_up: boolean } | null;
  entered: Array<{ id: string; type: string }>;
  budgets: {
    follow_ups_used: number;
    follow_up_budget: number;
    elapsed_s: number;
    max_s: number;
    nodes_visited: number;
    nodes_total: number;
  };
  ended: string | null;
}

export function followUpBudget(bp: Blueprint, agent: Agent, nodeId: string | null): number {
  const node = nodeId === null ? undefined : bp.graph.nodes[nodeId];
  if (node === undefined || !isAnswerNode(node) || !node.probing.enabled) return 0;
  return Math.min(node.probing.max_follow_ups, agent.boundaries.max_follow_ups_per_question);
}

export function buildTurnNotes(input: {
  blueprint: Blueprint;
  agent: Agent;
  before: EngineState;
  after: EngineState;
  actions: readonly EngineAction[];
  interpretation: Interpretation | null;
  now: number;
}): TurnNotes {
  const { blueprint: bp, agent, before, after, actions } = input;
  const fromId = before.current_node;
  const fromNode = fromId === null ? undefined : bp.graph.nodes[fromId];
  const entered = actions
    .filter((a): a is Extract<EngineAction, { type: 'node_entered' }> => a.type === 'node_entered')
    .map((a) => ({ id: a.node_id, type: a.node_type }));
  const fu = actions.find((a): a is Extract<EngineAction, { type: 'follow_up' }> => a.type === 'follow_up');
  const progress = computeProgress(bp, after, input.now);
  const budgetNode = fu?.node_id ?? fromId;
  let edges: TurnNotes['edges'] = null;
  if (fromId !== null && fromNode !== undefined && entered.length > 0) {
    const wrapUp = before.status === 'wrapping_up' || after.wrap_up_origin !== undefined;
    const scope = buildConditionScope(bp, after);
    const target = entered[0]?.id;
    let takenSet = false;
    const list: EdgeNote[] = outgoingEdges(bp, fromId).map((edge) => {
      const holds = edge.condition === undefined ? true : evaluateCondition(edge.condition, scope);
      const max = bp.graph.nodes[edge.to]?.max_visits ?? 1;
      const exhausted = (before.visits[edge.to] ?? 0) >= max;
      const taken = !takenSet && !wrapUp && holds && !exhausted && edge.to === target;
      if (taken) takenSet = true;
      return {
        to: edge.to,
        label: edge.label,
        priority: edge.priority,
        condition: edge.condition === undefined ? null : conditionToText(edge.condition),
        holds,
        exhausted,
        taken,
      };
    });
    edges = { from: fromId, edges: list, wrap_up: wrapUp };
  }
  const interp = input.interpretation;
  return {
    node:
      fromId === null || fromNode === undefined
        ? null
        : { id: fromId, type: fromNode.type, key: 'key' in fromNode ? fromNode.key : null },
    interpretation:
      interp === null
        ? null
        : {
            kind: interp.kind,
            source: interp.notes.source,
            objective_met: interp.notes.objective_met,
            ...(interp.notes.value !== undefined ? { value: interp.notes.value } : {}),
            fields: interp.notes.fields,
            probe: interp.notes.probe,
            sensitive_topic: interp.notes.sensitive_topic,
            ...(interp.notes.detail !== undefined ? { detail: interp.notes.detail } : {}),
            model_calls: interp.notes.model_calls,
          },
    follow_up:
      fu === undefined || fu.repeat === true
        ? null
        : {
            technique: fu.technique,
            reason: fu.reason,
            index: fu.index,
            budget: followUpBudget(bp, agent, fu.node_id),
          },
    edges,
    entered,
    budgets: {
      follow_ups_used: fu !== undefined ? after.current_follow_ups : (before.current_follow_ups ?? 0),
      follow_up_budget: followUpBudget(bp, agent, budgetNode),
      elapsed_s: progress.duration_s,
      max_s: Math.round(maxDurationMs(bp) / 1000),
      nodes_visited: progress.nodes_visited,
      nodes_total: progress.nodes_total,
    },
    ended: after.status === 'ended' ? after.end_reason : null,
  };
}

function fmtValue(v: FieldValue | undefined): string {
  if (v === undefined) return '?';
  if (Array.isArray(v)) return `[${v.map((x) => fmtValue(x)).join(', ')}]`;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function clock(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** The notes as short lines (no colour). */
export function formatTurnNotes(n: TurnNotes): string[] {
  const lines: string[] = [];
  const i = n.interpretation;
  if (i !== null) {
    const parts = [
      `${i.kind} (${i.source}${i.model_calls > 0 ? `, ${i.model_calls} model call${i.model_calls > 1 ? 's' : ''}` : ''})`,
    ];
    if (i.objective_met !== null) parts.push(i.objective_met ? 'objective met' : 'objective not met');
    if (i.value !== undefined) parts.push(`value=${fmtValue(i.value)}`);
    const fields = Object.entries(i.fields);
    if (fields.length > 0) parts.push(`captured ${fields.map(([k, v]) => `${k}=${fmtValue(v)}`).join(', ')}`);
    if (i.sensitive_topic !== null) parts.push(`sensitive topic "${i.sensitive_topic}" (not probed)`);
    if (i.detail !== undefined) parts.push(i.detail);
    lines.push(`assessment${n.node !== null ? ` @${n.node.id}` : ''}: ${parts.join(' · ')}`);
  }
  if (n.follow_up !== null) {
    lines.push(
      `follow-up ${n.follow_up.index}/${n.follow_up.budget}: ${n.follow_up.technique} — ${n.follow_up.reason}`,
    );
  } else if (i?.probe != null) {
    lines.push(`probe proposed (${i.probe.technique}) but not asked: budget or state`);
  }
  if (n.edges !== null) {
    const e = n.edges.edges.map((x) => {
      const cond = x.condition ?? 'always';
      const mark = x.taken ? '✓ taken' : x.exhausted ? '– no visits left' : x.holds ? '✓' : '✗';
      return `${cond} → ${x.to} ${mark}`;
    });
    const wrap = n.edges.wrap_up ? ' (wrap-up: jumps to remaining required questions)' : '';
    lines.push(`edges from ${n.edges.from}${wrap}: ${e.length > 0 ? e.join(' | ') : '(none: end)'}`);
  }
  for (const node of n.entered) lines.push(`→ node ${node.id} (${node.type})`);
  const b = n.budgets;
  lines.push(
    `budgets: follow-ups ${b.follow_ups_used}/${b.follow_up_budget} · nodes ${b.nodes_visited}/${b.nodes_total} · time ${clock(b.elapsed_s)} of ${clock(b.max_s)}`,
  );
  if (n.ended !== null) lines.push(`ended: ${n.ended}`);
  return lines;
}
