import { describe, expect, it } from 'vitest';
import { NlpSession } from '../../src/analysis/nlp.js';
import { scorePolarity } from '../../src/analysis/nlp/polarity.js';
import { ironicSentences } from '../../src/analysis/offline/irony.js';
import { overallSentiment } from '../../src/analysis/offline/sentiment.js';

/** Context cues (nlp/cues.ts) and irony in context (offline/irony.ts) on wink-nlp's tokens. */

const session = new NlpSession();
const sentences = (text: string) =>
  session.analyze(text).sentences.map((s) => ({ tokens: s.tokens, polarity: scorePolarity(s.tokens) }));
const net = (text: string) =>
  sentences(text).reduce((n, s) => n + s.polarity.positive - s.polarity.negative, 0);

describe('context cues', () => {
  it('reads doubted praise as a mild complaint, in its clause only', () => {
    expect(net('The onboarding is supposedly great.')).toBeLessThan(0);
    expect(net('On paper the reports are excellent.')).toBeLessThan(0);
    expect(net('The onboarding is great.')).toBeGreaterThan(0);
    // The comma closes the doubted clause: the praise after it is held.
    expect(net('Apparently they moved, and the new office is great.')).toBeGreaterThan(0);
  });

  it('counts reported outcomes: "ended up", "rolled back" against, a measured reduction for', () => {
    expect(net('We ended up cancelling the pilot.')).toBeLessThan(-2);
    expect(net('We rolled half of it back.')).toBeLessThan(-1);
    expect(net('We rolled out the new version.')).toBe(0);
    expect(net('We ended up rolling it back.')).toBeLessThan(-3);
    expect(net('We cut the cloud bill by a third.')).toBeGreaterThan(1);
    expect(net('We cut the meeting short.')).toBe(0); // no quantity: not a reported improvement
  });

  it('weighs what follows "but" above what precedes it', () => {
    expect(net('The demo was impressive, but the trial was rough.')).toBeLessThan(0);
    expect(net('The trial was rough, but the demo was impressive.')).toBeGreaterThan(0);
  });
});

describe('irony in context', () => {
  it('flips cued praise in a negative context, and only there', () => {
    const ironic = (text: string, prior: 'negative' | 'positive' | null = null) =>
      [...ironicSentences(sentences(text), prior)].length;
    expect(ironic('It crashes every month end. Fantastic.')).toBe(1);
    expect(ironic("Oh, it's a joy. I copy everything into a spreadsheet by hand.")).toBe(1);
    expect(ironic('Eighteen wonderful months.', 'negative')).toBe(1);
    expect(ironic('Eighteen wonderful months.', 'positive')).toBe(0);
    expect(ironic('It works well. Fantastic.')).toBe(0);
    // A statement with a subject is taken at its word, even among complaints.
    expect(ironic('The migration scripts kept failing. I love the dashboards.')).toBe(0);
  });
});

describe('overall sentiment', () => {
  it('is mixed only when both sides carry weight', () => {
    expect(overallSentiment(['negative', 'negative', 'negative', 'positive'])).toBe('negative');
    expect(overallSentiment(['negative', 'positive', 'neutral'])).toBe('mixed');
    expect(overallSentiment(['positive', 'mixed', 'neutral'])).toBe('positive');
    expect(overallSentiment(['neutral', 'neutral'])).toBe('neutral');
  });
});
