import { escapeRegExp, normalize, plain, words } from './text.js';

/**
 * What kind of utterance is this, before it is treated as an answer? Rules on the normalised text
 * (lowercase, no punctuation). Order matters and is fixed in `classifyIntent`:
 * end → repeat → clarification question → refusal / skip → don't know → off-topic.
 * Long utterances (more than `SHORT` words) are only classified when the phrase is unambiguous, so that
 * "I don't know exactly, but roughly 5 years" stays an answer.
 */
export type Intent =
  | { type: 'end' }
  | { type: 'repeat' }
  | { type: 'clarification_question' }
  | { type: 'refusal' }
  | { type: 'skip' }
  | { type: 'dont_know' }
  | { type: 'off_topic' }
  | { type: 'none' };

const SHORT = 10;

/**
 * Words that may follow a "leave" phrase in the same clause and keep it a request to stop ("I have to go
 * now, sorry", "I need to run to another meeting"). Anything else makes it about something else: "I have
 * to go back to my desk", "I have to go back and check", "we need to stop using spreadsheets".
 */
const LEAVE_TAIL = String.raw`(?: (?:now|right now|soon|sorry|here|then|today|for today|for now|unfortunately|i'?m afraid|actually|really|very soon|bye|goodbye|in a (?:minute|moment|sec|second|few minutes)|to (?:a|an|another|my next) (?:meeting|call|appointment)|for (?:a|an|another|my) (?:meeting|call|appointment)))*$`;

/** End requests checked per clause (split at punctuation), anchored at the clause end. */
const END_CLAUSE: readonly RegExp[] = [
  new RegExp(
    String.raw`\b(?:i|we) (?:really |just |actually )?(?:need|have|got|gotta|must) (?:to )?(?:go|run|leave|hang up|stop|drop off|drop|jump off|jump|head off|sign off)${LEAVE_TAIL}`,
  ),
  new RegExp(String.raw`\b(?:i want|i'd like|i would like) to (?:stop|end|quit|leave|hang up)${LEAVE_TAIL}`),
  new RegExp(
    String.raw`^(?:sorry |so |ok |okay )?(?:gotta|got to|have to|need to|must) (?:go|run|leave|hang up)${LEAVE_TAIL}`,
  ),
  new RegExp(String.raw`\bi'?m done${LEAVE_TAIL}`),
  new RegExp(String.raw`\bi (?:quit|give up)${LEAVE_TAIL}`),
];

const END: readonly RegExp[] = [
  /\b(can|could) we (stop|end|finish|wrap up|wrap (this|it|things) up|call it)\b/,
  /\b(wrap|wrapping) (this|it|things) up\b/,
  /\bcut (this|it|things) short\b/,
  /\bi'?m out of time\b/,
  /\b(this is|that'?s) pointless\b.*\bi'?m (out|done|leaving)\b/,
  /\blet'?s (stop|end|finish|wrap up|call it a day|leave it there)\b/,
  /\b(end|stop|finish|cancel|terminate) (the|this) (interview|call|conversation|session)\b/,
  /\bno more questions\b/,
  /\b(goodbye|bye bye)\b/,
  /^bye$/,
  /\bthat'?s (enough|all) for (me|today)\b/,
  /\bi don'?t want to (continue|do this|go on) (anymore|any more)?\b/,
  /\bi don'?t want to continue\b/,
];

/** A clear request to stop the interview (not "I have to go back to my desk"). */
export function isEndRequest(utterance: string): boolean {
  const text = plain(utterance);
  if (END.some((re) => re.test(text))) return true;
  return normalize(utterance)
    .split(/[.!?;,:]+| - /)
    .map((clause) => plain(clause))
    .some((clause) => END_CLAUSE.some((re) => re.test(clause)));
}

const REPEAT: readonly RegExp[] = [
  /\b(can|could|would|will) you (please )?(repeat|say) (that|it|the question|this)( again)?\b/,
  /\b(can|could|would|will) you (please )?repeat\b/,
  /\bsay (that|it) again\b/,
  /\brepeat (that|the question|it|please)\b/,
  /^repeat$/,
  /\bcome again\b/,
  /\bi didn'?t (catch|hear|get) (that|it|you|the question|what you said)\b/,
  /^(sorry|pardon|excuse me|what|huh|eh)( me)?$/,
  /^(sorry|pardon|excuse me) (what|come again|i missed that)\b/,
  /\bone more time\b/,
  /\bwhat was the question\b/,
  /\bwhat did you (say|ask)\b/,
  /\byou (cut|broke) out\b/,
  /\bcan you speak up\b/,
];

const CLARIFY: readonly RegExp[] = [
  /\bwhat (do|did) you mean\b/,
  /\bwhat does (that|this|it|\w+) mean\b/,
  /\b(can|could) you (clarify|explain|elaborate|rephrase|be more specific)\b/,
  /\bin what (sense|way|context)\b/,
  /\b(do|did) you mean\b/,
  /\bwhat exactly (do|are) you (mean|asking|looking for)\b/,
  /\bwhat are you asking\b/,
  /\bi don'?t understand the question\b/,
  /\bi'?m not sure what you mean\b/,
  /\bnot sure i understand\b/,
  /^(like what|such as|meaning|for example)$/,
  /\bwhich (one|ones) do you mean\b/,
  /\bwhat kind of (answer|detail)\b/,
];

const REFUSAL: readonly RegExp[] = [
  /\b(i )?(don'?t|do not) (really )?want to (get into|go into|talk about|discuss|answer|share) (that|this|it)\b/,
  /\b(i'?m|i am) not (going to|gonna) (answer|share|say|discuss|talk about|get into) (that|this|it)\b/,
  /\b(i'?d|i would|i'?ll|i will) (rather|prefer) not (to )?(say|answer|share|discuss|talk about|get into|go into|disclose|comment)\b/,
  /\bprefer not to (say|answer|share|discuss|disclose)\b/,
  /\b(i'?m|i am) not (comfortable|allowed|able|at liberty|willing) (to )?(answer|share|say|discuss|talk|disclose|sharing|answering|discussing|talking)\b/,
  /\b(i )?(can'?t|cannot|won'?t|will not) (answer|share|say|discuss|disclose|talk about|comment on) (that|this|it)\b/,
  /\bno comment\b/,
  /\bthat'?s (private|personal|confidential|none of your business)\b/,
  /\bnone of your business\b/,
  /\bnot something i (can|want to|will|would) (share|discuss|talk about|answer)\b/,
  /\bi don'?t want to (answer|say|share|talk about|discuss) (that|this|it)\b/,
  /\bunder (an )?nda\b/,
  /\bi decline\b/,
];

const SKIP: readonly RegExp[] = [
  /^(pass|skip|next|skip it|skip that|i'?ll pass|i pass|pass please|skip please)$/,
  /\b(can|could) we (skip|move on|pass on)\b/,
  /\b(let'?s|let us|i'?d like to|i want to|i'll) (skip|move on from|pass on)\b/,
  /\bskip (this|that|the) (one|question)\b/,
  /\bnext question\b/,
  /\bi'?ll pass\b/,
  /\bpass on (this|that)( one)?\b/,
];

const DONT_KNOW: readonly RegExp[] = [
  /\bi (really |honestly |just )?(don'?t|do not|dont) know\b/,
  /\b(i )?dunno\b/,
  /\bno (idea|clue)\b/,
  /\bnot a clue\b/,
  /\bi (have|'?ve) no (idea|clue)\b/,
  /\bi (can'?t|cannot|don'?t) (remember|recall)\b/,
  /\bi'?m not (the right person|aware)\b/,
  /\bi (haven'?t|have not|never) (really )?thought about (it|that)\b/,
  /\bno opinion\b/,
  /\bbeats me\b/,
  /\bcouldn'?t (tell you|say)\b/,
  /\bnot sure,? sorry\b/,
];

/** Cues that the participant changed the subject (offline: explicit cues only). */
const OFF_TOPIC: readonly RegExp[] = [
  /\b(by the way|off topic|unrelated|random question|changing the subject|on another note|speaking of which)\b/,
  /\bwhat'?s the weather\b/,
  /\b(did you|have you) (see|watch|hear about) (the|that) (game|match|news|movie|show)\b/,
  /\b(are you|is this) (a )?(robot|bot|real person|human|an ai|ai)\b/,
  /\bwho (made|built|created|programmed) you\b/,
  /\bwhat (about|do you think about) (you|yourself)\b/,
  /\btell me (a joke|about yourself)\b/,
  /\bhow much (are|do) (you|they) (paying|pay) (me|for this)\b/,
  /\bwhat time is it\b/,
];

function any(text: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((re) => re.test(text));
}

export function classifyIntent(utterance: string): Intent {
  const text = plain(utterance);
  const n = words(utterance).length;
  const short = n <= SHORT;
  if (isEndRequest(utterance) && (short || n <= 20)) return { type: 'end' };
  if (any(text, REPEAT) && short) return { type: 'repeat' };
  // "Sorry, my dog's going mad. What was the question?": a turn that ends by asking for the question
  // again is a repeat request, whatever came before it.
  const last =
    utterance
      .trim()
      .split(/(?<=[.!?])\s+/)
      .at(-1) ?? '';
  if (/\?$/.test(last) && words(last).length <= SHORT && any(plain(last), REPEAT)) return { type: 'repeat' };
  if (any(text, CLARIFY) && (short || /\?\s*$/.test(utterance.trim())))
    return { type: 'clarification_question' };
  if (any(text, REFUSAL) && (short || n <= 20)) return { type: 'refusal' };
  if (any(text, SKIP) && short) return { type: 'skip' };
  if (any(text, DONT_KNOW) && n <= 8) return { type: 'dont_know' };
  if (any(text, OFF_TOPIC)) return { type: 'off_topic' };
  return { type: 'none' };
}

/**
 * The first sensitive topic the utterance mentions (case-insensitive, whole words; a topic of several
 * words matches as a phrase; a trailing `*` in the topic matches any word ending, e.g. `health*`).
 */
export function sensitiveTopicHit(utterance: string, topics: readonly string[]): string | undefined {
  const text = ` ${plain(utterance)} `;
  for (const topic of topics) {
    const t = plain(topic.replace(/\*$/, ''));
    if (t === '') continue;
    const wildcard = topic.trim().endsWith('*');
    const re = new RegExp(`(^|\\s)${escapeRegExp(t)}${wildcard ? '\\w*' : "(s|es|'s)?"}(?=\\s|$)`);
    if (re.test(text)) return topic;
  }
  return undefined;
}
