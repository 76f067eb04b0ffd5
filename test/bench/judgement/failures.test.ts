import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAgent } from '../../../src/agent/index.js';
import { createConductor } from '../../../src/conductor/index.js';
import { ROOT } from '../lib.js';
import { failuresOf, formatFailures } from './failures.js';
import { loadCorpus } from './load.js';
import { runCorpus } from './run-cases.js';

describe('judgement failures dump', () => {
  it('lists exactly the cases with a failing score, grouped by set and category', async () => {
    const corpus = await loadCorpus(join(ROOT, 'test/bench/judgement'), ROOT, 'holdout2');
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const conductor = createConductor({ agent: defaultAgent, mode: 'offline', logger: silent, now: () => 0 });
    const results = await runCorpus(corpus, conductor);
    const failing = results.filter(
      (r) =>
        !r.score.kind ||
        r.score.value === false ||
        r.score.capture === false ||
        !r.score.route ||
        r.score.followUp.predicted !== r.score.followUp.expected,
    );
    const failures = failuresOf('holdout2', corpus, results);
    expect(failures.map((f) => f.id)).toEqual(failing.map((r) => r.id));
    for (const f of failures) {
      expect(f.failed.length, f.id).toBeGreaterThan(0);
      expect(f.failed.includes('MISROUTE'), f.id).toBe(
        results.find((r) => r.id === f.id)!.score.decisiveMisroute,
      );
    }
    const text = formatFailures(failures);
    for (const f of failures) {
      expect(text).toContain(`## holdout2 / ${f.category}`);
      expect(text).toContain(`- ${f.id} [`);
    }
    expect(formatFailures([])).toBe('');
  });
});
