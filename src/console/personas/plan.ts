import type { Agent, ModelRef } from '../../agent/schema.js';
import type { Blueprint } from '../../blueprint/schema.js';
import type { ModelClient } from '../../llm/client.js';
import type { ProviderConnections } from '../../llm/connection.js';
import { createModelClient } from '../../llm/create.js';
import { ParleyError } from '../../errors/parley-error.js';
import { LlmPersonaParticipant } from './llm.js';
import type { Persona, PersonaMode, PersonaModeSetting, PersonasFile } from './schema.js';
import { PersonaParticipant } from './scripted.js';
import type { SimParticipant } from './stats.js';

/**
 * Who plays the personas of a simulation. Per persona the setting is the CLI flag (`--llm-personas` /
 * `--scripted-personas`), else the persona's `mode`, else the file's `llm.mode`, else `auto`; `auto`
 * means a model when the persona model's provider has a connection (API key), scripted otherwise. The
 * model is `--persona-model`, else the file's `llm.model`, else the agent's generation model.
 * `llm` without a connection is an INVALID_CONFIG error, before any run starts.
 */
export interface PersonaPlanInput {
  file: PersonasFile;
  agent: Agent;
  connections: ProviderConnections;
  /** From the CLI: wins over the file. */
  mode?: PersonaModeSetting | undefined;
  model?: ModelRef | undefined;
  timeoutMs?: number | undefined;
  concurrency?: number | undefined;
}

export interface PersonaPlan {
  model: ModelRef;
  /** Set when at least one persona is played by the model. */
  client: ModelClient | null;
  timeoutMs: number;
  /** Runs in parallel (1 when every persona is scripted: scripted runs are CPU-bound). */
  concurrency: number;
  modeOf(persona: Persona): PersonaMode;
}

const ENV_PREFIX = { openai: 'OPENAI', anthropic: 'ANTHROPIC' } as const;

export function planPersonas(input: PersonaPlanInput): PersonaPlan {
  const { file, agent, connections } = input;
  const model = input.model ?? file.llm?.model ?? agent.model_config.generation;
  const timeoutMs = input.timeoutMs ?? file.llm?.timeout_ms ?? 15_000;
  const connection = connections[model.provider];
  const settingOf = (p: Persona): PersonaModeSetting => input.mode ?? p.mode ?? file.llm?.mode ?? 'auto';
  const modes = new Map<string, PersonaMode>();
  for (const p of file.personas) {
    const setting = settingOf(p);
    if (setting === 'llm' && connection === undefined) {
      const env = ENV_PREFIX[model.provider];
      throw new ParleyError(
        'INVALID_CONFIG',
        `LLM personas need a ${model.provider} API key (persona model ${model.provider}:${model.model}): set ${env}_API_KEY (and ${env}_BASE_URL for another endpoint), choose another model with --persona-model provider:model, or use --scripted-personas`,
      );
    }
    modes.set(p.name, setting === 'auto' ? (connection !== undefined ? 'llm' : 'scripted') : setting);
  }
  const anyLlm = [...modes.values()].includes('llm');
  let client: ModelClient | null = null;
  if (anyLlm && connection !== undefined) {
    client = createModelClient(
      model.provider,
      connections,
      { timeoutMs, maxRetries: 0 },
      'the persona model',
    );
  }
  return {
    model,
    client,
    timeoutMs,
    concurrency: anyLlm ? (input.concurrency ?? file.llm?.concurrency ?? 4) : 1,
    modeOf: (p) => modes.get(p.name) ?? 'scripted',
  };
}

/** The participant of run `index`: model-played or scripted, per the plan. */
export function personaParticipant(
  plan: PersonaPlan,
  persona: Persona,
  blueprint: Blueprint,
  index: number,
  facts: Readonly<Record<string, string>>,
): SimParticipant {
  const mode = plan.modeOf(persona);
  switch (mode) {
    case 'scripted':
      return new PersonaParticipant(persona, blueprint, index);
    case 'llm':
      if (plan.client === null) return new PersonaParticipant(persona, blueprint, index);
      return new LlmPersonaParticipant({
        persona,
        blueprint,
        seed: index,
        facts,
        client: plan.client,
        model: plan.model,
        timeoutMs: plan.timeoutMs,
      });
  }
}

/** The plan of a simulation without providers: every persona scripted. */
export function scriptedPlan(agent: Agent): PersonaPlan {
  return {
    model: agent.model_config.generation,
    client: null,
    timeoutMs: 15_000,
    concurrency: 1,
    modeOf: () => 'scripted',
  };
}
