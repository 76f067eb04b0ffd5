import { join } from 'node:path';
import { voice, type JobContext, type llm, type metrics as lkMetrics, type VAD } from '@livekit/agents';
import * as deepgram from '@livekit/agents-plugin-deepgram';
import { ParticipantKind, RoomEvent, type RemoteParticipant } from '@livekit/rtc-node';
import type { Logger } from 'pino';
import { request } from 'undici';
import { agentSchema, defaultAgent, type Agent } from '../agent/schema.js';
import { blueprintSchema, type Blueprint } from '../blueprint/schema.js';
import { chooseConductorMode, createConductor } from '../conductor/index.js';
import { engineStateSchema, type EngineEvent, type EngineState } from '../engine/types.js';
import { InterviewSession, type InterviewTurn, type Utterance } from '../interview/session.js';
import { StoreClient } from '../store-client/client.js';
import type { HistoryTurn, LiveEvent } from '../store-client/types.js';
import type { WorkerConfig } from '../config/worker.js';
import { ConductorSlotLLM, ParleyAgent, toReadable, type TurnHandler } from './agent.js';
import { parseJobMetadata } from './metadata.js';
import { MetricsReporter } from './metrics.js';
import { StreamingOpenAITTS } from '../voice/openai-tts.js';

/**
 * One interview job (runs in its own forked process): identify the run (metadata, or a PIN typed on the
 * phone), open a store session, run the voice session with Parley's turn loop, and end the call.
 */

const ENDPOINTING_MS: Record<'quick' | 'normal' | 'patient', { minDelay: number; maxDelay: number }> = {
  quick: { minDelay: 400, maxDelay: 2500 },
  normal: { minDelay: 700, maxDelay: 3000 },
  patient: { minDelay: 1800, maxDelay: 6000 },
};
const MAX_PIN_ATTEMPTS = 3;
const TEXTS = {
  pinPrompt: 'Welcome. Please enter your interview PIN on your keypad, followed by the pound key.',
  pinWrong: 'Sorry, that PIN was not recognised. Please try again, followed by the pound key.',
  pinGoodbye: 'Sorry, I could not find your interview. Please check your PIN and call again. Goodbye.',
};

export interface JobDeps {
  config: WorkerConfig;
  logger: Logger;
  vad: VAD;
  metricsUrl: string | null;
}

function isoOrNow(v: unknown): string {
  return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : new Date().toISOString();
}

function toInterviewTurns(history: readonly HistoryTurn[]): InterviewTurn[] {
  return history.map((h) => {
    const rec = h as Record<string, unknown>;
    const entry = typeof h.entry_type === 'string' ? h.entry_type : 'utterance';
    return {
      turn_number: h.turn_number,
      role: h.role,
      content: h.content,
      started_at: isoOrNow(rec.started_at ?? rec.timestamp),
      ended_at: isoOrNow(rec.ended_at ?? rec.timestamp),
      node_id: h.node_id ?? null,
      question_key: h.question_key ?? null,
      entry_type: (['utterance', 'question', 'follow_up', 'statement', 'system'].includes(entry)
        ? entry
        : 'utterance') as InterviewTurn['entry_type'],
    };
  });
}

/** `POST /internal/pins/resolve {pin}` → `{run_id}` (404 when the PIN is unknown, expired or used up). */
async function resolvePin(config: WorkerConfig, pin: string): Promise<string | null> {
  try {
    const res = await request(`${config.PARLEY_STORE_URL.replace(/\/+$/, '')}/internal/pins/resolve`, {
      method: 'POST',
      headers: { 'x-agent-secret': config.PARLEY_AGENT_SECRET, 'content-type': 'application/json' },
      body: JSON.stringify({ pin }),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const body = (await res.body.json().catch(() => null)) as { run_id?: unknown } | null;
    if (res.statusCode >= 200 && res.statusCode < 300 && typeof body?.run_id === 'string') return body.run_id;
    return null;
  } catch {
    return null;
  }
}

export async function runJob(ctx: JobContext, deps: JobDeps): Promise<void> {
  const { config } = deps;
  const meta = parseJobMetadata(ctx.job.metadata);
  const log = deps.logger.child({ job_id: ctx.job.id, room: ctx.job.room?.name });
  const metrics = new MetricsReporter(deps.metricsUrl);
  if (!meta.ok) {
    log.error({ reason: meta.reason }, 'refusing job: bad metadata');
    metrics.push({ kind: 'inc', name: 'parley_jobs_rejected_total', labels: { reason: 'bad_metadata' } });
    await metrics.flush();
    ctx.shutdown('bad metadata');
    return;
  }

  await ctx.connect();
  const participant = await Promise.race([
    ctx.waitForParticipant(),
    new Promise<null>((r) => setTimeout(() => r(null), config.PARLEY_JOIN_TIMEOUT_S * 1000).unref()),
  ]);
  if (participant === null) {
    log.warn({}, 'no participant joined in time: ending the job');
    ctx.shutdown('no participant');
    return;
  }
  const isSip = participant.kind === ParticipantKind.SIP;
  const sipAttributes = Object.fromEntries(
    Object.entries(participant.attributes ?? {}).filter(([k]) => k.startsWith('sip.')),
  );

  const tts = new StreamingOpenAITTS({
    apiKey: config.OPENAI_API_KEY ?? '',
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_TTS_MODEL,
  });
  const session = new voice.AgentSession({
    stt: new deepgram.STT({
      apiKey: config.DEEPGRAM_API_KEY,
      ...(config.DEEPGRAM_BASE_URL !== undefined ? { baseUrl: config.DEEPGRAM_BASE_URL } : {}),
      model: config.DEEPGRAM_MODEL as deepgram.STTModels,
      interimResults: true,
      punctuate: true,
      smartFormat: true,
    }),
    vad: deps.vad,
    tts,
    llm: new ConductorSlotLLM(),
    turnHandling: {
      // explicit: no LiveKit Cloud turn detector, no adaptive interruption model
      turnDetection: 'vad',
      endpointing: { mode: 'fixed', ...ENDPOINTING_MS.normal },
      interruption: { enabled: true, mode: 'vad', minDuration: 500, resumeFalseInterruption: false },
      preemptiveGeneration: { enabled: false },
    },
  });

  const controller = new JobController(
    ctx,
    deps,
    session,
    tts,
    participant,
    isSip,
    sipAttributes,
    log,
    metrics,
  );
  const agent = new ParleyAgent(controller);
  controller.agent = agent;
  await session.start({
    agent,
    room: ctx.room,
    inputOptions: { participantIdentity: participant.identity },
  });
  await controller.run(meta.value);
}

class JobController implements TurnHandler {
  agent!: ParleyAgent;
  private interview: InterviewSession | null = null;
  private client: StoreClient | null = null;
  private phase: 'pin' | 'starting' | 'interview' | 'ending' | 'done' = 'starting';
  private pinDigits = '';
  private pinAttempts = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private agentState: string = 'initializing';
  private userState: string = 'listening';
  private pinWaiter: ((runId: string | null) => void) | null = null;
  private finishing: Promise<void> | null = null;
  private runId: string | null = null;
  private turnCount = 0;
  /** The last utterance that asked something, and whether an interruption cut it short. */
  private lastAsk: Utterance | null = null;
  private questionUnheard = false;

  constructor(
    private readonly ctx: JobContext,
    private readonly deps: JobDeps,
    private readonly session: voice.AgentSession,
    private readonly tts: StreamingOpenAITTS,
    private readonly participant: RemoteParticipant,
    private readonly isSip: boolean,
    private readonly sipAttributes: Record<string, string>,
    private log: Logger,
    private readonly metrics: MetricsReporter,
  ) {}

  private emit(events: LiveEvent | LiveEvent[]): void {
    try {
      this.client?.emit(events);
    } catch (error) {
      this.log.warn({ err: String(error) }, 'could not queue live events');
    }
  }

  async run(meta: { run_id: string } | { dial_in: true }): Promise<void> {
    this.wireEvents();
    let runId: string | null;
    if ('run_id' in meta) runId = meta.run_id;
    else runId = await this.collectPin();
    if (runId === null) return;
    this.runId = runId;
    await this.startInterview(runId);
  }

  // ── SIP dial-in: PIN by DTMF ───────────────────────────────────────────────────────────────────
  private async collectPin(): Promise<string | null> {
    this.phase = 'pin';
    this.session.say(TEXTS.pinPrompt, { allowInterruptions: true, addToChatCtx: false });
    const runId = await new Promise<string | null>((resolve) => (this.pinWaiter = resolve));
    if (runId === null) {
      this.log.warn({ attempts: this.pinAttempts }, 'dial-in: PIN attempts exhausted, hanging up');
      const h = this.session.say(TEXTS.pinGoodbye, { allowInterruptions: false, addToChatCtx: false });
      await h.waitForPlayout();
      await this.hangUp('pin_failed');
      return null;
    }
    return runId;
  }

  private async onPinDigit(digit: string): Promise<void> {
    if (digit !== '#') {
      if (/^[0-9]$/.test(digit) && this.pinDigits.length < 32) this.pinDigits += digit;
      return;
    }
    const pin = this.pinDigits;
    this.pinDigits = '';
    if (pin === '') return;
    const runId = await resolvePin(this.deps.config, pin);
    if (runId !== null) {
      this.log.info({ run_id: runId }, 'dial-in: PIN accepted');
      this.pinWaiter?.(runId);
      return;
    }
    this.pinAttempts += 1;
    this.log.info({ attempt: this.pinAttempts, pii: { pin } }, 'dial-in: PIN not recognised');
    if (this.pinAttempts >= MAX_PIN_ATTEMPTS) this.pinWaiter?.(null);
    else {
      await this.interruptSpeech();
      this.session.say(TEXTS.pinWrong, { allowInterruptions: true, addToChatCtx: false });
    }
  }

  // ── the interview ─────────────────────────────────────────────────────────────────────────────
  private async startInterview(runId: string): Promise<void> {
    const { config } = this.deps;
    const log = this.log.child({ run_id: runId });
    this.log = log;
    const client = StoreClient.open({
      baseUrl: config.PARLEY_STORE_URL,
      agentSecret: config.PARLEY_AGENT_SECRET,
      runId,
      workDir: join(config.PARLEY_WORK_DIR, runId),
      // the store recognises a redelivered live event by its client id (no duplicates after an outage)
      eventIds: true,
      logger: {
        debug: (o, m) => log.debug(o, m),
        info: (o, m) => log.info(o, m),
        warn: (o, m) => log.warn(o, m),
        error: (o, m) => log.error(o, m),
      },
    });
    this.client = client;
    let started;
    try {
      started = await client.startSession({
        timeoutMs: 30_000,
        body: { participant_identity: this.participant.identity, channel: this.isSip ? 'sip' : 'webrtc' },
      });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'INTERNAL';
      log.error(
        { code, err: (error as Error).message },
        'refusing job: the store did not open a session for this run',
      );
      this.metrics.push({
        kind: 'inc',
        name: 'parley_jobs_rejected_total',
        labels: { reason: code.toLowerCase() },
      });
      await this.metrics.flush();
      client.close();
      this.client = null;
      this.phase = 'done';
      await this.session.close().catch(() => undefined);
      this.ctx.shutdown('run refused');
      return;
    }
    const bp = blueprintSchema.safeParse(started.blueprint);
    if (!bp.success) {
      log.error({}, 'refusing job: the pinned blueprint does not parse');
      client.close();
      this.ctx.shutdown('bad blueprint');
      return;
    }
    const blueprint: Blueprint = bp.data;
    const agentParsed = started.agent ? agentSchema.safeParse(started.agent) : null;
    const agent: Agent = agentParsed?.success ? agentParsed.data : defaultAgent;
    const state = started.engine_state ? engineStateSchema.safeParse(started.engine_state) : null;
    const engineState: EngineState | undefined = state?.success ? state.data : undefined;
    const participantInfo = (started.participant ?? {}) as Record<string, unknown>;
    const vars = Object.fromEntries(
      Object.entries(started.variables ?? {}).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : JSON.stringify(v),
      ]),
    );
    const connections = {
      openai:
        config.OPENAI_API_KEY !== undefined
          ? {
              apiKey: config.OPENAI_API_KEY,
              ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
            }
          : undefined,
      anthropic:
        config.ANTHROPIC_API_KEY !== undefined
          ? {
              apiKey: config.ANTHROPIC_API_KEY,
              ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
            }
          : undefined,
    };
    const mode =
      config.PARLEY_CONDUCTOR_MODE === 'auto'
        ? chooseConductorMode(agent, connections)
        : config.PARLEY_CONDUCTOR_MODE;
    const conductor = createConductor({
      agent,
      mode,
      ...(connections.openai ? { openai: connections.openai } : {}),
      ...(connections.anthropic ? { anthropic: connections.anthropic } : {}),
      logger: log,
      now: Date.now,
    });
    this.tts.updateOptions({ voice: agent.voice.voice_id, speed: agent.voice.speed });
    this.interview = new InterviewSession({
      blueprint,
      agent,
      conductor,
      run: {
        run_id: runId,
        participant: {
          ...(typeof participantInfo.name === 'string' ? { name: participantInfo.name } : {}),
          ...(typeof participantInfo.external_id === 'string'
            ? { external_id: participantInfo.external_id }
            : {}),
        },
        vars,
      },
      sessionId: started.session_id,
      sink: client,
      resume: { state: engineState, history: toInterviewTurns(started.history) },
      logger: log,
    });
    log.info(
      {
        session_id: started.session_id,
        resumed: engineState !== undefined && engineState.status !== 'not_started',
        node: engineState?.current_node ?? null,
        channel: this.isSip ? 'sip' : 'webrtc',
        conductor: mode,
        sip: this.sipAttributes,
      },
      'interview session started',
    );
    this.metrics.push({ kind: 'set', name: 'parley_outbox_depth', value: 0, labels: { run_id: runId } });
    client.outbox.on('delivered', () => this.reportOutbox());
    if (this.interview.ended) {
      log.info({ end_reason: this.interview.state.end_reason }, 'the run has already ended');
      await this.finish('already_ended');
      return;
    }
    this.phase = 'interview';
    const opening = await this.interview.begin();
    this.speak(opening);
    this.tickTimer = setInterval(() => void this.onTick(), 5_000);
    this.tickTimer.unref();
  }

  private reportOutbox(): void {
    if (this.runId === null || this.client === null) return;
    this.metrics.push({
      kind: 'set',
      name: 'parley_outbox_depth',
      value: this.client.outbox.pending,
      labels: { run_id: this.runId },
    });
  }

  /** Speak an utterance produced outside a user turn (opening, DTMF consent, idle prompt, tick). */
  private speak(u: Utterance): void {
    this.track(u);
    this.applyEndpointing();
    const stream = toReadable(u.text);
    const handle = this.session.say(stream, { allowInterruptions: !u.ends, addToChatCtx: true });
    if (u.ends) {
      this.phase = 'ending';
      void handle.waitForPlayout().then(() => this.finish(this.interview?.state.end_reason ?? 'completed'));
    }
  }

  async onUserTurn(
    text: string,
    message: llm.ChatMessage | undefined,
  ): Promise<AsyncIterable<string> | null> {
    const interview = this.interview;
    if (this.phase !== 'interview' || interview === null || interview.ended || text.trim() === '')
      return null;
    this.clearIdle();
    this.turnCount += 1;
    const m = message?.metrics;
    const endedAt = m?.stoppedSpeakingAt !== undefined ? m.stoppedSpeakingAt * 1000 : Date.now();
    const startedAt = m?.startedSpeakingAt !== undefined ? m.startedSpeakingAt * 1000 : endedAt;
    this.log.info({ node: interview.state.current_node, pii: { text } }, 'participant turn');
    let u: Utterance;
    const unheard = this.questionUnheard;
    this.questionUnheard = false;
    try {
      const input = { text, startedAt, endedAt, confidence: message?.transcriptConfidence };
      if (unheard)
        this.log.info(
          { node: interview.state.current_node },
          'the question was interrupted before it was heard: asking again',
        );
      u = unheard ? await interview.respondUnheard(input) : await interview.respond(input);
    } catch (error) {
      this.log.error({ err: String(error) }, 'turn failed');
      this.metrics.push({ kind: 'inc', name: 'parley_errors_total', labels: { component: 'turn' } });
      return null;
    }
    this.track(u);
    this.applyEndpointing();
    if (u.ends) {
      this.phase = 'ending';
      // hang up once the outro has played (the agent goes back to listening)
    }
    return u.text;
  }

  private track(u: Utterance): void {
    if (u.asks) {
      this.lastAsk = u;
      this.questionUnheard = false;
    }
  }

  /** An assistant message ended: when it was an interrupted question, decide whether it was heard. */
  private async onAgentMessage(item: llm.ChatMessage): Promise<void> {
    const ask = this.lastAsk;
    if (!item.interrupted || ask === null) return;
    const turn = await ask.done;
    if (turn === null) return;
    const played = (item.textContent ?? '').trim();
    // heard = (almost) all of it was played out before the participant spoke
    const heard = played.length >= Math.floor(turn.content.length * 0.9);
    this.client?.patchTurn(turn.turn_number, {
      evaluation: { interrupted: true, heard_text: played.slice(0, 2000), heard },
    });
    if (!heard) this.questionUnheard = true;
  }

  private applyEndpointing(): void {
    const node = this.interview?.currentNode;
    const hint =
      node !== undefined && 'endpointing' in node && node.endpointing !== undefined
        ? node.endpointing
        : 'normal';
    try {
      void this.agent
        .getActivityOrThrow()
        .updateOptions({ endpointing: { mode: 'fixed', alpha: 0.9, ...ENDPOINTING_MS[hint] } });
    } catch {
      // activity not running (closing)
    }
  }

  // ── timers ─────────────────────────────────────────────────────────────────────────────────────
  private clearIdle(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private armIdle(): void {
    this.clearIdle();
    if (this.phase !== 'interview') return;
    this.idleTimer = setTimeout(
      () => void this.onEngineEvent({ type: 'silence_timeout' }),
      this.deps.config.PARLEY_IDLE_TIMEOUT_S * 1000,
    );
    this.idleTimer.unref();
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
      if (event.type === 'consent') await this.interruptSpeech();
      this.speak(u);
    }
  }

  // ── room and session events ─────────────────────────────────────────────────────────────────────
  private wireEvents(): void {
    const room = this.ctx.room;
    room.on(RoomEvent.DtmfReceived, (_code: number, digit: string, from: RemoteParticipant) => {
      if (from.identity !== this.participant.identity) return;
      if (this.phase === 'pin') {
        void this.onPinDigit(digit);
        return;
      }
      if (this.phase === 'interview' && this.interview?.state.status === 'awaiting_consent') {
        if (digit === '1') void this.onEngineEvent({ type: 'consent', given: true });
        else if (digit === '2') void this.onEngineEvent({ type: 'consent', given: false });
      }
    });
    room.on(RoomEvent.ParticipantDisconnected, (p: RemoteParticipant) => {
      if (p.identity !== this.participant.identity) return;
      void this.onParticipantLeft();
    });
    const s = this.session;
    s.on(voice.AgentSessionEventTypes.AgentStateChanged, (ev) => {
      this.agentState = ev.newState;
      this.emit({ type: 'agent_state', state: ev.newState });
      if (ev.newState === 'listening') {
        if (this.phase === 'ending' && this.interview?.ended)
          void this.finish(this.interview.state.end_reason ?? 'completed');
        else this.armIdle();
      } else this.clearIdle();
    });
    s.on(voice.AgentSessionEventTypes.UserStateChanged, (ev) => {
      this.userState = ev.newState;
      if (ev.newState === 'speaking') this.clearIdle();
      else if (this.agentState === 'listening') this.armIdle();
    });
    s.on(voice.AgentSessionEventTypes.UserInputTranscribed, (ev) => {
      if (!ev.isFinal && ev.transcript.trim() !== '' && this.phase === 'interview')
        this.emit({ type: 'transcript_interim', role: 'participant', content: ev.transcript });
    });
    s.on(voice.AgentSessionEventTypes.MetricsCollected, (ev) => this.onMetrics(ev.metrics));
    s.on(voice.AgentSessionEventTypes.ConversationItemAdded, (ev) => {
      const item = ev.item;
      if (item.type !== 'message' || item.role !== 'assistant') return;
      void this.onAgentMessage(item);
      const m = item.metrics ?? {};
      const latency: LiveEvent = { type: 'latency', turn_number: this.turnCount };
      const ms = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 1000));
      const fields: Array<[string, number | undefined, string]> = [
        ['e2e_ms', ms(m.e2eLatency), 'e2e'],
        ['llm_ttft_ms', ms(m.llmNodeTtft), 'llm_ttft'],
        ['tts_ttfb_ms', ms(m.ttsNodeTtfb), 'tts_ttfb'],
      ];
      for (const [k, v, stage] of fields) {
        if (v === undefined || v < 0) continue;
        latency[k] = v;
        this.metrics.push({
          kind: 'observe',
          name: 'parley_turn_latency_seconds',
          value: v / 1000,
          labels: { stage },
        });
      }
      if (Object.keys(latency).length > 2) {
        this.log.info({ latency, interrupted: item.interrupted }, 'turn latency');
        this.emit(latency);
      }
    });
    s.on(voice.AgentSessionEventTypes.Error, (ev) => {
      this.log.warn(
        {
          err: String((ev.error as { error?: unknown })?.error ?? ev.error),
          source: ev.source?.constructor?.name,
        },
        'session error',
      );
      this.metrics.push({ kind: 'inc', name: 'parley_errors_total', labels: { component: 'session' } });
    });
  }

  private onMetrics(m: lkMetrics.AgentMetrics): void {
    if (m.type === 'eou_metrics') {
      this.metrics.push({
        kind: 'observe',
        name: 'parley_turn_latency_seconds',
        value: m.endOfUtteranceDelayMs / 1000,
        labels: { stage: 'eou' },
      });
      this.metrics.push({
        kind: 'observe',
        name: 'parley_turn_latency_seconds',
        value: m.transcriptionDelayMs / 1000,
        labels: { stage: 'transcription' },
      });
      this.emit({
        type: 'latency',
        turn_number: this.turnCount,
        eou_ms: Math.max(0, Math.round(m.endOfUtteranceDelayMs)),
        stt_ms: Math.max(0, Math.round(m.transcriptionDelayMs)),
      });
    } else if (m.type === 'tts_metrics') {
      this.log.debug({ ttfb_ms: m.ttfbMs, audio_s: m.audioDurationMs / 1000 }, 'tts metrics');
    }
  }

  private async onParticipantLeft(): Promise<void> {
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
      this.clearIdle();
      if (this.tickTimer !== null) clearInterval(this.tickTimer);
      const client = this.client;
      const interview = this.interview;
      if (client !== null) {
        if (interview?.ended && reason !== 'already_ended') {
          const s = interview.state;
          const fin = await client.finalize(
            {
              ended_at: new Date(s.ended_at ?? Date.now()).toISOString(),
              reason: s.end_reason ?? 'completed',
            },
            { timeoutMs: 30_000 },
          );
          this.log.info(
            { end_reason: s.end_reason, finalized: fin.finalized, pending: fin.pending },
            'interview ended',
          );
          this.metrics.push({
            kind: 'inc',
            name: 'parley_interviews_total',
            labels: { reason: s.end_reason ?? 'completed' },
          });
        } else {
          const d = await client.drain(30_000);
          this.log.info({ pending: d.pending }, 'session ended before the interview: outbox drained');
        }
        if (this.runId !== null)
          this.metrics.push({ kind: 'unset', name: 'parley_outbox_depth', labels: { run_id: this.runId } });
        client.close();
      }
      await this.metrics.flush();
      await this.hangUp(reason ?? 'participant_left');
    })();
    return this.finishing;
  }

  private async interruptSpeech(): Promise<void> {
    try {
      await this.session.interrupt().await;
    } catch {
      // nothing playing, or it cannot be interrupted
    }
  }

  /** Hang up: deleting the room disconnects everyone (a SIP caller hears the call end). */
  private async hangUp(reason: string): Promise<void> {
    await this.session.close().catch(() => undefined);
    try {
      await this.ctx.deleteRoom();
    } catch (error) {
      this.log.warn({ err: String(error) }, 'could not delete the room');
    }
    this.ctx.shutdown(reason);
  }
}
