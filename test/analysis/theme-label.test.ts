import { describe, expect, it } from 'vitest';
import { NlpSession } from '../../src/analysis/nlp.js';
import { sentenceCase } from '../../src/analysis/offline/theme-label.js';
import { extractThemes } from '../../src/analysis/offline/themes.js';
import type { PreparedEntry } from '../../src/analysis/prepare.js';

/** Theme labels worded as a researcher's theme (offline/theme-label.ts), through extractThemes. */

const session = new NlpSession();
const prepared = (texts: string[]): PreparedEntry[] =>
  texts.map((content, i) => ({
    entry: {
      id: `e${i}`,
      role: 'participant',
      content,
      timestamp: '2026-01-01T00:00:00.000Z',
      offset_ms: i * 10_000,
      duration_ms: 5000,
      session_id: 's1',
      node_id: `q${i}`,
      question_key: `q${i}`,
      entry_type: 'utterance',
      confidence: 0.9,
      turn_number: i,
    },
    questionKey: `q${i}`,
    text: session.analyze(content),
  }));
const labels = (texts: string[]) => extractThemes(prepared(texts)).themes.map((t) => t.label);

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
