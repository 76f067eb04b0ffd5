import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import pc from 'picocolors';
import { ParleyError } from '../errors/parley-error.js';
import { startStore, type RunningStore } from '../store/start.js';
import { generateSecret, verify, type VerifyResult } from '../store/webhooks/signing.js';
import { PublicClient } from '../store-client/public.js';
import { loadAnswersFile } from './answers.js';
import { runConsole, type ConsoleOutcome } from './console.js';

/**
 * `parley demo`: the quick start. With no API keys and nothing installed besides Parley:
 *   1. an embedded store starts in-process on a temporary PGlite directory (test-mode bootstrap key,
 *      generated agent and webhook secrets, private webhook targets allowed for the local receiver);
 *   2. a webhook receiver listens on 127.0.0.1 and verifies Standard Webhooks signatures;
 *   3. the console creates a blueprint and a run with a per-run notification to the receiver (public API),
 *      runs a scripted interview through the offline conductor, streaming every turn to the store, and
 *      finalizes;
 *   4. the demo waits for the signed webhook, reads the responses and the analysis, and prints them.
 */
export interface DemoOptions {
  /** Example blueprint name (blueprints/<name>.yaml) — answers from blueprints/answers/<name>.<path>.yaml. */
  blueprint?: string;
  /** Which scripted path (default: the first answers file for the blueprint, e.g. `qualified`). */
  path?: string;
  stdout: Writable;
  stderr: Writable;
  colour: boolean;
  json?: boolean;
  /** Keep the temporary data directory (printed). */
  keep?: boolean;
  /** How long to wait for the webhook, ms (default 60 s). */
  timeoutMs?: number;
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  verified: VerifyResult;
}

export interface DemoResult {
  ok: boolean;
  run_id: string;
  path_taken: string[];
  responses: unknown;
  analysis: unknown;
  webhook: { id: string | null; event: string | null; verified: boolean; payload: unknown } | null;
  data_dir: string | null;
}

/** The repository (or installed package) root: the directory holding `blueprints/`. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    if (existsSync(join(dir, 'blueprints', 'expert-vetting.yaml'))) return dir;
    dir = dirname(dir);
  }
  throw new ParleyError('FILE_NOT_FOUND', 'cannot find the example blueprints (blueprints/*.yaml)');
}

interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  next(timeoutMs: number): Promise<ReceivedWebhook | null>;
  close(): Promise<void>;
}

export async function startReceiver(secret: string): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<(w: ReceivedWebhook) => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const hook: ReceivedWebhook = {
        headers: req.headers,
        body,
        verified: verify(secret, req.headers, body, Date.now()),
      };
      received.push(hook);
      res.writeHead(hook.verified.ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: hook.verified.ok }));
      for (const w of waiters.splice(0)) w(hook);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    next: (timeoutMs) =>
      new Promise((resolve) => {
        const t = setTimeout(() => resolve(null), timeoutMs);
        waiters.push((w) => {
          clearTimeout(t);
          resolve(w);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const c = pc.createColors(opts.colour);
  const say = (s: string): void => {
    if (opts.json !== true) opts.stdout.write(s + '\n');
  };
  const root = packageRoot();
  const name = opts.blueprint ?? 'expert-vetting';
  const blueprintPath = join(root, 'blueprints', `${name}.yaml`);
  const answersPath = join(root, 'blueprints', 'answers', `${name}.${opts.path ?? defaultPath(name)}.yaml`);
  if (!existsSync(blueprintPath))
    throw new ParleyError('FILE_NOT_FOUND', `${blueprintPath}: no such example blueprint`);
  if (!existsSync(answersPath))
    throw new ParleyError('FILE_NOT_FOUND', `${answersPath}: no such scripted path`);
  const answers = await loadAnswersFile(answersPath);

  const dataDir = await mkdtemp(join(tmpdir(), 'parley-demo-'));
  const apiKey = `pk_test_${randomBytes(18).toString('hex')}`;
  const agentSecret = randomBytes(24).toString('base64url');
  const webhookSecret = generateSecret();
  let store: RunningStore | null = null;
  let receiver: Receiver | null = null;
  try {
    // No provider keys on purpose: offline conductor and offline analysis.
    store = await startStore({
      env: {
        PARLEY_BOOTSTRAP_KEY: apiKey,
        PARLEY_AGENT_SECRET: agentSecret,
        PARLEY_WEBHOOK_SECRET: webhookSecret,
        PARLEY_WEBHOOK_ALLOW_PRIVATE: '1',
        PARLEY_LOG_LEVEL: 'error',
      },
      dataDir: join(dataDir, 'data'),
      port: 0,
      logger: pino({ level: 'silent' }),
    });
    receiver = await startReceiver(webhookSecret);
    say(c.bold(`Parley demo — ${name} (${opts.path ?? defaultPath(name)} path), offline, no API keys`));
    say(c.dim(`  store    ${store.url}  (embedded, PGlite in ${join(dataDir, 'data')})`));
    say(c.dim(`  webhooks ${receiver.url}/parley  (signatures verified)`));
    say('');

    const hookPromise = receiver.next(opts.timeoutMs ?? 60_000);
    const outcome: ConsoleOutcome = await runConsole({
      blueprintPath,
      answers,
      offline: true,
      plain: false,
      json: false,
      store: {
        url: store.url,
        apiKey,
        agentSecret,
        notifications: [
          {
            endpoint: `${receiver.url}/parley`,
            attributes: { method: 'POST', headers: { 'x-demo': 'parley' } },
          },
        ],
      },
      workDir: join(dataDir, 'console'),
      stdin: process.stdin,
      stdout: opts.json === true ? opts.stderr : opts.stdout,
      stderr: opts.stderr,
      stdinTTY: false,
      colour: opts.colour,
    });
    const runId = outcome.result.run_id;
    const hook = await hookPromise;
    const pub = new PublicClient({ baseUrl: store.url, apiKey });
    const run = await pub.getRun(runId);
    const responses = await pub.getResponses(runId).catch((err: unknown) => ({ error: String(err) }));
    const analysis = await pub.getAnalysis(runId).catch((err: unknown) => ({ error: String(err) }));

    let payload: unknown = null;
    try {
      payload = hook !== null ? JSON.parse(hook.body) : null;
    } catch {
      payload = hook?.body ?? null;
    }
    const webhook =
      hook === null
        ? null
        : {
            id: (hook.headers['webhook-id'] as string | undefined) ?? null,
            event:
              typeof payload === 'object' && payload !== null
                ? String((payload as { event?: unknown }).event ?? '')
                : null,
            verified: hook.verified.ok,
            payload,
          };

    say('');
    say(c.bold('Path taken'));
    say(
      `  ${outcome.result.path_taken.join(' → ')}  (${outcome.result.end_reason ?? 'not ended'}; run ${runId} is ${run.status})`,
    );
    say('');
    say(c.bold('Responses'));
    for (const line of formatResponses(responses)) say(`  ${line}`);
    say('');
    say(c.bold('Analysis'));
    for (const line of formatAnalysis(analysis)) say(`  ${line}`);
    say('');
    say(c.bold('Webhook'));
    if (webhook === null) say(c.red('  no webhook arrived in time'));
    else {
      say(`  ${webhook.event ?? '?'} → ${receiver.url}/parley, id ${webhook.id ?? '?'}`);
      say(
        webhook.verified
          ? c.green('  signature verified (Standard Webhooks, HMAC-SHA256)')
          : c.red(`  signature NOT verified (${hook?.verified.ok === false ? hook.verified.reason : ''})`),
      );
      say(c.dim(`  ${JSON.stringify(payload)}`));
    }
    const ok = outcome.result.status === 'ended' && webhook?.verified === true && run.status === 'completed';
    const result: DemoResult = {
      ok,
      run_id: runId,
      path_taken: outcome.result.path_taken,
      responses,
      analysis,
      webhook,
      data_dir: opts.keep === true ? dataDir : null,
    };
    if (opts.json === true) opts.stdout.write(JSON.stringify(result, null, 2) + '\n');
    if (opts.keep === true) say(c.dim(`\nkept ${dataDir}`));
    return result;
  } finally {
    await receiver?.close();
    await store?.close();
    if (opts.keep !== true) await rm(dataDir, { recursive: true, force: true });
  }
}

function defaultPath(name: string): string {
  switch (name) {
    case 'expert-vetting':
      return 'qualified';
    case 'product-discovery':
      return 'full';
    case 'recruiting-screen':
      return 'senior';
    case 'win-loss':
      return 'lost-detractor';
    default:
      return 'default';
  }
}

function formatResponses(responses: unknown): string[] {
  const items = (responses as { items?: unknown[] } | null)?.items;
  if (!Array.isArray(items)) return [JSON.stringify(responses)];
  return items.map((raw) => {
    const i = raw as {
      question_key?: string;
      status?: string;
      value?: unknown;
      answer?: { summary?: string } | null;
      captured_fields?: Record<string, unknown>;
      follow_ups_asked?: number;
    };
    const parts = [`${i.question_key ?? '?'} [${i.status ?? '?'}]`];
    if (i.value !== null && i.value !== undefined) parts.push(`value=${JSON.stringify(i.value)}`);
    const fields = Object.entries(i.captured_fields ?? {});
    if (fields.length > 0) parts.push(fields.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', '));
    if (i.answer?.summary) parts.push(`“${truncate(i.answer.summary, 90)}”`);
    if ((i.follow_ups_asked ?? 0) > 0) parts.push(`${i.follow_ups_asked} follow-up(s)`);
    return parts.join(' · ');
  });
}

function formatAnalysis(analysis: unknown): string[] {
  const a = analysis as {
    status?: string;
    model?: string | null;
    data?: Record<string, unknown> | null;
    results?: Record<string, unknown> | null;
    summary?: { content?: string };
    themes?: Array<{ label: string; salience: number }>;
    sentiment?: { overall?: string };
    quotes?: Array<{ quote: string }>;
  } | null;
  if (a === null || typeof a !== 'object') return [String(analysis)];
  const body = (a.results ?? a.data ?? a) as {
    summary?: { content?: string };
    themes?: Array<{ label: string; salience: number }>;
    sentiment?: { overall?: string };
    quotes?: Array<{ quote: string }>;
    scorecard?: {
      overall_score?: number | null;
      criteria?: Array<{ key: string; score: number | null }>;
    } | null;
    model?: string;
  };
  const lines: string[] = [];
  lines.push(`status ${a.status ?? '?'}, model ${a.model ?? body.model ?? '?'}`);
  if (body.summary?.content) lines.push(`summary: ${truncate(body.summary.content, 300)}`);
  if (Array.isArray(body.themes) && body.themes.length > 0) {
    lines.push(
      `themes: ${body.themes
        .slice(0, 6)
        .map((t) => `${t.label} (${t.salience.toFixed(2)})`)
        .join(', ')}`,
    );
  }
  if (body.sentiment?.overall) lines.push(`sentiment: ${body.sentiment.overall}`);
  for (const q of (body.quotes ?? []).slice(0, 3)) lines.push(`quote: “${truncate(q.quote, 140)}”`);
  if (body.scorecard?.criteria) {
    lines.push(`scorecard: ${body.scorecard.criteria.map((k) => `${k.key} ${k.score ?? '–'}`).join(', ')}`);
  }
  return lines;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
