import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import { blueprintSchema } from '../../src/blueprint/schema.js';
import { start, step } from '../../src/engine/index.js';
import { assessmentSchema, type EngineState } from '../../src/engine/types.js';
import { findMisroutes } from '../../src/console/simulate/misroutes.js';
import { buildIfStale, repoRoot, runCli } from '../console/cli-helpers.js';

/**
 * `parley simulate` measures misroutes against each persona's intended path (issue 13 §5): scripted
 * personas say varied phrasings, each line with the value it means; the report counts the routes that
 * differ, and `--fail-on-misroute` turns them into exit 1.
 */
beforeAll(() => buildIfStale(), 120_000);

const vetting = join(repoRoot, 'blueprints/expert-vetting.yaml');
const vars = ['--var', 'topic=payments', '--var', 'client_company=Acme'];

interface Report {
  coverage: { edges_covered: number; edges_total: number };
  misroutes: {
    total: number;
    runs_with_misroutes: number;
    by_persona: Record<string, number>;
    by_node: Record<string, number>;
  };
  runs: Array<{
    persona: string;
    path_taken: string[];
    misroutes: Array<{ node_id: string; expected_next: string | null; actual_next: string | null }>;
  }>;
}

describe('parley simulate: misroutes against the intended path', () => {
  it('reports misroutes next to coverage, consistent with every run, and --fail-on-misroute exits 1 on them', async () => {
    const res = await runCli(['simulate', vetting, '--runs', '30', '--scripted-personas', '--json', ...vars]);
    expect(res.code).toBe(0);
    const r = JSON.parse(res.stdout) as Report;
    const perRun = r.runs.reduce((n, run) => n + run.misroutes.length, 0);
    expect(r.misroutes.total).toBe(perRun);
    expect(Object.values(r.misroutes.by_persona).reduce((a, b) => a + b, 0)).toBe(perRun);
    for (const run of r.runs)
      for (const m of run.misroutes) {
        expect(m.expected_next).not.toBe(m.actual_next);
        expect(run.path_taken[run.path_taken.indexOf(m.node_id) + 1]).toBe(m.actual_next);
      }

    const text = await runCli(['simulate', vetting, '--runs', '30', '--scripted-personas', ...vars]);
    expect(text.stdout).toMatch(
      new RegExp(`Misroutes against the personas' intended paths: ${r.misroutes.total} in`),
    );

    const strict = await runCli([
      'simulate',
      vetting,
      '--runs',
      '30',
      '--scripted-personas',
      '--fail-on-misroute',
      ...vars,
    ]);
    expect(strict.code).toBe(r.misroutes.total > 0 ? 1 : 0);
    if (r.misroutes.total > 0)
      expect(strict.stderr).toMatch(/misroutes? against the personas' intended paths/);
  }, 120_000);
});

describe('findMisroutes', () => {
  const bp = blueprintSchema.parse({
    id: 'k',
    name: 'K',
    graph: {
      entry_node: 'ties',
      nodes: {
        ties: { type: 'yes_no', key: 'ties', text: 'Ties?', probing: { enabled: false } },
        more: { type: 'question', key: 'more', text: 'More?', probing: { enabled: false } },
        out: { type: 'end' },
        done: { type: 'end' },
      },
      edges: [
        {
          from: 'ties',
          to: 'out',
          priority: 1,
          confirm: 'never',
          condition: { type: 'structured', field: 'ties.value', operator: 'eq', value: true },
        },
        { from: 'ties', to: 'more' },
        { from: 'more', to: 'done' },
      ],
    },
  });
  const runWith = (value: boolean): EngineState => {
    let s = start(bp, { run_id: 'r' }, 0).state;
    s = step(bp, s, { type: 'session_started', session_id: 's' }, 0).state;
    return step(
      bp,
      s,
      { type: 'answered', text: 'x', assessment: assessmentSchema.parse({ objective_met: true, value }) },
      1,
    ).state;
  };

  it('a value read as yes that was meant as no, routed to the knock-out, is a misroute', () => {
    expect(findMisroutes(bp, runWith(true), { ties: false })).toEqual([
      { node_id: 'ties', intended: false, recorded: true, expected_next: 'more', actual_next: 'out' },
    ]);
  });

  it('a value understood as meant is not', () => {
    expect(findMisroutes(bp, runWith(false), { ties: false })).toEqual([]);
    expect(findMisroutes(bp, runWith(true), {})).toEqual([]);
  });
});
