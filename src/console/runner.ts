import { InterviewSession, type InterviewSink, type Utterance } from '../interview/session.js';
import { buildResponses } from '../analysis/responses/build.js';
import type { StoreClient } from '../store-client/client.js';
import { buildTurnNotes, formatTurnNotes, type TurnNotes } from './notes.js';
import type { PromptContext } from './participant.js';
import {
  finishStore,
  toTranscriptEntries,
  type ConsoleClock,
  type ConsoleResult,
  type ConsoleTurn,
  type RunnerOptions,
} from './result.js';

/**
 * One interview in the console. The turn loop is the voice worker's: `InterviewSession`
 * (src/interview/session.ts) interprets, steps the engine, phrases and records. This file only moves
 * text between it, the participant and the terminal (notes, transcript), and finalizes the store run.
 * Nothing here routes or assesses.
 *
 * The session records each participant turn with its live events + `engine_state` before phrasing, and
 * the agent turn once its text is complete — before it is printed, so what the participant has seen is
 * what a resume continues from.
 */

export { liveEventsFor } from '../interview/session.js';
export type { ConsoleClock, ConsoleResult, ConsoleTurn, RunnerOptions } from './result.js';

const realClock: ConsoleClock = { now: () => Date.now() };

/** The store's outbox as the session's sink; the console adds its agent_state (thinking) after each answer. */
function storeSink(store: { client: StoreClient } | undefined): InterviewSink {
  return {
    record(batch) {
      if (store === undefined) return;
      const items: Parameters<StoreClient['record']>[0][number][] = [];
      for (const item of batch) {
        items.push(item);
        if ('turn' in item && item.turn.role === 'participant')
          items.push({ events: [{ type: 'agent_state', state: 'thinking' }] });
      }
      store.client.record(items);
    },
  };
}

export async function runConsoleInterview(opts: RunnerOptions): Promise<ConsoleResult> {
  const { blueprint: bp, agent, participant, renderer } = opts;
  const clock = opts.clock ?? realClock;
  const store = opts.store;
  const allNotes: TurnNotes[] = [];
  const maxTurns = opts.maxParticipantTurns ?? 500;
  const session = new InterviewSession({
    blueprint: bp,
    agent,
    conductor: opts.conductor,
    run: opts.run,
    sessionId: store?.sessionId ?? 'console',
    sink: storeSink(store),
    resume: opts.resume,
    now: () => clock.now(),
    onAgentSpoken: (text) => clock.spoke?.('agent', text),
  });
  const resuming = opts.resume !== undefined && session.state.status !== 'not_started';

  for (const t of session.transcript) {
    if (t.role === 'agent') renderer.agent(t.content);
    else renderer.participant(t.content);
  }
  if (resuming)
    renderer.info(`resuming run ${opts.run.run_id} at ${session.state.current_node ?? '(start)'}`);

  /** Let the agent's utterance complete (it is recorded then); back to listening unless it ended. */
  const said = async (u: Utterance): Promise<ConsoleTurn | null> => {
    for await (const chunk of u.text) void chunk; // the console prints whole turns
    const turn = await u.done;
    if (store !== undefined && !session.ended)
      store.client.record([{ events: [{ type: 'agent_state', state: 'listening' }] }]);
    return turn;
  };

  const notesFor = (before: ConsoleResult['state'], u: Utterance): TurnNotes =>
    buildTurnNotes({
      blueprint: bp,
      agent,
      before,
      after: session.state,
      actions: u.actions,
      interpretation: u.interpretation ?? null,
      now: clock.now(),
    });

  // ── the session starts (or resumes)
  if (session.ended) {
    renderer.info(`run ${opts.run.run_id} has already ended (${session.state.end_reason ?? 'unknown'})`);
  } else {
    const before = session.state;
    const u = await session.begin();
    const agentTurn = await said(u);
    if (agentTurn !== null) renderer.agent(agentTurn.content);
    renderer.notes(notesFor(before, u).entered.map((n) => `→ node ${n.id} (${n.type})`));
  }

  // ── real-clock ticks while waiting: wrap-up begins and the time limit ends the call without input
  let timer: ReturnType<typeof setInterval> | undefined;
  if (opts.tickMs !== undefined && !session.ended) {
    timer = setInterval(() => {
      if (session.ended) return;
      void session.handle({ type: 'tick' }).then(async (u) => {
        const t = await said(u);
        if (t !== null) renderer.agent(t.content);
        if (session.ended) participant.interrupt?.();
      });
    }, opts.tickMs);
    timer.unref();
  }

  // ── the conversation
  let left = false;
  let participantTurns = 0;
  while (!session.ended) {
    if (participantTurns >= maxTurns) {
      renderer.status(`stopping: more than ${maxTurns} participant turns`);
      left = true;
      break;
    }
    const state = session.state;
    const node = session.currentNode;
    const consent = state.status === 'awaiting_consent';
    const ctx: PromptContext = {
      nodeId: state.current_node,
      key: node !== undefined && 'key' in node ? node.key : consent ? 'consent' : null,
      nodeType: node?.type ?? (consent ? 'consent' : null),
      agentText: session.transcript.findLast((t) => t.role === 'agent')?.content ?? '',
      attempt: state.current_follow_ups,
    };
    const utterance = await participant.next(ctx);
    if (session.ended) break; // the time limit ended the interview while the participant was typing
    if (utterance === null) {
      left = true;
      await said(await session.handle({ type: 'participant_left' }));
      break;
    }
    participantTurns += 1;
    if (participant.scripted) renderer.participant(utterance);
    const startedAt = clock.now();
    clock.spoke?.('participant', utterance);
    const u = await session.respond({ text: utterance, startedAt, endedAt: clock.now() });
    const agentTurn = await said(u);
    const notes = notesFor(state, u);
    allNotes.push(notes);
    renderer.notes(formatTurnNotes(notes));
    if (agentTurn !== null) renderer.agent(agentTurn.content);
  }

  if (timer !== undefined) clearInterval(timer);
  const state = session.state;
  const transcript = [...session.transcript];
  const storeResult =
    store === undefined
      ? undefined
      : await finishStore(store, opts.run.run_id, state, clock.now(), opts.finalizeTimeoutMs ?? 30_000);
  const first = transcript[0];
  const last = transcript.at(-1);
  return {
    run_id: opts.run.run_id,
    status: state.status,
    end_reason: state.end_reason,
    left,
    path_taken: [...state.path_taken],
    responses: buildResponses({
      blueprint: bp,
      state,
      transcript: toTranscriptEntries(transcript, store?.sessionId ?? 'console'),
    }),
    probe_ledger: [...state.probe_ledger],
    confirmations: [...(state.confirmations ?? [])],
    transcript,
    turn_notes: allNotes,
    state,
    duration_ms:
      first !== undefined && last !== undefined
        ? Date.parse(last.ended_at) - Date.parse(first.started_at)
        : 0,
    store: storeResult,
  };
}
