import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { ParleyError } from '../errors/parley-error.js';
import { InternalHttp } from './http.js';
import { OutboxJournal } from './journal.js';
import {
  DEFAULT_BACKOFF,
  Outbox,
  realTimers,
  silentLogger,
  type BackoffPolicy,
  type ClientLogger,
  type DrainResult,
  type Timers,
} from './outbox.js';
import { getHistory, getRecordingWanted, postSession, type ReadContext } from './reads.js';
import type { RecordingDto, StartSessionBody } from '../store/api/internal.js';
import type { StartedSession } from './session.js';
import { uploadRecording, type RecordingUpload, type RecordingWanted } from './upload.js';
import {
  type FinalizeBody,
  type HistoryTurn,
  type LiveEvent,
  type OutboxItem,
  type TurnBody,
  type TurnPatch,
} from './types.js';

/**
 * The store client used by the console now and by the voice worker later (no LiveKit types here).
 *
 *   const client = StoreClient.open({ baseUrl, agentSecret, runId, workDir });
 *   const session = await client.startSession();   // replays the on-disk outbox first, then POST sessions
 *   client.appendTurn({...}); client.emit({type: 'node_entered', ...});   // durable, non-blocking
 *   await client.finalize({ ended_at, reason });    // queued behind everything else; waits (bounded)
 *   client.close();
 *
 * Writes (turns, turn patches, events, finalize) go through the durable outbox (see outbox.ts,
 * journal.ts). Reads (sessions, history, recording wanted) are direct requests retried with the same
 * backoff until a deadline (reads.ts); the recording is uploaded with its own retries (upload.ts).
 */
export interface StoreClientOptions {
  baseUrl: string;
  agentSecret: string;
  runId: string;
  /** The run's working directory: the outbox journal and dead-letter file live here. */
  workDir: string;
  timers?: Timers;
  backoff?: BackoffPolicy;
  /** Scoped to the run by the caller (the worker binds `run_id`): the client's lines add none of their own. */
  logger?: ClientLogger;
  /** Per-request timeout, ms (default 10 s). */
  requestTimeoutMs?: number;
  dispatcher?: Dispatcher;
  /**
   * Client-side event identity sent with every live event (`client_event_id`, `client_seq`) so that a
   * redelivered event can be recognised. Default false: the store's event schema is strict and does not
   * know these fields yet (it would answer 400).
   */
  eventIds?: boolean;
}

export type RecordItem = { turn: TurnBody } | { events: readonly LiveEvent[] };

export interface FinalizeResult extends DrainResult {
  /** True when the store accepted the finalize request itself. */
  finalized: boolean;
}

export class StoreClient {
  readonly outbox: Outbox;
  readonly runId: string;
  private readonly http: InternalHttp;
  private readonly journal: OutboxJournal;
  private readonly timers: Timers;
  private readonly backoff: BackoffPolicy;
  private readonly logger: ClientLogger;
  private readonly eventIds: boolean;
  private sessionId: string | null = null;
  private closed = false;

  private constructor(opts: StoreClientOptions) {
    this.runId = opts.runId;
    this.timers = opts.timers ?? realTimers;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.logger = opts.logger ?? silentLogger;
    this.eventIds = opts.eventIds ?? false;
    this.http = new InternalHttp({
      baseUrl: opts.baseUrl,
      agentSecret: opts.agentSecret,
      ...(opts.requestTimeoutMs !== undefined ? { timeoutMs: opts.requestTimeoutMs } : {}),
      ...(opts.dispatcher !== undefined ? { dispatcher: opts.dispatcher } : {}),
    });
    this.journal = OutboxJournal.open(opts.workDir, { logger: this.logger });
    this.outbox = new Outbox(this.journal, this.http, opts.runId, this.timers, this.backoff, this.logger);
  }

  /** Open the client; entries left pending on disk by a previous process start delivering at once. */
  static open(opts: StoreClientOptions): StoreClient {
    const client = new StoreClient(opts);
    if (client.journal.size > 0) {
      client.logger.info({ pending: client.journal.size }, 'replaying the on-disk outbox');
      client.outbox.kick();
    }
    return client;
  }

  get currentSessionId(): string | null {
    return this.sessionId;
  }

  /**
   * A connection starts: deliver whatever the outbox still holds (so the store's state is complete), then
   * `POST sessions` for the blueprint, agent, variables, engine state and history to resume from.
   */
  async startSession(opts: { timeoutMs?: number; body?: StartSessionBody } = {}): Promise<StartedSession> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const deadline = this.timers.now() + timeoutMs;
    if (this.journal.size > 0) {
      const drained = await this.outbox.drain(timeoutMs);
      if (!drained.drained) {
        throw new ParleyError(
          'INTERNAL',
          `the store did not accept ${drained.pending} pending outbox entries within ${timeoutMs} ms`,
          { pending: drained.pending },
        );
      }
    }
    const session = await postSession(this.reads(), opts.body ?? {}, deadline);
    this.sessionId = session.sessionId;
    return session;
  }

  history(opts: { timeoutMs?: number } = {}): Promise<HistoryTurn[]> {
    return getHistory(this.reads(), this.timers.now() + (opts.timeoutMs ?? 30_000));
  }

  appendTurn(turn: TurnBody): void {
    this.outbox.enqueue([{ kind: 'turn', body: turn }]);
  }

  patchTurn(turnNumber: number, patch: TurnPatch): void {
    this.outbox.enqueue([{ kind: 'turn_patch', turn_number: turnNumber, body: patch }]);
  }

  /** Queue live events (one POST per call, in order). */
  emit(events: LiveEvent | readonly LiveEvent[]): void {
    const list: readonly LiveEvent[] = isEventList(events) ? events : [events];
    if (list.length === 0) return;
    const seq = this.outbox.nextSeq();
    this.outbox.enqueue([{ kind: 'events', events: list.map((e, i) => this.stamp(e, seq, i)) }]);
  }

  /**
   * Queue turns and live events, in the given order, in ONE durable write, so that a crash never separates
   * a turn from the engine state that followed it. Consecutive events are sent as one batch.
   */
  record(batch: readonly RecordItem[]): void {
    const items: OutboxItem[] = [];
    let seq = this.outbox.nextSeq();
    for (const entry of batch) {
      if ('turn' in entry) {
        items.push({ kind: 'turn', body: entry.turn });
        seq += 1;
        continue;
      }
      if (entry.events.length === 0) continue;
      const last = items.at(-1);
      const stamped = entry.events.map((e, i) => this.stamp(e, seq, i));
      if (last?.kind === 'events') last.events.push(...stamped);
      else {
        items.push({ kind: 'events', events: stamped });
        seq += 1;
      }
    }
    if (items.length > 0) this.outbox.enqueue(items);
  }

  private stamp(e: LiveEvent, seq: number, i: number): LiveEvent {
    return this.eventIds ? { ...e, client_event_id: randomUUID(), client_seq: seq * 1000 + i } : e;
  }

  /** Wait for everything queued so far to reach the store (bounded). */
  drain(timeoutMs = 30_000): Promise<DrainResult> {
    return this.outbox.drain(timeoutMs);
  }

  /**
   * Finalize behind everything already queued, and wait (at most `timeoutMs`) for the queue to drain.
   * When the store stays unreachable the finalize stays on disk and the next `open` delivers it.
   */
  async finalize(body: FinalizeBody, opts: { timeoutMs?: number } = {}): Promise<FinalizeResult> {
    const [entry] = this.outbox.enqueue([{ kind: 'finalize', body }]);
    let finalized = false;
    let deadSeen = false;
    const onDelivered = (e: { seq: number }): void => {
      if (e.seq === entry?.seq) finalized = true;
    };
    const onDead = (e: { seq: number }): void => {
      if (e.seq === entry?.seq) deadSeen = true;
    };
    this.outbox.on('delivered', onDelivered);
    this.outbox.on('dead', onDead);
    try {
      const result = await this.outbox.drain(opts.timeoutMs ?? 30_000);
      return { ...result, finalized: finalized && !deadSeen };
    } finally {
      this.outbox.off('delivered', onDelivered);
      this.outbox.off('dead', onDead);
    }
  }

  /** Does the run want a recording, and at which instant must its timeline start? */
  recordingWanted(opts: { timeoutMs?: number } = {}): Promise<RecordingWanted> {
    return getRecordingWanted(this.reads(), this.timers.now() + (opts.timeoutMs ?? 30_000));
  }

  /** Upload the conversation recording (upload.ts), with retries; call it before `finalize`. */
  uploadRecording(upload: RecordingUpload, opts: { timeoutMs?: number } = {}): Promise<RecordingDto> {
    const { http, runId, timers, backoff, logger } = this;
    return uploadRecording({ http, runId, timers, backoff, logger }, upload, opts.timeoutMs ?? 120_000);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.outbox.close();
    this.journal.close();
  }

  private reads(): ReadContext {
    return { http: this.http, runId: this.runId, timers: this.timers, backoff: this.backoff };
  }
}

function isEventList(e: LiveEvent | readonly LiveEvent[]): e is readonly LiveEvent[] {
  return Array.isArray(e);
}
