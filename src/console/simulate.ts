import { Writable } from 'node:stream';
import type { Agent } from '../agent/schema.js';
import { buildConditionScope, evaluateCondition } from '../blueprint/conditions.js';
import { isAnswerNode, type Blueprint, type Edge } from '../blueprint/schema.js';
import { createConductor, type Conductor } from '../conductor/index.js';
import type { EngineState } from '../engine/types.js';
import { conditionToText } from '../graph/condition-text.js';
import { followUpBudget } from './notes.js';
import { PersonaParticipant, personaForRun, type PersonasFile } from './personas.js';
import { Renderer } from './render.js';
import { runConsoleInterview, type ConsoleClock, type ConsoleResult } from './runner.js';

/**
 * `parley simulate`: N offline interviews with scripted personas, then a coverage report. Each run uses
 * the real engine and the offline conductor (no network), a virtual clock (speaking time estimated from
 * word counts) and a persona seeded by the run index, so a simulation is reproducible.
 */
export const SIM_EPOCH_MS = Date.UTC(2025, 0, 1);
/** Speaking rates for duration estimates (words per second) and pauses (ms). */
export const AGENT_WPS = 2.5;
export const PARTICIPANT_WPS = 2.3;
export const AGENT_PAUSE_MS = 500;
export const PARTICIPANT_PAUSE_MS = 1500;

export function virtualClock(start = SIM_EPOCH_MS): ConsoleClock {
  let t = start;
  return {
    now: () => t,
    spoke: (role, text) => {
      const words = text.split(/\s+/).filter((w) => w !== '').length;
      t +=
        role === 'agent'
          ? Math.round((words / AGENT_WPS) * 1000) + AGENT_PAUSE_MS
          : Math.round((words / PARTICIPANT_WPS) * 1000) + PARTICIPANT_PAUSE_MS;
    },
  };
}

export interface SimRun {
  index: number;
  persona: string;
  style: string;
  seed: number;
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
}

export interface SimulationReport {
  blueprint: { id: string; version: number; name: string };
  runs_total: number;
  personas: Array<{ name: string; style: string; runs: number }>;
  coverage: { nodes_covered: number; nodes_total: number; edges_covered: number; edges_total: number };
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

export interface SimulationOptions {
  blueprint: Blueprint;
  agent: Agent;
  personas: PersonasFile;
  runs: number;
  vars?: Record<string, string>;
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

function edgeKey(e: { from: string; to: string; priority: number; condition: string | null }): string {
  return `${e.from}|${e.to}|${e.priority}|${e.condition ?? ''}`;
}

/** Which blueprint edges a run took, from its path, the console's notes and (for ties) its final state. */
export function edgesTaken(
  bp: Blueprint,
  result: Pick<ConsoleResult, 'path_taken' | 'turn_notes' | 'state'>,
): number[] {
  const noted: string[] = [];
  for (const n of result.turn_notes) {
    const taken = n.edges?.edges.find((e) => e.taken);
    if (n.edges !== null && taken !== undefined) noted.push(edgeKey({ from: n.edges.from, ...taken }));
  }
  const scope = buildConditionScope(bp, result.state);
  const out: number[] = [];
  const path = result.path_taken;
  for (let i = 0; i + 1 < path.length; i += 1) {
    const from = path[i] as string;
    const to = path[i + 1] as string;
    const candidates = bp.graph.edges
      .map((e, index) => ({ e, index }))
      .filter(({ e }) => e.from === from && e.to === to)
      .sort((a, b) => b.e.priority - a.e.priority);
    if (candidates.length === 0) {
      out.push(-1);
      continue;
    }
    if (candidates.length === 1) {
      out.push(candidates[0]!.index);
      continue;
    }
    const keyOf = (e: Edge): string =>
      edgeKey({
        from: e.from,
        to: e.to,
        priority: e.priority,
        condition: e.condition === undefined ? null : conditionToText(e.condition),
      });
    const fromNotes = candidates.find(({ e }) => {
      const at = noted.indexOf(keyOf(e));
      if (at < 0) return false;
      noted.splice(at, 1);
      return true;
    });
    const holding = candidates.find(
      ({ e }) => e.condition === undefined || evaluateCondition(e.condition, scope),
    );
    out.push((fromNotes ?? holding ?? candidates[0]!).index);
  }
  return out;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

export async function runSimulation(opts: SimulationOptions): Promise<SimulationReport> {
  const { blueprint: bp, agent, personas } = opts;
  const runs: SimRun[] = [];
  const vars = { ...personas.vars, ...(opts.vars ?? {}) };
  for (let index = 0; index < opts.runs; index += 1) {
    const persona = personaForRun(personas, index);
    const conductor =
      opts.conductor?.() ??
      createConductor({ agent, mode: 'offline', logger: silent, now: () => SIM_EPOCH_MS });
    const result = await runConsoleInterview({
      blueprint: bp,
      agent,
      conductor,
      participant: new PersonaParticipant(persona, bp, index),
      renderer: new Renderer({ out: nullSink, color: false, notes: false }),
      run: {
        run_id: `sim_${index}`,
        participant: { name: persona.participant_name ?? `Simulated ${persona.name}` },
        vars: { ...vars, ...persona.vars, ...(opts.vars ?? {}) },
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
    const run: SimRun = {
      index,
      persona: persona.name,
      style: persona.style,
      seed: index,
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
    };
    runs.push(run);
    opts.onRun?.(index + 1, opts.runs, run);
  }
  return buildReport(bp, agent, personas, runs);
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

export function buildReport(
  bp: Blueprint,
  agent: Agent,
  personas: PersonasFile,
  runs: SimRun[],
): SimulationReport {
  const personaRuns = personas.personas.map((p) => ({
    name: p.name,
    style: p.style,
    runs: runs.filter((r) => r.persona === p.name).length,
  }));
  const zero = (): Record<string, number> => Object.fromEntries(personas.personas.map((p) => [p.name, 0]));

  const nodes = Object.entries(bp.graph.nodes).map(([id, node]) => {
    const by = zero();
    let count = 0;
    for (const r of runs) {
      if (r.path_taken.includes(id)) {
        count += 1;
        by[r.persona] = (by[r.persona] ?? 0) + 1;
      }
    }
    return { id, type: node.type, runs: count, by_persona: by };
  });

  const edges = bp.graph.edges.map((e, index) => {
    const by = zero();
    let count = 0;
    for (const r of runs) {
      if (r.edges_taken.includes(index)) {
        count += 1;
        by[r.persona] = (by[r.persona] ?? 0) + 1;
      }
    }
    return {
      index,
      from: e.from,
      to: e.to,
      label: e.label ?? null,
      condition: e.condition === undefined ? null : conditionToText(e.condition),
      runs: count,
      by_persona: by,
    };
  });

  // Required questions: status of the last answer record (from the engine), per run.
  const required: SimulationReport['required'] = [];
  const follow: SimulationReport['follow_ups'] = [];
  for (const [id, node] of Object.entries(bp.graph.nodes)) {
    if (!isAnswerNode(node)) continue;
    const budget = followUpBudget(bp, agent, id);
    let visits = 0;
    let total = 0;
    let max = 0;
    let atBudget = 0;
    for (const r of runs) {
      const v = r.path_taken.filter((n) => n === id).length;
      visits += v;
      const f = r.follow_ups[id] ?? 0;
      total += f;
      max = Math.max(max, f);
      if (budget > 0 && v > 0 && f >= budget * v) atBudget += 1;
    }
    follow.push({
      node_id: id,
      budget,
      visits,
      total,
      mean_per_visit: visits === 0 ? 0 : Math.round((total / visits) * 100) / 100,
      max,
      runs_at_budget: atBudget,
    });
    if (!node.required) continue;
    const counts = { answered: 0, declined: 0, skipped: 0, not_reached: 0 };
    for (const r of runs) {
      if (!r.path_taken.includes(id)) counts.not_reached += 1;
      else if (!r.required_unanswered.includes(id)) counts.answered += 1;
      else counts[r.left ? 'skipped' : 'declined'] += 1;
    }
    required.push({ node_id: id, key: node.key, ...counts });
  }

  // End nodes reached only through conditional edges (knock-outs, refusals) end a run early.
  const branchEnds = new Set(
    Object.entries(bp.graph.nodes)
      .filter(
        ([id, n]) =>
          n.type === 'end' &&
          bp.graph.edges.filter((e) => e.to === id).every((e) => e.condition !== undefined),
      )
      .map(([id]) => id),
  );
  const endReasons: Record<string, number> = {};
  const endNodes: Record<string, number> = {};
  const early: SimulationReport['early'] = [];
  for (const r of runs) {
    const reason = r.left ? 'left' : (r.end_reason ?? 'unknown');
    endReasons[reason] = (endReasons[reason] ?? 0) + 1;
    if (r.end_node !== null) endNodes[r.end_node] = (endNodes[r.end_node] ?? 0) + 1;
    const at = r.path_taken.at(-1) ?? '(start)';
    if (r.left) early.push({ index: r.index, persona: r.persona, why: `stopped at ${at} (script ended)` });
    else if (r.end_reason !== 'completed')
      early.push({ index: r.index, persona: r.persona, why: `${r.end_reason ?? 'unknown'} at ${at}` });
    else if (r.end_node !== null && branchEnds.has(r.end_node)) {
      const missed = r.required_unanswered.filter((id) => !r.path_taken.includes(id)).length;
      early.push({
        index: r.index,
        persona: r.persona,
        why: `ended at ${r.end_node} (a conditional branch)${missed > 0 ? `: ${missed} required question${missed === 1 ? '' : 's'} not reached` : ''}`,
      });
    }
  }

  const durations = runs.map((r) => r.duration_s).sort((a, b) => a - b);
  return {
    blueprint: { id: bp.id, version: bp.version, name: bp.name },
    runs_total: runs.length,
    personas: personaRuns,
    coverage: {
      nodes_covered: nodes.filter((n) => n.runs > 0).length,
      nodes_total: nodes.length,
      edges_covered: edges.filter((e) => e.runs > 0).length,
      edges_total: edges.length,
    },
    nodes,
    edges,
    wrap_up_jumps: runs.reduce((n, r) => n + r.edges_taken.filter((e) => e === -1).length, 0),
    required,
    follow_ups: follow,
    end_reasons: endReasons,
    end_nodes: endNodes,
    early,
    duration_s: {
      min: durations[0] ?? 0,
      median: quantile(durations, 0.5),
      p90: quantile(durations, 0.9),
      max: durations.at(-1) ?? 0,
      mean: durations.length === 0 ? 0 : Math.round(durations.reduce((a, b) => a + b, 0) / durations.length),
      estimated: bp.settings.estimated_duration_m * 60,
      limit: bp.settings.max_duration_m * 60,
    },
    runs,
  };
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

function mmss(s: number): string {
  return `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;
}

/** The human-readable report. `mark` highlights problems (never-covered rows). */
export function formatReport(r: SimulationReport, mark: (s: string) => string = (s) => s): string {
  const names = r.personas.map((p) => p.name);
  const out: string[] = [];
  out.push(
    `Simulation of ${r.blueprint.id} v${r.blueprint.version}: ${r.runs_total} runs (${r.personas.map((p) => `${p.name} ${p.runs}`).join(', ')})`,
  );
  out.push(
    `Coverage: nodes ${r.coverage.nodes_covered}/${r.coverage.nodes_total}, edges ${r.coverage.edges_covered}/${r.coverage.edges_total}`,
  );
  out.push('', 'Nodes (runs that visited each node, by persona)');
  for (const l of table(
    ['node', 'type', 'total', ...names],
    r.nodes.map((n) => [n.id, n.type, String(n.runs), ...names.map((p) => String(n.by_persona[p] ?? 0))]),
  ))
    out.push(l);
  for (const n of r.nodes.filter((x) => x.runs === 0)) out.push(mark(`  never visited: ${n.id}`));
  out.push('', 'Edges (runs that took each edge, by persona)');
  for (const l of table(
    ['edge', 'total', ...names],
    r.edges.map((e) => [
      `${e.from} → ${e.to}${e.condition !== null ? ` [${e.condition}]` : ''}`,
      String(e.runs),
      ...names.map((p) => String(e.by_persona[p] ?? 0)),
    ]),
  ))
    out.push(l);
  for (const e of r.edges.filter((x) => x.runs === 0))
    out.push(mark(`  never taken: ${e.from} → ${e.to}${e.condition !== null ? ` [${e.condition}]` : ''}`));
  if (r.wrap_up_jumps > 0) out.push(`  wrap-up jumps (not along an edge): ${r.wrap_up_jumps}`);
  out.push('', 'Required questions (runs)');
  for (const l of table(
    ['question', 'answered', 'declined', 'skipped', 'not reached'],
    r.required.map((q) => [
      q.node_id,
      String(q.answered),
      String(q.declined),
      String(q.skipped),
      String(q.not_reached),
    ]),
  ))
    out.push(l);
  out.push('', 'Follow-ups per node vs budget');
  for (const l of table(
    ['node', 'budget', 'visits', 'asked', 'per visit', 'max', 'runs at budget'],
    r.follow_ups.map((f) => [
      f.node_id,
      String(f.budget),
      String(f.visits),
      String(f.total),
      f.mean_per_visit.toFixed(2),
      String(f.max),
      String(f.runs_at_budget),
    ]),
  ))
    out.push(l);
  out.push(
    '',
    `Endings: ${Object.entries(r.end_reasons)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; end nodes: ${
      Object.entries(r.end_nodes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
  );
  if (r.early.length > 0) {
    out.push(`Runs that ended early (${r.early.length}):`);
    for (const e of r.early.slice(0, 25)) out.push(`  #${e.index} ${e.persona}: ${e.why}`);
    if (r.early.length > 25) out.push(`  … and ${r.early.length - 25} more (see --json)`);
  }
  const d = r.duration_s;
  out.push(
    '',
    `Duration (estimated speaking time): min ${mmss(d.min)}, median ${mmss(d.median)}, p90 ${mmss(d.p90)}, max ${mmss(d.max)}; blueprint estimate ${mmss(d.estimated)}, limit ${mmss(d.limit)}`,
  );
  return out.join('\n') + '\n';
}
