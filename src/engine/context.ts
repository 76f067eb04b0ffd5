import type { Blueprint, BlueprintNode } from '../blueprint/schema.js';
import { renderTemplate } from '../blueprint/templates.js';
import type { EngineAction, EngineState } from './types.js';

/**
 * One `step` works on a private deep copy of the state (the draft) and appends actions; the inputs are
 * never touched. Everything here is deterministic.
 */
export interface Ctx {
  readonly bp: Blueprint;
  /** Private, mutable copy of the state. */
  readonly s: EngineState;
  readonly actions: EngineAction[];
  readonly now: number;
}

export function createCtx(bp: Blueprint, state: EngineState, now: number): Ctx {
  return { bp, s: structuredClone(state), actions: [], now };
}

/** Append an action; it is copied so later changes to the draft cannot leak into emitted actions. */
export function emit(ctx: Ctx, action: EngineAction): void {
  ctx.actions.push(structuredClone(action));
}

export function nodeById(ctx: Ctx, id: string | null): BlueprintNode | undefined {
  if (id === null) return undefined;
  return Object.hasOwn(ctx.bp.graph.nodes, id) ? ctx.bp.graph.nodes[id] : undefined;
}

export function render(ctx: Ctx, text: string): string {
  return renderTemplate(text, { participant: ctx.s.run.participant, vars: ctx.s.run.vars });
}
