import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { pino, type Logger } from 'pino';
import { createAnalyzer } from '../analysis/index.js';
import { parseStoreEnv, type StoreEnv } from '../config/store.js';
import { MemoryEventBus } from './bus/memory.js';
import { PgEventBus } from './bus/pg.js';
import type { EventBus } from './bus/types.js';
import { openDatabase, type Database } from './db/database.js';
import type { StoreDeps, StoreSettings } from './deps.js';
import { createHeaderSeal, headerSealKey } from './webhooks/header-seal.js';
import { sweepRuns } from './services/lifecycle.js';
import { invitationSent } from './services/invitations.js';
import { EmailDispatcher } from './email/dispatcher.js';
import { createSmtpSender } from './email/smtp.js';
import { createApp } from './http/app.js';
import { randomIds, systemClock, type Clock, type Ids } from './ids.js';
import { createLiveKitMinter } from './join-tokens.js';
import { createMediaStore } from './media/index.js';
import { mediaSigningSecret } from './media/signing.js';
import { createRepos } from './repos/index.js';
import { processRun } from './services/finalize.js';
import { TaskTracker } from './tasks.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import { generateSecret } from './webhooks/signing.js';
import { assertWebhookUrl } from './webhooks/url-guard.js';

export interface BuildDepsOptions {
  database: Database;
  env: StoreEnv;
  logger: Logger;
  clock?: Clock;
  ids?: Ids;
  /** Overrides (tests). */
  bus?: EventBus;
  settings?: Partial<StoreSettings>;
  /** Default folder for recordings on disk (PARLEY_MEDIA_DIR wins; a temporary folder when absent). */
  mediaDir?: string;
}

/** Wires repositories, analyzer, bus, join tokens and settings over an open database. */
export async function buildDeps(o: BuildDepsOptions): Promise<StoreDeps> {
  const clock = o.clock ?? systemClock;
  const ids = o.ids ?? randomIds;
  const repos = createRepos(o.database.db, ids);
  const env = o.env;
  let bus = o.bus;
  if (!bus) {
    if (o.database.url) {
      const pgBus = new PgEventBus(o.database.url, o.database.db, repos.events, o.logger);
      await pgBus.start();
      bus = pgBus;
    } else {
      bus = new MemoryEventBus();
    }
  }
  const agentSecret =
    o.settings?.agentSecret ?? env.PARLEY_AGENT_SECRET ?? randomBytes(24).toString('base64url');
  const settings: StoreSettings = {
    agentSecret,
    webhookSecret: env.PARLEY_WEBHOOK_SECRET ?? null,
    allowPrivateWebhooks: env.PARLEY_WEBHOOK_ALLOW_PRIVATE,
    publicUrl: env.PARLEY_PUBLIC_URL ?? 'http://127.0.0.1:8787',
    rateLimitPerMin: env.PARLEY_RATE_LIMIT_PER_MIN,
    bodyLimitBytes: 1024 * 1024,
    abandonAfterMs: env.PARLEY_ABANDON_AFTER_S * 1000,
    recordingMaxBytes: env.PARLEY_RECORDING_MAX_MB * 1024 * 1024,
    mediaUrlSecret: mediaSigningSecret(env.PARLEY_MEDIA_URL_SECRET, agentSecret),
    joinSecret: env.PARLEY_JOIN_SECRET,
    secretsKey: env.PARLEY_SECRETS_KEY,
    emailEnabled: env.PARLEY_SMTP_URL !== undefined,
    dialInNumber: env.PARLEY_DIAL_IN_NUMBER,
    ...o.settings,
  };
  const media = await createMediaStore({
    env,
    defaultDir: o.mediaDir ?? null,
    baseUrl: () => settings.publicUrl,
    secret: settings.mediaUrlSecret,
  });
  const analyzerConfig = {
    openaiApiKey: env.OPENAI_API_KEY,
    openaiBaseUrl: env.OPENAI_BASE_URL,
    anthropicApiKey: env.ANTHROPIC_API_KEY,
    anthropicBaseUrl: env.ANTHROPIC_BASE_URL,
    now: () => clock.now(),
    logger: o.logger,
  };
  return {
    database: o.database,
    repos,
    clock,
    ids,
    logger: o.logger,
    analyzerFor: (assessment) => createAnalyzer({ ...analyzerConfig, assessment }),
    joinTokens:
      env.LIVEKIT_URL && env.LIVEKIT_API_KEY && env.LIVEKIT_API_SECRET
        ? createLiveKitMinter({
            url: env.LIVEKIT_URL,
            apiKey: env.LIVEKIT_API_KEY,
            apiSecret: env.LIVEKIT_API_SECRET,
            now: () => clock.now(),
          })
        : null,
    bus,
    tasks: new TaskTracker(),
    checkWebhookUrl: async (url) =>
      void (await assertWebhookUrl(url, { allowPrivate: settings.allowPrivateWebhooks })),
    config: settings,
    media,
  };
}

export interface StartStoreOptions {
  /** Environment to parse (default: empty; the CLI passes its parsed `config`). Ignored when `config` is given. */
  env?: Record<string, string | undefined>;
  config?: StoreEnv;
  port?: number;
  host?: string;
  /** PGlite data directory (default ./.parley/data; `memory://` for an in-memory database). */
  dataDir?: string;
  logger?: Logger;
  clock?: Clock;
  /** Start the webhook dispatcher (default true). */
  webhooks?: boolean;
}

export interface RunningStore {
  url: string;
  host: string;
  port: number;
  deps: StoreDeps;
  /** The agent secret in effect (generated when PARLEY_AGENT_SECRET is not set). */
  agentSecret: string;
  close(): Promise<void>;
}

/** Opens the database, migrates, bootstraps the first key, serves the API and starts the dispatcher. */
export async function startStore(options: StartStoreOptions = {}): Promise<RunningStore> {
  const env = options.config ?? parseStoreEnv(options.env ?? {});
  const logger =
    options.logger ?? pino({ level: env.PARLEY_LOG_LEVEL, redact: env.PARLEY_LOG_PII ? [] : ['pii'] });
  const host = options.host ?? '127.0.0.1';
  const database = await openDatabase(
    env.DATABASE_URL
      ? { url: env.DATABASE_URL, poolMax: env.PARLEY_DB_POOL_MAX }
      : { dataDir: options.dataDir ?? './.parley/data' },
  );
  const dataDir = options.dataDir ?? './.parley/data';
  const deps = await buildDeps({
    database,
    env,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(env.DATABASE_URL
      ? { mediaDir: './.parley/media' }
      : dataDir.startsWith('memory://')
        ? {}
        : { mediaDir: join(dataDir, 'media') }),
  });
  if (!env.PARLEY_AGENT_SECRET) {
    logger.warn(
      'PARLEY_AGENT_SECRET is not set: generated a secret for this process (workers cannot use it unless told)',
    );
  }
  if (!env.PARLEY_WEBHOOK_SECRET) {
    deps.config.webhookSecret = generateSecret();
    logger.warn(
      'PARLEY_WEBHOOK_SECRET is not set: per-run notifications are signed with a secret generated for this process',
    );
  }
  if (
    env.PARLEY_BOOTSTRAP_KEY &&
    (await deps.repos.keys.bootstrap(env.PARLEY_BOOTSTRAP_KEY, new Date(deps.clock.now())))
  ) {
    logger.info('bootstrap API key installed as the first admin key');
  }

  let dispatcher: WebhookDispatcher | null = null;
  if (options.webhooks !== false) {
    dispatcher = new WebhookDispatcher({
      outbox: deps.repos.outbox,
      allowPrivate: deps.config.allowPrivateWebhooks,
      logger,
      openHeader: createHeaderSeal(headerSealKey(deps.config)).open,
    });
    deps.onEnqueued = () => dispatcher?.kick();
    dispatcher.start();
  }
  let mailer: EmailDispatcher | null = null;
  if (options.webhooks !== false && env.PARLEY_SMTP_URL && env.PARLEY_EMAIL_FROM) {
    mailer = new EmailDispatcher({
      outbox: deps.repos.emails,
      sender: createSmtpSender(env.PARLEY_SMTP_URL, env.PARLEY_EMAIL_FROM),
      now: () => deps.clock.now(),
      onSent: (row) => invitationSent(deps, row),
      logger,
    });
    deps.onEmailQueued = () => void mailer?.kick();
    mailer.start();
  }

  const app = createApp(deps);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname: host }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!env.PARLEY_PUBLIC_URL) deps.config.publicUrl = url;

  // Runs left in `processing` by a crashed instance are finished here.
  void resumeProcessing(deps);
  const sweeper = startSweeper(deps, env.PARLEY_SWEEP_INTERVAL_S * 1000);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await dispatcher?.stop();
      await mailer?.stop();
      await sweeper.stop();
      await deps.tasks.idle();
      await deps.bus.close();
      deps.media.close?.();
      await database.close();
    })());
  return { url, host, port, deps, agentSecret: deps.config.agentSecret, close };
}

/** Marks abandoned and expired runs every `intervalMs` (one pass at a time; failures are logged). */
function startSweeper(deps: StoreDeps, intervalMs: number): { stop(): Promise<void> } {
  let pass: Promise<void> | null = null;
  const tick = () => {
    pass ??= sweepRuns(deps)
      .then((n) => {
        if (n.expired + n.abandoned > 0) deps.logger.info(n, 'runs swept');
      })
      .catch((err: unknown) => deps.logger.warn({ err: String(err) }, 'run sweep failed'))
      .finally(() => {
        pass = null;
      });
  };
  // the first pass comes one interval after start
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await pass;
    },
  };
}

async function resumeProcessing(deps: StoreDeps): Promise<void> {
  try {
    const stale = await deps.repos.runs.staleProcessing(new Date(deps.clock.now() - 60_000));
    for (const id of stale) deps.tasks.run(() => processRun(deps, id));
  } catch (err) {
    deps.logger.warn({ err: String(err) }, 'could not resume runs left in processing');
  }
}
