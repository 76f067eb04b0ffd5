import { Writable } from 'node:stream';
import { llm } from '@livekit/agents';
import { pino } from 'pino';
import { describe, expect, test } from 'vitest';
import type { LiveEvent } from '../../../src/store-client/types.js';
import { reportAssistantLatency } from '../../../src/worker/job/session-telemetry.js';
import { MetricsReporter, type MetricReport } from '../../../src/worker/metrics.js';

/** A reporter that keeps what it is given (the real one posts batches to the worker's metrics server). */
class KeptMetrics extends MetricsReporter {
  readonly kept: MetricReport[] = [];
  constructor() {
    super(null);
  }
  override push(r: MetricReport): void {
    this.kept.push(r);
  }
}

function sink() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    }),
  );
  const emitted: LiveEvent[] = [];
  const metrics = new KeptMetrics();
  return {
    lines,
    emitted,
    metrics,
    sink: { log, metrics, emit: (e: LiveEvent | LiveEvent[]) => void emitted.push(...[e].flat()) },
  };
}

describe('reportAssistantLatency', () => {
  test('logs the stages and when the agent started speaking; the live event carries the stages only', () => {
    const s = sink();
    const item = llm.ChatMessage.create({
      role: 'assistant',
      content: ['How often do you use it?'],
      metrics: {
        e2eLatency: 0.7052,
        llmNodeTtft: 0.31,
        ttsNodeTtfb: 0.159,
        startedSpeakingAt: 1795449466.4654,
      },
    });
    reportAssistantLatency(item, 3, s.sink);

    const line = s.lines.find((l) => l.msg === 'turn latency');
    expect(line).toMatchObject({
      started_speaking_at: 1795449466465,
      latency: { type: 'latency', turn_number: 3, e2e_ms: 705, llm_ttft_ms: 310, tts_ttfb_ms: 159 },
    });
    expect(s.emitted).toEqual([
      { type: 'latency', turn_number: 3, e2e_ms: 705, llm_ttft_ms: 310, tts_ttfb_ms: 159 },
    ]);
    expect(s.metrics.kept.map((m) => m.labels?.stage)).toEqual(['e2e', 'llm_ttft', 'tts_ttfb']);
  });

  test('a reply that never played has no start time and no e2e', () => {
    const s = sink();
    const item = llm.ChatMessage.create({
      role: 'assistant',
      content: ['…'],
      metrics: { llmNodeTtft: 0.3 },
    });
    reportAssistantLatency(item, 1, s.sink);
    const line = s.lines.find((l) => l.msg === 'turn latency');
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty('started_speaking_at');
    expect(line?.latency).toEqual({ type: 'latency', turn_number: 1, llm_ttft_ms: 300 });
  });

  test('nothing to report: no line, no event', () => {
    const s = sink();
    reportAssistantLatency(llm.ChatMessage.create({ role: 'assistant', content: ['hi'] }), 1, s.sink);
    expect(s.lines).toEqual([]);
    expect(s.emitted).toEqual([]);
  });
});
