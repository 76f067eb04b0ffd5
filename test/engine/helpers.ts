import { blueprintSchema, type Blueprint, type BlueprintInput } from '../../src/blueprint/schema.js';
import { start, step } from '../../src/engine/index.js';
import type {
  AssessmentInput,
  EngineAction,
  EngineEvent,
  EngineState,
  RunContextInput,
  StepResult,
} from '../../src/engine/types.js';
import { assessmentSchema } from '../../src/engine/types.js';

export const MIN = 60_000;

export function bp(input: Omit<BlueprintInput, 'id' | 'name'> & { id?: string; name?: string }): Blueprint {
  return blueprintSchema.parse({ id: 'test', name: 'Test', ...input });
}

/** A linear blueprint: q1 → q2 → done, with the given overrides on q1. */
export function linear(q1: Record<string, unknown> = {}, settings: Record<string, unknown> = {}): Blueprint {
  return bp({
    settings,
    graph: {
      entry_node: 'q1',
      nodes: {
        q1: { type: 'question', key: 'first', text: 'First?', ...q1 } as never,
        q2: { type: 'question', key: 'second', text: 'Second?' },
        done: { type: 'end' },
      },
      edges: [
        { from: 'q1', to: 'q2' },
        { from: 'q2', to: 'done' },
      ],
    },
  });
}

export const ev = {
  started: (): EngineEvent => ({ type: 'session_started', session_id: 's1' }),
  resumed: (): EngineEvent => ({ type: 'session_resumed', session_id: 's2' }),
  answer: (a: Partial<AssessmentInput> = {}, turn?: number): EngineEvent => ({
    type: 'answered',
    text: 'answer',
    assessment: assessmentSchema.parse({ objective_met: true, ...a }),
    ...(turn !== undefined ? { turn } : {}),
  }),
  decline: (reason: 'refused' | 'skip' | 'dont_know'): EngineEvent => ({ type: 'declined', reason }),
  consent: (given: boolean): EngineEvent => ({ type: 'consent', given }),
  repeat: (): EngineEvent => ({ type: 'repeat_requested' }),
  silence: (): EngineEvent => ({ type: 'silence_timeout' }),
  tick: (): EngineEvent => ({ type: 'tick' }),
  end: (): EngineEvent => ({ type: 'end_requested' }),
  left: (): EngineEvent => ({ type: 'participant_left' }),
};

/** Drive a run through events at the given times (default: 1 s apart from 0). */
export class Driver {
  state: EngineState;
  actions: EngineAction[] = [];
  all: EngineAction[] = [];
  now = 0;
  constructor(
    readonly blueprint: Blueprint,
    run: Partial<RunContextInput> = {},
  ) {
    this.state = start(blueprint, { run_id: 'r1', ...run }, 0).state;
  }
  send(event: EngineEvent, at?: number): StepResult {
    this.now = at ?? this.now + 1000;
    const result = step(this.blueprint, this.state, event, this.now);
    this.state = result.state;
    this.actions = result.actions;
    this.all.push(...result.actions);
    return result;
  }
  types(): string[] {
    return this.actions.map((a) => (a.type === 'say' ? `say:${a.kind}` : a.type));
  }
  find<T extends EngineAction['type']>(type: T): Extract<EngineAction, { type: T }> | undefined {
    return this.actions.find((a) => a.type === type) as Extract<EngineAction, { type: T }> | undefined;
  }
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
