import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';

/** test/setup/totals.ts, run as test:full runs it: over real vitest JSON report shapes in a temp folder. */
const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, import.meta.url.endsWith('.ts') ? 'totals.ts' : 'totals.js');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function report(passed: number, failed: number, pending: number) {
  return {
    success: failed === 0,
    numTotalTests: passed + failed + pending,
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: pending,
    numTodoTests: 0,
    testResults: [],
  };
}

function run(files: Record<string, unknown>, names: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-totals-'));
  dirs.push(dir);
  for (const [name, body] of Object.entries(files))
    writeFileSync(join(dir, `${name}.json`), typeof body === 'string' ? body : JSON.stringify(body));
  const args = [...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), script, dir, ...names];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('totals', () => {
  test('sums every report and closes on the plain "N passed, N failed, N skipped" line', () => {
    const r = run({ unit: report(1725, 0, 1), e2e: report(13, 0, 0) }, ['unit', 'e2e']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toEqual([
      'totals: unit 1725 passed, 0 failed, 1 skipped',
      'totals: e2e 13 passed, 0 failed, 0 skipped',
      'tests: 1738 passed, 0 failed, 1 skipped',
    ]);
  });

  test('a missing report, a failed run, a report of another shape or no test at all exit 1', () => {
    const missing = run({ unit: report(3, 0, 0) }, ['unit', 'e2e']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/cannot read .*e2e\.json/);
    const failed = run({ unit: report(3, 1, 0) }, ['unit']);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/the unit run did not succeed/);
    const other = run({ unit: '{"tests": 3}' }, ['unit']);
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/not a vitest JSON report/);
    const none = run({ unit: report(0, 0, 4) }, ['unit']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no test passed/);
    expect(run({}, []).code).toBe(2);
  });
});
