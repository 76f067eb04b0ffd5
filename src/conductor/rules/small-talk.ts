import type { AnswerNode } from '../../blueprint/schema.js';
import { stem } from './polarity.js';
import { plain } from './text.js';

/**
 * Turns that are not answers although they are not silence: backchannels and thinking noises ("mm-hmm",
 * "right, right", "hmm, let me think") and small talk or interruptions that have nothing to do with the
 * question ("my dog is barking", "is it sunny there?"). Neither is recorded or probed: a backchannel gets
 * the question again (gently), small talk a redirect.
 */

const BACKCHANNEL = new Set(
  'um umm uh uhh erm er hmm hmmm mm mmm mhm hm ah oh okay ok right so well yeah yes yep you know let me think see huh uh-huh mm-hmm alright sure i like just'.split(
    ' ',
  ),
);
/** At a yes / no question these answer it; elsewhere they only acknowledge. */
const ANSWERING = new Set(['yeah', 'yes', 'yep', 'sure', 'right', 'alright', 'okay', 'ok']);

export function isBackchannel(utterance: string, node: AnswerNode): boolean {
  const words = plain(utterance.replace(/-/g, ' '))
    .split(' ')
    .filter((w) => w !== '');
  if (words.length === 0 || words.length > 8) return false;
  if (!words.every((w) => BACKCHANNEL.has(w))) return false;
  if (node.type === 'yes_no') {
    // "yeah" answers a yes / no question; "uh huh" and "okay, okay, hmm" do not.
    const answering = words.filter((w) => ANSWERING.has(w) && w !== 'okay' && w !== 'ok' && w !== 'right');
    return answering.length === 0;
  }
  return true;
}

/** Interruptions and small talk: cues that the turn is about the participant's surroundings. */
const SMALL_TALK = new RegExp(
  [
    // interruptions
    "hang on|hold on|one sec|one second|be right back|brb|someone's at the door|the doorbell|delivery guy",
    '(my|the) (dog|cat|kid|kids|son|daughter|baby) (is|are|was|keeps?) (barking|crying|yelling|screaming|calling|awake|here)',
    // the day, the weather, the surroundings — as statements about them, not words inside an answer
    "(is it|it's|it is) (sunny|raining|pouring|snowing|cold|hot) (there|here|outside|today)",
    "(it's|it is|it has been) (pouring|raining|snowing)",
    'the (traffic|weather|construction) (today|this morning|outside|was|is)',
    'took me an hour to get (in|here)',
    "(my )?(lunch|coffee)('s| was| is| has)? (gone|went|cold|was|is)",
    "(on|at the) (holiday|vacation|beach)|i'?m on holiday|this weekend|went hiking",
    'i just got a promotion',
    // questions to the interviewer about itself or the world
    'what do you think (about|of) the|do you like your job|are you a real person|are you (a )?(human|robot|bot)|the game last night',
  ]
    .map((p) => `(?:${p})`)
    .join('|')
    .replace(/^/, '\\b(?:')
    .concat(')\\b'),
);
/** A reason makes it an answer ("the route planner, because it avoids traffic"). */
const REASON = /\b(because|since|so that(?!')|which means|that's why)\b/;

/** Words that say nothing about a topic: the time of day ("today") is not the question's subject. */
const STOP = new Set(
  'the a an and or but so of to in on at for with my our your you i we it is was are were be this that there here what how do does did have has had me about just really very today now time day get got'.split(
    ' ',
  ),
);

/** Content stems of the question the participant heard (text, objective, capture descriptions). */
function questionStems(node: AnswerNode, questionText: string): Set<string> {
  const parts = [
    questionText,
    node.objective ?? '',
    ...Object.values(node.capture).map((f) => f.description ?? ''),
  ];
  if (node.type === 'choice') parts.push(...node.options);
  return new Set(
    plain(parts.join(' '))
      .split(' ')
      .filter((w) => w.length > 2 && !STOP.has(w))
      .map(stem),
  );
}

/** Small talk with no word in common with the question. */
export function isSmallTalk(utterance: string, node: AnswerNode, questionText: string): boolean {
  const text = plain(utterance);
  if (!SMALL_TALK.test(text) || REASON.test(text)) return false;
  const stems = questionStems(node, questionText);
  return !text
    .split(' ')
    .filter((w) => w.length > 2 && !STOP.has(w))
    .some((w) => stems.has(stem(w)));
}
