import { z } from 'zod';
import { ParleyError } from '../errors/parley-error.js';

/**
 * What every configuration schema shares: the names and limits the store, the worker and the CLI agree on
 * (the agent secret, the log level and the PII flag), the value helpers, and ONE way to parse an
 * environment object and report every bad variable (`ParleyError('INVALID_CONFIG')`, each variable named).
 * Only src/config/ and the CLI entry touch `process.env`; everything else receives parsed values.
 */

/** The shared secret between the store and its workers/console (`X-Agent-Secret`). */
export const AGENT_SECRET_MIN_LENGTH = 16;
export const agentSecretSchema = z
  .string()
  .min(AGENT_SECRET_MIN_LENGTH, `must be at least ${AGENT_SECRET_MIN_LENGTH} characters`);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const logLevelSchema = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof logLevelSchema>;

/** An unset or empty variable is absent. */
export const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), s.optional());

/** An on/off variable: 1/true/yes or 0/false/no; unset or empty is off. */
export const flag = z
  .preprocess(
    (v) => (v === '' || v === undefined ? '0' : v),
    z.enum(['0', '1', 'true', 'false', 'yes', 'no'], { error: 'must be one of 1, 0, true, false, yes, no' }),
  )
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** https://no-color.org: any non-empty value turns colours off. */
export const noColor = z
  .string()
  .optional()
  .transform((v) => v !== undefined && v !== '');

/** An integer with a default (unset or empty), within [min, max]. */
export const int = (def: number, min: number, max: number) =>
  z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? String(def) : v),
    z.string().transform((v, ctx) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer between ${min} and ${max}` });
        return z.NEVER;
      }
      return n;
    }),
  );

/**
 * Logging, the same for the store and the worker: `PARLEY_LOG_LEVEL` (default info; `LOG_LEVEL` is read
 * when it is unset, the name the worker used before) and `PARLEY_LOG_PII` (transcripts and names under
 * `pii.*`, off unless set).
 */
export const logEnvShape = {
  PARLEY_LOG_LEVEL: z.preprocess((v) => (v === '' || v === undefined ? 'info' : v), logLevelSchema),
  PARLEY_LOG_PII: flag,
};

export interface ConfigIssue {
  variable: string;
  message: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The one error for bad configuration: `invalid <what> configuration:` then one line per variable. */
export function configError(what: string, issues: readonly ConfigIssue[]): ParleyError {
  const lines = issues.map((i) => `  ${i.variable}: ${i.message}`);
  return new ParleyError('INVALID_CONFIG', `invalid ${what} configuration:\n${lines.join('\n')}`, {
    issues,
  });
}

/**
 * Parse `env` with `schema`; `check` adds cross-variable rules (on the raw values, so they are reported
 * together with the rest). Throws `configError(what, …)` naming every bad variable.
 */
export function parseEnv<S extends z.ZodObject>(
  what: string,
  schema: S,
  env: Env,
  check: (env: Env) => ConfigIssue[] = () => [],
): z.infer<S> {
  // PARLEY_LOG_LEVEL falls back to LOG_LEVEL (a bad LOG_LEVEL is reported under its own name)
  const fromLogLevel =
    'PARLEY_LOG_LEVEL' in schema.shape && !env.PARLEY_LOG_LEVEL && env.LOG_LEVEL !== undefined;
  const input = fromLogLevel ? { ...env, PARLEY_LOG_LEVEL: env.LOG_LEVEL } : env;
  const result = schema.safeParse(input);
  const issues: ConfigIssue[] = result.success
    ? []
    : result.error.issues.map((i) => {
        const variable = String(i.path[0] ?? '(env)');
        return {
          variable: fromLogLevel && variable === 'PARLEY_LOG_LEVEL' ? 'LOG_LEVEL' : variable,
          message: i.message,
        };
      });
  issues.push(...check(env));
  if (result.success && issues.length === 0) return result.data;
  throw configError(what, issues);
}
