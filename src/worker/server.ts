import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cli, ServerOptions, type AgentServer, type JobRequest } from '@livekit/agents';
import { frameworkLogLevel, type WorkerConfig } from '../config/worker.js';
import { createWorkerLogger } from './log.js';
import { parseJobMetadata } from './metadata.js';
import { MetricsRegistry, startMetricsServer } from './metrics.js';

/** The path of the agent entry module next to this file (compiled `.js`, or `.ts` under tsx). */
export function agentEntryPath(): string {
  const js = fileURLToPath(new URL('./entry.js', import.meta.url));
  if (existsSync(js)) return js;
  return fileURLToPath(new URL('./entry.ts', import.meta.url));
}

/**
 * The Node flags job processes start with. The framework forks them (and its inference process) with the
 * worker's `process.execArgv`; this adds `--max-semi-space-size` (`PARLEY_JOB_SEMI_SPACE_MB`) unless the
 * operator already chose one on the command line or in `NODE_OPTIONS`.
 */
export function jobExecArgv(
  execArgv: readonly string[],
  nodeOptions: string | undefined,
  semiSpaceMb: number,
): string[] {
  const flag = /^--max[-_]semi[-_]space[-_]size(=|$)/;
  const set = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((a) => flag.test(a));
  return semiSpaceMb > 0 && !set ? [...execArgv, `--max-semi-space-size=${semiSpaceMb}`] : [...execArgv];
}

/**
 * The exit code of a worker after SIGTERM. @livekit/agents' CLI exits 143 once the worker has drained and
 * closed; a worker that stopped as asked, its interviews finished within the drain timeout, exits 0 instead
 * (container restart policies and orchestrators read 143 as a failure). A drain cut short by the timeout keeps
 * 143; any other code is kept.
 */
export function drainedExitCode(
  code: number | string | null | undefined,
  elapsedMs: number,
  drainTimeoutS: number,
): number | string | null | undefined {
  return code === 143 && elapsedMs < drainTimeoutS * 1000 ? 0 : code;
}

/**
 * `parley worker start|dev`: register with LiveKit as agent `PARLEY_AGENT_NAME` (explicit dispatch only),
 * accept jobs whose metadata parses, and serve metrics. Load is active jobs / `PARLEY_MAX_JOBS`; SIGTERM
 * drains (running interviews finish, no new jobs) before exit.
 */
export async function runWorker(mode: 'start' | 'dev', config: WorkerConfig): Promise<void> {
  const logger = createWorkerLogger({ level: config.PARLEY_LOG_LEVEL, logPii: config.PARLEY_LOG_PII });
  const registry = new MetricsRegistry();
  let server: AgentServer | null = null;
  let draining = false;
  registry.countActiveInterviews(() => server?.activeJobs.length ?? 0);
  if (config.PARLEY_METRICS_PORT > 0) {
    await startMetricsServer({
      registry,
      log: logger,
      host: config.PARLEY_METRICS_HOST,
      port: config.PARLEY_METRICS_PORT,
      healthy: () => ({
        ok: !draining,
        detail: {
          draining,
          active_jobs: server?.activeJobs.length ?? 0,
          max_jobs: config.PARLEY_MAX_JOBS,
          agent_name: config.PARLEY_AGENT_NAME,
        },
      }),
    });
    logger.info({ port: config.PARLEY_METRICS_PORT }, 'metrics on /metrics, health on /healthz');
  }
  process.once('SIGTERM', () => {
    draining = true;
    logger.info({ active_jobs: server?.activeJobs.length ?? 0 }, 'SIGTERM: draining (no new jobs)');
    // a worker that stopped as asked exits 0 (see drainedExitCode)
    const since = Date.now();
    const exit = process.exit.bind(process);
    process.exit = ((code?: number | string | null) =>
      exit(drainedExitCode(code, Date.now() - since, config.PARLEY_DRAIN_TIMEOUT_S))) as typeof process.exit;
  });

  const requestFunc = async (req: JobRequest): Promise<void> => {
    const meta = parseJobMetadata(req.job.metadata);
    if (!meta.ok) {
      logger.error(
        { job_id: req.id, room: req.room?.name, reason: meta.reason },
        'rejecting job: bad metadata',
      );
      registry.inc('parley_jobs_rejected_total', { reason: 'bad_metadata' });
      await req.reject();
      return;
    }
    await req.accept('Parley interviewer', `parley-agent-${req.id}`);
  };

  const opts = new ServerOptions({
    agent: agentEntryPath(),
    agentName: config.PARLEY_AGENT_NAME,
    wsURL: config.LIVEKIT_URL,
    apiKey: config.LIVEKIT_API_KEY,
    apiSecret: config.LIVEKIT_API_SECRET,
    requestFunc,
    loadFunc: async (s: AgentServer) => {
      server = s;
      return Math.min(1, s.activeJobs.length / config.PARLEY_MAX_JOBS);
    },
    loadThreshold: 1,
    numIdleProcesses: config.PARLEY_NUM_IDLE_PROCESSES,
    jobMemoryLimitMB: config.PARLEY_JOB_MEMORY_LIMIT_MB,
    jobMemoryWarnMB: Math.max(0, Math.round(config.PARLEY_JOB_MEMORY_LIMIT_MB * 0.8)),
    drainTimeout: config.PARLEY_DRAIN_TIMEOUT_S * 1000,
    host: '0.0.0.0',
    port: config.PARLEY_HEALTH_PORT,
    logLevel: frameworkLogLevel(config.PARLEY_LOG_LEVEL),
    production: mode === 'start',
  });
  // the framework's CLI parses process.argv itself: hand it exactly its own command line
  process.argv = [
    process.argv[0] ?? 'node',
    process.argv[1] ?? 'parley',
    mode,
    '--log-level',
    frameworkLogLevel(config.PARLEY_LOG_LEVEL),
  ];
  // job processes are forked with process.execArgv: their V8 flags go there
  const jobArgv = jobExecArgv(process.execArgv, config.NODE_OPTIONS, config.PARLEY_JOB_SEMI_SPACE_MB);
  process.execArgv.splice(0, process.execArgv.length, ...jobArgv);
  cli.runApp(opts);
}
