import { describe, expect, it } from 'vitest';
import { parseYesNo } from '../../src/conductor/index.js';

const YES = [
  'Yes',
  'yeah sure',
  'Yep, that is right',
  'Of course',
  'Absolutely.',
  'I do',
  'I am, yes',
  'correct',
  'Sure thing',
  'No problem',
  "I don't mind",
  'Why not',
  "Yes, I don't work for them", // negatively framed question: the leading yes wins
  'I have, twice actually',
  'I think so',
  "That's fine with me",
  'uh huh',
  'Go ahead',
  'We did, last year',
  'That is correct',
  'I guess so',
  "Yeah, I'm authorised to work here",
  'Mm-hmm.',
  'Definitely, yes.',
];

const NO = [
  'No',
  'nope',
  'Not really',
  'never',
  "I don't",
  'absolutely not',
  'Of course not!',
  'No, I have never done that',
  "We haven't",
  "I don't think so",
  'not that I know of',
  'Definitely not',
  'not yet',
  'Yeah no, we never did',
  "I'm not authorised",
  'Nah.',
  'I would not, no',
  "No, I'm currently at the client actually",
];

const UNCLEAR = [
  "I'm not sure",
  'maybe',
  'it depends',
  'yes and no',
  'Hmm',
  'Not sure, to be honest',
  'sometimes',
  "It's hard to say",
  'perhaps',
  'the weather is nice',
];

describe('parseYesNo', () => {
  it.each(YES)('yes: %s', (u) => expect(parseYesNo(u).type).toBe('yes'));
  it.each(NO)('no: %s', (u) => expect(parseYesNo(u).type).toBe('no'));
  it.each(UNCLEAR)('unclear: %s', (u) => expect(parseYesNo(u).type).toBe('unclear'));
});
