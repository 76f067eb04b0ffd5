import { describe, expect, it } from 'vitest';
import type { AnswerNode } from '../../../src/blueprint/schema.js';
import { isBackchannel, isSmallTalk } from '../../../src/conductor/rules/small-talk.js';

const open = {
  type: 'question',
  key: 'workflow',
  text: 'How does feedback reach your team today?',
  objective: 'Understand the current feedback workflow and who handles it.',
  capture: {},
} as unknown as AnswerNode;
const yesNo = {
  type: 'yes_no',
  key: 'ties',
  text: 'Do you have any ties to Siemens?',
  capture: {},
} as unknown as AnswerNode;

describe('turns that are not answers', () => {
  it.each(['Um.', 'Hmm, let me think.', 'Mm-hmm.', 'Right, right.', 'Okay, yeah.', 'Erm, well, you know.'])(
    'backchannel at an open question: %s',
    (said) => expect(isBackchannel(said, open)).toBe(true),
  );

  it('"yeah" answers a yes / no question; "uh huh" does not; content is never a backchannel', () => {
    expect(isBackchannel('Yeah.', yesNo)).toBe(false);
    expect(isBackchannel('Uh huh.', yesNo)).toBe(true);
    expect(isBackchannel('Okay, so it lands in Zendesk.', open)).toBe(false);
  });

  it('small talk has a cue and nothing in common with the question', () => {
    expect(isSmallTalk('My dog is barking, sorry. She wants her walk.', open, open.text)).toBe(true);
    expect(isSmallTalk('Is it sunny there? It is pouring here.', open, open.text)).toBe(true);
    // the same cue inside an answer about the question is an answer
    expect(isSmallTalk('Hang on — feedback reaches the team through a shared inbox.', open, open.text)).toBe(
      false,
    );
    expect(isSmallTalk('It lands in Zendesk and two people tag it.', open, open.text)).toBe(false);
    // words about the weather or traffic inside an answer with a reason are an answer
    expect(isSmallTalk('The route planner, because it avoids traffic.', open, open.text)).toBe(false);
    expect(isSmallTalk('The flight planning tablet, because it has the weather.', open, open.text)).toBe(
      false,
    );
  });
});
