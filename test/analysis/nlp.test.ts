import { describe, expect, it } from 'vitest';
import { NlpSession } from '../../src/analysis/nlp.js';
import { countWords, locateVerbatim, normaliseForMatch } from '../../src/analysis/text.js';

describe('NlpSession (wink-nlp adapter)', () => {
  it('is isolated: what one session learned does not change another', () => {
    const text = "Northwind's integration failed on day one.";
    const fresh = new NlpSession().analyze(text);
    const taught = new NlpSession();
    taught.analyze("In the end we chose Northwind's.");
    const again = taught.analyze(text);
    expect(new NlpSession().analyze(text)).toEqual(fresh);
    // The taught session tokenises differently (which is why every analysis gets its own session).
    expect(again.phrases.map((p) => p.key)).not.toEqual(fresh.phrases.map((p) => p.key));
    expect(fresh.phrases.map((p) => p.surface)).toEqual(['Northwind', 'integration']);
  });

  it('creates sessions repeatedly, each as a fresh copy of the model (its core decoded and metaCER loaded once)', () => {
    const first = new NlpSession().analyze('The pricing model was confusing.');
    for (let i = 0; i < 25; i++)
      expect(new NlpSession().analyze('The pricing model was confusing.')).toEqual(first);
  });

  it('splits sentences into exact substrings with sentiment, lemmas and figures', () => {
    const text = 'Honestly, the onboarding was terrible.  We lost three weeks!\nBut I love the support team.';
    const a = new NlpSession().analyze(text);
    expect(a.sentences.map((s) => s.text)).toEqual([
      'Honestly, the onboarding was terrible.',
      'We lost three weeks!',
      'But I love the support team.',
    ]);
    for (const s of a.sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(a.sentences[0]!.sentiment).toBeLessThan(0);
    expect(a.sentences[2]!.sentiment).toBeGreaterThan(0);
    expect(a.sentences[1]!.specifics).toBeGreaterThan(0);
    expect(a.sentences[2]!.firstPerson).toBe(true);
    expect(a.phrases.map((p) => p.key)).toContain('support team');
    expect(a.lemmas.has('onboarding') || a.lemmas.has('onboard')).toBe(true);
  });
});

describe('verbatim matching', () => {
  const entry = 'Honestly — it was the “Salesforce integration”.  We spent two weeks on it…';
  it('finds exact and tolerant matches and returns the original text', () => {
    expect(locateVerbatim(entry, 'We spent two weeks')).toEqual({
      start: entry.indexOf('We spent'),
      end: entry.indexOf('We spent') + 18,
      text: 'We spent two weeks',
    });
    const m = locateVerbatim(entry, 'honestly - it was the "salesforce integration". we spent');
    expect(m?.text).toBe('Honestly — it was the “Salesforce integration”.  We spent');
    expect(locateVerbatim(entry, '"We spent two weeks on it..."')?.text).toBe('We spent two weeks on it');
    expect(locateVerbatim(entry, 'We spent three weeks')).toBeNull();
    expect(locateVerbatim(entry, '  ')).toBeNull();
  });
  it('normalises with an index map', () => {
    const n = normaliseForMatch('A  “B”…');
    expect(n.text).toBe('a "b"...');
    expect(n.map).toEqual([0, 1, 3, 4, 5, 6, 6, 6]);
    expect(countWords('Well — I think 20% is fine.')).toBe(6);
  });
});
