import { applyClauseCues, cueHits } from './cues.js';
import { applyAspiration } from './aspiration.js';
import { understatementHits } from './understatement.js';

/**
 * Word polarity for interview answers: a small hand-written lexicon (lemmas and a few inflected forms,
 * weights 1–3) with negation, intensifiers and downtoners. wink-nlp's own sentence sentiment is tuned
 * for reviews and scores interview talk poorly ("Yes." +0.2, "the bank sync breaks every week" +0.5), so
 * the analysis scores words itself.
 *
 * - A lexicon word adds its weight to the positive or negative side of its sentence.
 * - Negation ("not", "never", "n't", "no", "without", "hardly") up to three words before a polar word,
 *   within the clause, flips it and halves it ("not bad" is mildly positive); after "no" / "zero" a
 *   negative word flips at three quarters ("zero failed runs" is good news).
 * - An intensifier right before ("really", "very", "so", "completely") multiplies by 1.5; a downtoner
 *   ("a bit", "slightly", "kind of") by 0.5 on praise and 0.75 on a complaint. A word of the question
 *   itself, said bare, counts half ("what made it hard?" → "the hard bit was…").
 * - Yes/no tokens, fillers and politeness ("thanks", "sure", "okay", "fine" as an answer) carry no
 *   polarity: agreeing is not liking; negated, some of them do ("not okay", "no way").
 * - A question the participant asks, or a hypothetical ("would", "if"), counts half.
 * - Understatement without a polar word — faint praise, disuse, reluctance — is a mild complaint
 *   (understatement.ts); a desire to do something is motivation, and a problem one wants to solve is
 *   no complaint (aspiration.ts).
 */

const words = (s: string): string[] => s.trim().split(/\s+/);

function weighted(groups: Record<number, string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const [w, list] of Object.entries(groups)) for (const word of words(list)) m.set(word, Number(w));
  return m;
}

const POSITIVE = weighted({
  3: 'joy love adore brilliant fantastic excellent amazing outstanding superb wonderful delighted thrilled proudest',
  2: `great like enjoy happy glad pleased impressive impressed excited exciting nice lovely helpful
    useful easy easier reliable fast faster quick smooth better best perfect proud recommend definitely
    awesome solid intuitive saved save cool engaged trust favourite favorite valuable elegant clean
    fun care properly passionate interesting helped`,
  1: `good works decent improve improved improvement success successful win won working comfortable
    clear clearer simple stable safe benefit win growth grow learn flexible cheap cheaper`,
});

const NEGATIVE = weighted({
  3: `hate hated terrible awful horrible useless ridiculous furious disaster nightmare worst garbage
    embarrassing unacceptable broken stung lie lied irrelevant pointless shame`,
  2: `frustrating frustrated frustration annoying annoy annoys annoyed painful pain slow slower bad
    worse broke break breaks breaking crash crashed crashes fail failed failing fails failure problem
    problems bug bugs buggy expensive overpriced confusing messy mess chaotic rough waste
    stressed stressful unfortunately disappointing disappointed disappoint complain
    complains unhappy unhelpful clueless noise missing lost lose miss missed forgot forget rot rotting
    stuck wrong worried worry error errors unsafe unpopular desperate oversell overselling overpromise awful
    sad sorry poor ill nervous clunky laggy outdated tedious unreliable doubt mute muted ignore ignored
    abandon abandoned quit cancel cancelled cancelling canceled overran overrun
    die dies graveyard`,
  1: `hard difficult complicated risk issue issues concern concerns tricky torn heavy drag dragged long boring hardly pricey cost costly
    late delay delayed noisy limited lack lacking manual bored tired`,
});

/** Words that flip the polarity of a polar word up to three tokens after them. */
const NEGATORS = new Set([
  'not',
  "n't",
  'never',
  'no',
  'without',
  'hardly',
  'barely',
  'nothing',
  'nobody',
  'none',
  'neither',
  'nor',
  'zero',
]);

const INTENSIFIERS = new Set([
  'really',
  'very',
  'so',
  'extremely',
  'completely',
  'totally',
  'super',
  'incredibly',
  'absolutely',
  'truly',
  'seriously',
  'too',
  'especially',
  'just',
  'miles',
]);

const DOWNTONERS = new Set(['slightly', 'somewhat', 'fairly', 'bit', 'little', 'kinda', 'pretty', 'almost']);

/** Tokens that never carry polarity in an answer, whatever a general lexicon says. */
export const NEUTRAL_TOKENS = new Set([
  'yes',
  'yeah',
  'yep',
  'yup',
  'no',
  'nope',
  'nah',
  'sure',
  'okay',
  'ok',
  'thanks',
  'thank',
  'please',
  'right',
  'well',
  'like',
  'um',
  'uh',
  'hmm',
  'honestly',
  'obviously',
  'absolutely',
  'exactly',
  'certainly',
  'agree',
  'fine',
]);

export interface PolarToken {
  /** Lower-case normal form of the token as spoken. */
  normal: string;
  /** Lower-case lemma. */
  lemma: string;
  /** wink-nlp's part of speech ("like" is polar only as a verb; PUNCT ends a negation's scope). */
  pos: string;
}

export interface PolarityHit {
  /** Index of the polar token in the sentence's tokens. */
  index: number;
  /** Signed contribution after negation and intensity. */
  score: number;
}

export interface Polarity {
  positive: number;
  negative: number;
  hits: PolarityHit[];
}

const NEGATED_PHRASES = new Set(['not okay', 'not ok', 'not fine', 'no way', 'not happy', 'not good']);
/** Politeness that a negator would otherwise turn into praise. */
const NEUTRAL_PHRASES = new Set(['no problem', 'no worries', 'no complaints']);

/**
 * Questions the participant asks and hypotheticals ("would", "if", "'d") state no opinion of their own:
 * their words count half.
 */
function contextWeight(tokens: readonly PolarToken[]): number {
  const question = tokens.at(-1)?.normal === '?';
  const hypothetical = tokens.some((t) => /^(would|if|could)$|'d$/.test(t.normal));
  return question || hypothetical ? 0.5 : 1;
}

/** A word of the polarity lexicon (either side): a verdict, not a topic. */
export function isPolarWord(lemma: string): boolean {
  return POSITIVE.has(lemma) || NEGATIVE.has(lemma);
}

/** A token's lexicon weight before context (signed; 0 for words outside the lexicon). */
export function baseScore(t: PolarToken): number {
  if (t.normal === 'like' && t.pos === 'VERB') return 2;
  if (NEUTRAL_TOKENS.has(t.normal)) return 0;
  const pos = POSITIVE.get(t.normal) ?? POSITIVE.get(t.lemma);
  if (pos !== undefined) return pos;
  const neg = NEGATIVE.get(t.normal) ?? NEGATIVE.get(t.lemma);
  return neg === undefined ? 0 : -neg;
}

/**
 * Scores one sentence's tokens (see the module comment). Lemmas in `echo` (the question's own words:
 * "what made it hard?" → "hard") count half: repeating the question's word is not an opinion.
 */
export function scorePolarity(tokens: readonly PolarToken[], echo?: ReadonlySet<string>): Polarity {
  const hits: PolarityHit[] = [];
  const context = contextWeight(tokens);
  const taken = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    let score = baseScore(tokens[i]!);
    const next = tokens[i + 1]?.normal;
    // Negated neutral words and fixed phrases: "not okay", "not fine", "no way".
    if (
      NEGATORS.has(tokens[i]!.normal) &&
      next !== undefined &&
      NEGATED_PHRASES.has(`${tokens[i]!.normal} ${next}`)
    ) {
      hits.push({ index: i, score: -2 });
      taken.add(i).add(i + 1);
      i++;
      continue;
    }
    if (next !== undefined && NEUTRAL_PHRASES.has(`${tokens[i]!.normal} ${next}`)) {
      taken.add(i).add(i + 1);
      i++;
      continue;
    }
    if (score === 0) continue;
    const prev = tokens[i - 1]?.normal ?? '';
    if (INTENSIFIERS.has(prev)) score *= 1.5;
    // Understatement softens a complaint less than hedging softens praise ("a bit chaotic", "pretty quick").
    else if (DOWNTONERS.has(prev) || (prev === 'of' && tokens[i - 2]?.normal === 'kind'))
      score *= score < 0 ? 0.75 : 0.5;
    else if (echo?.has(tokens[i]!.lemma) === true) score /= 2;
    for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
      if (tokens[k]!.pos === 'PUNCT') break;
      if (NEGATORS.has(tokens[k]!.normal)) {
        // "zero failed runs", "no errors" are good news; "not great", "didn't lie" are mild.
        const quantifier = tokens[k]!.normal === 'zero' || tokens[k]!.normal === 'no';
        score = score < 0 && quantifier ? -score * 0.75 : -score / 2;
        break;
      }
    }
    hits.push({ index: i, score });
    taken.add(i);
  }
  hits.push(...cueHits(tokens, taken));
  hits.push(...understatementHits(tokens, hits));
  applyAspiration(tokens, hits);
  hits.sort((a, b) => a.index - b.index);
  applyClauseCues(tokens, hits);
  let positive = 0;
  let negative = 0;
  for (const h of hits) {
    h.score *= context;
    if (h.score > 0) positive += h.score;
    else negative -= h.score;
  }
  return { positive, negative, hits };
}
