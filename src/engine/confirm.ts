import type { AnswerNode } from '../blueprint/schema.js';
import { isAnswerNode } from '../blueprint/schema.js';
import { isUncertain } from './confidence.js';
import type { Ctx } from './context.js';
import { emit, nodeById, render } from './context.js';
import { confirmModeOf } from '../blueprint/decisive.js';
import { askAction, chooseEdge, routeFrom } from './flow.js';
import { repromptsSoFar } from './guards.js';
import type { ConfirmationEntry } from './types.js';

/**
 * Confirming a decisive route (see decisive.ts for "decisive").
 *
 * When a node completes (normal routing, not wrap-up, not past the time limit) and the edge routing
 * would take is decisive with `confirm: always`, or `uncertain` and the completing answer's confidence
 * is below UNCERTAIN_CONFIDENCE, the engine does not route: it appends a `pending` entry to the
 * confirmation ledger (`state.confirmations`), remembers the edge in `current_confirmed_edges` and emits
 * `ask_confirmation`. At most one confirmation per decisive edge per visit: an edge in
 * `current_confirmed_edges` is taken without asking.
 *
 * The reply (`confirmation` event): confirmed → the answer is recorded and routing continues (the same
 * edge, now without asking); denied → the value and fields are cleared and the question is asked again
 * (`ask` with `repeat: true`). A new `answered` while a confirmation is pending counts as a denial
 * followed by that answer; a `declined` is a denial.
 */

function entryOf(ctx: Ctx): ConfirmationEntry | undefined {
  const i = ctx.s.pending_confirmation;
  return i === undefined ? undefined : ctx.s.confirmations?.[i];
}

export function hasPendingConfirmation(ctx: Ctx): boolean {
  return entryOf(ctx) !== undefined;
}

/** Ask for a confirmation instead of routing, when one is due. Returns true when it asked. */
export function confirmBeforeRoute(
  ctx: Ctx,
  id: string,
  node: AnswerNode,
  confidence: number | undefined,
  turn: number | undefined,
): boolean {
  const { s, bp } = ctx;
  if (s.status !== 'active') return false;
  const chosen = chooseEdge(ctx, id);
  if (chosen === undefined) return false;
  if ((s.current_confirmed_edges ?? []).includes(chosen.index)) return false;
  const mode = confirmModeOf(bp, chosen.edge, chosen.index);
  const due = mode === 'always' || (mode === 'uncertain' && isUncertain(confidence));
  if (!due) return false;
  const record = s.answers[id];
  const entry: ConfirmationEntry = {
    node_id: id,
    key: node.key,
    edge: chosen.index,
    to: chosen.edge.to,
    fields: { ...(record?.fields ?? {}) },
    confidence: confidence ?? 1,
    outcome: 'pending',
    at: ctx.now,
  };
  if (record?.value !== undefined) entry.value = record.value;
  if (turn !== undefined) entry.turn = turn;
  s.confirmations = [...(s.confirmations ?? []), entry];
  s.pending_confirmation = s.confirmations.length - 1;
  s.current_confirmed_edges = [...(s.current_confirmed_edges ?? []), chosen.index];
  s.current_pending = true;
  emitConfirmation(ctx, false);
  return true;
}

/** (Re-)emit the pending confirmation's question. */
export function emitConfirmation(ctx: Ctx, repeat: boolean): void {
  const entry = entryOf(ctx);
  if (entry === undefined) return;
  const node = nodeById(ctx, entry.node_id);
  if (node === undefined || !isAnswerNode(node)) return;
  const edge = ctx.bp.graph.edges[entry.edge];
  const summary = ctx.s.answers[entry.node_id]?.summary;
  emit(ctx, {
    type: 'ask_confirmation',
    node_id: entry.node_id,
    key: entry.key,
    node_type: node.type,
    question_text: render(ctx, node.text),
    ...(entry.value !== undefined ? { value: entry.value } : {}),
    fields: entry.fields,
    ...(summary !== undefined ? { summary } : {}),
    to: entry.to,
    ...(edge?.label !== undefined ? { label: edge.label } : {}),
    repeat,
  });
}

/** Settle the pending confirmation. Confirmed: record and route on; denied: clear and ask again. */
export function resolveConfirmation(ctx: Ctx, confirmed: boolean, turn: number | undefined): void {
  const { s } = ctx;
  const entry = entryOf(ctx);
  if (entry === undefined) return;
  entry.outcome = confirmed ? 'confirmed' : 'denied';
  entry.resolved_at = ctx.now;
  if (turn !== undefined) entry.reply_turn = turn;
  delete s.pending_confirmation;
  const id = entry.node_id;
  const node = nodeById(ctx, id);
  const record = s.answers[id];
  if (node === undefined || !isAnswerNode(node) || record === undefined) return;
  if (confirmed) {
    if (turn !== undefined) record.turns = [...record.turns, turn];
    emit(ctx, { type: 'record_response', response: record });
    s.current_pending = false;
    routeFrom(ctx, id);
    return;
  }
  // Denied: nothing of the answer stands; the question is asked again.
  delete record.value;
  record.fields = {};
  record.objective_met = false;
  s.current_pending = false;
  const action = askAction(ctx, id, node, true);
  if (action.type === 'ask') action.attempt = repromptsSoFar(ctx) + 1;
  emit(ctx, action);
}

/** A new answer while a confirmation is pending: the pending value is dropped (a denial) first. */
export function supersedeConfirmation(ctx: Ctx, turn: number | undefined): void {
  const entry = entryOf(ctx);
  if (entry === undefined) return;
  entry.outcome = 'denied';
  entry.resolved_at = ctx.now;
  if (turn !== undefined) entry.reply_turn = turn;
  delete ctx.s.pending_confirmation;
  const record = ctx.s.answers[entry.node_id];
  if (record !== undefined) {
    delete record.value;
    record.fields = {};
    record.objective_met = false;
  }
  ctx.s.current_pending = false;
}
