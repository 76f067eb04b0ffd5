import { Readable } from 'node:stream';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { ParleyError } from '../../../../errors/parley-error.js';
import { bodyErrorResponses, errorResponses, idParams, jsonOk } from '../../../api/common.js';
import { recordingSchema, recordingUploadQuery, recordingWantedSchema } from '../../../api/internal.js';
import type { StoreDeps } from '../../../deps.js';
import { recordingWanted, saveRecording } from '../../../media/recordings.js';
import { recordingContentTypeSchema } from '../../../media/types.js';
import type { AppEnv } from '../../auth.js';
import { validationError } from '../../errors.js';
import { agentRoute, INTERNAL_TAG } from './route.js';

/** `PUT /internal/runs/:id/recording` is exempt from the global JSON body limit (it has its own). */
export const RECORDING_UPLOAD_PATH = /^\/internal\/runs\/[^/]+\/recording$/;

/** Agent-facing: does the run want a recording, and the upload of it (raw audio/wav or audio/ogg). */
export function registerRecordingRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    agentRoute('get', '/internal/runs/{id}/recording', {
      summary: 'Whether the run asks for a recording, and where its timeline starts',
      request: { params: idParams },
      responses: { 200: jsonOk(recordingWantedSchema) },
    }),
    async (c) => c.json(await recordingWanted(deps, c.req.valid('param').id), 200),
  );
  registerRecordingUpload(app, deps);
}

/** `PUT /internal/runs/:id/recording`: raw audio, documented by hand (the body is not JSON). */
function registerRecordingUpload(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
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
    tags: [INTERNAL_TAG],
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
    const param = idParams.safeParse({ id: c.req.param('id') });
    if (!param.success) throw validationError(param.error, 'param');
    const id = param.data.id;
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
