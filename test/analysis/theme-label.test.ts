import { describe, expect, it } from 'vitest';
import { sentenceCase } from '../../src/analysis/offline/theme-label.js';
import { extractThemes } from '../../src/analysis/offline/themes.js';
import { preparedAnswers } from './prepared-answers.js';

/** Theme labels worded as a researcher's theme (offline/theme-label.ts), through extractThemes. */

const labels = (texts: string[]) => extractThemes(preparedAnswers(texts)).themes.map((t) => t.label);

describe('theme labels', () => {
  it('carries the verdict the participant predicated of the theme, in sentence case', () => {
    const got = labels([
      'Honestly the reports are really slow, they take a minute to load.',
      'We export the reports to Excel every Friday.',
    ]);
    expect(got).toContain('Slow reports');
    expect(got).toContain('Excel');
  });

  it('keeps a negated verdict out', () => {
    const got = labels(['The dashboard is not slow, it is just busy.', 'The dashboard shows every ticket.']);
    expect(got.some((l) => /slow/i.test(l))).toBe(false);
    expect(got).toContain('Dashboard');
  });

  it('writes sentence case, leaving a lower-case name without a vowel as spoken', () => {
    expect(sentenceCase('slow reports')).toBe('Slow reports');
    expect(sentenceCase('dbt models')).toBe('dbt models');
    expect(sentenceCase('Slack integration')).toBe('Slack integration');
  });
});
