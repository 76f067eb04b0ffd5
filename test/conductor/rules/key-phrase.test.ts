import { describe, expect, it } from 'vitest';
import { keyPhrase } from '../../../src/conductor/rules/key-phrase.js';
import { acknowledgementFor, followUpText } from '../../../src/conductor/rules/phrases.js';

describe("follow-ups in the participant's own words", () => {
  it('takes the most telling clause and turns it to the second person', () => {
    expect(keyPhrase('Well, honestly, we lose the handover between sales and support every week.')).toBe(
      'you lose the handover between sales and support every week',
    );
    expect(keyPhrase('I decided to quit our old processor, the outcome was thirty percent lower fees.')).toBe(
      'you decided to quit your old processor',
    );
    expect(keyPhrase('Um, yeah.')).toBeUndefined();
  });

  it('a probe refers to what was said and varies its lead', () => {
    const said = 'Customers give up and leave because nobody answers them.';
    const first = followUpText({ technique: 'example', index: 1, lastUtterance: said });
    const second = followUpText({ technique: 'funnel', index: 2, lastUtterance: said });
    expect(first).toBe('You mentioned customers give up and leave — could you give me a specific example?');
    expect(second.startsWith('You said customers give up and leave — ')).toBe(true);
  });

  it('after frustration the acknowledgement is neutral, never "really useful"', () => {
    for (let seed = 0; seed < 5; seed++)
      expect(acknowledgementFor('Look, this is a waste of time, the product is useless.', seed)).toMatch(
        /^(I hear you\.|Understood\.|Okay, noted\.|That makes sense\.)$/,
      );
    expect(acknowledgementFor('It works well for us.', 3)).toBe("That's really useful, thanks.");
  });
});
