import type { FieldValue } from '../../../src/engine/types.js';
import type { CaseSet, Corpus } from './load.js';
import type { CaseResult } from './run-cases.js';
import type { Category, Expectation } from './schema.js';

/**
 * The failing cases of a judgement run, by set and category: what the label says and what the conductor
 * and engine did, one line each. Used by the bench part's details and by `failures-cli.ts`.
 */
export interface Failure {
  set: CaseSet;
  id: string;
  category: Category;
  node: string;
  utterance: string;
  /** Which scores failed: kind, value, capture, route, follow_up; `MISROUTE` for a decisive misroute. */
  failed: string[];
  expect: Expectation;
  got: CaseResult['outcome'];
}

export function failuresOf(set: CaseSet, corpus: Corpus, results: readonly CaseResult[]): Failure[] {
  const byId = new Map(corpus.cases.map((c) => [c.id, c]));
  const out: Failure[] = [];
  for (const r of results) {
    const s = r.score;
    const failed = [
      ...(s.decisiveMisroute ? ['MISROUTE'] : []),
      ...(s.kind ? [] : ['kind']),
      ...(s.value === false ? ['value'] : []),
      ...(s.capture === false ? ['capture'] : []),
      ...(s.route ? [] : ['route']),
      ...(s.followUp.predicted === s.followUp.expected ? [] : ['follow_up']),
    ];
    if (failed.length === 0) continue;
    const c = byId.get(r.id)!;
    out.push({
      set,
      id: r.id,
      category: r.category,
      node: `${r.blueprint}/${r.node}`,
      utterance: c.utterance,
      failed,
      expect: c.expect,
      got: r.outcome,
    });
  }
  return out;
}

const show = (v: FieldValue | undefined): string => (v === undefined ? '—' : JSON.stringify(v));
const fields = (f: Record<string, FieldValue>): string =>
  Object.keys(f).length === 0 ? '{}' : JSON.stringify(f);

/** A plain-text dump grouped by set, then category. */
export function formatFailures(failures: readonly Failure[]): string {
  const lines: string[] = [];
  const groups = new Map<string, Failure[]>();
  for (const f of failures)
    groups.set(`${f.set} / ${f.category}`, [...(groups.get(`${f.set} / ${f.category}`) ?? []), f]);
  for (const [group, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`## ${group} (${list.length})`);
    for (const f of list) {
      const e = f.expect;
      const g = f.got;
      lines.push(
        `- ${f.id} [${f.failed.join(', ')}] ${f.node}: "${f.utterance}"`,
        `    expected ${e.kind} value=${show(e.value)} fields=${fields(e.fields)} follow_up=${e.follow_up} next=${e.next}${e.expect_confirmation === true ? ' (confirm)' : ''}`,
        `    got      ${g.kind} value=${show(g.value)} fields=${fields(g.fields)} follow_up=${g.followUp} next=${g.next}${g.confirmation ? ' (confirm)' : ''} confidence=${g.confidence}`,
      );
    }
  }
  return lines.join('\n');
}
