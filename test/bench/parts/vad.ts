import type { VAD } from '@livekit/agents';
import * as silero from '@livekit/agents-plugin-silero';
import { createVad } from '../../../src/worker/voice/vad.js';
import { log, median, round } from '../lib.js';
import type { Part, PartContext, PartResult, Row } from '../types.js';
import { LATENCY_SCRIPT } from '../voice/script.js';
import { measureVadLag, type VadLag } from '../voice/vad-lag.js';

/**
 * The worker's VAD against the one it replaced, offline on the latency part's spoken answers (espeak-ng,
 * 16 kHz, each followed by 1.5 s of silence, as fast as each runs): process CPU per second of audio
 * (median over rounds), how late each dates the end of speech, and answers heard as more than one utterance
 * or not at all. Candidates: the worker's `inference.VAD` (Silero compiled into @livekit/local-inference,
 * the plugin's thresholds), the same with the framework's default hysteresis (end below 0.35), and
 * `@livekit/agents-plugin-silero` (onnxruntime-node; a dev dependency kept for this comparison only).
 */

interface Candidate {
  name: string;
  load: () => Promise<VAD>;
}

const CANDIDATES: Candidate[] = [
  { name: 'inference.VAD (worker)', load: async () => createVad() },
  { name: 'inference.VAD, end < 0.35', load: async () => createVad({ deactivationThreshold: 0.35 }) },
  { name: 'silero plugin (before)', load: () => silero.VAD.load() },
];

interface Measured {
  name: string;
  cpu_ms_per_audio_s: number | null;
  rounds: VadLag[];
}

export const vadPart: Part = {
  name: 'vad',
  description: 'the worker’s VAD (core inference.VAD) vs the Silero plugin: CPU per audio second, end dating',
  keys: ['vad_cpu_ms_per_audio_s', 'vad_cpu_ms_per_audio_s_silero_plugin', 'vad_end_lag_p50_ms'],
  async run(ctx: PartContext): Promise<PartResult> {
    const texts = [...new Set(LATENCY_SCRIPT.map((q) => q.spoken))];
    const rounds = ctx.quick ? 2 : 5;
    const measured: Measured[] = [];
    for (const c of CANDIDATES) {
      const vad = await c.load();
      const lags: VadLag[] = [];
      for (let r = 0; r < rounds; r++) lags.push(await measureVadLag(texts, vad, c.name));
      const cpu = median(lags.map((l) => l.cpu_ms_per_audio_s).filter((v): v is number => v !== null));
      measured.push({ name: c.name, cpu_ms_per_audio_s: round(cpu, 2), rounds: lags });
      log(`vad[${c.name}]: ${round(cpu, 2)} ms CPU per audio second`);
    }
    const last = (m: Measured) => m.rounds.at(-1)!;
    const split = (m: Measured) => last(m).answers.filter((a) => a.ends > 1).length;
    const missed = (m: Measured) => last(m).answers.filter((a) => a.vad_end_ms === null).length;
    const rows: Row[] = measured.flatMap((m) => [
      { metric: `${m.name}: CPU ms per audio s`, values: { all: m.cpu_ms_per_audio_s } },
      { metric: `  end of speech dated late p50 / p95 ms`, values: { all: lagText(last(m)) } },
      {
        metric: `  answers split / missed (of ${texts.length})`,
        values: { all: `${split(m)} / ${missed(m)}` },
      },
    ]);
    const worker = measured[0]!;
    const plugin = measured[2]!;
    return {
      keys: {
        vad_cpu_ms_per_audio_s: worker.cpu_ms_per_audio_s,
        vad_cpu_ms_per_audio_s_silero_plugin: plugin.cpu_ms_per_audio_s,
        vad_end_lag_p50_ms: last(worker).vs_speech_end_ms.p50,
      },
      rows,
      details: {
        vad: measured.map((m) => ({ name: m.name, cpu_ms_per_audio_s: m.cpu_ms_per_audio_s, last: last(m) })),
      },
      notes: [],
    };
  },
};

const lagText = (l: VadLag) => `${l.vs_speech_end_ms.p50} / ${l.vs_speech_end_ms.p95}`;
