import type { Readable, Writable } from 'node:stream';
import type { ConductorLogger } from '../../conductor/index.js';
import type { ProviderConnection } from '../../llm/connection.js';
import type { ClientLogger } from '../../store-client/outbox.js';
import type { RunNotificationInput } from '../../store-client/public.js';
import type { AnswersFile } from '../answers.js';
import type { ConsoleResult, ConsoleTurn } from '../runner.js';

/** What `parley console` is given (parsed by the CLI command) and what it returns. */

export interface ConsoleStoreOptions {
  url: string;
  /** Public API key (needed to create a run; not for --resume). */
  apiKey?: string | undefined;
  agentSecret: string;
  notifications?: RunNotificationInput[] | undefined;
}

export interface ConsoleOptions {
  blueprintPath: string;
  answersPath?: string | undefined;
  /** Already-parsed scripted answers (used by `parley demo`). */
  answers?: AnswersFile | undefined;
  expectPath?: string[] | undefined;
  json?: boolean;
  plain?: boolean;
  offline?: boolean;
  agentPath?: string | undefined;
  vars?: Record<string, string>;
  participantName?: string | undefined;
  store?: ConsoleStoreOptions | undefined;
  resume?: string | undefined;
  workDir?: string | undefined;
  /**
   * `real`: wall time, and while the participant types a tick every second lets wrap-up and the time
   * limit happen; `synthetic`: time advances by the estimated speaking time of each line. Default: real
   * when typing, synthetic with scripted answers.
   */
  clock?: 'real' | 'synthetic' | undefined;
  providers?: { openai?: ProviderConnection | undefined; anthropic?: ProviderConnection | undefined };
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** stdin is a terminal (interactive editing, Ctrl-C through readline). */
  stdinTTY: boolean;
  /** the transcript's stream is a terminal (colours). */
  colour: boolean;
  logger?: (ConductorLogger & ClientLogger) | undefined;
  /** Install SIGINT/SIGTERM handlers that end the session cleanly (CLI only). */
  handleSignals?: boolean;
  finalizeTimeoutMs?: number;
}

export interface ConsoleOutcome {
  exitCode: number;
  result: ConsoleResult;
  /** The JSON printed with --json. */
  summary: ConsoleSummary;
  pathMatches: boolean | null;
}

export interface ConsoleSummary {
  run_id: string;
  status: string;
  end_reason: string | null;
  left: boolean;
  path_taken: string[];
  expected_path?: string[];
  path_matches?: boolean;
  responses: ConsoleResult['responses'];
  probe_ledger: ConsoleResult['probe_ledger'];
  /** Confirmations of decisive routes, with their outcome (the probe ledger's sibling). */
  confirmations: ConsoleResult['confirmations'];
  transcript: ConsoleTurn[];
  store?: ConsoleResult['store'];
}
