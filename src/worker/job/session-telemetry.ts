import type { llm, metrics as lkMetrics, voice } from '@livekit/agents';
import type { Logger } from 'pino';
import type { LiveEvent } from '../../store-client/types.js';
import type { MetricsReporter } from '../metrics.js';

/**
 * Voice-session events translated into store live events (latency per turn) and worker metrics
 * (turn latency by stage, session errors).
 */

export interface TelemetrySink {
  log: Logger;
  metrics: MetricsReporter;
  emit(events: LiveEvent | LiveEvent[]): void;
}

/** An assistant message was added: its end-to-end, LLM and TTS latencies. */
export function reportAssistantLatency(item: llm.ChatMessage, turnNumber: number, sink: TelemetrySink): void {
  const m = item.metrics ?? {};
  const latency: Extract<LiveEvent, { type: 'latency' }> = { type: 'latency', turn_number: turnNumber };
  const ms = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 1000));
  const fields: Array<['e2e_ms' | 'llm_ttft_ms' | 'tts_ttfb_ms', number | undefined, string]> = [
    ['e2e_ms', ms(m.e2eLatency), 'e2e'],
    ['llm_ttft_ms', ms(m.llmNodeTtft), 'llm_ttft'],
    ['tts_ttfb_ms', ms(m.ttsNodeTtfb), 'tts_ttfb'],
  ];
  for (const [k, v, stage] of fields) {
    if (v === undefined || v < 0) continue;
    latency[k] = v;
    sink.metrics.push({
      kind: 'observe',
      name: 'parley_turn_latency_seconds',
      value: v / 1000,
      labels: { stage },
    });
  }
  if (Object.keys(latency).length > 2) {
    // when the first frame went to the audio source (epoch ms): lines the agent's view up with a wall clock
    const startedAt = m.startedSpeakingAt === undefined ? undefined : Math.round(m.startedSpeakingAt * 1000);
    sink.log.info(
      {
        latency,
        interrupted: item.interrupted,
        ...(startedAt !== undefined ? { started_speaking_at: startedAt } : {}),
      },
      'turn latency',
    );
    sink.emit(latency);
  }
}

/** The framework's metrics: end-of-utterance and transcription delays per turn. */
export function reportAgentMetrics(m: lkMetrics.AgentMetrics, turnNumber: number, sink: TelemetrySink): void {
  if (m.type === 'eou_metrics') {
    sink.metrics.push({
      kind: 'observe',
      name: 'parley_turn_latency_seconds',
      value: m.endOfUtteranceDelayMs / 1000,
      labels: { stage: 'eou' },
    });
    sink.metrics.push({
      kind: 'observe',
      name: 'parley_turn_latency_seconds',
      value: m.transcriptionDelayMs / 1000,
      labels: { stage: 'transcription' },
    });
    const latency: LiveEvent = {
      type: 'latency',
      turn_number: turnNumber,
      eou_ms: Math.max(0, Math.round(m.endOfUtteranceDelayMs)),
      stt_ms: Math.max(0, Math.round(m.transcriptionDelayMs)),
    };
    sink.log.info({ latency }, 'turn end of utterance');
    sink.emit(latency);
  } else if (m.type === 'tts_metrics') {
    sink.log.debug({ ttfb_ms: m.ttfbMs, audio_s: m.audioDurationMs / 1000 }, 'tts metrics');
  }
}

export function reportSessionError(ev: voice.ErrorEvent, sink: TelemetrySink): void {
  sink.log.warn(
    {
      err: String((ev.error as { error?: unknown })?.error ?? ev.error),
      source: ev.source?.constructor?.name,
    },
    'session error',
  );
  sink.metrics.push({ kind: 'inc', name: 'parley_errors_total', labels: { component: 'session' } });
}
