import { describe, expect, it } from 'vitest';
import { UNCERTAIN_CONFIDENCE } from '../../../src/engine/confidence.js';
import { questionParts, readYesNoAnswer } from '../../../src/conductor/rules/yes-no-parts.js';
import { readYesNo } from '../../../src/conductor/rules/yes-no-question.js';
import { clauseShape } from '../../../src/nlp/clause.js';

const CONFIRM_NOT =
  "Before we start, can you confirm that you don't currently work for Globex, and that you won't share any confidential information from a current or former employer?";
const TIES = 'Do you currently work for, advise or hold shares in Siemens or one of its direct competitors?';
const AGREEMENT =
  'Is there any agreement — an NDA, a non-compete, an employment contract — that would stop you from discussing industrial IoT sensors?';
const TERMS =
  'Finally, do you agree to our consultation terms, including not sharing any confidential information?';
const CANCEL = 'Are you planning to cancel your subscription in the next few months?';

function read(utterance: string, question: string, reader = readYesNoAnswer) {
  const r = reader(utterance, question);
  if (r.type === 'unclear') return { value: 'unclear' as const, certain: false };
  return { value: r.type, certain: r.confidence >= UNCERTAIN_CONFIDENCE };
}

describe('a question that asks two things, read part by part', () => {
  it('splits "confirm that you don\'t …, and that you won\'t …" into its two parts', () => {
    expect(questionParts(CONFIRM_NOT)).toHaveLength(2);
    expect(questionParts(TIES)).toHaveLength(1);
  });

  it('"yeah, … I do freelance work for Globex … but nothing confidential" denies the first part: no, confirmed first', () => {
    expect(
      read(
        'Yeah, I guess, I mean I do some freelance work for Globex now and then but nothing confidential.',
        CONFIRM_NOT,
      ),
    ).toEqual({ value: 'no', certain: false });
  });

  it('a part spoken to without a stance is unclear ("the confidential bit — well, it depends")', () => {
    expect(
      read(
        "I can confirm I'm not at Globex. The confidential bit — well, it depends what you'd ask me.",
        CONFIRM_NOT,
      ).value,
    ).toBe('unclear');
    expect(
      read("I think so? I don't work for Globex. Confidential stuff, I mean, I'd be careful.", CONFIRM_NOT)
        .value,
    ).toBe('unclear');
  });

  it('both parts confirmed, in any wording, is a yes', () => {
    expect(
      read("I confirm I don't work for Globex and I won't share anything confidential.", CONFIRM_NOT),
    ).toEqual({ value: 'yes', certain: true });
    expect(read('Yes, I can confirm both.', CONFIRM_NOT)).toEqual({ value: 'yes', certain: true });
  });
});

describe('clause readings', () => {
  it('a past fact is no yes to a question about now ("I sold my shares last year")', () => {
    expect(read('Not anymore. I sold my shares last year.', TIES, readYesNo)).toEqual({
      value: 'no',
      certain: true,
    });
  });

  it('"but it doesn\'t cover this" takes back the clause before it', () => {
    expect(
      read(
        "Not that would stop me, no. I have a standard NDA but it doesn't cover this topic.",
        AGREEMENT,
        readYesNo,
      ).value,
    ).toBe('no');
  });

  it('words only in a subordinate part of the question ("including not sharing …") do not decide', () => {
    expect(
      read("No, I don't agree, not with the confidentiality clause as it's written.", TERMS, readYesNo).value,
    ).toBe('no');
  });

  it('"I\'d have to check my contract" defers: unclear, not a surface no', () => {
    expect(read("Probably not, I'd have to check my contract.", CONFIRM_NOT).value).toBe('unclear');
  });

  it('the question word echoed back as a question is no stance ("Cancel? Nah, not at this point.")', () => {
    expect(read('Cancel? Nah, not at this point.', CANCEL, readYesNo).value).toBe('no');
  });
});

describe('clause shape (wink-nlp part of speech and lemma)', () => {
  it('tells a verbless topic from a statement, and a past verb from a present or perfect one', () => {
    expect(clauseShape('confidential stuff')).toEqual({ hasVerb: false, past: false });
    expect(clauseShape('I was at Globex years ago').past).toBe(true);
    expect(clauseShape('I sold my shares last year').past).toBe(true);
    expect(clauseShape('I used to be at the tax office').past).toBe(true);
    expect(clauseShape('I have worked there since 2019').past).toBe(false);
    expect(clauseShape('my consultancy still bills them')).toEqual({ hasVerb: true, past: false });
  });
});
