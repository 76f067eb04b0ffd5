import { performance } from 'node:perf_hooks';
import { parseBlueprintSource, validateBlueprint } from '../../../src/blueprint/load.js';
import { blueprintSchema, type Blueprint } from '../../../src/blueprint/schema.js';
import { log, median, round } from '../lib.js';
import type { Part, PartResult, Row } from '../types.js';

/**
 * Input-file guards, timed (they were wall-clock asserts in the tests, which now check only the outcome):
 * parsing `a: [[[[…1]]]]` nested 400 000 deep (refused as TOO_DEEP before the YAML parser sees it), and
 * validating a 20 000-node cycle without an exit (CYCLE_UNBOUNDED). Median of N rounds, ms.
 */
function deepFlow(): string {
  return `a: ${'['.repeat(400_000)}1${']'.repeat(400_000)}\n`;
}

function bigCycle(): Blueprint {
  const nodes: Record<string, object> = { z: { type: 'end' } };
  const edges: { from: string; to: string }[] = [];
  for (let i = 0; i < 20_000; i++) {
    nodes[`n${i}`] = { type: 'statement', text: 'x' };
    edges.push({ from: `n${i}`, to: i === 19_999 ? 'n0' : `n${i + 1}` });
  }
  edges.push({ from: 'n19999', to: 'z' });
  return blueprintSchema.parse({
    id: 'bench-cycle',
    name: 'Bench cycle',
    graph: { entry_node: 'n0', nodes, edges },
  });
}

function timed(rounds: number, fn: () => void): number | null {
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return round(median(ms), 1);
}

export const filesPart: Part = {
  name: 'files',
  description: 'input-file guards: absurd flow nesting refused, a 20 000-node cycle validated (ms)',
  keys: [],
  run(ctx): Promise<PartResult> {
    const rounds = ctx.quick ? 3 : 10;
    const source = deepFlow();
    const deepMs = timed(rounds, () => {
      const codes = parseBlueprintSource(source, 'deep.yaml').problems.map((p) => p.code);
      if (codes.join() !== 'TOO_DEEP') throw new Error(`files bench: expected TOO_DEEP, got ${codes.join()}`);
    });
    const cycle = bigCycle();
    const cycleMs = timed(rounds, () => {
      const codes = validateBlueprint(cycle).map((p) => p.code);
      if (!codes.includes('CYCLE_UNBOUNDED'))
        throw new Error(`files bench: expected CYCLE_UNBOUNDED, got ${codes.join()}`);
    });
    log(`files: deep flow ${deepMs} ms, 20k-node cycle ${cycleMs} ms (median of ${rounds})`);
    const rows: Row[] = [
      { metric: 'parse 400k-deep flow nesting (TOO_DEEP), ms', values: { all: deepMs } },
      { metric: 'validate a 20k-node cycle, ms', values: { all: cycleMs } },
    ];
    return Promise.resolve({
      keys: {},
      rows,
      details: { rounds, deep_flow_ms: deepMs, cycle_20k_ms: cycleMs },
      notes: [],
    });
  },
};
