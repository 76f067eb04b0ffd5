import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ByteLimit } from './limit.js';
import { assertSafeKey, type ByteRange, type MediaObjectInfo, type MediaStore } from './types.js';

export interface S3MediaStoreOptions {
  bucket: string;
  region: string;
  /** Any S3-compatible endpoint (MinIO, R2, …); AWS when absent. */
  endpoint?: string | undefined;
  forcePathStyle: boolean;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** Prepended to every key (e.g. `parley/`). */
  prefix: string;
}

/** Media in an S3-compatible bucket; links are presigned GetObject URLs. */
export class S3MediaStore implements MediaStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly o: S3MediaStoreOptions) {
    this.client = new S3Client({
      region: o.region,
      forcePathStyle: o.forcePathStyle,
      ...(o.endpoint ? { endpoint: o.endpoint } : {}),
      ...(o.accessKeyId && o.secretAccessKey
        ? { credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } }
        : {}),
      // plain bodies with a Content-Length: every S3-compatible server understands them
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(key: string): string {
    assertSafeKey(key);
    return this.o.prefix + key;
  }

  /** The body is spooled to a temporary file first (bounded by `maxBytes`), so PutObject knows its length. */
  async put(
    key: string,
    body: Readable,
    o: { contentType: string; maxBytes: number },
  ): Promise<MediaObjectInfo> {
    const dir = await mkdtemp(join(tmpdir(), 'parley-s3-'));
    const file = join(dir, 'body');
    try {
      const limit = new ByteLimit(o.maxBytes);
      await pipeline(body, limit, createWriteStream(file));
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.o.bucket,
          Key: this.key(key),
          Body: createReadStream(file),
          ContentLength: limit.bytes,
          ContentType: o.contentType,
        }),
      );
      return { key, bytes: limit.bytes, contentType: o.contentType };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async head(key: string): Promise<MediaObjectInfo | null> {
    try {
      const h = await this.client.send(new HeadObjectCommand({ Bucket: this.o.bucket, Key: this.key(key) }));
      return {
        key,
        bytes: h.ContentLength ?? 0,
        contentType: h.ContentType ?? 'application/octet-stream',
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    try {
      const r = await this.client.send(
        new GetObjectCommand({
          Bucket: this.o.bucket,
          Key: this.key(key),
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      return r.Body instanceof Readable ? r.Body : null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.o.bucket, Key: this.key(key) }));
  }

  async signedUrl(key: string, o: { expiresInS: number; contentType: string; now: number }) {
    const signingDate = new Date(Math.floor(o.now / 1000) * 1000);
    const url = await getSignedUrl(
      this.client,
      new GetObjectCommand({ Bucket: this.o.bucket, Key: this.key(key), ResponseContentType: o.contentType }),
      { expiresIn: o.expiresInS, signingDate },
    );
    return { url, expiresAt: new Date(signingDate.getTime() + o.expiresInS * 1000) };
  }

  close(): void {
    this.client.destroy();
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}
