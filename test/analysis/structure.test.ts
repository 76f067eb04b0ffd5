import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeOffline, type AnalysisInput, type TranscriptEntry } from '../../src/analysis/index.js';
import { ratingReading } from '../../src/analysis/offline.js';
import { buildResponses } from '../../src/analysis/responses/build.js';
import { loadBlueprintOrThrow } from '../../src/blueprint/load.js';
import { isAnswerNode, type Blueprint } from '../../src/blueprint/schema.js';
import type { FieldValue } from '../../src/engine/types.js';

/**
 * The offline analyzer on small interviews of the shipped blueprints, with the per-question responses the
 * store builds (typed values and captured fields included): structural summary, rating-aware sentiment,
 * quotes per answer, themes and the evidence scorecard.
 */

const ROOT = join(import.meta.dirname, '../..');
const now = () => Date.parse('2026-12-01T00:00:00Z');

interface Turn {
  node: string;
  text: string;
  value?: FieldValue;
  fields?: Record<string, FieldValue>;
}

function interview(blueprint: Blueprint, turns: Turn[], name = 'Dana Reyes'): AnalysisInput {
  const transcript: TranscriptEntry[] = [];
  let t = 0;
  const push = (
    role: 'agent' | 'participant',
    content: string,
    node: string,
    type: 'question' | 'utterance',
  ) => {
    const n = blueprint.graph.nodes[node]!;
    transcript.push({
      id: `e${transcript.length}`,
      role,
      content,
      timestamp: new Date(now() + t).toISOString(),
      offset_ms: t,
      duration_ms: 2000,
      session_id: 's1',
      node_id: node,
      question_key: isAnswerNode(n) ? n.key : null,
      entry_type: type,
      confidence: null,
      turn_number: transcript.length,
    });
    t += 3000;
  };
  let last = '';
  for (const turn of turns) {
    const n = blueprint.graph.nodes[turn.node]!;
    if (turn.node !== last && isAnswerNode(n)) push('agent', n.text, turn.node, 'question');
    last = turn.node;
    push('participant', turn.text, turn.node, 'utterance');
  }
  const responses = buildResponses({ blueprint, state: null, transcript });
  for (const item of responses.items) {
    const typed = turns.filter((x) => x.node === item.node_id);
    for (const x of typed) {
      if (x.value !== undefined) item.value = x.value;
      Object.assign(item.captured_fields, x.fields ?? {});
    }
  }
  return { blueprint, transcript, responses, participant_name: name, language: 'en' };
}

let nps: Blueprint;
let recruiting: Blueprint;
beforeAll(async () => {
  nps = await loadBlueprintOrThrow(join(ROOT, 'blueprints/nps-churn.yaml'));
  recruiting = await loadBlueprintOrThrow(join(ROOT, 'blueprints/recruiting-screen.yaml'));
});

const detractor = (): Turn[] => [
  { node: 'nps', text: 'Honestly? A three.', value: 3 },
  {
    node: 'detractor_reason',
    text: "The bank sync breaks every single week and I redo my invoices by hand. It's not okay.",
  },
  { node: 'tenure', text: 'About two years now.', fields: { months_as_customer: 24 } },
  { node: 'usage', text: 'Every day, unfortunately.', value: 'daily' },
  { node: 'cancel_plan', text: 'Yes.', value: true },
];

describe('rating scales', () => {
  it('reads 0–10 with NPS bands and other scales by thirds', () => {
    expect([0, 6, 7, 8, 9, 10].map((v) => ratingReading(v, 0, 10))).toEqual([
      'negative',
      'negative',
      'neutral',
      'neutral',
      'positive',
      'positive',
    ]);
    expect([1, 2, 3, 4, 5].map((v) => ratingReading(v, 1, 5))).toEqual([
      'negative',
      'negative',
      'neutral',
      'positive',
      'positive',
    ]);
  });
});

describe('offline analysis of a structured interview', () => {
  it('summarises each answered question in the third person from values and fields, then key points', () => {
    const input = interview(nps, detractor());
    const { summary } = analyzeOffline(input, now);
    expect(summary.sections.map((s) => s.node_id)).toEqual([
      'nps',
      'detractor_reason',
      'tenure',
      'usage',
      'cancel_plan',
    ]);
    const text = Object.fromEntries(summary.sections.map((s) => [s.node_id, s.text]));
    expect(text.nps).toBe('On NPS, the participant gives 3 on the 0–10 scale, negatively.');
    expect(text.tenure).toContain('months as a customer: 24');
    expect(text.usage).toMatch(/^On usage, the participant chooses daily.*negatively\.$/);
    // Yes to "are you planning to cancel?" states the intent to leave (answer-reading.ts).
    expect(text.cancel_plan).toBe('On cancel plan, the participant answers yes, negatively.');
    expect(text.detractor_reason).toMatch(/mentions .*sync/);
    for (const s of summary.sections) expect(s.entry_ids.length).toBeGreaterThan(0);
    // Never agent text, never a question, never the participant's own filler.
    for (const e of input.transcript.filter((x) => x.role === 'agent'))
      expect(summary.content).not.toContain(e.content);
    expect(summary.content).not.toContain('?');
    expect(summary.content).not.toMatch(/Honestly/);
    expect(summary.key_points.length).toBeGreaterThanOrEqual(2);
    expect(analyzeOffline(interview(nps, detractor()), now).summary).toEqual(summary);
  });

  it('labels ratings by their scale, keeps a bare yes neutral and shows the evidence', () => {
    const source = interview(nps, detractor());
    const r = analyzeOffline(source, now);
    const said = (id: string) => source.transcript.find((e) => e.id === id)!.content;
    const by = Object.fromEntries(r.sentiment.by_question.map((q) => [q.question_key, q]));
    expect(by.nps!.sentiment).toBe('negative');
    expect(by.nps!.evidence[0]).toMatchObject({ type: 'rating', value: 3, reading: 'negative' });
    expect(by.detractor_reason!.sentiment).toBe('negative');
    const words = by.detractor_reason!.evidence.filter((e) => e.type === 'words');
    expect(words.length).toBeGreaterThan(0);
    for (const e of words) {
      expect(e.score).toBeLessThan(0);
      expect(said(e.transcript_entry_id)).toContain(e.text);
    }
    // A bare yes is read by its question: to "are you planning to cancel?" it is the intent to leave.
    expect(by.cancel_plan!.sentiment).toBe('negative');
    expect(by.cancel_plan!.evidence).toEqual([
      { type: 'words', transcript_entry_id: expect.any(String), text: 'Yes.', score: -2 },
    ]);
    expect(by.usage!.sentiment).toBe('negative'); // "unfortunately"
    expect(by.tenure!.sentiment).toBe('neutral');

    const promoter = analyzeOffline(
      interview(nps, [
        { node: 'nps', text: 'A nine, easily.', value: 9 },
        { node: 'tenure', text: 'Four years.', fields: { months_as_customer: 48 } },
      ]),
      now,
    );
    expect(promoter.sentiment.by_question[0]).toMatchObject({ question_key: 'nps', sentiment: 'positive' });
    const passive = analyzeOffline(interview(nps, [{ node: 'nps', text: 'Seven.', value: 7 }]), now);
    expect(passive.sentiment.by_question[0]!.sentiment).toBe('neutral');
  });

  it('does not read a rating that measures something else as a sentiment', async () => {
    const winLoss = await loadBlueprintOrThrow(join(ROOT, 'blueprints/win-loss.yaml'));
    const r = analyzeOffline(
      interview(winLoss, [{ node: 'price_influence', text: 'A five, it mattered.', value: 5 }]),
      now,
    );
    expect(r.sentiment.by_question[0]).toMatchObject({
      question_key: 'price_influence',
      sentiment: 'neutral',
    });
  });

  it('quotes every substantive answer verbatim, attributed to the node it answered', () => {
    const input = interview(nps, detractor());
    const r = analyzeOffline(input, now);
    expect(r.quotes.map((q) => q.node_id)).toEqual(['detractor_reason']);
    const q = r.quotes[0]!;
    expect(input.transcript.find((e) => e.id === q.transcript_entry_id)!.content).toContain(q.quote);
    expect(q.quote).toMatch(/bank sync/);
  });

  it('names noun-phrase themes, never yes/no tokens, chosen options or the participant name', () => {
    const turns = detractor();
    turns[2] = {
      node: 'tenure',
      text: 'Dana here again, about two years with Tally.',
      fields: { months_as_customer: 24 },
    };
    const labels = analyzeOffline(interview(nps, turns, 'Dana Reyes'), now).themes.map((t) => t.label);
    expect(labels.some((l) => /sync/.test(l))).toBe(true);
    expect(labels.some((l) => /invoice/i.test(l))).toBe(true);
    for (const bad of ['Dana', 'yes', 'Yes', 'no', 'daily', 'Daily', 'honestly', 'Honestly'])
      expect(labels).not.toContain(bad);
  });
});

describe('evidence scorecard', () => {
  const candidate = (deep: boolean): Turn[] => [
    { node: 'work_authorization', text: 'Yes.', value: true },
    {
      node: 'experience',
      text: deep ? 'Eight years, mostly TypeScript and some Go.' : 'Eight years.',
      fields: deep ? { years_experience: 8, primary_stack: 'typescript' } : { years_experience: 8 },
    },
    {
      node: 'project_deep_dive',
      text: deep
        ? 'I led the billing rewrite at Fintrek, a team of four. The hard part was exactly-once invoicing across three regions, so we moved to an event log on Kafka with idempotency keys.'
        : 'A migration.',
    },
    ...(deep
      ? [
          {
            node: 'project_deep_dive',
            text: 'Disputes dropped by forty percent in the first quarter and we have had zero double charges since March.',
          },
        ]
      : [{ node: 'project_deep_dive', text: 'It went fine.' }]),
    {
      node: 'why_role',
      text: deep
        ? 'I use the Lumen CLI every day and want to build developer tooling with a small senior team.'
        : 'Seems nice.',
    },
    { node: 'salary', text: 'Around 140 thousand.', fields: { expected_salary: 140000 } },
  ];

  it('scores a deep, concrete answer above a terse one on every criterion it addresses', () => {
    const strong = analyzeOffline(interview(recruiting, candidate(true)), now).scorecard!;
    const terse = analyzeOffline(interview(recruiting, candidate(false)), now).scorecard!;
    for (const key of ['technical_depth', 'motivation', 'communication']) {
      const s = strong.criteria.find((c) => c.key === key)!;
      const t = terse.criteria.find((c) => c.key === key)!;
      expect(s.score!, key).toBeGreaterThan(t.score!);
      expect(s.evidence.length, key).toBeGreaterThan(0);
      expect(s.rationale, key).toMatch(/\d+ words?, .*figures?.*named systems?/);
    }
    expect(strong.criteria.find((c) => c.key === 'technical_depth')!.score).toBeGreaterThanOrEqual(4);
    expect(strong.overall!).toBeGreaterThan(terse.overall!);
    // Not reached: notice period was never asked, but salary was — logistics is scored on what was said.
    expect(strong.criteria.find((c) => c.key === 'logistics_fit')!.score).not.toBeNull();
  });
});
