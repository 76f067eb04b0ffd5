import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale, repoRoot, runCli } from '../console/cli-helpers.js';
import type { SimulationReport } from '../../src/console/simulate.js';

/**
 * `parley simulate` as a subprocess: the coverage numbers are recomputed from the per-run records in the
 * JSON report (so the matrix matches the runs), runs are reproducible, and usage errors exit 2.
 */
const personas = join(repoRoot, 'blueprints/personas/default.yaml');

beforeAll(() => buildIfStale(), 120_000);

async function simulate(blueprint: string, runs: number, personasFile = personas): Promise<SimulationReport> {
  const res = await runCli([
    'simulate',
    join(repoRoot, 'blueprints', `${blueprint}.yaml`),
    '--personas',
    personasFile,
    '--runs',
    String(runs),
    '--json',
  ]);
  expect(res.stderr).toContain(`simulated ${runs} runs`);
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout) as SimulationReport;
}

function checkConsistency(r: SimulationReport, runs: number): void {
  expect(r.runs_total).toBe(runs);
  expect(r.runs).toHaveLength(runs);
  // personas share the runs by weight (cooperative has weight 2 in the default file)
  expect(r.personas.reduce((n, p) => n + p.runs, 0)).toBe(runs);
  for (const p of r.personas) expect(p.runs).toBe(r.runs.filter((x) => x.persona === p.name).length);
  // node matrix = runs whose path visits the node
  for (const n of r.nodes) {
    const visiting = r.runs.filter((x) => x.path_taken.includes(n.id));
    expect(n.runs).toBe(visiting.length);
    for (const p of r.personas)
      expect(n.by_persona[p.name]).toBe(visiting.filter((x) => x.persona === p.name).length);
  }
  // edge matrix = runs that took the edge; every step of every path is an edge (or a wrap-up jump)
  for (const e of r.edges) expect(e.runs).toBe(r.runs.filter((x) => x.edges_taken.includes(e.index)).length);
  for (const run of r.runs) {
    expect(run.edges_taken).toHaveLength(Math.max(0, run.path_taken.length - 1));
    run.edges_taken.forEach((idx, i) => {
      if (idx === -1) return;
      const edge = r.edges[idx]!;
      expect([edge.from, edge.to]).toEqual([run.path_taken[i], run.path_taken[i + 1]]);
    });
  }
  expect(r.coverage.nodes_covered).toBe(r.nodes.filter((n) => n.runs > 0).length);
  expect(r.coverage.edges_covered).toBe(r.edges.filter((e) => e.runs > 0).length);
  // required questions: every run is counted once per question
  for (const q of r.required) expect(q.answered + q.declined + q.skipped + q.not_reached).toBe(runs);
  // follow-ups per node = sum over runs, never above budget per visit
  for (const f of r.follow_ups) {
    expect(f.total).toBe(r.runs.reduce((n, x) => n + (x.follow_ups[f.node_id] ?? 0), 0));
    expect(f.total).toBeLessThanOrEqual(f.budget * f.visits);
  }
  // endings add up
  expect(Object.values(r.end_reasons).reduce((a, b) => a + b, 0)).toBe(runs);
  const d = r.duration_s;
  expect(d.min).toBeLessThanOrEqual(d.median);
  expect(d.median).toBeLessThanOrEqual(d.p90);
  expect(d.p90).toBeLessThanOrEqual(d.max);
}

describe('parley simulate', () => {
  for (const bp of ['expert-vetting', 'product-discovery', 'recruiting-screen']) {
    it(`${bp}: the coverage report matches the runs`, async () => {
      const r = await simulate(bp, 40);
      checkConsistency(r, 40);
      expect(r.coverage.nodes_covered).toBe(r.coverage.nodes_total);
    });
  }

  it('win-loss with outcome-specific personas covers both branches', async () => {
    const r = await simulate('win-loss', 30, join(repoRoot, 'blueprints/personas/win-loss.yaml'));
    checkConsistency(r, 30);
    expect(r.coverage.edges_covered).toBe(r.coverage.edges_total);
  });

  it('knock-out endings are reported as early, with the reason', async () => {
    const r = await simulate('expert-vetting', 28);
    const knocked = r.runs.filter(
      (x) => x.end_node === 'knockout_compliance' || x.end_node === 'knockout_experience',
    );
    expect(knocked.length).toBeGreaterThan(0);
    for (const k of knocked) {
      expect(r.early.find((e) => e.index === k.index)?.why).toMatch(
        /ended at knockout_\w+ \(a conditional branch\)/,
      );
    }
  });

  it('is reproducible: the same runs give the same report', async () => {
    const a = await simulate('product-discovery', 12);
    const b = await simulate('product-discovery', 12);
    expect(b).toEqual(a);
  });

  it('prints a readable report with the coverage matrix', async () => {
    const res = await runCli([
      'simulate',
      join(repoRoot, 'blueprints/recruiting-screen.yaml'),
      '--personas',
      personas,
      '--runs',
      '14',
    ]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Simulation of recruiting-screen v1: 14 runs/);
    expect(res.stdout).toMatch(/Coverage: nodes \d+\/10, edges \d+\/10/);
    expect(res.stdout).toContain('Follow-ups per node vs budget');
    expect(res.stdout).toContain('Required questions');
    expect(res.stdout).toMatch(/Duration \(estimated speaking time\)/);
  });

  it('uses one persona of every style without --personas', async () => {
    const res = await runCli([
      'simulate',
      join(repoRoot, 'blueprints/product-discovery.yaml'),
      '--runs',
      '6',
      '--json',
    ]);
    expect(res.code).toBe(0);
    const r = JSON.parse(res.stdout) as SimulationReport;
    expect(r.personas.map((p) => p.style).sort()).toEqual(
      ['contradicting', 'cooperative', 'off_topic', 'rambling', 'refusing', 'terse'].sort(),
    );
  });

  it('rejects bad input with exit 2', async () => {
    const bad = await runCli(['simulate', join(repoRoot, 'blueprints/win-loss.yaml'), '--runs', '0']);
    expect(bad.code).toBe(2);
    const vars = await runCli(['simulate', join(repoRoot, 'blueprints/win-loss.yaml'), '--runs', '2']);
    expect(vars.code).toBe(2);
    expect(vars.stderr).toMatch(/missing required variables: competitor, outcome/);
    const file = await runCli([
      'simulate',
      join(repoRoot, 'blueprints/win-loss.yaml'),
      '--personas',
      'nope.yaml',
    ]);
    expect(file.code).toBe(2);
  }, 30_000); // three CLI start-ups: ~4 s on an idle machine, more on a shared one
});
