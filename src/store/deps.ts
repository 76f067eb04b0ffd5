import type { Logger } from 'pino';
import type { Analyzer } from '../analysis/analyzer.js';
import type { Database } from './db/database.js';
import type { EventBus } from './bus/types.js';
import type { Clock, Ids } from './ids.js';
import type { JoinTokenMinter } from './join-tokens.js';
import type { MediaStore } from './media/types.js';
import type { Repos } from './repos/index.js';
import type { TaskTracker } from './tasks.js';

export interface StoreSettings {
  agentSecret: string;
  /** Signs `/join/<token>` links (PARLEY_JOIN_SECRET); derived from the agent secret when unset. */
  joinSecret?: string | undefined;
  /** Invitation emails can be sent (PARLEY_SMTP_URL is set). */
  emailEnabled?: boolean;
  /** The number SIP participants dial (PARLEY_DIAL_IN_NUMBER), for their invitation. */
  dialInNumber?: string | undefined;
  /** Seals per-run notification header values (PARLEY_SECRETS_KEY); derived from the agent secret when unset. */
  secretsKey?: string | undefined;
  /** Signs per-run notifications (`whsec_…`). */
  webhookSecret: string | null;
  allowPrivateWebhooks: boolean;
  /** Base URL for links in webhooks and join URLs (defaults to the listening address). */
  publicUrl: string;
  rateLimitPerMin: number;
  bodyLimitBytes: number;
  /** Active runs without an event for this long count as abandoned in stats. */
  abandonAfterMs: number;
  /** Largest recording upload accepted (`PUT /internal/runs/:id/recording`). */
  recordingMaxBytes: number;
  /** HMAC secret of signed media links served by the store (`/media/…`). */
  mediaUrlSecret: string;
}

export interface AnalyzerFactory {
  /** The default analyzer, or one for an explicit assessment model (re-runs, the agent's model_config). */
  (assessment?: { provider: 'openai' | 'anthropic'; model: string }): Analyzer;
}

/** Everything `createApp` needs; tests build it in-process. */
export interface StoreDeps {
  database: Database;
  repos: Repos;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  analyzerFor: AnalyzerFactory;
  joinTokens: JoinTokenMinter | null;
  bus: EventBus;
  tasks: TaskTracker;
  /** Called after deliveries are enqueued (the dispatcher polls at once). */
  onEnqueued?: (() => void) | undefined;
  /** Called after an invitation email is queued (kicks the email dispatcher). */
  onEmailQueued?: (() => void) | undefined;
  /** SSRF guard for webhook URLs (the webhooks module's assertWebhookUrl). */
  checkWebhookUrl: (url: string) => Promise<void>;
  config: StoreSettings;
  /** Where recordings are kept (disk or S3). */
  media: MediaStore;
}
