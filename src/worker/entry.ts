import { defineAgent, type JobContext, type JobProcess, type VAD } from '@livekit/agents';
import { jobProcessConfig } from '../config/worker.js';
import { runJob } from './job/run-job.js';
import { createWorkerLogger } from './log.js';
import { createVad } from './voice/vad.js';

/**
 * The agent entry the LiveKit framework loads in every job process (`ServerOptions.agent` points at the
 * compiled copy of this file). Job processes are forked by the worker and inherit its environment: this
 * module is their composition root and takes its configuration from `jobProcessConfig()` (src/config).
 */
interface ProcData extends Record<string, unknown> {
  vad?: VAD;
}

export default defineAgent<ProcData>({
  prewarm: async (proc: JobProcess<ProcData>) => {
    proc.userData.vad = createVad({ minSilenceDuration: jobProcessConfig().PARLEY_VAD_MIN_SILENCE_MS });
  },
  entry: async (ctx: JobContext<ProcData>) => {
    const config = jobProcessConfig();
    const logger = createWorkerLogger({
      level: config.PARLEY_LOG_LEVEL,
      logPii: config.PARLEY_LOG_PII,
      name: 'parley-job',
    });
    const vad = ctx.proc.userData.vad ?? createVad({ minSilenceDuration: config.PARLEY_VAD_MIN_SILENCE_MS });
    try {
      // interop: @livekit/agents' JobContext<ProcData> is invariant in its userData; runJob needs no userData
      await runJob(ctx as unknown as JobContext, {
        config,
        logger,
        vad,
        metricsUrl: config.PARLEY_METRICS_PORT > 0 ? `http://127.0.0.1:${config.PARLEY_METRICS_PORT}` : null,
      });
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'job failed');
      ctx.shutdown('error');
    }
  },
});
