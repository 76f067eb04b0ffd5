import type { Blueprint } from '../blueprint/schema.js';
import type { EngineState, RunContextInput, StepResult } from './types.js';
import { runContextSchema } from './types.js';

/**
 * Create the state of a new run: status `not_started`, variable defaults applied (a value supplied with
 * the run wins), no actions. The interview itself begins with the first `session_started` event (intro,
 * consent, entry node), so a run can be created long before anyone joins. `now` is accepted for
 * symmetry with `step`; the interview clock starts at `session_started`.
 *
 * Throws a ZodError when `run` does not match `runContextSchema`.
 */
export function start(blueprint: Blueprint, run: RunContextInput, now: number): StepResult {
  void now;
  const parsed = runContextSchema.parse(run);
  const vars: Record<string, string> = {};
  for (const variable of blueprint.variables) {
    if (variable.default !== undefined) vars[variable.name] = variable.default;
  }
  Object.assign(vars, parsed.vars);
  const state: EngineState = {
    run: structuredClone({ ...parsed, vars }),
    blueprint_id: blueprint.id,
    blueprint_version: blueprint.version,
    status: 'not_started',
    current_node: null,
    current_follow_ups: 0,
    visits: {},
    answers: {},
    probe_ledger: [],
    path_taken: [],
    consent: blueprint.settings.consent ? 'pending' : 'not_required',
    silence_prompts: 0,
    session_count: 0,
    started_at: null,
    last_activity_at: null,
    ended_at: null,
    end_reason: null,
    steps: 0,
    current_pending: false,
    current_reasked: false,
  };
  return { state, actions: [] };
}
