export * from './accounts.js';
export * from './catalog.js';
export * from './runs.js';
export * from './webhooks.js';
export * from './media.js';
export * from './email.js';
export * from './variables.js';
export * from './session-media.js';
