import { describe, expect, it } from 'vitest';
import { confirmationText } from '../../src/conductor/confirmation-text.js';
import { interpretBeforeRules } from '../../src/conductor/rules/before-rules.js';
import { parseConfirmation } from '../../src/conductor/rules/confirmation.js';
import { readConsent } from '../../src/conductor/rules/consent.js';
import { answerQuestionBack } from '../../src/conductor/rules/faq.js';
import { interpretOffline } from '../../src/conductor/rules/interpret.js';
import { agentOf, exampleBlueprint, input } from './helpers.js';

const agent = agentOf();
const vetting = exampleBlueprint('expert-vetting');
const withFaq = {
  ...vetting,
  settings: {
    ...vetting.settings,
    faq: [{ question: 'Will I be paid for this call?', answer: 'Yes, at the agreed hourly rate.' }],
  },
};

describe('confirmation replies', () => {
  it.each([
    ['Yes, that is right.', true],
    ['Correct.', true],
    ['yep', true],
    ['No, that is wrong.', false],
    ['Actually, I meant no.', false],
    ['Hmm, not quite.', false],
    ['no', false],
    ['whatever', false],
  ])('%s → confirmed %s', (text, confirmed) => {
    expect(parseConfirmation(text).confirmed).toBe(confirmed);
  });

  it('with a confirmation pending, both entry points produce the confirmation event', () => {
    const i = input(vetting, 'compliance', 'Yes, exactly.', { state: { pending_confirmation: 0 } });
    expect(interpretOffline(agent, i).events).toEqual([{ type: 'confirmation', confirmed: true, turn: 3 }]);
    expect(interpretBeforeRules(agent, i)?.events).toEqual([
      { type: 'confirmation', confirmed: true, turn: 3 },
    ]);
  });

  it('phrases the confirmation from the question and the value', () => {
    const base = {
      type: 'ask_confirmation' as const,
      node_id: 'ties',
      key: 'ties',
      fields: {},
      to: 'out',
      repeat: false,
    };
    expect(
      confirmationText({
        ...base,
        node_type: 'yes_no',
        question_text: 'Thanks. Do you have any ties to that company?',
        value: false,
      }),
    ).toBe("Just so I have this right: you don't have any ties to that company — correct?");
    expect(confirmationText({ ...base, node_type: 'rating', question_text: 'How likely…?', value: 3 })).toBe(
      "Just so I have this right: you'd give it a 3 — correct?",
    );
    expect(
      confirmationText({
        ...base,
        node_type: 'question',
        question_text: 'How long?',
        fields: { relevant_years: 1.5 },
        repeat: true,
      }),
    ).toBe("Let me check once more: that's relevant years: 1.5 — is that right, yes or no?");
  });
});

describe('consent readings', () => {
  it.each([
    ['Yes.', 'given'],
    ['Sure, go ahead.', 'given'],
    ['No thanks.', 'refused'],
    ['I guess.', 'unclear'],
    ['Maybe, I suppose.', 'unclear'],
    ['Yes, as long as my name is not used.', 'clarify'],
    ["I'm not really comfortable with that.", 'clarify'],
    ['Is this being recorded?', 'clarify'],
    // a refusal said first refuses; a turn back to yes right after it is mixed
    ["No, I don't want to be recorded, but I'm happy to answer by email.", 'refused'],
    ["I'd prefer not, if that's okay.", 'refused'],
    ['Not really... well, okay, go on then.', 'unclear'],
    // negations inside yes-idioms are not refusals
    ['Yep, no problem at all.', 'given'],
    ['No objections. None at all.', 'given'],
  ])('%s → %s', (text, type) => {
    expect(readConsent(text).type).toBe(type);
  });

  it('at the consent, ambiguity is unclear and a question is a clarification, never consent', () => {
    const at = (text: string) =>
      interpretOffline(
        agent,
        input(vetting, 'compliance', text, { state: { status: 'awaiting_consent', consent: 'pending' } }),
      );
    expect(at('I guess so').events).toEqual([{ type: 'repeat_requested', reason: 'unclear' }]);
    const q = at('Who will hear this recording?');
    expect(q.events).toEqual([{ type: 'repeat_requested', reason: 'clarify' }]);
    expect(q.wording.reply).toMatch(/To be clear:$/);
    expect(at('Yes, that is fine').events).toEqual([{ type: 'consent', given: true }]);
    // a condition is neither consent nor a question: unclear, explained and asked again
    const cond = at('Sure, as long as my name is not used.');
    expect(cond.kind).toBe('unclear');
    expect(cond.events).toEqual([{ type: 'repeat_requested', reason: 'clarify' }]);
  });
});

describe('questions back to the interviewer', () => {
  it('answers from settings.faq first, then from the blueprint and agent, else honestly', () => {
    expect(answerQuestionBack(agent, withFaq, 'Sorry — will I get paid for this call?')?.reply).toBe(
      'Yes, at the agreed hourly rate.',
    );
    expect(answerQuestionBack(agent, vetting, 'How long will this take?')?.reply).toBe(
      `It should take about ${vetting.settings.estimated_duration_m} minutes in total.`,
    );
    expect(answerQuestionBack(agent, vetting, 'Are you a real person?')?.topic).toBe('identity');
    expect(answerQuestionBack(agent, vetting, 'What happens with my data afterwards?')?.reply).toMatch(
      /can't answer that myself/,
    );
  });

  it('leaves answers and questions about the question to the rules', () => {
    expect(answerQuestionBack(agent, vetting, 'I have been there for about four years.')).toBeUndefined();
    expect(answerQuestionBack(agent, vetting, 'How long have I been there? Four years.')).toBeUndefined();
    expect(answerQuestionBack(agent, vetting, 'What do you mean by ties?')).toBeUndefined();
  });

  it('is a clarification that re-asks, never an answered event', () => {
    const out = interpretOffline(agent, input(vetting, 'current_role', 'Is this call being recorded?'));
    expect(out.kind).toBe('clarification_question');
    expect(out.events).toEqual([{ type: 'repeat_requested', reason: 'clarify' }]);
    expect(out.wording.reply).toMatch(/Now, back to my question:$/);
  });
});
