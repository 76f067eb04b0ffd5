import { normalize } from './text.js';

/**
 * Clause polarity for yes/no answers. A clause's polarity is the parity of its negators (`not`, `n't`,
 * `no` before a word, `never`, `nothing`, negative prefixes such as `un-`/`dis-` on a word the question
 * uses, and words that end a state: "expired", "no longer"), so "I can't say I'm not connected" is
 * positive and "I wouldn't not confirm" is positive. Bare interjections ("yes", "no", "nope") are kept
 * apart: whether they answer the question or echo the clause next to them is decided in yes-no.ts.
 */

export interface Clause {
  /** Tokens of the clause, lowercased, punctuation removed (apostrophes kept). */
  tokens: string[];
  /** A bare yes / no interjection that forms the clause on its own ("No,", "yeah"). */
  bare?: 'yes' | 'no';
  /** Introduced by "but" / "though" / "although": the contrast outweighs what came before. */
  contrast: boolean;
  /** Index of the sentence the clause belongs to. */
  sentence: number;
  /** The sentence ends with a question mark ("Cancel?"). */
  question?: boolean;
}

const BARE_YES = new Set([
  'yes',
  'yeah',
  'yep',
  'yup',
  'ya',
  'yea',
  'yah',
  'aye',
  'correct',
  'right',
  'absolutely',
]);
const BARE_NO = new Set(['no', 'nope', 'nah', 'naw', 'negative']);
const LEADING_FILLERS = new Set([
  'um',
  'uh',
  'erm',
  'er',
  'hmm',
  'mm',
  'oh',
  'well',
  'so',
  'and',
  'okay',
  'ok',
]);

const CORRECTION_LEAD = new Set(['actually', 'wait', 'sorry']);

const NEGATORS = new Set([
  'not',
  'never',
  'nothing',
  'nobody',
  'none',
  'neither',
  'nor',
  'without',
  'nowhere',
  'cannot',
  'untrue',
  'expired',
  'lapsed',
  'ended',
  'anymore',
  'formerly',
  'former',
  'left',
  'quit',
  'un',
  'non',
]);

/** Split an answer into clauses at punctuation and at clause-joining conjunctions. */
export function clauses(utterance: string): Clause[] {
  const text = normalize(utterance);
  const out: Clause[] = [];
  const sentences = text.split(/(?<=[.!?])\s+|[.!?]+$/).filter((s) => s.trim() !== '');
  sentences.forEach((sentence, si) => {
    const question = /\?\s*$/.test(sentence);
    const parts = sentence.split(/[,;:()"]+|\s-\s|\s+(?=(?:but|though|although|and|so|because|which)\b)/);
    for (const part of parts) {
      const tokens = part
        .replace(/[^a-z0-9'\- ]+/g, ' ')
        .replace(/(^|\s)'+|'+(\s|$)/g, ' ')
        .split(/\s+/)
        .filter((t) => t !== '' && t !== '-');
      if (tokens.length === 0) continue;
      const contrast = ['but', 'though', 'although'].includes(tokens[0]!);
      while (
        tokens.length > 0 &&
        (LEADING_FILLERS.has(tokens[0]!) ||
          ['but', 'though', 'although', 'because', 'which'].includes(tokens[0]!))
      )
        tokens.shift();
      if (tokens.length === 0) continue;
      // "actually yes", "wait, no": a correction word before the interjection keeps it bare.
      const head = tokens.filter((t, k) => !LEADING_FILLERS.has(t) && !(k === 0 && CORRECTION_LEAD.has(t)));
      const bare =
        head.length === 1 && BARE_YES.has(head[0]!)
          ? 'yes'
          : head.length >= 1 &&
              head.length <= 2 &&
              BARE_NO.has(head[0]!) &&
              (head[1] === undefined || head[1] === 'no')
            ? 'no'
            : undefined;
      out.push({
        tokens,
        contrast,
        sentence: si,
        ...(bare !== undefined ? { bare } : {}),
        ...(question ? { question } : {}),
      });
    }
  });
  return out;
}

/** Is this token a negator in its context? `known` holds the question's own words ("non-compete"). */
export function isNegator(word: string, next: string | undefined, known: ReadonlySet<string>): boolean {
  // "nothing's", "nobody's": the contracted "is" does not hide the negator.
  const token = word.replace(/'s$/, '');
  if (NEGATORS.has(token)) return !known.has(token) || token === 'not' || token === 'never';
  if (/n't$/.test(token)) return true;
  if (token === 'no') return next !== undefined && next !== 'no';
  // A word the question itself uses ("non-compete") is not a negation.
  if (known.has(token)) return false;
  if (/^(un|non)-[a-z]{3,}/.test(token)) return true;
  // A negative prefix on a word the question uses: "disagree" to "agree", "unauthorised" to "authorised".
  const m = /^(un|dis|non-?|in)(.{4,})$/.exec(token);
  return m !== null && known.has(m[2]!.replace(/^-/, ''));
}

/** Number of negators in a clause (its polarity is negative when odd). */
export function negatorCount(tokens: readonly string[], known: ReadonlySet<string>): number {
  let n = 0;
  tokens.forEach((t, i) => {
    if (isNegator(t, tokens[i + 1], known)) n += 1;
  });
  return n;
}

/** A crude English stem: enough to match "tried" with "try", "competes" with "competitors". */
export function stem(word: string): string {
  let w = word.replace(/'s$/, '');
  if (w.length <= 3) return w;
  w = w.replace(/(ies|ied)$/, 'y').replace(/(ing|ed|es|s|ly)$/, '');
  w = w.replace(/(ation|ition|itor|itors|ity|ion|ive|er|or|ment)$/, '');
  w = w.replace(/(is|iz)$/, '');
  return w.replace(/y$/, 'i').replace(/e$/, '');
}
