import { describe, expect, it } from 'vitest';
import { NlpSession } from '../../src/analysis/nlp.js';
import { FAINT_WEIGHT } from '../../src/analysis/nlp/understatement.js';

/** Negatives said without a negative word (nlp/understatement.ts), scored through the polarity lexicon. */

const session = new NlpSession();
const net = (text: string) =>
  session.analyze(text).sentences.reduce((n, s) => n + s.polarity.positive - s.polarity.negative, 0);

describe('understatement', () => {
  it('reads hedged faint praise and denied distinction as a mild complaint', () => {
    expect(net('It was fine I guess.')).toBe(FAINT_WEIGHT);
    expect(net("It's okay, I suppose.")).toBe(FAINT_WEIGHT);
    expect(net('Nothing special.')).toBe(FAINT_WEIGHT);
    // Unhedged agreement is no verdict; fine as consent neither.
    expect(net('Yes, that is fine.')).toBe(0);
    expect(net('Fine by me.')).toBe(0);
  });

  it('reads disuse and reluctance', () => {
    expect(net("Didn't use it much.")).toBe(FAINT_WEIGHT);
    expect(net('We rarely use the mobile app.')).toBe(FAINT_WEIGHT);
    expect(net('Daily. Have to.')).toBe(FAINT_WEIGHT);
    expect(net('Every day, because we have to.')).toBe(FAINT_WEIGHT);
    expect(net('We use it every day.')).toBe(0);
    expect(net('We have to ship it by June.')).toBe(0);
  });

  it('leaves a sentence with a full polar word to that word', () => {
    expect(net("It's fine I guess, but the reports are terrible.")).toBeLessThan(FAINT_WEIGHT * 2);
    expect(net("I guess it's fine, the team is great.")).toBeGreaterThan(0);
  });
});
