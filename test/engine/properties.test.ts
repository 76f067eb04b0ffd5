import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAnswerNode, type Blueprint } from '../../src/blueprint/schema.js';
import { start, step } from '../../src/engine/index.js';
import { maxDurationMs, wrapUpMarginMs } from '../../src/engine/timing.js';
import {
  engineActionSchema,
  engineStateSchema,
  type EngineEvent,
  type EngineState,
  type StepResult,
} from '../../src/engine/types.js';
import { anyEventArb, answerEventArb, blueprintArb } from './arbitraries.js';

function budget(bp: Blueprint, state: EngineState, id: string): number {
  const node = bp.graph.nodes[id];
  if (node === undefined || !isAnswerNode(node) || !node.probing.enabled) return 0;
  return Math.min(node.probing.max_follow_ups, state.run.limits.max_follow_ups_per_question ?? Infinity);
}

function reachableAnswerCount(bp: Blueprint): number {
  const seen = new Set([bp.graph.entry_node]);
  const queue = [bp.graph.entry_node];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const e of bp.graph.edges) if (e.from === id && !seen.has(e.to)) (seen.add(e.to), queue.push(e.to));
  }
  return [...seen].filter((id) => {
    const n = bp.graph.nodes[id];
    return n !== undefined && isAnswerNode(n);
  }).length;
}

/** Every invariant that must hold after any single step. */
function checkStep(bp: Blueprint, before: EngineState, now: number, result: StepResult): void {
  const { state, actions } = result;
  expect(engineStateSchema.safeParse(state).success).toBe(true);
  for (const a of actions) expect(engineActionSchema.safeParse(a).success).toBe(true);
  expect(state.steps).toBe(before.steps + 1);

  if (before.status === 'ended') {
    expect(actions).toEqual([]);
    expect(state).toEqual({ ...before, steps: before.steps + 1 });
    return;
  }
  // end is emitted exactly when the run ends, as the last action
  const ends = actions.filter((a) => a.type === 'end');
  expect(ends.length).toBe(state.status === 'ended' ? 1 : 0);
  if (ends.length === 1) expect(actions.at(-1)?.type).toBe('end');

  // visits never exceed max_visits
  for (const [id, count] of Object.entries(state.visits)) {
    expect(count).toBeLessThanOrEqual(bp.graph.nodes[id]?.max_visits ?? 0);
  }
  // follow-up budgets: per visit, and in total per node
  if (state.current_node !== null) {
    expect(state.current_follow_ups).toBeLessThanOrEqual(budget(bp, state, state.current_node));
  }
  const perNode = new Map<string, number>();
  for (const e of state.probe_ledger) perNode.set(e.node_id, (perNode.get(e.node_id) ?? 0) + 1);
  for (const [id, count] of perNode) {
    expect(count).toBeLessThanOrEqual(budget(bp, state, id) * (state.visits[id] ?? 0));
  }
  for (const a of actions)
    if (a.type === 'follow_up') expect(a.index).toBeLessThanOrEqual(budget(bp, state, a.node_id));

  // progress: nodes_visited = distinct answer nodes on the path, ≤ nodes_total
  const total = reachableAnswerCount(bp);
  for (const a of actions) {
    if (a.type !== 'progress') continue;
    const distinct = new Set(
      a.progress.path_taken.filter((id) => {
        const n = bp.graph.nodes[id];
        return n !== undefined && isAnswerNode(n);
      }),
    );
    expect(a.progress.nodes_visited).toBe(distinct.size);
    expect(a.progress.nodes_total).toBe(total);
    expect(a.progress.nodes_visited).toBeLessThanOrEqual(a.progress.nodes_total);
  }

  // the path only grows, along declared edges, or by a wrap-up jump to a required question / end node
  expect(state.path_taken.slice(0, before.path_taken.length)).toEqual(before.path_taken);
  const started = state.started_at;
  const wrapping = started !== null && now - started >= maxDurationMs(bp) - wrapUpMarginMs(maxDurationMs(bp));
  for (let i = before.path_taken.length; i < state.path_taken.length; i += 1) {
    const to = state.path_taken[i] as string;
    const from = state.path_taken[i - 1];
    const byEdge =
      from === undefined
        ? to === bp.graph.entry_node
        : bp.graph.edges.some((e) => e.from === from && e.to === to);
    const target = bp.graph.nodes[to];
    const jumpTarget =
      target !== undefined && ((isAnswerNode(target) && target.required) || target.type === 'end');
    expect(byEdge || (wrapping && jumpTarget)).toBe(true);
  }
}

interface Outcome {
  state: EngineState;
  events: number;
}

/** The participant keeps answering (consent given when asked). */
function driveAnswering(bp: Blueprint, answers: EngineEvent[], maxEvents: number): Outcome {
  let state = start(bp, { run_id: 'p', participant: { name: 'P' } }, 0).state;
  let now = 0;
  let result = step(bp, state, { type: 'session_started', session_id: 's' }, now);
  checkStep(bp, state, now, result);
  state = result.state;
  let events = 1;
  while (state.status !== 'ended' && events < maxEvents) {
    now += 10;
    const event: EngineEvent =
      state.status === 'awaiting_consent'
        ? { type: 'consent', given: true }
        : (answers[events % answers.length] as EngineEvent);
    result = step(bp, state, event, now);
    checkStep(bp, state, now, result);
    state = result.state;
    events += 1;
  }
  return { state, events };
}

/** Events needed at most: every node visit needs ≤ budget + 2 answers (re-ask + follow-ups + answer). */
function eventBound(bp: Blueprint): number {
  let bound = 3;
  for (const node of Object.values(bp.graph.nodes)) {
    const perVisit = isAnswerNode(node) ? node.probing.max_follow_ups + 2 : 1;
    bound += node.max_visits * perVisit;
  }
  return bound;
}

const RUNS = Number(process.env.PARLEY_PROPERTY_RUNS ?? 200);
const TIMEOUT = 60_000;

describe('engine properties over generated blueprints', () => {
  it(
    'terminates within a bound when the participant keeps answering, along declared edges',
    () => {
      fc.assert(
        fc.property(
          blueprintArb,
          fc.array(answerEventArb, { minLength: 1, maxLength: 12 }),
          (gen, answers) => {
            const bound = eventBound(gen.blueprint);
            const { state, events } = driveAnswering(gen.blueprint, answers, bound + 1);
            expect(state.status).toBe('ended');
            expect(events).toBeLessThanOrEqual(bound);
            expect(state.end_reason).toBe('completed');
            // every answer node entered was answered, declined or skipped — none silently dropped
            for (const id of new Set(state.path_taken)) {
              const node = gen.blueprint.graph.nodes[id];
              if (node !== undefined && isAnswerNode(node)) expect(state.answers[id]).toBeDefined();
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'any event sequence keeps every invariant, and a tick past max_duration always ends the run',
    () => {
      fc.assert(
        fc.property(
          blueprintArb,
          fc.array(fc.tuple(anyEventArb, fc.integer({ min: 0, max: 90_000 })), { maxLength: 80 }),
          (gen, script) => {
            const bp = gen.blueprint;
            let state = start(bp, { run_id: 'p', limits: { max_silence_prompts: 2 } }, 0).state;
            let now = 0;
            const send = (event: EngineEvent) => {
              const result = step(bp, state, event, now);
              checkStep(bp, state, now, result);
              state = result.state;
            };
            send({ type: 'session_started', session_id: 's' });
            for (const [event, dt] of script) {
              now += dt;
              send(event);
            }
            now = (state.started_at ?? 0) + maxDurationMs(bp);
            send({ type: 'tick' });
            expect(state.status).toBe('ended');
            send({ type: 'tick' });
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'with time passing while answering, the run ends by completion or time limit',
    () => {
      fc.assert(
        fc.property(
          blueprintArb,
          fc.array(answerEventArb, { minLength: 1, maxLength: 8 }),
          fc.integer({ min: 5_000, max: 120_000 }),
          (gen, answers, dt) => {
            const bp = gen.blueprint;
            let state = start(bp, { run_id: 'p' }, 0).state;
            let now = 0;
            let events = 0;
            const limit = Math.ceil(maxDurationMs(bp) / dt) + 2;
            while (state.status !== 'ended' && events <= limit) {
              const event: EngineEvent =
                events === 0
                  ? { type: 'session_started', session_id: 's' }
                  : state.status === 'awaiting_consent'
                    ? { type: 'consent', given: true }
                    : (answers[events % answers.length] as EngineEvent);
              const result = step(bp, state, event, now);
              checkStep(bp, state, now, result);
              state = result.state;
              events += 1;
              now += dt;
            }
            expect(state.status).toBe('ended');
            expect(['completed', 'time_limit']).toContain(state.end_reason);
            expect(state.ended_at).not.toBeNull();
            expect((state.ended_at ?? 0) - (state.started_at ?? 0)).toBeLessThanOrEqual(
              maxDurationMs(bp) + dt,
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
