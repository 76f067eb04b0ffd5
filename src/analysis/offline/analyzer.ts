import type { Analyzer } from '../analyzer.js';
import { NlpSession } from '../nlp.js';
import { emptyAnalysis, participantEntries, prepareEntries, sortedTranscript } from '../prepare.js';
import { countWords } from '../text.js';
import type { AnalysisInput, AnalysisResult } from '../types.js';
import { selectQuotes } from './quotes.js';
import { scoreCard } from './scorecard.js';
import { aggregateSentiment } from './sentiment.js';
import { extractSummary } from './summary.js';
import { extractThemes } from './themes.js';

/**
 * The offline analyzer: deterministic, no network, built on wink-nlp (see ../nlp.ts). Each part of the
 * result has its own module: themes.ts, summary.ts, sentiment.ts, quotes.ts, scorecard.ts.
 */

export const OFFLINE_MODEL = 'parley-offline-1';

export class OfflineAnalyzer implements Analyzer {
  readonly model = OFFLINE_MODEL;
  constructor(private readonly now: () => number) {}

  analyze(input: AnalysisInput): Promise<AnalysisResult> {
    return Promise.resolve(analyzeOffline(input, this.now));
  }
}

export function analyzeOffline(input: AnalysisInput, now: () => number): AnalysisResult {
  const generatedAt = new Date(now()).toISOString();
  const { blueprint } = input;
  const transcript = sortedTranscript(input.transcript);
  const participants = participantEntries(transcript);
  if (participants.length === 0) return emptyAnalysis(blueprint, OFFLINE_MODEL, 'offline', generatedAt);
  const session = new NlpSession();
  const criteria = blueprint.scorecard?.criteria ?? [];
  session.prime([...participants.map((e) => e.content), ...criteria.map((c) => c.description)]);
  const entries = prepareEntries(participants, blueprint, session);

  const { themes, salienceOf } = extractThemes(entries);
  const summaryText = extractSummary(entries, salienceOf);
  return {
    summary: { content: summaryText, word_count: countWords(summaryText) },
    themes,
    sentiment: aggregateSentiment(entries, blueprint),
    quotes: selectQuotes(entries, transcript, blueprint, salienceOf),
    scorecard: scoreCard(entries, blueprint, session),
    model: OFFLINE_MODEL,
    generated_at: generatedAt,
    metadata: { dropped_quotes: 0, analyzer: 'offline', retries: 0, fallback: null },
  };
}
