import { afterEach, expect, test } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricsRegistry, MetricsReporter, startMetricsServer } from '../../src/worker/metrics.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

test('renders counters, gauges and histograms in the Prometheus text format', () => {
  const reg = new MetricsRegistry();
  reg.gaugeFn('parley_interviews_active', () => 3);
  reg.inc('parley_errors_total', { component: 'tts' });
  reg.inc('parley_errors_total', { component: 'tts' });
  reg.observe('parley_turn_latency_seconds', 0.3, { stage: 'e2e' });
  reg.observe('parley_turn_latency_seconds', 2.5, { stage: 'e2e' });
  const text = reg.render();
  expect(text).toContain('# TYPE parley_interviews_active gauge');
  expect(text).toContain('parley_interviews_active 3');
  expect(text).toContain('parley_errors_total{component="tts"} 2');
  expect(text).toContain('parley_turn_latency_seconds_bucket{stage="e2e",le="0.5"} 1');
  expect(text).toContain('parley_turn_latency_seconds_bucket{stage="e2e",le="+Inf"} 2');
  expect(text).toContain('parley_turn_latency_seconds_count{stage="e2e"} 2');
});

test('job processes report to the main process over loopback; health reflects draining', async () => {
  const reg = new MetricsRegistry();
  let draining = false;
  server = await startMetricsServer({
    registry: reg,
    host: '127.0.0.1',
    port: 0,
    healthy: () => ({ ok: !draining, detail: { draining } }),
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const reporter = new MetricsReporter(url);
  reporter.push({
    kind: 'observe',
    name: 'parley_turn_latency_seconds',
    value: 0.8,
    labels: { stage: 'e2e' },
  });
  reporter.push({ kind: 'inc', name: 'parley_interviews_total', labels: { reason: 'completed' } });
  reporter.push({ kind: 'inc', name: 'not_ours_total' });
  await reporter.flush();
  const text = await (await fetch(`${url}/metrics`)).text();
  expect(text).toContain('parley_interviews_total{reason="completed"} 1');
  expect(text).toContain('parley_turn_latency_seconds_count{stage="e2e"} 1');
  expect(text).not.toContain('not_ours_total');
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  draining = true;
  expect((await fetch(`${url}/healthz`)).status).toBe(503);
});
