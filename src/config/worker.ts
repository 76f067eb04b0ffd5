import { z } from 'zod';
import { DEFAULT_TURN_DETECTOR, turnDetectorSchema } from '../worker/turn/delays.js';
import { providersEnvShape } from './providers.js';
import { agentSecretSchema, int, logEnvShape, parseEnv, type Env, type LogLevel } from './shared.js';

/**
 * The worker's configuration: ONE zod schema over an environment object. Only the CLI entry passes
 * `process.env`; everything else receives the parsed `WorkerConfig`. Job processes are forked from the
 * worker and inherit its environment: they parse it again through `jobProcessConfig()`.
 */

const url = z.string().url();
const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
  .pipe(url.optional());

/** The agents framework's event-loop stall warning threshold Parley sets unless the operator does (ms). */
export const LOOP_BLOCK_WARN_MS_DEFAULT = 250;

/** The silence after which the worker's VAD reports the end of speech by default (ms). */
export const VAD_MIN_SILENCE_MS_DEFAULT = 550;

export const workerEnvSchema = z.object({
  LIVEKIT_URL: z.string().regex(/^(wss?|https?):\/\//, 'must be a ws://, wss://, http:// or https:// URL'),
  LIVEKIT_API_KEY: z.string().min(1),
  LIVEKIT_API_SECRET: z.string().min(1),
  PARLEY_STORE_URL: url,
  PARLEY_AGENT_SECRET: agentSecretSchema,
  PARLEY_AGENT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .default('parley'),
  PARLEY_MAX_JOBS: int(4, 1, 1000),
  PARLEY_JOB_MEMORY_LIMIT_MB: int(1024, 0, 65536),
  PARLEY_NUM_IDLE_PROCESSES: int(1, 0, 64),
  /**
   * V8's largest semi-space (young generation) in each job process, MiB (`--max-semi-space-size`); 0 =
   * V8's own choice. Node 24's V8 sizes it from the host's memory (64 MiB on a 24 GB machine, 16 on Node
   * 20), and a job's allocation rate (audio frames) grows it to the limit: ~27 MB more RSS per job for
   * no measured CPU gain. Not applied when `NODE_OPTIONS` or the worker's own flags already set it.
   */
  PARLEY_JOB_SEMI_SPACE_MB: int(16, 0, 1024),
  /** The framework's event-loop monitor threshold (src/cli/main.ts sets Parley's default); 0 = off. */
  LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS: int(LOOP_BLOCK_WARN_MS_DEFAULT, 0, 60_000),
  /**
   * Silence before the VAD reports the end of speech, ms. The framework asks the turn detector only then,
   * so it bounds the shortest end of turn: a typed node's short delay cannot act below it.
   */
  PARLEY_VAD_MIN_SILENCE_MS: int(VAD_MIN_SILENCE_MS_DEFAULT, 100, 5000),
  PARLEY_DRAIN_TIMEOUT_S: int(1800, 1, 86_400),
  /** The agents framework's own health server (`GET /` → OK, `GET /worker`). */
  PARLEY_HEALTH_PORT: int(8081, 0, 65535),
  /** Parley's metrics server: `GET /metrics` (Prometheus text), `GET /healthz`. 0 = off. */
  PARLEY_METRICS_PORT: int(9464, 0, 65535),
  PARLEY_METRICS_HOST: z.string().default('0.0.0.0'),
  /** Where job processes keep the store client's durable outbox (one directory per run). */
  PARLEY_WORK_DIR: z.string().min(1).default('.parley/worker'),
  /** `on`: record runs whose channel settings ask for it (stereo WAV, uploaded at finalize); `off`: never. */
  PARLEY_RECORDINGS: z.enum(['on', 'off']).default('on'),
  /**
   * Preemptive generation: `speech` (default) works out the reply — conductor and TTS — from the final
   * transcript while the end of the turn is still being confirmed, and speaks it if the transcript held;
   * `conductor` runs only the conductor early (TTS starts at the end of the turn); `off`: neither.
   */
  PARLEY_PREEMPTIVE: z.enum(['speech', 'conductor', 'off']).default('speech'),
  /**
   * End of turn: `parley` (default: the pending node and the transcript, src/worker/turn), `vad` (plain VAD
   * endpointing with the node's fixed delay) or `livekit` (LiveKit's local end-of-turn model v1-mini). The
   * default is the one with the fewest false cut-offs in `npm run bench -- turns` (README, Performance).
   */
  PARLEY_TURN_DETECTOR: turnDetectorSchema.default(DEFAULT_TURN_DETECTOR),
  /** `auto`: llm when the agent's providers have keys, else offline. */
  PARLEY_CONDUCTOR_MODE: z.enum(['auto', 'offline', 'llm']).default('auto'),
  /** Seconds of participant silence before the idle prompt (and again before ending with `idle`). */
  PARLEY_IDLE_TIMEOUT_S: int(20, 2, 3600),
  /** Seconds to wait for a participant to join before the job ends. */
  PARLEY_JOIN_TIMEOUT_S: int(120, 1, 86_400),
  DEEPGRAM_API_KEY: z.string().min(1),
  DEEPGRAM_BASE_URL: optionalUrl,
  DEEPGRAM_MODEL: z.string().default('nova-3'),
  ...providersEnvShape,
  OPENAI_TTS_MODEL: z.string().default('gpt-4o-mini-tts'),
  /** PARLEY_LOG_LEVEL (LOG_LEVEL when unset) and PARLEY_LOG_PII: transcripts under `pii.*`, off by default. */
  ...logEnvShape,
  /** Read to keep an operator's `--max-semi-space-size` (see PARLEY_JOB_SEMI_SPACE_MB). */
  NODE_OPTIONS: z.string().optional(),
});

export type WorkerConfig = z.infer<typeof workerEnvSchema>;

/**
 * Parse the worker configuration from an environment object (never reads `process.env` itself); a bad
 * variable throws `ParleyError('INVALID_CONFIG')` naming each one.
 */
export function loadWorkerConfig(env: Env): WorkerConfig {
  return parseEnv('worker', workerEnvSchema, env, (raw) =>
    raw.OPENAI_API_KEY === undefined || raw.OPENAI_API_KEY.trim() === ''
      ? [{ variable: 'OPENAI_API_KEY', message: 'required: the worker speaks through OpenAI text-to-speech' }]
      : [],
  );
}

/**
 * A job process's configuration: the framework forks job processes from the worker, which has already
 * validated this environment, and they inherit it. The one read of `process.env` outside the CLI entry.
 */
export function jobProcessConfig(): WorkerConfig {
  return loadWorkerConfig(process.env);
}

/** The agents framework's log levels have no `silent`: its quietest is `fatal`. */
export function frameworkLogLevel(level: LogLevel): Exclude<LogLevel, 'silent'> {
  return level === 'silent' ? 'fatal' : level;
}
