import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { speak } from '../../e2e/harness/speech.js';
import { PROVIDER_PROFILES, type ProviderProfileName } from '../../fakes/provider-timing.js';
import { startStack, type Stack } from '../../e2e/harness/stack.js';
import { ROOT } from '../lib.js';
import type { PreemptiveMode } from '../types.js';
import { BENCH_ASSESSMENT_STRINGS, benchChatReply } from './schema-example.js';
import { LATENCY_SCRIPT, scriptBlueprint, type ScriptedQuestion } from './script.js';

/**
 * The real voice stack of the e2e suite (livekit-server, `parley store`, `parley worker start` with the
 * LLM conductor) with the provider fakes paced by a provider timing profile (test/fakes/provider-timing.ts;
 * the ideal latency it implies: ideal.ts).
 */

const QUESTIONS = [
  'What is your role at work?',
  'Which tool do you use most?',
  'How often do you use it?',
  'What do you like about it?',
  'What slows you down the most?',
  'Who else on your team uses it?',
  'What would you change first?',
  'How did you learn to use it?',
  'What do you do when it fails?',
  'How would you sum it up?',
];
const INTRO = 'Hello, this is the Parley benchmark.';

/** Answers without commas: a pause inside an answer longer than the STT delay would split it. */
export const ANSWERS = [
  'I run the night shift at a hospital in Leeds',
  'We use the scheduling app every single day',
  'It saves me about an hour on every shift',
  'The reports take far too long to load',
];
export const ANSWER_TRANSCRIPT = 'I use the scheduling app every day.';
/** The fake STT joins speech that resumes within this much quiet to the segment before (a dip in a word). */
const CONTINUATION_MS = 400;

/** A blueprint of `questions` open questions (no consent, no probing, default endpointing), as JSON. */
export function benchBlueprint(id: string, questions: number) {
  const ids = Array.from({ length: questions }, (_, i) => `q${i + 1}`);
  return {
    id,
    name: `Bench voice interview (${questions} questions)`,
    settings: { estimated_duration_m: 5, max_duration_m: 30, language: 'en', intro_message: INTRO },
    graph: {
      entry_node: 'q1',
      nodes: {
        ...Object.fromEntries(
          ids.map((n, i) => [
            n,
            {
              type: 'question',
              key: n,
              text: QUESTIONS[i % QUESTIONS.length],
              probing: { enabled: false, max_follow_ups: 0 },
            },
          ]),
        ),
        done: { type: 'end' },
      },
      edges: ids.map((n, i) => ({ from: n, to: ids[i + 1] ?? 'done' })),
    },
  };
}

export interface VoiceBench {
  stack: Stack;
  /** The part is done with it: stops it, unless it is the run's shared stack (see `voiceBench`). */
  release(): Promise<void>;
  /** The provider timing profile the fakes run with. */
  providers: ProviderProfileName;
  /** Creates and publishes a blueprint of open questions; returns its id. */
  blueprint(questions: number): Promise<string>;
  /** Creates and publishes the blueprint of a typed-and-open script (script.ts); returns its id. */
  scriptBlueprint(script: readonly ScriptedQuestion[]): Promise<string>;
  /** Participant answers to open questions, rendered once (48 kHz PCM). */
  answers: Int16Array[];
  /** The spoken answer of each LATENCY_SCRIPT entry, by its `spoken` text (48 kHz PCM). */
  scriptAnswers: Map<string, Int16Array>;
  stop(): Promise<void>;
}

export async function startVoiceBench(opts: {
  name: string;
  maxJobs: number;
  idleProcesses?: number;
  cpuProfDir?: string | undefined;
  preemptive: PreemptiveMode;
  providers: ProviderProfileName;
  /** More worker environment (e.g. PARLEY_TURN_DETECTOR for the turns part). */
  workerEnv?: Record<string, string>;
}): Promise<VoiceBench> {
  const timing = PROVIDER_PROFILES[opts.providers];
  const stack = await startStack({
    name: opts.name,
    logDir: join(ROOT, 'test-artifacts', 'bench', opts.name),
    // continuationMs: shorter than every scripted pause (test/bench/voice/paused-answers.ts: ≥ 500 ms)
    deepgram: {
      finalDelayMs: timing.stt.final_delay_ms,
      finalSilenceMs: 100,
      continuationMs: CONTINUATION_MS,
      fallbackTranscript: ANSWER_TRANSCRIPT,
    },
    openai: {
      speechFirstByteMs: timing.tts.first_byte_ms,
      ...(timing.tts.real_time_factor !== null ? { speechRealTimeFactor: timing.tts.real_time_factor } : {}),
      chatTiming: timing.llm,
      chat: benchChatReply,
    },
    storeEnv: { PARLEY_LOG_LEVEL: 'warn', PARLEY_RATE_LIMIT_PER_MIN: '1000000' },
    workerEnv: {
      PARLEY_CONDUCTOR_MODE: 'llm',
      PARLEY_MAX_JOBS: String(opts.maxJobs),
      PARLEY_NUM_IDLE_PROCESSES: String(opts.idleProcesses ?? 1),
      PARLEY_IDLE_TIMEOUT_S: '60',
      PARLEY_PREEMPTIVE: opts.preemptive,
      ...opts.workerEnv,
    },
    ...(opts.cpuProfDir !== undefined
      ? { workerNodeArgs: ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] }
      : {}),
  });
  try {
    const answers = await Promise.all(ANSWERS.map((a) => speak(a)));
    const spoken = [...new Set(LATENCY_SCRIPT.map((q) => q.spoken))];
    const scriptAnswers = new Map(await Promise.all(spoken.map(async (t) => [t, await speak(t)] as const)));
    // the fake TTS caches by text: synthesise the fixed phrases once so their first byte is on schedule
    const phrases = [
      INTRO,
      ...QUESTIONS,
      ...LATENCY_SCRIPT.map((q) => q.text),
      BENCH_ASSESSMENT_STRINGS.acknowledgement,
    ];
    await Promise.all(
      phrases.map((input) =>
        fetch(`${stack.oa.baseURL}/audio/speech`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ input, voice: 'alloy', model: 'warm', response_format: 'pcm', speed: 1 }),
        }).then((r) => r.arrayBuffer()),
      ),
    );
    let n = 0;
    const publish = async (blueprint: { id: string }) => {
      const created = await stack.api('POST', '/v1/blueprints', blueprint);
      if (created.status !== 201)
        throw new Error(`blueprint: ${created.status} ${JSON.stringify(created.body)}`);
      const pub = await stack.api('POST', `/v1/blueprints/${created.body.id}/publish`);
      if (pub.status !== 200) throw new Error(`publish: ${pub.status} ${JSON.stringify(pub.body)}`);
      return created.body.id as string;
    };
    return {
      stack,
      providers: opts.providers,
      answers,
      scriptAnswers,
      blueprint: (questions) => publish(benchBlueprint(`bench-voice-${questions}-${++n}`, questions)),
      scriptBlueprint: (script) =>
        publish(scriptBlueprint(`bench-voice-script-${script.length}-${++n}`, script, INTRO)),
      stop: () => stack.stop(),
      release: () => stack.stop(),
    };
  } catch (e) {
    await stack.stop();
    throw e;
  }
}

// ---------------------------------------------------------------- the worker's own view

export interface AgentTurnLog {
  pid: number;
  run_id?: string;
  at: number;
  e2e_ms?: number;
  llm_ttft_ms?: number;
  tts_ttfb_ms?: number;
  eou_ms?: number;
  stt_ms?: number;
  /** Epoch ms of the agent's first frame into its audio source (`turn latency` lines). */
  started_speaking_at?: number;
}

/** The worker's `turn latency` and `turn end of utterance` log lines (JSON, one per turn). */
export function agentTurnLogs(lines: readonly string[]): AgentTurnLog[] {
  const out: AgentTurnLog[] = [];
  for (const line of lines) {
    if (!line.includes('"turn latency"') && !line.includes('"turn end of utterance"')) continue;
    try {
      const j = JSON.parse(line) as {
        pid: number;
        run_id?: string;
        time: number;
        latency: Record<string, number>;
        started_speaking_at?: number;
      };
      const l = j.latency ?? {};
      out.push({
        pid: j.pid,
        ...(j.run_id !== undefined ? { run_id: j.run_id } : {}),
        at: j.time,
        ...Object.fromEntries(
          ['e2e_ms', 'llm_ttft_ms', 'tts_ttfb_ms', 'eou_ms', 'stt_ms']
            .filter((k) => typeof l[k] === 'number')
            .map((k) => [k, l[k]]),
        ),
        ...(typeof j.started_speaking_at === 'number' ? { started_speaking_at: j.started_speaking_at } : {}),
      });
    } catch {
      // not JSON
    }
  }
  return out;
}

/** Job pid by run id, from the worker's `interview session started` lines. */
export function jobPids(lines: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines) {
    if (!line.includes('interview session started')) continue;
    try {
      const j = JSON.parse(line) as { pid: number; run_id: string };
      out.set(j.run_id, j.pid);
    } catch {
      // not JSON
    }
  }
  return out;
}

// ---------------------------------------------------------------- processes (Linux /proc)

/** Direct children of `pid`. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {
      // gone
    }
  }
  return out;
}

/** VmRSS of a process in MB (null when it is gone). */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
export function machineJiffies(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: total - idle, total };
}

// ---------------------------------------------------------------- one stack for the run's voice parts

let shared: Promise<VoiceBench> | null = null;

/**
 * The voice stack for a voice part: one shared by the latency and capacity parts of a run (room for 16
 * simultaneous interviews plus one, two idle job processes), started by whichever runs first and stopped
 * by `stopSharedVoiceBench` at the end of the run — a stack start is ~15 s. A CPU-profiled worker is the
 * part's own.
 */
export async function voiceBench(opts: {
  preemptive: PreemptiveMode;
  providers: ProviderProfileName;
  cpuProfDir?: string | undefined;
  workerEnv?: Record<string, string> | undefined;
}): Promise<VoiceBench> {
  const workerEnv = opts.workerEnv ?? {};
  if (opts.cpuProfDir !== undefined)
    return startVoiceBench({ name: 'latency', maxJobs: 2, ...opts, workerEnv });
  shared ??= startVoiceBench({
    name: 'voice',
    maxJobs: 17,
    idleProcesses: 2,
    preemptive: opts.preemptive,
    providers: opts.providers,
    workerEnv,
  });
  const bench = await shared;
  return { ...bench, release: async () => undefined };
}

export async function stopSharedVoiceBench(): Promise<void> {
  const bench = await shared?.catch(() => null);
  shared = null;
  await bench?.stop();
}
