import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { ParleyError } from '../../../errors/parley-error.js';
import { idParams, jsonOk } from '../../api/common.js';
import { liveListSchema, type LiveEvent } from '../../api/internal.js';
import type { RunStatus } from '../../api/run-status.js';
import type { StoreDeps } from '../../deps.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { route } from '../openapi.js';

const LIVE: readonly string[] = ['awaiting_consent', 'active', 'processing'];
const FINAL: readonly string[] = ['completed', 'failed', 'cancelled', 'expired'];
export const KEEPALIVE_MS = 15_000;

const liveQuery = z.object({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: 'Only events with seq greater than this' }),
});

function isFinal(e: LiveEvent): boolean {
  return e.type === 'status' && FINAL.includes(String(e.data.status));
}

/** An event's SSE frame, built once per event object and shared by every subscriber it is delivered to. */
const frames = new WeakMap<LiveEvent, Uint8Array>();
const encoder = new TextEncoder();

/** The frame hono's `writeSSE` would write (`event`, one `data` line — JSON has no raw newlines —, `id`). */
export function sseFrame(e: LiveEvent): Uint8Array {
  let frame = frames.get(e);
  if (frame === undefined) {
    if (/[\r\n]/.test(e.type)) throw new Error('event must not contain "\\r" or "\\n"');
    frame = encoder.encode(`event: ${e.type}\ndata: ${JSON.stringify(e)}\nid: ${e.seq}\n\n`);
    frames.set(e, frame);
  }
  return frame;
}

/**
 * Streams stored events after `after`, then live ones, in seq order without gaps or duplicates. `frame`
 * turns an event into what is written (null: skip it); by default the event's own SSE frame.
 */
export async function pump(
  deps: StoreDeps,
  runId: string,
  after: number,
  stream: SSEStreamingApi,
  frame: (e: LiveEvent) => Uint8Array | null = sseFrame,
): Promise<void> {
  let last = after;
  let closed = false;
  const queue: LiveEvent[] = [];
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const unsubscribe = deps.bus.subscribe(runId, (e) => {
    queue.push(e);
    poke();
  });
  stream.onAbort(() => {
    closed = true;
    poke();
  });
  const send = async (e: LiveEvent) => {
    if (e.seq <= last || closed) return;
    const bytes = frame(e);
    if (bytes !== null) await stream.write(bytes);
    last = e.seq;
    if (isFinal(e)) closed = true;
  };
  const catchUp = async () => {
    for (const e of await deps.repos.events.after(runId, last)) await send(e);
  };
  try {
    await catchUp();
    while (!closed) {
      if (queue.length === 0) {
        const timer = setTimeout(poke, KEEPALIVE_MS);
        await new Promise<void>((resolve) => (wake = resolve));
        clearTimeout(timer);
        if (queue.length === 0 && !closed) await stream.write(': keepalive\n\n');
        continue;
      }
      const batch = queue.splice(0).sort((a, b) => a.seq - b.seq);
      // A gap means an event was published before we subscribed or got lost in transit: read the table.
      if (batch[0]!.seq > last + 1) await catchUp();
      for (const e of batch) await send(e);
    }
  } finally {
    unsubscribe();
  }
}

export function registerLiveRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    route('get', '/v1/interview-runs/{id}/live', 'Live', {
      summary:
        'Live events: Server-Sent Events (Accept: text/event-stream, resumable with Last-Event-ID) or JSON',
      description:
        'Only while the run is active or processing: before the participant joins and after the run ended, 400 RUN_NOT_ACTIVE (details.status).',
      request: { params: idParams, query: liveQuery },
      responses: {
        200: {
          description:
            'Cached events as JSON, or an SSE stream (`id` = seq, `event` = type, `data` = the event JSON)',
          content: {
            'application/json': { schema: liveListSchema },
            'text/event-stream': { schema: { type: 'string' as const } },
          },
        },
      },
    }),
    // The handler returns either JSON or a stream; the JSON branch matches liveListSchema.
    (async (c: Parameters<Parameters<typeof app.openapi>[1]>[0]) => {
      requireScope(c, 'interviews:read');
      const run = await deps.repos.runs.get(tenantOf(c), c.req.param('id')!);
      if (!LIVE.includes(run.status)) {
        throw new ParleyError(
          'RUN_NOT_ACTIVE',
          `run ${run.id} is ${run.status}; live events exist only while it is active or processing`,
          {
            status: run.status,
          },
        );
      }
      const lastEventId = c.req.header('last-event-id');
      const queryAfter = c.req.query('after');
      const afterRaw = lastEventId ?? queryAfter ?? '0';
      const after = /^\d{1,15}$/.test(afterRaw) ? Number(afterRaw) : NaN;
      if (Number.isNaN(after)) {
        throw new ParleyError('VALIDATION_FAILED', 'Last-Event-ID / after must be a non-negative integer', {
          issues: [
            { path: lastEventId !== undefined ? 'Last-Event-ID' : 'after', message: 'expected an integer' },
          ],
        });
      }
      if ((c.req.header('accept') ?? '').includes('text/event-stream')) {
        c.header('X-Accel-Buffering', 'no');
        return streamSSE(c, (stream) => pump(deps, run.id, after, stream));
      }
      const data = await deps.repos.events.after(run.id, after);
      return c.json({ object: 'list' as const, run_id: run.id, status: run.status as RunStatus, data }, 200);
    }) as never,
  );
  void jsonOk;
}
