import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreEnv } from '../../config/store.js';
import { DiskMediaStore } from './disk.js';
import { S3MediaStore } from './s3.js';
import type { MediaStore } from './types.js';

export type { MediaStore } from './types.js';

/**
 * The configured media store: S3 when `PARLEY_S3_BUCKET` is set, else files under `PARLEY_MEDIA_DIR`, the
 * given default folder, or (in-memory databases) a fresh temporary folder.
 */
export async function createMediaStore(o: {
  env: StoreEnv;
  defaultDir: string | null;
  baseUrl: () => string;
  secret: string;
}): Promise<MediaStore> {
  const { env } = o;
  if (env.PARLEY_S3_BUCKET) {
    return new S3MediaStore({
      bucket: env.PARLEY_S3_BUCKET,
      region: env.PARLEY_S3_REGION,
      endpoint: env.PARLEY_S3_ENDPOINT,
      forcePathStyle: env.PARLEY_S3_FORCE_PATH_STYLE,
      accessKeyId: env.PARLEY_S3_ACCESS_KEY_ID,
      secretAccessKey: env.PARLEY_S3_SECRET_ACCESS_KEY,
      prefix: env.PARLEY_S3_PREFIX ?? '',
    });
  }
  const root = env.PARLEY_MEDIA_DIR ?? o.defaultDir ?? (await mkdtemp(join(tmpdir(), 'parley-media-')));
  return new DiskMediaStore({ root, baseUrl: o.baseUrl, secret: o.secret });
}
