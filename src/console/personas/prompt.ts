import { isAnswerNode, type Blueprint } from '../../blueprint/schema.js';
import type { PromptContext } from '../participant.js';
import type { Persona, PersonaStyle } from './schema.js';

/**
 * The persona prompt of a model-played participant: who the participant is (name, description, style,
 * facts from the run's variables), what the interview is about, the conversation so far and what kind of
 * answer the current question takes. The model answers only as the participant, one utterance.
 */
export const STYLE_GUIDES: Record<PersonaStyle, string> = {
  cooperative:
    'You are engaged and helpful. Answer the question directly in two to four sentences, with a concrete example, a number where one fits, and why it matters to you.',
  terse:
    'You are terse. Answer in a few words, at most one short sentence. Do not explain or give examples unless pressed, and even then add only a little.',
  rambling:
    'You ramble. Give long, wandering answers of five to eight sentences that drift into side stories and reach the point late, but do touch on the question somewhere.',
  off_topic:
    'You are easily distracted. About every other turn, change the subject: ask the interviewer something personal or talk about something unrelated. Otherwise answer briefly.',
  refusing:
    'You are guarded. Decline about every other question ("I\'d rather not say", "skip that one"), and otherwise answer briefly. Now and then refuse to be recorded.',
  contradicting:
    'You contradict yourself. Give an answer, then correct it within the same reply: a different number, the other option, yes and then no.',
};

/** Longest utterance accepted from the model, per style (longer output is invalid and retried). */
export const MAX_CHARS: Record<PersonaStyle, number> = {
  cooperative: 1200,
  terse: 200,
  rambling: 2500,
  off_topic: 1200,
  refusing: 800,
  contradicting: 1200,
};

export interface Exchange {
  agent: string;
  participant: string;
}

function answerHint(bp: Blueprint, ctx: PromptContext): string {
  if (ctx.nodeType === 'consent')
    return 'The interviewer asks for your consent: answer yes or no, in your style.';
  const node = ctx.nodeId === null ? undefined : bp.graph.nodes[ctx.nodeId];
  if (node === undefined || !isAnswerNode(node)) return 'Reply naturally, in your style.';
  switch (node.type) {
    case 'yes_no':
      return 'This is a yes/no question: your reply should make yes or no clear (unless your style says otherwise).';
    case 'choice':
      return `This question has options: ${node.options.join(', ')}${node.multiple ? ' (several may apply)' : ''}. Name one of them in your own words (unless your style says otherwise).`;
    case 'rating':
      return `This question asks for a rating from ${node.scale.min} to ${node.scale.max}. Give a number in that range (unless your style says otherwise).`;
    case 'question':
      return ctx.attempt > 0
        ? 'The interviewer is following up on your previous answer.'
        : 'This is an open question.';
  }
}

export function personaSystemPrompt(
  persona: Persona,
  bp: Blueprint,
  facts: Readonly<Record<string, string>>,
): string {
  const factLines = Object.entries(facts).map(([k, v]) => `- ${k.replace(/_/g, ' ')}: ${v}`);
  return [
    'You are role-playing a participant in a research interview, so that an AI interviewer can be tested.',
    'Stay in character. Reply with only what the participant says next: one utterance of spoken words.',
    'No stage directions, no quotation marks, no speaker label, never the interviewer’s lines.',
    '',
    `Your character: ${persona.participant_name ?? persona.name}${persona.description !== undefined ? ` — ${persona.description}` : ''}.`,
    `Your style (${persona.style}): ${STYLE_GUIDES[persona.style]}`,
    ...(factLines.length > 0 ? ['Facts about you and this interview:', ...factLines] : []),
    '',
    `The interview: ${bp.name}${bp.description !== undefined ? ` — ${bp.description.trim()}` : ''}`,
    'Invent plausible, specific details (companies, numbers, tools) and keep them consistent across the conversation.',
  ].join('\n');
}

export function personaUserPrompt(bp: Blueprint, history: readonly Exchange[], ctx: PromptContext): string {
  const lines: string[] = [];
  for (const h of history) lines.push(`Interviewer: ${h.agent}`, `You: ${h.participant}`);
  return [
    history.length > 0 ? 'The conversation so far:' : 'The conversation starts.',
    ...lines,
    `Interviewer: ${ctx.agentText}`,
    '',
    answerHint(bp, ctx),
    'What do you say now? Return {"utterance": "<your words>"}.',
  ].join('\n');
}
