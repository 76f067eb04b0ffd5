import { findNumbers, tokenizeNumbers } from './numbers.js';
import { escapeRegExp } from './text.js';

/**
 * Choice from speech: fuzzy match of the options (partial words and plurals: "tagging" ~ "automatic
 * tagging", "the CRM one" ~ "CRM integration"), ordinals ("the first one", "the last", "option two",
 * "the latter"), numeric options ("about 200 a month" → "100 to 500"), "all of them", negations
 * ("anything but mornings", "not evenings"). With `multiple` every mentioned option is returned (in the
 * blueprint's order); otherwise two different picks are unclear.
 */
export type ChoiceResult = { type: 'match'; values: string[] } | { type: 'unclear'; reason: string };

const STOP = new Set([
  'the',
  'a',
  'an',
  'of',
  'to',
  'and',
  'or',
  'in',
  'on',
  'for',
  'with',
  'my',
  'our',
  'one',
  'option',
  'i',
  'd',
  'say',
  'would',
  'be',
  'is',
  'it',
  'that',
  'probably',
  'maybe',
  'definitely',
  'guess',
  'think',
  'go',
  'pick',
  'choose',
  'prefer',
  'like',
  'most',
  'best',
  'really',
  'just',
  'well',
  'um',
  'uh',
  'so',
  'yeah',
  'me',
  'for',
  'some',
]);
const NEGATORS = new Set([
  'not',
  'no',
  'except',
  'but',
  'without',
  'never',
  "don't",
  'dont',
  "wouldn't",
  'neither',
  'nor',
]);
const ORDINALS: Record<string, number> = {
  first: 0,
  '1st': 0,
  second: 1,
  '2nd': 1,
  third: 2,
  '3rd': 2,
  fourth: 3,
  '4th': 3,
  fifth: 4,
  '5th': 4,
  sixth: 5,
  seventh: 6,
  eighth: 7,
  ninth: 8,
  tenth: 9,
};
const SYNONYMS: Record<string, readonly string[]> = {
  immediately: ['right away', 'straight away', 'asap', 'as soon as possible', 'now', 'tomorrow', 'right now'],
  later: ['longer', 'more than that', 'after that', 'a while'],
  mornings: ['morning', 'am', 'early'],
  afternoons: ['afternoon', 'after lunch', 'midday'],
  evenings: ['evening', 'night', 'nights', 'after work'],
};

/** Tokens with number words turned into digits ("two weeks" → "2 weeks", "a month" → "1 month"). */
function tokens(text: string): string[] {
  const toks = tokenizeNumbers(text).map((t) => t.replace(/'s$/, ''));
  const nums = findNumbers(text);
  if (nums.length === 0) {
    return toks.map((t, i) => (t === 'a' && /^(week|month|year|day)s?$/.test(toks[i + 1] ?? '') ? '1' : t));
  }
  const out: string[] = [];
  for (let i = 0; i < toks.length;) {
    const n = nums.find((m) => m.start === i && m.range === undefined);
    if (n !== undefined) {
      out.push(String(n.value));
      i = n.end;
    } else {
      const t = toks[i] ?? '';
      out.push(t === 'a' && /^(week|month|year|day)s?$/.test(toks[i + 1] ?? '') ? '1' : t);
      i += 1;
    }
  }
  return out;
}

function stem(w: string): string {
  return w
    .replace(/(ies)$/, 'y')
    .replace(/(ing|ed|es|s|ion|ions|ation)$/, '')
    .replace(/(.)\1$/, '$1');
}

function same(a: string, b: string): boolean {
  if (a === b) return true;
  const sa = stem(a);
  const sb = stem(b);
  if (sa === sb && sa.length >= 2) return true;
  // partial words: "integr" ~ "integration", "auto" ~ "automatic" (at least 4 letters)
  const [short, long] = sa.length <= sb.length ? [sa, sb] : [sb, sa];
  return (
    short.length >= 4 && long.startsWith(short) && (short.length >= 6 || short.length / long.length >= 0.6)
  );
}

interface OptionHit {
  index: number;
  score: number;
  /** Token position of the first matched word (for negation and order). */
  at: number;
  negated: boolean;
}

const EXCLUDING_BEFORE_BUT = new Set(['anything', 'everything', 'anytime', 'time', 'whatever', 'all', 'any']);
/** "next month", "last week": a point in time, never a frequency option ("monthly"). */
const POINT_IN_TIME = new Set(['next', 'last', 'this', 'coming', 'past', 'previous']);
const TIME_WORD = /^(day|week|month|year|quarter)s?$/;
/** Self-correction cues between two picks: the later pick wins ("two weeks, oh hang on, a month"). */
const CORRECTION_CUES = new Set([
  'sorry',
  'actually',
  'wait',
  'hang',
  'hold',
  'mean',
  'scratch',
  'rather',
  'correction',
]);

function isNegatedAt(utt: readonly string[], at: number): boolean {
  for (let j = Math.max(0, at - 3); j < at; j++) {
    const w = utt[j] ?? '';
    if (!NEGATORS.has(w)) continue;
    // "no, mornings" — a leading "no" followed by a pause is not a negation of the option; "but" alone
    // ("but evenings") is not negation either unless followed by "not".
    // "anything but mornings", "any time but evenings" is an exclusion.
    if (w === 'but' && utt[j + 1] !== 'not' && !EXCLUDING_BEFORE_BUT.has(utt[j - 1] ?? '')) continue;
    if (w === 'no' && j === 0 && at > 1) continue;
    return true;
  }
  return false;
}

function scoreOption(
  option: string,
  utt: readonly string[],
  uttText: string,
): Omit<OptionHit, 'index'> | undefined {
  const optToks = tokens(option).filter((t) => !STOP.has(t));
  const wanted = optToks.length > 0 ? optToks : tokens(option);
  let matched = 0;
  let first = -1;
  for (const w of wanted) {
    const at = utt.findIndex(
      (u, i) => same(u, w) && !(TIME_WORD.test(u) && POINT_IN_TIME.has(utt[i - 1] ?? '')),
    );
    if (at >= 0) {
      matched += 1;
      if (first < 0 || at < first) first = at;
    }
  }
  let score = wanted.length === 0 ? 0 : matched / wanted.length;
  // "Latin America" is not "north america": the option's head word after a different qualifier.
  const head = wanted.at(-1);
  if (
    score < 1 &&
    first > 0 &&
    head !== undefined &&
    same(utt[first]!, head) &&
    !STOP.has(utt[first - 1] ?? '') &&
    !wanted.some((w) => same(utt[first - 1]!, w))
  )
    score = Math.min(score, 0.4);
  // A numeric option ("100 to 500") needs its numbers, not just one shared word.
  if (wanted.some((w) => /^\d/.test(w)) && matched < wanted.length) score = Math.min(score, 0.4);
  const syn = SYNONYMS[option.toLowerCase()];
  if (score < 1 && syn !== undefined) {
    for (const s of syn) {
      const m = new RegExp(`(^| )${escapeRegExp(s)}( |$)`).exec(uttText);
      if (m !== null) {
        score = 1;
        first = uttText.slice(0, m.index).split(' ').filter(Boolean).length;
        break;
      }
    }
  }
  if (score < 0.5 || first < 0) return undefined;
  return { score, at: first, negated: isNegatedAt(utt, first) };
}

/** "under 100" / "100 to 500" / "more than 500" → [lo, hi]. */
function numericRange(option: string): [number, number] | undefined {
  const o = option.toLowerCase();
  const nums = findNumbers(o);
  const n = nums[0];
  if (n === undefined) return undefined;
  if (n.range !== undefined) return n.range;
  if (/\b(under|less than|below|up to|fewer than|at most)\b/.test(o)) return [-Infinity, n.value];
  if (/\b(more than|over|above|at least|plus)\b|\+/.test(o)) return [n.value, Infinity];
  return undefined;
}

function byNumber(options: readonly string[], utterance: string): number | undefined {
  const ranges = options.map(numericRange);
  if (ranges.filter((r) => r !== undefined).length < 2) return undefined;
  const n = findNumbers(utterance)[0];
  if (n === undefined) return undefined;
  // An answer that is itself a range picks the option containing its midpoint.
  // "over five hundred": the words right before the number, in words or digits.
  const before = tokenizeNumbers(utterance)
    .slice(Math.max(0, n.start - 3), n.start)
    .join(' ');
  const nudge = /\b(over|more than|above|at least|upwards of|north of)$/.test(before)
    ? 0.5
    : /\b(under|less than|below|at most|up to)$/.test(before)
      ? -0.5
      : 0;
  const v = n.value + nudge;
  const idx = ranges.findIndex((r) => r !== undefined && v >= r[0] && v <= r[1]);
  return idx >= 0 ? idx : undefined;
}

/**
 * "The cheapest tier", "the biggest plan": an extreme of options that are numeric ranges picks the
 * lowest or the highest of them.
 */
function byExtreme(options: readonly string[], uttText: string): number | undefined {
  const ranges = options.map(numericRange);
  if (ranges.some((r) => r === undefined) || ranges.length < 2) return undefined;
  const low = /\b(cheapest|cheaper|lowest|lower|smallest|smaller|least|bottom|minimum|basic)\b/.test(uttText);
  const high = /\b(most expensive|priciest|pricier|highest|higher|biggest|bigger|largest|top|maximum)\b/.test(
    uttText,
  );
  if (low === high) return undefined;
  const mids = ranges.map((r) =>
    r![0] === -Infinity ? r![1] - 1 : r![1] === Infinity ? r![0] + 1 : (r![0] + r![1]) / 2,
  );
  const target = low ? Math.min(...mids) : Math.max(...mids);
  return mids.indexOf(target);
}

function ordinal(utt: readonly string[], count: number): number | undefined {
  const text = ` ${utt.join(' ')} `;
  if (/ (the )?(last|final) (one|option)? ?/.test(text) && / (last|final)( one| option)?( |$)/.test(text))
    return count - 1;
  if (count === 2 && / the latter /.test(text)) return 1;
  if (count === 2 && / the former /.test(text)) return 0;
  for (let i = 0; i < utt.length; i++) {
    const w = utt[i] ?? '';
    const o = ORDINALS[w];
    if (o !== undefined && o < count) return o;
    if ((w === 'option' || w === 'number') && /^\d+$/.test(utt[i + 1] ?? '')) {
      const n = Number(utt[i + 1]) - 1;
      if (n >= 0 && n < count) return n;
    }
  }
  return undefined;
}

export function parseChoice(utterance: string, options: readonly string[], multiple: boolean): ChoiceResult {
  const utt = tokens(utterance);
  const uttText = utt.join(' ');
  if (utt.length === 0) return { type: 'unclear', reason: 'empty answer' };
  if (
    multiple &&
    /\b(all of (them|those|these|the above)|all (four|three|five|two)|every one|everything|all of it)\b/.test(
      uttText,
    )
  ) {
    return { type: 'match', values: [...options] };
  }
  if (/\b(none of (them|those|these|the above)|neither)\b/.test(uttText)) {
    return { type: 'unclear', reason: 'none of the options was chosen' };
  }
  const hits: OptionHit[] = [];
  options.forEach((option, index) => {
    const hit = scoreOption(option, utt, uttText);
    if (hit !== undefined) hits.push({ index, ...hit });
  });
  const positive = hits.filter((h) => !h.negated);
  if (positive.length === 0) {
    const ord = ordinal(utt, options.length);
    if (ord !== undefined) return { type: 'match', values: [options[ord] ?? ''] };
    const num = byNumber(options, utterance) ?? byExtreme(options, uttText);
    if (num !== undefined) return { type: 'match', values: [options[num] ?? ''] };
    if (hits.length > 0 && hits.length < options.length && !multiple && options.length === 2) {
      // "not mornings" with two options → the other one.
      const other = options.findIndex((_, i) => !hits.some((h) => h.index === i));
      if (other >= 0) return { type: 'match', values: [options[other] ?? ''] };
    }
    return { type: 'unclear', reason: 'no option recognised' };
  }
  if (multiple) {
    return {
      type: 'match',
      values: positive.sort((a, b) => a.index - b.index).map((h) => options[h.index] ?? ''),
    };
  }
  const best = Math.max(...positive.map((h) => h.score));
  const top = positive.filter((h) => h.score === best);
  if (top.length === 1 && top[0] !== undefined)
    return { type: 'match', values: [options[top[0].index] ?? ''] };
  const byPosition = [...positive].sort((a, b) => a.at - b.at);
  const last = byPosition.at(-1);
  const before = byPosition.at(-2);
  if (
    last !== undefined &&
    before !== undefined &&
    utt.slice(before.at, last.at).some((t) => CORRECTION_CUES.has(t))
  )
    return { type: 'match', values: [options[last.index] ?? ''] };
  return { type: 'unclear', reason: 'more than one option was mentioned' };
}
