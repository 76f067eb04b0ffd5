import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { defaultAgent, type Agent } from '../../agent/index.js';
import { blueprintFileKind, MAX_BLUEPRINT_BYTES } from '../../blueprint/load.js';
import type { Blueprint } from '../../blueprint/schema.js';
import type { ConductorLogger } from '../../conductor/index.js';
import type { EngineState, RunContextInput } from '../../engine/types.js';
import { ParleyError } from '../../errors/parley-error.js';
import { fileError } from '../../files/problems.js';
import { readSourceFile } from '../../files/read.js';
import { StoreClient } from '../../store-client/client.js';
import type { ClientLogger } from '../../store-client/outbox.js';
import { PublicClient } from '../../store-client/public.js';
import type { Renderer } from '../render.js';
import type { ConsoleTurn } from '../runner.js';
import type { ConsoleOptions } from './options.js';

/**
 * Opening the run the console interviews: without a store, a local run id; with a store, a new run (the
 * blueprint uploaded and published) or the one to resume, and a session whose blueprint, agent,
 * participant, variables, engine state and history take precedence over the local files.
 */

export interface OpenedRun {
  runId: string;
  blueprint: Blueprint;
  agent: Agent;
  participantInfo: RunContextInput['participant'];
  runVars: Record<string, string>;
  resumeState: EngineState | undefined;
  resumeHistory: ConsoleTurn[];
  store: { client: StoreClient; sessionId: string } | undefined;
}

export interface OpenRunInput {
  opts: ConsoleOptions;
  localBlueprint: Blueprint;
  fileAgent: Agent | undefined;
  vars: Record<string, string>;
  participantName: string | undefined;
  renderer: Renderer;
  logger: ConductorLogger & ClientLogger;
}

export function missingRequiredVars(bp: Blueprint, vars: Record<string, string>): string[] {
  return bp.variables
    .filter((v) => v.required && v.default === undefined && !(v.name in vars))
    .map((v) => v.name);
}

export async function openRun(input: OpenRunInput): Promise<OpenedRun> {
  const { opts, localBlueprint, fileAgent, vars, participantName, renderer, logger } = input;
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
      requireVars(localBlueprint, vars);
      const pub = new PublicClient({ baseUrl: opts.store.url, apiKey: opts.store.apiKey });
      const read = await readSourceFile(opts.blueprintPath, 'blueprint', MAX_BLUEPRINT_BYTES);
      if (!read.ok) throw fileError(blueprintFileKind, opts.blueprintPath, [read.problem]);
      const source = read.source;
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
    store = { client, sessionId: session.sessionId };
    // a pinned blueprint that does not parse: the local file stands in
    if (session.blueprint.type === 'blueprint') blueprint = session.blueprint.blueprint;
    if (fileAgent === undefined) {
      const a = session.agent;
      if (a.type === 'agent') agent = a.agent;
      if (a.type === 'invalid') {
        throw new ParleyError(
          'INVALID_CONFIG',
          `the run's agent from the store does not parse: ${a.problem}`,
        );
      }
    }
    participantInfo = session.participant;
    runVars = session.variables;
    resumeState = session.engineState;
    resumeHistory = session.history;
  } else {
    runId = `console_${randomBytes(6).toString('hex')}`;
    requireVars(localBlueprint, vars);
  }
  return { runId, blueprint, agent, participantInfo, runVars, resumeState, resumeHistory, store };
}

/** A new run needs every required variable of its blueprint (`--var name=value`). */
function requireVars(...args: Parameters<typeof missingRequiredVars>): void {
  const missing = missingRequiredVars(...args);
  if (missing.length > 0) {
    throw new ParleyError(
      'MISSING_REQUIRED_VARIABLES',
      `missing required variables: ${missing.join(', ')} (use --var name=value)`,
      { missing },
    );
  }
}
