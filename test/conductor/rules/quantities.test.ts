import { describe, expect, it } from 'vitest';
import { captureNumber } from '../../../src/conductor/rules/capture-number.js';
import { parseRating } from '../../../src/conductor/rules/rating.js';
import { findNumbers } from '../../../src/conductor/rules/numbers.js';

const years = { type: 'number' as const, description: 'Years of professional experience' };
const months = { type: 'number' as const, description: 'Months since leaving the company' };
const percent = {
  type: 'number' as const,
  min: 0,
  max: 100,
  description: 'Largest acceptable increase in percent',
};
const team = { type: 'number' as const, description: 'People on the team' };

describe('the last stated number wins after a self-correction', () => {
  it.each([
    ["Three years, sorry, I mean two — I'm counting the internship by mistake.", 2],
    ["Two years — actually, scratch that, it's closer to one and a half.", 1.5],
    ['Ten years. Well, eight if you only count professional work.', 8],
    ['Uh, five, no wait, six years now.', 6],
    ["Three years of Go. Actually, if it's strictly professional, it's more like a year and a half.", 1.5],
  ])('%s → %d years', (said, value) => {
    expect(captureNumber('years_experience', years, said)).toBe(value);
  });

  it('a correction that states its own unit replaces number and unit', () => {
    expect(
      captureNumber(
        'months_since_left',
        months,
        'I left Siemens three months ago, no, sorry, it was three years ago now.',
      ),
    ).toBe(36);
    expect(
      captureNumber(
        'max_increase_percent',
        percent,
        "Twenty percent — no, that's too much, ten percent tops.",
      ),
    ).toBe(10);
  });

  it('two numbers without a correction cue are not a correction', () => {
    expect(captureNumber('team_size', team, 'Six of us handle it, well, five since Tom left.')).toBe(5);
    expect(captureNumber('team_size', team, 'We are six people and we ship 40 releases a year.')).toBe(6);
  });
});

describe('durations and shares in the field unit', () => {
  it.each([
    ['A year and a half.', 'months', 18],
    ['Six weeks? We are pretty new.', 'months', 1.5],
    ['Half a year ago, pretty much exactly.', 'months', 6],
    ['About two years now.', 'months', 24],
    ['About eighteen months, in Python.', 'years', 1.5],
    ['Half a decade, mostly Python.', 'years', 5],
    ['Forty-two months, if you want it exact.', 'years', 3.5],
  ])('%s → %d %s', (said, unit, value) => {
    const field = unit === 'months' ? months : years;
    const name = unit === 'months' ? 'months_since_left' : 'years_experience';
    expect(captureNumber(name, field, said)).toBe(value);
  });

  it('"a year" as a rate is not a duration', () => {
    const restate = { restate: true };
    expect(
      captureNumber('years_experience', years, 'We ship about 12 releases a year.', new Set(), restate),
    ).toBeUndefined();
    expect(captureNumber('years_experience', years, 'I was there for a year.', new Set(), restate)).toBe(1);
  });

  it('a share is a percentage for a percent field', () => {
    expect(
      captureNumber('max_increase_percent', percent, 'A quarter more would be the absolute limit.'),
    ).toBe(25);
  });
});

describe('numbers in words', () => {
  it('"five and seven" are two numbers, "two hundred and fifty" is one, "one twenty" is spoken 120', () => {
    expect(findNumbers('between five and seven years')[0]?.range).toEqual([5, 7]);
    expect(findNumbers('two hundred and fifty')[0]?.value).toBe(250);
    expect(findNumbers('one twenty base')[0]?.value).toBe(120);
    // never one number: neighbours are a spoken range, far-apart counts stay two numbers
    expect(findNumbers('five six')).toMatchObject([{ value: 5.5, range: [5, 6] }]);
    expect(findNumbers('five nine')).toHaveLength(2);
  });

  it('a rating ignores numbers that count something else', () => {
    expect(parseRating("Nine, and we've been with you about three years.", { min: 0, max: 10 })).toEqual({
      type: 'value',
      value: 9,
    });
    expect(
      parseRating('A five, and you were about forty percent more expensive.', { min: 1, max: 10 }),
    ).toEqual({
      type: 'value',
      value: 5,
    });
  });
});

describe('a strong correction cue reaches over context', () => {
  it('"actually no, it was April, so more like five" corrects "eight months ago"', () => {
    const field = { type: 'number', min: 0, max: 600, description: 'Months since leaving' } as const;
    expect(
      captureNumber(
        'months_since_left',
        field,
        'About eight months ago, actually no, it was April, so more like five.',
      ),
    ).toBe(5);
  });
});
