import { z } from 'zod';
import { parseEnv, type Env } from './shared.js';
import { workerEnvSchema } from './worker.js';

/**
 * `parley sip setup`: the LiveKit server's SIP API credentials and the agent name its dispatch rule
 * targets, the same variables (and rules) as the worker's.
 */
export const sipEnvSchema = workerEnvSchema.pick({
  LIVEKIT_URL: true,
  LIVEKIT_API_KEY: true,
  LIVEKIT_API_SECRET: true,
  PARLEY_AGENT_NAME: true,
});
export type SipEnv = z.infer<typeof sipEnvSchema>;

export function parseSipEnv(env: Env): SipEnv {
  return parseEnv('sip', sipEnvSchema, env);
}
