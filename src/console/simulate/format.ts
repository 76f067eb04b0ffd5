import type { SimulationReport } from './types.js';

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

function mmss(s: number): string {
  return `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;
}

/** Who played the participants: mode per run, model calls, retries and scripted fallbacks. */
function personaLines(r: SimulationReport): string[] {
  const p = r.persona_play;
  if (p.llm_runs === 0) return ['Personas: scripted (no model)'];
  const out = [
    `Personas: played by ${p.model ?? 'a model'} in ${p.llm_runs} run${p.llm_runs === 1 ? '' : 's'}, scripted in ${p.scripted_runs}; model calls ${p.calls}, retries ${p.retries}, fallbacks to the script ${p.fallbacks}${p.fallbacks > 0 ? ` (in ${p.runs_with_fallbacks} run${p.runs_with_fallbacks === 1 ? '' : 's'})` : ''}`,
  ];
  for (const l of table(
    ['persona', 'style', 'runs', 'llm', 'scripted', 'fallbacks'],
    r.personas.map((x) => [
      x.name,
      x.style,
      String(x.runs),
      String(x.llm_runs),
      String(x.scripted_runs),
      String(x.fallbacks),
    ]),
  ))
    out.push(`  ${l}`);
  const withFallbacks = r.runs.filter((x) => x.persona_fallbacks > 0);
  for (const x of withFallbacks.slice(0, 10))
    out.push(
      `  #${x.index} ${x.persona}: ${x.persona_fallbacks} of ${x.participant_turns} utterances from the script`,
    );
  if (withFallbacks.length > 10) out.push(`  … and ${withFallbacks.length - 10} more runs (see --json)`);
  return out;
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
  const mis = r.misroutes;
  const misLine = `Misroutes against the personas' intended paths: ${mis.total} in ${mis.runs_with_misroutes} run${mis.runs_with_misroutes === 1 ? '' : 's'}${
    mis.total > 0
      ? ` (${Object.entries(mis.by_node)
          .map(([n, c]) => `${n} ${c}`)
          .join(', ')})`
      : ''
  }`;
  out.push(mis.total > 0 ? mark(misLine) : misLine);
  out.push(...personaLines(r));
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
