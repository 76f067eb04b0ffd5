import { plain } from './text.js';

/**
 * What a node's `completion_hint` asks the answer to contain, read offline: the elements a researcher
 * listens for ("the candidate's own contribution and the outcome", "the underlying consequence for the
 * team or the customer", "the underlying need", "what it costs the customer", "a concrete decision
 * with its outcome"). A trigger ("what triggered the decision") is not required: it usually comes with
 * the reason, and asking for it after a named reason reads as pushing. A follow-up is warranted by a missing element, not
 * by a short answer; an answer with every element is complete however short it is. Hints naming none of
 * these (or fields the capture covers) are not read here: undefined.
 */
export type HintElement = 'own contribution' | 'outcome' | 'consequence' | 'underlying need' | 'decision';

const ASKS: readonly [RegExp, HintElement][] = [
  [/\b(own (contribution|role|part)|personally|contribution)\b/, 'own contribution'],
  [/\b(outcome|result)s?\b/, 'outcome'],
  [/\b(consequence|impact|costs?|what it costs)\b/, 'consequence'],
  [/\b(underlying need|the need|why it matters)\b/, 'underlying need'],
  [/\bconcrete decisions?\b/, 'decision'],
];

const SAYS: Record<HintElement, RegExp> = {
  'own contribution':
    /\b(i|i'?ve|i personally) (led|lead|designed|built|wrote|rewrote|decided|chose|owned|own|ran|drove|proposed|pushed|picked|set up|introduced|migrated|implemented|architected|made|did|created|started|championed|negotiated|convinced|split|moved|refactored|added|replaced|fixed)\b|\bmy (part|role|job|idea|decision|call|design)\b|\bi was (the|responsible|in charge)\b/,
  outcome:
    /\b(result|outcome|in the end|ended up|cut|halved|doubled|reduced|improved|saved|shipped|launched|went live|dropped|fell|rose|increased|decreased|it worked|worked out|paid off|success|successful|faster|fewer|zero|percent|down to|up to)\b/,
  consequence:
    /\b(so (we|they|the customer|customers|nobody|people)|which means|that means|meaning|as a result|consequence|makes? (them|us|people|customers|the customer)|(we|i|they|customers?|people|users|clients) (lose|lost|losing|leave|left|churn\w*|quit|give up|gave up|complain\w*|get angry|wait|redo)|churn\w*|quits?|costs? (us|me|them)|wasted?|an hour|(hours|days) (a|every|per|each|of)|money|angry|frustrated|end up|never (get|hear)|gets? lost|falls? through|no answer|ignored|missed|by hand)\b/,
  'underlying need':
    /\b(because|need|needed|so that|so we|since|the reason|have to|had to|couldn'?t|can'?t|no (one|admin|time|budget)|didn'?t have|don'?t have|nobody to|without)\b/,
  decision:
    /\b(i|we) (chose|decided|picked|selected|moved|switched|went with|bought|signed|approved|killed|dropped|built|replaced)\b/,
};

export function hintElements(hint: string | undefined): HintElement[] | undefined {
  if (hint === undefined) return undefined;
  const h = plain(hint);
  const out = ASKS.filter(([re]) => re.test(h)).map(([, e]) => e);
  return out.length > 0 ? [...new Set(out)] : undefined;
}

/** The elements the hint asks for that the answer does not contain; undefined when the hint is not read. */
export function missingFromHint(hint: string | undefined, answer: string): HintElement[] | undefined {
  const asked = hintElements(hint);
  if (asked === undefined) return undefined;
  const text = plain(answer);
  return asked.filter((e) => !SAYS[e].test(text));
}

/**
 * "If you ever worked at Siemens, how long ago did you leave?" — "never worked there" answers it: the
 * condition is denied, so nothing is missing.
 */
export function deniesCondition(question: string, answer: string): boolean {
  const m = /^if you (?:ever |have ever |once )?(\w+)/.exec(plain(question));
  if (m === null) return false;
  const verb = m[1]!.replace(/(ed|d)$/, '');
  return new RegExp(
    `\\b(never|haven'?t|have not|didn'?t|did not|not)\\b(\\s+\\w+){0,3}\\s+${verb}\\w*\\b`,
  ).test(plain(answer));
}
