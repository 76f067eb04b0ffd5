import { FOREIGN_UNITS } from './capture-number.js';
import { findNumbers, tokenizeNumbers } from './numbers.js';
import { reviseCorrections } from './quantities.js';
import { plain } from './text.js';

/**
 * A rating on an integer scale from speech: digits and number words ("seven", "a solid 4", "eight out
 * of ten" — rescaled when the denominator differs from the scale's max), halves ("3 and a half",
 * "between 3 and 4" → 3.5), percentages (rescaled), and a few verbal anchors ("not at all" → min,
 * "completely" → max). The scale phrase itself ("on a scale of 1 to 5, I'd say 4") is ignored. Values
 * outside the scale are rejected (the conductor asks again), except 0 on a scale starting at 1, which is
 * clamped to the minimum.
 */
export type RatingResult =
  { type: 'value'; value: number; range?: readonly [number, number] } | { type: 'unclear'; reason: string };

export interface Scale {
  min: number;
  max: number;
}

const ANCHORS_MIN = [
  /\bnot at all\b/,
  /\bnone at all\b/,
  /\bzero influence\b/,
  /\bnot in the slightest\b/,
  /\bnothing at all\b/,
];
const ANCHORS_MAX = [
  /\b(completely|entirely|totally|hugely|massively|enormously)\b/,
  /\bextremely\b/,
  /\bthe most\b/,
  /\bdefinitely would\b/,
];
const ANCHORS_MID = [/\b(somewhat|moderately|so so|middle of the road|in the middle|average)\b/];

/** Words that may follow a rating ("a nine, I …", "seven out of ten", "eight maybe"); any other word is
 * what the number counts ("two friends"). */
const AFTER_RATING = new Set(
  "i it its it's is or and maybe but because out outof really honestly probably tops at for if though now so sorry no actually which since as that then yes yeah well to from points point stars star on the be would i'd definitely easily solid perhaps after before since given considering with without over in overall max most right these days lately today".split(
    ' ',
  ),
);

function countsANoun(next: string | undefined): boolean {
  return next !== undefined && /^[a-z]+$/.test(next) && !AFTER_RATING.has(next);
}

function round(v: number): number {
  return Math.round(v * 2) / 2;
}

export function parseRating(utterance: string, scale: Scale): RatingResult {
  const text = plain(reviseCorrections(utterance));
  // Drop the scale phrase: "on a scale of 1 to 5", "from 0 to 10", "out of the 5".
  const withoutScale = text.replace(
    /\b(on a scale|scale|from|of|between)\s+(of\s+|from\s+)?(zero|one|\d+)\s+(to|and)\s+(five|ten|\d+)\b(?!\s*(and|or)\b)/g,
    (whole) =>
      findNumbers(whole).some((n) => n.range?.[0] === scale.min && n.range[1] === scale.max) ? ' ' : whole,
  );
  const mentions = findNumbers(withoutScale);
  if (mentions.length === 0) {
    if (ANCHORS_MIN.some((re) => re.test(text))) return { type: 'value', value: scale.min };
    if (ANCHORS_MAX.some((re) => re.test(text))) return { type: 'value', value: scale.max };
    if (ANCHORS_MID.some((re) => re.test(text)))
      return { type: 'value', value: round((scale.min + scale.max) / 2) };
    return { type: 'unclear', reason: `no number from ${scale.min} to ${scale.max} in the answer` };
  }
  // The last number usually corrects earlier ones ("a 3, no, a 4"); prefer it when it is in range.
  // A number that counts something else ("three years", "forty percent more expensive") is not the
  // rating when another number is there to be it.
  const tokens = tokenizeNumbers(withoutScale);
  // "four out of five" names its scale: a rating whatever follows it.
  const own = mentions.filter(
    (m) =>
      m.outOf !== undefined ||
      (!FOREIGN_UNITS.has(tokens[m.end] ?? '') && m.percent !== true && !countsANoun(tokens[m.end])),
  );
  const candidates = own.length > 0 ? own : mentions;
  const inRange = candidates.filter((m) => scaled(m.value, m.outOf, m.percent, scale) !== undefined);
  // "around a three, maybe four", "five, six", "a six or a seven": two neighbouring values are a range.
  const pair = inRange.slice(-2);
  if (pair.length === 2) {
    const [a, b] = pair as [(typeof inRange)[number], (typeof inRange)[number]];
    const gap = tokens.slice(a.end, b.start).filter((t) => t !== 'a');
    const va = scaled(a.value, a.outOf, a.percent, scale)!;
    const vb = scaled(b.value, b.outOf, b.percent, scale)!;
    if (
      gap.every((t) => ['or', 'maybe', 'and', 'to', 'perhaps'].includes(t)) &&
      Math.abs(va - vb) <= 2 &&
      va !== vb
    ) {
      const range: [number, number] = [Math.min(va, vb), Math.max(va, vb)];
      return { type: 'value', value: round((va + vb) / 2), range };
    }
  }
  const single = inRange.length === 1 ? inRange[0] : undefined;
  if (single?.range !== undefined) {
    const lo = scaled(single.range[0], single.outOf, single.percent, scale);
    const hi = scaled(single.range[1], single.outOf, single.percent, scale);
    if (lo !== undefined && hi !== undefined)
      return {
        type: 'value',
        value: scaled(single.value, single.outOf, single.percent, scale)!,
        range: [lo, hi],
      };
  }
  const chosen = inRange.at(-1) ?? mentions.at(-1);
  if (chosen === undefined) return { type: 'unclear', reason: 'no number' };
  const value = scaled(chosen.value, chosen.outOf, chosen.percent, scale);
  if (value === undefined) {
    return { type: 'unclear', reason: `${chosen.value} is outside the scale ${scale.min} to ${scale.max}` };
  }
  return { type: 'value', value };
}

function scaled(
  raw: number,
  outOf: number | undefined,
  percent: boolean | undefined,
  scale: Scale,
): number | undefined {
  let v = raw;
  if (outOf !== undefined && outOf > 0 && outOf !== scale.max) v = round((raw / outOf) * scale.max);
  else if (percent === true && scale.max !== 100)
    v = round(scale.min + (raw / 100) * (scale.max - scale.min));
  if (v === 0 && scale.min === 1) return scale.min;
  if (v < scale.min || v > scale.max) return undefined;
  return v;
}
