import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../lib.js';
import { playCase } from './interview.js';
import { AnalysisCorpusError, loadAnalysisCorpus, parseAnalysisCaseFile } from './load.js';
import { HOLDOUT2_STYLES, HOLDOUT_STYLES, STYLES } from './schema.js';
import { labelMatches, summarizeCorpus, type CaseScore } from './score.js';

describe('analysis corpus', () => {
  it('loads: ≥ 40 interviews over five blueprints and every style, each played to its end by the engine', async () => {
    const corpus = await loadAnalysisCorpus(join(ROOT, 'test/bench/analysis'), ROOT);
    expect(corpus.cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.cases.map((c) => c.blueprint)).size).toBeGreaterThanOrEqual(5);
    for (const style of STYLES)
      expect(
        corpus.cases.some((c) => c.style === style),
        style,
      ).toBe(true);
    expect(corpus.cases.filter((c) => c.pair !== undefined).length).toBeGreaterThanOrEqual(16);
    for (const c of corpus.cases) {
      const played = playCase(corpus.blueprints.get(c.blueprint)!, c);
      expect(played.state.status, c.id).toBe('ended');
      // Every labelled question was answered at its node.
      for (const key of Object.keys(c.labels.sentiment))
        expect(
          played.responses.items.some((i) => i.question_key === key && i.status === 'answered'),
          `${c.id} ${key}`,
        ).toBe(true);
      const participant = played.transcript.filter((e) => e.role === 'participant' && e.node_id !== null);
      expect(participant.length, c.id).toBe(c.answers.length);
    }
  }, 60_000);

  it('holdout: ≥ 12 interviews, each labelled overall and with must-quote spans, played to its end', async () => {
    const corpus = await loadAnalysisCorpus(join(ROOT, 'test/bench/analysis'), ROOT, 'holdout');
    expect(corpus.cases.length).toBeGreaterThanOrEqual(12);
    for (const style of HOLDOUT_STYLES)
      expect(
        corpus.cases.some((c) => c.style === style),
        style,
      ).toBe(true);
    expect(corpus.cases.filter((c) => c.pair !== undefined).length).toBeGreaterThanOrEqual(4);
    const main = await loadAnalysisCorpus(join(ROOT, 'test/bench/analysis'), ROOT);
    const mainIds = new Set(main.cases.map((c) => c.id));
    for (const c of corpus.cases) {
      expect(mainIds.has(c.id), c.id).toBe(false);
      expect(c.labels.overall, c.id).toBeDefined();
      expect(c.labels.must_quote.length, c.id).toBeGreaterThan(0);
      const played = playCase(corpus.blueprints.get(c.blueprint)!, c);
      expect(played.state.status, c.id).toBe('ended');
      for (const key of Object.keys(c.labels.sentiment))
        expect(
          played.responses.items.some((i) => i.question_key === key && i.status === 'answered'),
          `${c.id} ${key}`,
        ).toBe(true);
    }
  }, 60_000);

  it('holdout2: ≥ 8 interviews in its own styles and a pair, labelled overall and with must-quote spans, none shared', async () => {
    const dir = join(ROOT, 'test/bench/analysis');
    const corpus = await loadAnalysisCorpus(dir, ROOT, 'holdout2');
    expect(corpus.cases.length).toBeGreaterThanOrEqual(8);
    for (const style of [...HOLDOUT2_STYLES, 'terse', 'rambling', 'sarcasm', 'strong_candidate'] as const)
      expect(
        corpus.cases.some((c) => c.style === style),
        style,
      ).toBe(true);
    expect(corpus.cases.filter((c) => c.pair !== undefined).length).toBeGreaterThanOrEqual(2);
    const others = [
      ...(await loadAnalysisCorpus(dir, ROOT)).cases,
      ...(await loadAnalysisCorpus(dir, ROOT, 'holdout')).cases,
    ];
    const otherIds = new Set(others.map((c) => c.id));
    const otherTexts = new Set(others.flatMap((c) => c.answers.map((a) => a.text)));
    for (const c of corpus.cases) {
      expect(otherIds.has(c.id), c.id).toBe(false);
      expect(c.labels.overall, c.id).toBeDefined();
      expect(c.labels.must_quote.length, c.id).toBeGreaterThan(0);
      // Short stock answers ("No.") may repeat; a substantive one is written afresh.
      for (const a of c.answers)
        if (a.text.split(/\s+/).length >= 6) expect(otherTexts.has(a.text), `${c.id}: ${a.text}`).toBe(false);
      const played = playCase(corpus.blueprints.get(c.blueprint)!, c);
      expect(played.state.status, c.id).toBe('ended');
      for (const key of Object.keys(c.labels.sentiment))
        expect(
          played.responses.items.some((i) => i.question_key === key && i.status === 'answered'),
          `${c.id} ${key}`,
        ).toBe(true);
    }
  }, 60_000);

  it('names the file and the case of a malformed case', () => {
    const bad = `blueprint: b\nfile: b.yaml\ncases:\n  - { id: broken-1, style: grumpy, participant: { name: A }, answers: [], labels: {} }\n`;
    expect(() => parseAnalysisCaseFile(bad, 'cases/b.yaml')).toThrow(AnalysisCorpusError);
    expect(() => parseAnalysisCaseFile(bad, 'cases/b.yaml')).toThrow(
      /cases\/b\.yaml \(case broken-1\): style/,
    );
  });
});

describe('analysis scoring', () => {
  it('matches a theme label when it contains every word of a phrase, plurals folded', () => {
    expect(labelMatches('Bank sync failures', 'sync')).toBe(true);
    expect(labelMatches('duplicate requests', 'duplicate request')).toBe(true);
    expect(labelMatches('project permissions', 'permission')).toBe(true);
    expect(labelMatches('sales team', 'sales rep')).toBe(false);
    expect(labelMatches('synchronisation', 'sync')).toBe(false);
  });

  it('counts a pair as ordered only when the stronger case scores strictly higher', () => {
    const score = (id: string, overall: number | null): CaseScore => ({
      id,
      sentiment: [],
      themes: [],
      recalled: [],
      substantive: [],
      verbatimViolations: [],
      overall,
    });
    const cases = [
      { id: 'a', pair: { group: 'g1', rank: 'stronger' as const } },
      { id: 'b', pair: { group: 'g1', rank: 'weaker' as const } },
      { id: 'c', pair: { group: 'g2', rank: 'stronger' as const } },
      { id: 'd', pair: { group: 'g2', rank: 'weaker' as const } },
    ];
    const s = summarizeCorpus(cases, [score('a', 3), score('b', 2), score('c', 2), score('d', 2)]);
    expect(s.pairs).toBe(2);
    expect(s.scorecard_order_accuracy).toBe(0.5);
  });
});
