import { loadAgentFile } from '../agent/index.js';
import { loadBlueprintOrThrow } from '../blueprint/load.js';
import {
  assertConductorConfig,
  chooseConductorMode,
  createConductor,
  type Conductor,
  type ConductorLogger,
} from '../conductor/index.js';
import { silentLogger, type ClientLogger } from '../store-client/outbox.js';
import { loadAnswersFile, ScriptedParticipant } from './answers.js';
import { InteractiveParticipant, type ConsoleParticipant } from './participant.js';
import { Renderer } from './render.js';
import { runConsoleInterview, type ConsoleResult } from './runner.js';
import { virtualClock } from './simulate/clock.js';
import { openRun } from './session/open-run.js';
import type { ConsoleOptions, ConsoleOutcome } from './session/options.js';
import { reportOutcome } from './session/outcome.js';

/**
 * `parley console`: everything between the command line and the interview loop — loading files, choosing
 * the conductor mode, creating or resuming a run in a store (session/open-run.ts), rendering, the final
 * JSON and the exit code (session/outcome.ts). Environment variables are read only by the CLI command
 * (src/cli/commands/console.ts) and passed in here.
 */

export type { ConsoleOptions, ConsoleOutcome } from './session/options.js';
export { missingRequiredVars } from './session/open-run.js';

const silent: ConductorLogger & ClientLogger = silentLogger;
/** Real-clock ticks while the participant types: wrap-up and the time limit need no input to happen. */
const TICK_MS = 1000;

export async function runConsole(opts: ConsoleOptions): Promise<ConsoleOutcome> {
  const logger = opts.logger ?? silent;
  const localBlueprint = await loadBlueprintOrThrow(opts.blueprintPath);
  const answers =
    opts.answers ?? (opts.answersPath !== undefined ? await loadAnswersFile(opts.answersPath) : undefined);
  const fileAgent = opts.agentPath !== undefined ? await loadAgentFile(opts.agentPath) : undefined;
  const vars: Record<string, string> = { ...(answers?.vars ?? {}), ...(opts.vars ?? {}) };
  const participantName = opts.participantName ?? answers?.participant_name;
  const expectPath = opts.expectPath ?? answers?.expect_path;

  // Transcript: stdout, or stderr when stdout carries the JSON result.
  const transcriptOut = opts.json === true ? opts.stderr : opts.stdout;
  const renderer = new Renderer({
    out: transcriptOut,
    color: opts.colour && opts.plain !== true,
    notes: opts.plain !== true,
  });

  const { runId, blueprint, agent, participantInfo, runVars, resumeState, resumeHistory, store } =
    await openRun({ opts, localBlueprint, fileAgent, vars, participantName, renderer, logger });

  // ── conductor: offline unless forced otherwise and every provider the agent needs is configured
  const connections = opts.providers ?? {};
  const mode = opts.offline === true ? 'offline' : chooseConductorMode(agent, connections);
  const conductorOptions = {
    agent,
    mode,
    openai: connections.openai,
    anthropic: connections.anthropic,
    logger,
    now: () => Date.now(),
  } as const;
  assertConductorConfig(conductorOptions);
  const conductor: Conductor = createConductor(conductorOptions);
  renderer.info(`conductor: ${mode}${mode === 'offline' ? ' (deterministic rules, no API key needed)' : ''}`);

  // ── participant
  const participant: ConsoleParticipant =
    answers !== undefined
      ? new ScriptedParticipant(answers)
      : new InteractiveParticipant({ input: opts.stdin, output: transcriptOut, tty: opts.stdinTTY });

  const onSignal = (): void => {
    if (participant instanceof InteractiveParticipant) participant.end();
    else participant.close();
  };
  if (opts.handleSignals === true) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  // ── clock: wall time while a person types (with ticks), speaking time for scripted lines
  const clockMode = opts.clock ?? (answers !== undefined ? 'synthetic' : 'real');
  const clock = clockMode === 'synthetic' ? virtualClock(Date.now()) : { now: () => Date.now() };

  let result: ConsoleResult;
  try {
    result = await runConsoleInterview({
      clock,
      ...(clockMode === 'real' && answers === undefined ? { tickMs: TICK_MS } : {}),
      blueprint,
      agent,
      conductor,
      participant,
      renderer,
      run: {
        run_id: runId,
        participant: participantInfo,
        vars: runVars,
        limits: {
          max_follow_ups_per_question: agent.boundaries.max_follow_ups_per_question,
          max_silence_prompts: 1,
        },
      },
      store,
      resume:
        resumeState !== undefined || resumeHistory.length > 0
          ? { state: resumeState, history: resumeHistory }
          : undefined,
      ...(opts.finalizeTimeoutMs !== undefined ? { finalizeTimeoutMs: opts.finalizeTimeoutMs } : {}),
    });
  } finally {
    if (opts.handleSignals === true) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    participant.close();
    store?.client.close();
  }

  return reportOutcome(opts, result, { renderer, runId, stored: store !== undefined, expectPath });
}
