import { isAnswerNode, type AnswerNode, type BlueprintNode } from '../../blueprint/schema.js';
import { renderTemplate } from '../../blueprint/templates.js';
import type { Agent } from '../../agent/schema.js';
import type { Assessment, EngineEvent, EngineState, FieldValue } from '../../engine/types.js';
import { earlierAnswers, MAX_UNCLEAR_ATTEMPTS } from '../history.js';
import type {
  InterpretInput,
  Interpretation,
  InterpretationKind,
  InterpretationNotes,
  Wording,
} from '../types.js';
import { interpretBeforeRules } from './before-rules.js';
import { captureFields } from './capture.js';
import { captureNumber, numberRange } from './capture-number.js';
import { readChoice } from './option-concepts.js';
import { classifyIntent, sensitiveTopicHit } from './classify.js';
import { acknowledgementFor, followUpText, probeLead } from './phrases.js';
import { answerTraits, chooseProbe, SUBSTANTIVE_WORDS } from './probe.js';
import { parseRating } from './rating.js';
import { plain, shorten } from './text.js';
import { parseYesNo } from './yes-no.js';
import { readYesNoAnswer } from './yes-no-parts.js';
import { knocksOut, ratingStraddles, straddlingFields } from './straddle.js';
import { isBackchannel, isSmallTalk } from './small-talk.js';
import { confirmsPrefill, laterFields } from './prefill.js';
import { deniesCondition, missingFromHint } from './hint.js';

/**
 * The offline interpreter: deterministic rules, no network. See the parsers for what each understands.
 */
export function interpretOffline(agent: Agent, input: InterpretInput): Interpretation {
  const early = interpretBeforeRules(agent, input);
  if (early !== undefined) return early;
  const { node } = input;
  const utterance = input.utterance.trim();
  if (!isAnswerNode(node) && node.type !== 'consent') {
    return result(
      'answer',
      [],
      notes({ objective_met: null, detail: `no answer expected at a ${node.type} node` }),
    );
  }
  if (utterance === '')
    return result('unclear', [{ type: 'repeat_requested' }], notes({ detail: 'empty utterance' }));

  const intent = classifyIntent(utterance);
  switch (intent.type) {
    case 'end':
      return result('end', [{ type: 'end_requested' }], notes({ detail: 'end of interview requested' }));
    case 'repeat':
      return result('repeat', [{ type: 'repeat_requested' }], notes({ detail: 'repeat requested' }));
    case 'clarification_question':
      return result(
        'clarification_question',
        [{ type: 'repeat_requested' }],
        notes({ detail: 'asked what the question means' }),
      );
    case 'refusal':
      if (node.type === 'consent') return consent(false, 'refused');
      return declined('refusal', 'refused', input.turn);
    case 'skip':
      if (node.type === 'consent') return unclearConsent(input);
      return declined('skip', 'skip', input.turn);
    case 'dont_know':
      if (node.type === 'consent') return unclearConsent(input);
      // "I don't know, a six-ish": a typed answer after the hedge is still the answer.
      if (!hasTypedValue(node, utterance)) return declined('dont_know', 'dont_know', input.turn);
      break;
    case 'off_topic':
      if (agent.boundaries.off_topic_handling !== 'allow') {
        return result(
          'off_topic',
          [{ type: 'repeat_requested', reason: 'off_topic' }],
          notes({ detail: `off-topic: ${agent.boundaries.off_topic_handling}` }),
        );
      }
      break;
    case 'none':
      break;
  }

  if (isAnswerNode(node) && isBackchannel(utterance, node)) {
    return result(
      'unclear',
      [{ type: 'repeat_requested', reason: 'unclear' }],
      notes({ detail: 'a backchannel or thinking noise: not an answer' }),
      { reply: 'Take your time.' },
    );
  }
  if (isAnswerNode(node) && isSmallTalk(utterance, node, renderedText(node, input.state))) {
    return result(
      'off_topic',
      [{ type: 'repeat_requested', reason: 'off_topic' }],
      notes({ detail: 'small talk or an interruption: not an answer' }),
    );
  }
  if (isQuestionOnly(utterance)) {
    return result(
      'clarification_question',
      [{ type: 'repeat_requested', reason: 'clarify' }],
      notes({ detail: 'a question back about the question: not an answer' }),
      { reply: CLARIFY_REPLY },
    );
  }

  if (node.type === 'consent') {
    const yn = parseYesNo(utterance);
    if (yn.type === 'unclear') return unclearConsent(input);
    return consent(yn.type === 'yes', yn.type);
  }
  return interpretAnswer(agent, node, input, utterance, intent.type === 'off_topic');
}

function interpretAnswer(
  agent: Agent,
  node: AnswerNode,
  input: InterpretInput,
  utterance: string,
  offTopicAllowed: boolean,
): Interpretation {
  const { state } = input;
  const nodeId = state.current_node ?? node.key;
  const followingUp = state.current_follow_ups > 0;
  const previousValue = state.answers[nodeId]?.value;

  // 1. The typed value.
  let value: FieldValue | undefined;
  let unclearReason: string | undefined;
  let yesNo: boolean | undefined;
  let confidence: number | undefined;
  let readingDetail: string | undefined;
  switch (node.type) {
    case 'yes_no': {
      const r = readYesNoAnswer(utterance, renderedText(node, state));
      if (r.type === 'unclear') unclearReason = r.reason;
      else {
        value = yesNo = r.type === 'yes';
        confidence = r.confidence;
        readingDetail = r.detail;
      }
      break;
    }
    case 'choice': {
      const r = readChoice(utterance, node.options, node.multiple);
      if (r.type === 'unclear') unclearReason = r.reason;
      else value = node.multiple ? r.values : (r.values[0] ?? null);
      break;
    }
    case 'rating': {
      const r = parseRating(utterance, node.scale);
      if (r.type === 'unclear') unclearReason = r.reason;
      else {
        value = r.value;
        if (
          r.range !== undefined &&
          ratingStraddles(input.blueprint, state, utterance, r.range, state.started_at ?? 0)
        ) {
          confidence = 0.5;
          readingDetail = `a range from ${r.range[0]} to ${r.range[1]} that straddles a route`;
        }
      }
      break;
    }
    case 'question':
      if (/^(i'?m |i am )?not (really |quite |too )?sure( really)?$/.test(plain(utterance))) {
        return declined('dont_know', 'dont_know', input.turn);
      }
      break;
  }
  if (unclearReason !== undefined && !followingUp) {
    const attempts = earlierAnswers(input.history, nodeId).length;
    if (attempts >= MAX_UNCLEAR_ATTEMPTS) {
      return declined(
        'dont_know',
        'dont_know',
        input.turn,
        `still unclear after ${attempts + 1} answers: ${unclearReason}`,
      );
    }
    return result('unclear', [{ type: 'repeat_requested' }], notes({ detail: `unclear: ${unclearReason}` }));
  }
  if (value === undefined && previousValue !== undefined) value = previousValue;

  // 2. Fields and objective, over everything said at this visit.
  const earlier = earlierAnswers(input.history, nodeId);
  const combined = [...earlier, utterance].join('. ');
  // Per answer, later answers overriding earlier ones ("three years… actually four"); a number field
  // that already has a value is only replaced by an answer that restates it ("forty engineers" is not
  // years in the role).
  const fields: Record<string, FieldValue> = {};
  const answers = [...earlier, utterance];
  answers.forEach((t, i) => {
    const restate = new Set(
      Object.keys(fields).filter((n) => node.capture[n]?.type === 'number' && fields[n] !== undefined),
    );
    Object.assign(
      fields,
      captureFields(node.capture, t, { restate, ...(i === answers.length - 1 ? { yesNo } : {}) }),
    );
  });
  const early = state.prefilled?.[nodeId];
  if (early !== undefined && !followingUp && confirmsPrefill(utterance))
    Object.assign(fields, early, { ...fields });
  const prefill = laterFields(input.blueprint, state, nodeId, utterance, fields);
  const straddling = straddlingFields(
    input.blueprint,
    state,
    node,
    combined,
    fields,
    state.started_at ?? 0,
  ).filter((name) => {
    // The follow-up's answer to "a rough number?" settles the range ("one and a half, strictly").
    const field = node.capture[name];
    if (!followingUp || field?.type !== 'number') return true;
    const settled = captureNumber(name, field, utterance);
    if (settled === undefined || numberRange(name, field, utterance, settled) !== undefined) return true;
    fields[name] = settled;
    return false;
  });
  for (const name of straddling) delete fields[name];
  const captureNames = Object.keys(node.capture);
  const captured = captureNames.filter((n) => fields[n] !== undefined);
  const traits = answerTraits(combined);
  const latest = answerTraits(utterance);
  // An answer that denies the question's condition ("never worked there") or knocks the participant
  // out is settled: nothing more is asked at this node.
  const settled =
    straddling.length === 0 &&
    ((node.type === 'question' && deniesCondition(renderedText(node, state), utterance)) ||
      (captured.length > 0 &&
        knocksOut(input.blueprint, state, utterance, { fields, value }, state.started_at ?? 0)));
  // A range left open because it straddles a route is not an answer yet: the probe asks for a number.
  const objectiveMet =
    straddling.length > 0
      ? false
      : settled
        ? true
        : node.type !== 'question'
          ? value !== undefined
          : captureNames.length > 0 && captured.length === captureNames.length
            ? true
            : traits.contentWords >= SUBSTANTIVE_WORDS &&
              captured.length >= Math.ceil(captureNames.length / 2);

  // 3. Probe.
  const sensitive = sensitiveTopicHit(combined, agent.boundaries.sensitive_topics);
  const missingNumbers = Object.entries(node.capture)
    .filter(([n, f]) => f.type === 'number' && fields[n] === undefined)
    .map(([n, f]) => f.description ?? n.replace(/_/g, ' '));
  // "That's all", "nothing more to add": probing stops at this node (and at a settled answer).
  const done = NOTHING_MORE.test(plain(utterance)) || settled;
  const probe = done
    ? null
    : chooseProbe({
        node,
        agent,
        state,
        traits,
        latest,
        objectiveMet,
        missingNumbers,
        sensitive: sensitive !== undefined,
        hintMissing: missingFromHint(node.probing.completion_hint, combined),
        complete:
          node.type !== 'question'
            ? value !== undefined
            : captureNames.length > 0 && captured.length === captureNames.length,
      });

  const assessment: Assessment = {
    objective_met: objectiveMet,
    fields,
    probe,
    summary: shorten(utterance, 300),
  };
  if (value !== undefined) assessment.value = value;
  const wording: Wording = { acknowledgement: acknowledgementFor(utterance, input.turn) };
  if (probe !== null) {
    wording.acknowledgement = probeLead(input.turn);
    wording.follow_up = followUpText({
      technique: probe.technique,
      index: state.current_follow_ups + 1,
      lastUtterance: utterance,
      vaguePhrase: latest.vague,
      missingNumber: missingNumbers[0],
    });
  }
  const event: EngineEvent = {
    type: 'answered',
    text: utterance,
    assessment,
    turn: input.turn,
    ...(confidence !== undefined ? { confidence } : {}),
    ...(Object.keys(prefill).length > 0 ? { prefill } : {}),
  };
  return {
    kind: offTopicAllowed ? 'off_topic' : 'answer',
    events: [event],
    notes: notes({
      objective_met: objectiveMet,
      fields,
      probe,
      sensitive_topic: sensitive ?? null,
      ...(value !== undefined ? { value } : {}),
      ...(confidence !== undefined ? { confidence } : {}),
      ...(Object.keys(prefill).length > 0 ? { prefill } : {}),
      ...(offTopicAllowed
        ? { detail: 'off-topic, allowed by the agent' }
        : readingDetail !== undefined
          ? { detail: `reading: ${readingDetail}` }
          : {}),
    }),
    wording,
  };
}

/** Does the utterance carry a value for a rating node (the only typed kind a "don't know" can hedge)? */
function hasTypedValue(node: BlueprintNode, utterance: string): boolean {
  return node.type === 'rating' && parseRating(utterance, node.scale).type === 'value';
}

const NOTHING_MORE =
  /\b(that'?s (all|it|everything)( really| i think| from me)?$|nothing (more|else) to add|i have nothing (more|else)|nothing else( really| comes to mind)?$|that'?s all i (have|can think of)|i think that covers it)\b/;

const CLARIFY_REPLY =
  "Good question — answer it as it applies to you, and say so if you're unsure. Here it is again:";

/** Every sentence of the utterance is a question ("Does a former employer count?"). */
export function isQuestionOnly(utterance: string): boolean {
  const sentences = utterance
    .trim()
    .split(/(?<=[.!?])\s+/)
    .filter((x) => /[a-z0-9]/i.test(x));
  return sentences.length > 0 && sentences.every((x) => /\?\s*$/.test(x));
}

function declined(
  kind: InterpretationKind,
  reason: 'refused' | 'skip' | 'dont_know',
  turn: number,
  detail?: string,
): Interpretation {
  return result(
    kind,
    [{ type: 'declined', reason, turn }],
    notes({ detail: detail ?? `declined: ${reason}` }),
  );
}

function consent(given: boolean, detail: string): Interpretation {
  return result(
    given ? 'answer' : 'refusal',
    [{ type: 'consent', given }],
    notes({ value: given, detail: `consent: ${detail}` }),
  );
}

function unclearConsent(input: InterpretInput): Interpretation {
  const nodeId = input.state.current_node ?? 'consent';
  const attempts = earlierAnswers(input.history, nodeId).length;
  if (attempts >= MAX_UNCLEAR_ATTEMPTS) return consent(false, 'no clear yes after several attempts');
  return result(
    'unclear',
    [{ type: 'repeat_requested' }],
    notes({ detail: 'unclear: consent needs a clear yes or no' }),
  );
}

export function notes(partial: Partial<InterpretationNotes>): InterpretationNotes {
  return {
    source: 'offline',
    objective_met: null,
    fields: {},
    probe: null,
    sensitive_topic: null,
    model_calls: 0,
    ...partial,
  };
}

function result(
  kind: InterpretationKind,
  events: EngineEvent[],
  n: InterpretationNotes,
  wording: Wording = {},
): Interpretation {
  return { kind, events, notes: n, wording };
}

/** The question text as the participant heard it. */
export function renderedText(node: BlueprintNode, state: EngineState): string {
  const text = 'text' in node && node.text !== undefined ? node.text : '';
  return renderTemplate(text, { participant: state.run.participant, vars: state.run.vars });
}
