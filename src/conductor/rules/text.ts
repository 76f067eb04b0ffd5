/**
 * Text helpers for the offline rules: normalisation, tokens, word counts. English only.
 */

/** Lowercase, curly quotes → straight, collapse whitespace, keep letters/digits/basic punctuation. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, ' - ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Normalised text with punctuation (except apostrophes inside words) replaced by spaces. */
export function plain(text: string): string {
  return normalize(text)
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/(^|\s)'+|'+(\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function words(text: string): string[] {
  const p = plain(text);
  return p === '' ? [] : p.split(' ');
}

const FILLERS = new Set([
  'um',
  'uh',
  'erm',
  'er',
  'hmm',
  'mm',
  'like',
  'well',
  'so',
  'yeah',
  'you',
  'know',
  'i',
  'mean',
  'just',
  'really',
  'the',
  'a',
  'an',
  'and',
  'or',
  'but',
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'with',
  'it',
  'its',
  "it's",
  'is',
  'was',
  'be',
  'that',
  'this',
  'there',
  'we',
  'our',
  'my',
  'me',
  'they',
  'them',
  'do',
  'did',
  'have',
  'has',
  'am',
  'are',
  'were',
  'as',
  'if',
  'then',
  'than',
  'some',
  'kind',
  'sort',
  'basically',
  'actually',
  'okay',
  'ok',
  'guess',
  'think',
  'would',
  'say',
  "i'd",
  "i'm",
  'not',
  'very',
  'quite',
  'pretty',
]);

/** Words that carry content (not fillers or function words). */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => !FILLERS.has(w));
}

/** First sentence-ish chunk of a text, at most `max` characters, cut on a word boundary. */
export function shorten(text: string, max = 80): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const first = clean.split(/(?<=[.!?])\s/)[0] ?? clean;
  if (first.length <= max) return first.replace(/[.!?]+$/, '');
  const cut = first.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > 20 ? cut.slice(0, space) : cut).replace(/[,;:]$/, '')}…`;
}

/** Deterministic choice from a list (by a numeric seed such as the turn number). */
export function pick<T>(items: readonly [T, ...T[]], seed: number): T {
  const i = Math.abs(Math.trunc(seed)) % items.length;
  return items[i] ?? items[0];
}

/** Escape a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
