import { describe, expect, it } from 'vitest';
import { parseBlueprintSource } from '../../../src/blueprint/load.js';
import { parseChoice, parseRating, parseYesNo } from '../../../src/conductor/index.js';
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

  it('its typed transcripts are ones the rules read with certainty (no model call)', () => {
    for (const q of LATENCY_SCRIPT) {
      switch (q.type) {
        case 'yes_no':
          expect(parseYesNo(q.transcript).type).toMatch(/^(yes|no)$/);
          break;
        case 'rating':
          expect(parseRating(q.transcript, q.scale).type).toBe('value');
          break;
        case 'choice':
          expect(parseChoice(q.transcript, q.options, false).type).toBe('match');
          break;
        case 'open':
          expect(q.spoken).not.toMatch(/,/);
          break;
      }
    }
  });
});
