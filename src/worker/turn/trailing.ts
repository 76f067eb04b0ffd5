/**
 * Whether an utterance trails off: it stops where a speaker who is still thinking stops — on a
 * conjunction ("…and", "because"), a filler ("um", "you know"), a word that needs its complement (an
 * article, a preposition, "my"), an opinion frame with nothing after it ("I think", "I'd say"), or an
 * ellipsis. Those are `strong` cues. `weak` ones — a subject and its auxiliary ("it was", "I do"), a
 * closing hedge ("maybe") — also end complete short answers ("Yes I do", "Yes maybe"), so the judge
 * looks at them only after the node's typed reading (judge.ts). Transcripts come from the STT with
 * punctuation: a final full stop is ignored (the STT puts one on every segment), a final "…" is a cue.
 */

export type TrailingCue =
  | { strength: 'strong'; cue: 'ellipsis' | 'conjunction' | 'filler' | 'unfinished' | 'opinion_frame' }
  | { strength: 'weak'; cue: 'auxiliary' | 'hedge' };

const CONJUNCTIONS = new Set(
  'and but or so because cause cos coz since although whereas plus like nor whether if unless'.split(' '),
);
/** "I think so", "ten minutes or so", "and so on": a final word that closes the phrase before it. */
const CLOSES = new Map([
  ['so', new Set('think guess hope suppose believe reckon imagine say said or not'.split(' '))],
  ['like', new Set('feel feels felt would look looks looked'.split(' '))],
]);
const FILLERS = new Set('um umm uh uhh uhm er erm err ah hmm hm mm mmm well'.split(' '));
const FILLER_PHRASES = [
  'you know',
  'i mean',
  'sort of',
  'kind of',
  'let me see',
  'let me think',
  'how can i put it',
];
const NEEDS_COMPLEMENT = new Set(
  'the a an my our your their his her this these those every each to of for with about in on at from by into onto between through towards toward very'.split(
    ' ',
  ),
);
const OPINION_FRAME =
  /\b(i|we) (think|guess|suppose|mean|feel|believe|reckon|would say|want to say|wanna say)$|\b(i'd|we'd|i would|we would) (say|go with|have to say)$|\b(think|said|say|is|was) that$|\bthe( \w+)? (thing|problem|issue|reason|point|part) (is|was)$|\bwhat i (like|liked|mean|meant) (is|was)$/;
const HEDGES = new Set('maybe probably perhaps honestly basically actually'.split(' '));
const SUBJECTS = new Set('i we it that there they he she you'.split(' '));
const AUXILIARIES = new Set(
  'is was were are am be been have has had do did does will would could should can might must'.split(' '),
);
const CONTRACTED = /^(it's|that's|there's|i'm|we're|they're|i've|we've|they've|i'd|we'd|i'll|we'll)$/;

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
}

/** The cue the utterance trails off on, or null when it ends like a finished thought. */
export function trailingCue(utterance: string): TrailingCue | null {
  const raw = utterance.trim();
  if (/(\.\.\.|…|--|—|\s-)\s*$/.test(raw)) return { strength: 'strong', cue: 'ellipsis' };
  const w = words(raw);
  const last = w.at(-1);
  if (last === undefined) return null;
  const before = w.at(-2);
  const tail = w.slice(-4).join(' ');
  const closed = before !== undefined && CLOSES.get(last)?.has(before) === true;
  if (CONJUNCTIONS.has(last) && !closed) return { strength: 'strong', cue: 'conjunction' };
  if (FILLERS.has(last) || FILLER_PHRASES.some((p) => tail === p || tail.endsWith(` ${p}`)))
    return { strength: 'strong', cue: 'filler' };
  if (OPINION_FRAME.test(tail)) return { strength: 'strong', cue: 'opinion_frame' };
  if (NEEDS_COMPLEMENT.has(last)) return { strength: 'strong', cue: 'unfinished' };
  if (HEDGES.has(last)) return { strength: 'weak', cue: 'hedge' };
  if ((AUXILIARIES.has(last) && before !== undefined && SUBJECTS.has(before)) || CONTRACTED.test(last))
    return { strength: 'weak', cue: 'auxiliary' };
  return null;
}
