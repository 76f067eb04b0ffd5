import type { AnswerNode, Technique } from '../../blueprint/schema.js';
import type { Agent } from '../../agent/schema.js';
import type { EngineState, Probe } from '../../engine/types.js';
import { contentWords, plain, words } from './text.js';

/**
 * Offline probing decisions: which techniques are allowed at a node, how much budget is left, what the
 * answer lacks, and which technique fits that gap.
 *
 * probing_depth decides WHEN to probe:
 * - light: only when the objective is not met;
 * - moderate: also when the answer is short (fewer than `SHORT_ANSWER_WORDS` content words);
 * - deep: also when the answer gives no example or no reason.
 */
export const SHORT_ANSWER_WORDS = 12;
/** Content words that make a free-text answer substantive. */
export const SUBSTANTIVE_WORDS = 5;

const ALL_DEFAULT: readonly Technique[] = ['example', 'clarify', 'laddering', 'funnel'];

/** Techniques allowed at the node: the node's list narrowed by the agent's (when both are non-empty). */
export function allowedTechniques(node: AnswerNode, agent: Agent): Technique[] {
  const nodeList = node.probing.techniques;
  const agentList = agent.techniques;
  if (nodeList.length === 0) return [...(agentList.length > 0 ? agentList : ALL_DEFAULT)];
  if (agentList.length === 0) return [...nodeList];
  const both = nodeList.filter((t) => agentList.includes(t));
  return both.length > 0 ? both : [...nodeList];
}

/** Follow-ups still allowed at the current visit (node budget, agent boundary, run limit). */
export function followUpsRemaining(node: AnswerNode, agent: Agent, state: EngineState): number {
  if (!node.probing.enabled) return 0;
  const caps = [node.probing.max_follow_ups, agent.boundaries.max_follow_ups_per_question];
  const runCap = state.run.limits.max_follow_ups_per_question;
  if (runCap !== undefined) caps.push(runCap);
  return Math.max(0, Math.min(...caps) - state.current_follow_ups);
}

export interface AnswerTraits {
  contentWords: number;
  substantive: boolean;
  short: boolean;
  hasExample: boolean;
  hasReason: boolean;
  hasNumber: boolean;
  hasComparison: boolean;
  hasSequence: boolean;
  /** A vague phrase worth clarifying ("kind of messy", "stuff"). */
  vague: string | undefined;
  /** How many vague markers the answer has ("you know", "things", "it's complicated"). */
  vagueness: number;
}

const EXAMPLE =
  /\b(for example|for instance|e g|such as|like when|last (week|month|year|time|quarter)|one time|once|yesterday|recently|the other day|in (19|20)\d\d|remember when|specifically|in particular)\b/;
const REASON =
  /\b(because|since|so that|so we|that'?s why|which is why|the reason|due to|as a result|in order to|otherwise|which meant|which means|it meant|led to|caused|helps? us|matters?)\b/;
const COMPARISON =
  /\b(than|compared|versus|vs|instead of|whereas|unlike|better|worse|rather than|alternative)\b/;
const SEQUENCE = /\b(then|after that|afterwards|next|first|finally|eventually|once|before|step)\b/;
const NUMBER =
  /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|percent|half)\b/;
const VAGUE: readonly RegExp[] = [
  /\b(kind of|sort of|kinda|sorta) (\w+)/,
  /\b(a bit|somewhat|quite|pretty|fairly|rather) (\w+)/,
  /\b(messy|complicated|painful|annoying|frustrating|tricky|clunky|hard|difficult|chaotic|weird|slow|broken|manual|inefficient|fine|okay|ok)\b/,
  /\b(stuff|things|whatever|etc)\b/,
];

const VAGUE_MARKERS: readonly RegExp[] = [
  /\byou know\b/g,
  /\b(kind of|sort of|kinda|sorta)\b/g,
  /\b(stuff|things|whatever|etc)\b/g,
  /\b(it'?s|it is) (complicated|hard to say|a long story|just one of those)\b/g,
  /\b(generally|in general|basically|a lot of|lots of|some good some bad|and so on|and everything)\b/g,
  /\b(fine|okay|not amazing|could be better)\b/g,
];

export function answerTraits(text: string): AnswerTraits {
  const p = plain(text);
  const cw = contentWords(text).length;
  let vague: string | undefined;
  for (const re of VAGUE) {
    const m = re.exec(p);
    if (m !== null) {
      vague = m[0];
      break;
    }
  }
  const vagueness = VAGUE_MARKERS.reduce((n, re) => n + (p.match(re)?.length ?? 0), 0);
  return {
    vagueness,
    contentWords: cw,
    substantive: cw >= SUBSTANTIVE_WORDS,
    short: cw < SHORT_ANSWER_WORDS,
    hasExample: EXAMPLE.test(p) || (words(text).length >= 40 && NUMBER.test(p)),
    hasReason: REASON.test(p),
    hasNumber: NUMBER.test(p),
    hasComparison: COMPARISON.test(p),
    hasSequence: SEQUENCE.test(p),
    vague,
  };
}

export interface ProbeInput {
  node: AnswerNode;
  agent: Agent;
  state: EngineState;
  /** Everything said at this visit (earlier answers + this one). */
  traits: AnswerTraits;
  /** Only this utterance (for "short" / vague checks of the latest answer). */
  latest: AnswerTraits;
  objectiveMet: boolean;
  /** Number capture fields still missing (for `quantify`). */
  missingNumbers: string[];
  /** A sensitive topic was mentioned: never probe. */
  sensitive: boolean;
  /**
   * The answer is complete for what the node asks: a typed value (yes/no, choice, rating), or every
   * capture field of a question. A complete answer is not "short", and is never asked to clarify.
   */
  complete?: boolean | undefined;
  /** What the node's completion hint asks for and the answer lacks (hint.ts); undefined: not read. */
  hintMissing?: readonly string[] | undefined;
}

/** Why a follow-up is worth asking, by depth; undefined when the answer is good enough. */
export function probeNeed(input: ProbeInput): string | undefined {
  const { traits, latest, objectiveMet } = input;
  const depth = input.agent.probing_depth;
  if (!objectiveMet) return 'objective not met yet';
  if (depth === 'light') return undefined;
  // The hint decides at an open question: probe for what is missing, never merely for length.
  if (input.hintMissing !== undefined && input.node.type === 'question') {
    if (input.hintMissing.length > 0) return `missing: ${input.hintMissing.join(', ')}`;
    if (latest.vagueness >= 4 && !latest.hasExample) return 'vague answer';
    if (depth !== 'deep') return undefined;
    if (!traits.hasExample) return 'no concrete example yet';
    return traits.hasReason ? undefined : 'no reason given';
  }
  const specific = latest.hasReason || latest.hasNumber || latest.hasExample;
  if (latest.short && !isTyped(input.node) && input.complete !== true && !specific) return 'short answer';
  // Many words, nothing concrete: "it's complicated, a lot of things, you know…".
  if (
    !isTyped(input.node) &&
    latest.vagueness >= 3 &&
    !latest.hasExample &&
    (latest.vagueness >= 4 || !latest.hasNumber)
  )
    return 'vague answer';
  if (isTyped(input.node) && latest.contentWords <= 2 && depth !== 'moderate')
    return 'bare answer without a reason';
  if (depth === 'moderate') return undefined;
  if (!traits.hasExample && input.node.type === 'question') return 'no concrete example yet';
  if (!traits.hasReason) return 'no reason given';
  return undefined;
}

function isTyped(node: AnswerNode): boolean {
  return node.type !== 'question';
}

/** Preferred techniques for a need, best first. */
function preferences(need: string, input: ProbeInput): Technique[] {
  const t = input.traits;
  const prefs: Technique[] = [];
  if (input.missingNumbers.length > 0) prefs.push('quantify');
  if (input.latest.vague !== undefined) prefs.push('clarify');
  if (need === 'no concrete example yet') prefs.push('example', 'funnel');
  if (need === 'vague answer') prefs.push('clarify', 'example', 'funnel');
  if (need === 'no reason given' || need === 'bare answer without a reason')
    prefs.push('laddering', 'five_whys');
  if (need === 'short answer' || need === 'objective not met yet') {
    if (!t.hasExample) prefs.push('example');
    if (!t.hasSequence) prefs.push('funnel');
    prefs.push('clarify', 'echo');
  }
  if (!t.hasReason) prefs.push('laddering', 'five_whys');
  if (!t.hasComparison) prefs.push('contrast');
  if (!t.hasNumber) prefs.push('quantify');
  prefs.push('hypothetical', 'summarize', 'echo');
  return prefs;
}

/** The technique used by the previous follow-up at this visit, to vary the next one. */
function lastTechniqueHere(state: EngineState, nodeId: string): Technique | undefined {
  if (state.current_follow_ups === 0) return undefined;
  const entries = state.probe_ledger.filter((e) => e.node_id === nodeId);
  return entries.at(-1)?.technique;
}

export function chooseProbe(input: ProbeInput): Probe | null {
  if (input.sensitive) return null;
  if (followUpsRemaining(input.node, input.agent, input.state) <= 0) return null;
  const allowed = allowedTechniques(input.node, input.agent);
  if (allowed.length === 0) return null;
  const need = probeNeed(input);
  if (need === undefined) return null;
  const last = lastTechniqueHere(input.state, nodeIdOf(input));
  const prefs = preferences(need, input);
  // Nothing to clarify in a complete answer ("Yes.", "Twelve people."): "what do you mean?" would be odd.
  const usable = input.complete === true ? allowed.filter((t) => t !== 'clarify') : allowed;
  const technique =
    prefs.find((t) => usable.includes(t) && t !== last) ?? usable.find((t) => t !== last) ?? usable[0];
  if (technique === undefined) return null;
  const detail =
    technique === 'quantify' && input.missingNumbers.length > 0
      ? ` (missing: ${input.missingNumbers.join(', ')})`
      : '';
  return { technique, reason: `${need}${detail}; ${input.agent.probing_depth} probing` };
}

function nodeIdOf(input: ProbeInput): string {
  return input.state.current_node ?? input.node.key;
}
