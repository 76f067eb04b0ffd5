import { ParleyError } from '../errors/parley-error.js';
import { createAnthropicClient } from './anthropic.js';
import type { ModelClient } from './client.js';
import type { ClientPolicy, ModelProvider, ProviderConnections } from './connection.js';
import { createOpenAIClient } from './openai.js';

const NAME: Record<ModelProvider, string> = { openai: 'OpenAI', anthropic: 'Anthropic' };

/**
 * The client of one provider from the process's connections; `INVALID_CONFIG` when the provider has no
 * key configured (`who` names the user in the message, e.g. "conductor: model_config").
 */
export function createModelClient(
  provider: ModelProvider,
  connections: ProviderConnections,
  policy: ClientPolicy,
  who: string,
): ModelClient {
  const conn = connections[provider];
  if (conn === undefined) {
    throw new ParleyError(
      'INVALID_CONFIG',
      `${who} uses ${provider} but no ${NAME[provider]} API key is configured`,
    );
  }
  switch (provider) {
    case 'openai':
      return createOpenAIClient(conn, policy);
    case 'anthropic':
      return createAnthropicClient(conn, policy);
  }
}

/** One client per provider, made on first use (so an unused provider's SDK is never loaded). */
export function modelClientCache(
  connections: ProviderConnections,
  policy: ClientPolicy,
  who: string,
): (provider: ModelProvider) => ModelClient {
  const clients = new Map<ModelProvider, ModelClient>();
  return (provider) => {
    const existing = clients.get(provider);
    if (existing !== undefined) return existing;
    const client = createModelClient(provider, connections, policy, who);
    clients.set(provider, client);
    return client;
  };
}
