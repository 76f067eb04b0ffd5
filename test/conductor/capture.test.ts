import { describe, expect, it } from 'vitest';
import { captureFields } from '../../src/conductor/index.js';
import type { CaptureField } from '../../src/blueprint/schema.js';

const ROLE: Record<string, CaptureField> = {
  company: { type: 'string', description: 'Current employer' },
  title: { type: 'string', description: 'Job title' },
  years_in_role: { type: 'number', min: 0, max: 60, description: 'Years in the current role' },
  seniority: { type: 'enum', options: ['individual_contributor', 'manager', 'director', 'vp', 'c_level'] },
};
const WORKFLOW: Record<string, CaptureField> = {
  uses_spreadsheets: { type: 'boolean', description: 'Feedback is tracked in spreadsheets' },
  team_size: { type: 'number', min: 1, max: 10000, description: 'People who handle feedback' },
};
const EXPERIENCE: Record<string, CaptureField> = {
  years_experience: { type: 'number', min: 0, max: 60 },
  primary_stack: { type: 'enum', options: ['typescript', 'python', 'go', 'java', 'other'] },
};
const SALARY: Record<string, CaptureField> = {
  expected_salary: { type: 'number', min: 0, description: 'Midpoint of the expected annual salary' },
};
const HISTORY: Record<string, CaptureField> = {
  relevant_years: { type: 'number', min: 0, max: 60 },
  left_within_6_months: { type: 'boolean', description: 'Left a relevant employer in the last six months' },
};
const DECISION: Record<string, CaptureField> = {
  role: { type: 'enum', options: ['decision_maker', 'influencer', 'evaluator', 'end_user'] },
};
const TOOL: Record<string, CaptureField> = {
  tool_name: { type: 'string', description: 'The main alternative tried' },
};

const CASES: [Record<string, CaptureField>, string, Record<string, unknown>][] = [
  [
    ROLE,
    "I'm VP of Engineering at Acme Corp, for about five years now",
    { company: 'Acme Corp', title: 'VP of Engineering', years_in_role: 5, seniority: 'vp' },
  ],
  [
    ROLE,
    'Director of payments at Big Bank Holdings since 2019, so six years',
    { company: 'Big Bank Holdings', title: 'Director of payments', years_in_role: 6, seniority: 'director' },
  ],
  [
    ROLE,
    'I am the CTO of a small startup called Nimbus, two and a half years',
    { company: 'Nimbus', title: 'CTO', years_in_role: 2.5, seniority: 'c_level' },
  ],
  [
    ROLE,
    "I'm a senior engineer at Globex, three years",
    { company: 'Globex', title: 'senior engineer', years_in_role: 3, seniority: 'individual_contributor' },
  ],
  [
    WORKFLOW,
    'We dump everything into a big Excel spreadsheet, and there are about 4 people on it',
    { uses_spreadsheets: true, team_size: 4 },
  ],
  [
    WORKFLOW,
    "We don't use spreadsheets anymore, we have Zendesk. A team of twelve.",
    { uses_spreadsheets: false, team_size: 12 },
  ],
  [WORKFLOW, 'It all lands in a shared inbox that a dozen people read', { team_size: 12 }],
  [
    EXPERIENCE,
    'About eight years, mostly Python and some Go',
    { years_experience: 8, primary_stack: 'python' },
  ],
  [
    EXPERIENCE,
    'Twelve years, mainly TypeScript on Node',
    { years_experience: 12, primary_stack: 'typescript' },
  ],
  [EXPERIENCE, 'a decade of Java', { years_experience: 10, primary_stack: 'java' }],
  [EXPERIENCE, 'Fifteen years, mostly in Golang', { years_experience: 15, primary_stack: 'go' }],
  [EXPERIENCE, 'Six years of Rust and C++', { years_experience: 6, primary_stack: 'other' }],
  [SALARY, 'Somewhere between 120 and 150k', { expected_salary: 135_000 }],
  [SALARY, 'around $140,000 a year', { expected_salary: 140_000 }],
  // yearly money said in thousands; the one number that counts nothing else
  [
    SALARY,
    'Anywhere from ninety to a hundred and ten, depending on the package.',
    { expected_salary: 100_000 },
  ],
  [SALARY, 'Around one-twenty, and I could start in two weeks.', { expected_salary: 120_000 }],
  // "a year later" is a point in time, not the span asked for
  [
    EXPERIENCE,
    'I started in QA, moved into backend maybe a year later, so all told it is about seven years of Java',
    { years_experience: 7, primary_stack: 'java' },
  ],
  [
    HISTORY,
    'I have about 7 years in payments, I left Adyen two months ago',
    { relevant_years: 7, left_within_6_months: true },
  ],
  [DECISION, 'I made the final decision, together with our CFO', { role: 'decision_maker' }],
  [DECISION, 'I ran the evaluation and compared three vendors', { role: 'evaluator' }],
  [DECISION, 'I mostly gave input to my boss, who decided', { role: 'influencer' }],
  [TOOL, 'We tried a tool called Productboard but it was too expensive', { tool_name: 'Productboard' }],
  [TOOL, 'we tried using Canny for a while', { tool_name: 'Canny' }],
];

describe('captureFields', () => {
  it.each(CASES)('%#: %s', (capture, u, expected) => {
    expect(captureFields(capture, u)).toEqual(expected);
  });
  it('a yes/no answer fills the single boolean field of a yes_no node', () => {
    expect(captureFields({ has_budget: { type: 'boolean' } }, 'yes', { yesNo: true })).toEqual({
      has_budget: true,
    });
  });
  it('numbers outside min/max are not captured', () => {
    expect(captureFields({ years: { type: 'number', min: 0, max: 60 } }, 'about 200 years')).toEqual({});
  });
});
