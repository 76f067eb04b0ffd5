export { StoreClient, type StoreClientOptions, type FinalizeResult, type RecordItem } from './client.js';
export {
  Outbox,
  realTimers,
  silentLogger,
  backoffDelay,
  DEFAULT_BACKOFF,
  type Timers,
  type BackoffPolicy,
  type ClientLogger,
  type DrainResult,
} from './outbox.js';
export { OutboxJournal, OUTBOX_FILE, DEAD_LETTER_FILE, LOCK_FILE } from './journal.js';
export { InternalHttp, type HttpOutcome } from './http.js';
export * from './types.js';
export { type RecordingUpload, type RecordingWanted } from './upload.js';
