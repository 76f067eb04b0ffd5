import { normalize } from './text.js';

/**
 * Numbers in speech: digits ("10", "1,200", "$120k", "1.5m", "8/10"), number words ("seven",
 * "twenty-five", "a hundred and fifty", "two thousand"), "a dozen", "a couple", "and a half", and ranges
 * ("between 120 and 150k", "five to seven", "3-4") which yield their midpoint.
 *
 * Limits: no ordinals as quantities ("the third"), no fractions other than "half", English only.
 */
export interface NumberMention {
  value: number;
  /** Token index range [start, end) in `tokenizeNumbers(text)`. */
  start: number;
  end: number;
  /** For a range: its bounds. */
  range?: [number, number];
  /** Denominator of "X out of Y" / "X/Y" when present. */
  outOf?: number;
  /** A percentage ("80%", "80 percent"). */
  percent?: boolean;
}

const UNITS: Record<string, number> = {
  zero: 0,
  oh: 0,
  nil: 0,
  none: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = {
  hundred: 100,
  thousand: 1_000,
  k: 1_000,
  grand: 1_000,
  million: 1_000_000,
  mil: 1_000_000,
  m: 1_000_000,
  billion: 1_000_000_000,
  bn: 1_000_000_000,
};
const SUFFIX: Record<string, number> = {
  k: 1_000,
  m: 1_000_000,
  mm: 1_000_000,
  b: 1_000_000_000,
  bn: 1_000_000_000,
};

/** Words that make "one" a pronoun rather than a number. */
const ONE_PRONOUN_BEFORE = new Set([
  'the',
  'no',
  'any',
  'every',
  'some',
  'each',
  'which',
  'that',
  'this',
  'other',
  'another',
  'someone',
  'anyone',
  'first',
  'second',
  'third',
  'last',
  'next',
  'right',
  'wrong',
  'only',
  'big',
  'main',
  'same',
  'new',
  'old',
  'better',
  'best',
  'middle',
  'cheaper',
  'cheapest',
  'latter',
  'former',
]);
const ONE_PRONOUN_AFTER = new Set(['of', 'who', 'that', 'which', 'thing', 'day', 'another', 'where', 'more']);

const SPOKEN_HUNDREDS =
  /\b(one|two|three|four|five|six|seven|eight|nine)-(ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b/g;

export function tokenizeNumbers(text: string): string[] {
  return (
    normalize(text)
      .replace(/(\d),(\d{3})/g, '$1$2')
      .replace(/(\d),(\d{3})/g, '$1$2')
      .replace(/[$€£¥]/g, ' ')
      .replace(/(\d)\s*%/g, '$1 percent')
      .replace(/(\d+(?:\.\d+)?)\s*\/\s*(\d+)/g, '$1 outof $2')
      .replace(/\bout of\b/g, 'outof')
      .replace(/(\d)\s*-\s*(\d)/g, '$1 to $2')
      // "one-ten", "one-thirty": spoken hundreds, as in prices ("one-twenty" already reads as 120).
      .replace(SPOKEN_HUNDREDS, (_, h: string, t: string) => String((UNITS[h] ?? 0) * 100 + (UNITS[t] ?? 0)))
      .replace(/-/g, ' ')
      .replace(/[^a-z0-9.' ]+/g, ' ')
      .replace(/\.(?!\d)/g, ' ')
      .split(/\s+/)
      .filter((t) => t !== '')
  );
}

interface Parsed {
  value: number;
  end: number;
}

function digitToken(token: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(k|m|mm|b|bn)?$/.exec(token);
  if (m === null) return undefined;
  const base = Number(m[1]);
  return m[2] !== undefined ? base * (SUFFIX[m[2]] ?? 1) : base;
}

/** Parse one number starting at token i, or undefined. */
function parseAt(tokens: readonly string[], i: number): Parsed | undefined {
  const t = tokens[i];
  if (t === undefined) return undefined;
  const next = tokens[i + 1];
  // "a dozen", "half a dozen", "a couple", "a hundred", "a thousand"
  if ((t === 'a' || t === 'an') && next !== undefined) {
    if (next === 'dozen') return withHalf(tokens, { value: 12, end: i + 2 });
    if (['year', 'month', 'week', 'day', 'decade'].includes(next)) {
      const half = tokens[i + 2] === 'and' && tokens[i + 3] === 'a' && tokens[i + 4] === 'half';
      return half ? { value: 1.5, end: i + 5 } : undefined;
    }
    if (next === 'couple') return { value: 2, end: tokens[i + 2] === 'of' ? i + 3 : i + 2 };
    if (next === 'hundred' || next === 'thousand' || next === 'million')
      return continueWords(tokens, 1, i + 1);
    return undefined;
  }
  if (t === 'half' && next === 'a' && tokens[i + 2] === 'dozen') return { value: 6, end: i + 3 };
  if (t === 'dozen') return { value: 12, end: i + 1 };
  if (t === 'couple' && tokens[i - 1] !== 'a') return undefined;
  const digit = digitToken(t);
  if (digit !== undefined) {
    let value = digit;
    let end = i + 1;
    const scale = tokens[end];
    if (scale !== undefined && SCALES[scale] !== undefined && !/[a-z]$/.test(t)) {
      value *= SCALES[scale] ?? 1;
      end += 1;
    }
    return withHalf(tokens, { value, end });
  }
  if (UNITS[t] !== undefined || TENS[t] !== undefined) {
    if (t === 'one' && (ONE_PRONOUN_BEFORE.has(tokens[i - 1] ?? '') || ONE_PRONOUN_AFTER.has(next ?? '')))
      return undefined;
    if ((t === 'oh' || t === 'none' || t === 'nil') && i > 0) return undefined;
    if (t === 'oh' || t === 'none') return undefined;
    return continueWords(tokens, 0, i);
  }
  return undefined;
}

/** Accumulate number words from token i ("two hundred and fifty thousand"). */
function continueWords(tokens: readonly string[], startTotal: number, i: number): Parsed | undefined {
  let total = 0;
  let current = startTotal;
  let end = i;
  let seen = startTotal > 0;
  // What the previous word was: "twenty five" adds, "one twenty" is 120 (spoken prices), "five six"
  // and "five and seven" are two numbers; "and" joins only after a scale ("two hundred and fifty").
  let last: 'unit' | 'tens' | 'scale' | undefined;
  for (let j = i; j < tokens.length; j++) {
    const w = tokens[j] ?? '';
    if (UNITS[w] !== undefined && w !== 'oh' && w !== 'none' && w !== 'nil') {
      if (last === 'unit' && (UNITS[w] ?? 0) > 0) break;
      current += UNITS[w] ?? 0;
      last = 'unit';
    } else if (TENS[w] !== undefined) {
      if (last === 'tens') break;
      if (last === 'unit' && current > 0 && current < 10) current = current * 100 + (TENS[w] ?? 0);
      else current += TENS[w] ?? 0;
      last = 'tens';
    } else if (w === 'hundred') {
      current = (current === 0 ? 1 : current) * 100;
      last = 'scale';
    } else if (w === 'thousand' || w === 'million' || w === 'billion' || w === 'grand') {
      total += (current === 0 ? 1 : current) * (SCALES[w] ?? 1);
      current = 0;
      last = 'scale';
    } else if (
      w === 'and' &&
      seen &&
      last === 'scale' &&
      isNumberWord(tokens[j + 1]) &&
      tokens[j + 1] !== 'a' &&
      // "a hundred and five hundred": a second hundreds is a second number, not 105 × 100.
      !(tokens[j - 1] === 'hundred' && nextScale(tokens, j + 1) === 'hundred')
    ) {
      continue;
    } else {
      break;
    }
    seen = true;
    end = j + 1;
  }
  if (!seen) return undefined;
  return withHalf(tokens, { value: total + current, end });
}

/** The first scale word of the number words from token i ("five hundred" → hundred). */
function nextScale(tokens: readonly string[], i: number): string | undefined {
  for (let j = i; j < tokens.length; j++) {
    const w = tokens[j] ?? '';
    if (w === 'hundred' || w === 'thousand' || w === 'million') return w;
    if (!isNumberWord(w)) return undefined;
  }
  return undefined;
}

function isNumberWord(w: string | undefined): boolean {
  return w !== undefined && (UNITS[w] !== undefined || TENS[w] !== undefined || w === 'hundred');
}

/** "… and a half"; "one point two" (a spoken decimal, one digit word after "point"). */
function withHalf(tokens: readonly string[], p: Parsed): Parsed {
  const digit = UNITS[tokens[p.end + 1] ?? ''];
  if (tokens[p.end] === 'point' && digit !== undefined && digit < 10 && Number.isInteger(p.value))
    return { value: p.value + digit / 10, end: p.end + 2 };
  if (tokens[p.end] === 'and' && tokens[p.end + 1] === 'a' && tokens[p.end + 2] === 'half') {
    return { value: p.value + 0.5, end: p.end + 3 };
  }
  // "one and a half years" is handled above; "a year and a half" after a unit word:
  if (tokens[p.end + 1] === 'and' && tokens[p.end + 2] === 'a' && tokens[p.end + 3] === 'half') {
    return { value: p.value + 0.5, end: p.end + 4 };
  }
  return p;
}

/** Every number mentioned, ranges merged to their midpoint, in order. */
export function findNumbers(text: string): NumberMention[] {
  const tokens = tokenizeNumbers(text);
  const raw: NumberMention[] = [];
  for (let i = 0; i < tokens.length;) {
    const p = parseAt(tokens, i);
    if (p === undefined) {
      i += 1;
      continue;
    }
    const mention: NumberMention = { value: p.value, start: i, end: p.end };
    if (tokens[p.end] === 'percent' || (tokens[p.end] === 'per' && tokens[p.end + 1] === 'cent'))
      mention.percent = true;
    if (tokens[p.end] === 'outof') {
      const d = parseAt(tokens, p.end + 1);
      if (d !== undefined) {
        mention.outOf = d.value;
        mention.end = d.end;
      }
    }
    raw.push(mention);
    i = mention.end;
  }
  return mergeRanges(tokens, raw);
}

function mergeRanges(tokens: readonly string[], ms: NumberMention[]): NumberMention[] {
  const out: NumberMention[] = [];
  for (let k = 0; k < ms.length; k++) {
    const a = ms[k];
    const b = ms[k + 1];
    if (a === undefined) continue;
    const between = b === undefined ? [] : tokens.slice(a.end, b.start);
    const joined = between.join(' ');
    // "two, three years", "five, six": neighbouring small counts said one after the other are a
    // spoken range too.
    const spoken =
      b !== undefined &&
      joined === '' &&
      Number.isInteger(a.value) &&
      Number.isInteger(b.value) &&
      a.value >= 1 &&
      b.value > a.value &&
      b.value - a.value <= 2 &&
      b.value < 100 &&
      a.percent !== true;
    const isRange =
      b !== undefined &&
      a.outOf === undefined &&
      (spoken ||
        joined === 'to' ||
        joined === 'or' ||
        (joined === 'and' && tokens[a.start - 1] === 'between'));
    if (isRange && b !== undefined) {
      let lo = a.value;
      const hi = b.value;
      // "120 to 150k": the multiplier of the upper bound applies to the lower one.
      if (hi >= 1000 && lo > 0 && lo < hi / 100) {
        const mult = hi >= 1_000_000 && lo < 1000 ? 1_000_000 : 1000;
        if (lo * mult <= hi * 10) lo *= mult;
      }
      const range: [number, number] = [Math.min(lo, hi), Math.max(lo, hi)];
      const merged: NumberMention = { value: (range[0] + range[1]) / 2, start: a.start, end: b.end, range };
      if (b.outOf !== undefined) merged.outOf = b.outOf;
      if (b.percent === true) merged.percent = true;
      out.push(merged);
      k += 1;
    } else {
      out.push(a);
    }
  }
  return out;
}

/** The first number mentioned (ranges → midpoint), or undefined. */
export function firstNumber(text: string): number | undefined {
  return findNumbers(text)[0]?.value;
}

/** Words for spans of time after a number ("three years", "six weeks"). */
export const TIME_UNIT_WORDS: readonly string[] = [
  'year',
  'years',
  'yr',
  'yrs',
  'decade',
  'decades',
  'month',
  'months',
  'week',
  'weeks',
  'day',
  'days',
];
