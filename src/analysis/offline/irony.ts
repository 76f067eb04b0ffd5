import type { Polarity, PolarToken } from '../nlp/polarity.js';
import type { SentimentLabel } from '../types.js';

/**
 * Irony in context: praise that the rest of the answer contradicts is read as its opposite. A sentence
 * whose only polar words are positive is ironic when it carries a cue — it opens with an interjection
 * ("Oh, it's a joy.", "Wow, great.") or is a bare exclamation of at most four words without a subject
 * ("Fantastic.", "Love that for me."), mocks certainty ("I'm sure a robot reading my CV is a great use of
 * time") or praises a chore ("Really love spending my Fridays merging rows") — and its context is negative: the sentence before it leans negative, the rest of
 * the answer does, or the interview's evaluative rating reads negative (a 2/10 colours "eighteen
 * wonderful months"). Praise without a cue, or in a positive context, is taken at its word.
 */

const INTERJECTIONS = new Set(['oh', 'wow', 'gee', 'ah', 'great', 'brilliant', 'fantastic', 'lovely']);
export const IRONY_MAX_WORDS = 4;
const SUBJECTS = new Set(['i', 'we', 'you', 'they', 'he', 'she', 'it', 'this', 'that', 'everyone', 'people']);

export interface ScoredSentence {
  tokens: readonly PolarToken[];
  polarity: Polarity;
}

function hasCue(tokens: readonly PolarToken[]): boolean {
  const words = tokens.filter((t) => t.pos !== 'PUNCT');
  if (words.length === 0) return false;
  const second = tokens[1];
  // "Oh, …" / "Wow, …": an interjection set off by a comma, or "oh sure", "yeah right".
  if (INTERJECTIONS.has(words[0]!.normal) && second !== undefined && second.pos === 'PUNCT') return true;
  const pair = `${words[0]!.normal} ${words[1]?.normal ?? ''}`;
  if (pair === 'oh sure' || pair === 'yeah right') return true;
  // Mock certainty ("I'm sure a robot reading my CV is a great use of time") and praise of a chore
  // ("Really love spending my Fridays merging rows").
  for (let i = 0; i + 1 < words.length; i++) {
    const [a, b] = [words[i]!, words[i + 1]!];
    if ((a.normal === "'m" || a.normal === 'am') && b.normal === 'sure' && i <= 1) return true;
    if (/^(love|enjoy|adore)$/.test(a.lemma) && /^(spending|wasting|waiting|chasing)$/.test(b.normal))
      return true;
  }
  // A bare exclamation has no subject: "I love the dashboards." is a statement, taken at its word, and
  // so is a named subject with its verb ("Brightdesk just worked.").
  const named =
    (words[0]!.pos === 'PROPN' || words[0]!.pos === 'NOUN') && words.some((w) => w.pos === 'VERB');
  return words.length <= IRONY_MAX_WORDS && !SUBJECTS.has(words[0]!.normal) && !named;
}

const leansNegative = (p: { positive: number; negative: number }): boolean => p.negative > p.positive;

/** Indexes of the sentences read as ironic (see the module comment). */
export function ironicSentences(
  sentences: readonly ScoredSentence[],
  prior: SentimentLabel | null,
): Set<number> {
  const out = new Set<number>();
  sentences.forEach((s, i) => {
    if (!(s.polarity.positive > 0 && s.polarity.negative === 0) || !hasCue(s.tokens)) return;
    const rest = { positive: 0, negative: 0 };
    sentences.forEach((o, j) => {
      if (j === i) return;
      rest.positive += o.polarity.positive;
      rest.negative += o.polarity.negative;
    });
    const before = i > 0 ? sentences[i - 1]!.polarity : undefined;
    if ((before !== undefined && leansNegative(before)) || leansNegative(rest) || prior === 'negative')
      out.add(i);
  });
  return out;
}
