import { describe, expect, it } from 'vitest';
import { NlpSession } from '../../src/analysis/nlp.js';
import { scorePolarity } from '../../src/analysis/nlp/polarity.js';

/** The polarity lexicon in context, on wink-nlp's tokens (as the analyzer uses it). */

const session = new NlpSession();
const net = (text: string, echo?: string[]) =>
  session
    .analyze(text)
    .sentences.map((s) => scorePolarity(s.tokens, echo === undefined ? undefined : new Set(echo)))
    .reduce((n, p) => n + p.positive - p.negative, 0);

describe('polarity', () => {
  it('gives yes/no answers, fillers and politeness no polarity', () => {
    for (const t of [
      'Yes.',
      'Yeah, sure, that is fine.',
      'No, no problem with that at all.',
      'Okay, thanks.',
    ])
      expect(net(t), t).toBe(0);
  });

  it('flips negated words within their clause only', () => {
    expect(net('It is not good.')).toBeLessThan(0);
    expect(net("It wasn't bad.")).toBeGreaterThan(0);
    // The comma ends the negation's scope: "no" answers the question, "good" is the opinion.
    expect(net("No, I'm good.")).toBeGreaterThan(0);
    expect(net('We had zero failed payments.')).toBeGreaterThan(1);
    expect(net('There is no way to set permissions, which is not okay.')).toBeLessThan(-3);
  });

  it('weighs intensifiers, understatement and hedged praise', () => {
    expect(net('It is really slow.')).toBeLessThan(net('It is slow.'));
    expect(net('It was a bit chaotic.')).toBeLessThan(-1);
    expect(net('It was pretty quick.')).toBeLessThan(net('It was quick.'));
  });

  it('reads "like" as an opinion only when it is a verb', () => {
    expect(net('I really like how you think about tooling.')).toBeGreaterThan(2);
    expect(net('It was like a month, like, maybe six weeks.')).toBe(0);
  });

  it('halves hypotheticals, questions back and words echoed from the question', () => {
    expect(net('One forty would be nice.')).toBe(net('One forty is nice.') / 2);
    expect(net('Do you have a nice office?')).toBe(net('You have a nice office.') / 2);
    expect(net('The hard part was latency.', ['hard'])).toBe(net('The hard part was latency.') / 2);
  });
});
