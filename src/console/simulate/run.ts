import { Writable } from 'node:stream';
import type { Agent } from '../../agent/schema.js';
import { isAnswerNode, type Blueprint } from '../../blueprint/schema.js';
import { createConductor, type Conductor } from '../../conductor/index.js';
import { personaParticipant, scriptedPlan, type PersonaPlan } from '../personas/plan.js';
import { personaForRun, type PersonasFile } from '../personas/schema.js';
import { Renderer } from '../render.js';
import { runConsoleInterview } from '../runner.js';
import { SIM_EPOCH_MS, virtualClock } from './clock.js';
import { findMisroutes } from './misroutes.js';
import { edgesTaken } from './edges.js';
import { buildReport } from './report.js';
import type { SimRun, SimulationReport } from './types.js';

/**
 * The runs of a simulation: each uses the real engine and the offline conductor (no network), a virtual
 * clock and a persona chosen by run index (scripted or model-played, per the persona plan). Runs are
 * independent: with a model playing they run `plan.concurrency` at a time; the report lists them in
 * index order either way.
 */
export interface SimulationOptions {
  blueprint: Blueprint;
  agent: Agent;
  personas: PersonasFile;
  runs: number;
  vars?: Record<string, string>;
  /** Who plays the personas (default: every persona scripted). */
  plan?: PersonaPlan;
  /** Called after each run (for the progress line). */
  onRun?: (done: number, total: number, run: SimRun) => void;
  /** Conductor factory (default: offline). */
  conductor?: () => Conductor;
}

const nullSink = new Writable({
  write(_chunk, _enc, cb) {
    cb();
  },
});

const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function simulateOne(opts: SimulationOptions, plan: PersonaPlan, index: number): Promise<SimRun> {
  const { blueprint: bp, agent, personas } = opts;
  const persona = personaForRun(personas, index);
  const vars = { ...personas.vars, ...persona.vars, ...(opts.vars ?? {}) };
  const conductor =
    opts.conductor?.() ??
    createConductor({ agent, mode: 'offline', logger: silent, now: () => SIM_EPOCH_MS });
  const participant = personaParticipant(plan, persona, bp, index, vars);
  const result = await runConsoleInterview({
    blueprint: bp,
    agent,
    conductor,
    participant,
    renderer: new Renderer({ out: nullSink, color: false, notes: false }),
    run: {
      run_id: `sim_${index}`,
      participant: { name: persona.participant_name ?? `Simulated ${persona.name}` },
      vars,
      limits: {
        max_follow_ups_per_question: agent.boundaries.max_follow_ups_per_question,
        max_silence_prompts: 1,
      },
    },
    clock: virtualClock(),
    maxParticipantTurns: 200,
  });
  const follow: Record<string, number> = {};
  for (const p of result.probe_ledger) follow[p.node_id] = (follow[p.node_id] ?? 0) + 1;
  const last = result.path_taken.at(-1);
  const endNode = last !== undefined && bp.graph.nodes[last]?.type === 'end' ? last : null;
  const requiredUnanswered = Object.entries(bp.graph.nodes)
    .filter(([id, n]) => isAnswerNode(n) && n.required && result.state.answers[id]?.status !== 'answered')
    .map(([id]) => id);
  const stats = participant.stats();
  return {
    index,
    persona: persona.name,
    style: persona.style,
    seed: index,
    persona_mode: stats.mode,
    persona_model: stats.model,
    persona_calls: stats.calls,
    persona_retries: stats.retries,
    persona_fallbacks: stats.fallbacks,
    path_taken: result.path_taken,
    status: result.status,
    end_reason: result.end_reason,
    left: result.left,
    end_node: endNode,
    edges_taken: edgesTaken(bp, result),
    follow_ups: follow,
    required_unanswered: requiredUnanswered,
    participant_turns: result.transcript.filter((t) => t.role === 'participant').length,
    duration_s: Math.round(result.duration_ms / 1000),
    misroutes: findMisroutes(bp, result.state, participant.intended ?? {}),
  };
}

export async function runSimulation(opts: SimulationOptions): Promise<SimulationReport> {
  const plan = opts.plan ?? scriptedPlan(opts.agent);
  const runs: SimRun[] = new Array<SimRun>(opts.runs);
  let nextIndex = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < opts.runs) {
      const index = nextIndex;
      nextIndex += 1;
      const run = await simulateOne(opts, plan, index);
      runs[index] = run;
      done += 1;
      opts.onRun?.(done, opts.runs, run);
    }
  };
  const workers = Math.max(1, Math.min(plan.concurrency, opts.runs));
  await Promise.all(Array.from({ length: workers }, () => worker()));
  return buildReport(opts.blueprint, opts.agent, opts.personas, runs);
}
