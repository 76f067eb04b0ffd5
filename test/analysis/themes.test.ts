import { describe, expect, it } from 'vitest';
import { extractThemes } from '../../src/analysis/offline/themes.js';
import { NlpSession } from '../../src/analysis/nlp.js';
import { preparedAnswers } from './prepared-answers.js';

/** Theme precision: compound fragments and lone verdict words never fill in as themes. */

const labels = (texts: string[]) =>
  extractThemes(preparedAnswers(texts)).themes.map((t) => t.label.toLowerCase());

describe('theme precision', () => {
  it('takes no theme from a lone word of a hyphenated compound', () => {
    const got = labels([
      'My brother-in-law runs a bakery, so I built their website.',
      'The migration took a year.',
    ]);
    expect(got).not.toContain('law');
    expect(got).toContain('migration');
  });

  it('does not fill in a single mention of a lone verdict word', () => {
    const got = labels([
      'The reports take a minute to load. Shame.',
      'The reports are wrong and the mobile app is a mess.',
    ]);
    // The verdict the participant predicated of the reports words the label (theme-label.ts).
    expect(got).toContain('wrong reports');
    expect(got).not.toContain('shame');
    expect(got).not.toContain('mess');
  });
});

describe('captured phrases', () => {
  it('takes no theme from the tail of a captured value (the title already says it)', () => {
    const entries = preparedAnswers([
      "I'm director of fulfilment operations at Rhenus, and fulfilment operations is most of my week.",
      'I chose the goods-to-person robots for our Leipzig site, and the picking rates went up.',
    ]);
    const free = extractThemes(entries).themes.map((t) => t.label.toLowerCase());
    expect(free).toContain('fulfilment operations');
    const title = new NlpSession().contentLemmas('director of fulfilment operations').join(' ');
    const captured = extractThemes(entries, new Set([title])).themes.map((t) => t.label.toLowerCase());
    expect(captured).not.toContain('fulfilment operations');
  });
});
