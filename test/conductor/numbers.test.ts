import { describe, expect, it } from 'vitest';
import { firstNumber } from '../../src/conductor/index.js';

const CASES: [string, number | undefined][] = [
  ['five years', 5],
  ['10k', 10_000],
  ['a dozen', 12],
  ['half a dozen people', 6],
  ['between 120 and 150k', 135_000],
  ['twenty-five', 25],
  ['a hundred and fifty', 150],
  ['about 3-4 years', 3.5],
  ['$120,000', 120_000],
  ['one and a half years', 1.5],
  ['a year and a half', 1.5],
  ['1.5m users', 1_500_000],
  ['two thousand', 2000],
  ['a couple of people', 2],
  ['fifteen', 15],
  ['no one does that', undefined],
  ['the first one', undefined],
  ['just me', undefined],
  ['about one point two times theirs', 1.2],
  // neighbouring small counts said one after the other are a range ("two, three years")
  ['Two, three years maybe.', 2.5],
  ['Five, nine people', 5],
];

describe('firstNumber', () => {
  it.each(CASES)('%s → %s', (u, n) => expect(firstNumber(u)).toBe(n));
});
