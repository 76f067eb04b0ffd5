import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isAnswerNode, type Blueprint } from '../../../src/blueprint/schema.js';
import { loadBlueprintOrThrow } from '../../../src/blueprint/load.js';
import {
  caseFileSchema,
  caseSchema,
  setupSchema,
  type Category,
  type JudgementCase,
  type Setup,
} from './schema.js';

export interface Corpus {
  cases: (JudgementCase & { category: Category; file: string })[];
  setup: Setup;
  blueprints: Map<string, Blueprint>;
}

/** A corpus problem, naming the file and (when known) the case id. */
export class CorpusError extends Error {
  constructor(
    readonly file: string,
    readonly caseId: string | undefined,
    message: string,
  ) {
    super(`${file}${caseId !== undefined ? ` (case ${caseId})` : ''}: ${message}`);
    this.name = 'CorpusError';
  }
}

function zodMessage(e: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return e.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Parse one case file's text (exported for tests). */
export function parseCaseFile(text: string, file: string): Corpus['cases'] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new CorpusError(
      file,
      undefined,
      `invalid YAML: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const f = caseFileSchema.safeParse(raw);
  if (!f.success) throw new CorpusError(file, undefined, zodMessage(f.error));
  return f.data.cases.map((c, i) => {
    const id =
      typeof c === 'object' && c !== null && 'id' in c && typeof c.id === 'string' ? c.id : `#${i + 1}`;
    const parsed = caseSchema.safeParse(c);
    if (!parsed.success) throw new CorpusError(file, id, zodMessage(parsed.error));
    return { ...parsed.data, category: f.data.category, file };
  });
}

/** Check that every case names a real blueprint and an answer-taking (or consent) node of it. */
export function checkReferences(corpus: Corpus): void {
  const seen = new Set<string>();
  for (const c of corpus.cases) {
    if (seen.has(c.id)) throw new CorpusError(c.file, c.id, 'duplicate case id');
    seen.add(c.id);
    const bp = corpus.blueprints.get(c.blueprint);
    if (bp === undefined) throw new CorpusError(c.file, c.id, `unknown blueprint ${c.blueprint}`);
    const node = bp.graph.nodes[c.node];
    if (node === undefined)
      throw new CorpusError(c.file, c.id, `blueprint ${c.blueprint} has no node ${c.node}`);
    if (!isAnswerNode(node) && node.type !== 'consent')
      throw new CorpusError(c.file, c.id, `node ${c.node} is a ${node.type} node, not a question`);
    const next = c.expect.next;
    if (!next.startsWith('ended:') && bp.graph.nodes[next] === undefined)
      throw new CorpusError(c.file, c.id, `expect.next: blueprint ${c.blueprint} has no node ${next}`);
    if (isAnswerNode(node))
      for (const f of Object.keys(c.expect.fields))
        if (node.capture[f] === undefined)
          throw new CorpusError(c.file, c.id, `expect.fields: node ${c.node} has no capture field ${f}`);
    if (c.walk !== undefined && corpus.setup[c.blueprint]?.variants[c.walk] === undefined)
      throw new CorpusError(c.file, c.id, `walk ${c.walk} is not in setup.yaml for ${c.blueprint}`);
  }
}

/**
 * The case sets: `cases/` (the corpus the rules were developed on), `holdout/` (written after the rules)
 * `holdout2/` (written on 2026-12-03 before the next round of rule changes, phrased the way people
 * talk on a phone call; tuned on afterwards) and `holdout3/` (written on 2026-12-07 before that day's rule
 * changes, phone-call speech; never tuned on).
 */
export const CASE_SETS = ['cases', 'holdout', 'holdout2', 'holdout3'] as const;
export type CaseSet = (typeof CASE_SETS)[number];

/**
 * Load `setup.yaml`, the blueprints it names (relative to `root`) and every `<sub>/*.yaml` of one set.
 */
export async function loadCorpus(dir: string, root: string, sub: CaseSet = 'cases'): Promise<Corpus> {
  const setupFile = join(dir, 'setup.yaml');
  const s = setupSchema.safeParse(parse(readFileSync(setupFile, 'utf8')));
  if (!s.success) throw new CorpusError(setupFile, undefined, zodMessage(s.error));
  const blueprints = new Map<string, Blueprint>();
  for (const [id, b] of Object.entries(s.data)) {
    const bp = await loadBlueprintOrThrow(join(root, b.file));
    if (bp.id !== id) throw new CorpusError(setupFile, undefined, `${b.file} has id ${bp.id}, not ${id}`);
    blueprints.set(id, bp);
  }
  const casesDir = join(dir, sub);
  const cases = readdirSync(casesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => parseCaseFile(readFileSync(join(casesDir, f), 'utf8'), join(casesDir, f)));
  const corpus = { cases, setup: s.data, blueprints };
  checkReferences(corpus);
  return corpus;
}
