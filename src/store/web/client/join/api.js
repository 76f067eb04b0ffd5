// The join page's calls to the store, each answer parsed where it enters.
// zod/mini: the same schemas in a fraction of the bundle size (functions instead of methods).
import * as z from 'zod/mini';

export const phaseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open') }),
  z.object({ type: z.literal('closed'), reason: z.string(), title: z.string(), message: z.string() }),
]);

export const progressSchema = z.object({
  status: z.string(),
  questions_total: z.int(),
  questions_answered: z.int(),
  current_node: z.nullable(z.string()),
});

export const infoSchema = z.extend(progressSchema, {
  title: z.string(),
  participant_name: z.string(),
  estimated_duration_m: z.number(),
  language: z.string(),
  consent_text: z.nullable(z.string()),
  phase: phaseSchema,
});

export const sessionSchema = z.object({ livekit_url: z.string(), token: z.string(), room: z.string() });

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

/** @typedef {z.infer<typeof infoSchema>} JoinInfo */
/** @typedef {z.infer<typeof progressSchema>} JoinProgress */
/** @typedef {z.infer<typeof sessionSchema>} JoinSession */

/** The link token: the last path segment of `/join/<token>`. */
export function tokenFromLocation() {
  const m = /^\/join\/([^/]+)\/?$/.exec(location.pathname);
  return m ? (m[1] ?? '') : '';
}

/**
 * @param {Response} res
 */
async function failure(res) {
  const body = await res.json().catch(() => null);
  const parsed = errorSchema.safeParse(body);
  return new Error(parsed.success ? parsed.data.error.message : `HTTP ${res.status}`);
}

/**
 * @param {string} token
 * @returns {Promise<JoinInfo>}
 */
export async function fetchInfo(token) {
  const res = await fetch(`/join/${token}/info`, { cache: 'no-store' });
  if (!res.ok) throw await failure(res);
  return infoSchema.parse(await res.json());
}

/**
 * A fresh LiveKit token for this run's room.
 * @param {string} token
 * @returns {Promise<JoinSession>}
 */
export async function fetchSession(token) {
  const res = await fetch(`/join/${token}/session`, { method: 'POST', cache: 'no-store' });
  if (!res.ok) throw await failure(res);
  return sessionSchema.parse(await res.json());
}
