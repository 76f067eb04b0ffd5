import { startWebhookReceiver } from '../../fakes/webhook-receiver.js';
import {
  Api,
  WEBHOOK_SECRET,
  clock,
  freshBackend,
  log,
  sleep,
  startStore,
  summary,
  turnBody,
  type Proc,
} from '../lib.js';
import type { Part, PartContext, PartResult, Row } from '../types.js';

/**
 * finalize → signed webhook: per-run notification to a local receiver (signatures verified), offline
 * analyzer (no LLM keys). One run at a time: session, 4 turns, then the clock starts at the finalize
 * POST and stops when the receiver has the request body.
 */

async function measureBackend(name: 'pglite' | 'postgres', runs: number) {
  const backend = await freshBackend(name);
  const receiver = await startWebhookReceiver({ secret: WEBHOOK_SECRET });
  let store: Proc | undefined;
  try {
    store = await startStore(backend);
    const api = new Api(store.url);
    const bp = await api.publishedBlueprint();
    const latencies: number[] = [];
    const finalizeMs: number[] = [];
    let verified = 0;
    for (let i = 0; i < runs + 2; i++) {
      const runId = await api.activeRun(bp, { notifications: [{ endpoint: `${receiver.url}/hook/${i}` }] });
      for (let n = 1; n <= 4; n++) await api.internal('POST', `/internal/runs/${runId}/turns`, turnBody(n));
      const before = receiver.requests.length;
      const t0 = clock();
      await api.internal('POST', `/internal/runs/${runId}/finalize`, { reason: 'completed' });
      finalizeMs.push(clock() - t0);
      for (let seen = before; ;) {
        await receiver.waitForRequests(seen + 1, 60_000);
        const r = receiver.requests.slice(seen).find((x) => x.path === `/hook/${i}`);
        seen = receiver.requests.length;
        if (r) {
          const ms = clock() - t0;
          // The first two runs warm up the analyzer and the dispatcher; not counted.
          if (i >= 2) {
            latencies.push(ms);
            if (r.verified?.ok) verified++;
          }
          break;
        }
      }
      await sleep(20);
    }
    const s = summary(latencies);
    log(`webhook[${name}]: p50 ${s.p50} ms, p95 ${s.p95} ms over ${s.n} runs, ${verified} verified`);
    return {
      backend: name,
      latency_ms: s,
      finalize_post_ms: summary(finalizeMs.slice(2)),
      verified,
      received: receiver.requests.length,
    };
  } finally {
    const code = await store?.stop();
    if (code !== 0 && code !== null) log(`store[${name}] exited ${code}: ${store?.stderr().slice(-2000)}`);
    await receiver.close();
    await backend.cleanup();
  }
}

export const webhookPart: Part = {
  name: 'webhook',
  description: 'finalize → signed per-run webhook at a local receiver (offline analyzer)',
  keys: ['webhook_p95_ms'],
  async run(ctx: PartContext): Promise<PartResult> {
    const runs = ctx.quick ? 20 : 40;
    const results: Awaited<ReturnType<typeof measureBackend>>[] = [];
    for (const b of ctx.backends) results.push(await measureBackend(b, runs));
    const row = (
      metric: string,
      f: (r: (typeof results)[number]) => number | null,
      target?: string,
    ): Row => ({
      metric,
      values: Object.fromEntries(results.map((r) => [r.backend, f(r)])),
      ...(target ? { target } : {}),
    });
    const notes: string[] = [];
    for (const r of results)
      if (r.verified !== r.latency_ms.n)
        notes.push(`webhook[${r.backend}]: only ${r.verified} of ${r.latency_ms.n} signatures verified`);
    return {
      keys: { webhook_p95_ms: results.find((r) => r.backend === 'pglite')?.latency_ms.p95 ?? null },
      rows: [
        row('webhook p50 ms', (r) => r.latency_ms.p50),
        row('webhook_p95_ms', (r) => r.latency_ms.p95, '≤ 2000'),
        row('  finalize POST p50 ms', (r) => r.finalize_post_ms.p50),
      ],
      details: { webhook: results },
      notes,
    };
  },
};
