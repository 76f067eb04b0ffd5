import { describe, expect, it } from 'vitest';
import { interpretOffline } from '../../../src/conductor/rules/interpret.js';
import { deniesCondition, missingFromHint } from '../../../src/conductor/rules/hint.js';
import type { Interpretation } from '../../../src/conductor/index.js';
import { agentOf, exampleBlueprint, input } from '../helpers.js';

const agent = agentOf();
const recruiting = exampleBlueprint('recruiting-screen');
const discovery = exampleBlueprint('product-discovery');
const vetting = exampleBlueprint('expert-vetting');
const compliance = exampleBlueprint('compliance-screen');

function assessment(i: Interpretation) {
  const e = i.events[0];
  if (e?.type !== 'answered') throw new Error(`expected answered, got ${JSON.stringify(i.events)}`);
  return e.assessment;
}
const probes = (i: Interpretation) => assessment(i).probe !== null || !assessment(i).objective_met;

describe('the completion hint decides the probe', () => {
  const DEEP_DIVE = "The candidate's own contribution and the outcome are both clear.";

  it('reads what the hint asks for and what the answer lacks', () => {
    expect(missingFromHint(DEEP_DIVE, 'I led the billing rewrite and we cut incidents by half.')).toEqual([]);
    expect(
      missingFromHint(
        DEEP_DIVE,
        'The migration off the monolith, shared state everywhere, lots of late nights.',
      ),
    ).toEqual(['own contribution', 'outcome']);
    expect(missingFromHint(undefined, 'anything')).toBeUndefined();
  });

  it("a long answer without the candidate's part or the outcome is probed, and the reason names what is missing", () => {
    const i = interpretOffline(
      agent,
      input(
        recruiting,
        'project_deep_dive',
        'Oh, there were lots of challenging projects, I have worked at three companies, the team was great, we used Kafka and Kubernetes, lots of late nights, but we got through it as a team.',
      ),
    );
    expect(assessment(i).probe?.reason).toMatch(/missing: own contribution, outcome/);
  });

  it('a short answer with the consequence is complete ("It makes them churn.")', () => {
    const i = interpretOffline(
      agent,
      input(
        discovery,
        'pain_points',
        'Honestly, the thing that makes me want to hang up on customers is repeating myself. It makes them churn.',
      ),
    );
    expect(probes(i)).toBe(false);
  });
});

describe('settled answers are not probed', () => {
  it('an answer that knocks the participant out ("One year, honestly, I\'m quite new to it.")', () => {
    const i = interpretOffline(
      agent,
      input(vetting, 'employment_history', "One year, honestly, I'm quite new to it."),
    );
    expect(assessment(i).fields).toMatchObject({ relevant_years: 1 });
    expect(probes(i)).toBe(false);
  });

  it('an answer that denies the question\'s condition ("never worked there")', () => {
    const q = 'If you ever worked at Siemens, how long ago did you leave?';
    expect(deniesCondition(q, 'Siemens itself, no, never worked there.')).toBe(true);
    expect(deniesCondition(q, 'I left two years ago.')).toBe(false);
    const i = interpretOffline(
      agent,
      input(
        compliance,
        'left_target',
        "I never didn't work for a competitor, but Siemens itself, no, never worked there.",
      ),
    );
    expect(probes(i)).toBe(false);
  });
});

describe('small talk at an open question', () => {
  it.each([
    "My coffee's gone cold. Anyway.",
    'The traffic today was unbelievable, took me an hour to get in.',
    "I just got a promotion, actually, so that's nice.",
  ])('%s is off-topic, not an answer', (u) => {
    const node = u.includes('traffic') ? 'current_workflow' : 'pain_points';
    expect(interpretOffline(agent, input(discovery, node, u)).kind).toBe('off_topic');
  });
});
