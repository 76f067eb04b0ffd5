import type { Misroute } from './misroutes.js';
import type { EngineState } from '../../engine/types.js';
import type { PersonaMode } from '../personas/schema.js';

/** One simulated run and the coverage report over all runs (what `--json` prints). */
export interface SimRun {
  index: number;
  persona: string;
  style: string;
  seed: number;
  /** Who played the participant: a model (`llm`) or the script. */
  persona_mode: PersonaMode;
  /** `provider:model` when a model played. */
  persona_model: string | null;
  /** Model calls made for this run (retries included). */
  persona_calls: number;
  persona_retries: number;
  /** Utterances the scripted persona said after the model failed twice. */
  persona_fallbacks: number;
  path_taken: string[];
  status: EngineState['status'];
  end_reason: EngineState['end_reason'];
  left: boolean;
  /** The end node reached (when the interview ended at one). */
  end_node: string | null;
  /** Edge indexes (into blueprint.graph.edges) taken, in order; -1 for a wrap-up jump. */
  edges_taken: number[];
  follow_ups: Record<string, number>;
  required_unanswered: string[];
  participant_turns: number;
  duration_s: number;
  /** Routes that differ from the persona's intended path (see misroutes.ts). */
  misroutes: Misroute[];
}

export interface SimulationReport {
  blueprint: { id: string; version: number; name: string };
  runs_total: number;
  personas: Array<{
    name: string;
    style: string;
    runs: number;
    llm_runs: number;
    scripted_runs: number;
    fallbacks: number;
  }>;
  /** How the participants were played, over all runs. */
  persona_play: {
    /** `provider:model` when any run was model-played. */
    model: string | null;
    llm_runs: number;
    scripted_runs: number;
    calls: number;
    retries: number;
    fallbacks: number;
    runs_with_fallbacks: number;
  };
  coverage: { nodes_covered: number; nodes_total: number; edges_covered: number; edges_total: number };
  /** Misroutes against each persona's intended path, next to coverage. */
  misroutes: {
    total: number;
    runs_with_misroutes: number;
    by_persona: Record<string, number>;
    by_node: Record<string, number>;
  };
  nodes: Array<{ id: string; type: string; runs: number; by_persona: Record<string, number> }>;
  edges: Array<{
    index: number;
    from: string;
    to: string;
    label: string | null;
    condition: string | null;
    runs: number;
    by_persona: Record<string, number>;
  }>;
  wrap_up_jumps: number;
  required: Array<{
    node_id: string;
    key: string;
    answered: number;
    declined: number;
    skipped: number;
    not_reached: number;
  }>;
  follow_ups: Array<{
    node_id: string;
    budget: number;
    visits: number;
    total: number;
    mean_per_visit: number;
    max: number;
    runs_at_budget: number;
  }>;
  end_reasons: Record<string, number>;
  end_nodes: Record<string, number>;
  early: Array<{ index: number; persona: string; why: string }>;
  duration_s: {
    min: number;
    median: number;
    p90: number;
    max: number;
    mean: number;
    estimated: number;
    limit: number;
  };
  runs: SimRun[];
}
