import autocannon, { type AutocannonResult } from 'autocannon';
import {
  AGENT_SECRET,
  Api,
  freshBackend,
  log,
  cpuMs,
  median,
  pool,
  round,
  startNodeHttp,
  startStore,
  turnBody,
  type Proc,
} from '../lib.js';
import { summarizeProfiles } from '../profile.js';
import type { Part, PartContext, PartResult, Row } from '../types.js';

/**
 * `POST /internal/runs/:id/turns` through a real `parley store` process against a bare `node:http`
 * hello world, same autocannon settings, alternating rounds. Every request carries a new turn
 * (runs × turn numbers from one counter), so each one is a real insert + fan-out, never a replay.
 */

const RUNS = 50;

interface Settings {
  connections: number;
  duration: number;
  warmup: number;
  rounds: number;
}

async function cannon(
  url: string,
  pid: number,
  next: () => { path: string; body: string },
  s: Settings,
  d: number,
) {
  const cpu0 = cpuMs(pid);
  const res: AutocannonResult = await autocannon({
    url,
    connections: s.connections,
    duration: d,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const { path, body } = next();
          return {
            ...req,
            method: 'POST',
            path,
            headers: { 'content-type': 'application/json', 'x-agent-secret': AGENT_SECRET },
            body,
          };
        },
      },
    ],
  });
  const cpu1 = cpuMs(pid);
  return {
    req_per_s: round(res.requests.average, 1)!,
    /** CPU time of the server process per completed request (user + system). */
    server_cpu_ms_per_req:
      cpu0 === null || cpu1 === null ? null : round((cpu1 - cpu0) / res.requests.total, 3),
    server_cpu_pct: cpu0 === null || cpu1 === null ? null : round(((cpu1 - cpu0) / (d * 1000)) * 100, 0),
    latency_p50_ms: res.latency.p50,
    latency_p99_ms: res.latency.p99,
    requests: res.requests.total,
    non2xx: res.non2xx,
    errors: res.errors + res.timeouts,
  };
}

type RoundResult = Awaited<ReturnType<typeof cannon>>;

async function measureBackend(name: 'pglite' | 'postgres', s: Settings, profileDir: string | undefined) {
  const backend = await freshBackend(name);
  let store: Proc | undefined;
  let hello: Proc | undefined;
  try {
    store = await startStore(backend, profileDir ? { cpuProfDir: profileDir } : {});
    hello = await startNodeHttp();
    const api = new Api(store.url);
    const bp = await api.publishedBlueprint();
    const runs = await pool(
      Array.from({ length: RUNS }, (_, i) => i),
      4,
      () => api.activeRun(bp),
    );
    // One counter across rounds: turn k goes to run k % RUNS with number 1 + floor(k / RUNS).
    // The baseline gets the same requests (path, headers, body bytes) from its own counter.
    const counter = () => {
      let k = 0;
      return () => {
        const i = k++;
        return {
          path: `/internal/runs/${runs[i % RUNS]}/turns`,
          body: JSON.stringify(turnBody(1 + Math.floor(i / RUNS))),
        };
      };
    };
    const nextStore = counter();
    const nextHello = counter();
    const hit = (target: 'store' | 'node_http', d: number) =>
      target === 'store'
        ? cannon(store!.url, store!.pid, nextStore, s, d)
        : cannon(hello!.url, hello!.pid, nextHello, s, d);

    log(`store[${name}]: warm-up ${s.warmup}s each`);
    await hit('node_http', s.warmup);
    await hit('store', s.warmup);
    const rounds: { store: RoundResult; node_http: RoundResult }[] = [];
    for (let r = 0; r < s.rounds; r++) {
      // Alternate which goes first so drift on a shared machine does not favour one side.
      const order: ('store' | 'node_http')[] = r % 2 === 0 ? ['node_http', 'store'] : ['store', 'node_http'];
      const out: Partial<Record<'store' | 'node_http', RoundResult>> = {};
      for (const t of order) out[t] = await hit(t, s.duration);
      rounds.push(out as { store: RoundResult; node_http: RoundResult });
      log(
        `store[${name}] round ${r + 1}/${s.rounds}: store ${out.store!.req_per_s} req/s (p50 ${out.store!.latency_p50_ms} ms), node:http ${out.node_http!.req_per_s} req/s`,
      );
    }
    const storeMedian = median(rounds.map((x) => x.store.req_per_s))!;
    const nodeMedian = median(rounds.map((x) => x.node_http.req_per_s))!;
    const pairedRatios = rounds.map((x) => x.store.req_per_s / x.node_http.req_per_s);
    const turnsStored = await api.internal<{ data: unknown[] }>('GET', `/internal/runs/${runs[0]}/history`);
    return {
      backend: name,
      settings: { ...s, pipelining: 1, runs: RUNS },
      store_req_per_s_median: round(storeMedian, 1),
      node_http_req_per_s_median: round(nodeMedian, 1),
      ratio: round(storeMedian / nodeMedian, 3),
      paired_ratio_median: round(median(pairedRatios), 3),
      store_latency_p50_ms_median: median(rounds.map((x) => x.store.latency_p50_ms)),
      store_latency_p99_ms_median: median(rounds.map((x) => x.store.latency_p99_ms)),
      node_http_latency_p50_ms_median: median(rounds.map((x) => x.node_http.latency_p50_ms)),
      store_cpu_ms_per_turn_median: median(rounds.flatMap((x) => x.store.server_cpu_ms_per_req ?? [])),
      store_cpu_pct_median: median(rounds.flatMap((x) => x.store.server_cpu_pct ?? [])),
      node_http_cpu_ms_per_req_median: median(rounds.flatMap((x) => x.node_http.server_cpu_ms_per_req ?? [])),
      store_non2xx: rounds.reduce((a, x) => a + x.store.non2xx + x.store.errors, 0),
      turns_in_first_run: turnsStored.data.length,
      rounds,
    };
  } finally {
    await hello?.stop();
    const code = await store?.stop();
    if (code !== 0 && code !== null) log(`store[${name}] exited ${code}: ${store?.stderr().slice(-2000)}`);
    await backend.cleanup();
  }
}

export const storePart: Part = {
  name: 'store',
  description: 'POST /internal/runs/:id/turns req/s vs a bare node:http hello world (autocannon)',
  keys: ['store_turns_ratio_vs_node_http'],
  async run(ctx: PartContext): Promise<PartResult> {
    const s: Settings = ctx.quick
      ? { connections: 10, duration: 4, warmup: 2, rounds: 3 }
      : { connections: 10, duration: 10, warmup: 3, rounds: 5 };
    const results: Awaited<ReturnType<typeof measureBackend>>[] = [];
    const profiles: Record<string, unknown> = {};
    for (const b of ctx.backends) {
      const dir = ctx.profileDir ? `${ctx.profileDir}/store-${b}` : undefined;
      results.push(await measureBackend(b, s, dir));
      if (dir) profiles[b] = summarizeProfiles(dir);
    }
    const by = (b: string) => results.find((r) => r.backend === b);
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
    for (const r of results) {
      if (r.store_non2xx > 0) notes.push(`store[${r.backend}]: ${r.store_non2xx} non-2xx/errored turn POSTs`);
    }
    return {
      keys: { store_turns_ratio_vs_node_http: by('pglite')?.ratio ?? null },
      rows: [
        row('store turns req/s (median)', (r) => r.store_req_per_s_median),
        row('node:http hello req/s (median)', (r) => r.node_http_req_per_s_median),
        row('store_turns_ratio_vs_node_http', (r) => r.ratio, '≥ 0.5'),
        row('  paired ratio (median of rounds)', (r) => r.paired_ratio_median),
        row('store turn latency p50 ms', (r) => r.store_latency_p50_ms_median),
        row('  (p99)', (r) => r.store_latency_p99_ms_median),
        row('store process CPU ms per turn', (r) => r.store_cpu_ms_per_turn_median),
        row('  store process CPU % during rounds', (r) => r.store_cpu_pct_median),
        row('node:http process CPU ms per request', (r) => r.node_http_cpu_ms_per_req_median),
      ],
      details: { store: results, ...(ctx.profileDir ? { store_profiles: profiles } : {}) },
      notes,
    };
  },
};
