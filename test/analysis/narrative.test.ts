import { describe, expect, it } from 'vitest';
import { NlpSession } from '../../src/analysis/nlp.js';
import {
  isPastTense,
  narrativePolarity,
  NARRATIVE,
  resolutionClause,
} from '../../src/analysis/nlp/narrative.js';

/** Problem-and-resolution narratives (nlp/narrative.ts) on wink-nlp's tokens of spoken answers. */

const session = new NlpSession();
const sentences = (text: string) => session.analyze(text).sentences;
const told = (text: string) => {
  const read = narrativePolarity(sentences(text));
  return {
    positive: read.reduce((n, s) => n + s.positive, 0),
    negative: read.reduce((n, s) => n + s.negative, 0),
    resolutions: read.filter((s) => s.resolution).length,
  };
};
const raw = (text: string) =>
  sentences(text).reduce(
    (acc, s) => ({
      positive: acc.positive + s.polarity.positive,
      negative: acc.negative + s.polarity.negative,
    }),
    { positive: 0, negative: 0 },
  );

describe('problem-and-resolution narratives', () => {
  it('tells the past tense from the present', () => {
    expect(isPastTense(sentences('The nightly load used to take seven hours.')[0]!.tokens)).toBe(true);
    expect(isPastTense(sentences('Payouts were failing twice a month.')[0]!.tokens)).toBe(true);
    expect(isPastTense(sentences('The sync breaks every week.')[0]!.tokens)).toBe(false);
    expect(isPastTense(sentences('The load now takes forty minutes.')[0]!.tokens)).toBe(false);
  });

  it('finds measured improvements, not hypotheticals or worsenings', () => {
    const clause = (text: string) => resolutionClause(sentences(text)[0]!);
    expect(clause('We cut our cloud bill by a third.')).not.toBeNull();
    expect(clause('That got p95 down to a hundred and forty milliseconds.')).not.toBeNull();
    expect(clause("Since then we've had zero failed payout runs in eight months.")).not.toBeNull();
    expect(clause('If the price goes up more than five percent, I would start shopping around.')).toBeNull();
    expect(clause('Jobs got slower on bad days, up to twenty percent.')).toBeNull();
    expect(clause('We went live in March.')).toBeNull();
  });

  it('reads a solved problem as the story, not as a complaint about the subject', () => {
    const text =
      'The nightly load used to take seven hours and failed maybe twice a week. The load now takes forty minutes and we went from two failures a week to about one a quarter.';
    expect(raw(text).negative).toBeGreaterThan(raw(text).positive);
    const read = told(text);
    expect(read.resolutions).toBeGreaterThan(0);
    expect(read.positive - read.negative).toBeGreaterThanOrEqual(1.5);
  });

  it('keeps a problem that is not resolved, and the speaker’s own feelings', () => {
    // No improvement reported: the complaint stands as it is.
    const complaint = 'The bank sync broke every week and my bookkeeper fixed it by hand.';
    expect(told(complaint)).toMatchObject({ ...raw(complaint), resolutions: 0 });
    // "hated" is the speaker's view of the politics: it keeps its weight beside the resolution.
    const mixed =
      'The pipeline was a mess of forty nightly scripts. I hated the politics. The reports are now ready by seven instead of noon.';
    const read = told(mixed);
    expect(read.resolutions).toBe(1);
    expect(read.negative).toBeGreaterThanOrEqual(3 * 0.6);
    expect(read.positive).toBeGreaterThanOrEqual(NARRATIVE.resolution);
  });

  it('needs a told problem before a mere measured change counts', () => {
    // "about three years now" is a tenure, not a resolution.
    expect(told("I've been in the role about three years now.").resolutions).toBe(0);
  });
});
