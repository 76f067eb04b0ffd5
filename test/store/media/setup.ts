import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseStoreEnv } from '../../../src/config/store.js';
import { startStore, type RunningStore } from '../../../src/store/start.js';
import { ROOT, SHORT_YAML, TestClock } from '../helpers.js';

export const BOOTSTRAP = 'pk_live_MediaTestBootstrap0123456789ab';
export const AGENT = 'media-agent-secret-0123456789';
export const TONE_WAV = readFileSync(join(ROOT, 'test/store/media/fixtures/stereo-tone.wav'));

export interface MediaTestStore {
  store: RunningStore;
  clock: TestClock;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  agent(
    method: string,
    path: string,
    o?: { body?: string | Buffer; contentType?: string },
  ): Promise<{ status: number; body: any }>;
  /** A published blueprint's run (recording on or off) with a session started. */
  startedRun(recording: boolean): Promise<{ id: string; sessionStartedAt: string }>;
  close(): Promise<void>;
}

/** A real store on 127.0.0.1 (PGlite in memory) with the given extra environment. */
export async function startMediaStore(env: Record<string, string>): Promise<MediaTestStore> {
  const clock = new TestClock(Date.now());
  const store = await startStore({
    config: parseStoreEnv({ PARLEY_BOOTSTRAP_KEY: BOOTSTRAP, PARLEY_AGENT_SECRET: AGENT, ...env }),
    port: 0,
    dataDir: 'memory://',
    logger: pino({ level: 'silent' }),
    clock,
    webhooks: false,
  });
  const call = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string | Buffer,
  ) => {
    const res = await fetch(store.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    return {
      status: res.status,
      body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
    };
  };
  const api: MediaTestStore['api'] = (method, path, body) =>
    call(
      method,
      path,
      {
        authorization: `Bearer ${BOOTSTRAP}`,
        ...(body === undefined
          ? {}
          : { 'content-type': typeof body === 'string' ? 'application/yaml' : 'application/json' }),
      },
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    );
  const agent: MediaTestStore['agent'] = (method, path, o = {}) =>
    call(
      method,
      path,
      { 'x-agent-secret': AGENT, ...(o.contentType ? { 'content-type': o.contentType } : {}) },
      o.body,
    );
  let blueprintId: string | null = null;
  const startedRun = async (recording: boolean) => {
    if (blueprintId === null) {
      const bp = await api('POST', '/v1/blueprints', SHORT_YAML);
      blueprintId = bp.body.id as string;
      await api('POST', `/v1/blueprints/${blueprintId}/publish`);
    }
    const run = await api('POST', '/v1/interview-runs', {
      blueprint_id: blueprintId,
      participant: { name: 'Robin Lee' },
      variables: { product: 'Parley' },
      channel_settings: { recording },
    });
    if (run.status !== 201) throw new Error(`create run: ${run.status} ${JSON.stringify(run.body)}`);
    const session = await agent('POST', `/internal/runs/${run.body.id}/sessions`, {
      body: '{}',
      contentType: 'application/json',
    });
    if (session.status !== 201) throw new Error(`start session: ${session.status}`);
    return { id: run.body.id as string, sessionStartedAt: session.body.run.started_at as string };
  };
  return { store, clock, api, agent, startedRun, close: () => store.close() };
}

/** Upload a recording the way the worker does. */
export function uploadRecording(
  s: MediaTestStore,
  runId: string,
  timelineStartedAt: string,
  body: string | Buffer = TONE_WAV,
  contentType = 'audio/wav',
) {
  return s.agent(
    'PUT',
    `/internal/runs/${runId}/recording?timeline_started_at=${encodeURIComponent(timelineStartedAt)}`,
    {
      body,
      contentType,
    },
  );
}
