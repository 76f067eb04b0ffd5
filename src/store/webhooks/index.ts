/** Webhook delivery: outbox types, Standard Webhooks signing, SSRF guard, one-attempt delivery, dispatcher. */
export * from './types.js';
export * from './signing.js';
export * from './url-guard.js';
export * from './deliver.js';
export * from './backoff.js';
export * from './payloads.js';
export * from './dispatcher.js';
