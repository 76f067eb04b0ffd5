import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAnswerNode } from '../../../src/blueprint/schema.js';
import { ROOT } from '../lib.js';
import { CASE_SETS, CorpusError, loadCorpus, parseCaseFile } from './load.js';
import { CATEGORIES, expectationSchema } from './schema.js';
import { sameValue, scoreCase, summarize, type Outcome, type RouteContext } from './score.js';
import { stateAtNode } from './state.js';

describe('judgement corpus', () => {
  it('loads: ≥ 500 cases, ≥ 25 per category, every case on a real node that its walk reaches', async () => {
    const corpus = await loadCorpus(join(ROOT, 'test/bench/judgement'), ROOT);
    expect(corpus.cases.length).toBeGreaterThanOrEqual(500);
    for (const cat of CATEGORIES)
      expect(corpus.cases.filter((c) => c.category === cat).length, cat).toBeGreaterThanOrEqual(25);
    expect(new Set(corpus.cases.map((c) => c.blueprint)).size).toBe(6);
    for (const c of corpus.cases) {
      const bp = corpus.blueprints.get(c.blueprint)!;
      const node = bp.graph.nodes[c.node]!;
      expect(isAnswerNode(node) || node.type === 'consent', c.id).toBe(true);
      const at = stateAtNode(bp, corpus.setup[c.blueprint]!, c);
      expect(at.state.current_node, c.id).toBe(c.node);
      expect(
        at.history.some((t) => t.role === 'agent' && t.node_id === c.node),
        c.id,
      ).toBe(true);
    }
  });

  it.each(['holdout', 'holdout2', 'holdout3'] as const)(
    'the %s set (never tuned on) loads: every category, every case on a node its walk reaches, ids unique across the sets',
    async (set) => {
      const dir = join(ROOT, 'test/bench/judgement');
      const holdout = await loadCorpus(dir, ROOT, set);
      for (const cat of CATEGORIES)
        expect(holdout.cases.filter((c) => c.category === cat).length, cat).toBeGreaterThanOrEqual(5);
      for (const c of holdout.cases) {
        const at = stateAtNode(holdout.blueprints.get(c.blueprint)!, holdout.setup[c.blueprint]!, c);
        expect(at.state.current_node, c.id).toBe(c.node);
      }
      const others = new Set(
        (
          await Promise.all(
            CASE_SETS.filter((s) => s !== set).map(async (s) => (await loadCorpus(dir, ROOT, s)).cases),
          )
        )
          .flat()
          .map((c) => c.id),
      );
      expect(holdout.cases.filter((c) => others.has(c.id))).toEqual([]);
    },
  );

  it('names the file and the case id of a malformed case', () => {
    const bad = `category: hedges\ncases:\n  - { id: ok-1, blueprint: b, node: n, utterance: hi, expect: { kind: answer, follow_up: false, next: x } }\n  - { id: broken-2, blueprint: b, node: n, utterance: hi, expect: { kind: maybe, follow_up: false, next: x } }\n`;
    expect(() => parseCaseFile(bad, 'cases/hedges.yaml')).toThrow(CorpusError);
    expect(() => parseCaseFile(bad, 'cases/hedges.yaml')).toThrow(
      /cases\/hedges\.yaml \(case broken-2\): expect\.kind/,
    );
    expect(() => parseCaseFile('category: nope\ncases: [1]\n', 'x.yaml')).toThrow(/x\.yaml: category/);
  });
});

describe('judgement scoring', () => {
  const ctx: RouteContext = {
    node: 'experience',
    captureNames: ['years'],
    endNodes: new Set(['ko']),
    requiredNodes: new Set(['experience', 'junior', 'senior']),
  };
  const outcome = (o: Partial<Outcome>): Outcome => ({
    kind: 'answer',
    value: undefined,
    fields: {},
    laterFields: {},
    followUp: false,
    next: 'senior',
    confirmation: false,
    confidence: 1,
    ...o,
  });
  const label = (e: object) =>
    expectationSchema.parse({ kind: 'answer', follow_up: false, next: 'senior', ...e });

  it('compares values: numbers with tolerance, strings case-insensitively, "*" any string, arrays as sets', () => {
    expect(sameValue(1.5000000001, 1.5)).toBe(true);
    expect(sameValue('Northbank', 'northbank ')).toBe(true);
    expect(sameValue('x', '*')).toBe(true);
    expect(sameValue('', '*')).toBe(false);
    expect(sameValue(['b', 'a'], ['a', 'b'])).toBe(true);
    expect(sameValue(['a'], ['a', 'b'])).toBe(false);
    expect(sameValue(undefined, undefined)).toBe(true);
    expect(sameValue(false, undefined)).toBe(false);
  });

  it('scores a case: capture needs every field right and nothing extra; misroutes are decisive into ends or other branches', () => {
    const right = scoreCase(outcome({ fields: { years: 6 } }), label({ fields: { years: 6 } }), ctx);
    expect(right).toMatchObject({
      kind: true,
      value: null,
      capture: true,
      route: true,
      decisiveMisroute: false,
    });
    // An extra capture is wrong.
    expect(scoreCase(outcome({ fields: { years: 40 } }), label({}), ctx).capture).toBe(false);
    // The senior track for a junior candidate: decisive (a required question skipped).
    const wrongBranch = scoreCase(outcome({ next: 'senior' }), label({ next: 'junior' }), ctx);
    expect(wrongBranch).toMatchObject({ route: false, decisiveMisroute: true });
    // Into a knock-out the label does not take: decisive.
    expect(scoreCase(outcome({ next: 'ko' }), label({}), ctx).decisiveMisroute).toBe(true);
    expect(scoreCase(outcome({ next: 'ended:participant_ended' }), label({}), ctx).decisiveMisroute).toBe(
      true,
    );
    // Staying to ask again where the label moves on: wrong, not decisive.
    expect(scoreCase(outcome({ next: 'experience' }), label({}), ctx)).toMatchObject({
      route: false,
      decisiveMisroute: false,
    });
    // Asking to confirm: never a misroute; right when the label expects it.
    const asked = outcome({ next: 'experience', confirmation: true });
    expect(scoreCase(asked, label({ next: 'ko', expect_confirmation: true }), ctx)).toMatchObject({
      route: true,
      decisiveMisroute: false,
      confirmation: true,
    });
    expect(scoreCase(asked, label({ next: 'ko' }), ctx)).toMatchObject({
      route: false,
      decisiveMisroute: false,
    });
    // Later fields (pre-fill) count in capture.
    const later = label({ fields: { years: 6 }, later_fields: { salary: { expected: 140000 } } });
    expect(scoreCase(outcome({ fields: { years: 6 } }), later, ctx).capture).toBe(false);
    expect(
      scoreCase(outcome({ fields: { years: 6 }, laterFields: { salary: { expected: 140000 } } }), later, ctx)
        .capture,
    ).toBe(true);
  });

  it('summarizes accuracies and probe precision / recall', () => {
    const s = [
      scoreCase(outcome({ followUp: true }), label({ follow_up: true, next: 'senior' }), ctx),
      scoreCase(outcome({ followUp: true }), label({}), ctx),
      scoreCase(outcome({}), label({ follow_up: true }), ctx),
      scoreCase(outcome({ kind: 'refusal', value: true }), label({ value: false }), ctx),
    ];
    const sum = summarize(s);
    expect(sum.cases).toBe(4);
    expect(sum.kind_accuracy).toBe(0.75);
    expect(sum.value_accuracy).toBe(0);
    expect(sum.value_cases).toBe(1);
    expect(sum.probe_precision).toBe(0.5);
    expect(sum.probe_recall).toBe(0.5);
    expect(sum.decisive_misroutes).toBe(0);
  });
});
