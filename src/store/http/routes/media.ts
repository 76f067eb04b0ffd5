import { Readable } from 'node:stream';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { ParleyError } from '../../../errors/parley-error.js';
import {
  audioLinkSchema,
  recordingSchema,
  recordingUploadQuery,
  recordingWantedSchema,
} from '../../api/audio.js';
import { bodyErrorResponses, errorResponses, idParams, jsonOk } from '../../api/common.js';
import type { StoreDeps } from '../../deps.js';
import { audioLink, recordingWanted, saveRecording } from '../../media/recordings.js';
import { parseRange } from '../../media/range.js';
import { MEDIA_ROUTE_PREFIX, verifyMediaSignature } from '../../media/signing.js';
import { assertSafeKey, recordingContentTypeSchema } from '../../media/types.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { errorBody } from '../errors.js';
import { route } from '../openapi.js';

/** `PUT /internal/runs/:id/recording` is exempt from the global JSON body limit (it has its own). */
export const RECORDING_UPLOAD_PATH = /^\/internal\/runs\/[^/]+\/recording$/;

/** Public: the audio link of a run, and the signed download route of media kept on disk. */
export function registerAudioRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    route('get', '/v1/interview-runs/{id}/audio', 'Results', {
      summary:
        'A signed link to the run’s recording (stereo: participant left, agent right), valid for one hour',
      request: { params: idParams },
      responses: { 200: jsonOk(audioLinkSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:read');
      return c.json(await audioLink(deps, tenantOf(c), c.req.valid('param').id), 200);
    },
  );

  app.get(`${MEDIA_ROUTE_PREFIX}*`, async (c) => {
    const key = decodeURIComponent(c.req.path.slice(MEDIA_ROUTE_PREFIX.length));
    try {
      assertSafeKey(key);
    } catch {
      throw new ParleyError('NOT_FOUND', 'no such media');
    }
    verifyMediaSignature({
      secret: deps.config.mediaUrlSecret,
      key,
      expires: c.req.query('expires'),
      sig: c.req.query('sig'),
      now: deps.clock.now(),
    });
    const info = await deps.media.head(key);
    if (info === null) throw new ParleyError('RECORDING_NOT_FOUND', 'the recording no longer exists');
    const headers: Record<string, string> = {
      'content-type': info.contentType,
      'accept-ranges': 'bytes',
      'cache-control': 'private, max-age=3600',
    };
    const range = parseRange(c.req.header('range'), info.bytes);
    if (range === 'unsatisfiable') {
      const e = errorBody('RANGE_NOT_SATISFIABLE', `range outside 0-${info.bytes - 1}`);
      return c.json(e, 416, { 'content-range': `bytes */${info.bytes}` });
    }
    const body = await deps.media.get(key, range ?? undefined);
    if (body === null) throw new ParleyError('RECORDING_NOT_FOUND', 'the recording no longer exists');
    const web = Readable.toWeb(body) as ReadableStream<Uint8Array>;
    if (range === null) return c.body(web, 200, { ...headers, 'content-length': String(info.bytes) });
    return c.body(web, 206, {
      ...headers,
      'content-length': String(range.end - range.start + 1),
      'content-range': `bytes ${range.start}-${range.end}/${info.bytes}`,
    });
  });
}

/** Agent-facing: does the run want a recording, and the upload of it (raw audio/wav or audio/ogg). */
export function registerRecordingRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    route(
      'get',
      '/internal/runs/{id}/recording',
      'Agent (internal)',
      {
        summary: 'Whether the run asks for a recording, and where its timeline starts',
        request: { params: idParams },
        responses: { 200: jsonOk(recordingWantedSchema) },
      },
      'agent',
    ),
    async (c) => c.json(await recordingWanted(deps, c.req.valid('param').id), 200),
  );

  const limit = bodyLimit({
    maxSize: deps.config.recordingMaxBytes,
    onError: () => {
      throw new ParleyError(
        'PAYLOAD_TOO_LARGE',
        `recording larger than ${deps.config.recordingMaxBytes} bytes`,
      );
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'put',
    path: '/internal/runs/{id}/recording',
    tags: ['Agent (internal)'],
    summary:
      'Upload the run’s recording (raw audio/wav or audio/ogg; stereo: participant left, agent right) before finalize',
    security: [{ agent: [] }],
    request: {
      params: idParams,
      query: recordingUploadQuery,
      body: {
        required: true,
        content: {
          'audio/wav': { schema: { type: 'string', format: 'binary' } },
          'audio/ogg': { schema: { type: 'string', format: 'binary' } },
        },
      },
    },
    responses: { ...errorResponses, ...bodyErrorResponses, 201: jsonOk(recordingSchema, 'Stored') },
  });
  app.put('/internal/runs/:id/recording', limit, async (c) => {
    const id = idParams.parse({ id: c.req.param('id') }).id;
    const type = recordingContentTypeSchema.safeParse(c.req.header('content-type')?.split(';')[0]?.trim());
    if (!type.success)
      throw new ParleyError('UNSUPPORTED_MEDIA_TYPE', 'a recording is audio/wav or audio/ogg');
    const q = recordingUploadQuery.safeParse(c.req.query());
    if (!q.success)
      throw new ParleyError('VALIDATION_FAILED', 'timeline_started_at (ISO 8601) is required', {
        issues: q.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    const raw = c.req.raw.body;
    if (raw === null) throw new ParleyError('VALIDATION_FAILED', 'the recording body is empty');
    const saved = await saveRecording(deps, id, {
      body: Readable.fromWeb(raw as import('node:stream/web').ReadableStream<Uint8Array>),
      contentType: type.data,
      timelineStartedAt: new Date(q.data.timeline_started_at),
      ...(q.data.session_id !== undefined ? { sessionId: q.data.session_id } : {}),
    });
    return c.json(recordingSchema.parse(saved), 201);
  });
}
