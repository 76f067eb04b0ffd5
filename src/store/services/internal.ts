import { ParleyError } from '../../errors/parley-error.js';
import type { CreateTurnBody, LiveEvent, LiveEventIn, SessionStarted } from '../api/internal.js';
import type { StoreDeps } from '../deps.js';
import type { NewLiveEvent } from '../repos/events.js';
import { isUniqueViolation, type RunRow } from '../repos/runs.js';
import { bodyHash, storableConfidence, type TurnRow } from '../repos/turns.js';
import { emit, publish } from './live.js';
import { computeProgress } from '../../engine/progress.js';
import { IN_SESSION_STATUSES, OPEN_STATUSES, TERMINAL_STATUSES, isStatusIn } from '../api/run-status.js';
import { agentDto, runDto, transcriptEntry } from './serialize.js';
import type { TranscriptEntry } from '../../analysis/types.js';

const STARTABLE = OPEN_STATUSES;
const IN_SESSION = IN_SESSION_STATUSES;
const CLOSED = TERMINAL_STATUSES;

/** A connection starts (first join or a resume): records a session and returns what the agent needs. */
export async function startSession(
  deps: StoreDeps,
  runId: string,
  body: { participant_identity?: string | undefined; channel?: string | undefined },
): Promise<SessionStarted> {
  let run = await deps.repos.runs.byId(runId);
  const now = new Date(deps.clock.now());
  if (!isStatusIn(run.status, STARTABLE)) {
    throw new ParleyError('RUN_NOT_ACTIVE', `run ${runId} is ${run.status}`, { status: run.status });
  }
  if (run.expiresAt && run.expiresAt <= now && run.status !== 'active' && run.status !== 'awaiting_consent') {
    await deps.repos.runs.update(runId, { status: 'expired', updatedAt: now }, STARTABLE);
    await emit(deps, runId, [{ type: 'status', data: { status: 'expired', previous_status: run.status } }]);
    throw new ParleyError('RUN_NOT_ACTIVE', `run ${runId} expired at ${run.expiresAt.toISOString()}`, {
      status: 'expired',
    });
  }
  const blueprint = await deps.repos.blueprints.pinned(run);
  // a resume: the previous connection ended by the time this one starts
  await deps.repos.runs.endOpenSessions(runId, now);
  const session = await deps.repos.runs.addSession(runId, {
    participantIdentity: body.participant_identity ?? null,
    channel: body.channel ?? run.channel,
    startedAt: now,
  });
  const status = run.consentStatus === 'pending' ? 'awaiting_consent' : 'active';
  const updated = await deps.repos.runs.update(
    runId,
    {
      status,
      currentSessionId: session.id,
      sessionCount: run.sessionCount + 1,
      startedAt: run.startedAt ?? now,
      updatedAt: now,
    },
    STARTABLE,
  );
  if (!updated) throw new ParleyError('RUN_NOT_ACTIVE', `run ${runId} changed state`);
  const events: NewLiveEvent[] = [
    { type: 'session_started', data: { session_id: session.id, resumed: run.sessionCount > 0 } },
  ];
  if (run.status !== status)
    events.unshift({ type: 'status', data: { status, previous_status: run.status } });
  await emit(deps, runId, events);
  run = updated;
  const agent = run.agentId ? await deps.repos.agents.byId(run.agentId) : null;
  const turns = await deps.repos.turns.list(runId);
  const [sessions, documents] = await Promise.all([
    deps.repos.runs.sessions([runId]),
    deps.repos.documents.idsOf([runId]),
  ]);
  const dto = runDto(run, sessions.get(runId) ?? [], documents.get(runId) ?? null);
  return {
    session_id: session.id,
    run: dto,
    blueprint,
    agent: agent ? agentDto(agent) : null,
    variables: run.variables,
    participant: dto.participant,
    engine_state: run.engineState ?? null,
    history: turns.map((t) => transcriptEntry(t, run.startedAt)),
  };
}

/**
 * Idempotent on turn_number: identical replays return the stored entry (200); a different body for an
 * existing number is a CONFLICT while the run is in session (RUN_NOT_ACTIVE otherwise); new turns are
 * stored together with their live event and fanned out. One statement reads the run and writes the turn;
 * concurrent turns share it (group commit), and each batch's events are published in `seq` order.
 */
export async function putTurn(
  deps: StoreDeps,
  runId: string,
  body: CreateTurnBody,
): Promise<{ entry: TranscriptEntry; created: boolean }> {
  const hash = bodyHash(body);
  const now = new Date(deps.clock.now());
  const row: TurnRow = {
    id: deps.repos.turns.newId(),
    runId,
    turnNumber: body.turn_number,
    role: body.role,
    content: body.content,
    startedAt: new Date(body.started_at),
    endedAt: new Date(body.ended_at),
    // null: the run's current session (the write reads the run)
    sessionId: body.session_id ?? null,
    nodeId: body.node_id ?? null,
    questionKey: body.question_key ?? null,
    entryType: body.entry_type,
    confidence: storableConfidence(body.confidence),
    isPendingQuestion: body.is_pending_question ?? false,
    evaluation: body.evaluation ?? null,
    audioUrl: body.audio_url ?? null,
    bodyHash: hash,
    createdAt: now,
    updatedAt: now,
  };
  // offset_ms, session_id and confidence are set by the write, from the run and the stored row
  const draft = transcriptEntry(row, null);
  const res = await deps.repos.turns.write(row, { type: 'transcript', data: { ...draft } }, IN_SESSION);
  const stored = async (): Promise<TurnRow | null> => {
    const [found] = await deps.repos.turns.find(runId, body.turn_number);
    return found ?? null;
  };
  switch (res.type) {
    case 'no_run':
      throw new ParleyError('NOT_FOUND', `no interview run ${runId}`);
    case 'created': {
      const entry = transcriptEntry({ ...row, sessionId: res.sessionId }, res.run.startedAt);
      entry.confidence = res.confidence;
      const event: LiveEvent = {
        seq: res.seq,
        type: 'transcript',
        data: { ...entry },
        created_at: now.toISOString(),
      };
      // The turn is stored: the answer need not wait for the fan-out (PostgreSQL: a NOTIFY round trip),
      // whose failures are only logged. It is queued now, so events still go out in seq order; shutdown
      // drains it.
      deps.tasks.run(() => publish(deps, runId, [event]));
      return { entry, created: true };
    }
    case 'not_writable': {
      const replay = await stored();
      if (replay && replay.bodyHash === hash)
        return { entry: transcriptEntry(replay, res.run.startedAt), created: false };
      throw new ParleyError('RUN_NOT_ACTIVE', `run ${runId} is ${res.run.status}`, {
        status: res.run.status,
      });
    }
    case 'exists': {
      const existing = await stored();
      if (!existing)
        throw new ParleyError('INTERNAL', `turn ${body.turn_number} of run ${runId} disappeared`);
      if (existing.bodyHash !== hash) {
        throw new ParleyError('CONFLICT', `turn ${body.turn_number} already exists with a different body`, {
          turn_number: body.turn_number,
        });
      }
      return { entry: transcriptEntry(existing, res.run.startedAt), created: false };
    }
  }
}

/** Live events from the worker: stored, fanned out; engine_state/progress/status also update the run. */
export async function postEvents(
  deps: StoreDeps,
  runId: string,
  events: LiveEventIn[],
): Promise<{ accepted: number; last_seq: number }> {
  const run = await deps.repos.runs.byId(runId);
  if (isStatusIn(run.status, CLOSED)) {
    throw new ParleyError('RUN_NOT_ACTIVE', `run ${runId} is ${run.status}`, { status: run.status });
  }
  const now = deps.clock.now();
  const set: Partial<RunRow> = {};
  const out: NewLiveEvent[] = [];
  let status = run.status;
  const ids = events.map((e) => e.client_event_id).filter((id): id is string => id !== undefined);
  const seen = await deps.repos.events.known(runId, ids);
  for (const e of events) {
    if (e.client_event_id !== undefined) {
      if (seen.has(e.client_event_id)) continue;
      seen.add(e.client_event_id);
    }
    const clientEventId = e.client_event_id;
    switch (e.type) {
      case 'engine_state': {
        const blueprint = await deps.repos.blueprints.pinned(run);
        set.engineState = e.state;
        set.progress = computeProgress(blueprint, e.state, now);
        if (e.state.consent === 'given' || e.state.consent === 'refused') set.consentStatus = e.state.consent;
        out.push({ type: 'progress', data: { progress: set.progress }, clientEventId });
        break;
      }
      case 'progress':
        set.progress = e.progress;
        out.push({ type: 'progress', data: { progress: e.progress }, clientEventId });
        break;
      case 'status': {
        if (e.consent_status) set.consentStatus = e.consent_status;
        if (e.status !== status && run.status !== 'processing') {
          out.push({ type: 'status', data: { status: e.status, previous_status: status }, clientEventId });
          status = e.status;
          set.status = e.status;
        }
        break;
      }
      default: {
        const { type, client_event_id: _id, client_seq: _seq, ...data } = e;
        out.push({ type, data, clientEventId });
      }
    }
  }
  if (run.status === 'abandoned' && set.status === undefined && out.length > 0) {
    // the conversation went on after the sweeper marked it idle
    const back = (set.consentStatus ?? run.consentStatus) === 'pending' ? 'awaiting_consent' : 'active';
    set.status = back;
    out.unshift({ type: 'status', data: { status: back, previous_status: 'abandoned' } });
  }
  if (Object.keys(set).length > 0) {
    await deps.repos.runs.update(
      runId,
      { ...set, updatedAt: new Date(now) },
      run.status === 'processing' ? ['processing'] : undefined,
    );
  }
  let stored: LiveEvent[];
  try {
    stored = await emit(deps, runId, out);
  } catch (err) {
    // The same batch delivered twice at once: the other request stored it.
    if (!isUniqueViolation(err)) throw err;
    stored = [];
  }
  return { accepted: events.length, last_seq: stored[stored.length - 1]?.seq ?? run.lastSeq };
}
