import { describe, expect, it } from 'vitest';
import { readChoice } from '../../../src/conductor/rules/option-concepts.js';
import { findNumbers } from '../../../src/conductor/rules/numbers.js';

const SLOTS = ['mornings', 'afternoons', 'evenings'];
const REGION = ['north america', 'europe', 'asia pacific', 'other'];
const NOTICE = ['immediately', 'two weeks', 'one month', 'later'];
const BUDGET = ['under 100', '100 to 500', 'more than 500'];
const WINBACK = ['lower price', 'missing features', 'better support', 'nothing'];
const PRIORITIES = ['automatic tagging', 'duplicate detection', 'trend alerts', 'CRM integration'];

const pick = (u: string, options: string[], multiple = false) => {
  const r = readChoice(u, options, multiple);
  return r.type === 'match' ? r.values : r.type;
};

describe('options named by a duration, by emphasis, after an exclusion or a correction', () => {
  it('a duration past the longest option is the open-ended one; a nearer one is that option', () => {
    expect(pick('My notice is three months, unfortunately.', NOTICE)).toEqual(['later']);
    expect(pick('About a month.', NOTICE)).toEqual(['one month']);
  });

  it('"…, but price mostly": the emphasised mention decides', () => {
    expect(pick('A lower price, and honestly better support too, but price mostly.', WINBACK)).toEqual([
      'lower price',
    ]);
  });

  it('an exclusion ends with its clause ("anything except mornings, … Evenings, ideally")', () => {
    expect(pick("Anything except mornings, I'm useless before ten. Evenings, ideally.", SLOTS)).toEqual([
      'evenings',
    ]);
  });

  it('"over five hundred" in words, and a correction after "hmm, no"', () => {
    expect(pick('Over five hundred, if it really worked.', BUDGET)).toEqual(['more than 500']);
    expect(
      pick(
        'Under a hundred. Hmm, no, for the whole team probably between a hundred and five hundred.',
        BUDGET,
      ),
    ).toEqual(['100 to 500']);
    expect(findNumbers('between a hundred and five hundred')[0]?.range).toEqual([100, 500]);
    expect(findNumbers('two hundred and fifty thousand')[0]?.value).toBe(250000);
  });

  it('"Latin America" is not "north america", but "spots duplicates" is duplicate detection', () => {
    expect(pick('Latin America, mostly Brazil.', REGION)).toBe('unclear');
    expect(pick('The one that spots duplicates, and the alerts.', PRIORITIES, true)).toEqual([
      'duplicate detection',
      'trend alerts',
    ]);
  });
});
