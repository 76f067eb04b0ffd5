import { ParleyError } from '../../errors/parley-error.js';
import type { AnalysisDto, ResponsesDto } from '../api/runs.js';
import type { TranscriptDocumentDto } from '../api/documents.js';
import type { StoreDeps } from '../deps.js';
import type { Tenant } from '../repos/scope.js';
import { transcriptDto } from './runs.js';
import { analysisDto, responsesDto } from './serialize.js';
import { runIdOfTranscript } from './document-ids.js';

/** Result documents by id, scoped to the caller's organisation and mode (document-ids.ts: the ids). */
export async function transcriptById(deps: StoreDeps, t: Tenant, id: string): Promise<TranscriptDocumentDto> {
  const runId = runIdOfTranscript(id);
  const run = runId === null ? null : await deps.repos.runs.find(t, runId);
  if (!run) throw new ParleyError('NOT_FOUND', `no transcript ${id}`);
  const ver = await deps.repos.blueprints.version(run.blueprintId, run.blueprintVersion);
  const language = String((ver?.definition.settings as { language?: string } | undefined)?.language ?? 'en');
  return { id, ...transcriptDto(run, await deps.repos.turns.list(run.id), language) };
}

export async function analysisById(deps: StoreDeps, t: Tenant, id: string): Promise<AnalysisDto> {
  const row = await deps.repos.documents.byId(t, 'analysis', id);
  const run = row ? await deps.repos.runs.find(t, row.runId) : null;
  if (!row || !run) throw new ParleyError('NOT_FOUND', `no analysis ${id}`);
  return analysisDto(run.id, row)!;
}

export async function responsesById(deps: StoreDeps, t: Tenant, id: string): Promise<ResponsesDto> {
  const row = await deps.repos.documents.byId(t, 'responses', id);
  const run = row ? await deps.repos.runs.find(t, row.runId) : null;
  if (!row || !run) throw new ParleyError('NOT_FOUND', `no responses ${id}`);
  return responsesDto(run.id, row)!;
}
