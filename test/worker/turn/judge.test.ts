import { describe, expect, it } from 'vitest';
import { judgeTurn, type TurnVerdict } from '../../../src/worker/turn/judge.js';
import type { TurnExpectation } from '../../../src/worker/turn/expectation.js';

const yesNo: TurnExpectation = { type: 'yes_no', question: 'Do you use the scheduling app every week?' };
const rating: TurnExpectation = { type: 'rating', scale: { min: 1, max: 10 } };
const choice: TurnExpectation = {
  type: 'choice',
  options: ['Phone', 'Laptop', 'Shared computer'],
  multiple: false,
};
const open: TurnExpectation = { type: 'open' };

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

  it('says what decided', () => {
    expect(judgeTurn('Eight.', rating)).toEqual({ verdict: 'complete', reason: 'rating 8' });
    expect(judgeTurn('eight because', rating)).toEqual({ verdict: 'trailing', reason: 'conjunction' });
  });
});
