import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { z } from 'zod';

/**
 * The worker's Prometheus metrics (prom-client, on a registry of its own, never the global one). The
 * worker's main process owns the registry and serves `GET /metrics` and `GET /healthz`; job processes
 * (forked, one per interview) report observations to it over loopback HTTP (`POST /observe`), so one
 * scrape sees the whole worker. Reports are parsed with `metricReportSchema` where they arrive; a
 * malformed one is logged and dropped.
 */

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8, 13];

const counterNameSchema = z.enum([
  'parley_interviews_total',
  'parley_errors_total',
  'parley_preemptive_total',
  'parley_preemptive_wasted_model_calls_total',
  'parley_jobs_rejected_total',
]);
const gaugeNameSchema = z.enum(['parley_interviews_active', 'parley_outbox_depth']);
const histogramNameSchema = z.enum(['parley_turn_latency_seconds']);
export type CounterName = z.infer<typeof counterNameSchema>;
export type GaugeName = z.infer<typeof gaugeNameSchema>;
export type HistogramName = z.infer<typeof histogramNameSchema>;
type MetricName = CounterName | GaugeName | HistogramName;

/** Every metric the worker exposes: help text and label names (the type is which name list it is in). */
const METRICS: Record<MetricName, { help: string; labels: readonly string[] }> = {
  parley_interviews_active: { help: 'Interviews (jobs) running on this worker', labels: [] },
  parley_interviews_total: { help: 'Interviews finished, by end reason', labels: ['reason'] },
  parley_turn_latency_seconds: {
    help: 'Per-turn latency by stage (eou, transcription, llm_ttft, tts_ttfb, e2e)',
    labels: ['stage'],
  },
  parley_errors_total: { help: 'Errors by component', labels: ['component'] },
  parley_preemptive_total: {
    help: 'Replies worked out before the end of the turn: committed (spoken) or dropped (transcript changed)',
    labels: ['outcome'],
  },
  parley_preemptive_wasted_model_calls_total: {
    help: 'Model calls made by preemptive replies that were dropped (the participant kept talking)',
    labels: [],
  },
  parley_outbox_depth: { help: 'Store-client outbox entries not yet delivered, by job', labels: ['run_id'] },
  parley_jobs_rejected_total: {
    help: 'Job requests refused (bad metadata, unknown run)',
    labels: ['reason'],
  },
};

const labelsSchema = z.record(z.string(), z.string());

/** One report from a job process to the worker's registry. */
export const metricReportSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('inc'),
      name: counterNameSchema,
      value: z.number().finite().nonnegative().optional(),
      labels: labelsSchema.optional(),
    }),
    z.strictObject({
      kind: z.literal('set'),
      name: gaugeNameSchema,
      value: z.number().finite(),
      labels: labelsSchema.optional(),
    }),
    z.strictObject({ kind: z.literal('unset'), name: gaugeNameSchema, labels: labelsSchema.optional() }),
    z.strictObject({
      kind: z.literal('observe'),
      name: histogramNameSchema,
      value: z.number().finite().nonnegative(),
      labels: labelsSchema.optional(),
    }),
  ])
  .refine((r) => {
    const want = METRICS[r.name].labels;
    const got = Object.keys(r.labels ?? {});
    return got.length === want.length && got.every((k) => want.includes(k));
  }, 'labels do not match the metric');
export type MetricReport = z.infer<typeof metricReportSchema>;
type Labels = Record<string, string>;

export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly counters = new Map<CounterName, Counter>();
  private readonly gauges = new Map<GaugeName, Gauge>();
  private readonly histograms = new Map<HistogramName, Histogram>();
  private activeInterviews: () => number = () => 0;

  constructor() {
    const spec = (name: MetricName) => ({
      name,
      help: METRICS[name].help,
      labelNames: METRICS[name].labels,
      registers: [this.registry],
    });
    for (const name of counterNameSchema.options) this.counters.set(name, new Counter(spec(name)));
    for (const name of histogramNameSchema.options)
      this.histograms.set(name, new Histogram({ ...spec(name), buckets: LATENCY_BUCKETS }));
    const active = () => this.activeInterviews();
    for (const name of gaugeNameSchema.options) {
      const gauge =
        name === 'parley_interviews_active'
          ? new Gauge({
              ...spec(name),
              collect() {
                this.set(active());
              },
            })
          : new Gauge(spec(name));
      this.gauges.set(name, gauge);
    }
  }

  /** `parley_interviews_active` is read from `fn` at scrape time. */
  countActiveInterviews(fn: () => number): void {
    this.activeInterviews = fn;
  }

  inc(name: CounterName, labels: Labels = {}, by = 1): void {
    this.counters.get(name)?.inc(labels, by);
  }

  set(name: GaugeName, value: number, labels: Labels = {}): void {
    this.gauges.get(name)?.set(labels, value);
  }

  unset(name: GaugeName, labels: Labels): void {
    this.gauges.get(name)?.remove(labels);
  }

  observe(name: HistogramName, value: number, labels: Labels = {}): void {
    this.histograms.get(name)?.observe(labels, value);
  }

  /** Apply a (parsed) report from a job process. */
  apply(report: MetricReport): void {
    switch (report.kind) {
      case 'inc':
        return this.inc(report.name, report.labels, report.value ?? 1);
      case 'set':
        return this.set(report.name, report.value, report.labels);
      case 'unset':
        return this.unset(report.name, report.labels ?? {});
      case 'observe':
        return this.observe(report.name, report.value, report.labels);
    }
  }

  /** The text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Parse a `POST /observe` body and apply its valid reports; logs (statically) and drops the rest. */
export function applyReports(registry: MetricsRegistry, body: string, log: Logger): boolean {
  let batch: unknown;
  try {
    batch = JSON.parse(body);
  } catch {
    log.warn('dropped a metrics report batch that is not JSON');
    return false;
  }
  if (!Array.isArray(batch)) {
    log.warn('dropped a metrics report batch that is not an array');
    return false;
  }
  for (const item of batch) {
    const r = metricReportSchema.safeParse(item);
    if (r.success) registry.apply(r.data);
    else log.warn({ issues: r.error.issues.map((i) => i.message) }, 'dropped a malformed metrics report');
  }
  return true;
}

/** `GET /metrics`, `GET /healthz` (200 while running, 503 while draining), `POST /observe` (loopback only). */
export function startMetricsServer(opts: {
  registry: MetricsRegistry;
  host: string;
  port: number;
  healthy: () => { ok: boolean; detail: Record<string, unknown> };
  log: Logger;
}): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      opts.registry.render().then(
        (text) => {
          res.writeHead(200, { 'content-type': opts.registry.registry.contentType });
          res.end(text);
        },
        () => res.writeHead(500).end(),
      );
      return;
    }
    if (req.method === 'GET' && (path === '/healthz' || path === '/')) {
      const h = opts.healthy();
      res.writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: h.ok ? 'ok' : 'unavailable', ...h.detail }));
      return;
    }
    if (req.method === 'POST' && path === '/observe') {
      const remote = req.socket.remoteAddress ?? '';
      if (!(remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1')) {
        res.writeHead(403).end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const ok = applyReports(opts.registry, Buffer.concat(chunks).toString('utf8'), opts.log);
        res.writeHead(ok ? 204 : 400).end();
      });
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}

/** A job process's reporter: batches reports to the main process's metrics server; never throws. */
export class MetricsReporter {
  private queue: MetricReport[] = [];
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly url: string | null) {}

  push(r: MetricReport): void {
    if (this.url === null) return;
    this.queue.push(r);
    if (this.timer === null) this.timer = setTimeout(() => void this.flush(), 250);
  }

  async flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.url === null || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    try {
      await fetch(`${this.url}/observe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(batch),
        signal: AbortSignal.timeout(2000),
      });
    } catch {
      // metrics are best effort
    }
  }
}
