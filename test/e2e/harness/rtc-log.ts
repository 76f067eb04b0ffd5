/**
 * `@livekit/rtc-node` logs at debug level to stdout unless NODE_ENV is `production` (read once, when it
 * loads). The e2e, browser and image tests and the benchmarks run rtc-node participants in their own process,
 * whose stdout carries the test report or the results (vitest sets NODE_ENV to `test`): import this module
 * before anything that loads rtc-node.
 */
process.env.NODE_ENV = 'production';
export {};
