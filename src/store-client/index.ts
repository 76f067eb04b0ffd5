export { StoreClient } from './client.js';
export { OutboxJournal, OUTBOX_FILE, DEAD_LETTER_FILE, LOCK_FILE } from './journal.js';
export * from './types.js';
