import type { Blueprint } from '../blueprint/schema.js';
import { isAnswerNode } from '../blueprint/schema.js';
import { onAnswered, onDeclined, onGuardExhausted } from './answers.js';
import {
  emitConfirmation,
  hasPendingConfirmation,
  resolveConfirmation,
  supersedeConfirmation,
} from './confirm.js';
import { countReprompt, guardDetail, repromptsSoFar } from './guards.js';
import type { Ctx } from './context.js';
import { createCtx, emit, nodeById } from './context.js';
import { enterNode, finish, rePrompt, routeFrom } from './flow.js';
import { consentRequestText, idlePromptText, introText, welcomeBackText } from './texts.js';
import { timePhase } from './timing.js';
import type { EngineAction, EngineEvent, EngineState, LoopReason, StepResult } from './types.js';

/**
 * Handle one event. Pure: the inputs are never mutated; the result is a new state and the actions to
 * perform, in order. Every call increments `steps`.
 *
 * - Before `session_started` (or `session_resumed`, treated the same) every event is ignored.
 * - After `end` every event is ignored.
 * - `participant_left` never has actions (the run stays resumable).
 * - Otherwise time is checked first: past `max_duration_m` the interview ends with `time_limit` (an
 *   answer or decline arriving then is recorded first); inside the wrap-up margin an `active` run turns
 *   `wrapping_up` (no follow-ups; routing jumps to the remaining required questions).
 * - Events that do not fit the current status (e.g. `consent` while a question is open) are ignored.
 * - `repeat_requested` counts against its loop guard (guards.ts); past the cap the question is declined
 *   and the interview moves on (at the consent: ends as consent not given).
 * - While a confirmation is pending (confirm.ts), `confirmation` settles it, `answered` replaces it,
 *   `declined` denies it, and re-prompts say the confirmation again. A `confirmation` with none
 *   pending counts as an unclear reply.
 * - Silence at the consent request ends, once the idle prompts are used up, as consent not given.
 */
export function step(blueprint: Blueprint, state: EngineState, event: EngineEvent, now: number): StepResult {
  const ctx = createCtx(blueprint, state, now);
  const { s } = ctx;
  s.steps += 1;
  if (s.status === 'ended' || event.type === 'participant_left') return result(ctx);
  if (s.status === 'not_started') {
    if (event.type === 'session_started' || event.type === 'session_resumed') begin(ctx);
    return result(ctx);
  }
  if (event.type !== 'tick' && event.type !== 'silence_timeout') {
    s.last_activity_at = now;
    s.silence_prompts = 0;
  }
  const phase = timePhase(blueprint, s, now);
  if (phase === 'over') {
    const current = awaitingAnswer(ctx);
    if (current !== undefined && event.type === 'answered')
      onAnswered(ctx, current.id, current.node, event, true);
    else if (current !== undefined && event.type === 'declined')
      onDeclined(ctx, current.id, current.node, event, true);
    else finish(ctx, 'time_limit');
    return result(ctx);
  }
  if (phase === 'wrap_up' && s.status === 'active') s.status = 'wrapping_up';
  handle(ctx, event, phase === 'wrap_up');
  return result(ctx);
}

function result(ctx: Ctx): StepResult {
  return { state: ctx.s, actions: ctx.actions };
}

function awaitingAnswer(ctx: Ctx) {
  const { s } = ctx;
  if (s.status !== 'active' && s.status !== 'wrapping_up') return undefined;
  const node = nodeById(ctx, s.current_node);
  if (node === undefined || s.current_node === null || !isAnswerNode(node)) return undefined;
  return { id: s.current_node, node };
}

function begin(ctx: Ctx): void {
  const { s, bp } = ctx;
  s.started_at = ctx.now;
  s.last_activity_at = ctx.now;
  s.session_count += 1;
  s.status = 'active';
  emit(ctx, { type: 'say', kind: 'intro', text: introText(ctx) });
  const entry = nodeById(ctx, bp.graph.entry_node);
  if (bp.settings.consent && entry?.type !== 'consent') {
    s.consent = 'pending';
    s.status = 'awaiting_consent';
    emit(ctx, { type: 'say', kind: 'consent_request', text: consentRequestText(ctx) });
    return;
  }
  enterNode(ctx, bp.graph.entry_node);
}

function consentGiven(ctx: Ctx, wrapUp: boolean): void {
  const { s } = ctx;
  s.consent = 'given';
  s.status = wrapUp ? 'wrapping_up' : 'active';
  const node = nodeById(ctx, s.current_node);
  routeFrom(ctx, node?.type === 'consent' ? s.current_node : null);
}

function consentRefused(ctx: Ctx): void {
  ctx.s.consent = 'refused';
  finish(ctx, 'consent_refused');
}

function handle(ctx: Ctx, event: EngineEvent, wrapUp: boolean): void {
  const { s } = ctx;
  const consentPending = s.status === 'awaiting_consent';
  switch (event.type) {
    case 'session_started':
    case 'session_resumed':
      s.session_count += 1;
      emit(ctx, { type: 'say', kind: 'welcome_back', text: welcomeBackText(ctx) });
      sayAgain(ctx);
      return;
    case 'consent':
      if (!consentPending) return;
      if (event.given) consentGiven(ctx, wrapUp);
      else consentRefused(ctx);
      return;
    case 'answered':
    case 'declined': {
      if (consentPending) {
        if (event.type === 'declined' && event.reason === 'refused') consentRefused(ctx);
        else reprompt(ctx, 'unclear');
        return;
      }
      const current = awaitingAnswer(ctx);
      if (current === undefined) return;
      if (hasPendingConfirmation(ctx)) {
        if (event.type === 'declined') {
          resolveConfirmation(ctx, false, event.turn);
          return;
        }
        supersedeConfirmation(ctx, event.turn);
      }
      if (event.type === 'answered') onAnswered(ctx, current.id, current.node, event, false);
      else onDeclined(ctx, current.id, current.node, event, false);
      return;
    }
    case 'confirmation':
      // A stray reply (nothing pending) is something said that the engine cannot use: unclear.
      if (consentPending || !hasPendingConfirmation(ctx)) reprompt(ctx, 'unclear');
      else resolveConfirmation(ctx, event.confirmed, event.turn);
      return;
    case 'repeat_requested':
      reprompt(ctx, event.reason ?? 'repeat');
      return;
    case 'silence_timeout': {
      if (s.silence_prompts >= s.run.limits.max_silence_prompts) {
        if (consentPending) consentRefused(ctx);
        else finish(ctx, 'idle');
        return;
      }
      s.silence_prompts += 1;
      const action: EngineAction = { type: 'say', kind: 'idle_prompt', text: idlePromptText() };
      if (s.current_node !== null) action.node_id = s.current_node;
      emit(ctx, action);
      return;
    }
    case 'end_requested':
      finish(ctx, 'participant_ended');
      return;
    case 'tick':
    case 'participant_left':
      return;
  }
}

/** Say the pending prompt again: the confirmation when one is pending, else the engine's re-prompt. */
function sayAgain(ctx: Ctx, attempt?: number): void {
  if (hasPendingConfirmation(ctx)) emitConfirmation(ctx, true);
  else rePrompt(ctx, attempt);
}

/** A re-prompt for `reason`, under its loop guard; past the cap, give up on the prompt (guards.ts). */
function reprompt(ctx: Ctx, reason: LoopReason): void {
  const { s } = ctx;
  if (countReprompt(ctx, reason)) {
    sayAgain(ctx, repromptsSoFar(ctx));
    return;
  }
  if (s.status === 'awaiting_consent') {
    consentRefused(ctx);
    return;
  }
  if (hasPendingConfirmation(ctx)) {
    resolveConfirmation(ctx, false, undefined);
    return;
  }
  const current = awaitingAnswer(ctx);
  if (current === undefined) rePrompt(ctx);
  else onGuardExhausted(ctx, current.id, current.node, guardDetail(ctx, reason));
}
