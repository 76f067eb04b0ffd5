import type { TranscriptEntry } from '../../analysis/types.js';
import type { AgentDto } from '../api/agents.js';
import type { BlueprintDto, BlueprintVersionDto } from '../api/blueprints.js';
import type { ApiKeyDto, Scope } from '../api/keys.js';
import type { AnalysisDto, ResponsesDto, RunDto } from '../api/runs.js';
import type { AgentRow } from '../repos/agents.js';
import type { ApiKeyRow } from '../repos/api-keys.js';
import type { BlueprintRow, BlueprintVersionRow } from '../repos/blueprints.js';
import type { ResultRow } from '../repos/results.js';
import type { RunRow, SessionRow } from '../repos/runs.js';
import type { TurnRow } from '../repos/turns.js';
import { redactHeaders } from '../webhooks/header-seal.js';
import type { DocumentIds } from '../repos/documents.js';
import { transcriptIdOf } from './document-ids.js';

/** Rows → public API objects (the shapes in src/store/api). */

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function apiKeyDto(r: ApiKeyRow): ApiKeyDto {
  return {
    id: r.id,
    object: 'api_key',
    organization_id: r.organizationId,
    test_mode: r.testMode,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes as Scope[],
    last_used_at: iso(r.lastUsedAt),
    expires_at: iso(r.expiresAt),
    revoked_at: iso(r.revokedAt),
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function agentDto(r: AgentRow, config = r.config, version = r.version, name = r.name): AgentDto {
  const persona = obj(config.persona);
  const voice = config.voice ? obj(config.voice) : null;
  const boundaries = obj(config.boundaries);
  const mc = obj(config.model_config);
  const pm = (v: unknown) => (v ? { provider: String(obj(v).provider), model: String(obj(v).model) } : null);
  return {
    id: r.id,
    object: 'agent',
    organization_id: r.organizationId,
    test_mode: r.testMode,
    name,
    description: str(config.description),
    version,
    is_default: r.isDefault,
    persona: {
      system_prompt: str(persona.system_prompt),
      tone: str(persona.tone) ?? 'conversational',
      language: str(persona.language) ?? 'en',
    },
    voice: voice
      ? {
          provider: String(voice.provider),
          voice_id: String(voice.voice_id),
          speed: Number(voice.speed ?? 1),
        }
      : null,
    techniques: Array.isArray(config.techniques) ? (config.techniques as string[]) : [],
    probing_depth: str(config.probing_depth) ?? 'moderate',
    boundaries: {
      max_follow_ups_per_question:
        typeof boundaries.max_follow_ups_per_question === 'number'
          ? boundaries.max_follow_ups_per_question
          : null,
      off_topic_handling: str(boundaries.off_topic_handling) ?? 'gentle_redirect',
      sensitive_topics: Array.isArray(boundaries.sensitive_topics)
        ? (boundaries.sensitive_topics as string[])
        : [],
    },
    model_config: { generation: pm(mc.generation), assessment: pm(mc.assessment) },
    metadata: obj(config.metadata),
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

export function blueprintDto(r: BlueprintRow): BlueprintDto {
  const d = r.definition;
  return {
    id: r.id,
    object: 'blueprint',
    organization_id: r.organizationId,
    test_mode: r.testMode,
    agent_id: r.agentId,
    slug: String(d.id),
    name: r.name,
    description: str(d.description),
    version: r.version,
    published_version: r.publishedVersion,
    status: r.status as BlueprintDto['status'],
    graph: obj(d.graph),
    settings: obj(d.settings),
    pipeline: { transcript: true, responses: true, analysis: true, ...(obj(d.pipeline) as object) },
    variables: Array.isArray(d.variables) ? (d.variables as Obj[]) : [],
    scorecard: d.scorecard ? obj(d.scorecard) : null,
    metadata: obj(d.metadata),
    warnings: r.warnings as BlueprintDto['warnings'],
    published_at: iso(r.publishedAt),
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

export function blueprintVersionDto(v: BlueprintVersionRow): BlueprintVersionDto {
  return {
    object: 'blueprint_version',
    blueprint_id: v.blueprintId,
    version: v.version,
    agent_id: v.agentId,
    published_at: v.publishedAt.toISOString(),
    definition: v.definition,
  };
}

export function transcriptEntry(t: TurnRow, runStartedAt: Date | null): TranscriptEntry {
  const start = runStartedAt?.getTime() ?? t.startedAt.getTime();
  return {
    id: t.id,
    role: t.role as TranscriptEntry['role'],
    content: t.content,
    timestamp: t.startedAt.toISOString(),
    offset_ms: Math.max(0, t.startedAt.getTime() - start),
    duration_ms: Math.max(0, t.endedAt.getTime() - t.startedAt.getTime()),
    session_id: t.sessionId ?? '',
    node_id: t.nodeId,
    question_key: t.questionKey,
    entry_type: t.entryType as TranscriptEntry['entry_type'],
    confidence: t.confidence,
    turn_number: t.turnNumber,
    is_pending_question: t.isPendingQuestion,
    evaluation: t.evaluation,
    audio_url: t.audioUrl,
  };
}

/** A run's result document ids; runs serialised without them loaded (the worker's, webhooks') say null. */
export function runDto(r: RunRow, sessions: SessionRow[], docs: DocumentIds | null = null): RunDto {
  const p = r.participant;
  return {
    id: r.id,
    object: 'interview_run',
    organization_id: r.organizationId,
    test_mode: r.testMode,
    blueprint_id: r.blueprintId,
    blueprint_version: r.blueprintVersion,
    agent_id: r.agentId,
    channel: r.channel as RunDto['channel'],
    channel_settings: r.channelSettings,
    dial_in_pin: r.dialInPin,
    status: r.status as RunDto['status'],
    consent_status: r.consentStatus as RunDto['consent_status'],
    participant: {
      external_id: p.external_id ?? null,
      name: p.name,
      email: p.email ?? null,
      metadata: p.metadata ?? {},
    },
    variables: r.variables,
    notifications: r.notifications.map((n) => ({
      endpoint: n.endpoint,
      attributes: n.attributes.headers
        ? { ...n.attributes, headers: redactHeaders(n.attributes.headers) }
        : n.attributes,
    })),
    room: r.room,
    title: r.title,
    external_refs: r.externalRefs,
    join_url: r.joinUrl,
    invited_at: iso(r.invitedAt),
    email_sent_at: iso(r.emailSentAt),
    join_token: r.joinToken,
    expires_at: iso(r.expiresAt),
    scheduled_at: iso(r.scheduledAt),
    progress: r.progress,
    current_session_id: r.currentSessionId,
    session_count: r.sessionCount,
    sessions: sessions.map((s) => ({
      id: s.id,
      started_at: s.startedAt.toISOString(),
      ended_at: iso(s.endedAt),
      participant_identity: s.participantIdentity,
    })),
    started_at: iso(r.startedAt),
    ended_at: iso(r.endedAt),
    completed_at: iso(r.completedAt),
    end_reason: r.endReason,
    audio_url: r.audioUrl,
    transcript_id: transcriptIdOf(r.id),
    responses_id: docs?.responses ?? null,
    analysis_id: docs?.analysis ?? null,
    failure: r.failure ?? null,
    last_event_at: iso(r.lastEventAt),
    metadata: r.metadata,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

export function responsesDto(runId: string, row: ResultRow | null): ResponsesDto | null {
  if (!row) return null;
  const d = obj(row.data);
  return {
    id: row.id,
    object: 'responses',
    run_id: runId,
    status: row.status as ResponsesDto['status'],
    items: (d.items as ResponsesDto['items']) ?? [],
    path_taken: (d.path_taken as string[]) ?? [],
    completion_rate: typeof d.completion_rate === 'number' ? d.completion_rate : 0,
    error: row.error,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function analysisDto(runId: string, row: ResultRow | null): AnalysisDto | null {
  if (!row) return null;
  return {
    id: row.id,
    object: 'analysis',
    run_id: runId,
    status: row.status as AnalysisDto['status'],
    model: row.model,
    results: row.status === 'completed' ? (row.data as AnalysisDto['results']) : null,
    error: row.error,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
