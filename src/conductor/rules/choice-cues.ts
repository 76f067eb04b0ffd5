import { findNumbers, tokenizeNumbers } from './numbers.js';
import { normalize } from './text.js';

/**
 * Two more ways people name an option:
 * - by a duration, when the options are durations ("immediately, two weeks, one month, later"): "my
 *   notice is three months" is past the longest stated option, so the open-ended one ("later");
 * - by emphasis among several mentions: "a lower price, and better support too, but price mostly".
 */

const WEEKS: Record<string, number> = {
  day: 1 / 7,
  days: 1 / 7,
  week: 1,
  weeks: 1,
  fortnight: 2,
  month: 4.345,
  months: 4.345,
  year: 52,
  years: 52,
};
const NOW = /^(immediately|right away|now|asap|straight away)$/;
const OPEN = /^(later|later than that|longer|more|after that|other)$/;

/** The duration in weeks of the first number + time unit in a text ("three months" → 13). */
function weeksIn(text: string): number | undefined {
  const toks = tokenizeNumbers(text);
  for (const m of findNumbers(text)) {
    const unit = WEEKS[toks[m.end] ?? ''];
    if (unit !== undefined) return m.value * unit;
  }
  const bare = /\b(a|one) (week|month|year|fortnight)\b/.exec(normalize(text));
  return bare !== null ? (WEEKS[bare[2]!] ?? 0) : undefined;
}

export function durationPick(options: readonly string[], utterance: string): number | undefined {
  const spans = options.map((o) => (NOW.test(normalize(o)) ? 0 : weeksIn(o)));
  const open = options.findIndex((o) => OPEN.test(normalize(o)));
  const stated = spans.filter((s): s is number => s !== undefined);
  if (stated.length < 2) return undefined;
  const said = weeksIn(utterance);
  if (said === undefined) return undefined;
  const longest = Math.max(...stated);
  if (said > longest * 1.25) return open >= 0 ? open : undefined;
  // The stated option nearest to what was said (on a log scale: two weeks vs a month).
  let best: number | undefined;
  let gap = Infinity;
  spans.forEach((s, i) => {
    if (s === undefined) return;
    const d = Math.abs(Math.log1p(s) - Math.log1p(said));
    if (d < gap) {
      gap = d;
      best = i;
    }
  });
  return best;
}

const EMPHASIS = /\b(mostly|mainly|primarily|above all|most of all|especially|first and foremost)\b/;

/** The clause an emphasis word marks ("…, but price mostly" → "price mostly"), or undefined. */
export function emphasised(utterance: string): string | undefined {
  const parts = normalize(utterance).split(/[,;.!?]|\s-\s|\bbut\b|\band\b/);
  const hit = parts.filter((p) => EMPHASIS.test(p));
  return hit.length === 1 ? hit[0]!.trim() : undefined;
}
