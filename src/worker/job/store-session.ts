import { join } from 'node:path';
import type { JobContext, voice } from '@livekit/agents';
import type { Logger } from 'pino';
import { defaultAgent, type Agent } from '../../agent/schema.js';
import type { Blueprint } from '../../blueprint/schema.js';
import { chooseConductorMode, createConductor } from '../../conductor/index.js';
import { providerConnections } from '../../config/providers.js';
import type { WorkerConfig } from '../../config/worker.js';
import type { EngineState } from '../../engine/types.js';
import { InterviewSession, type InterviewTurn } from '../../interview/session.js';
import { StoreClient } from '../../store-client/client.js';
import type { StartedSession } from '../../store-client/session.js';
import type { MetricsReporter } from '../metrics.js';
import { refuseRun } from './teardown.js';

/**
 * Wiring between the store and the interview: open the store client for a run, read what the store's
 * session response pins (blueprint, agent, engine state, history), pick the conductor, and build the
 * `InterviewSession` that records into the store.
 */

export function openStoreClient(config: WorkerConfig, runId: string, log: Logger): StoreClient {
  return StoreClient.open({
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
}

/** The run's outbox depth gauge: 0 now, then the count still pending after each delivery. */
export function trackOutboxDepth(client: StoreClient, runId: string, metrics: MetricsReporter): void {
  metrics.push({ kind: 'set', name: 'parley_outbox_depth', value: 0, labels: { run_id: runId } });
  client.outbox.on('delivered', () =>
    metrics.push({
      kind: 'set',
      name: 'parley_outbox_depth',
      value: client.outbox.pending,
      labels: { run_id: runId },
    }),
  );
}

/** What the store's session response pins for this run, parsed. */
export interface StartedRun {
  sessionId: string;
  blueprint: Blueprint;
  agent: Agent;
  engineState: EngineState | undefined;
  participant: { name?: string; external_id?: string };
  vars: Record<string, string>;
  history: readonly InterviewTurn[];
}

/**
 * The worker's reading of the parsed session reply (src/store-client/session.ts): null when the pinned
 * blueprint does not parse. An agent that does not parse falls back to the default, with a warning
 * (`log`): the interview still runs, but never silently in another persona.
 */
export function startedRun(started: StartedSession, log?: Logger): StartedRun | null {
  if (started.blueprint.type === 'invalid') return null;
  const agent = started.agent;
  if (agent.type === 'invalid') {
    log?.warn(
      { problem: agent.problem },
      "the run's agent does not parse: conducting with the default agent",
    );
  }
  const { name, external_id } = started.participant;
  return {
    sessionId: started.sessionId,
    blueprint: started.blueprint.blueprint,
    agent: agent.type === 'agent' ? agent.agent : defaultAgent,
    engineState: started.engineState,
    participant: {
      ...(name !== undefined ? { name } : {}),
      ...(external_id !== undefined ? { external_id } : {}),
    },
    vars: started.variables,
    history: started.history,
  };
}

/**
 * Open the run's session at the store: the started run, or null when the store refused it or its pinned
 * blueprint does not parse (the job is shutting down; `onClosed` ran when the client was closed).
 */
export async function startRunSession(opts: {
  ctx: JobContext;
  session: voice.AgentSession;
  client: StoreClient;
  metrics: MetricsReporter;
  log: Logger;
  identity: string;
  channel: 'sip' | 'webrtc';
  onClosed: () => void;
}): Promise<StartedRun | null> {
  const { client, log } = opts;
  let started: StartedSession;
  try {
    started = await client.startSession({
      timeoutMs: 30_000,
      body: { participant_identity: opts.identity, channel: opts.channel },
    });
  } catch (error) {
    await refuseRun({ ...opts, error });
    return null;
  }
  const run = startedRun(started, log);
  if (run === null) {
    log.error({}, 'refusing job: the pinned blueprint does not parse');
    client.close();
    opts.ctx.shutdown('bad blueprint');
  }
  return run;
}

export function logInterviewStarted(
  log: Logger,
  run: StartedRun,
  details: { channel: 'sip' | 'webrtc'; conductor: string; sip: Record<string, string> },
): void {
  log.info(
    {
      session_id: run.sessionId,
      resumed: run.engineState !== undefined && run.engineState.status !== 'not_started',
      node: run.engineState?.current_node ?? null,
      channel: details.channel,
      conductor: details.conductor,
      sip: details.sip,
    },
    'interview session started',
  );
}

/** The TTS options the agent's voice sets for the job. */
export function ttsOptionsFor(agent: Agent): { voice: string; speed: number } {
  return { voice: agent.voice.voice_id, speed: agent.voice.speed };
}

/** The conductor for this agent: `PARLEY_CONDUCTOR_MODE`, or chosen from the configured providers on `auto`. */
export function createJobConductor(config: WorkerConfig, agent: Agent, log: Logger) {
  const connections = providerConnections(config);
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
  return { conductor, mode };
}

export function createInterview(opts: {
  runId: string;
  run: StartedRun;
  conductor: ReturnType<typeof createConductor>;
  client: StoreClient;
  log: Logger;
}): InterviewSession {
  const { run } = opts;
  return new InterviewSession({
    blueprint: run.blueprint,
    agent: run.agent,
    conductor: opts.conductor,
    run: { run_id: opts.runId, participant: run.participant, vars: run.vars },
    sessionId: run.sessionId,
    sink: opts.client,
    resume: { state: run.engineState, history: run.history },
    logger: opts.log,
  });
}
