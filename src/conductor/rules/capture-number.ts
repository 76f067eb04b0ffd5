import type { CaptureField } from '../../blueprint/schema.js';
import { findNumbers, TIME_UNIT_WORDS, tokenizeNumbers, type NumberMention } from './numbers.js';
import { reviseCorrections, toFieldUnit, type Family } from './quantities.js';

/**
 * Number capture, offline. A mention followed by the field's unit word (years, percent, people, …) is a
 * candidate; among candidates, the one whose nearby words match the field's scope wins ("two years in
 * this role, about 6 years in total": years_in_role → 2, total experience → 6), and a mention scoped to
 * a different thing is only used when nothing else fits. Without a unit match, a lone in-range number is
 * taken for a unit-less field, or for a field with units when it is not followed by another family's
 * unit ("forty engineers" is never years). `restate: true` (a follow-up answer for a field that already
 * has a value) takes only a mention that clearly restates the field: its unit word or its scope.
 */
type NumberField = Extract<CaptureField, { type: 'number' }>;

const UNIT_WORDS: readonly [RegExp, readonly string[]][] = [
  [/year|tenure|experience/, ['year', 'years', 'yr', 'yrs', 'decade', 'decades']],
  [/month/, ['month', 'months']],
  [/percent|pct|share|gap/, ['percent', 'per', '%']],
  [
    /size|people|headcount|employees|team|staff|users/,
    [
      'people',
      'person',
      'persons',
      'folks',
      'of',
      'employees',
      'engineers',
      'users',
      'members',
      'staff',
      'us',
    ],
  ],
  [
    /salary|price|cost|budget|revenue|pay|spend|amount/,
    ['k', 'thousand', 'dollars', 'euros', 'pounds', 'grand', 'a', 'per', 'usd', 'eur', 'gbp'],
  ],
];

/** Unit nouns that name a quantity of something else (a number followed by one is not, say, years). */
export const FOREIGN_UNITS = new Set([
  ...TIME_UNIT_WORDS,
  'hour',
  'hours',
  'percent',
  'people',
  'person',
  'engineers',
  'employees',
  'users',
  'customers',
  'clients',
  'members',
  'staff',
  'folks',
  'developers',
  'reports',
  'teams',
  'companies',
  'banks',
  'times',
  'dollars',
  'euros',
  'pounds',
  'thousand',
  'million',
  'k',
]);

const RELATIVE_AFTER = new Set(['later', 'earlier', 'afterwards']);

/**
 * Fields of yearly money amounts (salary, income): people say them in thousands ("eighty", "one-twenty",
 * "ninety to a hundred and ten"), so a bare 10–999 is read as thousands.
 */
function inThousands(name: string, field: NumberField): boolean {
  const hay = `${name} ${field.description ?? ''}`.toLowerCase();
  return /\b(salary|salaries|income|compensation|pay package)\b|_salary|salary_/.test(hay);
}

function inThousandsOf(m: NumberMention): NumberMention {
  const r = m.range;
  return {
    ...m,
    value: m.value * 1000,
    ...(r !== undefined
      ? { range: [r[0] < 1000 ? r[0] * 1000 : r[0], r[1] * 1000] as [number, number] }
      : {}),
  };
}

export function unitWords(name: string, description: string | undefined): readonly string[] {
  const hay = `${name} ${description ?? ''}`.toLowerCase();
  for (const [re, unitList] of UNIT_WORDS) if (re.test(name.toLowerCase()) || re.test(hay)) return unitList;
  return [];
}

type Scope = 'role' | 'total' | 'company';

const SCOPE_CUES: Record<Scope, RegExp> = {
  role: /\b(this|the|my|current|present) (role|position|job|title)\b|\bin (the )?role\b|\bcurrently\b/,
  total:
    /\b(in total|total|overall|altogether|in all|all told|career|in the industry|in the field|of experience|experience)\b/,
  company:
    /\b(at|with|in) (the|this|my|our) (company|firm|bank|employer|organi[sz]ation|business)\b|\bhere\b/,
};

export function fieldScope(name: string, description: string | undefined): Scope | undefined {
  const hay = `${name.replace(/_/g, ' ')} ${description ?? ''}`.toLowerCase();
  if (/\b(role|position|job|title)\b/.test(hay)) return 'role';
  if (/\b(total|overall|career|experience|relevant|hands on|hands-on)\b/.test(hay)) return 'total';
  if (/\b(company|employer|tenure|firm)\b/.test(hay)) return 'company';
  return undefined;
}

/**
 * The scope of a mention: from the words after it (up to 6, never crossing another mention), else from
 * up to 3 words before it ("in this role for two years").
 */
function mentionScope(
  tokens: readonly string[],
  mentions: readonly NumberMention[],
  m: NumberMention,
): Scope | undefined {
  const i = mentions.indexOf(m);
  const prevEnd = i > 0 ? (mentions[i - 1]?.end ?? 0) : 0;
  const nextStart = mentions[i + 1]?.start ?? tokens.length;
  const after = tokens.slice(m.end, Math.min(nextStart, m.end + 6)).join(' ');
  const before = tokens.slice(Math.max(prevEnd, m.start - 3), m.start).join(' ');
  return scopeOf(after) ?? scopeOf(before);
}

function scopeOf(context: string): Scope | undefined {
  for (const s of ['role', 'total', 'company'] as const) if (SCOPE_CUES[s].test(context)) return s;
  return undefined;
}

/** The answer with self-corrections applied and durations / shares in the field's unit. */
function fieldText(utterance: string, name: string, units: readonly string[]): string {
  const revised = reviseCorrections(utterance);
  const family: Family | undefined = /percent|pct/.test(name.toLowerCase())
    ? 'percent'
    : units.includes('month')
      ? 'month'
      : units.includes('year')
        ? 'year'
        : undefined;
  return family === undefined ? revised : toFieldUnit(revised, family);
}

export function captureNumber(
  name: string,
  field: NumberField,
  utterance: string,
  taken: Set<number> = new Set(),
  opts: { restate?: boolean } = {},
): number | undefined {
  const units = unitWords(name, field.description);
  utterance = fieldText(utterance, name, units);
  const mentions = findNumbers(utterance);
  if (mentions.length === 0) {
    if (opts.restate === true) return undefined;
    return units.includes('decade') && /\ba (decade|couple of decades)\b/i.test(utterance)
      ? /couple/i.test(utterance)
        ? 20
        : 10
      : undefined;
  }
  const tokens = tokenizeNumbers(utterance);
  const inRange = (m: NumberMention): boolean =>
    (field.min === undefined || m.value >= field.min) && (field.max === undefined || m.value <= field.max);
  // "a year later", "two months after that": a point in time relative to another event, not a span.
  const relative = (m: NumberMention): boolean =>
    TIME_UNIT_WORDS.includes(tokens[m.end] ?? '') && RELATIVE_AFTER.has(tokens[m.end + 1] ?? '');
  const thousands = inThousands(name, field);
  // "give or take ten", "plus or minus two": a tolerance, not a value.
  const tolerance = (m: NumberMention): boolean =>
    /^(give or take|plus or minus|either way|or so)$/.test(
      tokens.slice(Math.max(0, m.start - 3), m.start).join(' '),
    );
  const free = mentions
    .map((m) => (thousands && m.value >= 10 && m.value < 1000 ? inThousandsOf(m) : m))
    .filter((m) => !taken.has(m.start) && inRange(m) && !relative(m) && !tolerance(m));
  const isPercentField = /percent|pct/.test(name.toLowerCase());
  const hasUnit = (m: NumberMention): boolean => {
    if (isPercentField && m.percent === true) return true;
    const next = tokens[m.end] ?? '';
    return units.includes(next) || (units.includes('k') && /k$/.test(tokens[m.end - 1] ?? ''));
  };
  const scope = fieldScope(name, field.description);
  const sinceField = /since|ago|left/.test(name.toLowerCase());
  // "Five percent. Hmm, maybe fifteen actually", "north of 100k, ideally about 115": a correction or a
  // preference keeps the unit of the mention before it.
  const unitOf = (m: NumberMention): boolean => {
    if (hasUnit(m)) return true;
    const prev = mentions[mentions.indexOf(m) - 1] ?? free[free.indexOf(m) - 1];
    const revises =
      CORRECTION_AFTER.test(tokens.slice(m.end, m.end + 3).join(' ')) ||
      /\b(ideally|preferably)\b/.test(tokens.slice(Math.max(0, m.start - 3), m.start).join(' '));
    return prev !== undefined && revises && (hasUnit(prev) || (isPercentField && prev.percent === true));
  };
  const scored = free.map((m) => {
    const s = scope === undefined ? undefined : mentionScope(tokens, mentions, m);
    const scopeScore = s === undefined || scope === undefined ? 0 : s === scope ? 2 : -3;
    return {
      m,
      unit: unitOf(m),
      scopeScore,
      score: (unitOf(m) ? 1 : 0) + scopeScore + preference(tokens, m, sinceField),
    };
  });
  const best = (list: typeof scored) =>
    list.reduce<(typeof scored)[number] | undefined>(
      (a, b) => (a === undefined || b.score > a.score ? b : a),
      undefined,
    );
  let chosen: NumberMention | undefined;
  if (opts.restate === true) {
    chosen = best(scored.filter((c) => c.unit || c.scopeScore > 0))?.m;
  } else {
    const good = best(scored.filter((c) => c.score > 0 && (c.unit || c.scopeScore > 0)));
    const foreign = (m: NumberMention): boolean => FOREIGN_UNITS.has(tokens[m.end] ?? '') && !hasUnit(m);
    chosen =
      good?.m ??
      best(scored.filter((c) => c.unit))?.m ??
      (units.length === 0 || free.length === 1
        ? free.find((m) => units.length === 0 || !foreign(m))
        : undefined) ??
      // "around one-twenty, and I could start in two weeks": the one number that counts nothing else.
      (free.filter((m) => !foreign(m)).length === 1 ? free.find((m) => !foreign(m)) : undefined);
  }
  if (chosen === undefined) return undefined;
  // "Ten to fifteen percent": a range is a number only where the field takes its midpoint.
  if (chosen.range !== undefined && !takesMidpoint(units, field)) return undefined;
  taken.add(chosen.start);
  return tokens[chosen.end] === 'decade' || tokens[chosen.end] === 'decades'
    ? chosen.value * 10
    : chosen.value;
}

/** The range the participant gave for a field ("five to ten percent"), when its midpoint is `value`. */
export function numberRange(
  name: string,
  field: NumberField,
  utterance: string,
  value: number,
): readonly [number, number] | undefined {
  const text = fieldText(utterance, name, unitWords(name, field.description));
  return findNumbers(text).find((m) => m.range !== undefined && Math.abs(m.value - value) < 1e-9)?.range;
}

/**
 * Does a stated range count as the field's number (its midpoint)? For a duration ("four or five years":
 * an estimate of one span) and where the description says so ("Midpoint of the expected salary"); a
 * range of a share or a headcount ("ten to fifteen percent", "ten to twenty people") is a spread the
 * interviewer narrows down instead (the probe asks for a number).
 */
export function takesMidpoint(units: readonly string[], field: NumberField): boolean {
  return (
    units.includes('year') ||
    units.includes('month') ||
    /\bmidpoint\b|\bmid-point\b|\bmiddle of\b|\brange\b/i.test(field.description ?? '')
  );
}

/** Words before a mention that make it the answer: a summary or a preference, a correction, a time since. */
const SUMMARY_BEFORE =
  /\b(so|all told|all in all|i'?d say|that makes|which makes|ideally|preferably|realistically)\b/;
const CORRECTION_AFTER = /^(actually|instead|rather|i mean)\b/;

/**
 * A small preference among otherwise equal mentions: the one a summary introduces ("…, so hands-on I'd
 * say eight years"), the one a correction follows ("five percent. maybe fifteen actually"), and for a
 * time-since field the one followed by "ago" ("I was there eleven years … I left two years ago").
 */
function preference(tokens: readonly string[], m: NumberMention, sinceField: boolean): number {
  let p = 0;
  if (SUMMARY_BEFORE.test(tokens.slice(Math.max(0, m.start - 3), m.start).join(' '))) p += 0.5;
  if (CORRECTION_AFTER.test(tokens.slice(m.end, m.end + 3).join(' '))) p += 0.5;
  if (sinceField && tokens.slice(m.end, m.end + 3).includes('ago')) p += 0.75;
  return p;
}
