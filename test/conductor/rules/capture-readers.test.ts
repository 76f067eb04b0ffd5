import { describe, expect, it } from 'vitest';
import { captureFields } from '../../../src/conductor/index.js';
import type { CaptureField } from '../../../src/blueprint/schema.js';

const WORKFLOW: Record<string, CaptureField> = {
  uses_spreadsheets: { type: 'boolean', description: 'Feedback is tracked in spreadsheets' },
  team_size: { type: 'number', min: 1, max: 10000, description: 'People who handle feedback' },
};
const HISTORY: Record<string, CaptureField> = {
  relevant_years: { type: 'number', min: 0, max: 60 },
  left_within_6_months: { type: 'boolean', description: 'Left a relevant employer in the last six months' },
};
const SALARY: Record<string, CaptureField> = {
  expected_salary: { type: 'number', min: 0, description: 'Midpoint of the expected annual salary' },
};
const ROLE: Record<string, CaptureField> = {
  company: { type: 'string', description: 'Current employer' },
  title: { type: 'string', description: 'Job title' },
  years_in_role: { type: 'number', min: 0, max: 60, description: 'Years in the current role' },
  seniority: { type: 'enum', options: ['individual_contributor', 'manager', 'director', 'vp', 'c_level'] },
};
const HANDS_ON: Record<string, CaptureField> = {
  years_hands_on: { type: 'number', min: 0, max: 60, description: 'Years of hands-on experience' },
};
const LEFT: Record<string, CaptureField> = {
  months_since_left: {
    type: 'number',
    min: 0,
    max: 600,
    description: 'Months since leaving the target company',
  },
};
const GAP: Record<string, CaptureField> = { price_gap_percent: { type: 'number', min: 0, max: 1000 } };
const INCREASE: Record<string, CaptureField> = {
  max_increase_percent: {
    type: 'number',
    min: 0,
    max: 100,
    description: 'Largest acceptable price increase in percent',
  },
};

describe('boolean fields: negations cancel in pairs, and the words people use for the fact', () => {
  it.each([
    ["It's not that we don't use spreadsheets, we do, one big sheet, and four of us look at it.", true],
    ['Nobody uses a spreadsheet, thank god. It lands in Zendesk.', false],
  ])('%s → uses_spreadsheets %s', (u, v) => {
    expect(captureFields(WORKFLOW, u).uses_spreadsheets).toBe(v);
  });

  it.each([
    ["I can't say I haven't left recently, I left Adyen in March.", true],
    ["Roughly six years hands-on, give or take, and I haven't changed jobs recently.", false],
    ["I've been at Northbank the whole time since, no recent moves.", false],
  ])('%s → left_within_6_months %s', (u, v) => {
    expect(captureFields(HISTORY, u).left_within_6_months).toBe(v);
  });
});

describe('number fields: which mention is the answer', () => {
  it('a summary wins over the parts ("…, so hands-on I\'d say eight years")', () => {
    expect(
      captureFields(
        HANDS_ON,
        "I was a field engineer, maybe three years, then product for about five years, so hands-on I'd say eight years.",
      ).years_hands_on,
    ).toBe(8);
  });

  it('a time since leaving takes the mention followed by "ago", not the years spent there', () => {
    expect(
      captureFields(LEFT, 'I was at Siemens for eleven years. I left Siemens about two years ago now.')
        .months_since_left,
    ).toBe(24);
  });

  it('a correction after the number wins ("five percent. maybe fifteen actually")', () => {
    expect(
      captureFields(INCREASE, 'Five percent. Hmm, maybe fifteen actually, if the sync got fixed.')
        .max_increase_percent,
    ).toBe(15);
  });

  it('"give or take ten" is a tolerance, and "one-ten to one-thirty" are spoken hundreds', () => {
    expect(captureFields(SALARY, 'Around 150, give or take ten.').expected_salary).toBe(150000);
    expect(
      captureFields(SALARY, "I'm thinking one-ten to one-thirty, depending on the equity.").expected_salary,
    ).toBe(120000);
  });

  it('a range counts at its midpoint for durations and where the field says so, not for a share', () => {
    expect(captureFields(HANDS_ON, 'Four to six years, properly hands-on.').years_hands_on).toBe(5);
    expect(captureFields(GAP, 'Ten to fifteen percent cheaper, I think.').price_gap_percent).toBeUndefined();
    expect(
      captureFields(WORKFLOW, 'It goes into a spreadsheet; somewhere between ten and twenty people touch it.')
        .team_size,
    ).toBeUndefined();
  });

  it('a preference keeps the unit of the bound before it ("north of 100k, ideally about 115")', () => {
    expect(
      captureFields(SALARY, 'Anything north of 100k would work, ideally about 115.').expected_salary,
    ).toBe(115000);
  });
});

describe('string fields: the title after a later cue', () => {
  it('"I\'m at Northbank, … my title is Director of Payments Operations — that\'s director level"', () => {
    expect(
      captureFields(
        ROLE,
        "So at the moment I'm at Northbank, which is a mid-sized retail bank, and my title is Director of Payments Operations — that's director level — I've been in that role for about three years.",
      ),
    ).toEqual({
      company: 'Northbank',
      title: 'Director of Payments Operations',
      years_in_role: 3,
      seniority: 'director',
    });
  });
});
