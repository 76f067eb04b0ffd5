import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isAnswerNode, type Blueprint } from '../../../src/blueprint/schema.js';
import { loadBlueprintOrThrow } from '../../../src/blueprint/load.js';
import { start, step } from '../../../src/engine/index.js';
import type { EngineEvent, EngineState } from '../../../src/engine/types.js';
import {
  AGENT_SECRET,
  Api,
  BOOTSTRAP_KEY,
  ROOT,
  WEBHOOK_SECRET,
  benchScript,
  freshBackend,
  log,
  median,
  pool,
  round,
  turnBody,
} from '../lib.js';
import type { Part, PartContext, PartResult, Row } from '../types.js';

/**
 * Engine steps per second: a cooperative participant's event sequence for a blueprint (consents, answers
 * every question, lets each question be probed once, says yes to loops once) is recorded once, then
 * replayed from `start` again and again — time-boxed rounds, median.
 * Memory per in-flight run: a store process (same `startStore` as `parley store`, with --expose-gc)
 * before and after N runs with a session and a few turns each.
 */

const RUN = { run_id: 'bench', participant: { name: 'Priya' }, vars: {} };

/** A deterministic cooperative event script for `bp` (events with their synthetic times). */
export function cooperativeScript(bp: Blueprint): { events: [EngineEvent, number][]; path: string[] } {
  let now = 0;
  let state: EngineState = start(bp, RUN, now).state;
  const events: [EngineEvent, number][] = [];
  const push = (e: EngineEvent) => {
    now += 15_000;
    events.push([e, now]);
    state = step(bp, state, e, now).state;
  };
  push({ type: 'session_started', session_id: 'bench-1' });
  let turn = 0;
  while (state.status !== 'ended') {
    if (events.length > 500) throw new Error(`engine bench: ${bp.id} did not end in 500 events`);
    if (state.status === 'awaiting_consent') {
      push({ type: 'consent', given: true });
      continue;
    }
    const id = state.current_node;
    const node = id ? bp.graph.nodes[id] : undefined;
    if (!id || !node || !isAnswerNode(node)) throw new Error(`engine bench: waiting at ${id}`);
    turn += 2;
    const probeFirst =
      node.type === 'question' &&
      node.probing.enabled &&
      node.probing.max_follow_ups > 0 &&
      state.current_follow_ups === 0;
    const fields: Record<string, string | number | boolean> = {};
    for (const [name, f] of Object.entries(node.capture)) {
      fields[name] =
        f.type === 'boolean'
          ? true
          : f.type === 'number'
            ? (f.min ?? 0) + 5
            : f.type === 'enum'
              ? f.options[0]!
              : 'x';
    }
    const visits = state.visits[id] ?? 1;
    const value =
      node.type === 'yes_no'
        ? visits <= 1
        : node.type === 'choice'
          ? node.multiple
            ? [node.options[0]!]
            : node.options[0]!
          : node.type === 'rating'
            ? node.scale.max
            : undefined;
    push({
      type: 'answered',
      text: 'A cooperative, specific answer with an example and its consequence.',
      assessment: {
        objective_met: !probeFirst,
        fields,
        probe: probeFirst
          ? { technique: node.probing.techniques[0] ?? 'example', reason: 'needs an example' }
          : null,
        ...(value !== undefined ? { value } : {}),
      },
      turn,
    });
  }
  return { events, path: state.path_taken };
}

function replay(bp: Blueprint, events: [EngineEvent, number][]): EngineState {
  let state = start(bp, RUN, 0).state;
  for (const [e, t] of events) state = step(bp, state, e, t).state;
  return state;
}

function stepsPerSecond(bp: Blueprint, events: [EngineEvent, number][], roundMs: number): number {
  let steps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < roundMs) {
    replay(bp, events);
    steps += events.length;
    t = performance.now();
  }
  return (steps / (t - t0)) * 1000;
}

async function engineSpeed(quick: boolean) {
  const dir = join(ROOT, 'blueprints');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const rounds = quick ? 5 : 9;
  const roundMs = quick ? 300 : 1000;
  const out = [];
  for (const f of files) {
    const bp = await loadBlueprintOrThrow(join(dir, f));
    const { events, path } = cooperativeScript(bp);
    const again = replay(bp, events);
    if (JSON.stringify(again.path_taken) !== JSON.stringify(path)) throw new Error(`${f}: replay diverged`);
    stepsPerSecond(bp, events, roundMs); // warm-up
    const r = Array.from({ length: rounds }, () => stepsPerSecond(bp, events, roundMs));
    out.push({
      blueprint: f,
      nodes: Object.keys(bp.graph.nodes).length,
      edges: bp.graph.edges.length,
      bytes: statSync(join(dir, f)).size,
      events_per_interview: events.length,
      path_length: path.length,
      steps_per_s_median: round(median(r), 0)!,
      steps_per_s_rounds: r.map((x) => round(x, 0)),
    });
  }
  // Largest: most nodes, then most edges, then most bytes.
  const largest = [...out].sort((a, b) => b.nodes - a.nodes || b.edges - a.edges || b.bytes - a.bytes)[0]!;
  return { largest: largest.blueprint, blueprints: out, rounds, round_ms: roundMs };
}

type Usage = NodeJS.MemoryUsage;

async function memoryPerRun(name: 'pglite' | 'postgres', quick: boolean) {
  const backend = await freshBackend(name);
  const { args } = benchScript('children/mem-store.js');
  const cfg = {
    env: {
      PARLEY_LOG_LEVEL: 'warn',
      PARLEY_BOOTSTRAP_KEY: BOOTSTRAP_KEY,
      PARLEY_AGENT_SECRET: AGENT_SECRET,
      PARLEY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PARLEY_RATE_LIMIT_PER_MIN: '1000000',
      ...(backend.databaseUrl ? { DATABASE_URL: backend.databaseUrl } : {}),
    },
    ...(backend.dataDir ? { dataDir: backend.dataDir } : {}),
  };
  const proc = spawn(process.execPath, ['--expose-gc', ...args, JSON.stringify(cfg)], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: string) =>
    new Promise<any>((resolve, reject) => {
      const onMsg = (m: { type: string }) => {
        if (m.type === type) {
          proc.off('message', onMsg);
          resolve(m);
        }
      };
      proc.on('message', onMsg);
      proc.once('exit', (c) => reject(new Error(`memory store exited ${c}`)));
    });
  const measure = async (): Promise<Usage> => {
    const m = next('memory');
    proc.send({ type: 'measure' });
    return (await m).usage as Usage;
  };
  try {
    const { url } = await next('listening');
    const api = new Api(url as string);
    const bp = await api.publishedBlueprint();
    const populate = (count: number) =>
      pool(
        Array.from({ length: count }, (_, i) => i),
        6,
        async () => {
          const id = await api.activeRun(bp);
          for (let n = 1; n <= 4; n++) await api.internal('POST', `/internal/runs/${id}/turns`, turnBody(n));
          await api.internal('POST', `/internal/runs/${id}/events`, {
            events: [
              { type: 'agent_state', state: 'listening' },
              { type: 'transcript_interim', role: 'participant', content: 'We copy feedback' },
            ],
          });
        },
      );
    await populate(50); // warm-up: JIT, caches, connection pools
    const before = await measure();
    const n = quick ? 150 : 1000;
    const t0 = performance.now();
    await populate(n);
    const secs = (performance.now() - t0) / 1000;
    const after = await measure();
    const per = (k: keyof Usage) => round((after[k] - before[k]) / n / 1024, 2);
    const mb = (u: Usage) => ({
      rss_mb: round(u.rss / 2 ** 20, 1),
      heap_used_mb: round(u.heapUsed / 2 ** 20, 1),
      external_mb: round(u.external / 2 ** 20, 1),
      array_buffers_mb: round(u.arrayBuffers / 2 ** 20, 1),
    });
    log(`memory[${name}]: ${n} runs: rss +${per('rss')} KiB/run, heap +${per('heapUsed')} KiB/run`);
    return {
      backend: name,
      runs: n,
      requests_per_run: 7,
      populate_s: round(secs, 1),
      before: mb(before),
      after: mb(after),
      per_run_kib: {
        rss: per('rss'),
        heap_used: per('heapUsed'),
        external: per('external'),
        array_buffers: per('arrayBuffers'),
      },
    };
  } finally {
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    if (proc.connected) proc.send({ type: 'exit' });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (proc.exitCode === null) proc.kill('SIGKILL');
    await backend.cleanup();
  }
}

export const enginePart: Part = {
  name: 'engine',
  description: 'pure engine steps/s on the largest example blueprint; store memory per in-flight run',
  keys: ['engine_steps_per_s'],
  async run(ctx: PartContext): Promise<PartResult> {
    log('engine: steps/s per example blueprint');
    const speed = await engineSpeed(ctx.quick);
    const largest = speed.blueprints.find((b) => b.blueprint === speed.largest)!;
    const memory: Awaited<ReturnType<typeof memoryPerRun>>[] = [];
    for (const b of ctx.backends) memory.push(await memoryPerRun(b, ctx.quick));
    const memRow = (metric: string, k: 'rss' | 'heap_used' | 'external' | 'array_buffers'): Row => ({
      metric,
      values: Object.fromEntries(memory.map((m) => [m.backend, m.per_run_kib[k]])),
    });
    return {
      keys: { engine_steps_per_s: largest.steps_per_s_median },
      rows: [
        {
          metric: `engine_steps_per_s (${largest.blueprint}, ${largest.events_per_interview} events/interview)`,
          values: { all: largest.steps_per_s_median },
        },
        ...speed.blueprints
          .filter((b) => b !== largest)
          .map((b) => ({ metric: `  steps/s ${b.blueprint}`, values: { all: b.steps_per_s_median } })),
        memRow('store RSS KiB per in-flight run', 'rss'),
        memRow('  heap KiB per run', 'heap_used'),
        memRow('  array buffers KiB per run', 'array_buffers'),
      ],
      details: { engine: speed, memory },
      notes: [],
    };
  },
};
