import { isAnswerNode, type AnswerNode, type Technique } from '../blueprint/schema.js';
import type { Ctx } from './context.js';
import { emit, render } from './context.js';
import { confirmBeforeRoute } from './confirm.js';
import { finish, followUpBudget, routeFrom } from './flow.js';
import type { AnswerRecord, EngineEvent, FieldValue, Probe } from './types.js';

/**
 * Answers at the current answer node.
 *
 * answered: the assessment merges into the node's record (fields accumulate, later values overwrite;
 *   value/summary overwrite when given; turns append). A follow-up is asked when the assessment suggests
 *   a probe OR the objective is not met, the engine is not wrapping up, and the follow-ups at this visit
 *   are below min(probing.max_follow_ups, limits.max_follow_ups_per_question) (0 when probing is
 *   disabled). Technique: the suggested one if `probing.techniques` is empty or lists it, else the first
 *   listed technique (`clarify` when nothing is suggested and none are listed). Otherwise the node
 *   completes: probing_complete = objective_met || budget exhausted, `record_response`, route.
 *
 * declined: on a required node, `skip` / `dont_know` is re-asked once as a `clarify` follow-up (when the
 *   budget allows and the engine is not wrapping up); `refused`, a second decline or no budget records
 *   status `declined`. On an optional node any decline records `skipped`. Declining a follow-up after an
 *   answer keeps the answer and completes the node. Then route.
 *
 * Before routing, a decisive edge may need the participant's confirmation first (confirm.ts).
 *
 * `final`: the time limit has passed: record what was said, then end with `time_limit`.
 */

function ledgerCount(ctx: Ctx, id: string): number {
  return ctx.s.probe_ledger.filter((e) => e.node_id === id).length;
}

function chooseTechnique(node: AnswerNode, probe: Probe | null): Technique {
  const allowed = node.probing.techniques;
  if (probe !== null && (allowed.length === 0 || allowed.includes(probe.technique))) return probe.technique;
  return allowed[0] ?? probe?.technique ?? 'clarify';
}

function askFollowUp(
  ctx: Ctx,
  id: string,
  node: AnswerNode,
  technique: Technique,
  reason: string,
  turn: number | undefined,
): void {
  const { s } = ctx;
  s.current_follow_ups += 1;
  const index = s.current_follow_ups;
  s.probe_ledger.push({
    node_id: id,
    key: node.key,
    technique,
    reason,
    index,
    ...(turn !== undefined ? { turn } : {}),
    at: ctx.now,
  });
  const record = s.answers[id];
  if (record !== undefined) record.follow_ups = ledgerCount(ctx, id);
  emit(ctx, {
    type: 'follow_up',
    node_id: id,
    key: node.key,
    technique,
    reason,
    index,
    question_text: render(ctx, node.text),
  });
}

function complete(
  ctx: Ctx,
  id: string,
  node: AnswerNode,
  final: boolean,
  answer?: { confidence: number | undefined; turn: number | undefined },
): void {
  const { s } = ctx;
  const record = s.answers[id];
  if (record !== undefined) {
    record.follow_ups = ledgerCount(ctx, id);
    record.probing_complete = record.objective_met || s.current_follow_ups >= followUpBudget(ctx, node);
  }
  // A decisive route on an uncertain answer is confirmed first (confirm.ts); declines route directly.
  if (!final && answer !== undefined && confirmBeforeRoute(ctx, id, node, answer.confidence, answer.turn))
    return;
  if (record !== undefined) emit(ctx, { type: 'record_response', response: record });
  s.current_pending = false;
  if (final) finish(ctx, 'time_limit');
  else routeFrom(ctx, id);
}

function turns(prev: AnswerRecord | undefined, turn: number | undefined): number[] {
  return [...(prev?.turns ?? []), ...(turn !== undefined ? [turn] : [])];
}

/** Remember fields given early for nodes that have no answer yet (never the node being answered). */
function keepPrefill(
  ctx: Ctx,
  id: string,
  prefill: Readonly<Record<string, Record<string, FieldValue>>>,
): void {
  for (const [nodeId, fields] of Object.entries(prefill)) {
    const node = ctx.bp.graph.nodes[nodeId];
    if (nodeId === id || node === undefined || !isAnswerNode(node) || ctx.s.answers[nodeId] !== undefined)
      continue;
    const known = Object.fromEntries(
      Object.entries(fields).filter(([name]) => node.capture[name] !== undefined),
    );
    if (Object.keys(known).length === 0) continue;
    ctx.s.prefilled = {
      ...(ctx.s.prefilled ?? {}),
      [nodeId]: { ...(ctx.s.prefilled?.[nodeId] ?? {}), ...known },
    };
  }
}

export function onAnswered(
  ctx: Ctx,
  id: string,
  node: AnswerNode,
  event: Extract<EngineEvent, { type: 'answered' }>,
  final: boolean,
): void {
  const { s } = ctx;
  const a = event.assessment;
  const prev = s.answers[id];
  const record: AnswerRecord = {
    node_id: id,
    key: node.key,
    status: 'answered',
    fields: { ...(prev?.fields ?? {}), ...a.fields },
    objective_met: a.objective_met,
    follow_ups: ledgerCount(ctx, id),
    probing_complete: false,
    turns: turns(prev, event.turn),
    answered_at: ctx.now,
  };
  const value = a.value !== undefined ? a.value : prev?.value;
  if (value !== undefined) record.value = value;
  const summary = a.summary ?? prev?.summary;
  if (summary !== undefined) record.summary = summary;
  s.answers[id] = record;
  if (event.prefill !== undefined) keepPrefill(ctx, id, event.prefill);

  const wantsProbe = a.probe !== null || !a.objective_met;
  if (!final && s.status === 'active' && wantsProbe && s.current_follow_ups < followUpBudget(ctx, node)) {
    s.current_pending = true;
    askFollowUp(
      ctx,
      id,
      node,
      chooseTechnique(node, a.probe),
      a.probe?.reason ?? 'objective not met',
      event.turn,
    );
    return;
  }
  complete(ctx, id, node, final, { confidence: event.confidence, turn: event.turn });
}

export function onDeclined(
  ctx: Ctx,
  id: string,
  node: AnswerNode,
  event: Extract<EngineEvent, { type: 'declined' }>,
  final: boolean,
): void {
  const { s } = ctx;
  const prev = s.answers[id];
  if (s.current_pending === true && prev !== undefined) {
    // Declining a follow-up: the answer stands.
    prev.turns = turns(prev, event.turn);
    complete(ctx, id, node, final);
    return;
  }
  const reask =
    node.required &&
    event.reason !== 'refused' &&
    s.current_reasked !== true &&
    !final &&
    s.status === 'active' &&
    s.current_follow_ups < followUpBudget(ctx, node);
  if (reask) {
    s.current_reasked = true;
    const reason = `participant answered "${event.reason}" to a required question`;
    askFollowUp(ctx, id, node, 'clarify', reason, event.turn);
    return;
  }
  const record: AnswerRecord = {
    node_id: id,
    key: node.key,
    status: node.required ? 'declined' : 'skipped',
    decline_reason: event.reason,
    fields: { ...(prev?.fields ?? {}) },
    objective_met: false,
    follow_ups: ledgerCount(ctx, id),
    probing_complete: false,
    turns: turns(prev, event.turn),
    answered_at: ctx.now,
  };
  if (prev?.value !== undefined) record.value = prev.value;
  if (prev?.summary !== undefined) record.summary = prev.summary;
  s.answers[id] = record;
  complete(ctx, id, node, final);
}

/**
 * A loop guard ran out at the current node: keep an answer already given (a follow-up was pending),
 * else record the question as declined (`skipped` when optional) with the reason, and move on.
 */
export function onGuardExhausted(ctx: Ctx, id: string, node: AnswerNode, detail: string): void {
  const { s } = ctx;
  const prev = s.answers[id];
  if (s.current_pending === true && prev !== undefined) {
    complete(ctx, id, node, false);
    return;
  }
  const record: AnswerRecord = {
    node_id: id,
    key: node.key,
    status: node.required ? 'declined' : 'skipped',
    decline_reason: 'dont_know',
    decline_detail: detail,
    fields: { ...(prev?.fields ?? {}) },
    objective_met: false,
    follow_ups: ledgerCount(ctx, id),
    probing_complete: false,
    turns: prev?.turns ?? [],
    answered_at: ctx.now,
  };
  if (prev?.summary !== undefined) record.summary = prev.summary;
  s.answers[id] = record;
  complete(ctx, id, node, false);
}
