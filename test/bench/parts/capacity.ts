import '../../e2e/harness/rtc-log.js';
import { cpus } from 'node:os';
import { DEFAULT_TURN_DETECTOR, turnDelaysFor } from '../../../src/worker/turn/delays.js';
import { PROVIDER_PROFILES } from '../../fakes/provider-timing.js';
import { cpuMs, log, median, quantile, round, sleep } from '../lib.js';
import type { Part, PartContext, PartResult, Row } from '../types.js';
import { runInterview, type TurnSample } from '../voice/interview.js';
import { idealLatency, vadSilenceMs } from '../voice/ideal.js';
import { agentTurnLogs, childPids, jobPids, machineJiffies, rssMb, voiceBench } from '../voice/stack.js';
import { agentSplit } from '../voice/timeline.js';

/**
 * Concurrent interviews on one worker: levels of N simultaneous interviews (starts staggered), the same
 * setup as the latency part. A level holds while its p95 added latency stays within 1.25× the
 * single-interview level's and the worker's process tree (main + job processes) uses at most 70% of the
 * machine's CPU; the ramp stops at the first level that does not hold. RSS: peak VmRSS of every job
 * process that served an interview (sampled each second). The bench's own load (its participants and fakes in
 * this process, livekit-server, the store) is sampled apart and reported beside the worker's: on a 2-core
 * machine it competes with the worker, and only the worker's share is the product's cost.
 */

const STAGGER_MS = 700;

interface Level {
  n: number;
  turns: number;
  added_p50_ms: number | null;
  added_p95_ms: number | null;
  worker_cpu_pct_of_machine: number | null;
  /**
   * The bench's own load, apart from the worker: this process (participants, fakes) and its other children
   * (livekit-server, the store), % of the machine.
   */
  bench_cpu_pct_of_machine: number | null;
  cpu_pct_of_core_per_interview: number | null;
  machine_busy_pct: number | null;
  /**
   * Where the turns' time went, p50 / p95 (see `agentSplit`): speech end → the worker's VAD end, → its first
   * frame to its audio source (the agent), → heard. Tells an agent that falls behind from transport that does.
   */
  split_ms: { to_vad_end: string; agent: string; out: string };
  holds: boolean;
  failed?: string;
}

/**
 * Samples once a second until stopped: the worker tree's CPU and its children's RSS, and apart from it the
 * bench's own tree (this process and its other descendants).
 */
function sampler(workerPid: number) {
  const peak = new Map<number, number>();
  // CPU of exited processes is lost from /proc: remember each one's last reading
  const lastChildCpu = new Map<number, number>();
  const lastBenchCpu = new Map<number, number>();
  const benchTree = (pid: number) => {
    for (const c of childPids(pid)) {
      if (c === workerPid) continue;
      const ms = cpuMs(c);
      if (ms !== null) lastBenchCpu.set(c, ms);
      benchTree(c);
    }
  };
  const sample = () => {
    for (const pid of childPids(workerPid)) {
      const r = rssMb(pid);
      if (r !== null) peak.set(pid, Math.max(peak.get(pid) ?? 0, r));
      const c = cpuMs(pid);
      if (c !== null) lastChildCpu.set(pid, c);
    }
    benchTree(process.pid);
  };
  const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const cpuNow = () => (cpuMs(workerPid) ?? 0) + sum(lastChildCpu);
  const benchNow = () => (cpuMs(process.pid) ?? 0) + sum(lastBenchCpu);
  sample();
  const t0 = Date.now();
  const c0 = cpuNow();
  const b0 = benchNow();
  const j0 = machineJiffies();
  const timer = setInterval(sample, 1000);
  return {
    peak,
    stop() {
      clearInterval(timer);
      sample();
      const wall = Date.now() - t0;
      const j1 = machineJiffies();
      return {
        wallMs: wall,
        cpuMs: cpuNow() - c0,
        benchCpuMs: benchNow() - b0,
        machineBusyPct: j1.total > j0.total ? (100 * (j1.busy - j0.busy)) / (j1.total - j0.total) : null,
      };
    },
  };
}

export async function measureCapacity(ctx: PartContext): Promise<PartResult> {
  const levels = ctx.quick ? [1, 2, 4] : [1, 2, 3, 4, 6, 8, 12, 16];
  const questions = ctx.quick ? 3 : 6;
  const baselineRuns = ctx.quick ? 2 : 3;
  // a reply this late means the interview starved (the level fails either way): don't wait a minute for it
  const replyTimeoutMs = ctx.quick ? 15_000 : 30_000;
  const nproc = cpus().length;
  const bench = await voiceBench({
    preemptive: ctx.preemptive,
    providers: ctx.providers,
    workerEnv: ctx.workerEnv,
  });
  // every turn answers an open question with the same assessment (the fake's reply): one ideal for all
  const idealNow = () => {
    const reply = bench.stack.oa.chatCalls.at(-1)?.reply;
    return idealLatency(
      ctx.preemptive,
      PROVIDER_PROFILES[bench.providers],
      turnDelaysFor(DEFAULT_TURN_DETECTOR, undefined).minDelay,
      reply === undefined ? { type: 'none' } : { type: 'assessment', reply },
      vadSilenceMs(ctx.workerEnv),
    ).ms;
  };
  let ideal = idealNow();
  const results: Level[] = [];
  const rssPeaks = new Map<number, number>();
  const jobPidSet = new Set<number>();
  let baseline: number | null = null;
  try {
    const bp = await bench.blueprint(questions);
    const workerPid = bench.stack.worker.pid!;
    for (const n of levels) {
      const s = sampler(workerPid);
      const logFrom = bench.stack.worker.output().length;
      const turns: TurnSample[] = [];
      let failed: string | undefined;
      try {
        const runs = n === 1 ? baselineRuns : 1;
        for (let r = 0; r < runs; r++) {
          // every interview's turns count; a failed interview (no reply in time) fails the level
          const out = await Promise.allSettled(
            Array.from({ length: n }, async (_, i) => {
              await sleep(i * STAGGER_MS);
              return runInterview({
                stack: bench.stack,
                blueprintId: bp,
                answers: bench.answers,
                turns: questions,
                timeoutMs: replyTimeoutMs,
                onTurn: (t) => turns.push(t),
              });
            }),
          );
          const rejected = out.find((o) => o.status === 'rejected');
          if (rejected !== undefined) throw rejected.reason;
        }
      } catch (e) {
        failed = e instanceof Error ? e.message : String(e);
      }
      const usage = s.stop();
      const split = agentSplit(turns, agentTurnLogs(bench.stack.worker.output().slice(logFrom)));
      const pids = jobPids(bench.stack.worker.output());
      for (const t of turns) {
        const pid = pids.get(t.run_id);
        if (pid !== undefined) jobPidSet.add(pid);
      }
      for (const [pid, mb] of s.peak)
        if (jobPidSet.has(pid)) rssPeaks.set(pid, Math.max(rssPeaks.get(pid) ?? 0, mb));
      ideal = idealNow();
      const added = turns.map((t) => t.measured_ms - ideal);
      const p95 = quantile(added, 0.95);
      if (n === 1) baseline = p95;
      const cpuPct = usage.wallMs > 0 ? (100 * usage.cpuMs) / (usage.wallMs * nproc) : null;
      const holds =
        failed === undefined &&
        p95 !== null &&
        baseline !== null &&
        (n === 1 || p95 <= 1.25 * baseline) &&
        cpuPct !== null &&
        cpuPct <= 70;
      const level: Level = {
        n,
        turns: turns.length,
        added_p50_ms: round(quantile(added, 0.5), 1),
        added_p95_ms: round(p95, 1),
        worker_cpu_pct_of_machine: round(cpuPct, 1),
        bench_cpu_pct_of_machine: round(
          usage.wallMs > 0 ? (100 * usage.benchCpuMs) / (usage.wallMs * nproc) : null,
          1,
        ),
        cpu_pct_of_core_per_interview: round(
          usage.wallMs > 0 ? (100 * usage.cpuMs) / usage.wallMs / n : null,
          1,
        ),
        machine_busy_pct: round(usage.machineBusyPct, 1),
        split_ms: {
          to_vad_end: `${split.to_vad_end_ms.p50}/${split.to_vad_end_ms.p95}`,
          agent: `${split.agent_ms.p50}/${split.agent_ms.p95}`,
          out: `${split.out_ms.p50}/${split.out_ms.p95}`,
        },
        holds,
        ...(failed !== undefined ? { failed } : {}),
      };
      results.push(level);
      log(`capacity: N=${n}: ${JSON.stringify(level)}`);
      if (!holds) break;
    }
  } finally {
    await bench.release();
  }
  const held = results.filter((l) => l.holds).map((l) => l.n);
  const maxN = held.length ? Math.max(...held) : 0;
  const rss = [...rssPeaks.values()];
  const heldLevel = results.find((l) => l.n === maxN);
  const rows: Row[] = [
    ...results.map((l) => ({
      metric: `capacity: N=${l.n} added p95 ms / worker CPU % / bench CPU % of machine`,
      values: {
        all:
          `${l.added_p95_ms ?? '—'} / ${l.worker_cpu_pct_of_machine ?? '—'} / ` +
          `${l.bench_cpu_pct_of_machine ?? '—'}${l.holds ? '' : ' (stop)'}`,
      },
    })),
    ...results.map((l) => ({
      metric: `capacity: N=${l.n} p50/p95 ms: to the VAD's end · agent · out`,
      values: { all: `${l.split_ms.to_vad_end} · ${l.split_ms.agent} · ${l.split_ms.out}` },
    })),
    { metric: 'capacity: max concurrent interviews', values: { all: maxN }, target: '≥ 12' },
    {
      metric: 'capacity: CPU per interview (% of one core)',
      values: { all: heldLevel?.cpu_pct_of_core_per_interview ?? null },
    },
    { metric: 'capacity: job RSS median MB', values: { all: round(median(rss), 1) }, target: '≤ 250' },
    { metric: 'capacity: job RSS max MB', values: { all: round(rss.length ? Math.max(...rss) : null, 1) } },
  ];
  const last = results.at(-1);
  const notes = [
    `capacity: single-interview p95 added ${round(baseline, 1)} ms; ramp ${results.map((l) => l.n).join(', ')}` +
      (last !== undefined && !last.holds
        ? `; stopped at N=${last.n} (${last.failed ?? `p95 ${last.added_p95_ms} ms vs limit ${round((baseline ?? 0) * 1.25, 1)}, worker CPU ${last.worker_cpu_pct_of_machine}%`})`
        : '; every level held') +
      ` — a shared ${nproc}-core machine: noisy`,
  ];
  return {
    keys: { max_concurrent_interviews: maxN, job_rss_mb_median: round(median(rss), 1) },
    rows,
    notes,
    details: { capacity: { levels: results, job_rss_peak_mb: rss.map((r) => round(r, 1)), ideal_ms: ideal } },
  };
}

export const capacityPart: Part = {
  name: 'capacity',
  description:
    'concurrent interviews per worker (ramp N until p95 added latency > 1.25× single or CPU > 70%)',
  keys: ['max_concurrent_interviews', 'job_rss_mb_median'],
  run: measureCapacity,
};
