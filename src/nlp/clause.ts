import winkNLP, { type ItsFunction } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/**
 * The grammatical shape of a short clause, read with wink-nlp's English model (part of speech and
 * lemma): whether it has a verb at all ("confidential stuff" is a topic, not a statement) and whether its
 * first verb is in the past tense ("I was at Globex years ago", "I sold my shares"). Loaded on first use.
 */
export interface ClauseShape {
  hasVerb: boolean;
  past: boolean;
}

let nlp: ReturnType<typeof winkNLP> | null = null;

/** Load the model now (about 0.1 s, once per process), so the first yes / no answer of a call does not. */
export function warmClauseModel(): void {
  nlp ??= winkNLP(model);
}

const PAST_AUX = new Set(['was', 'were', 'had', 'did', "wasn't", "weren't", "hadn't", "didn't"]);
const PERFECT_AUX = new Set(['have', 'has', "'ve", 've', "'s"]);

export function clauseShape(text: string): ClauseShape {
  nlp ??= winkNLP(model);
  const its = nlp.its;
  // The model does not split "I'm" (it tags it a proper noun): spell it out, with the capital pronoun.
  const tokens = nlp.readDoc(text.replace(/\bi'm\b/gi, 'I am').replace(/\bi\b/g, 'I')).tokens();
  const words = tokens.out(its.normal) as string[];
  const pos = tokens.out(its.pos) as string[];
  // interop: wink-nlp types its.lemma without the ItsFunction signature tokens.out expects
  const lemmas = tokens.out(its.lemma as unknown as ItsFunction<string>) as string[];
  let hasVerb = false;
  let past = false;
  for (let i = 0; i < words.length; i++) {
    const p = pos[i];
    if (p !== 'VERB' && p !== 'AUX') continue;
    const w = words[i] ?? '';
    const lemma = lemmas[i] ?? w;
    if (!hasVerb) {
      // "used to be": a past habit; "was", "did": past auxiliaries; "sold", "left": an inflected
      // verb that is neither third person (-s) nor a participle after "have".
      past =
        (w === 'used' && words[i + 1] === 'to') ||
        PAST_AUX.has(w) ||
        (p === 'VERB' &&
          w !== lemma &&
          !/(s|ing)$/.test(w) &&
          !PERFECT_AUX.has(words[i - 1] ?? '') &&
          !['be', 'am', 'is', 'are', "'m", "'re"].includes(words[i - 1] ?? ''));
    }
    hasVerb = true;
    break;
  }
  return { hasVerb, past };
}
