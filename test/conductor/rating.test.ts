import { describe, expect, it } from 'vitest';
import { parseRating } from '../../src/conductor/index.js';

const S5 = { min: 1, max: 5 };
const S10 = { min: 0, max: 10 };

const CASES: [string, { min: number; max: number }, number][] = [
  ['4', S5, 4],
  ['a solid 4', S5, 4],
  ['seven', S10, 7],
  ['eight out of ten', S10, 8],
  ['eight out of ten', S5, 4], // rescaled
  ['on a scale of 1 to 5 I would say 4', S5, 4],
  ['probably a three, maybe three and a half', S5, 3.5],
  ['between 3 and 4', S5, 3.5],
  ['Zero. Price did not matter', S5, 1], // clamped to the minimum
  ['not at all', S5, 1],
  ['hugely', S5, 5],
  ['I would give it a 9', S10, 9],
  ['somewhere around 7 or 8', S10, 7.5],
  ['10 out of 10', S10, 10],
  ['a 3, no actually a 4', S5, 4],
  ['five', S5, 5],
  ['it was the main factor, 5', S5, 5],
  ['nah, like 2', S5, 2],
  ['a hundred percent', S5, 5],
  ['Zero, I would never recommend it', S10, 0],
  ['somewhat', S5, 3],
  // "N out of M" names its scale even when a word follows it
  ['Four out of five — they were twenty percent cheaper.', S5, 4],
];

describe('parseRating', () => {
  it.each(CASES)('%s on %o → %d', (u, scale, value) => {
    expect(parseRating(u, scale)).toMatchObject({ type: 'value', value });
  });
  it.each([
    ['between 3 and 4', S5, [3, 4]],
    ['somewhere around 7 or 8', S10, [7, 8]],
    ['around a three, maybe four', S10, [3, 4]],
  ] as const)('%s on %o is a range %o', (u, scale, range) => {
    expect(parseRating(u, scale)).toMatchObject({ type: 'value', range });
  });
  it('a single value has no range', () => {
    expect(parseRating('a solid 4', S5)).toEqual({ type: 'value', value: 4 });
  });
  it.each([
    ['eleven', S10],
    ['6', S5],
    ['I dunno', S5],
    ['twenty', S10],
  ])('rejects %s on %o', (u, scale) => {
    expect(parseRating(u, scale).type).toBe('unclear');
  });
});
