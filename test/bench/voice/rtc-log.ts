/**
 * `@livekit/rtc-node` logs at debug level to stdout unless NODE_ENV is `production` (read once, when it
 * loads). The benchmark's participants run in the runner process, whose stdout carries the results:
 * import this module before anything that loads rtc-node.
 */
process.env.NODE_ENV ??= 'production';
export {};
