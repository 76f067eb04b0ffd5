import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { readAsset } from '../../web/assets.js';
import { observerPage, pageCsp } from '../../web/pages.js';
import type { StoreDeps } from '../../deps.js';
import type { AppEnv } from '../auth.js';

/**
 * The observer pages (`/runs`, `/runs/<id>`) and the built web bundles (`/web/<name>`). The pages hold no
 * data: their script asks for an API key (`interviews:read`) and calls the `/v1` API with it.
 */
export function registerWebRoutes(app: OpenAPIHono<AppEnv>, _deps: StoreDeps): void {
  const page = (c: Context, title: string) => {
    c.header('Content-Security-Policy', pageCsp());
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(observerPage({ title }), 200);
  };
  app.get('/runs', (c) => page(c, 'Interview runs · Parley'));
  app.get('/runs/:id', (c) => page(c, 'Interview run · Parley'));

  app.get('/web/:name', async (c) => {
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const asset = await readAsset(c.req.param('name'), undefined, gzip);
    if (asset === null) return c.text('not found (run npm run build to bundle the web pages)', 404);
    const headers: Record<string, string> = {
      'content-type': asset.type,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
    };
    if (asset.encoding) headers['content-encoding'] = asset.encoding;
    return c.body(new Uint8Array(asset.body), 200, headers);
  });
}
