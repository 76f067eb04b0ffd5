import { route } from '../../openapi.js';

/** Every agent-facing route: tagged `Agent (internal)`, authenticated by `X-Agent-Secret`. */
export const INTERNAL_TAG = 'Agent (internal)';

export function agentRoute<C extends Parameters<typeof route>[3]>(
  method: Parameters<typeof route>[0],
  path: string,
  config: C,
) {
  return route(method, path, INTERNAL_TAG, config, 'agent');
}
