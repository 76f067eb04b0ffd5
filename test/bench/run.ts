import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { backendNames, log, machine } from './lib.js';
import { formatProfile, type ProfileSummary } from './profile.js';
import { analysisPart } from './parts/analysis.js';
import { breakdownPart } from './parts/breakdown.js';
import { capacityPart } from './parts/capacity.js';
import { enginePart } from './parts/engine.js';
import { filesPart } from './parts/files.js';
import { judgementPart } from './parts/judgement.js';
import { latencyPart } from './parts/latency.js';
import { ssePart } from './parts/sse.js';
import { storePart } from './parts/store.js';
import { turnsPart } from './parts/turns.js';
import { vadPart } from './parts/vad.js';
import { webhookPart } from './parts/webhook.js';
import { stopSharedVoiceBench } from './voice/stack.js';
import { turnDetectorSchema, type TurnDetectorName } from '../../src/worker/turn/delays.js';
import { providerProfileNameSchema, type ProviderProfileName } from '../fakes/provider-timing.js';
import {
  RESULT_KEYS,
  type Part,
  type PartResult,
  type PreemptiveMode,
  type ResultKey,
  type Row,
} from './types.js';

/**
 * `npm run bench [-- <part>…] [--quick] [--json FILE] [--profile] [--preemptive speech|conductor|off]
 *   [--providers ideal|realistic|slow] [--detector vad|livekit|parley]… [--case ID]… [--worker-env NAME=VALUE]…`
 *
 * Parts run one after another in this process (the load generator); every server under test is its own
 * process. Numbers are reported, never asserted. Keys of parts that did not run stay null.
 * A part is a module exporting a `Part`; add it to PARTS.
 */

export const PARTS: Part[] = [
  latencyPart,
  capacityPart,
  storePart,
  ssePart,
  webhookPart,
  enginePart,
  vadPart,
  judgementPart,
  analysisPart,
  filesPart,
  { ...breakdownPart, onlyByName: true },
  turnsPart,
];

const TARGETS: Partial<Record<ResultKey, (v: number) => boolean>> = {
  added_latency_p50_ms: (v) => v <= 15,
  added_latency_p95_ms: (v) => v <= 50,
  e2e_latency_p50_ms: (v) => v <= 800,
  // issue 14's targets, for the `realistic` providers and `normal` endpointing
  e2e_p50_ms_typed: (v) => v <= 650,
  e2e_p50_ms_open: (v) => v <= 950,
  false_cutoff_rate: (v) => v <= 0.02,
  max_concurrent_interviews: (v) => v >= 12,
  job_rss_mb_median: (v) => v <= 250,
  store_turns_ratio_vs_node_http: (v) => v >= 0.5,
  sse_p99_ms_100: (v) => v <= 25,
  sse_p99_ms_1000: (v) => v <= 100,
  webhook_p95_ms: (v) => v <= 2000,
  analysis_sentiment_accuracy: (v) => v >= 0.85,
  analysis_theme_precision: (v) => v >= 0.8,
  analysis_quote_coverage: (v) => v >= 0.9,
  analysis_scorecard_order_accuracy: (v) => v >= 0.9,
  analysis_verbatim_violations: (v) => v === 0,
};

function usage(): never {
  console.error(
    `usage: npm run bench -- [${PARTS.map((p) => p.name).join('|')}]… [--quick] [--json FILE] [--profile [DIR]] [--preemptive speech|conductor|off] [--providers ideal|realistic|slow] [--conductor offline|llm] [--detector vad|livekit|parley]… [--case ID]… [--worker-env NAME=VALUE]…`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]) {
  const parts: string[] = [];
  let quick = false;
  let preemptive: PreemptiveMode = 'speech';
  let providers: ProviderProfileName = 'realistic';
  let json: string | undefined;
  let profileDir: string | undefined;
  let conductor: 'offline' | 'llm' = 'offline';
  const detectors: TurnDetectorName[] = [];
  const workerEnv: Record<string, string> = {};
  const cases: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') quick = true;
    else if (a === '--preemptive') {
      const mode = argv[++i];
      if (mode !== 'speech' && mode !== 'conductor' && mode !== 'off') usage();
      preemptive = mode;
    } else if (a === '--providers') {
      const name = providerProfileNameSchema.safeParse(argv[++i]);
      if (!name.success) usage();
      providers = name.data;
    } else if (a === '--conductor') {
      const mode = argv[++i];
      if (mode !== 'offline' && mode !== 'llm') usage();
      conductor = mode;
    } else if (a === '--detector') {
      const name = turnDetectorSchema.safeParse(argv[++i]);
      if (!name.success) usage();
      detectors.push(name.data);
    } else if (a === '--case') cases.push(argv[++i] ?? usage());
    else if (a === '--worker-env') {
      const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(argv[++i] ?? '');
      if (m === null) usage();
      workerEnv[m[1]!] = m[2]!;
    } else if (a === '--json') json = argv[++i] ?? usage();
    else if (a === '--profile') {
      const next = argv[i + 1];
      profileDir = next && !next.startsWith('-') && !PARTS.some((p) => p.name === next) ? argv[++i]! : '';
    } else if (a === '--help' || a === '-h') usage();
    else if (PARTS.some((p) => p.name === a)) parts.push(a);
    else {
      console.error(`unknown argument: ${a}`);
      usage();
    }
  }
  if (profileDir === '') profileDir = join(tmpdir(), `parley-bench-prof-${Date.now()}`);
  return { parts, quick, json, profileDir, preemptive, providers, conductor, detectors, cases, workerEnv };
}

function cell(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 3 : 1);
  return v;
}

function table(rows: Row[], backends: string[]): string {
  const groups = [...(rows.some((r) => r.values.all !== undefined) ? ['all'] : []), ...backends];
  const cols = ['metric', ...groups, 'target'];
  const body = rows.map((r) => [
    r.metric,
    ...groups.map((g) => (r.values[g as 'all'] === undefined ? '' : cell(r.values[g as 'all']))),
    r.target ?? '',
  ]);
  const width = cols.map((c, i) => Math.max(c.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  return [line(cols), line(width.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const selected = args.parts.length
    ? PARTS.filter((p) => args.parts.includes(p.name))
    : PARTS.filter((p) => !p.onlyByName);
  const backends = backendNames();
  if (args.profileDir) mkdirSync(args.profileDir, { recursive: true });
  const m = machine();
  log(
    `machine: ${m.nproc} × ${m.cpu_model}, node ${m.node}; backends: ${backends.join(', ')}; ${args.quick ? 'quick' : 'full'} run`,
  );
  const started = Date.now();
  const keys = Object.fromEntries(RESULT_KEYS.map((k) => [k, null])) as Record<ResultKey, number | null>;
  const rows: Row[] = [];
  const notes: string[] = [];
  const details: Record<string, unknown> = {};
  const failures: string[] = [];
  for (const part of selected) {
    const t0 = Date.now();
    log(`part ${part.name}: ${part.description}`);
    let r: PartResult;
    try {
      r = await part.run({
        quick: args.quick,
        backends,
        profileDir: args.profileDir,
        preemptive: args.preemptive,
        providers: args.providers,
        conductor: args.conductor,
        detectors: args.detectors,
        workerEnv: args.workerEnv,
        cases: args.cases,
      });
    } catch (err) {
      const msg = err instanceof Error ? (err.stack ?? err.message) : String(err);
      log(`part ${part.name} FAILED: ${msg}`);
      failures.push(`${part.name}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    Object.assign(keys, r.keys);
    rows.push(...r.rows);
    notes.push(...r.notes);
    Object.assign(details, r.details);
    log(`part ${part.name}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  await stopSharedVoiceBench();

  const out = {
    ...keys,
    machine: m,
    run: {
      quick: args.quick,
      preemptive: args.preemptive,
      providers: args.providers,
      parts: selected.map((p) => p.name),
      backends,
      seconds: Math.round((Date.now() - started) / 1000),
      at: new Date(started).toISOString(),
    },
    targets_met: Object.fromEntries(
      Object.entries(TARGETS).map(([k, ok]) => [
        k,
        keys[k as ResultKey] === null ? null : ok(keys[k as ResultKey]!),
      ]),
    ),
    notes,
    failures,
    details,
  };

  console.log(
    `\nParley benchmarks — ${m.nproc} × ${m.cpu_model}, node ${m.node}, ${args.quick ? 'quick' : 'full'} run, ${out.run.seconds} s\n`,
  );
  console.log(table(rows, backends));
  console.log('\nkeys (issue 6; backend-dependent keys are PGlite):');
  for (const k of RESULT_KEYS) {
    const met = out.targets_met[k as keyof typeof out.targets_met];
    console.log(`  ${k.padEnd(32)} ${cell(keys[k]).padStart(10)}${met === false ? '  (target missed)' : ''}`);
  }
  for (const n of notes) console.log(`note: ${n}`);
  for (const f of failures) console.log(`FAILED: ${f}`);
  if (args.profileDir) {
    console.log(`\nCPU profiles of the store processes: ${args.profileDir}`);
    for (const [k, v] of Object.entries(details)) {
      if (!k.endsWith('_profiles')) continue;
      for (const [b, list] of Object.entries(v as Record<string, ProfileSummary[]>))
        for (const s of list) console.log(`\n[${k} ${b}] ${formatProfile(s)}`);
    }
  }
  if (args.json) {
    const file = resolve(args.json);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
    log(`wrote ${file}`);
  }
  if (failures.length) process.exitCode = 1;
}

await main();
// the voice parts' rtc-node participants hold native handles that keep the loop alive after they leave
process.exit();
