import { agentSchema, type Agent, type AgentInput } from '../agent/schema.js';
import { agentSchema as agentDtoSchema, type AgentDto } from '../store/api/agents.js';

/**
 * The run's agent as the store's session reply carries it (the public agent DTO of src/store/api/agents.ts:
 * ids, version, timestamps, nulls for unset parts) → the interviewer definition the conductor and the TTS use.
 * One place, for the worker and the console alike.
 */
export function agentFromDto(dto: AgentDto): Agent {
  const input: AgentInput = {
    id: dto.id,
    name: dto.name,
    ...(dto.description !== null ? { description: dto.description } : {}),
    persona: {
      ...(dto.persona.system_prompt !== null ? { system_prompt: dto.persona.system_prompt } : {}),
      tone: dto.persona.tone as NonNullable<AgentInput['persona']>['tone'],
      language: dto.persona.language,
    },
    ...(dto.voice ? { voice: dto.voice } : {}),
    techniques: dto.techniques as AgentInput['techniques'],
    probing_depth: dto.probing_depth as AgentInput['probing_depth'],
    boundaries: {
      ...(dto.boundaries.max_follow_ups_per_question !== null
        ? { max_follow_ups_per_question: dto.boundaries.max_follow_ups_per_question }
        : {}),
      // agents stored before the store took the agent schema's names
      off_topic_handling: (dto.boundaries.off_topic_handling === 'firm_redirect'
        ? 'strict_redirect'
        : dto.boundaries.off_topic_handling) as NonNullable<AgentInput['boundaries']>['off_topic_handling'],
      sensitive_topics: dto.boundaries.sensitive_topics,
    },
    model_config: {
      ...(dto.model_config.generation ? { generation: dto.model_config.generation } : {}),
      ...(dto.model_config.assessment ? { assessment: dto.model_config.assessment } : {}),
    } as AgentInput['model_config'],
    metadata: dto.metadata,
  };
  return agentSchema.parse(input);
}

export type SessionAgent =
  { type: 'none' } | { type: 'agent'; agent: Agent } | { type: 'invalid'; problem: string };

/** The `agent` of a session reply: none (the default agent applies), the agent, or why it cannot be used. */
export function sessionAgent(raw: unknown): SessionAgent {
  if (raw === null || raw === undefined) return { type: 'none' };
  const dto = agentDtoSchema.safeParse(raw);
  if (!dto.success) return { type: 'invalid', problem: dto.error.issues[0]?.message ?? 'not an agent' };
  try {
    return { type: 'agent', agent: agentFromDto(dto.data) };
  } catch (err) {
    return { type: 'invalid', problem: err instanceof Error ? err.message.slice(0, 300) : 'not an agent' };
  }
}
