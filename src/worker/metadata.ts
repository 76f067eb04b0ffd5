import { z } from 'zod';

/**
 * A job's metadata (`ctx.job.metadata`): a WebRTC join token's dispatch carries `{run_id}`; the SIP
 * dispatch rule created by `parley sip setup` carries `{dial_in: true}` (the run is found by its PIN).
 */
export const jobMetadataSchema = z.union([
  z.strictObject({
    run_id: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_-]+$/),
  }),
  z.strictObject({ dial_in: z.literal(true) }),
]);
export type JobMetadata = z.infer<typeof jobMetadataSchema>;

export type MetadataResult = { ok: true; value: JobMetadata } | { ok: false; reason: string };

export function parseJobMetadata(raw: string | undefined | null): MetadataResult {
  if (raw === undefined || raw === null || raw.trim() === '')
    return { ok: false, reason: 'job metadata is empty' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'job metadata is not JSON' };
  }
  const parsed = jobMetadataSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      reason: `job metadata does not match {run_id} or {dial_in: true}: ${parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    };
  }
  return { ok: true, value: parsed.data };
}
