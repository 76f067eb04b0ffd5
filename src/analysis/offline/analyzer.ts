import type { Analyzer } from '../analyzer.js';
import { NlpSession } from '../nlp.js';
import { emptyAnalysis, participantEntries, prepareEntries, sortedTranscript } from '../prepare.js';
import type { AnalysisInput, AnalysisResult } from '../types.js';
import { answeredQuestions, type AnsweredQuestion } from './questions.js';
import { selectQuotes } from './quotes.js';
import { scoreCard } from './scorecard.js';
import { aggregateSentiment } from './sentiment.js';
import { buildSummary } from './summary.js';
import { extractThemes } from './themes.js';

/**
 * The offline analyzer: deterministic, no network, built on wink-nlp (see ../nlp.ts). It reads the
 * interview's structure (questions.ts: per answered node, its entries, typed value and captured fields)
 * and each part of the result has its own module: themes.ts, summary.ts, sentiment.ts, quotes.ts,
 * scorecard.ts.
 */

export const OFFLINE_MODEL = 'parley-offline-1';

export class OfflineAnalyzer implements Analyzer {
  readonly model = OFFLINE_MODEL;
  constructor(private readonly now: () => number) {}

  analyze(input: AnalysisInput): Promise<AnalysisResult> {
    return Promise.resolve(analyzeOffline(input, this.now));
  }
}

/**
 * Phrase keys that are not themes of this interview: typed answers (a chosen option, an enum field), the
 * participant's name, and single proper nouns the agent itself said (the competitor or product the
 * question named).
 */
function excludedPhrases(input: AnalysisInput, questions: readonly AnsweredQuestion[], session: NlpSession) {
  const out = new Set<string>();
  const add = (text: string) => {
    const key = session.contentLemmas(text.replace(/_/g, ' ')).join(' ');
    if (key !== '') out.add(key);
  };
  for (const q of questions) {
    const values = [q.value, ...Object.values(q.fields)].flat();
    for (const v of values) if (typeof v === 'string') add(v);
  }
  for (const part of (input.participant_name ?? '').split(/\s+/)) if (part !== '') add(part);
  for (const e of input.transcript)
    if (e.role === 'agent')
      for (const w of e.content.match(/(?<=\s)\p{Lu}[\p{L}\p{N}]+/gu) ?? []) out.add(w.toLowerCase());
  return out;
}

export function analyzeOffline(input: AnalysisInput, now: () => number): AnalysisResult {
  const generatedAt = new Date(now()).toISOString();
  const { blueprint } = input;
  const transcript = sortedTranscript(input.transcript);
  const participants = participantEntries(transcript);
  if (participants.length === 0) return emptyAnalysis(blueprint, OFFLINE_MODEL, 'offline', generatedAt);
  const session = new NlpSession();
  const criteria = blueprint.scorecard?.criteria ?? [];
  session.prime([
    ...participants.map((e) => e.content),
    ...criteria.map((c) => c.description),
    ...Object.values(blueprint.graph.nodes).map((n) => ('text' in n ? (n.text ?? '') : '')),
  ]);
  const entries = prepareEntries(participants, blueprint, session);
  const questions = answeredQuestions(entries, blueprint, input.responses);
  const inQuestion = new Set(questions.flatMap((q) => q.entries.map((pe) => pe.entry.id)));
  const unassigned = entries.filter((pe) => !inQuestion.has(pe.entry.id));

  const { themes, salienceOf, themeLabelOf } = extractThemes(
    questions.length > 0 ? questions.flatMap((q) => q.entries) : entries,
    excludedPhrases(input, questions, session),
    new Set(questions.filter((q) => q.node.type !== 'question').map((q) => q.nodeId)),
  );
  const sentiment = aggregateSentiment(questions, blueprint, session, unassigned, transcript);
  return {
    summary: buildSummary(questions, themes, sentiment, { salienceOf, themeLabelOf }),
    themes,
    sentiment,
    quotes: selectQuotes(questions, transcript, blueprint, salienceOf),
    scorecard: scoreCard(questions, blueprint, session),
    model: OFFLINE_MODEL,
    generated_at: generatedAt,
    metadata: { dropped_quotes: 0, analyzer: 'offline', retries: 0, fallback: null },
  };
}
