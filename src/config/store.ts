import { z } from 'zod';
import { providersEnvShape } from './providers.js';
import {
  agentSecretSchema,
  flag,
  logEnvShape,
  optional,
  parseEnv,
  type ConfigIssue,
  type Env,
} from './shared.js';

/**
 * The store's configuration, parsed once from an environment object (the CLI passes `process.env`;
 * nothing else reads it). Every problem is reported in one message.
 */

export const storeEnvSchema = z.object({
  PARLEY_AGENT_SECRET: optional(agentSecretSchema),
  /** Signs the participants' `/join/<token>` links; derived from PARLEY_AGENT_SECRET when unset. */
  PARLEY_JOIN_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  /** SMTP server for invitation emails: smtp://user:pass@host:587 or smtps://…:465. Unset: no emails. */
  PARLEY_SMTP_URL: optional(z.url({ protocol: /^smtps?$/ })),
  /** The From address of invitation emails (required with PARLEY_SMTP_URL). */
  PARLEY_EMAIL_FROM: optional(z.string().min(3).max(320)),
  /** The phone number SIP participants call (shown in their invitation with the PIN). */
  PARLEY_DIAL_IN_NUMBER: optional(z.string().regex(/^\+?[0-9 ()-]{3,32}$/, 'must look like a phone number')),
  /** Seals per-run notification header values at rest; derived from PARLEY_AGENT_SECRET when unset. */
  PARLEY_SECRETS_KEY: optional(z.string().min(32, 'must be at least 32 characters')),
  PARLEY_BOOTSTRAP_KEY: optional(
    z
      .string()
      .regex(
        /^pk_(live|test)_[A-Za-z0-9]{16,128}$/,
        'must look like pk_live_<16+ letters/digits> or pk_test_…',
      ),
  ),
  PARLEY_WEBHOOK_SECRET: optional(
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/, 'must look like whsec_<base64>')
      // a base64 text of 4n + 1 characters decodes to nothing whole: the signing library refuses it
      .refine((s) => s.slice(6).replace(/=+$/, '').length % 4 !== 1, 'is not valid base64 (wrong length)'),
  ),
  PARLEY_WEBHOOK_ALLOW_PRIVATE: flag,
  PARLEY_PUBLIC_URL: optional(z.url({ protocol: /^https?$/ })),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')),
  /** Connections this store process may hold open to PostgreSQL (with DATABASE_URL). */
  PARLEY_DB_POOL_MAX: z.preprocess(
    (v) => (v === undefined || v === '' ? 10 : v),
    z.coerce.number().int().min(1).max(1000),
  ),
  LIVEKIT_URL: optional(z.url({ protocol: /^(wss?|https?)$/ })),
  LIVEKIT_API_KEY: optional(z.string().min(1)),
  LIVEKIT_API_SECRET: optional(z.string().min(1)),
  ...providersEnvShape,
  /** A run in a conversation with no activity for this long becomes `abandoned` (resumable until it expires). */
  PARLEY_ABANDON_AFTER_S: z.preprocess(
    (v) => (v === '' || v === undefined ? '300' : v),
    z.coerce
      .number()
      .int()
      .min(30)
      .max(7 * 24 * 3600),
  ),
  /** How often the store sweeps for abandoned and expired runs. */
  PARLEY_SWEEP_INTERVAL_S: z.preprocess(
    (v) => (v === '' || v === undefined ? '30' : v),
    z.coerce.number().int().min(1).max(3600),
  ),
  PARLEY_RATE_LIMIT_PER_MIN: z.preprocess(
    (v) => (v === '' || v === undefined ? '600' : v),
    z.coerce.number().int().min(1).max(1_000_000),
  ),
  /** PARLEY_LOG_LEVEL (LOG_LEVEL when unset) and PARLEY_LOG_PII: transcripts and names under `pii.*`. */
  ...logEnvShape,
  /** Recordings on disk (default `<data dir>/media`, or a temporary folder for an in-memory database). */
  PARLEY_MEDIA_DIR: optional(z.string().min(1)),
  /** HMAC secret of signed media links on disk (default: derived from PARLEY_AGENT_SECRET). */
  PARLEY_MEDIA_URL_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  /** Largest recording upload accepted, MB. */
  PARLEY_RECORDING_MAX_MB: z.preprocess(
    (v) => (v === '' || v === undefined ? '512' : v),
    z.coerce.number().int().min(1).max(100_000),
  ),
  /** Setting a bucket keeps recordings in S3 (or any S3-compatible store) instead of on disk. */
  PARLEY_S3_BUCKET: optional(z.string().min(3).max(63)),
  PARLEY_S3_ENDPOINT: optional(z.url({ protocol: /^https?$/ })),
  PARLEY_S3_REGION: z.preprocess((v) => (v === '' || v === undefined ? 'us-east-1' : v), z.string().min(1)),
  PARLEY_S3_ACCESS_KEY_ID: optional(z.string().min(1)),
  PARLEY_S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
  /** Path-style URLs (`<endpoint>/<bucket>/<key>`), as MinIO and most self-hosted stores need. */
  PARLEY_S3_FORCE_PATH_STYLE: flag,
  /** Prepended to every object key, e.g. `parley/`. */
  PARLEY_S3_PREFIX: optional(z.string().regex(/^([A-Za-z0-9_-]+\/)+$/, 'must look like folder/ or a/b/')),
});

export type StoreEnv = z.infer<typeof storeEnvSchema>;

/** Cross-variable rules, on the raw values so they are reported together with the rest. */
function storeRules(env: Env): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const lk = ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'].filter((k) => env[k]);
  if (lk.length !== 0 && lk.length !== 3) {
    issues.push({
      variable: 'LIVEKIT_URL',
      message: 'set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET together',
    });
  }
  const s3Keys = ['PARLEY_S3_ACCESS_KEY_ID', 'PARLEY_S3_SECRET_ACCESS_KEY'].filter((k) => env[k]);
  if (s3Keys.length === 1) {
    issues.push({
      variable: 'PARLEY_S3_ACCESS_KEY_ID',
      message: 'set PARLEY_S3_ACCESS_KEY_ID and PARLEY_S3_SECRET_ACCESS_KEY together',
    });
  }
  if (env.PARLEY_SMTP_URL && !env.PARLEY_EMAIL_FROM) {
    issues.push({ variable: 'PARLEY_EMAIL_FROM', message: 'set it with PARLEY_SMTP_URL (the From address)' });
  }
  return issues;
}

/** Parse the store configuration; a bad variable throws `ParleyError('INVALID_CONFIG')` naming each one. */
export function parseStoreEnv(env: Env): StoreEnv {
  return parseEnv('store', storeEnvSchema, env, storeRules);
}
