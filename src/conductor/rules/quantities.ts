import { findNumbers, TIME_UNIT_WORDS, tokenizeNumbers, type NumberMention } from './numbers.js';

/**
 * Quantities as people say them, rewritten into the words the number parsers read:
 *
 * - Self-corrections: the last stated value wins. "Three years, sorry, I mean two" reads "two years";
 *   "three months ago, no, sorry, it was three years ago" reads "three years ago". A correction is a
 *   cue ("sorry", "I mean", "actually", "well", "no", "scratch that", "so") between two numbers, with
 *   the second close after the cue.
 * - Durations in the field's unit: "a year and a half" is 18 months for a months field, "eighteen
 *   months" is 1.5 years for a years field, "half a decade" is 5 years, "six weeks" 1.5 months.
 * - Shares for percent fields: "a quarter" is 25 percent, "half" 50, "a third" 33.
 */

const CUES = new Set([
  'sorry',
  'mean',
  'meant',
  'wait',
  'actually',
  'scratch',
  'well',
  'no',
  'rather',
  'correction',
  'so',
]);
const STRONG_CUES = new Set(['sorry', 'mean', 'meant', 'actually', 'scratch', 'correction', 'rather']);
const UNIT_AFTER = new Set([...TIME_UNIT_WORDS, 'percent', 'k', 'thousand', 'people', 'of', 'hours']);

/** Replace each number that a later one corrects. Works on tokenizeNumbers tokens. */
export function reviseCorrections(text: string): string {
  let tokens = tokenizeNumbers(text);
  for (let guard = 0; guard < 5; guard++) {
    const ms = findNumbers(tokens.join(' '));
    const next = reviseOnce(tokens, ms);
    if (next === undefined) break;
    tokens = next;
  }
  return tokens.join(' ');
}

function reviseOnce(tokens: readonly string[], ms: readonly NumberMention[]): string[] | undefined {
  for (let k = ms.length - 2; k >= 0; k--) {
    const a = ms[k]!;
    const b = ms[k + 1]!;
    const gap = tokens.slice(a.end, b.start);
    if (gap.length > 14) continue;
    // The cue nearest the second number that reaches it: "actually no, it was April, so more like
    // five" is corrected by "actually" (a strong cue reaches over context), not undone by "so".
    // "no" as in "no, six" — not "no more than" / "no one".
    let cueAt = -1;
    for (let j = gap.length - 1; j >= 0; j--) {
      const t = gap[j]!;
      if (!CUES.has(t) || (t === 'no' && ['more', 'less', 'one', 'longer'].includes(gap[j + 1] ?? '')))
        continue;
      // "so" concludes only when the number follows at once ("so two years").
      // Strong cues ("actually", "sorry", "I mean") may be followed by a few words of context.
      const reach = t === 'so' ? 0 : STRONG_CUES.has(t) ? 9 : 4;
      if (gap.length - j - 1 <= reach) {
        cueAt = j;
        break;
      }
    }
    if (cueAt < 0) continue;
    const cue = gap[cueAt]!;
    const cueIndex = a.end + cueAt;
    // Where the correction started: "no, sorry, it was" → from the first cue word of the run.
    let from = cueIndex;
    while (from > a.end && CUES.has(tokens[from - 1]!)) from -= 1;
    const bTokens = tokens.slice(b.start, b.end);
    if (UNIT_AFTER.has(tokens[b.end] ?? '')) {
      // The correction states its own unit: drop the earlier number and what follows it up to the cue.
      return [
        ...tokens.slice(0, a.start),
        ...tokens.slice(a.end, from).filter((t) => !UNIT_AFTER.has(t) && !['ago'].includes(t)),
        ...bTokens,
        ...tokens.slice(b.end),
      ];
    }
    // "…, so two and a half total": a bare conclusion sums up everything before it, in the first unit.
    if (cue === 'so') {
      const first = ms[0]!;
      const unit = tokens[first.end];
      if (unit === undefined || !UNIT_AFTER.has(unit)) continue;
      return [...bTokens, unit, ...tokens.slice(b.end)];
    }
    // A bare number: it takes the earlier one's place (and its unit).
    return [...tokens.slice(0, a.start), ...bTokens, ...tokens.slice(a.end, from), ...tokens.slice(b.end)];
  }
  return undefined;
}

export type Family = 'year' | 'month' | 'percent';

const IN_MONTHS: Readonly<Record<string, number>> = {
  year: 12,
  years: 12,
  yr: 12,
  yrs: 12,
  month: 1,
  months: 1,
  week: 0.25,
  weeks: 0.25,
  decade: 120,
  decades: 120,
};

/** Words before "a year" that make it a duration ("for a year"), not a rate ("12 releases a year"). */
const LEAD_IN = new Set([
  'about',
  'around',
  'for',
  'over',
  'almost',
  'nearly',
  'only',
  'just',
  'than',
  'roughly',
  'maybe',
  'like',
  'left',
  'been',
  'under',
  'within',
  'least',
  'barely',
  'once',
]);

const round1 = (v: number): number => Math.round(v * 10) / 10;

/** Rewrite durations into the target unit ("18 months" for a months field), shares into percent. */
export function toFieldUnit(text: string, family: Family): string {
  const tokens = tokenizeNumbers(text);
  if (family === 'percent') return shares(tokens).join(' ');
  const unitWord = family === 'year' ? 'years' : 'months';
  const ms = findNumbers(tokens.join(' '));
  const out: string[] = [];
  let i = 0;
  const convert = (value: number, unit: string): string => {
    const months = value * IN_MONTHS[unit]!;
    return String(round1(family === 'year' ? months / 12 : months));
  };
  while (i < tokens.length) {
    const t = tokens[i]!;
    const n1 = tokens[i + 1];
    const n2 = tokens[i + 2];
    // "half a year", "half a decade"
    if (t === 'half' && (n1 === 'a' || n1 === 'an') && n2 !== undefined && IN_MONTHS[n2] !== undefined) {
      out.push(convert(0.5, n2), unitWord);
      i += 3;
      continue;
    }
    const m = ms.find((x) => x.start === i);
    if (m !== undefined) {
      // "a year and a half": the unit sits inside the mention.
      const inner = tokens.slice(m.start, m.end).find((x) => IN_MONTHS[x] !== undefined);
      const after = tokens[m.end];
      const unit = inner ?? (after !== undefined && IN_MONTHS[after] !== undefined ? after : undefined);
      if (unit !== undefined && m.range === undefined) {
        out.push(convert(m.value, unit), unitWord);
        i = inner !== undefined ? m.end : m.end + 1;
        continue;
      }
      out.push(...tokens.slice(m.start, m.end));
      i = m.end;
      continue;
    }
    // "a year ago", "a couple of months"
    if (
      (t === 'a' || t === 'an') &&
      n1 !== undefined &&
      IN_MONTHS[n1] !== undefined &&
      (n2 === 'ago' || i === 0 || LEAD_IN.has(tokens[i - 1]!))
    ) {
      out.push(convert(1, n1), unitWord);
      i += 2;
      continue;
    }
    if (t === 'a' && n1 === 'couple' && n2 === 'of' && IN_MONTHS[tokens[i + 3] ?? ''] !== undefined) {
      out.push(convert(2, tokens[i + 3]!), unitWord);
      i += 4;
      continue;
    }
    out.push(t);
    i += 1;
  }
  return out.join(' ');
}

const SHARES: readonly (readonly [readonly string[], number])[] = [
  [['a', 'quarter'], 25],
  [['a', 'third'], 33],
  [['a', 'fifth'], 20],
  [['a', 'tenth'], 10],
  [['half'], 50],
  [['double'], 100],
  [['twice'], 100],
];

function shares(tokens: readonly string[]): string[] {
  if (findNumbers(tokens.join(' ')).some((m) => m.percent === true)) return [...tokens];
  for (const [phrase, value] of SHARES) {
    const at = tokens.findIndex((_, i) => phrase.every((p, j) => tokens[i + j] === p));
    if (at >= 0)
      return [...tokens.slice(0, at), String(value), 'percent', ...tokens.slice(at + phrase.length)];
  }
  return [...tokens];
}
