import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isAnswerNode, type Blueprint } from '../../../src/blueprint/schema.js';
import { loadBlueprintOrThrow } from '../../../src/blueprint/load.js';
import { caseFileSchema, caseSchema, type AnalysisCase } from './schema.js';

export type LoadedCase = AnalysisCase & { blueprint: string; file: string };

export interface AnalysisCorpus {
  cases: LoadedCase[];
  /** By blueprint id; with the case file's bench scorecard when it adds one. */
  blueprints: Map<string, Blueprint>;
}

/** A corpus problem, naming the file and (when known) the case id. */
export class AnalysisCorpusError extends Error {
  constructor(file: string, caseId: string | undefined, message: string) {
    super(`${file}${caseId !== undefined ? ` (case ${caseId})` : ''}: ${message}`);
    this.name = 'AnalysisCorpusError';
  }
}

function zodMessage(e: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return e.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Parses one case file's text (exported for tests). */
export function parseAnalysisCaseFile(
  text: string,
  file: string,
): { header: ReturnType<typeof caseFileSchema.parse>; cases: LoadedCase[] } {
  const f = caseFileSchema.safeParse(parse(text));
  if (!f.success) throw new AnalysisCorpusError(file, undefined, zodMessage(f.error));
  const cases = f.data.cases.map((raw, i) => {
    const id =
      typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string'
        ? raw.id
        : `#${i + 1}`;
    const c = caseSchema.safeParse(raw);
    if (!c.success) throw new AnalysisCorpusError(file, id, zodMessage(c.error));
    return { ...c.data, blueprint: f.data.blueprint, file };
  });
  return { header: f.data, cases };
}

function checkCase(c: LoadedCase, bp: Blueprint): void {
  const keys = new Set<string>();
  for (const node of Object.values(bp.graph.nodes)) if (isAnswerNode(node)) keys.add(node.key);
  for (const a of c.answers)
    if (!keys.has(a.key)) throw new AnalysisCorpusError(c.file, c.id, `no question key ${a.key}`);
  for (const k of Object.keys(c.labels.sentiment)) {
    if (!keys.has(k)) throw new AnalysisCorpusError(c.file, c.id, `labels.sentiment: no question key ${k}`);
    if (!c.answers.some((a) => a.key === k && a.decline === undefined))
      throw new AnalysisCorpusError(c.file, c.id, `labels.sentiment: ${k} is not answered`);
  }
  for (const span of c.labels.must_quote)
    if (!c.answers.some((a) => a.text.includes(span)))
      throw new AnalysisCorpusError(c.file, c.id, `labels.must_quote: "${span}" is in no answer`);
}

/**
 * Loads every `<sub>/*.yaml` of `dir` (`cases`, the main set, `holdout` or `holdout2`) and the blueprints they
 * name (files relative to `root`).
 */
export async function loadAnalysisCorpus(
  dir: string,
  root: string,
  sub: 'cases' | 'holdout' | 'holdout2' = 'cases',
): Promise<AnalysisCorpus> {
  const casesDir = join(dir, sub);
  const blueprints = new Map<string, Blueprint>();
  const cases: LoadedCase[] = [];
  const seen = new Set<string>();
  for (const name of readdirSync(casesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const file = join(casesDir, name);
    const { header, cases: list } = parseAnalysisCaseFile(readFileSync(file, 'utf8'), file);
    let bp = await loadBlueprintOrThrow(join(root, header.file));
    if (bp.id !== header.blueprint)
      throw new AnalysisCorpusError(
        file,
        undefined,
        `${header.file} has id ${bp.id}, not ${header.blueprint}`,
      );
    if (header.scorecard !== undefined) {
      if (bp.scorecard !== undefined)
        throw new AnalysisCorpusError(file, undefined, `${bp.id} already declares a scorecard`);
      bp = { ...bp, scorecard: header.scorecard };
    }
    blueprints.set(bp.id, bp);
    for (const c of list) {
      if (seen.has(c.id)) throw new AnalysisCorpusError(file, c.id, 'duplicate case id');
      seen.add(c.id);
      checkCase(c, bp);
      cases.push(c);
    }
  }
  for (const c of cases) {
    if (c.pair === undefined) continue;
    const group = cases.filter((o) => o.pair?.group === c.pair!.group);
    if (group.length !== 2 || group[0]!.pair!.rank === group[1]!.pair!.rank)
      throw new AnalysisCorpusError(
        c.file,
        c.id,
        `pair ${c.pair.group} needs one stronger and one weaker case`,
      );
    if (group[0]!.blueprint !== group[1]!.blueprint)
      throw new AnalysisCorpusError(c.file, c.id, `pair ${c.pair.group} spans two blueprints`);
  }
  return { cases, blueprints };
}
