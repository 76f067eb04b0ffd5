import { NlpSession } from '../../src/analysis/nlp.js';
import type { PreparedEntry } from '../../src/analysis/prepare.js';
import type { TranscriptEntry } from '../../src/analysis/types.js';

const session = new NlpSession();

/** One participant answer per text, each at its own question `q<i>`, analysed as the analyzer prepares it. */
export function preparedAnswers(texts: string[]): PreparedEntry[] {
  return texts.map((content, i) => {
    const entry: TranscriptEntry = {
      id: `e${i}`,
      role: 'participant',
      content,
      timestamp: '2026-01-01T00:00:00.000Z',
      offset_ms: i * 10_000,
      duration_ms: 5000,
      session_id: 's1',
      node_id: `q${i}`,
      question_key: `q${i}`,
      entry_type: 'utterance',
      confidence: 0.9,
      turn_number: i,
    };
    return { entry, questionKey: entry.question_key, text: session.analyze(content) };
  });
}
