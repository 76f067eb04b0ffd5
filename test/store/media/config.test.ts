import { describe, expect, it } from 'vitest';
import { parseStoreEnv } from '../../../src/config/store.js';
import { startMediaStore } from './setup.js';

describe('media configuration', () => {
  it('defaults: disk media, 512 MB uploads, path-style off', () => {
    const env = parseStoreEnv({});
    expect(env).toMatchObject({
      PARLEY_RECORDING_MAX_MB: 512,
      PARLEY_S3_REGION: 'us-east-1',
      PARLEY_S3_FORCE_PATH_STYLE: false,
    });
    expect(env.PARLEY_S3_BUCKET).toBeUndefined();
  });

  it('reports bad S3 settings together, with the variable names', () => {
    let message = '';
    try {
      parseStoreEnv({
        PARLEY_S3_BUCKET: 'b',
        PARLEY_S3_ENDPOINT: 'ftp://x',
        PARLEY_S3_ACCESS_KEY_ID: 'AKIA',
        PARLEY_S3_PREFIX: '/abs',
      });
    } catch (error) {
      message = (error as Error).message;
      expect((error as { code?: string }).code).toBe('INVALID_CONFIG');
    }
    for (const name of [
      'PARLEY_S3_BUCKET',
      'PARLEY_S3_ENDPOINT',
      'PARLEY_S3_ACCESS_KEY_ID',
      'PARLEY_S3_PREFIX',
    ])
      expect(message).toContain(name);
  });

  it('documents the audio link and the recording upload in the OpenAPI document', async () => {
    const s = await startMediaStore({});
    try {
      const spec = (await s.api('GET', '/v1/openapi.json')).body;
      expect(spec.paths['/v1/interview-runs/{id}/audio'].get).toBeDefined();
      expect(spec.paths['/internal/runs/{id}/recording'].get).toBeDefined();
      expect(Object.keys(spec.paths['/internal/runs/{id}/recording'].put.requestBody.content)).toEqual([
        'audio/wav',
        'audio/ogg',
      ]);
      expect(spec.components.schemas.CreateInterviewRun.properties.channel_settings).toBeDefined();
    } finally {
      await s.close();
    }
  }, 60_000);
});
