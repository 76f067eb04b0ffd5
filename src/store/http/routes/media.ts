import { Readable } from 'node:stream';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { ParleyError } from '../../../errors/parley-error.js';
import { audioLinkSchema } from '../../api/audio.js';
import { idParams, jsonOk } from '../../api/common.js';
import type { StoreDeps } from '../../deps.js';
import { audioLink } from '../../media/recordings.js';
import { parseRange } from '../../media/range.js';
import { MEDIA_ROUTE_PREFIX, verifyMediaSignature } from '../../media/signing.js';
import { assertSafeKey } from '../../media/types.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { errorBody } from '../errors.js';
import { route } from '../openapi.js';

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
