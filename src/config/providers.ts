import { z } from 'zod';
import type { ProviderConnections } from '../llm/connection.js';
import { optional } from './shared.js';

/**
 * Model provider credentials, the same names for the store, the worker, the console and `simulate`:
 * OPENAI_API_KEY / OPENAI_BASE_URL, ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL.
 */
const key = optional(z.string().trim().min(1, 'must not be blank'));
const baseUrl = optional(
  z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
);

export const providersEnvShape = {
  OPENAI_API_KEY: key,
  OPENAI_BASE_URL: baseUrl,
  ANTHROPIC_API_KEY: key,
  ANTHROPIC_BASE_URL: baseUrl,
};

export const providersEnvSchema = z.object(providersEnvShape);
export type ProvidersEnv = z.infer<typeof providersEnvSchema>;

/** The connections for the providers that have a key. */
export function providerConnections(env: ProvidersEnv): ProviderConnections {
  const out: ProviderConnections = {};
  if (env.OPENAI_API_KEY !== undefined) {
    out.openai = {
      apiKey: env.OPENAI_API_KEY,
      ...(env.OPENAI_BASE_URL !== undefined ? { baseURL: env.OPENAI_BASE_URL } : {}),
    };
  }
  if (env.ANTHROPIC_API_KEY !== undefined) {
    out.anthropic = {
      apiKey: env.ANTHROPIC_API_KEY,
      ...(env.ANTHROPIC_BASE_URL !== undefined ? { baseURL: env.ANTHROPIC_BASE_URL } : {}),
    };
  }
  return out;
}
