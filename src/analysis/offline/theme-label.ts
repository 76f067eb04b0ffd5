import { baseScore } from '../nlp/polarity.js';
import type { PreparedEntry } from '../prepare.js';

/**
 * A theme's label as a researcher would write it, from its key phrases and the sentences that mention
 * them, never inventing words that were not said:
 *
 * - the most specific spelling: of the merged phrases, the longest one that keeps the head noun of the
 *   most salient one ("invoicing module" over "module");
 * - the verdict the participant attached to it: a polar adjective predicated of the phrase in a mention
 *   ("the invoicing module is clunky" → "Clunky invoicing module", "reports were really slow" → "Slow
 *   reports"), the most frequent one when several;
 * - sentence case, proper nouns kept as spoken ("Slack integration", "Clunky invoicing module"); a first
 *   word without a vowel is a lower-case name and stays so ("dbt models").
 */

export interface LabelMember {
  key: string;
  lemmas: string[];
}

const LINKING = new Set(['be', 'get', 'feel', 'seem', 'look', 'become', 'stay', 'remain']);
const ADVERBS = new Set([
  'really',
  'very',
  'so',
  'too',
  'pretty',
  'quite',
  'a',
  'bit',
  'just',
  'still',
  'always',
  'kind',
  'of',
  'super',
  'incredibly',
  'not',
]);

/** The adjective the participant predicates of a phrase in its mentions, or null. */
export function predicatedAdjective(
  keys: ReadonlySet<string>,
  entries: readonly PreparedEntry[],
): string | null {
  const counts = new Map<string, number>();
  for (const pe of entries)
    for (const ph of pe.text.phrases) {
      if (!keys.has(ph.key)) continue;
      const tokens = pe.text.sentences[ph.sentence]?.tokens ?? [];
      const head = ph.lemmas.at(-1)!;
      tokens.forEach((t, i) => {
        if (t.lemma !== head) return;
        let k = i + 1;
        if (tokens[k] === undefined || !LINKING.has(tokens[k]!.lemma)) return;
        k++;
        let negated = false;
        while (tokens[k] !== undefined && ADVERBS.has(tokens[k]!.normal)) {
          if (tokens[k]!.normal === 'not') negated = true;
          k++;
        }
        const adj = tokens[k];
        if (adj === undefined || adj.pos !== 'ADJ' || baseScore(adj) === 0 || negated) return;
        counts.set(adj.normal, (counts.get(adj.normal) ?? 0) + 1);
      });
    }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return best?.[0] ?? null;
}

/** The most specific member spelling that keeps the top member's head noun. */
export function specificSurface<M extends LabelMember>(
  top: M,
  members: readonly M[],
  surfaceOf: (m: M) => string,
): string {
  const head = top.lemmas.at(-1)!;
  const longer = members
    .filter((m) => m.lemmas.at(-1) === head && m.lemmas.length > top.lemmas.length && m.lemmas.length <= 3)
    .sort((a, b) => b.lemmas.length - a.lemmas.length)[0];
  return surfaceOf(longer ?? top);
}

/** Sentence case; a first word without a vowel is a lower-case name ("dbt models") and stays so. */
export const sentenceCase = (s: string): string =>
  s === '' || !/[aeiouy]/i.test(s.split(' ')[0]!) ? s : s[0]!.toUpperCase() + s.slice(1);

export function researcherLabel<M extends LabelMember>(
  top: M,
  members: readonly M[],
  entries: readonly PreparedEntry[],
  surfaceOf: (m: M) => string,
): string {
  const surface = specificSurface(top, members, surfaceOf);
  const adjective = predicatedAdjective(new Set(members.map((m) => m.key)), entries);
  const words = surface.toLowerCase().split(' ');
  const label = adjective !== null && !words.includes(adjective) ? `${adjective} ${surface}` : surface;
  return sentenceCase(label);
}
