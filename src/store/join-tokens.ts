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

/**
 * Where a participant joins in a browser: LiveKit Meet's custom-server page with the token (the store serves
 * no join page of its own; integrators can build one from `join_token` and the LiveKit URL).
 */
export function joinUrl(t: JoinToken): string {
  const q = new URLSearchParams({ liveKitUrl: t.livekit_url, token: t.join_token });
  return `https://meet.livekit.io/custom?${q.toString()}`;
}
