import type { Readable } from 'node:stream';
import { z } from 'zod';

/** The audio formats a recording may be uploaded in. */
export const recordingContentTypeSchema = z.enum(['audio/wav', 'audio/ogg']);
export type RecordingContentType = z.infer<typeof recordingContentTypeSchema>;

/** What the store knows about a stored object. */
export const mediaObjectInfoSchema = z.object({
  key: z.string(),
  bytes: z.number().int().min(0),
  contentType: z.string(),
});
export type MediaObjectInfo = z.infer<typeof mediaObjectInfoSchema>;

/** A signed, expiring link to one object. */
export interface SignedMediaUrl {
  url: string;
  expiresAt: Date;
}

/** A byte range to read (inclusive end, as in HTTP `Range`). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where recordings live. Keys are relative paths such as `recordings/<run_id>.wav` (no `..`, no leading
 * slash). `put` streams the body (never buffering a whole file) and fails with PAYLOAD_TOO_LARGE past
 * `maxBytes`; a failed `put` leaves no partial object behind.
 */
export interface MediaStore {
  readonly kind: 'disk' | 's3';
  put(
    key: string,
    body: Readable,
    o: { contentType: string; maxBytes: number; bytes?: number },
  ): Promise<MediaObjectInfo>;
  /** Null when there is no such object. */
  head(key: string): Promise<MediaObjectInfo | null>;
  /** The object's bytes (or a range of them); null when there is no such object. */
  get(key: string, range?: ByteRange): Promise<Readable | null>;
  delete(key: string): Promise<void>;
  /** A link anyone holding it can download the object from until `expiresAt`. */
  signedUrl(
    key: string,
    o: { expiresInS: number; contentType: string; now: number },
  ): Promise<SignedMediaUrl>;
  /** Release connections (the store is closing). */
  close?(): void;
}

/** `recordings/<run id>.<ext>`: run ids are `[A-Za-z0-9_-]`, checked here so a key never escapes its folder. */
export function recordingKey(runId: string, contentType: RecordingContentType): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(runId)) throw new Error(`unsafe run id for a media key: ${runId}`);
  return `recordings/${runId}.${contentType === 'audio/wav' ? 'wav' : 'ogg'}`;
}

export function assertSafeKey(key: string): void {
  if (
    !/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/.test(key) ||
    key.split('/').some((p) => p === '..' || p === '.')
  )
    throw new Error(`unsafe media key: ${key}`);
}
