import { describe, expect, test } from 'vitest';
import { parseStoreEnv } from '../../src/config/store.js';
import { badVariables } from './helpers.js';

describe('store configuration', () => {
  test('defaults', () => {
    const c = parseStoreEnv({});
    expect(c.PARLEY_ABANDON_AFTER_S).toBe(300);
    expect(c.PARLEY_RATE_LIMIT_PER_MIN).toBe(600);
    expect(c.PARLEY_WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(c.OPENAI_API_KEY).toBeUndefined();
  });

  test('cross-variable rules are reported with the schema issues', () => {
    const vars = badVariables(() =>
      parseStoreEnv({
        LIVEKIT_URL: 'ws://127.0.0.1:7880',
        PARLEY_SMTP_URL: 'smtp://127.0.0.1:25',
        PARLEY_S3_ACCESS_KEY_ID: 'id',
        PARLEY_SWEEP_INTERVAL_S: '0',
      }),
    );
    expect(vars).toEqual([
      'LIVEKIT_URL',
      'PARLEY_EMAIL_FROM',
      'PARLEY_S3_ACCESS_KEY_ID',
      'PARLEY_SWEEP_INTERVAL_S',
    ]);
  });

  test('a webhook secret must be base64 the signing library can decode', () => {
    // 17 base64 characters (4n + 1) decode to no whole byte sequence
    expect(badVariables(() => parseStoreEnv({ PARLEY_WEBHOOK_SECRET: `whsec_${'A'.repeat(17)}` }))).toEqual([
      'PARLEY_WEBHOOK_SECRET',
    ]);
    for (const secret of [`whsec_${'A'.repeat(16)}`, `whsec_${'A'.repeat(18)}==`, `whsec_${'A'.repeat(19)}`])
      expect(parseStoreEnv({ PARLEY_WEBHOOK_SECRET: secret }).PARLEY_WEBHOOK_SECRET).toBe(secret);
  });

  test('provider base URLs must be http(s)', () => {
    expect(badVariables(() => parseStoreEnv({ OPENAI_BASE_URL: 'nope' }))).toEqual(['OPENAI_BASE_URL']);
    expect(parseStoreEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' }).OPENAI_BASE_URL).toBe(
      'http://127.0.0.1:1/v1',
    );
  });
});
