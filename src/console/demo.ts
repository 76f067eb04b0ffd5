import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pino } from 'pino';
import pc from 'picocolors';
import { ParleyError } from '../errors/parley-error.js';
import { startStore, type RunningStore } from '../store/start.js';
import { generateSecret } from '../store/webhooks/signing.js';
import { PublicClient } from '../store-client/public.js';
import { loadAnswersFile } from './answers.js';
import { runConsole, type ConsoleOutcome } from './console.js';
import { defaultPath, packageRoot } from './demo/examples.js';
import { formatAnalysis, formatResponses } from './demo/format.js';
import { startReceiver, type Receiver } from './demo/receiver.js';

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

export interface DemoResult {
  ok: boolean;
  run_id: string;
  path_taken: string[];
  responses: unknown;
  analysis: unknown;
  webhook: { id: string | null; event: string | null; verified: boolean; payload: unknown } | null;
  data_dir: string | null;
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
    for (const line of formatAnalysis(analysis)) say(line === '' ? '' : `  ${line}`);
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
