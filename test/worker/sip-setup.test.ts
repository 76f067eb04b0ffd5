import { describe, expect, test } from 'vitest';
import { ROOM_PREFIX, RULE_NAME, sipSetup, TRUNK_NAME, type SipApi } from '../../src/worker/sip-setup.js';

/** An in-memory SIP API with the shapes livekit-server-sdk returns. */
function fakeSip() {
  const trunks: any[] = [];
  const rules: any[] = [];
  const calls: string[] = [];
  let n = 0;
  const api = {
    listSipInboundTrunk: async () => trunks,
    createSipInboundTrunk: async (name: string, numbers: string[], opts: any) => {
      calls.push('createTrunk');
      const t = { sipTrunkId: `ST_${++n}`, name, numbers, ...opts };
      trunks.push(t);
      return t;
    },
    updateSipInboundTrunkFields: async (id: string, fields: any) => {
      calls.push('updateTrunk');
      const t = trunks.find((x) => x.sipTrunkId === id);
      t.numbers = fields.numbers.set;
      return t;
    },
    listSipDispatchRule: async () => rules,
    createSipDispatchRule: async (rule: any, opts: any) => {
      calls.push('createRule');
      const r = {
        sipDispatchRuleId: `SDR_${++n}`,
        name: opts.name,
        trunkIds: opts.trunkIds,
        rule: { rule: { case: 'dispatchRuleIndividual', value: { roomPrefix: rule.roomPrefix } } },
        roomConfig: opts.roomConfig,
      };
      rules.push(r);
      return r;
    },
    deleteSipDispatchRule: async (id: string) => {
      calls.push('deleteRule');
      const i = rules.findIndex((r) => r.sipDispatchRuleId === id);
      return rules.splice(i, 1)[0];
    },
  };
  return { api: api as unknown as SipApi, trunks, rules, calls };
}

describe('parley sip setup', () => {
  test('creates the trunk and the rule, then is idempotent', async () => {
    const f = fakeSip();
    const first = await sipSetup(f.api, { numbers: ['+15550100'], agentName: 'parley' });
    expect(first.trunk.action).toBe('created');
    expect(first.rule.action).toBe('created');
    expect(f.trunks[0].name).toBe(TRUNK_NAME);
    expect(f.rules[0].name).toBe(RULE_NAME);
    expect(f.rules[0].rule.rule.value.roomPrefix).toBe(ROOM_PREFIX);
    expect(f.rules[0].roomConfig.agents[0].agentName).toBe('parley');
    expect(JSON.parse(f.rules[0].roomConfig.agents[0].metadata)).toEqual({ dial_in: true });

    const second = await sipSetup(f.api, { numbers: ['+15550100', '+15550101'], agentName: 'parley' });
    expect(second.trunk).toEqual({ id: first.trunk.id, action: 'updated' });
    expect(second.rule).toEqual({ id: first.rule.id, action: 'unchanged' });
    expect(f.trunks).toHaveLength(1);
    expect(f.trunks[0].numbers).toEqual(['+15550100', '+15550101']);
    expect(f.rules).toHaveLength(1);
  });

  test('replaces a rule that dispatches another agent', async () => {
    const f = fakeSip();
    await sipSetup(f.api, { numbers: ['+15550100'], agentName: 'parley' });
    const r = await sipSetup(f.api, { numbers: ['+15550100'], agentName: 'parley-eu' });
    expect(r.rule.action).toBe('replaced');
    expect(f.rules).toHaveLength(1);
    expect(f.rules[0].roomConfig.agents[0].agentName).toBe('parley-eu');
  });
});
