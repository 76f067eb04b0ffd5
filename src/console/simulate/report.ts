import type { Agent } from '../../agent/schema.js';
import { isAnswerNode, type Blueprint } from '../../blueprint/schema.js';
import { conditionToText } from '../../graph/condition-text.js';
import { followUpBudget } from '../notes.js';
import type { PersonasFile } from '../personas/schema.js';
import type { SimRun, SimulationReport } from './types.js';

/** The coverage report: node and edge matrices by persona, required questions, follow-ups, endings. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

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
    llm_runs: runs.filter((r) => r.persona === p.name && r.persona_mode === 'llm').length,
    scripted_runs: runs.filter((r) => r.persona === p.name && r.persona_mode === 'scripted').length,
    fallbacks: runs.filter((r) => r.persona === p.name).reduce((n, r) => n + r.persona_fallbacks, 0),
  }));
  const llmRuns = runs.filter((r) => r.persona_mode === 'llm');
  const personaPlay: SimulationReport['persona_play'] = {
    model: llmRuns[0]?.persona_model ?? null,
    llm_runs: llmRuns.length,
    scripted_runs: runs.length - llmRuns.length,
    calls: runs.reduce((n, r) => n + r.persona_calls, 0),
    retries: runs.reduce((n, r) => n + r.persona_retries, 0),
    fallbacks: runs.reduce((n, r) => n + r.persona_fallbacks, 0),
    runs_with_fallbacks: runs.filter((r) => r.persona_fallbacks > 0).length,
  };
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
    persona_play: personaPlay,
    coverage: {
      nodes_covered: nodes.filter((n) => n.runs > 0).length,
      nodes_total: nodes.length,
      edges_covered: edges.filter((e) => e.runs > 0).length,
      edges_total: edges.length,
    },
    misroutes: {
      total: runs.reduce((n, r) => n + r.misroutes.length, 0),
      runs_with_misroutes: runs.filter((r) => r.misroutes.length > 0).length,
      by_persona: Object.fromEntries(
        personas.personas.map((p) => [
          p.name,
          runs.filter((r) => r.persona === p.name).reduce((n, r) => n + r.misroutes.length, 0),
        ]),
      ),
      by_node: runs
        .flatMap((r) => r.misroutes)
        .reduce<Record<string, number>>((acc, m) => ({ ...acc, [m.node_id]: (acc[m.node_id] ?? 0) + 1 }), {}),
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
