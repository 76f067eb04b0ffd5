import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { defaultAgent, loadAgentFile, agentSchema, type Agent } from '../agent/index.js';
import { loadBlueprintOrThrow } from '../blueprint/load.js';
import { blueprintSchema, type Blueprint } from '../blueprint/schema.js';
import {
  assertConductorConfig,
  chooseConductorMode,
  createConductor,
  type Conductor,
  type ConductorLogger,
  type ProviderConnection,
} from '../conductor/index.js';
import { engineStateSchema, type EngineState, type RunContextInput } from '../engine/types.js';
import { ParleyError } from '../errors/parley-error.js';
import { StoreClient } from '../store-client/client.js';
import { silentLogger, type ClientLogger } from '../store-client/outbox.js';
import { PublicClient, type RunNotificationInput } from '../store-client/public.js';
import type { HistoryTurn } from '../store-client/types.js';
import { loadAnswersFile, ScriptedParticipant, type AnswersFile } from './answers.js';
import { InteractiveParticipant, type ConsoleParticipant } from './participant.js';
import { Renderer } from './render.js';
import { runConsoleInterview, type ConsoleResult, type ConsoleTurn } from './runner.js';

/**
 * `parley console`: everything between the command line and the interview loop — loading files, choosing
 * the conductor mode, creating or resuming a run in a store, rendering, the final JSON and the exit code.
 * Environment variables are read only by the CLI command (src/cli/commands/console.ts) and passed in here.
 */
export interface ConsoleStoreOptions {
  url: string;
  /** Public API key (needed to create a run; not for --resume). */
  apiKey?: string | undefined;
  agentSecret: string;
  notifications?: RunNotificationInput[] | undefined;
}

export interface ConsoleOptions {
  blueprintPath: string;
  answersPath?: string | undefined;
  /** Already-parsed scripted answers (used by `parley demo`). */
  answers?: AnswersFile | undefined;
  expectPath?: string[] | undefined;
  json?: boolean;
  plain?: boolean;
  offline?: boolean;
  agentPath?: string | undefined;
  vars?: Record<string, string>;
  participantName?: string | undefined;
  store?: ConsoleStoreOptions | undefined;
  resume?: string | undefined;
  workDir?: string | undefined;
  providers?: { openai?: ProviderConnection | undefined; anthropic?: ProviderConnection | undefined };
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** stdin is a terminal (interactive editing, Ctrl-C through readline). */
  stdinTTY: boolean;
  /** the transcript's stream is a terminal (colours). */
  colour: boolean;
  logger?: (ConductorLogger & ClientLogger) | undefined;
  /** Install SIGINT/SIGTERM handlers that end the session cleanly (CLI only). */
  handleSignals?: boolean;
  finalizeTimeoutMs?: number;
}

export interface ConsoleOutcome {
  exitCode: number;
  result: ConsoleResult;
  /** The JSON printed with --json. */
  summary: ConsoleSummary;
  pathMatches: boolean | null;
}

export interface ConsoleSummary {
  run_id: string;
  status: string;
  end_reason: string | null;
  left: boolean;
  path_taken: string[];
  expected_path?: string[];
  path_matches?: boolean;
  responses: ConsoleResult['responses'];
  probe_ledger: ConsoleResult['probe_ledger'];
  transcript: ConsoleTurn[];
  store?: ConsoleResult['store'];
}

const silent: ConductorLogger & ClientLogger = silentLogger;

export function missingRequiredVars(bp: Blueprint, vars: Record<string, string>): string[] {
  return bp.variables
    .filter((v) => v.required && v.default === undefined && !(v.name in vars))
    .map((v) => v.name);
}

function historyToTurns(history: readonly HistoryTurn[]): ConsoleTurn[] {
  return history.map((h) => {
    const rec = h as HistoryTurn & {
      timestamp?: string;
      duration_ms?: number;
      started_at?: string;
      ended_at?: string;
    };
    const started = rec.started_at ?? rec.timestamp ?? new Date(0).toISOString();
    const ended =
      rec.ended_at ??
      (rec.timestamp !== undefined
        ? new Date(Date.parse(rec.timestamp) + (rec.duration_ms ?? 0)).toISOString()
        : started);
    return {
      turn_number: h.turn_number,
      role: h.role,
      content: h.content,
      started_at: started,
      ended_at: ended,
      node_id: h.node_id ?? null,
      question_key: h.question_key ?? null,
      entry_type: (h.entry_type ?? 'utterance') as ConsoleTurn['entry_type'],
    };
  });
}

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

  // ── store: create a run (or resume one), then start a session
  let blueprint = localBlueprint;
  let agent: Agent = fileAgent ?? defaultAgent;
  let runId: string;
  let participantInfo: RunContextInput['participant'] =
    participantName !== undefined ? { name: participantName } : {};
  let runVars = vars;
  let resumeState: EngineState | undefined;
  let resumeHistory: ConsoleTurn[] = [];
  let store: { client: StoreClient; sessionId: string } | undefined;

  if (opts.resume !== undefined && opts.store === undefined) {
    throw new ParleyError('INVALID_CONFIG', '--resume needs --store <url> (and the agent secret)');
  }
  if (opts.store !== undefined) {
    if (opts.resume !== undefined) runId = opts.resume;
    else {
      if (opts.store.apiKey === undefined) {
        throw new ParleyError(
          'INVALID_CONFIG',
          '--store needs an API key (--api-key or PARLEY_API_KEY) to create a run',
        );
      }
      const missing = missingRequiredVars(localBlueprint, vars);
      if (missing.length > 0) {
        throw new ParleyError(
          'MISSING_REQUIRED_VARIABLES',
          `missing required variables: ${missing.join(', ')} (use --var name=value)`,
          { missing },
        );
      }
      const pub = new PublicClient({ baseUrl: opts.store.url, apiKey: opts.store.apiKey });
      const source = await readFile(opts.blueprintPath, 'utf8');
      const created = await pub.createBlueprint(source);
      await pub.publishBlueprint(created.id);
      const run = await pub.createRun({
        blueprint_id: created.id,
        participant: { name: participantName ?? 'Console participant' },
        variables: vars,
        ...(opts.store.notifications !== undefined ? { notifications: opts.store.notifications } : {}),
        metadata: { source: 'parley console' },
      });
      runId = run.id;
      renderer.info(`store run ${runId} created at ${opts.store.url}`);
    }
    const workDir = opts.workDir ?? join(process.cwd(), '.parley', 'console', runId);
    const client = StoreClient.open({
      baseUrl: opts.store.url,
      agentSecret: opts.store.agentSecret,
      runId,
      workDir,
      logger,
    });
    let session: Awaited<ReturnType<StoreClient['startSession']>>;
    try {
      session = await client.startSession({ timeoutMs: 30_000 });
    } catch (err) {
      client.close();
      throw err;
    }
    store = { client, sessionId: session.session_id };
    const storedBp = blueprintSchema.safeParse(session.blueprint);
    if (storedBp.success) blueprint = storedBp.data;
    if (fileAgent === undefined && session.agent !== null && session.agent !== undefined) {
      const a = agentSchema.safeParse(stripAgentDto(session.agent));
      if (a.success) agent = a.data;
    }
    const p: Record<string, unknown> = session.participant ?? {};
    participantInfo = {
      ...(typeof p.name === 'string' ? { name: p.name } : {}),
      ...(typeof p.external_id === 'string' ? { external_id: p.external_id } : {}),
      ...(typeof p.email === 'string' ? { email: p.email } : {}),
    };
    runVars = Object.fromEntries(Object.entries(session.variables ?? {}).map(([k, v]) => [k, String(v)]));
    const st = engineStateSchema.safeParse(session.engine_state);
    if (st.success) resumeState = st.data;
    resumeHistory = historyToTurns(session.history);
  } else {
    runId = `console_${randomBytes(6).toString('hex')}`;
    const missing = missingRequiredVars(localBlueprint, vars);
    if (missing.length > 0) {
      throw new ParleyError(
        'MISSING_REQUIRED_VARIABLES',
        `missing required variables: ${missing.join(', ')} (use --var name=value)`,
        { missing },
      );
    }
  }

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

  let result: ConsoleResult;
  try {
    result = await runConsoleInterview({
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

  if (result.left) {
    renderer.status(
      store !== undefined
        ? `Session ended before the interview finished (participant left). Resume with: parley console ${opts.blueprintPath} --store ${opts.store?.url ?? ''} --resume ${runId}`
        : 'Session ended before the interview finished (participant left).',
    );
  } else if (store !== undefined && result.store !== undefined) {
    renderer.info(
      result.store.finalized
        ? `run ${runId} finalized in the store (analysis and webhooks follow)`
        : `run ${runId}: the store has not confirmed finalize yet (${result.store.pending} pending; kept on disk)`,
    );
  }

  let pathMatches: boolean | null = null;
  if (expectPath !== undefined) {
    pathMatches =
      expectPath.length === result.path_taken.length &&
      expectPath.every((n, i) => result.path_taken[i] === n);
    if (!pathMatches) {
      opts.stderr.write(
        `path differs:\n  expected ${expectPath.join(',')}\n  actual   ${result.path_taken.join(',')}\n`,
      );
    }
  }
  const summary: ConsoleSummary = {
    run_id: result.run_id,
    status: result.status,
    end_reason: result.end_reason,
    left: result.left,
    path_taken: result.path_taken,
    ...(expectPath !== undefined ? { expected_path: expectPath, path_matches: pathMatches === true } : {}),
    responses: result.responses,
    probe_ledger: result.probe_ledger,
    transcript: result.transcript,
    ...(result.store !== undefined ? { store: result.store } : {}),
  };
  if (opts.json === true) opts.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  return { exitCode: pathMatches === false ? 1 : 0, result, summary, pathMatches };
}

/** The store's agent DTO carries id/object/timestamps; keep only the persona fields `agentSchema` knows. */
function stripAgentDto(dto: unknown): unknown {
  if (typeof dto !== 'object' || dto === null) return dto;
  const keep = [
    'name',
    'description',
    'persona',
    'voice',
    'techniques',
    'probing_depth',
    'boundaries',
    'model_config',
  ];
  return Object.fromEntries(
    Object.entries(dto as Record<string, unknown>).filter(([k, v]) => keep.includes(k) && v !== null),
  );
}
