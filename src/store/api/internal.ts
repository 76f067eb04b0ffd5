/**
 * The agent-facing API (`/internal`, authenticated by `X-Agent-Secret`), declared once: the store's routes
 * (src/store/http/routes/internal/) validate with these schemas and the store client (src/store-client)
 * sends and parses with them.
 */
export * from './internal/sessions.js';
export * from './internal/turns.js';
export * from './internal/events.js';
export * from './internal/finalize.js';
export * from './internal/recording.js';
export * from './internal/pins.js';
