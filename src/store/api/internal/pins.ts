import { z } from '@hono/zod-openapi';

/** Dial-in PINs: `POST /internal/pins/resolve` and `GET /internal/dial-in/:pin`. */

const pin = z.string().regex(/^\d{6}$/);

export const resolvePinBody = z.strictObject({ pin }).openapi('ResolvePin');
export type ResolvePinBody = z.infer<typeof resolvePinBody>;

export const resolvedPinSchema = z
  .object({ run_id: z.string(), status: z.string(), channel: z.string() })
  .openapi('ResolvedPin');
export type ResolvedPin = z.infer<typeof resolvedPinSchema>;

export const dialInParams = z.object({ pin: pin.openapi({ param: { name: 'pin', in: 'path' } }) });
