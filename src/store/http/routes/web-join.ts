import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { Blueprint } from '../../../blueprint/schema.js';
import { progressSchema, type Progress } from '../../../engine/types.js';
import { ParleyError } from '../../../errors/parley-error.js';
import { joinPage, liveKitOrigins, messagePage, pageCsp, type Html } from '../../web/pages.js';
import { closedPhase, joinInfo, joinPhase, joinProgress, type JoinPhase } from '../../web/join-state.js';
import type { LiveEvent } from '../../api/internal.js';
import type { StoreDeps } from '../../deps.js';
import { createJoinLinks, joinSecretFrom } from '../../join-tokens.js';
import type { RunRow } from '../../repos/runs.js';
import type { AppEnv } from '../auth.js';
import { pump } from './live.js';

const encoder = new TextEncoder();
const statusDataSchema = z.object({ status: z.string() });
const progressDataSchema = z.object({ progress: progressSchema });

/**
 * The participant's side: `/join/<token>` (the page or a message), `/join/<token>/info` (JSON),
 * `POST /join/<token>/session` (a fresh LiveKit token) and `/join/<token>/events` (progress over SSE).
 * The token is the opaque signed join link (see join-tokens.ts); it authorises exactly one run.
 */
export function registerJoinRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const join = joinContext(deps);
  registerJoinPage(app, deps, join);
  registerJoinEvents(app, deps, join);
}

type JoinContext = ReturnType<typeof joinContext>;

/** Resolving a join link to its run, and answering with a page under the join page's headers. */
function joinContext(deps: StoreDeps) {
  const links = () => createJoinLinks(joinSecretFrom(deps.config));

  const resolve = async (
    token: string,
  ): Promise<{ run: RunRow; blueprint: Blueprint; phase: JoinPhase } | { phase: JoinPhase }> => {
    const claims = links().verify(token);
    if (claims === null) return { phase: closedPhase('invalid') };
    let run: RunRow;
    try {
      run = await deps.repos.runs.byId(claims.r);
    } catch {
      return { phase: closedPhase('invalid') };
    }
    const ver = await deps.repos.blueprints.version(run.blueprintId, run.blueprintVersion);
    if (!ver) return { phase: closedPhase('invalid') };
    const blueprint = ver.definition;
    return { run, blueprint, phase: joinPhase(run, claims.e, deps.clock.now()) };
  };

  const page = (c: Context, body: Html, status: 200 | 404 | 410) => {
    c.header('Content-Security-Policy', pageCsp(liveKitOrigins(deps.joinTokens?.url ?? null)));
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(body, status);
  };

  return { resolve, page };
}

/** The page, its room info and the participant's session token. */
function registerJoinPage(app: OpenAPIHono<AppEnv>, deps: StoreDeps, { resolve, page }: JoinContext): void {
  app.get('/join/:token', async (c) => {
    const r = await resolve(c.req.param('token'));
    const phase = r.phase;
    if (phase.type === 'closed') {
      const status = phase.reason === 'invalid' ? 404 : phase.reason === 'expired' ? 410 : 200;
      return page(c, messagePage(phase), status);
    }
    if (!('run' in r)) return page(c, messagePage(closedPhase('invalid')), 404);
    return page(c, joinPage({ title: r.blueprint.name, lang: r.blueprint.settings.language }), 200);
  });

  app.get('/join/:token/info', async (c) => {
    c.header('Cache-Control', 'no-store');
    const r = await resolve(c.req.param('token'));
    if (!('run' in r)) throw new ParleyError('NOT_FOUND', 'this join link is not valid');
    return c.json(joinInfo(r.run, r.blueprint, r.phase), 200);
  });

  app.post('/join/:token/session', async (c) => {
    c.header('Cache-Control', 'no-store');
    const r = await resolve(c.req.param('token'));
    if (!('run' in r)) throw new ParleyError('NOT_FOUND', 'this join link is not valid');
    if (r.phase.type === 'closed') {
      throw new ParleyError('RUN_NOT_ACTIVE', r.phase.title, {
        status: r.run.status,
        reason: r.phase.reason,
      });
    }
    if (deps.joinTokens === null) {
      throw new ParleyError('CONFLICT', 'this store has no LiveKit server configured');
    }
    const t = await deps.joinTokens.mint({
      id: r.run.id,
      room: r.run.room,
      participant: r.run.participant,
      expires_at: r.run.expiresAt,
    });
    return c.json({ livekit_url: t.livekit_url, token: t.join_token, room: t.room }, 200);
  });
}

/** The participant's live progress and status (never transcript text or engine state). */
function registerJoinEvents(app: OpenAPIHono<AppEnv>, deps: StoreDeps, { resolve }: JoinContext): void {
  app.get('/join/:token/events', async (c) => {
    const r = await resolve(c.req.param('token'));
    if (!('run' in r)) throw new ParleyError('NOT_FOUND', 'this join link is not valid');
    const { run } = r;
    let status = run.status;
    let progress: Progress = progressSchema.parse(run.progress);
    // Only progress and status reach the participant's page (never transcript text or engine state).
    const frame = (e: LiveEvent): Uint8Array | null => {
      if (e.type === 'status') {
        const d = statusDataSchema.safeParse(e.data);
        if (!d.success) return null;
        status = d.data.status as RunRow['status'];
      } else if (e.type === 'progress') {
        const d = progressDataSchema.safeParse(e.data);
        if (!d.success) return null;
        progress = d.data.progress;
      } else {
        return null;
      }
      const data = JSON.stringify(joinProgress(status, progress));
      return encoder.encode(`event: progress\ndata: ${data}\nid: ${e.seq}\n\n`);
    };
    const lastId = c.req.header('last-event-id') ?? '0';
    const after = /^\d{1,15}$/.test(lastId) ? Number(lastId) : 0;
    c.header('X-Accel-Buffering', 'no');
    c.header('Cache-Control', 'no-store');
    return streamSSE(c, async (stream) => {
      await stream.write(
        encoder.encode(`event: progress\ndata: ${JSON.stringify(joinProgress(status, progress))}\n\n`),
      );
      await pump(deps, run.id, after, stream, frame);
    });
  });
}
