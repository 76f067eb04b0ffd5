import { join } from 'node:path';
import { defaultAgent } from '../../../src/agent/index.js';
import { createConductor } from '../../../src/conductor/index.js';
import { ROOT } from '../lib.js';
import { failuresOf, formatFailures } from './failures.js';
import { CASE_SETS, loadCorpus, type CaseSet } from './load.js';
import { runCorpus } from './run-cases.js';

/**
 * `node dist/test/bench/judgement/failures-cli.js [--set cases|holdout|holdout2]… [--category NAME]…`
 * (or `npx tsx test/bench/judgement/failures-cli.ts …`): the failing cases of the offline conductor, by set
 * and category. Exit code 0 either way — this is a dump for reading, not a gate.
 */
function usage(): never {
  console.error(
    `usage: failures-cli [--set ${CASE_SETS.join('|')}]… [--category NAME]…  (default: every set, every category)`,
  );
  process.exit(2);
}

const sets: CaseSet[] = [];
const categories: string[] = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const v = argv[i + 1];
  if (a === '--set' && v !== undefined && (CASE_SETS as readonly string[]).includes(v)) {
    sets.push(v as CaseSet);
    i++;
  } else if (a === '--category' && v !== undefined) {
    categories.push(v);
    i++;
  } else usage();
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const conductor = createConductor({ agent: defaultAgent, mode: 'offline', logger: silent, now: () => 0 });
const dir = join(ROOT, 'test/bench/judgement');
let total = 0;
for (const set of sets.length > 0 ? sets : CASE_SETS) {
  const corpus = await loadCorpus(dir, ROOT, set);
  const failures = failuresOf(set, corpus, await runCorpus(corpus, conductor)).filter(
    (f) => categories.length === 0 || categories.includes(f.category),
  );
  total += failures.length;
  if (failures.length > 0) console.log(formatFailures(failures) + '\n');
}
console.log(`${total} failing case(s)`);
