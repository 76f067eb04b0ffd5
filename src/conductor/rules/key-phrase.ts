import { normalize } from './text.js';

/**
 * The participant's own words for a follow-up: the most telling clause of the answer, turned to the
 * second person ("we lose the handover" → "you lose the handover"), so that a probe can say "You
 * mentioned you lose the handover — what happens then?". Clauses that are only fillers, hedges or
 * very short are skipped; the clause with the most content words (3–12 words long) wins, earliest first.
 */

const LEAD =
  /^(well|so|um+|uh+|erm|honestly|basically|actually|i mean|i think|i guess|you know|like|and|but|because|oh|yeah|yes|no|okay|ok|right|look|to be honest|if i'?m honest|the thing is)\b[\s,]*/;

const SWAP: Readonly<Record<string, string>> = {
  i: 'you',
  "i'm": "you're",
  "i've": "you've",
  "i'd": "you'd",
  "i'll": "you'll",
  me: 'you',
  my: 'your',
  mine: 'yours',
  myself: 'yourself',
  we: 'you',
  "we're": "you're",
  "we've": "you've",
  "we'd": "you'd",
  "we'll": "you'll",
  us: 'you',
  our: 'your',
  ours: 'yours',
  ourselves: 'yourselves',
  am: 'are',
  was: 'were',
};

const FILLER = new Set(
  'the a an and or but so of to in on at for with it is was be that this there just really very kind sort stuff things you know like um uh well'.split(
    ' ',
  ),
);

function secondPerson(words: readonly string[]): string[] {
  return words.map((w, i) => {
    const swapped = SWAP[w];
    if (swapped === undefined) return w;
    // "was" / "am" only after "I" ("I was" → "you were"), not "it was".
    if ((w === 'was' || w === 'am') && words[i - 1] !== 'i') return w;
    return swapped;
  });
}

export function keyPhrase(utterance: string): string | undefined {
  const clauses = normalize(utterance)
    .split(/[.!?;:,()"]+|\s-\s|\s(?:because|which|but|and then|so that)\s/)
    .map((c) => {
      let t = c.trim();
      for (let k = 0; k < 4; k++) t = t.replace(LEAD, '').trim();
      return t
        .replace(/[^a-z0-9' ]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    })
    .filter((c) => c !== '');
  let best: { words: string[]; score: number } | undefined;
  for (const c of clauses) {
    const words = c.split(' ');
    if (words.length < 3 || words.length > 12) continue;
    const score = words.filter((w) => w.length > 2 && !FILLER.has(w)).length;
    if (score < 2) continue;
    if (best === undefined || score > best.score) best = { words, score };
  }
  return best === undefined ? undefined : secondPerson(best.words).join(' ');
}
