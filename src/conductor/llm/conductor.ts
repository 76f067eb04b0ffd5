import type { Agent } from '../../agent/schema.js';
import type { ModelClient } from '../../llm/client.js';
import { modelClientCache } from '../../llm/create.js';
import { offlineClarify, offlineFollowUp, planUtterance, type Segment } from '../speak.js';
import type {
  Conductor,
  ConductorOptions,
  InterpretInput,
  Interpretation,
  SpeakInput,
  Turn,
} from '../types.js';
import { interpretWithModel } from './interpret.js';
import { clarifyTask, followUpTask, generationSystemPrompt } from './prompts.js';

export const DEFAULT_TIMEOUT_MS = 8000;
/** Turns of recent conversation given to the generation model. */
const RECENT_TURNS = 6;

/** The model-backed conductor; see index.ts for the latency design. */
export function createLlmConductor(options: ConductorOptions): Conductor {
  const { agent, logger } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clientOf = modelClientCache(
    { openai: options.openai, anthropic: options.anthropic },
    { timeoutMs, maxRetries: 0 },
    'conductor: model_config',
  );
  // Fail fast on a missing key for either role, not in the middle of an interview.
  const assessment = agent.model_config.assessment;
  const generation = agent.model_config.generation;
  const clientFor = (ref: { provider: 'openai' | 'anthropic' }): ModelClient => clientOf(ref.provider);
  clientFor(assessment);
  clientFor(generation);

  return {
    async interpret(input: InterpretInput): Promise<Interpretation> {
      const started = options.now();
      const out = await interpretWithModel(
        { agent, client: clientFor(assessment), model: assessment.model, logger, timeoutMs },
        input,
      );
      out.latency_ms = Math.max(0, options.now() - started);
      logger.debug(
        { kind: out.kind, node: input.state.current_node, notes: out.notes, latency_ms: out.latency_ms },
        'conductor: interpreted',
      );
      return out;
    },
    speak(input: SpeakInput): AsyncIterable<string> {
      return speakWithModel(agent, clientFor(generation), generation.model, options, timeoutMs, input);
    },
  };
}

async function* speakWithModel(
  agent: Agent,
  client: ModelClient,
  model: string,
  options: ConductorOptions,
  timeoutMs: number,
  input: SpeakInput,
): AsyncIterable<string> {
  const segments = planUtterance(agent, input);
  let first = true;
  const sep = (): string => (first ? '' : ' ');
  for (const segment of segments) {
    if (segment.type === 'text') {
      yield `${sep()}${segment.text}`;
      first = false;
      continue;
    }
    let produced = false;
    try {
      const signal =
        input.signal !== undefined
          ? AbortSignal.any([input.signal, AbortSignal.timeout(timeoutMs)])
          : AbortSignal.timeout(timeoutMs);
      for await (const chunk of client.stream({
        model,
        system: generationSystemPrompt(agent),
        user: task(segment, input, input.history.slice(-RECENT_TURNS)),
        maxTokens: 200,
        signal,
      })) {
        if (chunk === '') continue;
        yield produced ? chunk : `${sep()}${chunk.replace(/^\s+/, '')}`;
        produced = true;
        first = false;
      }
    } catch (err) {
      if (input.signal?.aborted === true) return;
      options.logger.warn(
        { provider: client.provider, model, error: err instanceof Error ? err.message : String(err) },
        'conductor: phrasing call failed; using the offline wording',
      );
    }
    if (!produced) {
      yield `${sep()}${offlineText(segment, input)}`;
      first = false;
    }
  }
}

function task(
  segment: Exclude<Segment, { type: 'text' }>,
  input: SpeakInput,
  recent: readonly Turn[],
): string {
  switch (segment.type) {
    case 'follow_up':
      return followUpTask(segment.action, input.lastUtterance, recent);
    case 'clarify':
      return clarifyTask(segment.question, input.lastUtterance, recent);
  }
}

function offlineText(segment: Exclude<Segment, { type: 'text' }>, input: SpeakInput): string {
  switch (segment.type) {
    case 'follow_up':
      return offlineFollowUp(segment.action, input.lastUtterance);
    case 'clarify':
      return offlineClarify(segment.question);
  }
}
