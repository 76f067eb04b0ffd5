import { createServer, type Server } from 'node:http';

/**
 * Prometheus metrics without a client library: counters, gauges and histograms in the text exposition
 * format. The worker's main process owns the registry and serves `GET /metrics` and `GET /healthz`; job
 * processes (forked, one per interview) report observations to it over loopback HTTP (`POST /observe`),
 * so one scrape sees the whole worker.
 */

type Labels = Record<string, string>;

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8, 13];

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map(
      (k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    )
    .join(',');
}

interface Hist {
  buckets: number[];
  sum: number;
  count: number;
}

export class MetricsRegistry {
  private readonly counters = new Map<string, Map<string, number>>();
  private readonly gauges = new Map<string, Map<string, number>>();
  private readonly hists = new Map<string, Map<string, Hist>>();
  private readonly help = new Map<string, { type: string; text: string }>();
  /** Gauges computed at scrape time. */
  private readonly computed = new Map<string, () => number>();

  constructor() {
    this.describe('parley_interviews_active', 'gauge', 'Interviews (jobs) running on this worker');
    this.describe('parley_interviews_total', 'counter', 'Interviews finished, by end reason');
    this.describe(
      'parley_turn_latency_seconds',
      'histogram',
      'Per-turn latency by stage (eou, transcription, llm_ttft, tts_ttfb, e2e)',
    );
    this.describe('parley_errors_total', 'counter', 'Errors by component');
    this.describe(
      'parley_preemptive_total',
      'counter',
      'Replies worked out before the end of the turn: committed (spoken) or dropped (transcript changed)',
    );
    this.describe(
      'parley_preemptive_wasted_model_calls_total',
      'counter',
      'Model calls made by preemptive replies that were dropped (the participant kept talking)',
    );
    this.describe('parley_outbox_depth', 'gauge', 'Store-client outbox entries not yet delivered, by job');
    this.describe(
      'parley_jobs_rejected_total',
      'counter',
      'Job requests refused (bad metadata, unknown run)',
    );
  }

  describe(name: string, type: 'counter' | 'gauge' | 'histogram', text: string): void {
    this.help.set(name, { type, text });
  }

  inc(name: string, labels: Labels = {}, by = 1): void {
    const m = this.counters.get(name) ?? new Map<string, number>();
    const k = labelKey(labels);
    m.set(k, (m.get(k) ?? 0) + by);
    this.counters.set(name, m);
  }

  set(name: string, value: number, labels: Labels = {}): void {
    const m = this.gauges.get(name) ?? new Map<string, number>();
    m.set(labelKey(labels), value);
    this.gauges.set(name, m);
  }

  unset(name: string, labels: Labels): void {
    this.gauges.get(name)?.delete(labelKey(labels));
  }

  gaugeFn(name: string, fn: () => number): void {
    this.computed.set(name, fn);
  }

  observe(name: string, value: number, labels: Labels = {}): void {
    if (!Number.isFinite(value) || value < 0) return;
    const m = this.hists.get(name) ?? new Map<string, Hist>();
    const k = labelKey(labels);
    const h = m.get(k) ?? { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
    LATENCY_BUCKETS.forEach((b, i) => {
      if (value <= b) h.buckets[i] = (h.buckets[i] ?? 0) + 1;
    });
    h.sum += value;
    h.count += 1;
    m.set(k, h);
    this.hists.set(name, m);
  }

  /** Apply a report from a job process. */
  apply(report: MetricReport): void {
    if (report.kind === 'inc') this.inc(report.name, report.labels ?? {}, report.value ?? 1);
    else if (report.kind === 'set') this.set(report.name, report.value ?? 0, report.labels ?? {});
    else if (report.kind === 'unset') this.unset(report.name, report.labels ?? {});
    else this.observe(report.name, report.value ?? 0, report.labels ?? {});
  }

  render(): string {
    const out: string[] = [];
    const header = (name: string) => {
      const h = this.help.get(name);
      if (h !== undefined) out.push(`# HELP ${name} ${h.text}`, `# TYPE ${name} ${h.type}`);
    };
    const series = (name: string, k: string, v: number) =>
      out.push(`${name}${k === '' ? '' : `{${k}}`} ${v}`);
    for (const [name, fn] of this.computed) {
      header(name);
      series(name, '', fn());
    }
    for (const [name, m] of this.gauges) {
      if (this.computed.has(name)) continue;
      header(name);
      for (const [k, v] of m) series(name, k, v);
    }
    for (const [name, m] of this.counters) {
      header(name);
      for (const [k, v] of m) series(name, k, v);
    }
    for (const [name, m] of this.hists) {
      header(name);
      for (const [k, h] of m) {
        const sep = k === '' ? '' : ',';
        LATENCY_BUCKETS.forEach((b, i) =>
          out.push(`${name}_bucket{${k}${sep}le="${b}"} ${h.buckets[i] ?? 0}`),
        );
        out.push(`${name}_bucket{${k}${sep}le="+Inf"} ${h.count}`);
        series(`${name}_sum`, k, h.sum);
        series(`${name}_count`, k, h.count);
      }
    }
    return `${out.join('\n')}\n`;
  }
}

export interface MetricReport {
  kind: 'inc' | 'set' | 'unset' | 'observe';
  name: string;
  value?: number;
  labels?: Labels;
}

/** `GET /metrics`, `GET /healthz` (200 while running, 503 while draining), `POST /observe` (loopback only). */
export function startMetricsServer(opts: {
  registry: MetricsRegistry;
  host: string;
  port: number;
  healthy: () => { ok: boolean; detail: Record<string, unknown> };
}): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(opts.registry.render());
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
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MetricReport[];
          for (const r of Array.isArray(body) ? body : []) {
            if (typeof r?.name === 'string' && r.name.startsWith('parley_')) opts.registry.apply(r);
          }
          res.writeHead(204).end();
        } catch {
          res.writeHead(400).end();
        }
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
