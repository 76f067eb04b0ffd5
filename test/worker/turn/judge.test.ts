import { describe, expect, it } from 'vitest';
import { judgeTurn, type TurnVerdict } from '../../../src/worker/turn/judge.js';
import type { BlueprintNode } from '../../../src/blueprint/schema.js';
import { expectationFor, type TurnExpectation } from '../../../src/worker/turn/expectation.js';

const yesNo: TurnExpectation = { type: 'yes_no', question: 'Do you use the scheduling app every week?' };
const rating: TurnExpectation = { type: 'rating', scale: { min: 1, max: 10 } };
const choice: TurnExpectation = {
  type: 'choice',
  options: ['Phone', 'Laptop', 'Shared computer'],
  multiple: false,
};
const open: TurnExpectation = {
  type: 'open',
  question: 'What made the first month hard?',
  silentProbe: false,
};
const deep: TurnExpectation = { ...open, silentProbe: true };
const question = {
  type: 'question',
  key: 'hard',
  text: 'What made the first month hard?',
  required: true,
  probing: { enabled: true, max_follow_ups: 2, techniques: [] },
  capture: {},
  max_visits: 1,
} as const satisfies BlueprintNode;

function verdicts(expectation: TurnExpectation, cases: Record<string, TurnVerdict>) {
  return Object.fromEntries(Object.keys(cases).map((t) => [t, judgeTurn(t, expectation).verdict]));
}

describe('judgeTurn', () => {
  it('ends a complete typed answer and waits when it trails off', () => {
    const cases: Record<string, TurnVerdict> = {
      'Yes.': 'complete',
      'Yeah, every week.': 'complete',
      'Yes, I do.': 'complete',
      'No, I would not.': 'complete',
      'Nope.': 'complete',
      'Yes, and': 'trailing',
      'Yes, but…': 'trailing',
      'Well, um': 'trailing',
      'I mean': 'trailing',
      'Not every week, because': 'trailing',
    };
    expect(verdicts(yesNo, cases)).toEqual(cases);
  });

  it('reads ratings and options with the conductor’s rules', () => {
    const ratings: Record<string, TurnVerdict> = {
      'Eight.': 'complete',
      'I would give it an eight.': 'complete',
      'Seven out of ten.': 'complete',
      "I'd say": 'trailing',
      'Probably a seven, or': 'trailing',
      'Hmm, let me think.': 'trailing',
      'It was pretty useful overall.': 'unread',
    };
    expect(verdicts(rating, ratings)).toEqual(ratings);
    const choices: Record<string, TurnVerdict> = {
      'Mostly on my phone.': 'complete',
      'The laptop.': 'complete',
      'On the': 'trailing',
      'Mostly on my': 'trailing',
      'It depends on the day really.': 'unread',
    };
    expect(verdicts(choice, choices)).toEqual(choices);
  });

  it('keeps an open answer that trails off waiting', () => {
    const cases: Record<string, TurnVerdict> = {
      'I think…': 'trailing',
      'I think.': 'trailing',
      'It was mostly the onboarding.': 'open',
      'The reports take far too long to load, and': 'trailing',
      'What I liked was': 'trailing',
      'It was': 'trailing',
      'The main thing is': 'trailing',
      'We moved to it last spring, because': 'trailing',
      'It saves me about an hour on every shift.': 'open',
      'I think so.': 'open',
      'Ten minutes or so.': 'open',
      'You know': 'trailing',
    };
    expect(verdicts(open, cases)).toEqual(cases);
  });

  it('meets a brief answer to an open question asked for depth with a silent probe, but not a plain no', () => {
    const cases: Record<string, TurnVerdict> = {
      'Honestly, the price.': 'brief',
      'We switched last spring.': 'brief',
      'The night shift.': 'brief',
      'Training, mostly.': 'brief',
      'It was mostly the onboarding.': 'open',
      'Nobody told us it had changed.': 'open',
      'Honestly, the price and': 'trailing',
      'No.': 'open',
      "Nope, that's it.": 'open',
      'Yeah, definitely.': 'open',
    };
    expect(verdicts(deep, cases)).toEqual(cases);
    // an open question that expects short answers (endpointing quick) or no answer: no silent probe
    expect(judgeTurn('Honestly, the price.', open).verdict).toBe('open');
    expect(expectationFor({ ...question, endpointing: 'quick' })).toMatchObject({ silentProbe: false });
    expect(expectationFor(question)).toMatchObject({ type: 'open', silentProbe: true });
    expect(expectationFor(undefined)).toMatchObject({ type: 'open', silentProbe: false });
  });

  it('says what decided', () => {
    expect(judgeTurn('Eight.', rating)).toEqual({ verdict: 'complete', reason: 'rating 8' });
    expect(judgeTurn('eight because', rating)).toEqual({ verdict: 'trailing', reason: 'conjunction' });
  });
});
