import { isAnswerNode } from '../../blueprint/schema.js';
import { overallScore } from '../offline.js';
import { participantEntries, questionKeys, timestampSecs } from '../prepare.js';
import { clamp, countWords, locateVerbatim, round } from '../text.js';
import type {
  AnalysisInput,
  AnalysisResult,
  Quote,
  ScorecardResult,
  Theme,
  TranscriptEntry,
} from '../types.js';
import type { LlmOutput } from './schema.js';

/**
 * The post-processing that keeps the model honest: quotes are replaced by the exact transcript text they
 * match or dropped, evidence ids are checked against the transcript, and derived numbers (word counts,
 * evidence counts, weights, timestamps, overall score) are computed here, never taken from the model.
 */

/**
 * Matches a proposed quote against the participant's entries (the named entry first, then all in order),
 * tolerating case, whitespace, typographic quotes and dashes. Returns the exact transcript text, or null.
 */
export function verifyQuote(
  proposed: { quote: string; transcript_entry_id?: string | undefined; context: string },
  participants: readonly TranscriptEntry[],
): Quote | null {
  if (countWords(proposed.quote) < 2) return null;
  const hinted = participants.find((e) => e.id === proposed.transcript_entry_id);
  const order = hinted !== undefined ? [hinted, ...participants.filter((e) => e !== hinted)] : participants;
  for (const entry of order) {
    const found = locateVerbatim(entry.content, proposed.quote);
    if (found === null || countWords(found.text) < 2) continue;
    return {
      quote: found.text,
      speaker: 'participant',
      context: proposed.context,
      timestamp_secs: timestampSecs(entry, found.start),
      transcript_entry_id: entry.id,
      node_id: entry.node_id,
    };
  }
  return null;
}

export function finalizeLlmOutput(
  input: AnalysisInput,
  out: LlmOutput,
  meta: { model: string; analyzer: 'openai' | 'anthropic'; retries: number; generatedAt: string },
): AnalysisResult {
  const { blueprint } = input;
  const participants = participantEntries(input.transcript);
  const order = new Map(participants.map((e, i) => [e.id, i]));
  const cleanIds = (ids: readonly string[]) =>
    [...new Set(ids.filter((id) => order.has(id)))].sort((a, b) => order.get(a)! - order.get(b)!);

  const themes: Theme[] = out.themes
    .map((t) => {
      const evidence = cleanIds(t.evidence);
      return {
        label: t.label.trim(),
        salience: round(clamp(t.salience, 0, 1), 3),
        evidence_count: evidence.length,
        evidence,
        quote: null,
      };
    })
    .filter((t) => t.label !== '')
    .sort((a, b) => b.salience - a.salience);

  // The offline contract's extra fields, from what the model gave and what was verified.
  const nodeOfKey = new Map<string, string>();
  for (const [id, node] of Object.entries(blueprint.graph.nodes))
    if (isAnswerNode(node) && !nodeOfKey.has(node.key)) nodeOfKey.set(node.key, id);

  const declared = questionKeys(blueprint);
  const seen = new Set<string>();
  const by_question = out.sentiment.by_question
    .filter((q) => declared.includes(q.question_key) && !seen.has(q.question_key) && seen.add(q.question_key))
    .sort((a, b) => declared.indexOf(a.question_key) - declared.indexOf(b.question_key))
    .map((q) => ({ ...q, node_id: nodeOfKey.get(q.question_key) ?? null, evidence: [] }));

  let dropped = 0;
  const quotes: Quote[] = [];
  for (const proposed of out.quotes) {
    const verified = verifyQuote(proposed, participants);
    if (verified === null) {
      dropped++;
      continue;
    }
    if (
      quotes.some((q) => q.transcript_entry_id === verified.transcript_entry_id && q.quote === verified.quote)
    )
      continue;
    quotes.push(verified);
  }
  quotes.sort((a, b) => a.timestamp_secs - b.timestamp_secs);
  // A theme's representative quote: the first verified quote from one of its evidence entries.
  for (const t of themes) {
    const q = quotes.find((x) => t.evidence.includes(x.transcript_entry_id));
    if (q !== undefined)
      t.quote = {
        quote: q.quote,
        transcript_entry_id: q.transcript_entry_id,
        node_id: q.node_id,
        timestamp_secs: q.timestamp_secs,
      };
  }

  let scorecard: ScorecardResult | null = null;
  if (blueprint.scorecard !== undefined) {
    const criteria = blueprint.scorecard.criteria.map((c) => {
      const got = out.scorecard?.criteria.find((x) => x.key === c.key);
      return {
        key: c.key,
        score: got?.score ?? null,
        weight: c.weight ?? 1,
        evidence: got === undefined ? [] : cleanIds(got.evidence),
        rationale: got?.rationale ?? 'Not assessed by the model.',
        quote: null as ScorecardResult['criteria'][number]['quote'],
      };
    });
    // A criterion's quote: the first verified quote from one of its evidence entries (never unverified).
    for (const c of criteria) {
      const q = quotes.find((x) => c.evidence.includes(x.transcript_entry_id));
      if (q !== undefined)
        c.quote = {
          quote: q.quote,
          transcript_entry_id: q.transcript_entry_id,
          node_id: q.node_id,
          timestamp_secs: q.timestamp_secs,
        };
    }
    scorecard = { criteria, overall: overallScore(criteria) };
  }

  const summary = out.summary.trim();
  return {
    summary: { content: summary, word_count: countWords(summary), sections: [], key_points: [] },
    themes,
    sentiment: { overall: out.sentiment.overall, by_question },
    quotes,
    scorecard,
    model: meta.model,
    generated_at: meta.generatedAt,
    metadata: { dropped_quotes: dropped, analyzer: meta.analyzer, retries: meta.retries, fallback: null },
  };
}
