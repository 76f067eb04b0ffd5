import type { Agent } from '../../agent/schema.js';
import type { Blueprint } from '../../blueprint/schema.js';
import { plain } from './text.js';

/**
 * Questions back to the interviewer ("how long will this take?", "is this being recorded?", "who are
 * you?", "what happens with my data?"). They are never answers: the agent replies from the blueprint's
 * `settings.faq`, or from what it knows (settings.estimated_duration_m, the consent setting, the agent's
 * name), or says honestly that it cannot answer — and then asks the pending question again.
 */

export interface FaqReply {
  topic: 'faq' | 'duration' | 'recording' | 'identity' | 'data' | 'participation' | 'unknown';
  reply: string;
}

const QUESTION_START =
  /^(so |and |but |um |uh |wait,? |sorry,? |quick question,? )*(what|how|who|why|where|when|which|is|are|was|will|would|can|could|do|does|did|am|should|may|have|has)\b/;

const TOPICS: ReadonlyArray<readonly [FaqReply['topic'], RegExp]> = [
  [
    'duration',
    /\b((how long|how much (longer|more time|time))\b.*\b(this|it|interview|call|survey|take|last|going)\b|how much longer|take long|many (more )?questions|almost (done|finished)|nearly (done|finished))\b/,
  ],
  ['recording', /\b(record(ed|ing)?|taping|transcri\w*)\b/],
  [
    'identity',
    /\b(who (are|is) (you|this|asking|behind)|who('s| is) (asking|running|behind)|are you (a |an )?(real|human|person|bot|robot|ai|machine|computer)|who do you work for|what company|which company)\b/,
  ],
  [
    'data',
    /\b(my data|the data|my answers|privacy|anonymi[sz]\w*|confidential|who (will|gets to|can) (see|read|hear)|what happens (to|with)|shared with|share (this|it|my))\b/,
  ],
  [
    'participation',
    /\b(do i have to|is (this|it) (mandatory|optional|required)|can i (stop|skip|leave|pause)|am i (obliged|required))\b/,
  ],
];

const STOP = new Set(
  'a an the is are was were be do does did i you we it this that of to in on for with and or my your me what how who why when where will would can could about any'.split(
    ' ',
  ),
);

function contentWords(text: string): string[] {
  return plain(text)
    .split(/\s+/)
    .filter((w) => w.length > 2 && !STOP.has(w));
}

/** Is this utterance a question rather than a statement? */
export function isQuestionBack(utterance: string): boolean {
  const t = utterance.trim();
  // "Why not, sure.": the idiom agrees; it asks nothing.
  if (/^(?:(?:oh|well|um|uh),? )?why not(?:[,.!]|$)/i.test(t) && !/\?\s*$/.test(t)) return false;
  return /\?\s*$/.test(t) || QUESTION_START.test(plain(t));
}

/** The blueprint faq entry that best matches (≥ half of its content words, at least two). */
function faqMatch(bp: Blueprint, utterance: string): string | undefined {
  const said = new Set(contentWords(utterance));
  let best: { answer: string; score: number } | undefined;
  for (const entry of bp.settings.faq ?? []) {
    const words = contentWords(entry.question);
    const hits = words.filter((w) => said.has(w)).length;
    const score = words.length === 0 ? 0 : hits / words.length;
    if (hits >= 2 && score >= 0.5 && (best === undefined || score > best.score))
      best = { answer: entry.answer, score };
  }
  return best?.answer;
}

function topicOf(text: string): FaqReply['topic'] | undefined {
  return TOPICS.find(([, re]) => re.test(text))?.[0];
}

function known(agent: Agent, bp: Blueprint, topic: FaqReply['topic']): string {
  const unknown =
    "I'm afraid I can't answer that myself — the team running this interview can tell you more.";
  switch (topic) {
    case 'duration':
      return `It should take about ${bp.settings.estimated_duration_m} minutes in total.`;
    case 'recording':
      return bp.settings.consent
        ? 'Yes — this conversation is recorded and transcribed so the team can review it.'
        : 'This conversation is transcribed so the team can review what was said.';
    case 'identity':
      return `I'm an AI interviewer${agent.name === 'Interviewer' ? '' : ` called ${agent.name}`}, asking these questions for the team behind "${bp.name}".`;
    case 'participation':
      return 'You can skip any question, and you can stop at any time.';
    case 'data':
    case 'faq':
    case 'unknown':
      return unknown;
  }
}

/**
 * A reply when the utterance is a question back to the interviewer about the interview itself; undefined
 * for anything else (including questions about the question, which the intent rules handle).
 */
export function answerQuestionBack(agent: Agent, bp: Blueprint, utterance: string): FaqReply | undefined {
  if (!isQuestionBack(utterance)) return undefined;
  const fromFaq = faqMatch(bp, utterance);
  if (fromFaq !== undefined) return { topic: 'faq', reply: fromFaq };
  const topic = topicOf(plain(utterance));
  if (topic === undefined) return undefined;
  return { topic, reply: known(agent, bp, topic) };
}
