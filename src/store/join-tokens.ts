import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AccessToken, RoomAgentDispatch, RoomConfiguration } from 'livekit-server-sdk';

/** What a join token minter needs to know about a run. */
export interface JoinTokenRun {
  id: string;
  room: string;
  participant: { name: string; external_id?: string | null | undefined };
  expires_at: Date | null;
}

export interface JoinToken {
  join_token: string;
  room: string;
  livekit_url: string;
}

/** Mints LiveKit participant tokens whose room configuration dispatches the `parley` agent. */
export interface JoinTokenMinter {
  /** The LiveKit server participants connect to. */
  readonly url: string;
  mint(run: JoinTokenRun): Promise<JoinToken>;
}

export const AGENT_NAME = 'parley';

export function createLiveKitMinter(cfg: {
  url: string;
  apiKey: string;
  apiSecret: string;
  now?: () => number;
}): JoinTokenMinter {
  const now = cfg.now ?? Date.now;
  return {
    url: cfg.url,
    async mint(run) {
      const ttlS = run.expires_at
        ? Math.max(60, Math.ceil((run.expires_at.getTime() - now()) / 1000))
        : 7 * 24 * 3600;
      const at = new AccessToken(cfg.apiKey, cfg.apiSecret, {
        identity: `participant-${run.id}`,
        name: run.participant.name,
        ttl: ttlS,
        metadata: JSON.stringify({ run_id: run.id }),
      });
      at.addGrant({
        roomJoin: true,
        room: run.room,
        canPublish: true,
        canSubscribe: true,
        canPublishData: true,
      });
      at.roomConfig = new RoomConfiguration({
        agents: [
          new RoomAgentDispatch({ agentName: AGENT_NAME, metadata: JSON.stringify({ run_id: run.id }) }),
        ],
      });
      return { join_token: await at.toJwt(), room: run.room, livekit_url: cfg.url };
    },
  };
}

/** The opaque join link token: `base64url({"r": run id, "e": expiry in unix seconds}).base64url(HMAC-SHA256)`. */
export const joinLinkClaimsSchema = z.object({
  r: z.string().min(1).max(100),
  e: z.number().int().min(0),
});
export type JoinLinkClaims = z.infer<typeof joinLinkClaimsSchema>;

/** Signs and checks the opaque tokens in `/join/<token>` (never the LiveKit JWT itself). */
export interface JoinLinks {
  sign(runId: string, expiresAt: Date | null): string;
  /** The claims of a well-formed, correctly signed token (expired ones too: the caller decides), or null. */
  verify(token: string): JoinLinkClaims | null;
}

/** The join secret: configured, or derived from the agent secret so links survive restarts with it. */
export function joinSecretFrom(settings: { joinSecret?: string | undefined; agentSecret: string }): string {
  return (
    settings.joinSecret ??
    createHmac('sha256', settings.agentSecret).update('parley join links v1').digest('base64url')
  );
}

export function createJoinLinks(secret: string): JoinLinks {
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  return {
    sign(runId, expiresAt) {
      const e = Math.floor((expiresAt?.getTime() ?? Date.now() + 7 * 24 * 3600 * 1000) / 1000);
      const payload = Buffer.from(JSON.stringify({ r: runId, e })).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token) {
      const m = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!m) return null;
      const expected = mac(m[1]!);
      const given = Buffer.from(m[2]!, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const claims = joinLinkClaimsSchema.safeParse(
          JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')),
        );
        return claims.success ? claims.data : null;
      } catch {
        return null;
      }
    },
  };
}

/** Where a participant joins in a browser: the store's own join page. */
export function joinUrl(publicUrl: string, linkToken: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/join/${linkToken}`;
}
