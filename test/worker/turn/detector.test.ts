import { llm } from '@livekit/agents';
import { describe, expect, it } from 'vitest';
import type { BlueprintNode } from '../../../src/blueprint/schema.js';
import { ParleyTurnDetector } from '../../../src/worker/turn/detector.js';
import { PARLEY_DELAYS_MS, ENDPOINTING_MS, turnDelaysFor } from '../../../src/worker/turn/delays.js';

const rating: BlueprintNode = {
  type: 'rating',
  key: 'useful',
  text: 'How useful is it, from one to ten?',
  required: true,
  probing: { enabled: false, max_follow_ups: 0, techniques: [] },
  capture: {},
  max_visits: 1,
  scale: { min: 1, max: 10 },
};
const question: BlueprintNode = { ...rating, type: 'question', endpointing: 'patient' } as BlueprintNode;

function ctx(...user: string[]): llm.ChatContext {
  const c = llm.ChatContext.empty();
  c.addMessage({ role: 'assistant', content: 'How useful is it, from one to ten?' });
  for (const u of user) c.addMessage({ role: 'user', content: u });
  return c;
}

describe('ParleyTurnDetector', () => {
  it('reads the pending node: a complete rating is likely the end, a trailing one is not', async () => {
    const d = new ParleyTurnDetector();
    d.expect(rating);
    const threshold = await d.unlikelyThreshold();
    expect(await d.predictEndOfTurn(ctx('Eight.'))).toBeGreaterThanOrEqual(threshold);
    expect(await d.predictEndOfTurn(ctx("Eight, I'd say, because"))).toBeLessThan(threshold);
    expect(d.last).toEqual({ verdict: 'trailing', reason: 'conjunction' });
    // the same words on an open question: a finished thought
    d.expect(question);
    expect(await d.predictEndOfTurn(ctx('It was useful.'))).toBeGreaterThanOrEqual(threshold);
    expect(await d.supportsLanguage()).toBe(true);
  });

  it('picks delays by detector, node kind and endpointing hint', () => {
    expect(turnDelaysFor('parley', rating)).toEqual(PARLEY_DELAYS_MS.typed.normal);
    expect(turnDelaysFor('parley', question)).toEqual(PARLEY_DELAYS_MS.open.patient);
    expect(turnDelaysFor('parley', undefined)).toEqual(PARLEY_DELAYS_MS.open.normal);
    expect(turnDelaysFor('vad', rating)).toEqual(ENDPOINTING_MS.normal);
    expect(turnDelaysFor('livekit', question)).toEqual(ENDPOINTING_MS.patient);
  });
});
