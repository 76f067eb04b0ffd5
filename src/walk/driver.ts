import type { Blueprint } from '../blueprint/schema.js';
import { isAnswerNode } from '../blueprint/schema.js';
import { start, step } from '../engine/index.js';
import type {
  AnswerRecord,
  EndReason,
  EngineAction,
  EngineEvent,
  EngineState,
  ProbeLedgerEntry,
  RunContextInput,
} from '../engine/types.js';
import { ParleyError } from '../errors/parley-error.js';
import type { WalkAnswer, WalkScript } from './answers-file.js';

/**
 * Drive the pure engine with scripted answers, no voice and no LLM. Deterministic: the synthetic clock
 * starts at 0 and advances `TURN_MS` (15 s) per participant turn.
 */
export const TURN_MS = 15_000;
/** Hard bound on events, far above any real script (each event consumes a scripted answer). */
const MAX_EVENTS = 10_000;

export interface TranscriptLine {
  /** Index of the line in the transcript; participant lines carry it as the engine `turn`. */
  turn: number;
  role: 'agent' | 'participant';
  /** say kinds, `question`, `follow_up`, or for the participant `answer` / `decline` / `consent`. */
  kind: string;
  text: string;
  node_id?: string;
  /** Synthetic seconds since the start. */
  at_s: number;
}

export interface WalkResult {
  status: EngineState['status'];
  end_reason: EndReason | null;
  path_taken: string[];
  probe_ledger: ProbeLedgerEntry[];
  /** Answer records in the order the nodes were first completed. */
  responses: AnswerRecord[];
  transcript: TranscriptLine[];
}

function agentLine(action: EngineAction): { kind: string; text: string; node_id?: string } | undefined {
  switch (action.type) {
    case 'say':
      return { kind: action.kind, text: action.text, ...(action.node_id ? { node_id: action.node_id } : {}) };
    case 'ask': {
      const hint = action.options
        ? ` [${action.options.join(' / ')}]`
        : action.scale
          ? ` [${action.scale.min}–${action.scale.max}]`
          : '';
      return { kind: 'question', text: `${action.text}${hint}`, node_id: action.node_id };
    }
    case 'follow_up':
      return {
        kind: 'follow_up',
        text: `(follow-up ${action.index}, ${action.technique}: ${action.reason})`,
        node_id: action.node_id,
      };
    default:
      return undefined;
  }
}

class AnswerQueue {
  private index = 0;
  private readonly used = new Map<string, number>();
  constructor(private readonly answers: WalkScript['answers']) {}

  next(key: string): { answer: WalkAnswer; label: string } | undefined {
    if (Array.isArray(this.answers)) {
      const answer = this.answers[this.index];
      if (answer === undefined) return undefined;
      const label = `answers[${this.index}]`;
      this.index += 1;
      return { answer, label };
    }
    const list = Object.hasOwn(this.answers, key) ? this.answers[key] : undefined;
    const i = this.used.get(key) ?? 0;
    const answer = list?.[i];
    if (answer === undefined) return undefined;
    this.used.set(key, i + 1);
    return { answer, label: Array.isArray(this.answers[key]) ? `answers.${key}[${i}]` : `answers.${key}` };
  }

  unused(): number {
    if (Array.isArray(this.answers)) return this.answers.length - this.index;
    let n = 0;
    for (const [key, list] of Object.entries(this.answers)) n += list.length - (this.used.get(key) ?? 0);
    return n;
  }
}

export interface WalkOutcome extends WalkResult {
  /** Scripted answers left over when the interview ended. */
  unused_answers: number;
}

export function runWalk(blueprint: Blueprint, script: WalkScript): WalkOutcome {
  const transcript: TranscriptLine[] = [];
  const completedOrder: string[] = [];
  let now = 0;
  const record = (actions: EngineAction[]) => {
    for (const action of actions) {
      const line = agentLine(action);
      if (line !== undefined)
        transcript.push({ turn: transcript.length, role: 'agent', ...line, at_s: now / 1000 });
      if (action.type === 'record_response' && !completedOrder.includes(action.response.node_id)) {
        completedOrder.push(action.response.node_id);
      }
    }
  };
  const participant = (kind: string, text: string, node_id?: string): number => {
    const turn = transcript.length;
    transcript.push({
      turn,
      role: 'participant',
      kind,
      text,
      ...(node_id ? { node_id } : {}),
      at_s: now / 1000,
    });
    return turn;
  };

  const run: RunContextInput = { run_id: 'walk', participant: script.participant, vars: script.vars };
  if (script.limits !== undefined) run.limits = { max_silence_prompts: 1, ...script.limits };
  let { state } = start(blueprint, run, now);
  const advance = (event: EngineEvent) => {
    const result = step(blueprint, state, event, now);
    state = result.state;
    record(result.actions);
  };
  advance({ type: 'session_started', session_id: 'walk-1' });

  const queue = new AnswerQueue(script.answers);
  for (let events = 0; state.status !== 'ended'; events += 1) {
    if (events > MAX_EVENTS) throw new ParleyError('INTERNAL', 'walk: the interview did not end');
    now += TURN_MS;
    if (state.status === 'awaiting_consent') {
      participant('consent', script.consent ? 'Yes, that is fine.' : 'No, I would rather not.');
      advance({ type: 'consent', given: script.consent });
      continue;
    }
    const id = state.current_node;
    const node = id === null ? undefined : blueprint.graph.nodes[id];
    if (id === null || node === undefined || !isAnswerNode(node)) {
      throw new ParleyError('INTERNAL', `walk: the engine is waiting at node ${id ?? '(none)'}`);
    }
    const asking = state.current_follow_ups > 0 ? 'following up on' : 'asking';
    const next = queue.next(node.key);
    if (next === undefined) {
      const path = state.path_taken.join(' → ');
      throw new ParleyError(
        'INVALID_ANSWERS',
        `the scripted answers ran out while the agent was ${asking} "${node.key}" (node ${id}); path so far: ${path}`,
        { node_id: id, key: node.key, path_taken: state.path_taken, transcript },
      );
    }
    const { answer, label } = next;
    if (answer.key !== undefined && answer.key !== node.key) {
      throw new ParleyError(
        'INVALID_ANSWERS',
        `${label} expects the question "${answer.key}" but the agent is ${asking} "${node.key}" (node ${id})`,
        { node_id: id, key: node.key, expected: answer.key, path_taken: state.path_taken, transcript },
      );
    }
    if (answer.decline !== undefined) {
      const turn = participant('decline', `(declines: ${answer.decline})`, id);
      advance({ type: 'declined', reason: answer.decline, turn });
      continue;
    }
    const turn = participant('answer', answer.text ?? '', id);
    const assessment: Extract<EngineEvent, { type: 'answered' }>['assessment'] = {
      objective_met: answer.objective_met,
      fields: answer.fields,
      probe: answer.probe ?? null,
    };
    if (answer.value !== undefined) assessment.value = answer.value;
    if (answer.summary !== undefined) assessment.summary = answer.summary;
    advance({ type: 'answered', text: answer.text ?? '', assessment, turn });
  }

  const responses = completedOrder
    .map((nodeId) => state.answers[nodeId])
    .filter((r): r is AnswerRecord => r !== undefined);
  return {
    status: state.status,
    end_reason: state.end_reason,
    path_taken: state.path_taken,
    probe_ledger: state.probe_ledger,
    responses,
    transcript,
    unused_answers: queue.unused(),
  };
}
