import { describe, expect, it } from 'vitest';
import { classifyIntent, sensitiveTopicHit } from '../../src/conductor/index.js';

const CASES: [string, string][] = [
  ["I'd rather not say", 'refusal'],
  ["I'd prefer not to answer that", 'refusal'],
  ["I'm not comfortable sharing that", 'refusal'],
  ["That's confidential, sorry", 'refusal'],
  ['No comment.', 'refusal'],
  ["I can't share that, it's under NDA", 'refusal'],
  ['pass', 'skip'],
  ['Skip.', 'skip'],
  ['Can we skip this one?', 'skip'],
  ['Next question, please', 'skip'],
  ["I'll pass on that one", 'skip'],
  ["I don't know", 'dont_know'],
  ['No idea, honestly', 'dont_know'],
  ["I can't remember", 'dont_know'],
  ["I haven't really thought about it", 'dont_know'],
  ['Dunno.', 'dont_know'],
  ['Sorry, can you repeat that?', 'repeat'],
  ['Say that again?', 'repeat'],
  ["Sorry, I didn't catch that", 'repeat'],
  ['Pardon?', 'repeat'],
  ['What was the question?', 'repeat'],
  // a turn that ends by asking for the question again
  ["Sorry, my dog's going mad at the postman. What was the question?", 'repeat'],
  ['Could you repeat the question please', 'repeat'],
  ['I need to go', 'end'],
  ['Can we stop here?', 'end'],
  ["Sorry, I have to run, let's end the interview", 'end'],
  ['I want to stop', 'end'],
  ["I'm done", 'end'],
  ['What do you mean?', 'clarification_question'],
  ['What do you mean by decision exactly?', 'clarification_question'],
  ['Could you clarify what you are asking?', 'clarification_question'],
  ['In what sense?', 'clarification_question'],
  ['By the way, did you see the game last night?', 'off_topic'],
  ['Are you a robot?', 'off_topic'],
  ['Tell me a joke', 'off_topic'],
  // answers stay answers
  ["I don't know exactly, but roughly five years in payments at two different banks", 'none'],
  ['We stop the line when a defect is found and then we review it', 'none'],
  ['I mean, it was mostly about price, honestly', 'none'],
  ['Yes', 'none'],
  ["I'd rather not have spreadsheets at all, they are painful", 'none'],
];

describe('classifyIntent', () => {
  it.each(CASES)('%s → %s', (u, t) => expect(classifyIntent(u).type).toBe(t));
});

describe('sensitiveTopicHit', () => {
  const topics = ['health', 'religion', 'salary history', 'divorc*'];
  it.each([
    ['I was off for a while for health reasons', 'health'],
    ['My salary history is private', 'salary history'],
    ['after my divorce things changed', 'divorc*'],
    ['Religion is important to me', 'religion'],
  ])('%s → %s', (u, t) => expect(sensitiveTopicHit(u, topics)).toBe(t));
  it.each(['I am healthy and well', 'the salary was fine', 'we talked about history'])('no hit: %s', (u) =>
    expect(sensitiveTopicHit(u, topics)).toBeUndefined(),
  );
});
