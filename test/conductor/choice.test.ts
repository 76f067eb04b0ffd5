import { describe, expect, it } from 'vitest';
import { parseChoice } from '../../src/conductor/index.js';

const TIMES = ['mornings', 'afternoons', 'evenings'];
const NOTICE = ['immediately', 'two weeks', 'one month', 'later'];
const PRIORITIES = ['automatic tagging', 'duplicate detection', 'trend alerts', 'CRM integration'];
const BUDGET = ['under 100', '100 to 500', 'more than 500'];

const SINGLE: [string, string[], string][] = [
  ['Mornings work best', TIMES, 'mornings'],
  ['probably the afternoon', TIMES, 'afternoons'],
  ['evenings, definitely not mornings', TIMES, 'evenings'],
  ['the first one', TIMES, 'mornings'],
  ['the last one please', TIMES, 'evenings'],
  ['any time after work', TIMES, 'evenings'],
  ['I could start right away', NOTICE, 'immediately'],
  ['in about a month', NOTICE, 'one month'],
  ['two weeks notice', NOTICE, 'two weeks'],
  ['more like three months, so later', NOTICE, 'later'],
  ['maybe 200 a month', BUDGET, '100 to 500'],
  ['under a hundred', BUDGET, 'under 100'],
  ['over 500 dollars', BUDGET, 'more than 500'],
  ['somewhere between 100 and 500', BUDGET, '100 to 500'],
  ['option 2', BUDGET, '100 to 500'],
  ['the second one', BUDGET, '100 to 500'],
  ['the latter', ['email', 'phone'], 'phone'],
  ['Afternoons.', TIMES, 'afternoons'],
  // a self-correction between two picks: the later one wins
  ['Two weeks, oh hang on, my contract says a month.', NOTICE, 'one month'],
  // an extreme of numeric options
  ["The cheapest tier, we're tiny.", BUDGET, 'under 100'],
  ['Probably the biggest plan, we have a lot of feedback', BUDGET, 'more than 500'],
];

const MULTI: [string, string[]][] = [
  ['tagging and the CRM one', ['automatic tagging', 'CRM integration']],
  ['duplicates mostly, and trend alerts', ['duplicate detection', 'trend alerts']],
  ['all of them honestly', PRIORITIES],
  ['CRM integration, not tagging', ['CRM integration']],
  ['integrations with our CRM', ['CRM integration']],
  ['trend alerts', ['trend alerts']],
];

describe('parseChoice', () => {
  it.each(SINGLE)('single: %s', (u, options, expected) => {
    expect(parseChoice(u, options, false)).toEqual({ type: 'match', values: [expected] });
  });
  it.each(MULTI)('multiple: %s', (u, expected) => {
    expect(parseChoice(u, PRIORITIES, true)).toEqual({ type: 'match', values: expected });
  });
  it.each([
    ['mornings or afternoons', TIMES],
    ['none of those', TIMES],
    ['whatever suits you', TIMES],
    ['', TIMES],
    // "anything but" excludes; two options are left for a single choice
    ["Anything but mornings, I've got the school run.", TIMES],
    // "next month" is a point in time, not "monthly"
    ["We're moving offices next month, total chaos.", ['daily', 'weekly', 'monthly', 'rarely']],
  ])('unclear: %s', (u, options) => {
    expect(parseChoice(u, options, false).type).toBe('unclear');
  });
});
