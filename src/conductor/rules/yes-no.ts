import { plain } from './text.js';

/**
 * yes / no from speech. Negation-aware: "absolutely not", "of course not", "I don't", "not really" are
 * no; "no problem", "I don't mind", "why not" are yes; "not sure", "maybe", "it depends", "yes and no"
 * are unclear (→ the conductor asks again). The earliest signal in the utterance wins, so
 * "Yes, I don't work for them" is yes (the question was negatively framed) and "No, I have never
 * done that" is no.
 */
export type YesNo = { type: 'yes' } | { type: 'no' } | { type: 'unclear'; reason: string };

const UNCLEAR: readonly RegExp[] = [
  /\b(i'?m|i am|im) not (totally |entirely |quite |really |100 percent |a hundred percent )?sure\b/,
  /^(not|no) (sure|certain)\b/,
  /\bnot (entirely |totally |really )?sure\b/,
  /^(maybe|perhaps|possibly|kind of|sort of|kinda|sorta)\b/,
  /\b(it|that) depends\b/,
  /^depends\b/,
  /\byes and no\b/,
  /\bhard to say\b/,
  /\bi can'?t (really )?say\b/,
  /\bsometimes\b/,
  /^(hmm+|um+|uh+|erm)$/,
];

/** Phrases whose surface form contains a negation but mean yes. Checked before NO. */
const YES_DESPITE_NEGATION: readonly RegExp[] = [
  /\bno (problem|worries|issue|issues|objection|objections)\b/,
  /\bnot a problem\b/,
  /\bi don'?t mind\b/,
  /\bi do not mind\b/,
  /\bwhy not\b/,
  /\bdon'?t see why not\b/,
  /\bi can'?t complain\b/,
  /\bno doubt\b/,
  /\bwithout (a )?doubt\b/,
];

const NO: readonly RegExp[] = [
  /\b(absolutely|definitely|certainly|of course|surely|probably|really|actually|nope|sadly|unfortunately) not\b/,
  /^no\b/,
  /^(yeah|yes|yep) no\b/,
  /^(nope|nah|naw|negative)\b/,
  /\bno way\b/,
  /\bnot (really|at all|yet|exactly|currently|anymore|any more|that i know of|to my knowledge|quite)\b/,
  /\bnot at the moment\b/,
  /\bi (don'?t|do not|didn'?t|did not|haven'?t|have not|hadn'?t|am not|can'?t|cannot|can not|wouldn'?t|won'?t|will not|never|doubt it)\b/,
  /\b(i'?m|im) not\b/,
  /\bi (would|could|should|will|do|did|am|have|can|had) not\b/,
  /\bwe (don'?t|do not|haven'?t|have not|aren'?t|are not|can'?t|cannot|never|didn'?t|did not|won'?t)\b/,
  /\b(it|that) (isn'?t|is not|wasn'?t|was not|doesn'?t|does not)\b/,
  /\b(that'?s|thats) not (right|correct|true|the case)\b/,
  /\bnever\b/,
  /\bnone\b/,
  /\b(i )?don'?t think so\b/,
  /\bi'?d rather not\b/,
  /\b(i'?d|i would) prefer not\b/,
  /\bnot okay\b/,
  /\bnot ok\b/,
];

const YES: readonly RegExp[] = [
  /^(yes|yeah|yep|yup|ya|yea|yah|aye|sure|certainly|absolutely|definitely|indeed|correct|affirmative|right|totally|exactly|ok|okay|alright|all right|fine|true|uh huh|mm hmm|mhm|of course|course|please do|go ahead|sounds good|for sure|100 percent)\b/,
  /\b(yes|yeah|yep|yup)\b/,
  /\bi (do|am|have|can|did|will|would|confirm|agree|consent|accept)\b/,
  /\bwe (do|are|have|can|did|will)\b/,
  /\b(i'?m|im) (happy|fine|ok|okay|good|comfortable|in)\b/,
  /\b(that'?s|thats|that is|it'?s|its) (right|correct|true|fine|ok|okay|alright|the case)\b/,
  /\bi (think|believe|guess|suppose) so\b/,
  /\bof course\b/,
  /\bconfirmed?\b/,
  /\bsure\b/,
  /\babsolutely\b/,
  /\bdefinitely\b/,
  /\bthat works\b/,
  /\bgo for it\b/,
];

interface Hit {
  index: number;
  length: number;
}

function earliest(text: string, patterns: readonly RegExp[]): Hit | undefined {
  let best: Hit | undefined;
  for (const re of patterns) {
    const m = re.exec(text);
    if (m === null) continue;
    const hit = { index: m.index, length: m[0].length };
    if (
      best === undefined ||
      hit.index < best.index ||
      (hit.index === best.index && hit.length > best.length)
    ) {
      best = hit;
    }
  }
  return best;
}

/** `text` with every match of `patterns` blanked out (same length, so indexes stay valid). */
function maskAll(text: string, patterns: readonly RegExp[]): string {
  let out = text;
  for (const re of patterns) out = out.replace(new RegExp(re.source, 'g'), (m) => ' '.repeat(m.length));
  return out;
}

export function parseYesNo(utterance: string): YesNo {
  const text = plain(utterance);
  if (text === '') return { type: 'unclear', reason: 'empty answer' };
  const unclear = UNCLEAR.find((re) => re.test(text));
  if (unclear !== undefined) return { type: 'unclear', reason: 'the answer was not a clear yes or no' };
  const yesDespite = earliest(text, YES_DESPITE_NEGATION);
  // The negations inside those phrases are not negations: "yep, no problem" is not "yeah, no".
  const no = earliest(maskAll(text, YES_DESPITE_NEGATION), NO);
  const yes = earliest(text, YES);
  const candidates: { kind: 'yes' | 'no'; hit: Hit }[] = [];
  if (yesDespite !== undefined)
    candidates.push({ kind: 'yes', hit: { ...yesDespite, length: yesDespite.length + 100 } });
  if (no !== undefined) candidates.push({ kind: 'no', hit: { ...no, length: no.length + 50 } });
  if (yes !== undefined) candidates.push({ kind: 'yes', hit: yes });
  if (candidates.length === 0) return { type: 'unclear', reason: 'no yes or no in the answer' };
  // The earliest signal wins; at the same position the more specific pattern (negation-aware) wins.
  candidates.sort((a, b) => a.hit.index - b.hit.index || b.hit.length - a.hit.length);
  const winner = candidates[0];
  return winner?.kind === 'no' ? { type: 'no' } : { type: 'yes' };
}
