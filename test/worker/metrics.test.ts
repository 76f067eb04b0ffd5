import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { register } from 'prom-client';
import { afterEach, describe, expect, test } from 'vitest';
import { MetricsRegistry, MetricsReporter, startMetricsServer } from '../../src/worker/metrics.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A pino logger that keeps its lines. */
function keptLog() {
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
  return { log, lines };
}

async function serve(reg: MetricsRegistry, log = keptLog().log, healthy = () => true) {
  server = await startMetricsServer({
    registry: reg,
    log,
    host: '127.0.0.1',
    port: 0,
    healthy: () => ({ ok: healthy(), detail: { draining: !healthy() } }),
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('worker metrics', () => {
  test('renders counters, gauges and histograms in the Prometheus text format', async () => {
    const reg = new MetricsRegistry();
    reg.countActiveInterviews(() => 3);
    reg.inc('parley_errors_total', { component: 'tts' });
    reg.inc('parley_errors_total', { component: 'tts' });
    reg.observe('parley_turn_latency_seconds', 0.3, { stage: 'e2e' });
    reg.observe('parley_turn_latency_seconds', 2.5, { stage: 'e2e' });
    reg.set('parley_outbox_depth', 4, { run_id: 'run_a' });
    reg.set('parley_outbox_depth', 1, { run_id: 'run_b' });
    reg.unset('parley_outbox_depth', { run_id: 'run_a' });
    const text = await reg.render();
    expect(text).toContain('# TYPE parley_interviews_active gauge');
    expect(text).toContain('parley_interviews_active 3');
    expect(text).toContain('parley_errors_total{component="tts"} 2');
    expect(text).toContain('parley_turn_latency_seconds_bucket{le="0.5",stage="e2e"} 1');
    expect(text).toContain('parley_turn_latency_seconds_bucket{le="+Inf",stage="e2e"} 2');
    expect(text).toContain('parley_turn_latency_seconds_count{stage="e2e"} 2');
    expect(text).toContain('parley_outbox_depth{run_id="run_b"} 1');
    expect(text).not.toContain('run_a');
  });

  test('keeps every metric name, type and help text', async () => {
    const text = await new MetricsRegistry().render();
    for (const [name, type, help] of [
      ['parley_interviews_active', 'gauge', 'Interviews (jobs) running on this worker'],
      ['parley_interviews_total', 'counter', 'Interviews finished, by end reason'],
      [
        'parley_turn_latency_seconds',
        'histogram',
        'Per-turn latency by stage (eou, transcription, llm_ttft, tts_ttfb, e2e)',
      ],
      ['parley_errors_total', 'counter', 'Errors by component'],
      [
        'parley_preemptive_total',
        'counter',
        'Replies worked out before the end of the turn: committed (spoken) or dropped (transcript changed)',
      ],
      [
        'parley_preemptive_wasted_model_calls_total',
        'counter',
        'Model calls made by preemptive replies that were dropped (the participant kept talking)',
      ],
      ['parley_outbox_depth', 'gauge', 'Store-client outbox entries not yet delivered, by job'],
      ['parley_jobs_rejected_total', 'counter', 'Job requests refused (bad metadata, unknown run)'],
    ]) {
      expect(text).toContain(`# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`);
    }
  });

  test('each worker has its own registry, not the global one', async () => {
    const a = new MetricsRegistry();
    const b = new MetricsRegistry();
    a.inc('parley_interviews_total', { reason: 'completed' });
    expect(await a.render()).toContain('parley_interviews_total{reason="completed"} 1');
    expect(await b.render()).not.toContain('parley_interviews_total{reason="completed"}');
    expect(register.getSingleMetric('parley_interviews_total')).toBeUndefined();
  });

  test('job processes report to the main process over loopback; health reflects draining', async () => {
    const reg = new MetricsRegistry();
    let draining = false;
    const url = await serve(reg, keptLog().log, () => !draining);
    const reporter = new MetricsReporter(url);
    reporter.push({
      kind: 'observe',
      name: 'parley_turn_latency_seconds',
      value: 0.8,
      labels: { stage: 'e2e' },
    });
    reporter.push({ kind: 'inc', name: 'parley_interviews_total', labels: { reason: 'completed' } });
    reporter.push({ kind: 'inc', name: 'parley_preemptive_wasted_model_calls_total', value: 2 });
    await reporter.flush();
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toContain('parley_interviews_total{reason="completed"} 1');
    expect(text).toContain('parley_turn_latency_seconds_count{stage="e2e"} 1');
    expect(text).toContain('parley_preemptive_wasted_model_calls_total 2');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    draining = true;
    expect((await fetch(`${url}/healthz`)).status).toBe(503);
  });

  test('a malformed report is logged with a static message and dropped; the rest of the batch applies', async () => {
    const reg = new MetricsRegistry();
    const { log, lines } = keptLog();
    const url = await serve(reg, log);
    const post = (body: string) =>
      fetch(`${url}/observe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const malformed: unknown[] = [
      { kind: 'inc', name: 'not_ours_total' },
      { kind: 'inc', name: 'parley_turn_latency_seconds', labels: { stage: 'e2e' } },
      { kind: 'observe', name: 'parley_turn_latency_seconds', labels: { stage: 'e2e' } },
      { kind: 'observe', name: 'parley_turn_latency_seconds', value: -1, labels: { stage: 'e2e' } },
      { kind: 'observe', name: 'parley_turn_latency_seconds', value: 1, labels: { stage: 'e2e', x: 'y' } },
      { kind: 'inc', name: 'parley_errors_total' },
      { kind: 'inc', name: 'parley_errors_total', labels: { component: 7 } },
      { kind: 'set', name: 'parley_outbox_depth', value: 'NaN', labels: { run_id: 'r' } },
      { kind: 'explode', name: 'parley_errors_total' },
      { kind: 'inc', name: 'parley_errors_total', labels: { component: 'tts' }, extra: true },
      null,
      'parley_errors_total',
    ];
    const good = { kind: 'inc', name: 'parley_errors_total', labels: { component: 'tts' } };
    expect((await post(JSON.stringify([...malformed, good]))).status).toBe(204);
    const text = await reg.render();
    expect(text).toContain('parley_errors_total{component="tts"} 1');
    expect(text).not.toContain('not_ours_total');
    expect(text).not.toContain('x="y"');
    expect(text).not.toContain('parley_turn_latency_seconds_count');
    const dropped = lines.filter((l) => l.msg === 'dropped a malformed metrics report');
    expect(dropped).toHaveLength(malformed.length);
    expect(JSON.stringify(dropped)).not.toContain('"r"');

    expect((await post('not json')).status).toBe(400);
    expect((await post('{"kind":"inc"}')).status).toBe(400);
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        'dropped a metrics report batch that is not JSON',
        'dropped a metrics report batch that is not an array',
      ]),
    );
  });
});
