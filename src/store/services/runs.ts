import { ParleyError } from '../../errors/parley-error.js';
import type { CreateRunBody, RunDto, TranscriptDto } from '../api/runs.js';
import type { StoreDeps } from '../deps.js';
import { createJoinLinks, joinSecretFrom, joinUrl } from '../join-tokens.js';
import type { RunRow } from '../repos/runs.js';
import type { Tenant } from '../repos/scope.js';
import type { TurnRow } from '../repos/turns.js';
import { createHeaderSeal, headerSealKey, sealHeaders } from '../webhooks/header-seal.js';
import { assertEmail, inviteByEmail } from './invitations.js';
import { resolveVariables, runVariables } from './variables.js';
import { initialProgress } from '../../engine/progress.js';
import {
  agentDto,
  analysisDto,
  blueprintVersionDto,
  responsesDto,
  runDto,
  transcriptEntry,
} from './serialize.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;

export async function createRun(deps: StoreDeps, t: Tenant, body: CreateRunBody): Promise<RunRow> {
  const now = deps.clock.now();
  const bp = await deps.repos.blueprints.get(t, body.blueprint_id);
  if (bp.status === 'archived') {
    throw new ParleyError(
      'BLUEPRINT_ARCHIVED',
      `blueprint ${bp.id} is archived; runs cannot be created from it`,
    );
  }
  const version = body.blueprint_version ?? bp.publishedVersion;
  if (version === null) {
    throw new ParleyError(
      'BLUEPRINT_NOT_PUBLISHED',
      `blueprint ${bp.id} has no published version; publish it first`,
    );
  }
  const ver = await deps.repos.blueprints.version(bp.id, version);
  if (!ver) throw new ParleyError('NOT_FOUND', `blueprint ${bp.id} has no published version ${version}`);
  const def = ver.definition;

  const resolved = resolveVariables(def.variables, await deps.repos.variables.all(t));
  const variables = runVariables(resolved, body.variables);

  const agentId = body.agent_id ?? ver.agentId ?? (await deps.repos.agents.findDefault(t))?.id ?? null;
  if (agentId !== null) await liveAgent(deps, t, agentId);

  for (const [i, n] of body.notifications.entries()) {
    try {
      await deps.checkWebhookUrl(n.endpoint);
    } catch (err) {
      const e = err instanceof ParleyError ? err : new ParleyError('INVALID_WEBHOOK_URL', String(err));
      throw new ParleyError(e.code, `notifications.${i}.endpoint: ${e.message}`, e.details);
    }
  }

  if (body.participant.email !== undefined) assertEmail(body.participant.email, 'participant.email');
  if (body.invite && !deps.config.emailEnabled) {
    throw new ParleyError(
      'EMAIL_NOT_CONFIGURED',
      'invite.email needs PARLEY_SMTP_URL and PARLEY_EMAIL_FROM on the store',
    );
  }
  if (body.invite && !body.participant.email) {
    throw new ParleyError('INVALID_EMAIL', 'participant.email is required with invite.email', {
      issues: [{ path: 'participant.email', message: 'required with invite.email' }],
    });
  }

  const scheduledAt = body.scheduled_at ? new Date(body.scheduled_at) : null;
  const expiresAt = body.expires_at ? new Date(body.expires_at) : new Date(now + WEEK_MS);
  if (expiresAt.getTime() <= now) {
    throw new ParleyError('VALIDATION_FAILED', 'expires_at must be in the future', {
      issues: [{ path: 'expires_at', message: 'must be in the future' }],
    });
  }
  const id = deps.ids.id('run');
  const room = `parley-${id}`;
  let join: { url: string; token: string } | null = null;
  if (deps.joinTokens) {
    const tok = await deps.joinTokens.mint({
      id,
      room,
      participant: body.participant,
      expires_at: expiresAt,
    });
    const link = createJoinLinks(joinSecretFrom(deps.config)).sign(id, expiresAt);
    join = { url: joinUrl(deps.config.publicUrl, link), token: tok.join_token };
  }
  const at = new Date(now);
  const created = await deps.repos.runs.create(
    t,
    {
      id,
      blueprintId: bp.id,
      blueprintVersion: version,
      blueprintName: String(def.name),
      agentId,
      channel: body.channel,
      channelSettings: body.channel_settings,
      status: scheduledAt && scheduledAt.getTime() > now ? 'scheduled' : 'awaiting_participant',
      consentStatus: def.settings.consent ? 'pending' : 'not_required',
      participant: body.participant,
      participantName: body.participant.name,
      variables,
      notifications: sealNotifications(deps, body.notifications),
      room,
      joinUrl: join?.url ?? null,
      joinToken: join?.token ?? null,
      progress: initialProgress(def),
      scheduledAt,
      expiresAt,
      metadata: body.metadata,
      title: body.title ?? null,
      externalRefs: body.external_refs,
      createdAt: at,
      updatedAt: at,
    },
    body.channel === 'sip',
  );
  return body.invite ? inviteByEmail(deps, created, body.invite.message) : created;
}

/** The run's agent must exist in the organisation and not be deleted (409 AGENT_DELETED). */
async function liveAgent(deps: StoreDeps, t: Tenant, id: string): Promise<void> {
  if (await deps.repos.agents.find(t, id)) return;
  const any = await deps.repos.agents.byId(id);
  if (
    any &&
    any.organizationId === t.organizationId &&
    any.testMode === t.testMode &&
    any.deletedAt !== null
  ) {
    throw new ParleyError('AGENT_DELETED', `agent ${id} is deleted; runs cannot be created with it`);
  }
  throw new ParleyError('NOT_FOUND', `no agent ${id}`);
}

/** Header values are write-only: sealed before they are stored (webhooks/header-seal.ts). */
function sealNotifications(deps: StoreDeps, notifications: CreateRunBody['notifications']) {
  const seal = createHeaderSeal(headerSealKey(deps.config));
  return notifications.map((n) => {
    const headers = n.attributes.headers;
    return headers ? { ...n, attributes: { ...n.attributes, headers: sealHeaders(seal, headers) } } : n;
  });
}

export function transcriptDto(run: RunRow, turns: TurnRow[], language: string): TranscriptDto {
  const entries = turns.map((t) => transcriptEntry(t, run.startedAt));
  const words = entries.reduce(
    (n, e) => n + (e.content.trim() ? e.content.trim().split(/\s+/).length : 0),
    0,
  );
  const first = turns[0]?.startedAt.getTime();
  const last = turns.reduce((m, t) => Math.max(m, t.endedAt.getTime()), 0);
  return {
    object: 'transcript',
    run_id: run.id,
    status: ['completed', 'failed', 'processing'].includes(run.status)
      ? 'completed'
      : turns.length
        ? 'in_progress'
        : 'pending',
    entries,
    word_count: words,
    duration_s: first === undefined ? 0 : Math.round((last - first) / 100) / 10,
    language,
  };
}

export type Expand = 'blueprint' | 'agent' | 'transcript' | 'responses' | 'analysis';

export function expandList(...params: (string | string[] | undefined)[]): Set<Expand> {
  return new Set(params.flatMap((p) => (p === undefined ? [] : Array.isArray(p) ? p : [p])) as Expand[]);
}

/** Serialises runs with their sessions and the requested related objects (loaded in batches). */
export async function runDtos(deps: StoreDeps, rows: RunRow[], expand: Set<Expand>): Promise<RunDto[]> {
  const ids = rows.map((r) => r.id);
  const sessions = await deps.repos.runs.sessions(ids);
  const documents = await deps.repos.documents.idsOf(ids);
  const responses = expand.has('responses') ? await deps.repos.results.many(ids, 'responses') : null;
  const analyses = expand.has('analysis') ? await deps.repos.results.many(ids, 'analysis') : null;
  const out: RunDto[] = [];
  for (const r of rows) {
    const dto = runDto(r, sessions.get(r.id) ?? [], documents.get(r.id) ?? null);
    const needsBlueprint = expand.has('blueprint') || expand.has('transcript');
    const ver = needsBlueprint
      ? await deps.repos.blueprints.version(r.blueprintId, r.blueprintVersion)
      : null;
    if (expand.has('blueprint') && ver) dto.blueprint = blueprintVersionDto(ver);
    if (expand.has('agent')) {
      const a = r.agentId ? await deps.repos.agents.byId(r.agentId) : null;
      dto.agent = a ? agentDto(a) : null;
    }
    if (expand.has('transcript')) {
      const language = String(
        (ver?.definition.settings as { language?: string } | undefined)?.language ?? 'en',
      );
      dto.transcript = transcriptDto(r, await deps.repos.turns.list(r.id), language);
    }
    if (responses) dto.responses = responsesDto(r.id, responses.get(r.id) ?? null);
    if (analyses) dto.analysis = analysisDto(r.id, analyses.get(r.id) ?? null);
    out.push(dto);
  }
  return out;
}
