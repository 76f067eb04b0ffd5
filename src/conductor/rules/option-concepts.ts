import { parseChoice, type ChoiceResult } from './choice.js';
import { durationPick, emphasised } from './choice-cues.js';
import { normalize, plain } from './text.js';

/**
 * Options named indirectly. Everyday concepts (how often, time of day, world regions, notice periods,
 * reasons people give) each with the names an option may carry and the ways people say them: "every
 * Monday" is weekly, "once the kids are in bed" evenings, "Germany and France" Europe. A concept applies
 * to an option whose label is one of its names. Also: exclusions ("all of them except the CRM one",
 * "not mornings, not evenings"), positions ("the first two", "the middle one") and self-corrections
 * ("mornings — no, sorry, evenings": the last choice wins).
 */

interface Concept {
  /** Option labels this concept applies to (normalised). */
  names: readonly string[];
  /** Ways of saying it (plain text, whole words). */
  said: readonly string[];
}

const DAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend';

const CONCEPTS: readonly Concept[] = [
  {
    names: ['daily', 'every day'],
    said: [
      'every day',
      'each day',
      'everyday',
      'day to day',
      'every working day',
      'all the time',
      'constantly',
      'every morning',
    ],
  },
  {
    names: ['weekly', 'every week'],
    said: ['every week', 'each week', 'once a week', 'twice a week', `every (${DAYS})s?`, `on (${DAYS})s`],
  },
  {
    names: ['monthly', 'every month'],
    said: ['every month', 'each month', 'once a month', 'every few weeks', 'end of the month', 'month end'],
  },
  {
    names: ['rarely', 'hardly ever', 'never', 'seldom'],
    said: [
      'barely ever',
      'hardly ever',
      'almost never',
      'seldom',
      'not often',
      'once in a blue moon',
      'every few months',
      'a couple of times a year',
    ],
  },
  {
    names: ['mornings', 'morning'],
    said: ['before noon', 'before lunch', 'first thing', 'early in the day', 'am'],
  },
  {
    names: ['afternoons', 'afternoon'],
    said: ['middle of the day', 'after lunch', 'midday', 'lunchtime', 'early afternoon'],
  },
  {
    names: ['evenings', 'evening'],
    said: [
      'after work',
      'after dinner',
      'at night',
      'tonight',
      'after (5|6|7|8|five|six|seven|eight)( pm)?',
      'kids are in bed',
      'end of the day',
    ],
  },
  {
    names: ['europe', 'emea'],
    said: [
      'eu',
      'european',
      'germany',
      'france',
      'uk',
      'britain',
      'spain',
      'italy',
      'netherlands',
      'nordics',
      'poland',
      'dach',
      'benelux',
      'ireland',
      'sweden',
    ],
  },
  {
    names: ['north america'],
    said: ['us', 'usa', 'united states', 'the states', 'canada', 'american market'],
  },
  {
    names: ['asia pacific', 'apac', 'asia'],
    said: [
      'apac',
      'japan',
      'china',
      'india',
      'australia',
      'singapore',
      'korea',
      'new zealand',
      'southeast asia',
    ],
  },
  {
    names: ['immediately', 'right away', 'now'],
    said: [
      'right away',
      'straight away',
      'as soon as',
      'between jobs',
      'asap',
      'no notice',
      'tomorrow',
      'any time',
    ],
  },
  {
    names: ['two weeks', '2 weeks'],
    said: ['fortnight', 'fourteen days', '14 days', 'two weeks', '2 weeks'],
  },
  {
    names: ['one month', 'a month', '1 month'],
    said: ['four weeks', '4 weeks', 'thirty days', '30 days', 'a month', 'one month'],
  },
  {
    names: ['lower price', 'price', 'cheaper'],
    said: ['cheaper', 'discount', 'less expensive', 'lower price', 'cost less', 'the price'],
  },
  {
    names: ['better support', 'support'],
    said: ['support', 'tickets', 'help desk', 'response time', 'customer service'],
  },
  {
    names: ['missing features', 'features'],
    said: ['features', 'roadmap', 'functionality', 'what you promised'],
  },
  { names: ['crm integration', 'crm'], said: ['salesforce', 'hubspot', 'crm', 'pipedrive'] },
  {
    names: ['competitor', 'a competitor', 'switching'],
    said: [
      'moving to',
      'switching to',
      'switched to',
      'going with',
      'went with',
      'another tool',
      'another vendor',
      'an alternative',
      'a competitor',
    ],
  },
  {
    names: ['no longer needed', 'not needed'],
    said: [
      "don't need it",
      'do not need it',
      'no longer need',
      "don't use it",
      'not using it',
      'stopped using',
      'closed that',
      'shut down',
      'no use for it',
    ],
  },
];

const CUE =
  /\b(sorry|actually|i mean|i meant|no wait|scratch that|on second thought|or rather|hmm no|well|so)\b/;

function conceptHits(options: readonly string[], text: string): number[] {
  const padded = ` ${text} `;
  const out: number[] = [];
  options.forEach((option, i) => {
    const label = plain(option);
    const concept = CONCEPTS.find((c) => c.names.includes(label));
    if (concept === undefined) return;
    const said = concept.said.some((p) => new RegExp(`(?<!\\b(not|except|but) )\\b(${p})\\b`).test(padded));
    if (said) out.push(i);
  });
  return out;
}

function positional(options: readonly string[], text: string): string[] | undefined {
  const n = options.length;
  const m = /\bthe (first|last) (two|three)\b/.exec(text);
  if (m !== null) {
    const k = m[2] === 'two' ? 2 : 3;
    if (k < n) return m[1] === 'first' ? options.slice(0, k) : options.slice(n - k);
  }
  if (/\bthe middle( one)?\b/.test(text) && n % 2 === 1) return [options[(n - 1) / 2]!];
  return undefined;
}

function excluded(
  options: readonly string[],
  text: string,
  multiple: boolean,
  utterance: string,
): string[] | undefined {
  const m =
    /\b(?:all of them|all|anything|everything|any of them|whatever)\s+(?:except|but|apart from|other than)\s+(.+)$/.exec(
      text,
    );
  // What is excluded ends with its clause: "anything except mornings, … evenings, ideally".
  const clause = /\b(?:except|but|apart from|other than)\s+([^,.;!?]+)/.exec(normalize(utterance))?.[1];
  if (m !== null && clause !== undefined) m[1] = plain(clause);
  if (m !== null) {
    const out = parseChoice(m[1]!, options, true);
    const concept = conceptHits(options, m[1]!);
    const drop = new Set([...(out.type === 'match' ? out.values : []), ...concept.map((i) => options[i]!)]);
    const rest = options.filter((o) => !drop.has(o));
    if (drop.size > 0 && rest.length > 0 && (multiple || rest.length === 1)) return rest;
  }
  // "not mornings, not evenings": every option but one ruled out.
  const nots = [...text.matchAll(/\bnot (\w+(?: \w+)?)/g)].map((x) => x[1]!);
  if (nots.length > 0 && !multiple) {
    const ruled = new Set(
      nots.flatMap((w) => {
        const r = parseChoice(w, options, true);
        return r.type === 'match' ? r.values : [];
      }),
    );
    const rest = options.filter((o) => !ruled.has(o));
    if (ruled.size === options.length - 1 && rest.length === 1) return rest;
  }
  return undefined;
}

/** parseChoice, plus corrections, exclusions, positions and everyday concepts. */
export function readChoice(utterance: string, options: readonly string[], multiple: boolean): ChoiceResult {
  const text = plain(utterance);
  const cue = [...text.matchAll(new RegExp(CUE.source, 'g'))].at(-1);
  if (cue?.index !== undefined) {
    // The cue as said, punctuation and all ("Hmm, no, …").
    const said = new RegExp(`\\b${cue[0].split(' ').join('[\\s,.;:!?—-]+')}\\b`, 'g');
    const at = [...normalize(utterance).matchAll(said)].at(-1);
    const tail =
      at?.index !== undefined
        ? utterance.slice(at.index + at[0].length)
        : utterance.slice(Math.max(0, utterance.toLowerCase().lastIndexOf(cue[0]) + cue[0].length));
    const rest = tail.replace(/^[\s,.;:—-]+/, '');
    // The corrected choice comes right after the cue: its first clause, else the whole tail.
    const first = rest.split(/[,.;:!?—]/)[0] ?? rest;
    for (const part of [first, rest]) {
      const later = readChoice(part, options, multiple);
      if (later.type === 'match' && plain(part) !== text) return later;
    }
  }
  const ex = excluded(options, text, multiple, utterance);
  if (ex !== undefined) return { type: 'match', values: ex };
  const pos = positional(options, text);
  if (pos !== undefined) return { type: 'match', values: multiple ? pos : pos.slice(0, 1) };
  const base = parseChoice(utterance, options, multiple);
  if (base.type === 'match') return base;
  const span = multiple ? undefined : durationPick(options, utterance);
  if (span !== undefined) return { type: 'match', values: [options[span]!] };
  const stress = emphasised(utterance);
  if (stress !== undefined && plain(stress) !== text) {
    const picked = readChoice(stress, options, multiple);
    if (picked.type === 'match') return picked;
  }
  const hits = conceptHits(options, text);
  if (hits.length === 0) return base;
  if (multiple) return { type: 'match', values: hits.map((i) => options[i]!) };
  if (hits.length === 1) return { type: 'match', values: [options[hits[0]!]!] };
  return { type: 'unclear', reason: 'more than one option was described' };
}
