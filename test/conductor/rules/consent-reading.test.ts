import { describe, expect, it } from 'vitest';
import { readConsent } from '../../../src/conductor/rules/consent.js';

describe('consent: idioms, conditions already met, conditions put as questions', () => {
  it('"Why not, sure." is a yes; "Why not?" alone and "Why not just email me?" ask something', () => {
    expect(readConsent('Why not, sure.')).toEqual({ type: 'given' });
    expect(readConsent('Well, why not.')).toEqual({ type: 'given' });
    expect(readConsent('Why not?').type).toBe('clarify');
    expect(readConsent('Why not just email me?').type).toBe('clarify');
  });

  it('a condition the interview already meets does not hold the yes back', () => {
    expect(readConsent("That's fine as long as it's anonymous, which you said it is. So yes.")).toEqual({
      type: 'given',
    });
    expect(readConsent("Sure, as long as my name doesn't end up in any report.")).toEqual({
      type: 'clarify',
      why: 'condition',
    });
  });

  it('"Sure, but can we skip the recording part?" is a condition, not a plain question', () => {
    expect(readConsent('Sure, but can we skip the recording part?')).toEqual({
      type: 'clarify',
      why: 'condition',
    });
  });
});
