import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ByteLimit } from './limit.js';
import { signMediaUrl } from './signing.js';
import { assertSafeKey, type ByteRange, type MediaObjectInfo, type MediaStore } from './types.js';

const TYPES: Record<string, string> = { wav: 'audio/wav', ogg: 'audio/ogg' };

export interface DiskMediaStoreOptions {
  /** The folder objects are kept under. */
  root: string;
  /** The store's public base URL now (it may be known only once the server listens). */
  baseUrl: () => string;
  /** HMAC secret of the signed links (`signing.ts`). */
  secret: string;
}

/** Media kept as files under one folder; links point at the store's own `/media/…` route. */
export class DiskMediaStore implements MediaStore {
  readonly kind = 'disk' as const;

  constructor(private readonly o: DiskMediaStoreOptions) {}

  private path(key: string): string {
    assertSafeKey(key);
    return join(this.o.root, ...key.split('/'));
  }

  async put(
    key: string,
    body: Readable,
    o: { contentType: string; maxBytes: number },
  ): Promise<MediaObjectInfo> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const part = `${target}.${randomBytes(6).toString('hex')}.part`;
    const limit = new ByteLimit(o.maxBytes);
    try {
      await pipeline(body, limit, createWriteStream(part));
      await rename(part, target);
    } catch (error) {
      await rm(part, { force: true });
      throw error;
    }
    return { key, bytes: limit.bytes, contentType: o.contentType };
  }

  async head(key: string): Promise<MediaObjectInfo | null> {
    try {
      const s = await stat(this.path(key));
      const ext = key.slice(key.lastIndexOf('.') + 1);
      return { key, bytes: s.size, contentType: TYPES[ext] ?? 'application/octet-stream' };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    if ((await this.head(key)) === null) return null;
    return createReadStream(this.path(key), range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async signedUrl(key: string, o: { expiresInS: number; now: number }) {
    assertSafeKey(key);
    const expiresAt = new Date(Math.floor(o.now / 1000) * 1000 + o.expiresInS * 1000);
    return {
      url: signMediaUrl({ baseUrl: this.o.baseUrl(), secret: this.o.secret, key, expiresAt }),
      expiresAt,
    };
  }
}
