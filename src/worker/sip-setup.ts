import { RoomAgentDispatch, RoomConfiguration } from 'livekit-server-sdk';
import type { SipClient } from 'livekit-server-sdk';

/**
 * `parley sip setup`: make LiveKit route phone calls to Parley, idempotently.
 *  - the inbound trunk `parley-inbound` (numbers, allowed addresses, optional digest auth): created, or
 *    updated in place when it exists;
 *  - the dispatch rule `parley-dial-in`: every caller gets their own room (`parley-call-…`) and the
 *    `parley` agent is dispatched with metadata `{"dial_in":true}` (the run is then found by its PIN).
 *    Left alone when it already matches; replaced when it differs.
 */
export const TRUNK_NAME = 'parley-inbound';
export const RULE_NAME = 'parley-dial-in';
export const ROOM_PREFIX = 'parley-call-';

export type SipApi = Pick<
  SipClient,
  | 'listSipInboundTrunk'
  | 'createSipInboundTrunk'
  | 'updateSipInboundTrunkFields'
  | 'listSipDispatchRule'
  | 'createSipDispatchRule'
  | 'deleteSipDispatchRule'
>;

export interface SipSetupOptions {
  numbers: string[];
  allowedAddresses?: string[] | undefined;
  authUsername?: string | undefined;
  authPassword?: string | undefined;
  agentName: string;
}

export interface SipSetupResult {
  trunk: { id: string; action: 'created' | 'updated' };
  rule: { id: string; action: 'created' | 'unchanged' | 'replaced' };
}

export async function sipSetup(api: SipApi, opts: SipSetupOptions): Promise<SipSetupResult> {
  const metadata = JSON.stringify({ dial_in: true });
  const trunks = await api.listSipInboundTrunk();
  const existing = trunks.find((t) => t.name === TRUNK_NAME);
  let trunkId: string;
  let trunkAction: 'created' | 'updated';
  if (existing !== undefined) {
    await api.updateSipInboundTrunkFields(existing.sipTrunkId, {
      numbers: { set: opts.numbers, add: [], remove: [], clear: false } as never,
      allowedAddresses: { set: opts.allowedAddresses ?? [], add: [], remove: [], clear: false } as never,
      ...(opts.authUsername !== undefined ? { authUsername: opts.authUsername } : {}),
      ...(opts.authPassword !== undefined ? { authPassword: opts.authPassword } : {}),
    });
    trunkId = existing.sipTrunkId;
    trunkAction = 'updated';
  } else {
    const created = await api.createSipInboundTrunk(TRUNK_NAME, opts.numbers, {
      ...(opts.allowedAddresses !== undefined ? { allowedAddresses: opts.allowedAddresses } : {}),
      ...(opts.authUsername !== undefined ? { authUsername: opts.authUsername } : {}),
      ...(opts.authPassword !== undefined ? { authPassword: opts.authPassword } : {}),
      krispEnabled: false,
    });
    trunkId = created.sipTrunkId;
    trunkAction = 'created';
  }

  const rules = await api.listSipDispatchRule();
  const current = rules.find((r) => r.name === RULE_NAME);
  const matches =
    current !== undefined &&
    current.trunkIds.length === 1 &&
    current.trunkIds[0] === trunkId &&
    current.rule?.rule.case === 'dispatchRuleIndividual' &&
    current.rule.rule.value.roomPrefix === ROOM_PREFIX &&
    current.roomConfig?.agents.length === 1 &&
    current.roomConfig.agents[0]?.agentName === opts.agentName &&
    current.roomConfig.agents[0]?.metadata === metadata;
  if (current !== undefined && matches) {
    return {
      trunk: { id: trunkId, action: trunkAction },
      rule: { id: current.sipDispatchRuleId, action: 'unchanged' },
    };
  }
  if (current !== undefined) await api.deleteSipDispatchRule(current.sipDispatchRuleId);
  const rule = await api.createSipDispatchRule(
    { type: 'individual', roomPrefix: ROOM_PREFIX },
    {
      name: RULE_NAME,
      trunkIds: [trunkId],
      roomConfig: new RoomConfiguration({
        agents: [new RoomAgentDispatch({ agentName: opts.agentName, metadata })],
      }),
    },
  );
  return {
    trunk: { id: trunkId, action: trunkAction },
    rule: { id: rule.sipDispatchRuleId, action: current !== undefined ? 'replaced' : 'created' },
  };
}
