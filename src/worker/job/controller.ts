import type { JobContext, llm, metrics as lkMetrics, voice } from '@livekit/agents';
import type { RemoteParticipant } from '@livekit/rtc-node';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../../config/worker.js';
import type { EngineEvent } from '../../engine/types.js';
import type { InterviewSession, Utterance } from '../../interview/session.js';
import type { StoreClient } from '../../store-client/client.js';
import type { LiveEvent } from '../../store-client/types.js';
import type { StreamingOpenAITTS } from '../voice/openai-tts.js';
import { toReadable, type ParleyAgent, type TurnHandler } from '../agent.js';
import type { MetricsReporter } from '../metrics.js';
import { PinCollector } from './dial-in-pin.js';
import { ParticipantTurns } from './participant-turn.js';
import { consentEventForDigit } from './dtmf-consent.js';
import { QuestionHearing } from './question-hearing.js';
import type { ConversationRecorder } from './recording.js';
import { wireJobEvents, type JobEventHandlers } from './session-events.js';
import {
  reportAgentMetrics,
  reportAssistantLatency,
  reportSessionError,
  type TelemetrySink,
} from './session-telemetry.js';
import {
  createInterview,
  createJobConductor,
  logInterviewStarted,
  openStoreClient,
  startRunSession,
  trackOutboxDepth,
  ttsOptionsFor,
} from './store-session.js';
import { closeStoreSession, hangUp, interruptSpeech } from './teardown.js';
import { JobTimers } from './timers.js';
import { applyPendingNode } from '../turn/pending-node.js';
import type { ParleyTurnDetector } from '../turn/detector.js';

export interface JobControllerOptions {
  ctx: JobContext;
  config: WorkerConfig;
  session: voice.AgentSession;
  tts: StreamingOpenAITTS;
  /** Parley's turn detector, told each pending node (null when PARLEY_TURN_DETECTOR is vad or livekit). */
  turnDetector: ParleyTurnDetector | null;
  participant: RemoteParticipant;
  isSip: boolean;
  sipAttributes: Record<string, string>;
  log: Logger;
  metrics: MetricsReporter;
  /** The conversation's recorder, finished (uploaded or dropped) when the session ends; null: not recording. */
  recorder: ConversationRecorder | null;
}

/**
 * One job's state machine (pin → starting → interview → ending → done): routes room and session events,
 * runs participant turns through the interview, and ends the session.
 */
export class JobController implements TurnHandler, JobEventHandlers {
  agent!: ParleyAgent;
  private interview: InterviewSession | null = null;
  private client: StoreClient | null = null;
  private phase: 'pin' | 'starting' | 'interview' | 'ending' | 'done' = 'starting';
  private agentState: string = 'initializing';
  private userState: string = 'listening';
  private finishing: Promise<void> | null = null;
  private runId: string | null = null;
  private turnCount = 0;
  private log: Logger;
  private readonly timers: JobTimers;
  private readonly pin: PinCollector;
  private readonly hearing = new QuestionHearing();
  private readonly turns: ParticipantTurns;

  constructor(private readonly opts: JobControllerOptions) {
    this.log = opts.log;
    this.timers = new JobTimers(opts.config.PARLEY_IDLE_TIMEOUT_S * 1000);
    this.turns = new ParticipantTurns({
      answering: (text) => this.answering(text),
      turnStarted: () => {
        this.timers.clearIdle();
        this.turnCount += 1;
      },
      replying: (u) => this.replying(u),
      hearing: this.hearing,
      log: () => this.log,
      metrics: opts.metrics,
      preemptive: opts.config.PARLEY_PREEMPTIVE !== 'off',
    });
    opts.turnDetector?.observe((j) =>
      this.log.debug({ verdict: j.verdict, pii: { reason: j.reason } }, 'turn detector judgement'),
    );
    this.pin = new PinCollector({
      config: opts.config,
      session: opts.session,
      log: () => this.log,
      interruptSpeech: () => interruptSpeech(this.opts.session),
    });
  }

  private emit(events: LiveEvent | LiveEvent[]): void {
    try {
      this.client?.emit(events);
    } catch (error) {
      this.log.warn({ err: String(error) }, 'could not queue live events');
    }
  }

  private telemetry(): TelemetrySink {
    return { log: this.log, metrics: this.opts.metrics, emit: (events) => this.emit(events) };
  }

  async run(meta: { run_id: string } | { dial_in: true }): Promise<void> {
    wireJobEvents(this.opts.ctx.room, this.opts.session, this.opts.participant, this);
    let runId: string | null;
    if ('run_id' in meta) runId = meta.run_id;
    else {
      this.phase = 'pin';
      runId = await this.pin.collect();
      if (runId === null) await hangUp(this.opts.ctx, this.opts.session, this.log, 'pin_failed');
    }
    if (runId === null) return;
    this.runId = runId;
    await this.startInterview(runId);
  }

  // ── the interview ─────────────────────────────────────────────────────────────────────────────
  private async startInterview(runId: string): Promise<void> {
    const { config, isSip } = this.opts;
    const log = this.log.child({ run_id: runId });
    this.log = log;
    const client = openStoreClient(config, runId, log);
    this.client = client;
    const channel = isSip ? 'sip' : 'webrtc';
    const { ctx, session, metrics, participant } = this.opts;
    const onClosed = () => ((this.client = null), (this.phase = 'done'));
    const identity = participant.identity;
    const run = await startRunSession({ ctx, session, client, metrics, log, identity, channel, onClosed });
    if (run === null) return;
    const { conductor, mode } = createJobConductor(config, run.agent, log);
    this.opts.tts.updateOptions(ttsOptionsFor(run.agent));
    this.interview = createInterview({ runId, run, conductor, client, log });
    logInterviewStarted(log, run, { channel, conductor: mode, sip: this.opts.sipAttributes });
    trackOutboxDepth(client, runId, this.opts.metrics);
    if (this.interview.ended) {
      log.info({ end_reason: this.interview.state.end_reason }, 'the run has already ended');
      await this.finish('already_ended');
      return;
    }
    this.phase = 'interview';
    const opening = await this.interview.begin();
    this.speak(opening);
    this.timers.startTick(() => void this.onTick());
  }

  /** Speak an utterance produced outside a user turn (opening, DTMF consent, idle prompt, tick). */
  private speak(u: Utterance): void {
    this.hearing.track(u);
    this.applyEndpointing();
    const stream = toReadable(u.text);
    const handle = this.opts.session.say(stream, { allowInterruptions: !u.ends, addToChatCtx: true });
    if (u.ends) {
      this.phase = 'ending';
      void handle.waitForPlayout().then(() => this.finish(this.interview?.state.end_reason ?? 'completed'));
    }
  }

  onUserTurn(text: string, message: llm.ChatMessage | undefined): Promise<AsyncIterable<string> | null> {
    return this.turns.reply(text, message);
  }

  onTurnCompleted(chatCtx: llm.ChatContext, message: llm.ChatMessage): void {
    this.turns.completed(chatCtx, message);
  }

  /** The interview, when `text` is a participant turn it should answer. */
  private answering(text: string): InterviewSession | null {
    const interview = this.interview;
    if (this.phase !== 'interview' || interview === null || interview.ended || text.trim() === '')
      return null;
    return interview;
  }

  /** The reply to a participant turn goes to speech: track it, set the next endpointing, note the end. */
  private replying(u: Utterance): Utterance {
    this.hearing.track(u);
    this.applyEndpointing();
    // when it ends, hang up once the outro has played (the agent goes back to listening)
    if (u.ends) this.phase = 'ending';
    return u;
  }

  private applyEndpointing(): void {
    applyPendingNode(this.interview, this.opts);
  }

  // ── timers and engine events ─────────────────────────────────────────────────────────────────
  private armIdle(): void {
    if (this.phase !== 'interview') {
      this.timers.clearIdle();
      return;
    }
    this.timers.armIdle(() => void this.onEngineEvent({ type: 'silence_timeout' }));
  }

  private async onTick(): Promise<void> {
    if (this.phase !== 'interview' || this.agentState !== 'listening' || this.userState === 'speaking')
      return;
    await this.onEngineEvent({ type: 'tick' });
  }

  private async onEngineEvent(event: EngineEvent): Promise<void> {
    const interview = this.interview;
    if (this.phase !== 'interview' || interview === null || interview.ended) return;
    const u = await interview.handle(event);
    if (u.actions.some((a) => a.type === 'say' || a.type === 'ask' || a.type === 'follow_up') || u.ends) {
      if (event.type === 'consent') await interruptSpeech(this.opts.session);
      this.speak(u);
    }
  }

  // ── room and session events (JobEventHandlers) ──────────────────────────────────────────────────
  onDtmf(digit: string): void {
    if (this.phase === 'pin') {
      void this.pin.onDigit(digit);
      return;
    }
    if (this.phase === 'interview' && this.interview?.state.status === 'awaiting_consent') {
      const consent = consentEventForDigit(digit);
      if (consent !== null) void this.onEngineEvent(consent);
    }
  }

  onAgentState(state: voice.AgentState): void {
    this.agentState = state;
    this.emit({ type: 'agent_state', state });
    if (state === 'listening') {
      if (this.phase === 'ending' && this.interview?.ended)
        void this.finish(this.interview.state.end_reason ?? 'completed');
      else this.armIdle();
    } else this.timers.clearIdle();
  }

  onUserState(state: voice.UserState): void {
    this.userState = state;
    if (state === 'speaking') this.timers.clearIdle();
    else if (this.agentState === 'listening') this.armIdle();
  }

  onInterimTranscript(transcript: string): void {
    if (this.phase === 'interview')
      this.emit({ type: 'transcript_interim', role: 'participant', content: transcript });
  }

  onMetrics(m: lkMetrics.AgentMetrics): void {
    reportAgentMetrics(m, this.turnCount, this.telemetry());
  }

  /** The agent finished (or was cut off) speaking: its turn gets the times it was heard. */
  onAssistantMessage(item: llm.ChatMessage): void {
    void this.hearing.onAssistantMessage(item, (turnNumber, patch) =>
      this.client?.patchTurn(turnNumber, patch),
    );
    reportAssistantLatency(item, this.turnCount, this.telemetry());
  }

  onSessionError(ev: voice.ErrorEvent): void {
    reportSessionError(ev, this.telemetry());
  }

  // ── the end ─────────────────────────────────────────────────────────────────────────────────────
  async onParticipantLeft(): Promise<void> {
    if (this.phase === 'done' || this.finishing !== null) return;
    this.log.info(
      { node: this.interview?.state.current_node ?? null },
      'participant left: the run stays resumable',
    );
    if (this.interview !== null && !this.interview.ended)
      await this.interview.handle({ type: 'participant_left' });
    await this.finish(null);
  }

  /** End of this session: drain (and finalize when the interview ended), then leave or delete the room. */
  private finish(reason: string | null): Promise<void> {
    if (this.finishing !== null) return this.finishing;
    this.finishing = (async () => {
      this.phase = 'done';
      this.timers.stop();
      this.turns.close();
      const { client, interview, runId, log } = this;
      const { metrics, recorder } = this.opts;
      if (client !== null)
        await closeStoreSession({ client, interview, reason, runId, recorder, log, metrics });
      await this.opts.metrics.flush();
      await hangUp(this.opts.ctx, this.opts.session, this.log, reason ?? 'participant_left');
    })();
    return this.finishing;
  }
}
