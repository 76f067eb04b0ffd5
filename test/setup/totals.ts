import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The suite's totals, from the JSON reports the vitest runs of `test:full` write (`--reporter=json`):
 * `node dist/test/setup/totals.js DIR NAME...` reads DIR/NAME.json for each NAME and prints one line per
 * report and then `tests: N passed, N failed, N skipped` over all of them. A missing or unreadable report,
 * or one with a failure, exits 1: the totals only close a run whose every stage wrote its report.
 */
const reportSchema = z.object({
  success: z.boolean(),
  numTotalTests: z.number().int().nonnegative(),
  numPassedTests: z.number().int().nonnegative(),
  numFailedTests: z.number().int().nonnegative(),
  numPendingTests: z.number().int().nonnegative(),
  numTodoTests: z.number().int().nonnegative(),
});
type Report = z.infer<typeof reportSchema>;

function read(dir: string, name: string): Report {
  const file = join(dir, `${name}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`totals: cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(`totals: ${file} is not a vitest JSON report: ${parsed.error.message}`);
  return parsed.data;
}

const [dir, ...names] = process.argv.slice(2);
if (dir === undefined || names.length === 0) {
  console.error('usage: totals DIR NAME...');
  process.exit(2);
}
try {
  const sum = { passed: 0, failed: 0, skipped: 0 };
  for (const name of names) {
    const r = read(dir, name);
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`totals: ${name} ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
    sum.passed += r.numPassedTests;
    sum.failed += r.numFailedTests;
    sum.skipped += skipped;
    if (!r.success || r.numFailedTests > 0) throw new Error(`totals: the ${name} run did not succeed`);
  }
  if (sum.passed === 0) throw new Error('totals: no test passed');
  console.log(`tests: ${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
