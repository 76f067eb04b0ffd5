import '../../e2e/harness/rtc-log.js';
import { loadavg } from 'node:os';
import { speak } from '../../e2e/harness/speech.js';
import { DEFAULT_TURN_DETECTOR, type TurnDetectorName } from '../../../src/worker/turn/delays.js';
import { log, quantile, round } from '../lib.js';
import type { Part, PartContext, PartResult, ResultKey, Row } from '../types.js';
import {
  COMPLETE_ANSWERS,
  isTypedNode,
  PAUSED_ANSWERS,
  type BenchNode,
  type PausedAnswer,
} from '../voice/paused-answers.js';
import { runPausedAnswer, type PausedSample } from '../voice/paused-run.js';
import { startVoiceBench } from '../voice/stack.js';

/**
 * End of turn with pauses (issue 14 §3): each detector (`--detector vad|livekit|parley`, default all
 * three) gets its own voice stack (livekit-server, store, worker with PARLEY_TURN_DETECTOR, the fakes
 * paced by `--providers`), and every labelled answer (voice/paused-answers.ts) runs in its own interview
 * (voice/paused-run.ts). false_cutoff_rate = share of the paused answers where agent audio started before
 * the answer's speech ended; latency = end of speech → first agent audio over the answers not cut off.
 */

const ALL: readonly TurnDetectorName[] = ['vad', 'livekit', 'parley'];

interface DetectorResult {
  detector: TurnDetectorName;
  paused: PausedSample[];
  complete: PausedSample[];
  false_cutoff_rate: number | null;
  typed: { n: number; p50_ms: number | null; p95_ms: number | null };
  open: { n: number; p50_ms: number | null; p95_ms: number | null };
  /** The same over the answers without a pause (the set every detector answers). */
  complete_typed: { n: number; p50_ms: number | null; p95_ms: number | null };
  complete_open: { n: number; p50_ms: number | null; p95_ms: number | null };
}

/** Runs of an answer again when the fake STT split one of its segments (see runDetector). */
const SPLIT_RETRIES = 2;

function latency(samples: PausedSample[]) {
  const v = samples.map((s) => s.latency_ms).filter((x): x is number => x !== null);
  return { n: v.length, p50_ms: round(quantile(v, 0.5), 0), p95_ms: round(quantile(v, 0.95), 0) };
}

const AFTER_QUESTION = {
  type: 'open' as const,
  text: 'Is there anything else you would like to add?',
  spoken: '',
  transcript: '',
};

function benchQuestion(node: BenchNode) {
  const common = { text: node.text, spoken: '', transcript: '' };
  switch (node.type) {
    case 'open':
      return { type: 'open' as const, ...common };
    case 'yes_no':
      return { type: 'yes_no' as const, ...common };
    case 'rating':
      return { type: 'rating' as const, ...common, scale: node.scale };
    case 'choice':
      return { type: 'choice' as const, ...common, options: node.options };
  }
}

async function runDetector(
  ctx: PartContext,
  detector: TurnDetectorName,
  cases: readonly PausedAnswer[],
  pcm: Map<string, Int16Array>,
): Promise<PausedSample[]> {
  const bench = await startVoiceBench({
    name: `turns-${detector}`,
    maxJobs: 2,
    preemptive: ctx.preemptive,
    providers: ctx.providers,
    workerEnv: { ...ctx.workerEnv, PARLEY_TURN_DETECTOR: detector },
  });
  const samples: PausedSample[] = [];
  try {
    const { stack } = bench;
    const nodes = [...new Map(cases.map((c) => [c.node.text, c.node])).values()];
    await Promise.all(
      nodes.map((n) =>
        fetch(`${stack.oa.baseURL}/audio/speech`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            input: n.text,
            voice: 'alloy',
            model: 'warm',
            response_format: 'pcm',
            speed: 1,
          }),
        }).then((r) => r.arrayBuffer()),
      ),
    );
    const blueprints = new Map<string, string>();
    // a second question after the answer's: the interview goes on, so that how the answer was read shows
    for (const n of nodes)
      blueprints.set(n.text, await bench.scriptBlueprint([benchQuestion(n), AFTER_QUESTION]));
    const run = (c: PausedAnswer) =>
      runPausedAnswer({
        stack,
        blueprintId: blueprints.get(c.node.text)!,
        answer: c,
        pcm: c.segments.map((s) => pcm.get(s.spoken)!),
      });
    // warm-up (not counted): the first job's first synthesis and first model call are slower
    for (const c of cases.filter((x) => x.segments.length === 1).slice(0, 2)) await run(c);
    for (const c of cases) {
      // The fake STT cuts a segment by energy; when the received audio dips inside a word it makes two of
      // one spoken segment and hands the second the next scripted transcript (or its fallback), so the
      // detector reads words not yet said. Such a run measures the fake, not the detector: run it again.
      let s = await run(c);
      for (let retry = 1; s.stt_segments > c.segments.length && retry <= SPLIT_RETRIES; retry++) {
        const shape = s.stt_detail
          .map((d) => `${d.speech_ms} ms speech + ${d.quiet_ms} quiet${d.continuation ? ' (joined)' : ''}`)
          .join(', ');
        log(
          `turns: ${detector}: ${c.id}: the fake STT split it (${s.stt_segments} segments: ${shape}), again`,
        );
        s = await run(c);
      }
      samples.push(s);
      log(
        `turns: ${detector}: ${c.id}: ${s.cut_off ? `CUT OFF${s.cut_at ? ` ${s.cut_at.ms} ms after pause ${s.cut_at.pause + 1}` : ''}` : `${s.latency_ms} ms`}${s.stt_segments > c.segments.length ? ` (split by the fake STT: ${s.stt_segments} segments)` : ''}${s.stt_continuations > 0 ? ` (${s.stt_continuations} piece(s) joined by the fake STT)` : ''}${c.segments.length > 1 ? `; read ${s.read_whole === true ? 'whole' : s.read_whole === false ? 'IN PARTS' : '?'}` : ''}`,
      );
    }
  } finally {
    await bench.stop();
  }
  return samples;
}

export async function measureTurns(ctx: PartContext): Promise<PartResult> {
  const detectors = ctx.detectors?.length ? ctx.detectors : ALL;
  const pick = <T>(v: readonly T[]) => (ctx.quick ? v.filter((_, i) => i % 2 === 0) : [...v]);
  const wanted = ctx.cases?.length ? new Set(ctx.cases) : null;
  const cases = [...pick(PAUSED_ANSWERS), ...pick(COMPLETE_ANSWERS)].filter((c) => wanted?.has(c.id) ?? true);
  if (wanted !== null && cases.length < wanted.size)
    throw new Error(
      `turns: no answer ${[...wanted].filter((id) => !cases.some((c) => c.id === id)).join(', ')}`,
    );
  const spoken = [...new Set(cases.flatMap((c) => c.segments.map((s) => s.spoken)))];
  const pcm = new Map(await Promise.all(spoken.map(async (t) => [t, await speak(t)] as const)));
  const load = [loadavg()[0]!];
  const results: DetectorResult[] = [];
  for (const detector of detectors) {
    const samples = await runDetector(ctx, detector, cases, pcm);
    load.push(loadavg()[0]!);
    const byId = new Map(cases.map((c) => [c.id, c]));
    const paused = samples.filter((s) => byId.get(s.id)!.segments.length > 1);
    const complete = samples.filter((s) => byId.get(s.id)!.segments.length === 1);
    const typed = samples.filter((s) => isTypedNode(byId.get(s.id)!.node));
    results.push({
      detector,
      paused,
      complete,
      false_cutoff_rate:
        paused.length === 0 ? null : round(paused.filter((s) => s.cut_off).length / paused.length, 3),
      typed: latency(typed),
      open: latency(samples.filter((s) => !isTypedNode(byId.get(s.id)!.node))),
      complete_typed: latency(complete.filter((s) => isTypedNode(byId.get(s.id)!.node))),
      complete_open: latency(complete.filter((s) => !isTypedNode(byId.get(s.id)!.node))),
    });
  }
  const keys: Partial<Record<ResultKey, number | null>> = {};
  for (const r of results) {
    keys[`turns_false_cutoff_rate_${r.detector}`] = r.false_cutoff_rate;
    keys[`turns_e2e_p50_ms_typed_${r.detector}`] = r.typed.p50_ms;
    keys[`turns_e2e_p95_ms_typed_${r.detector}`] = r.typed.p95_ms;
    keys[`turns_e2e_p50_ms_open_${r.detector}`] = r.open.p50_ms;
    keys[`turns_e2e_p95_ms_open_${r.detector}`] = r.open.p95_ms;
  }
  const chosen = results.find((r) => r.detector === DEFAULT_TURN_DETECTOR);
  if (chosen !== undefined) keys.false_cutoff_rate = chosen.false_cutoff_rate;
  const rows: Row[] = results.flatMap((r): Row[] => [
    {
      metric: `turns: ${r.detector}: false cut-offs (paused answers)`,
      values: {
        all: `${r.paused.filter((s) => s.cut_off).length} / ${r.paused.length} = ${r.false_cutoff_rate ?? '—'}`,
      },
      target: '≤ 0.02',
    },
    {
      metric: `turns: ${r.detector}: false cut-offs per node type (paused answers)`,
      values: { all: cutoffsByNode(r.paused, cases) },
    },
    {
      metric: `turns: ${r.detector}: paused answers read whole at their node (cut off or not) · of those cut off`,
      values: { all: readWholeCounts(r.paused) },
    },
    {
      metric: `turns: ${r.detector}: end of speech → agent audio p50 / p95 ms, typed (${r.typed.n}) · open (${r.open.n})`,
      values: {
        all: `${r.typed.p50_ms ?? '—'} / ${r.typed.p95_ms ?? '—'} · ${r.open.p50_ms ?? '—'} / ${r.open.p95_ms ?? '—'}`,
      },
    },
    {
      metric: `turns: ${r.detector}: complete answers only, p50 / p95 ms, typed (${r.complete_typed.n}) · open (${r.complete_open.n})`,
      values: {
        all: `${r.complete_typed.p50_ms ?? '—'} / ${r.complete_typed.p95_ms ?? '—'} · ${r.complete_open.p50_ms ?? '—'} / ${r.complete_open.p95_ms ?? '—'}`,
      },
    },
  ]);
  const notes = [
    `turns: ${cases.length} answers per detector (${cases.filter((c) => c.segments.length > 1).length} with pauses), providers ${ctx.providers}, preemptive ${ctx.preemptive}; 1-min load average before and after each detector: ${load.map((l) => l.toFixed(1)).join(' → ')}; default detector ${DEFAULT_TURN_DETECTOR}`,
  ];
  return {
    keys,
    rows,
    notes,
    details: { turns: { providers: ctx.providers, load_average_1m: load, detectors: results } },
  };
}

/** "23 / 25 · 2 / 2": answers read whole (`PausedSample.read_whole`), then among the cut off; "?" = unknown. */
function readWholeCounts(paused: readonly PausedSample[]): string {
  const count = (v: readonly PausedSample[]) => {
    const unknown = v.filter((s) => s.read_whole === null).length;
    return `${v.filter((s) => s.read_whole === true).length} / ${v.length}${unknown > 0 ? ` (${unknown} ?)` : ''}`;
  };
  return `${count(paused)} · ${count(paused.filter((s) => s.cut_off))}`;
}

/** "open 0 / 13 · yes_no 1 / 5 · …": the paused answers cut off, per node type, in the set's order. */
function cutoffsByNode(paused: readonly PausedSample[], cases: readonly PausedAnswer[]): string {
  const byId = new Map(cases.map((c) => [c.id, c.node.type]));
  const counts = new Map<string, { cut: number; n: number }>();
  for (const s of paused) {
    const type = byId.get(s.id)!;
    const c = counts.get(type) ?? { cut: 0, n: 0 };
    counts.set(type, { cut: c.cut + (s.cut_off ? 1 : 0), n: c.n + 1 });
  }
  return [...counts].map(([type, c]) => `${type} ${c.cut} / ${c.n}`).join(' · ');
}

const keysFor = (d: TurnDetectorName): ResultKey[] => [
  `turns_false_cutoff_rate_${d}`,
  `turns_e2e_p50_ms_typed_${d}`,
  `turns_e2e_p95_ms_typed_${d}`,
  `turns_e2e_p50_ms_open_${d}`,
  `turns_e2e_p95_ms_open_${d}`,
];

export const turnsPart: Part = {
  name: 'turns',
  description:
    'end of turn with mid-answer pauses: false cut-offs and latency for VAD endpointing, LiveKit v1-mini and Parley’s detector',
  keys: ['false_cutoff_rate', ...ALL.flatMap(keysFor)],
  run: measureTurns,
};
