import { buildConditionScope, evaluateCondition } from './conditions.js';
import type { AnswerNode, Edge } from '../blueprint/schema.js';
import { isAnswerNode } from '../blueprint/schema.js';
import type { Ctx } from './context.js';
import { emit, nodeById, render } from './context.js';
import { computeProgress } from './progress.js';
import { hasNode, outgoingEdges } from './reach.js';
import { consentRequestText, outroText } from './texts.js';
import type { EndReason, EngineAction, FieldValue } from './types.js';

/**
 * Moving through the graph: entering nodes, routing along edges, wrap-up jumps and ending.
 *
 * Routing from node N: N's edges by descending priority (ties in file order); the first whose
 * condition holds (no condition = true) and whose target has visits left (`visits < max_visits`) wins.
 * When no edge is usable the interview ends with reason `completed` (default outro).
 *
 * Wrap-up routing (status `wrapping_up`): the first routing point fixes the origin (the node being
 * left, or the entry node). At every routing point the engine walks breadth-first from the origin
 * (inclusive) along the edges whose conditions hold now, and enters the first required answer node that
 * has no answer record yet and visits left; when there is none, the first such reachable end node (its
 * text is the outro); when there is none either, it ends `completed` with the default outro.
 */

export function emitProgress(ctx: Ctx): void {
  emit(ctx, { type: 'progress', progress: computeProgress(ctx.bp, ctx.s, ctx.now) });
}

function visitsLeft(ctx: Ctx, id: string): boolean {
  const node = nodeById(ctx, id);
  return node !== undefined && (ctx.s.visits[id] ?? 0) < node.max_visits;
}

/** 140000 → "140,000" (deterministic, no locale). */
function groupDigits(n: number): string {
  const [int, frac] = String(n).split('.');
  const grouped = (int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** "You mentioned earlier: expected salary 140000. Is that right?" */
function prefillText(node: AnswerNode, fields: Readonly<Record<string, FieldValue>>): string {
  const said = Object.entries(fields)
    .map(([name, value]) => {
      const field = node.capture[name];
      const label = (field?.description ?? name.replace(/_/g, ' ')).replace(/\.$/, '');
      return `${label.charAt(0).toLowerCase()}${label.slice(1)}: ${Array.isArray(value) ? value.join(', ') : typeof value === 'number' ? groupDigits(value) : String(value)}`;
    })
    .join('; ');
  return `You mentioned this earlier — ${said}. Is that right?`;
}

export function askAction(ctx: Ctx, id: string, node: AnswerNode, repeat: boolean): EngineAction {
  const action: Extract<EngineAction, { type: 'ask' }> = {
    type: 'ask',
    node_id: id,
    key: node.key,
    node_type: node.type,
    text: render(ctx, node.text),
    repeat,
  };
  const early = ctx.s.prefilled?.[id];
  if (early !== undefined && !repeat && ctx.s.answers[id] === undefined && Object.keys(early).length > 0) {
    action.prefilled = early;
    action.text = prefillText(node, early);
  }
  if (node.type === 'choice') action.options = node.options.map((o) => render(ctx, o));
  if (node.type === 'yes_no') action.options = ['yes', 'no'];
  if (node.type === 'rating') action.scale = { min: node.scale.min, max: node.scale.max };
  return action;
}

export function enterNode(ctx: Ctx, id: string): void {
  const { s } = ctx;
  const node = nodeById(ctx, id);
  if (node === undefined) {
    finish(ctx, 'completed');
    return;
  }
  s.visits[id] = (s.visits[id] ?? 0) + 1;
  s.path_taken.push(id);
  s.current_node = id;
  s.current_follow_ups = 0;
  s.current_pending = false;
  s.current_reasked = false;
  s.current_guards = {};
  s.current_confirmed_edges = [];
  emit(ctx, { type: 'node_entered', node_id: id, node_type: node.type });
  // An end node's progress comes with the end (see finish), once.
  if (node.type !== 'end') emitProgress(ctx);
  switch (node.type) {
    case 'statement':
      emit(ctx, { type: 'say', kind: 'statement', text: render(ctx, node.text), node_id: id });
      routeFrom(ctx, id);
      return;
    case 'consent':
      if (s.consent === 'given') {
        routeFrom(ctx, id);
        return;
      }
      s.consent = 'pending';
      s.status = 'awaiting_consent';
      emit(ctx, {
        type: 'say',
        kind: 'consent_request',
        text: consentRequestText(ctx, node.text),
        node_id: id,
      });
      return;
    case 'end':
      finish(ctx, 'completed', node.text);
      return;
    default:
      emit(ctx, askAction(ctx, id, node, false));
  }
}

/** Route onward from `from` (null: the interview has not entered a node yet → the entry node). */
export function routeFrom(ctx: Ctx, from: string | null): void {
  if (ctx.s.status === 'wrapping_up') {
    wrapUpRoute(ctx, from);
    return;
  }
  if (from === null) {
    enterNode(ctx, ctx.bp.graph.entry_node);
    return;
  }
  const chosen = chooseEdge(ctx, from);
  if (chosen === undefined) finish(ctx, 'completed');
  else enterNode(ctx, chosen.edge.to);
}

/** The edge normal routing takes from `from` now (see the module comment), with its index in graph.edges. */
export function chooseEdge(ctx: Ctx, from: string): { edge: Edge; index: number } | undefined {
  const scope = buildConditionScope(ctx.bp, ctx.s);
  for (const edge of outgoingEdges(ctx.bp, from)) {
    if (!hasNode(ctx.bp, edge.to) || !visitsLeft(ctx, edge.to)) continue;
    if (edge.condition !== undefined && !evaluateCondition(edge.condition, scope)) continue;
    return { edge, index: ctx.bp.graph.edges.indexOf(edge) };
  }
  return undefined;
}

/** BFS from the wrap-up origin over the edges whose conditions hold now; see the module comment. */
export function wrapUpTarget(ctx: Ctx): string | undefined {
  const { bp, s } = ctx;
  const origin = s.wrap_up_origin ?? bp.graph.entry_node;
  const scope = buildConditionScope(bp, s);
  const seen = new Set<string>([origin]);
  const queue = hasNode(bp, origin) ? [origin] : [];
  let endNode: string | undefined;
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const node = bp.graph.nodes[id];
    if (node !== undefined && visitsLeft(ctx, id)) {
      if (isAnswerNode(node) && node.required && s.answers[id] === undefined) return id;
      if (node.type === 'end' && endNode === undefined) endNode = id;
    }
    for (const edge of outgoingEdges(bp, id)) {
      if (seen.has(edge.to) || !hasNode(bp, edge.to)) continue;
      if (edge.condition !== undefined && !evaluateCondition(edge.condition, scope)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return endNode;
}

function wrapUpRoute(ctx: Ctx, from: string | null): void {
  if (ctx.s.wrap_up_origin === undefined) ctx.s.wrap_up_origin = from ?? ctx.bp.graph.entry_node;
  const target = wrapUpTarget(ctx);
  if (target === undefined) finish(ctx, 'completed');
  else enterNode(ctx, target);
}

/** Emit the current node's partial answer (a follow-up was pending) so nothing said is lost. */
function flushPending(ctx: Ctx): void {
  const { s } = ctx;
  const id = s.current_node;
  const record = id === null ? undefined : s.answers[id];
  if (s.current_pending !== true || record === undefined) return;
  const node = nodeById(ctx, id);
  const budget = node !== undefined && isAnswerNode(node) ? followUpBudget(ctx, node) : 0;
  record.probing_complete = record.objective_met || s.current_follow_ups >= budget;
  s.current_pending = false;
  emit(ctx, { type: 'record_response', response: record });
}

/** End the interview: flush a pending answer, say the outro, final progress, `end`. */
export function finish(ctx: Ctx, reason: EndReason, endNodeText?: string): void {
  const { s } = ctx;
  flushPending(ctx);
  const outro: EngineAction = { type: 'say', kind: 'outro', text: outroText(ctx, reason, endNodeText) };
  if (endNodeText !== undefined && s.current_node !== null) outro.node_id = s.current_node;
  emit(ctx, outro);
  s.status = 'ended';
  s.end_reason = reason;
  s.ended_at = ctx.now;
  emitProgress(ctx);
  emit(ctx, { type: 'end', reason });
}

/** min(node budget, agent limit); 0 when probing is disabled. */
export function followUpBudget(ctx: Ctx, node: AnswerNode): number {
  if (!node.probing.enabled) return 0;
  const limit = ctx.s.run.limits.max_follow_ups_per_question;
  return Math.min(node.probing.max_follow_ups, limit ?? Number.POSITIVE_INFINITY);
}

/**
 * Say again whatever the participant is expected to respond to: the consent request, the pending
 * follow-up (re-issued with `repeat: true`, no new ledger entry), or the current question
 * (`ask` with `repeat: true`). Never counts a visit.
 */
export function rePrompt(ctx: Ctx, attempt?: number): void {
  const { s } = ctx;
  const node = nodeById(ctx, s.current_node);
  if (s.status === 'awaiting_consent') {
    const text = node?.type === 'consent' ? node.text : undefined;
    const action: EngineAction = {
      type: 'say',
      kind: 'consent_request',
      text: consentRequestText(ctx, text),
    };
    if (node !== undefined && s.current_node !== null) action.node_id = s.current_node;
    emit(ctx, action);
    return;
  }
  const id = s.current_node;
  if (node === undefined || id === null) {
    routeFrom(ctx, null);
    return;
  }
  if (!isAnswerNode(node)) {
    // Statements and passed consent nodes never wait for input: continue where routing left off.
    if (node.type === 'end') finish(ctx, 'completed', node.text);
    else routeFrom(ctx, id);
    return;
  }
  if (s.current_follow_ups > 0) {
    const entry = s.probe_ledger.findLast((e) => e.node_id === id);
    if (entry !== undefined) {
      emit(ctx, {
        type: 'follow_up',
        node_id: id,
        key: node.key,
        technique: entry.technique,
        reason: entry.reason,
        index: entry.index,
        question_text: render(ctx, node.text),
        repeat: true,
      });
      return;
    }
  }
  const ask = askAction(ctx, id, node, true);
  if (attempt !== undefined && ask.type === 'ask') ask.attempt = attempt;
  emit(ctx, ask);
}
