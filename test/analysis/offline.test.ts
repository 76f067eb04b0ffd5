import { describe, expect, it } from 'vitest';
import {
  analyzeOffline,
  createAnalyzer,
  OFFLINE_MODEL,
  analysisResultSchema,
} from '../../src/analysis/index.js';
import { labelSentiment } from '../../src/analysis/offline.js';
import type { AnalysisInput } from '../../src/analysis/types.js';
import { FIXTURE_NAMES, loadFixture, type FixtureName } from '../fixtures/transcripts/index.js';

const NOW = Date.parse('2025-07-01T12:00:00Z');
const now = () => NOW;

function inputFor(name: FixtureName): AnalysisInput {
  const f = loadFixture(name);
  return {
    blueprint: f.blueprint,
    transcript: f.entries,
    responses: null,
    participant_name: f.participant_name,
    language: f.language,
  };
}

const labels = (r: ReturnType<typeof analyzeOffline>) => r.themes.map((t) => t.label.toLowerCase());
const sentimentOf = (r: ReturnType<typeof analyzeOffline>, key: string) =>
  r.sentiment.by_question.find((q) => q.question_key === key)?.sentiment;

describe('offline analyzer on the four fixture interviews', () => {
  for (const name of FIXTURE_NAMES) {
    describe(name, () => {
      const input = inputFor(name);
      const result = analyzeOffline(input, now);

      it('produces a schema-valid result marked offline', () => {
        expect(analysisResultSchema.parse(result)).toEqual(result);
        expect(result.model).toBe(OFFLINE_MODEL);
        expect(result.generated_at).toBe('2025-07-01T12:00:00.000Z');
        expect(result.metadata).toEqual({
          dropped_quotes: 0,
          analyzer: 'offline',
          retries: 0,
          fallback: null,
        });
      });

      it('is deterministic', () => {
        expect(analyzeOffline(inputFor(name), now)).toEqual(result);
        // Input order does not matter either: the transcript is ordered by time.
        expect(analyzeOffline({ ...input, transcript: [...input.transcript].reverse() }, now)).toEqual(
          result,
        );
      });

      it('quotes are verbatim substrings of participant entries with matching metadata', () => {
        expect(result.quotes.length).toBeGreaterThanOrEqual(2);
        for (const q of result.quotes) {
          const entry = input.transcript.find((e) => e.id === q.transcript_entry_id)!;
          expect(entry.role).toBe('participant');
          expect(entry.content).toContain(q.quote);
          expect(q.speaker).toBe('participant');
          expect(q.node_id).toBe(entry.node_id);
          const words = q.quote.split(/\s+/).length;
          expect(words).toBeGreaterThanOrEqual(4);
          expect(words).toBeLessThanOrEqual(50);
          expect(q.timestamp_secs).toBeGreaterThanOrEqual(entry.offset_ms / 1000);
          expect(q.timestamp_secs).toBeLessThanOrEqual((entry.offset_ms + entry.duration_ms) / 1000 + 0.05);
          expect(q.context.length).toBeGreaterThan(0);
        }
        const ts = result.quotes.map((q) => q.timestamp_secs);
        expect(ts).toEqual([...ts].sort((a, b) => a - b));
      });

      it('summary is structural: one third-person sentence per answered question, then key points', () => {
        expect(result.summary.word_count).toBe(result.summary.content.split(/\s+/).filter(Boolean).length);
        const answeredNodes = [
          ...new Set(
            input.transcript
              .filter((e) => e.role === 'participant' && e.node_id !== null)
              .map((e) => e.node_id),
          ),
        ];
        expect(result.summary.sections.map((s) => s.node_id)).toEqual(answeredNodes);
        const agentText = input.transcript.filter((e) => e.role === 'agent').map((e) => e.content);
        for (const s of result.summary.sections) {
          expect(s.text).toMatch(/^On .+, the participant .+\.$/);
          expect(s.text).not.toContain('?');
          for (const id of s.entry_ids)
            expect(input.transcript.find((e) => e.id === id)).toMatchObject({
              role: 'participant',
              node_id: s.node_id,
            });
        }
        for (const a of agentText) expect(result.summary.content).not.toContain(a);
        expect(result.summary.key_points.length).toBeGreaterThanOrEqual(2);
        expect(result.summary.key_points.length).toBeLessThanOrEqual(4);
        expect(result.summary.content).toBe(
          [
            ...result.summary.sections.map((s) => s.text),
            `Key points: ${result.summary.key_points.join('; ')}.`,
          ].join(' '),
        );
      });

      it('themes have normalised salience and evidence from participant entries', () => {
        expect(result.themes.length).toBeGreaterThanOrEqual(3);
        expect(result.themes.length).toBeLessThanOrEqual(8);
        expect(result.themes[0]!.salience).toBe(1);
        const participantIds = new Set(
          input.transcript.filter((e) => e.role === 'participant').map((e) => e.id),
        );
        for (const t of result.themes) {
          expect(t.salience).toBeGreaterThan(0);
          expect(t.salience).toBeLessThanOrEqual(1);
          expect(t.evidence_count).toBe(t.evidence.length);
          for (const id of t.evidence) expect(participantIds.has(id)).toBe(true);
          // The label occurs (as a word sequence, ignoring case and inflection) in its evidence.
          const head = t.label.toLowerCase().split(' ').at(-1)!.replace(/s$/, '');
          const evidenceText = t.evidence
            .map((id) => input.transcript.find((e) => e.id === id)!.content.toLowerCase())
            .join(' ');
          expect(evidenceText).toContain(head);
        }
        const sal = result.themes.map((t) => t.salience);
        expect(sal).toEqual([...sal].sort((a, b) => b - a));
      });

      it('sentiment has one label per answered question, in blueprint order', () => {
        const answered = [
          ...new Set(input.transcript.filter((e) => e.role === 'participant').map((e) => e.question_key)),
        ];
        expect(result.sentiment.by_question.map((q) => q.question_key)).toEqual(answered);
      });
    });
  }

  it('finds the expected themes, without the names the agent itself said or lone weak nouns', () => {
    expect(labels(analyzeOffline(inputFor('expert-vetting'), now))).toEqual(
      expect.arrayContaining(['sensitech', 'tive', 'cold chain network']),
    );
    expect(labels(analyzeOffline(inputFor('recruiting-screen'), now))).toEqual(
      expect.arrayContaining(['payment orchestration layer', 'kafka', 'postgresql']),
    );
    const winLoss = labels(analyzeOffline(inputFor('win-loss'), now));
    // Labels keep the most specific spelling and the participant's verdict (theme-label.ts).
    expect(winLoss).toEqual(expect.arrayContaining(['salesforce integration', 'confusing pricing']));
    expect(winLoss[0]).toBe('salesforce integration');
    // Clearpath and Northwind are named in the agent's questions: context, not the participant's themes.
    expect(winLoss).not.toContain('clearpath');
    expect(winLoss).not.toContain('northwind');
    const discovery = labels(analyzeOffline(inputFor('product-discovery'), now));
    expect(discovery[0]).toBe('missing receipts');
    expect(discovery).toContain('quickbooks online');
    expect(discovery).not.toContain('manager');
  });

  it('gives every theme a representative verbatim quote that mentions it', () => {
    for (const name of FIXTURE_NAMES) {
      const input = inputFor(name);
      for (const t of analyzeOffline(input, now).themes) {
        const entry = input.transcript.find((e) => e.id === t.quote!.transcript_entry_id)!;
        expect(entry.content).toContain(t.quote!.quote);
        expect(t.evidence).toContain(entry.id);
        expect(t.quote!.node_id).toBe(entry.node_id);
      }
    }
  });

  it('gets the sign right on clearly positive and clearly negative answers', () => {
    const winLoss = analyzeOffline(inputFor('win-loss'), now);
    expect(sentimentOf(winLoss, 'sales_experience')).toBe('positive');
    expect(['negative', 'mixed']).toContain(sentimentOf(winLoss, 'pricing_perception'));
    expect(winLoss.sentiment.overall).toBe('mixed');
    const discovery = analyzeOffline(inputFor('product-discovery'), now);
    expect(sentimentOf(discovery, 'pain_points')).toBe('negative');
    expect(sentimentOf(discovery, 'ideal_solution')).toBe('positive');
    const vetting = analyzeOffline(inputFor('expert-vetting'), now);
    expect(sentimentOf(vetting, 'current_role')).toBe('neutral');
  });

  it('labels sentence scores with the documented thresholds', () => {
    expect(labelSentiment(0, 0)).toBe('neutral');
    expect(labelSentiment(1, 0)).toBe('neutral'); // one mild word is no opinion
    expect(labelSentiment(2, 0)).toBe('positive');
    expect(labelSentiment(0.5, 3)).toBe('negative');
    expect(labelSentiment(3, 2.5)).toBe('mixed');
    expect(labelSentiment(2, 3)).toBe('neutral'); // a single polar word on one side is not strong evidence
    expect(labelSentiment(7, 2.5)).toBe('positive'); // weak side below 40 % of the strong one
  });

  it('scores a scorecard only when the blueprint has criteria', () => {
    for (const name of ['expert-vetting', 'win-loss', 'product-discovery'] as const) {
      expect(analyzeOffline(inputFor(name), now).scorecard).toBeNull();
    }
    const r = analyzeOffline(inputFor('recruiting-screen'), now);
    const sc = r.scorecard!;
    expect(sc.criteria.map((c) => c.key)).toEqual([
      'distributed_systems',
      'incident_ownership',
      'compensation_fit',
      'frontend_skills',
    ]);
    const by = Object.fromEntries(sc.criteria.map((c) => [c.key, c]));
    expect(by.distributed_systems!.score).toBeGreaterThanOrEqual(4);
    expect(by.distributed_systems!.weight).toBe(2);
    expect(by.distributed_systems!.evidence).toEqual(expect.arrayContaining(['run_rs01_t05']));
    expect(by.incident_ownership!.score).toBeGreaterThanOrEqual(3);
    expect(by.incident_ownership!.evidence).toEqual(['run_rs01_t09', 'run_rs01_t11']);
    // The candidate deferred the salary question: a short answer without the figure asked for.
    expect(by.compensation_fit!.score).toBeLessThanOrEqual(2);
    // Nothing about React or CSS anywhere in the interview (the criterion names no questions).
    expect(by.frontend_skills!.score).toBe(1);
    expect(by.frontend_skills!.evidence).toEqual([]);
    expect(by.frontend_skills!.weight).toBe(1);
    for (const c of sc.criteria) expect(c.rationale).not.toBe('');
    // Each scored criterion cites its strongest evidence verbatim, from an entry among its evidence.
    expect(by.distributed_systems!.quote).not.toBeNull();
    expect(by.frontend_skills!.quote).toBeNull();
    for (const c of sc.criteria) {
      if (c.quote === null) continue;
      const entry = inputFor('recruiting-screen').transcript.find(
        (e) => e.id === c.quote!.transcript_entry_id,
      )!;
      expect(entry.role).toBe('participant');
      expect(entry.content).toContain(c.quote.quote);
      expect(c.evidence).toContain(c.quote.transcript_entry_id);
      expect(c.quote.node_id).toBe(entry.node_id);
    }
    expect(by.distributed_systems!.rationale).toMatch(/words.*figures.*named systems/);
    const expected =
      sc.criteria.reduce((s, c) => s + c.score! * c.weight, 0) /
      sc.criteria.reduce((s, c) => s + c.weight, 0);
    expect(sc.overall).toBeCloseTo(expected, 2);
  });

  it('gives a criterion whose questions were never answered a null score', () => {
    const input = inputFor('recruiting-screen');
    const cut = input.transcript.filter((e) => e.node_id !== 'incident');
    const sc = analyzeOffline({ ...input, transcript: cut }, now).scorecard!;
    const c = sc.criteria.find((x) => x.key === 'incident_ownership')!;
    expect(c.score).toBeNull();
    expect(c.evidence).toEqual([]);
    expect(sc.overall).not.toBeNull();
  });

  it('returns a valid empty analysis for an empty transcript or one without participant turns', () => {
    const input = inputFor('recruiting-screen');
    for (const transcript of [[], input.transcript.filter((e) => e.role === 'agent')]) {
      const r = analyzeOffline({ ...input, transcript }, now);
      expect(analysisResultSchema.parse(r)).toEqual(r);
      expect(r.summary).toEqual({ content: '', word_count: 0, sections: [], key_points: [] });
      expect(r.themes).toEqual([]);
      expect(r.quotes).toEqual([]);
      expect(r.sentiment).toEqual({ overall: 'neutral', by_question: [] });
      expect(r.scorecard!.criteria.every((c) => c.score === null)).toBe(true);
      expect(r.scorecard!.overall).toBeNull();
    }
  });

  it('createAnalyzer is offline without a provider key', async () => {
    const input = inputFor('win-loss');
    const analyzer = createAnalyzer({ now });
    expect(analyzer.model).toBe(OFFLINE_MODEL);
    expect(await analyzer.analyze(input)).toEqual(analyzeOffline(input, now));
  });

  it('a provider requested without its key is ANALYZER_UNAVAILABLE: offline ran, and metadata.fallback says so', async () => {
    const input = inputFor('win-loss');
    for (const config of [
      { now, assessment: { provider: 'openai' as const, model: 'gpt-4.1' } },
      { now, anthropicApiKey: 'sk-ant', assessment: { provider: 'openai' as const, model: 'gpt-4.1' } },
      { now, openaiApiKey: '  ', assessment: { provider: 'openai' as const, model: 'gpt-4.1' } },
    ]) {
      const analyzer = createAnalyzer(config);
      expect(analyzer.model).toBe(OFFLINE_MODEL);
      const r = await analyzer.analyze(input);
      const offline = analyzeOffline(input, now);
      expect(r.summary).toEqual(offline.summary);
      expect(r.metadata.analyzer).toBe('offline');
      expect(r.metadata.fallback).toEqual({
        from: 'openai',
        model: 'gpt-4.1',
        reason: 'unavailable',
        detail: expect.stringMatching(/^ANALYZER_UNAVAILABLE: /),
      });
    }
  });
});
