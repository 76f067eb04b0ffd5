/**
 * The words yes / no answers are read with (yes-no-question.ts): stances that agree or deny whatever the
 * framing, hedges and unsure answers, opposites of the question's words, corrections, permits, and the
 * cues of a past fact or a speech act ("I can confirm …").
 */
export const STOP = new Set(
  'you your yours the a an any are is was were do does did have has had can could would will that this there these those in on of or and for to from with by at as about into one its it their our me my we us like tell currently current right now some kind sort such either other another ever yet still also just really please'.split(
    ' ',
  ),
);

/** Opposites that answer a question by naming the other side ("staying" to "cancel"). Stems. */
export const ANTONYMS: readonly (readonly [string, readonly string[]])[] = [
  ['cancel', ['renew', 'stay', 'keep', 'continu', 'remain']],
  ['leav', ['stay', 'remain']],
  ['quit', ['stay', 'remain']],
  ['agre', ['object']],
  ['accept', ['reject', 'declin', 'refus']],
  ['state', ['privat']],
  ['government', ['privat']],
  ['public', ['privat']],
  // Not "visa": a visa is a permission to work ("on a graduate visa", "my visa is being renewed").
  ['authoris', ['sponsorship', 'sponsor']],
  ['authoriz', ['sponsorship', 'sponsor']],
  ['elig', ['sponsorship', 'sponsor']],
];

export const CORRECTION =
  /^(sorry|wait|actually|scratch|hang on|hold on|on second thought|correction|i mean|i meant|let me correct)\b/;
export const CORRECTION_ANYWHERE = /\b(i misheard|i misunderstood|i misspoke|scratch that|no wait|wait no)\b/;
/** Stances that agree whatever the framing. */
export const AGREE =
  /^(sure|of course|course|certainly|definitely|absolutely|indeed|fine|go ahead|go for it|sounds good|that works|that's fine|that's right|that's correct|correct|right|please do|why not|i don't mind|no problems?|no worries|no objections?|no issues?|not a problem|for sure|100 percent|i confirm|confirmed|i agree|both are fine|agreed)\b/;
export const NO_OBJECTION =
  /\b(i|we) (don't|do not|wouldn't|would not) (have|see|got) (a|any) (problem|issue|objection|concern)s?\b|\b(i|we) have no (problem|issue|objection|concern)s?\b/;
/** Stances that deny what was asked (an echo of the question's predicate, negated). */
export const DENY_ECHO =
  /^(not really|not at all|no way|never|never have|never did|none|nothing|nothing like that|not that i know of|not that i'm aware of|not to my knowledge|not anymore|not any more|not currently|not at the moment|not yet|i don't think so|don't think so|i doubt it|no longer)\b/;
export const HEDGE =
  /\b(i think|i guess|i suppose|probably|i believe|pretty sure|fairly sure|as far as i know|i'd say)\b/;
export const UNCLEAR =
  /\b(not (entirely |totally |quite |really |100 percent )?sure|it depends|depends|yes and no|hard to say|i can'?t (really )?say$|sometimes|maybe|perhaps|possibly|kind of|sort of|might|there may be|could be|(i'?d|i would|i'?ll|i will|i'?d need to|i need to) (have to )?(check|look it up|look into it|ask)|let me check)\b/;

/** "it doesn't cover this", "that won't apply": a clause that refers back to the one before it. */
export const UNDO = /^(it|that|this|they|which|those)( \w+)? \w+/;

export const NEEDS_PERMIT =
  /\b(need|needs|needed|require|requires|would need|'d need|waiting for|wait for|apply for|applying for|get)\b( an?| my| the)?( work| working)? (visa|permit|sponsorship|sponsor)\b/;
export const HAS_PERMIT =
  /\b(green card|citizen|citizenship|permanent resident|permanent residency|residency|settled status|indefinite leave|my (work )?(visa|permit)|on an? [a-z-]*( [a-z-]+)? visa|have an? (work |valid )?(visa|permit)|work permit)\b/;

/** Negations that frame a question ("confirm that you don't …"); "former", "non-compete" do not. */
export const QUESTION_NEGATOR = /^(not|never|nothing|nobody|none|neither|nor|cannot|\w+n't)$/;

/** The question asks about now. */
export const PRESENT_FRAME = /\b(currently|current|now|at the moment|at present|these days|today)\b/;

/** "I can confirm (that) …": the speech act; what follows is the stance. */
export const CONFIRM_LEAD =
  /^(?:i (?:can |do |will |'ll )?|we (?:can )?)?confirm(?:ed)?(?: that)? (?=\S+ \S+)/;

/** "I do", "we did", "I haven't", "there is one more", "it's not like we haven't": subject + auxiliary. */
export function isEcho(tokens: readonly string[]): boolean {
  const t = tokens.filter(
    (w) => !['really', 'still', 'actually', 'definitely', 'certainly', 'honestly'].includes(w),
  );
  const s = t.join(' ');
  return (
    /^(i|we|i'm|we're|it's|that's|there's|there is|there are|it is|that is)( (do|did|am|are|is|have|has|can|will|would|was|were|had|could|should)(n't| not)?| not)?( (one|some|something|another|more|one more|a few|a couple))*$/.test(
      s,
    ) ||
    /^(i|we) (do|did|am|are|have|can|will|don't|didn't|haven't|can't|won't|never)$/.test(s) ||
    /^(it's|it is) not (like|that) (i|we) (do|did|am|are|have|can|will|don't|didn't|haven't|can't|won't|aren't|am not)( \w+)?$/.test(
      s,
    )
  );
}
