import { isAnswerNode, type Blueprint } from '../../blueprint/schema.js';
import { sortedTranscript } from '../prepare.js';
import { buildResponses } from '../responses/build.js';
import type { ResponseItem, Responses } from '../responses/types.js';
import type { AnalysisInput, TranscriptEntry } from '../types.js';

/**
 * The per-question structure the LLM analyzer's prompt carries instead of a flat transcript: for each
 * question reached, in the order the interview visited them, its text, objective, status, typed value
 * and captured fields, and the turns spoken at it (interviewer questions and follow-ups, participant
 * answers) with their entry ids. Entries at no question (greeting, consent, outro) follow as their own
 * block, so every entry appears exactly once. The responses are the store's; without them they are
 * derived from the transcript (`buildResponses` with no engine state).
 */

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function turnLine(e: TranscriptEntry): string {
  const who = e.role === 'participant' ? 'Participant' : 'Interviewer';
  return `[${e.id}] ${who}: ${oneLine(e.content)}`;
}

function itemOrder(responses: Responses): ResponseItem[] {
  const rank = new Map(responses.path_taken.map((id, i) => [id, i] as const));
  return responses.items
    .filter((i) => i.status !== 'not_reached')
    .sort((a, b) => (rank.get(a.node_id) ?? 1e9) - (rank.get(b.node_id) ?? 1e9));
}

function header(item: ResponseItem, blueprint: Blueprint, n: number): string[] {
  const node = blueprint.graph.nodes[item.node_id];
  const objective = node !== undefined && isAnswerNode(node) ? node.objective : undefined;
  const facts = [`status: ${item.status}${item.decline_reason !== null ? ` (${item.decline_reason})` : ''}`];
  if (item.value !== null) facts.push(`value: ${JSON.stringify(item.value)}`);
  if (Object.keys(item.captured_fields).length > 0)
    facts.push(`captured: ${JSON.stringify(item.captured_fields)}`);
  if (item.follow_ups_asked > 0) facts.push(`follow-ups asked: ${item.follow_ups_asked}`);
  return [
    `Q${n}. ${item.question_key} (${item.node_type}): ${oneLine(item.question_text)}`,
    ...(objective !== undefined ? [`Objective: ${oneLine(objective)}`] : []),
    `Captured: ${facts.join(' · ')}`,
    'Turns:',
  ];
}

export function questionSections(input: AnalysisInput): string[] {
  const transcript = sortedTranscript(input.transcript).filter(
    (e) => e.entry_type !== 'system' && e.content.trim() !== '',
  );
  const responses =
    input.responses ?? buildResponses({ blueprint: input.blueprint, state: null, transcript });
  const lines: string[] = ['Questions as asked, with what was captured and the turns at each:'];
  const placed = new Set<string>();
  itemOrder(responses).forEach((item, i) => {
    const turns = transcript.filter((e) => e.node_id === item.node_id);
    lines.push('', ...header(item, input.blueprint, i + 1));
    for (const e of turns) {
      lines.push(`  ${turnLine(e)}`);
      placed.add(e.id);
    }
  });
  const rest = transcript.filter((e) => !placed.has(e.id));
  if (rest.length > 0) {
    lines.push('', 'Other turns (at no question: greeting, consent, closing):');
    for (const e of rest) lines.push(`  ${turnLine(e)}`);
  }
  return lines;
}
