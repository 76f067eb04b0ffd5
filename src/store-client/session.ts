import { z } from 'zod';
import { blueprintSchema, type Blueprint } from '../blueprint/schema.js';
import type { EngineState } from '../engine/types.js';
import { ParleyError } from '../errors/parley-error.js';
import type { InterviewTurn } from '../interview/types.js';
import type { RunDto } from '../store/api/runs.js';
import { sessionStartedSchema } from '../store/api/internal.js';
import type { TranscriptEntry } from '../analysis/types.js';
import { sessionAgent, type SessionAgent } from './session-agent.js';

/**
 * The store's `POST sessions` reply, parsed once for the worker and the console. The envelope is the
 * store's `SessionStarted` schema; the pinned blueprint and the agent are parsed on their own so that each
 * caller decides what a bad one means (the worker refuses a bad blueprint and falls back to the default
 * agent; the console keeps its local blueprint and refuses a bad agent).
 */

export type PinnedBlueprint =
  { type: 'blueprint'; blueprint: Blueprint } | { type: 'invalid'; problem: string };

export interface StartedSession {
  sessionId: string;
  run: RunDto;
  blueprint: PinnedBlueprint;
  agent: SessionAgent;
  engineState: EngineState | undefined;
  participant: { name?: string; external_id?: string; email?: string };
  variables: Record<string, string>;
  history: InterviewTurn[];
}

const envelopeSchema = sessionStartedSchema.extend({ agent: z.unknown() });

export function parseStartedSession(raw: unknown): StartedSession {
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ParleyError('INTERNAL', 'the store answered POST sessions with an unexpected body', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const s = parsed.data;
  const bp = blueprintSchema.safeParse(s.blueprint);
  const p = s.participant;
  return {
    sessionId: s.session_id,
    run: s.run,
    blueprint: bp.success
      ? { type: 'blueprint', blueprint: bp.data }
      : { type: 'invalid', problem: bp.error.issues[0]?.message ?? 'not a blueprint' },
    agent: sessionAgent(s.agent),
    engineState: s.engine_state ?? undefined,
    participant: {
      name: p.name,
      ...(p.external_id !== null ? { external_id: p.external_id } : {}),
      ...(p.email !== null ? { email: p.email } : {}),
    },
    variables: s.variables,
    history: s.history.map(resumedTurn),
  };
}

/** A stored transcript entry as the interview resumes from it (start time + duration → ended_at). */
export function resumedTurn(e: TranscriptEntry): InterviewTurn {
  return {
    turn_number: e.turn_number,
    role: e.role,
    content: e.content,
    started_at: e.timestamp,
    ended_at: new Date(Date.parse(e.timestamp) + e.duration_ms).toISOString(),
    node_id: e.node_id,
    question_key: e.question_key,
    entry_type: e.entry_type,
  };
}
