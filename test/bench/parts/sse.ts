import { spawn, type ChildProcess } from 'node:child_process';
import {
  Api,
  BOOTSTRAP_KEY,
  ROOT,
  benchScript,
  clock,
  freshBackend,
  log,
  round,
  sleep,
  startStore,
  summary,
  turnBody,
  type Proc,
} from '../lib.js';
import { summarizeProfiles } from '../profile.js';
import type { Part, PartContext, PartResult, Row } from '../types.js';

/**
 * Live fan-out: delay from the start of a turn's POST (runner clock) to its arrival on each of N SSE
 * subscribers (a separate child process, clock offset to the runner measured by IPC ping-pong and
 * removed). Turns are posted one at a time with a pause, so each delay is one fan-out, not a queue.
 */

type Msg = { type: string; [k: string]: any };

class Child {
  private waiters: { type: string; resolve: (m: Msg) => void }[] = [];
  constructor(readonly proc: ChildProcess) {
    proc.on('message', (m: Msg) => {
      const i = this.waiters.findIndex((w) => w.type === m.type);
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
    });
  }
  next(type: string, timeoutMs = 120_000): Promise<Msg> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`subscriber child: no ${type} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        type,
        resolve: (m) => {
          clearTimeout(t);
          resolve(m);
        },
      });
    });
  }
  send(m: Msg) {
    this.proc.send(m);
  }
}

function startSubscribers(url: string, runId: string, n: number): Child {
  const { args } = benchScript('children/sse-subscribers.js');
  const cmd = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';
  const proc = spawn(
    'bash',
    ['-c', cmd, process.execPath, ...args, JSON.stringify({ url, key: BOOTSTRAP_KEY, runId, n })],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  return new Child(proc);
}

/** Child clock − runner clock, from the ping with the shortest round trip. */
async function estimateOffset(child: Child, pings = 30) {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < pings; i++) {
    const t0 = clock();
    const reply = child.next('pong');
    child.send({ type: 'ping' });
    const m = await reply;
    const t1 = clock();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: (m.t as number) - (t0 + t1) / 2 };
    await sleep(5);
  }
  return best;
}

async function fanOut(api: Api, bp: string, n: number, turns: number, gapMs: number) {
  const runId = await api.activeRun(bp);
  const child = startSubscribers(api.base, runId, n);
  const exited = new Promise<void>((r) => child.proc.on('exit', () => r()));
  try {
    const ready = await child.next('ready');
    if (ready.failed > 0) log(`sse: ${ready.failed} of ${n} subscribers failed to connect`);
    const offset = await estimateOffset(child);
    await sleep(300);
    const sentAt: number[] = [];
    const postMs: number[] = [];
    for (let k = 1; k <= turns; k++) {
      const t0 = clock();
      sentAt[k] = t0;
      await api.internal(
        'POST',
        `/internal/runs/${runId}/turns`,
        turnBody(k, `bench#${k}# ${'x'.repeat(80)}`),
      );
      postMs.push(clock() - t0);
      await sleep(gapMs);
    }
    await sleep(Math.max(500, gapMs * 2));
    const got = child.next('arrivals');
    child.send({ type: 'collect' });
    const { arrivals } = (await got) as unknown as { arrivals: Record<string, number>[] };
    const delays: number[] = [];
    const lastPerTurn: number[] = [];
    let missing = 0;
    for (let k = 1; k <= turns; k++) {
      let last = -Infinity;
      for (const a of arrivals) {
        const t = a[String(k)];
        if (t === undefined) {
          missing++;
          continue;
        }
        const d = t - offset.offset - sentAt[k]!;
        delays.push(d);
        last = Math.max(last, d);
      }
      if (last > -Infinity) lastPerTurn.push(last);
    }
    return {
      subscribers: n,
      connected: ready.ready as number,
      connect_ms: round(ready.ms as number, 0),
      turns,
      gap_ms: gapMs,
      clock_offset_ms: round(offset.offset, 3),
      clock_offset_rtt_ms: round(offset.rtt, 3),
      delay_ms: summary(delays),
      /** When the last subscriber got each turn (the whole fan-out done). */
      last_subscriber_ms: summary(lastPerTurn),
      post_ms: summary(postMs),
      missing,
    };
  } finally {
    child.send({ type: 'exit' });
    await Promise.race([exited, sleep(5_000)]);
    if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
  }
}

async function measureBackend(name: 'pglite' | 'postgres', quick: boolean, profileDir: string | undefined) {
  const backend = await freshBackend(name);
  let store: Proc | undefined;
  try {
    store = await startStore(backend, profileDir ? { cpuProfDir: profileDir } : {});
    const api = new Api(store.url);
    const bp = await api.publishedBlueprint();
    // Warm-up: JIT the turn and SSE paths.
    await fanOut(api, bp, 20, 20, 5);
    const out = [];
    for (const [n, turns, gap] of quick
      ? [
          [100, 40, 30],
          [1000, 20, 150],
        ]
      : [
          [100, 200, 30],
          [1000, 100, 150],
        ]) {
      log(`sse[${name}]: ${n} subscribers, ${turns} turns`);
      const r = await fanOut(api, bp, n!, turns!, gap!);
      log(
        `sse[${name}] ${n}: p50 ${r.delay_ms.p50} ms, p99 ${r.delay_ms.p99} ms, last subscriber p50 ${r.last_subscriber_ms.p50} ms, missing ${r.missing}`,
      );
      out.push(r);
    }
    return { backend: name, runs: out };
  } finally {
    const code = await store?.stop();
    if (code !== 0 && code !== null) log(`store[${name}] exited ${code}: ${store?.stderr().slice(-2000)}`);
    await backend.cleanup();
  }
}

export const ssePart: Part = {
  name: 'sse',
  description: 'turn POST → arrival at 100 and 1000 SSE subscribers (p50/p99)',
  keys: ['sse_p99_ms_100', 'sse_p99_ms_1000'],
  async run(ctx: PartContext): Promise<PartResult> {
    const results: Awaited<ReturnType<typeof measureBackend>>[] = [];
    const profiles: Record<string, unknown> = {};
    for (const b of ctx.backends) {
      const dir = ctx.profileDir ? `${ctx.profileDir}/sse-${b}` : undefined;
      results.push(await measureBackend(b, ctx.quick, dir));
      if (dir) profiles[b] = summarizeProfiles(dir);
    }
    const pick = (b: string, n: number) =>
      results.find((r) => r.backend === b)?.runs.find((r) => r.subscribers === n);
    const row = (
      metric: string,
      n: number,
      f: (r: NonNullable<ReturnType<typeof pick>>) => number | null,
      target?: string,
    ): Row => ({
      metric,
      values: Object.fromEntries(
        results.map((r) => [r.backend, (pick(r.backend, n) && f(pick(r.backend, n)!)) ?? null]),
      ),
      ...(target ? { target } : {}),
    });
    const notes = [
      'The store does not cap SSE subscribers (no per-run or global limit in src/store/http/routes/live.ts or the bus); each stream costs one socket and one bus callback.',
    ];
    for (const r of results)
      for (const x of r.runs)
        if (x.missing > 0 || x.connected < x.subscribers)
          notes.push(
            `sse[${r.backend}] ${x.subscribers}: ${x.connected} connected, ${x.missing} arrivals missing`,
          );
    return {
      keys: {
        sse_p99_ms_100: pick('pglite', 100)?.delay_ms.p99 ?? null,
        sse_p99_ms_1000: pick('pglite', 1000)?.delay_ms.p99 ?? null,
      },
      rows: [
        row('sse p50 ms @100', 100, (r) => r.delay_ms.p50),
        row('sse_p99_ms_100', 100, (r) => r.delay_ms.p99, '≤ 25'),
        row('sse p50 ms @1000', 1000, (r) => r.delay_ms.p50),
        row('sse_p99_ms_1000', 1000, (r) => r.delay_ms.p99, '≤ 100'),
        row('  last subscriber p50 ms @1000', 1000, (r) => r.last_subscriber_ms.p50),
        row('  turn POST p50 ms @1000', 1000, (r) => r.post_ms.p50),
      ],
      details: { sse: results, ...(ctx.profileDir ? { sse_profiles: profiles } : {}) },
      notes,
    };
  },
};
