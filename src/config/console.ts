import { z } from 'zod';
import { providersEnvShape } from './providers.js';
import { agentSecretSchema, noColor, optional, parseEnv, type Env } from './shared.js';

/**
 * The environment of the terminal commands. `parley console`: provider keys (its conductor), store
 * credentials (`--store`; flags win) and NO_COLOR. `parley simulate`: provider keys (model-played personas)
 * and NO_COLOR. `parley demo`: NO_COLOR.
 */
export const demoEnvSchema = z.object({
  /** https://no-color.org: set to anything to turn colours off. */
  NO_COLOR: noColor,
});
export type DemoEnv = z.infer<typeof demoEnvSchema>;

export const simulateEnvSchema = z.object({ ...demoEnvSchema.shape, ...providersEnvShape });
export type SimulateEnv = z.infer<typeof simulateEnvSchema>;

export const consoleEnvSchema = z.object({
  ...simulateEnvSchema.shape,
  /** The store API key for `--store` (default of `--api-key`). */
  PARLEY_API_KEY: optional(z.string().min(1)),
  /** The store's agent secret for `--store` (default of `--agent-secret`). */
  PARLEY_AGENT_SECRET: optional(agentSecretSchema),
});
export type ConsoleEnv = z.infer<typeof consoleEnvSchema>;

export function parseDemoEnv(env: Env): DemoEnv {
  return parseEnv('demo', demoEnvSchema, env);
}

export function parseSimulateEnv(env: Env): SimulateEnv {
  return parseEnv('simulate', simulateEnvSchema, env);
}

export function parseConsoleEnv(env: Env): ConsoleEnv {
  return parseEnv('console', consoleEnvSchema, env);
}
