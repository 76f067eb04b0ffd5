import type { z } from 'zod';
import { interpretBeforeRules } from '../rules/before-rules.js';
import type { Agent } from '../../agent/schema.js';
import { isAnswerNode, type AnswerNode, type CaptureField } from '../../blueprint/schema.js';
import type { Assessment, EngineEvent, FieldValue } from '../../engine/types.js';
import { currentVisitTurns, earlierAnswers, MAX_UNCLEAR_ATTEMPTS } from '../history.js';
import { classifyIntent, sensitiveTopicHit } from '../rules/classify.js';
import { interpretOffline, notes, renderedText } from '../rules/interpret.js';
import { allowedTechniques, followUpsRemaining } from '../rules/probe.js';
import { shorten, words } from '../rules/text.js';
import type {
  ConductorLogger,
  InterpretInput,
  Interpretation,
  InterpretationNotes,
  Wording,
} from '../types.js';
import { earlyAcknowledgement, routeByRules } from './early.js';
import {
  assessmentOutputSchema,
  assessmentShapeSchema,
  toProviderJsonSchema,
  type AssessmentOutput,
} from './assessment-schema.js';
import { retryInstruction, type ModelClient, type RetryState } from '../../llm/client.js';
import type { ConsentNodeLike } from './context.js';
import { assessmentSystemPrompt, assessmentUserPrompt } from './prompts.js';

export interface LlmInterpretDeps {
  agent: Agent;
  client: ModelClient;
  model: string;
  logger: ConductorLogger;
  timeoutMs: number;
}

const TOOL_NAME = 'record_assessment';

/** Utterances the rules recognise with certainty skip the model (0 calls): "can you repeat that?", "I need to go". */
function ruleShortcut(utterance: string): boolean {
  const intent = classifyIntent(utterance).type;
  return (intent === 'repeat' || intent === 'end') && words(utterance).length <= 8;
}

export async function interpretWithModel(
  deps: LlmInterpretDeps,
  input: InterpretInput,
): Promise<Interpretation> {
  const { agent } = deps;
  const before = interpretBeforeRules(agent, input); // confirmation replies, consent, questions back
  if (before !== undefined) return before;
  const node = input.node;
  const utterance = input.utterance.trim();
  if ((!isAnswerNode(node) && node.type !== 'consent') || utterance === '' || ruleShortcut(utterance)) {
    return interpretOffline(agent, input);
  }
  const nodeId = input.state.current_node ?? node.key;
  const techniques = isAnswerNode(node) ? allowedTechniques(node, agent) : [];
  const remaining = isAnswerNode(node) ? followUpsRemaining(node, agent, input.state) : 0;
  const canProbe = remaining > 0 && techniques.length > 0;
  const routed = routeByRules(agent, input, canProbe);
  if (routed !== null) return routed;
  const schema = assessmentOutputSchema({
    node,
    techniques,
    canProbe,
    hasSensitiveTopics: agent.boundaries.sensitive_topics.length > 0,
  });
  const base = {
    model: deps.model,
    system: assessmentSystemPrompt(agent),
    user: assessmentUserPrompt({
      node,
      questionText: renderedText(node, input.state),
      techniques,
      followUpsRemaining: remaining,
      visitTurns: currentVisitTurns(input.history, nodeId),
      utterance,
    }),
    name: TOOL_NAME,
    description: "Record the assessment of the participant utterance and the interviewer's prepared words.",
    jsonSchema: toProviderJsonSchema(schema),
  };

  let calls = 0;
  let previous: { state: RetryState; error: string } | undefined;
  const early = earlyAcknowledgement(input.onAcknowledgement);
  for (let attempt = 1; attempt <= 2; attempt++) {
    const signal = callSignal(input.signal, deps.timeoutMs);
    calls += 1;
    input.onModelCall?.();
    try {
      const correction =
        previous !== undefined
          ? { state: previous.state, message: retryInstruction(previous.error) }
          : undefined;
      // Only the first call streams its acknowledgement: once one was spoken, a retry never adds another.
      const onText = attempt === 1 ? early.onText : undefined;
      const res = await deps.client.structured({ ...base, signal, correction, onText });
      const parsed = validate(schema, res.json, res.raw);
      if (parsed.ok) {
        return early.mark(toInterpretation(agent, input, node, nodeId, parsed.value, calls));
      }
      deps.logger.warn(
        { provider: deps.client.provider, model: deps.model, attempt, error: parsed.error },
        'conductor: invalid assessment output',
      );
      previous = { state: res.retry, error: parsed.error };
    } catch (err) {
      if (input.signal?.aborted === true) throw err;
      deps.logger.warn(
        { provider: deps.client.provider, model: deps.model, attempt, error: errorMessage(err) },
        'conductor: assessment call failed',
      );
      // Transport errors are retried without an error turn (the model never answered).
      previous = undefined;
    }
  }
  return early.mark(fallback(agent, input, calls));
}

function callSignal(outer: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return outer !== undefined ? AbortSignal.any([outer, timeout]) : timeout;
}

function validate(
  schema: z.ZodObject,
  json: unknown,
  raw: string,
): { ok: true; value: AssessmentOutput } | { ok: false; error: string } {
  if (json === undefined) return { ok: false, error: `not valid JSON: ${shorten(raw, 120) || '(empty)'}` };
  const r = schema.safeParse(json);
  const shaped = r.success ? assessmentShapeSchema.safeParse(r.data) : undefined;
  if (shaped?.success === true) return { ok: true, value: shaped.data };
  const issues = r.success ? (shaped?.error?.issues ?? []) : r.error.issues;
  const msg = issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  return { ok: false, error: msg };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** The safe fallback: answered, objective met, no fields, no probe (typed value from the offline parser). */
function fallback(agent: Agent, input: InterpretInput, calls: number): Interpretation {
  const offline = interpretOffline(agent, input);
  const fallbackNotes = (n: Partial<InterpretationNotes>): InterpretationNotes =>
    notes({ source: 'fallback', model_calls: calls, detail: 'model output unusable; safe fallback', ...n });
  if (input.node.type === 'consent' || offline.kind !== 'answer') {
    // Control intents and consent keep the rules' reading (they never probe).
    return { ...offline, notes: { ...offline.notes, source: 'fallback', model_calls: calls } };
  }
  const first = offline.events[0];
  const value = first?.type === 'answered' ? first.assessment.value : undefined;
  const assessment: Assessment = {
    objective_met: true,
    fields: {},
    probe: null,
    summary: shorten(input.utterance, 300),
  };
  if (value !== undefined) assessment.value = value;
  return {
    kind: 'answer',
    events: [{ type: 'answered', text: input.utterance.trim(), assessment, turn: input.turn }],
    notes: fallbackNotes({ objective_met: true, ...(value !== undefined ? { value } : {}) }),
    wording: {},
  };
}

function toInterpretation(
  agent: Agent,
  input: InterpretInput,
  node: AnswerNode | ConsentNodeLike,
  nodeId: string,
  out: AssessmentOutput,
  calls: number,
): Interpretation {
  const wording: Wording = {};
  if (out.acknowledgement !== null && out.acknowledgement.trim() !== '')
    wording.acknowledgement = out.acknowledgement.trim();
  if (out.reply !== null && out.reply.trim() !== '') wording.reply = out.reply.trim();
  const base = (n: Partial<InterpretationNotes>): InterpretationNotes =>
    notes({ source: 'llm', model_calls: calls, ...n });
  const turn = input.turn;
  const control = (kind: Interpretation['kind'], event: EngineEvent, detail: string): Interpretation => ({
    kind,
    events: [event],
    notes: base({ detail }),
    wording,
  });
  const unclear = (detail: string): Interpretation => {
    const attempts = earlierAnswers(input.history, nodeId).length;
    if (attempts >= MAX_UNCLEAR_ATTEMPTS) {
      if (node.type === 'consent')
        return control('refusal', { type: 'consent', given: false }, 'consent: no clear yes');
      return control(
        'dont_know',
        { type: 'declined', reason: 'dont_know', turn },
        `still unclear: ${detail}`,
      );
    }
    return control('unclear', { type: 'repeat_requested' }, `unclear: ${detail}`);
  };

  switch (out.kind) {
    case 'end':
      return control('end', { type: 'end_requested' }, 'end of interview requested');
    case 'repeat':
      return control('repeat', { type: 'repeat_requested' }, 'repeat requested');
    case 'clarification_question':
      return control('clarification_question', { type: 'repeat_requested' }, 'asked what the question means');
    case 'refusal':
      if (node.type === 'consent')
        return control('refusal', { type: 'consent', given: false }, 'consent refused');
      return control('refusal', { type: 'declined', reason: 'refused', turn }, 'declined: refused');
    case 'skip':
      if (node.type === 'consent') return unclear('consent needs a clear yes or no');
      return control('skip', { type: 'declined', reason: 'skip', turn }, 'declined: skip');
    case 'dont_know':
      if (node.type === 'consent') return unclear('consent needs a clear yes or no');
      return control('dont_know', { type: 'declined', reason: 'dont_know', turn }, 'declined: dont_know');
    case 'unclear':
      return unclear('the model could not determine the answer');
    case 'off_topic':
      if (agent.boundaries.off_topic_handling !== 'allow') {
        return control(
          'off_topic',
          { type: 'repeat_requested' },
          `off-topic: ${agent.boundaries.off_topic_handling}`,
        );
      }
      break;
    case 'answer':
      break;
  }

  if (node.type === 'consent') {
    if (typeof out.value !== 'boolean') return unclear('consent needs a clear yes or no');
    return control(out.value ? 'answer' : 'refusal', { type: 'consent', given: out.value }, 'consent');
  }

  const followingUp = input.state.current_follow_ups > 0;
  const previousValue = input.state.answers[nodeId]?.value;
  let value: FieldValue | undefined = node.type === 'question' ? undefined : toFieldValue(out.value);
  if (node.type !== 'question' && value === undefined) {
    if (!followingUp && previousValue === undefined) return unclear('no value in the answer');
    value = previousValue;
  }
  const fields = cleanFields(node.capture, out.fields ?? {});
  const sensitiveByRule = sensitiveTopicHit(
    [...earlierAnswers(input.history, nodeId), input.utterance].join(' '),
    agent.boundaries.sensitive_topics,
  );
  const sensitive =
    sensitiveByRule ??
    (out.sensitive_topic != null && out.sensitive_topic !== '' ? out.sensitive_topic : undefined);
  const probe =
    out.probe != null && sensitive === undefined
      ? { technique: out.probe.technique, reason: out.probe.reason.slice(0, 1000) }
      : null;
  if (probe !== null && out.probe != null && out.probe.question.trim() !== '')
    wording.follow_up = out.probe.question.trim();
  const assessment: Assessment = {
    objective_met: out.objective_met,
    fields,
    probe,
    summary: out.summary.slice(0, 2000),
  };
  if (value !== undefined) assessment.value = value;
  return {
    kind: out.kind === 'off_topic' ? 'off_topic' : 'answer',
    events: [{ type: 'answered', text: input.utterance.trim(), assessment, turn }],
    notes: base({
      objective_met: out.objective_met,
      fields,
      probe,
      sensitive_topic: sensitive ?? null,
      ...(value !== undefined ? { value } : {}),
    }),
    wording,
  };
}

function toFieldValue(v: unknown): FieldValue | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) {
    const items = v.filter((x): x is string | number | boolean =>
      ['string', 'number', 'boolean'].includes(typeof x),
    );
    return items.length > 0 ? items : undefined;
  }
  return undefined;
}

/** Drop nulls and numbers outside the field's min/max (the schema does not enforce ranges, to avoid needless retries). */
function cleanFields(
  capture: Readonly<Record<string, CaptureField>>,
  raw: Record<string, unknown>,
): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, field] of Object.entries(capture)) {
    const v = toFieldValue(raw[name]);
    if (v === undefined) continue;
    if (field.type === 'number' && typeof v === 'number') {
      if ((field.min !== undefined && v < field.min) || (field.max !== undefined && v > field.max)) continue;
    }
    if (field.type === 'string' && typeof v === 'string' && v.trim() === '') continue;
    out[name] = v;
  }
  return out;
}
