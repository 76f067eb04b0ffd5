/**
 * Text helpers shared by the analyzers: tolerant verbatim matching (so that a quote whose quotation marks,
 * dashes, case or whitespace differ from the transcript is still found — and then replaced by the exact
 * transcript text), word counts and rounding.
 */

const SINGLE_QUOTES = new Set(['\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '`', '\u00B4']);
const DOUBLE_QUOTES = new Set(['\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u00AB', '\u00BB']);
const DASHES = new Set(['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212']);

interface Normalised {
  text: string;
  /** For each UTF-16 unit of `text`, the index of the original unit it came from. */
  map: number[];
}

/**
 * Lower-cases, folds typographic quotes and dashes to ASCII, expands the ellipsis character and collapses
 * every run of whitespace into one space, remembering where each output character came from.
 */
export function normaliseForMatch(input: string): Normalised {
  let text = '';
  const map: number[] = [];
  let lastWasSpace = true; // also trims leading whitespace
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      if (!lastWasSpace) {
        text += ' ';
        map.push(i);
        lastWasSpace = true;
      }
      continue;
    }
    lastWasSpace = false;
    let out: string;
    if (SINGLE_QUOTES.has(ch)) out = "'";
    else if (DOUBLE_QUOTES.has(ch)) out = '"';
    else if (DASHES.has(ch)) out = '-';
    else if (ch === '\u2026') out = '...';
    else out = ch.toLowerCase();
    for (const o of out) {
      for (let k = 0; k < o.length; k++) {
        text += o[k];
        map.push(i);
      }
    }
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    map.pop();
  }
  return { text, map };
}

const EDGE_TRIM =
  /^[\s"'.,;:!?\-\u2026\u2018\u2019\u201C\u201D]+|[\s"'.,;:!?\-\u2026\u2018\u2019\u201C\u201D]+$/g;

/**
 * Finds `needle` inside `haystack` tolerating differences of case, whitespace, typographic quotes, dashes
 * and surrounding punctuation. Returns the exact original substring and its offsets, or null.
 */
export function locateVerbatim(
  haystack: string,
  needle: string,
  fromIndex = 0,
): { start: number; end: number; text: string } | null {
  if (needle.trim() === '') return null;
  const exact = haystack.indexOf(needle, fromIndex);
  if (exact >= 0) return { start: exact, end: exact + needle.length, text: needle };
  const trimmedNeedle = needle.replace(EDGE_TRIM, '');
  if (trimmedNeedle.length === 0) return null;
  const direct = haystack.indexOf(trimmedNeedle, fromIndex);
  if (direct >= 0) {
    return { start: direct, end: direct + trimmedNeedle.length, text: trimmedNeedle };
  }
  const h = normaliseForMatch(haystack);
  const n = normaliseForMatch(trimmedNeedle).text;
  if (n.length === 0) return null;
  let from = 0;
  while (from < h.map.length && h.map[from]! < fromIndex) from++;
  const at = h.text.indexOf(n, from);
  if (at < 0) return null;
  const start = h.map[at]!;
  const end = h.map[at + n.length - 1]! + 1;
  return { start, end, text: haystack.slice(start, end) };
}

/** Words as a reader counts them: whitespace-separated runs that contain a letter or digit. */
export function countWords(text: string): number {
  let n = 0;
  for (const part of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(part)) n++;
  return n;
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
