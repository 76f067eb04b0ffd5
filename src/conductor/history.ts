import type { Turn } from './types.js';

/**
 * The turns of the current visit of a node: the trailing run of history turns whose node_id is the node
 * (a revisit always passes through another node first, so earlier visits are not included).
 */
export function currentVisitTurns(history: readonly Turn[], nodeId: string): Turn[] {
  const out: Turn[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const t = history[i];
    if (t === undefined || t.node_id !== nodeId) break;
    out.unshift(t);
  }
  return out;
}

/** Participant answers earlier in the current visit, oldest first. */
export function earlierAnswers(history: readonly Turn[], nodeId: string): string[] {
  return currentVisitTurns(history, nodeId)
    .filter((t) => t.role === 'participant')
    .map((t) => t.content);
}

/** The agent's last line at this node (to repeat a follow-up word for word). */
export function lastAgentLine(history: readonly Turn[], nodeId: string): string | undefined {
  return currentVisitTurns(history, nodeId)
    .filter((t) => t.role === 'agent')
    .at(-1)?.content;
}

/** How many times a typed question may come back unclear before the conductor gives up on it. */
export const MAX_UNCLEAR_ATTEMPTS = 2;
