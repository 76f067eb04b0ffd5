/**
 * # The conductor: the interviewer's judgement
 *
 * `interpret` turns what the participant said into engine events (with an assessment: objective met?,
 * captured fields, typed value, a probe with its technique and reason); `speak` turns the engine's
 * actions into the agent's next utterance. No LiveKit types: the console and the voice worker call the
 * same two functions.
 *
 * ## Latency design: at most ONE model round trip on a turn's critical path
 *
 *   participant stops speaking
 *     → interpret(): ONE assessment call (structured output). Besides the assessment it returns the
 *       words the agent will need next: the follow-up question when it proposes a probe, a reply to a
 *       clarification question or a redirect, and a short acknowledgement.
 *     → engine.step() (pure, microseconds) decides: next question, follow-up (budget permitting), end.
 *     → speak(): NO model call in the common cases —
 *         · fixed texts (intro, statements, consent request, outro, welcome back, idle prompt) and the
 *           question text of the next node are spoken as written (templates already rendered);
 *         · the follow-up is the wording prepared by the assessment call;
 *         · transitions ("Thanks, that's helpful.") come from the assessment or from offline templates.
 *       Only when no wording was prepared (after the safe fallback, or a follow-up re-issued after a
 *       resume) does speak() call the generation model — streaming, so the first words reach TTS after
 *       the first tokens, and fixed text before it is yielded immediately.
 *   Utterances the rules recognise with certainty ("can you repeat that?", "I need to go") skip the
 *   model entirely (zero calls).
 *
 * Bounded waiting: every call has a timeout (`timeoutMs`, default 8 s) and the caller's AbortSignal;
 * an invalid output is retried once with the validation error; after that the safe fallback (answered,
 * objective met, no fields, no probe; a yes/no, choice or rating value still comes from the offline
 * parser) keeps the interview moving. The assessment model should be a fast one: its output is small.
 *
 * ## Modes
 * - `offline`: deterministic rules (src/conductor/rules, composed in src/conductor/offline): typed parsers, capture heuristics, probing
 *   by technique templates and the agent's probing_depth. Zero network calls. English only.
 * - `llm`: OpenAI (Chat Completions, `response_format: json_schema` strict) or Anthropic (Messages,
 *   forced tool call), per role from `agent.model_config.assessment` / `.generation`.
 */
import { ParleyError } from '../errors/parley-error.js';
import type { Agent } from '../agent/schema.js';
import { createLlmConductor } from './llm/conductor.js';
import { createOfflineConductor } from './offline/conductor.js';
import { warmClauseModel } from '../nlp/clause.js';
import type { ProviderConnections } from '../llm/connection.js';
import type { Conductor, ConductorOptions } from './types.js';

export type {
  Conductor,
  ConductorLogger,
  ConductorOptions,
  InterpretInput,
  Interpretation,
  Turn,
} from './types.js';
export { parseYesNo } from './rules/yes-no.js';
export { parseChoice } from './rules/choice.js';
export { parseRating } from './rules/rating.js';
export { firstNumber } from './rules/numbers.js';
export { captureFields } from './rules/capture.js';
export { classifyIntent, sensitiveTopicHit } from './rules/classify.js';

export function createConductor(options: ConductorOptions): Conductor {
  // The typed-value readers of both modes use wink-nlp's model: load it before the first answer.
  warmClauseModel();
  switch (options.mode) {
    case 'offline':
      return createOfflineConductor(options.agent, { logger: options.logger, now: options.now });
    case 'llm':
      return createLlmConductor(options);
  }
}

/**
 * `llm` when every provider the agent's model_config names has a connection, else `offline`
 * (the default when no API key is configured). The caller reads keys from its environment.
 */
export function chooseConductorMode(agent: Agent, connections: ProviderConnections): 'offline' | 'llm' {
  const needed = new Set([agent.model_config.assessment.provider, agent.model_config.generation.provider]);
  for (const p of needed) if (connections[p] === undefined) return 'offline';
  return 'llm';
}

/** Throws INVALID_CONFIG when `llm` mode lacks a provider connection the agent needs. */
export function assertConductorConfig(options: ConductorOptions): void {
  if (options.mode === 'offline') return;
  for (const role of ['assessment', 'generation'] as const) {
    const provider = options.agent.model_config[role].provider;
    if (options[provider] === undefined) {
      throw new ParleyError(
        'INVALID_CONFIG',
        `agent model_config.${role} uses ${provider}, but no ${provider} API key is configured`,
      );
    }
  }
}
