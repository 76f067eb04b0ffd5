import { describe, expect, it } from 'vitest';
import { UNCERTAIN_CONFIDENCE } from '../../../src/engine/confidence.js';
import { readYesNo } from '../../../src/conductor/rules/yes-no-question.js';

/** Questions as the participant hears them (rendered from the example blueprints). */
const CONFIRM_NOT =
  "Before we start, can you confirm that you don't currently work for Globex, and that you won't share any confidential information from a current or former employer?";
const TIES = 'Do you currently work for, advise or hold shares in Siemens or one of its direct competitors?';
const CANCEL = 'Are you planning to cancel your subscription in the next few months?';
const PUBLIC = 'Are you currently employed by a government body, a regulator or a state-owned company?';
const AGREEMENT =
  'Is there any agreement — an NDA, a non-compete, an employment contract — that would stop you from discussing grid storage?';
const AUTHORISED = 'Are you legally authorised to work in the country where this role is based?';
const TERMS =
  'Finally, do you agree to our consultation terms, including not sharing any confidential information?';

function read(utterance: string, question: string) {
  const r = readYesNo(utterance, question);
  if (r.type === 'unclear') return { value: 'unclear' as const, certain: false };
  return { value: r.type, certain: r.confidence >= UNCERTAIN_CONFIDENCE };
}

const TRIED = 'Have you tried any other tools or approaches to fix this?';

describe('unsure, with nothing about the question', () => {
  it('"probably not? … I honestly don\'t know" is unclear, not a surface no', () => {
    expect(
      read("Probably not? I might have some in a pension fund, I honestly don't know.", TIES).value,
    ).toBe('unclear');
  });
});

describe('paired negations', () => {
  it('a bare no with a negated clause beside it is a no; negations that cancel out are an uncertain yes', () => {
    expect(read("No, I'm not going anywhere.", CANCEL)).toEqual({ value: 'no', certain: true });
    expect(
      read(
        "I wouldn't say there's nothing else — the reporting is painful too.",
        "Is there another frustration you'd like to tell me about?",
      ),
    ).toEqual({ value: 'yes', certain: false });
  });
});

describe('inferences are uncertain, echoes are short', () => {
  it('a reading only inferred from an opposite ("renewing" to "cancel") is not certain', () => {
    expect(read("We'll be renewing, we're staying with you.", CANCEL)).toEqual({
      value: 'no',
      certain: false,
    });
    // a permit held or needed answers "are you authorised?" directly; a visa is a permit
    expect(read("I'm done with visas, got my green card last year.", AUTHORISED)).toEqual({
      value: 'yes',
      certain: true,
    });
    expect(read("I think so? I'm on a graduate visa at the moment.", AUTHORISED).value).toBe('yes');
    expect(read('Not yet, I need a work visa first.', AUTHORISED).value).toBe('no');
    // backed by a plain no, the opposite is certain
    expect(read("I can't say I'm not tempted, but no, we're staying.", CANCEL)).toEqual({
      value: 'no',
      certain: true,
    });
  });
  it('"never …" about another verb is not an echo denying the question', () => {
    expect(
      read('We looked at a few, had the demos and a trial, never actually bought one though.', TRIED),
    ).not.toEqual({ value: 'no', certain: true });
    expect(
      read("Not that we haven't talked about it, but no, nothing's actually been tried.", TRIED),
    ).toEqual({ value: 'no', certain: true });
  });
});

describe('yes / no read against the question', () => {
  it('a denial that matches a negatively framed question confirms it, whatever the leading "no"', () => {
    expect(
      read("No, no, I'm not affiliated with Globex at all, and I wouldn't share anything.", CONFIRM_NOT),
    ).toEqual({
      value: 'yes',
      certain: true,
    });
    expect(
      read("Um, I don't work for them, never have. And nothing confidential, of course.", CONFIRM_NOT).value,
    ).toBe('yes');
    expect(
      read(
        'Yes. Oh, hang on, actually I do still have a consulting contract with Globex. So no.',
        CONFIRM_NOT,
      ).value,
    ).toBe('no');
  });

  it('a bare "no" to a negatively framed question is never certain', () => {
    expect(read('No.', CONFIRM_NOT)).toEqual({ value: 'no', certain: false });
    expect(read('No.', TIES)).toEqual({ value: 'no', certain: true });
  });

  it('double negatives resolve by parity, and are uncertain unless a plain yes / no backs them', () => {
    expect(read("It's not that I don't have any ties, I do hold some Siemens stock.", TIES)).toEqual({
      value: 'yes',
      certain: false,
    });
    expect(read("I can't say there isn't one, my non-compete runs until June.", AGREEMENT)).toEqual({
      value: 'yes',
      certain: false,
    });
    expect(read("I don't disagree with any of it. Yes.", TERMS)).toEqual({ value: 'yes', certain: true });
    expect(read("There's no way I can't work here, I'm a citizen.", AUTHORISED).value).toBe('yes');
  });

  it('an answer naming the opposite of the question reads as its negation', () => {
    expect(read("I can't say I'm not tempted, but no, we're staying.", CANCEL).value).toBe('no');
    expect(read("I'm not going to renew, no, we've decided.", CANCEL).value).toBe('yes');
    expect(read("Not a government body, no, it's a privately owned utility.", PUBLIC).value).toBe('no');
    expect(read("No need for sponsorship, I'm a citizen.", AUTHORISED).value).toBe('yes');
  });

  it('a bare "no" beside a negated clause echoes it; facts that end a state deny it', () => {
    expect(read("Not that I'm aware of, no.", TIES)).toEqual({ value: 'no', certain: true });
    expect(read("I don't have a problem with that, no.", TERMS).value).toBe('yes');
    expect(read('Nothing like that, no. My non-compete expired ages ago.', AGREEMENT).value).toBe('no');
  });

  it('conflicting statements are uncertain; hedges and questions are not answers', () => {
    expect(read("I'm not, no. I work at the regulator part-time.", PUBLIC).certain).toBe(false);
    expect(read('Maybe, it depends on the renewal price.', CANCEL).value).toBe('unclear');
    expect(
      read('Hmm, there might be. My old contract had a clause about competitors.', AGREEMENT).value,
    ).toBe('unclear');
    expect(read('No objections from me. None at all.', TERMS)).toEqual({ value: 'yes', certain: true });
  });
});
