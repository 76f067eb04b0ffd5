import { describe, expect, it } from 'vitest';
import { parseBlueprintSource } from '../../../src/blueprint/load.js';
import type { BlueprintInput } from '../../../src/blueprint/schema.js';
import { routeByRules } from '../../../src/conductor/llm/early.js';
import { agentOf, blueprintOf, input } from '../../conductor/helpers.js';
import { LATENCY_SCRIPT, scriptBlueprint, scriptedQuestionSchema, scriptFor } from './script.js';

describe('the latency interview script', () => {
  it('is a valid blueprint with every answer type', () => {
    const bp = scriptBlueprint('bench-script', LATENCY_SCRIPT, 'Hello.');
    const r = parseBlueprintSource(JSON.stringify(bp), 'bench-script.json');
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(new Set(LATENCY_SCRIPT.map((q) => q.type))).toEqual(
      new Set(['open', 'yes_no', 'rating', 'choice']),
    );
    for (const q of LATENCY_SCRIPT) expect(scriptedQuestionSchema.parse(q)).toEqual(q);
    expect(scriptFor(8).filter((q) => q.type === 'open')).toHaveLength(4);
  });

  it('carries a question’s endpointing hint onto its node', () => {
    const quick = { ...LATENCY_SCRIPT[1]!, endpointing: 'quick' as const };
    const bp = blueprintOf(scriptBlueprint('bench-quick', [quick], 'Hello.') as BlueprintInput);
    expect(bp.graph.nodes['q1']).toMatchObject({ type: 'yes_no', endpointing: 'quick' });
  });

  it('its typed answers are routed by the rules without a model call, its open ones are not', () => {
    const bp = blueprintOf(scriptBlueprint('bench-script', LATENCY_SCRIPT, 'Hello.') as BlueprintInput);
    const agent = agentOf();
    LATENCY_SCRIPT.forEach((q, i) => {
      const routed = routeByRules(agent, input(bp, `q${i + 1}`, q.transcript), false);
      if (q.type === 'open') {
        expect(routed).toBeNull();
        expect(q.spoken).not.toMatch(/,/);
      } else {
        expect(routed?.kind, `${q.type}: ${q.transcript}`).toBe('answer');
        expect(routed?.notes.model_calls ?? 0).toBe(0);
      }
    });
  });
});
