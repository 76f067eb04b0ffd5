import { isAnswerNode, type Blueprint } from '../blueprint/schema.js';
import type { AnalyzedText, NlpSession } from './nlp.js';
import { round } from './text.js';
import type { AnalysisResult, AnalyzerKind, TranscriptEntry } from './types.js';

/** The participant's turns in transcript order (system entries and empty turns excluded). */
export function participantEntries(transcript: readonly TranscriptEntry[]): TranscriptEntry[] {
  return transcript
    .filter((e) => e.role === 'participant' && e.entry_type !== 'system' && e.content.trim().length > 0)
    .sort((a, b) => a.offset_ms - b.offset_ms || a.turn_number - b.turn_number);
}

export function sortedTranscript(transcript: readonly TranscriptEntry[]): TranscriptEntry[] {
  return [...transcript].sort((a, b) => a.offset_ms - b.offset_ms || a.turn_number - b.turn_number);
}

/** The question key an entry belongs to: its own, or the key of its blueprint node. */
export function questionKeyOf(entry: TranscriptEntry, blueprint: Blueprint): string | null {
  if (entry.question_key !== null) return entry.question_key;
  if (entry.node_id === null) return null;
  const node = blueprint.graph.nodes[entry.node_id];
  return node !== undefined && isAnswerNode(node) ? node.key : null;
}

/** Answer-taking nodes' keys in blueprint declaration order (the order of `by_question`). */
export function questionKeys(blueprint: Blueprint): string[] {
  const keys: string[] = [];
  for (const node of Object.values(blueprint.graph.nodes)) if (isAnswerNode(node)) keys.push(node.key);
  return keys;
}

/**
 * The question that prompted a participant entry: the nearest earlier agent question or follow-up (as it
 * was actually spoken), else the blueprint text of the entry's node, else an empty string.
 */
export function questionAsked(
  entry: TranscriptEntry,
  transcript: readonly TranscriptEntry[],
  blueprint: Blueprint,
): string {
  let best: TranscriptEntry | null = null;
  for (const e of transcript) {
    if (e.role !== 'agent' || (e.entry_type !== 'question' && e.entry_type !== 'follow_up')) continue;
    if (
      e.offset_ms > entry.offset_ms ||
      (e.offset_ms === entry.offset_ms && e.turn_number > entry.turn_number)
    )
      continue;
    if (
      best === null ||
      e.offset_ms > best.offset_ms ||
      (e.offset_ms === best.offset_ms && e.turn_number > best.turn_number)
    )
      best = e;
  }
  if (best !== null && (entry.node_id === null || best.node_id === null || best.node_id === entry.node_id))
    return best.content;
  if (entry.node_id !== null) {
    const node = blueprint.graph.nodes[entry.node_id];
    if (node !== undefined && isAnswerNode(node)) return node.text;
  }
  return best?.content ?? '';
}

/**
 * Seconds since the interview started at which a character of an entry was spoken, interpolated linearly
 * over the entry's duration; one decimal.
 */
export function timestampSecs(entry: TranscriptEntry, charOffset: number): number {
  const len = Math.max(1, entry.content.length);
  const frac = Math.min(1, Math.max(0, charOffset / len));
  return round((entry.offset_ms + frac * entry.duration_ms) / 1000, 1);
}

export interface PreparedEntry {
  entry: TranscriptEntry;
  questionKey: string | null;
  text: AnalyzedText;
}

/** Sentence `index` of a prepared entry as a verbatim quote: its text, entry, node and time. */
export function sentenceQuote(pe: PreparedEntry, index: number) {
  const s = pe.text.sentences[index]!;
  return {
    quote: s.text,
    transcript_entry_id: pe.entry.id,
    node_id: pe.entry.node_id,
    timestamp_secs: timestampSecs(pe.entry, s.start),
  };
}

export function prepareEntries(
  entries: readonly TranscriptEntry[],
  blueprint: Blueprint,
  session: NlpSession,
): PreparedEntry[] {
  return entries.map((entry) => ({
    entry,
    questionKey: questionKeyOf(entry, blueprint),
    text: session.analyze(entry.content),
  }));
}

/** A valid analysis of an interview in which the participant said nothing. */
export function emptyAnalysis(
  blueprint: Blueprint,
  model: string,
  analyzer: AnalyzerKind,
  generatedAt: string,
): AnalysisResult {
  return {
    summary: { content: '', word_count: 0, sections: [], key_points: [] },
    themes: [],
    sentiment: { overall: 'neutral', by_question: [] },
    quotes: [],
    scorecard:
      blueprint.scorecard === undefined
        ? null
        : {
            criteria: blueprint.scorecard.criteria.map((c) => ({
              key: c.key,
              score: null,
              weight: c.weight ?? 1,
              evidence: [],
              rationale: 'The participant gave no answers.',
              quote: null,
            })),
            overall: null,
          },
    model,
    generated_at: generatedAt,
    metadata: { dropped_quotes: 0, analyzer, retries: 0, fallback: null },
  };
}
