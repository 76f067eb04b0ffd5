import { isAnswerNode, type AnswerNode, type Blueprint } from '../../blueprint/schema.js';
import type { AnswerRecord, EngineState } from '../../engine/types.js';
import { analyzeText } from '../nlp.js';
import type { TranscriptEntry } from '../types.js';
import { round } from '../text.js';
import type { ResponseItem, Responses, ResponseStatus } from './types.js';

export interface BuildResponsesInput {
  blueprint: Blueprint;
  /** The engine's final state; null when it is unavailable (responses are then derived from the transcript). */
  state: EngineState | null;
  transcript: TranscriptEntry[];
}

/** Longest extractive fallback summary, in words. */
const SUMMARY_MAX_WORDS = 40;

/**
 * Builds the per-question responses of a run. Pure: no I/O, no clock.
 *
 * - One item per answer-taking node (question, choice, rating, yes_no), in blueprint declaration order.
 * - Status: the engine's answer record when there is one (`answered` / `declined` / `skipped`); otherwise
 *   `answered` when the participant spoke at the node, `skipped` when the node was entered (engine visits,
 *   path, or an agent turn at the node) without an answer, and `not_reached` when it never was.
 * - The participant's entries at a node are those tagged with its node id (or, untagged, its question key)
 *   plus the turns the engine's answer record names; `verbatim` is their text in order, joined by spaces.
 * - Summary: the engine's `AnswerRecord.summary`, else the first sentences of the verbatim (at most 40
 *   words, cut with an ellipsis).
 * - `completion_rate`: see `responsesSchema`.
 */
export function buildResponses(input: BuildResponsesInput): Responses {
  const { blueprint, state } = input;
  const transcript = [...input.transcript].sort(
    (a, b) => a.offset_ms - b.offset_ms || a.turn_number - b.turn_number,
  );

  const items: ResponseItem[] = [];
  for (const [nodeId, node] of Object.entries(blueprint.graph.nodes)) {
    if (!isAnswerNode(node)) continue;
    items.push(buildItem(nodeId, node, state, transcript));
  }

  const path_taken = state !== null ? [...state.path_taken] : pathFromTranscript(transcript, blueprint);

  const required = items.filter((i) => i.required);
  const counted = required.length > 0 ? required : items;
  const completion_rate =
    counted.length === 0 ? 1 : round(counted.filter((i) => i.answered).length / counted.length, 4);

  return { items, path_taken, completion_rate };
}

function findRecord(state: EngineState | null, nodeId: string, key: string): AnswerRecord | undefined {
  if (state === null) return undefined;
  const direct = state.answers[nodeId];
  if (direct !== undefined && direct.node_id === nodeId) return direct;
  return (
    Object.values(state.answers).find((r) => r.node_id === nodeId) ??
    Object.values(state.answers).find((r) => r.key === key)
  );
}

function buildItem(
  nodeId: string,
  node: AnswerNode,
  state: EngineState | null,
  transcript: readonly TranscriptEntry[],
): ResponseItem {
  const record = findRecord(state, nodeId, node.key);
  const atNode = (e: TranscriptEntry) =>
    e.node_id === nodeId || (e.node_id === null && e.question_key === node.key);
  const recordTurns = new Set(record?.turns ?? []);
  const participant = transcript.filter(
    (e) =>
      e.role === 'participant' &&
      e.entry_type !== 'system' &&
      e.content.trim().length > 0 &&
      (atNode(e) || recordTurns.has(e.turn_number)),
  );
  const agentAtNode = transcript.filter((e) => e.role === 'agent' && atNode(e));

  const visited =
    (state !== null && ((state.visits[nodeId] ?? 0) > 0 || state.path_taken.includes(nodeId))) ||
    agentAtNode.length > 0;

  let status: ResponseStatus;
  if (record !== undefined) status = record.status;
  else if (participant.length > 0) status = 'answered';
  else if (visited) status = 'skipped';
  else status = 'not_reached';

  const verbatim = participant.map((e) => e.content.trim()).join(' ');
  const summary = record?.summary?.trim() || extractiveSummary(verbatim);
  const answer =
    participant.length > 0 || (record?.summary !== undefined && record.summary.trim() !== '')
      ? { summary, verbatim, transcript_entry_ids: participant.map((e) => e.id) }
      : null;

  const followUps =
    record?.follow_ups ??
    (state !== null
      ? state.probe_ledger.filter((p) => p.node_id === nodeId).length
      : agentAtNode.filter((e) => e.entry_type === 'follow_up').length);

  return {
    node_id: nodeId,
    question_key: node.key,
    question_text: node.text,
    node_type: node.type,
    required: node.required,
    answered: status === 'answered',
    status,
    decline_reason: record?.decline_reason ?? null,
    answer,
    value: record?.value ?? null,
    captured_fields: { ...(record?.fields ?? {}) },
    follow_ups_asked: followUps,
    probing_complete: record?.probing_complete ?? false,
  };
}

/** The first sentences of a text up to SUMMARY_MAX_WORDS words (sentence boundaries from wink-nlp). */
export function extractiveSummary(text: string): string {
  if (text.trim() === '') return '';
  const out: string[] = [];
  let words = 0;
  for (const s of analyzeText(text).sentences) {
    if (words + s.words > SUMMARY_MAX_WORDS) {
      if (out.length === 0) {
        out.push(
          s.text
            .split(/\s+/)
            .slice(0, SUMMARY_MAX_WORDS)
            .join(' ')
            .replace(/[\s,;:]+$/, '') + '…',
        );
      }
      break;
    }
    out.push(s.text);
    words += s.words;
    // One substantial sentence is enough; keep going past short ones ("Sure.", "No, none.").
    if (words >= 8) break;
  }
  return out.join(' ');
}

function pathFromTranscript(transcript: readonly TranscriptEntry[], blueprint: Blueprint): string[] {
  const path: string[] = [];
  for (const e of transcript) {
    if (e.node_id === null || blueprint.graph.nodes[e.node_id] === undefined) continue;
    if (path[path.length - 1] !== e.node_id) path.push(e.node_id);
  }
  return path;
}
