import { z } from 'zod';

/** The two model providers Parley speaks to. */
export const modelProviderSchema = z.enum(['openai', 'anthropic']);
export type ModelProvider = z.infer<typeof modelProviderSchema>;

/** How to reach one provider: its key and, for compatible servers or test fakes, a base URL. */
export const providerConnectionSchema = z.object({
  apiKey: z.string().min(1),
  /** e.g. `http://127.0.0.1:PORT/v1` for OpenAI-compatible servers, `http://127.0.0.1:PORT` for Anthropic. */
  baseURL: z.string().url().optional(),
});
export type ProviderConnection = z.infer<typeof providerConnectionSchema>;

/** The connections a process has (from src/config): a provider without one cannot be used. */
export interface ProviderConnections {
  openai?: ProviderConnection | undefined;
  anthropic?: ProviderConnection | undefined;
}

/**
 * The retry and timeout policy of one client. `maxRetries` is the SDK's own retry of connection errors,
 * 408/409/429/5xx (0 for the conductor: it owns its retry, one corrective call then a fallback, so a slow
 * provider cannot stall a turn); `timeoutMs` bounds each HTTP request.
 */
export const clientPolicySchema = z.object({
  timeoutMs: z.number().int().positive(),
  maxRetries: z.number().int().min(0).max(10),
});
export type ClientPolicy = z.infer<typeof clientPolicySchema>;
