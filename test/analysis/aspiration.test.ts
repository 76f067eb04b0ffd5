import { describe, expect, it } from 'vitest';
import { NlpSession } from '../../src/analysis/nlp.js';
import { DESIRE_WEIGHT } from '../../src/analysis/nlp/aspiration.js';
import { scorePolarity } from '../../src/analysis/nlp/polarity.js';
import { ironicSentences } from '../../src/analysis/offline/irony.js';

/** Motivation (nlp/aspiration.ts), wishes for improvement and named subjects in irony, on real sentences. */

const session = new NlpSession();
const net = (text: string) =>
  session.analyze(text).sentences.reduce((n, s) => n + s.polarity.positive - s.polarity.negative, 0);

describe('aspiration', () => {
  it('reads a first-person desire as motivation', () => {
    expect(net('AI is the future, so I want to be in it.')).toBe(DESIRE_WEIGHT);
    expect(net("I've wanted to move into healthcare for a while.")).toBeGreaterThanOrEqual(DESIRE_WEIGHT);
    expect(net('I want to build the internal developer platform from an early stage.')).toBe(DESIRE_WEIGHT);
  });

  it('does not read a past aim or a way of speaking as desire', () => {
    expect(net('We wanted to automate the whole onboarding flow.')).toBe(0);
    expect(net('Five years, I want to say.')).toBe(0);
  });

  it('does not count a problem the speaker wants to solve as a complaint', () => {
    expect(net("That's the problem I want to work on next.")).toBe(DESIRE_WEIGHT);
    expect(net("That's the problem with the sync.")).toBeLessThan(0);
  });
});

describe('wishes and named subjects', () => {
  it('reads a verbless wish for improvement as naming a lack, not a comparison or a quality', () => {
    expect(net('Better reporting.')).toBeLessThan(0);
    expect(net('Easier to use.')).toBeGreaterThan(0);
    expect(net('Better than the old one.')).toBeGreaterThan(0);
  });

  it('takes a named subject with its verb at its word, even after complaints', () => {
    const sentences = (text: string) =>
      session.analyze(text).sentences.map((s) => ({ tokens: s.tokens, polarity: scorePolarity(s.tokens) }));
    expect(ironicSentences(sentences('Your trial was rough. Brightdesk just worked.'), 'negative').size).toBe(
      0,
    );
    expect(ironicSentences(sentences('Your trial was rough. Fantastic.'), null).size).toBe(1);
  });
});
