import { describe, expect, it } from 'vitest';
import { PROVIDER_PROFILES } from '../../fakes/provider-timing.js';
import { idealLatency, speakableChars } from './ideal.js';

const NO_ACK = '{"kind":"answer","acknowledgement":null,"objective_met":true,"summary":"ok","reply":null}';
const ACK =
  '{"kind":"answer","acknowledgement":"Thanks, that is useful.","objective_met":true,"summary":"ok"}';

describe('the ideal latency of a turn', () => {
  it('the ideal profile gives the fixed schedule the benchmark had before profiles', () => {
    const { ideal } = PROVIDER_PROFILES;
    const work = { type: 'assessment', reply: NO_ACK } as const;
    expect(idealLatency('speech', ideal, 700, work).ms).toBe(700);
    expect(idealLatency('conductor', ideal, 700, work).ms).toBe(850);
    expect(idealLatency('off', ideal, 700, work).ms).toBe(1150);
  });

  it('counts the assessment up to its acknowledgement, at the profile’s output rate', () => {
    const chars = speakableChars(ACK);
    expect(ACK.slice(0, chars).endsWith('"Thanks, that is useful."')).toBe(true);
    const llm = 350 + (Math.ceil(chars / 4) - 1) * 12.5;
    const i = idealLatency('speech', PROVIDER_PROFILES.realistic, 700, { type: 'assessment', reply: ACK });
    expect(i.parts.llm_ms).toBe(llm);
    expect(i.ms).toBe(Math.max(700, 250 + llm + 150));
    expect(idealLatency('off', PROVIDER_PROFILES.realistic, 700, { type: 'assessment', reply: ACK }).ms).toBe(
      700 + llm + 150,
    );
  });

  it('without an acknowledgement the whole assessment is on the critical path', () => {
    expect(speakableChars(NO_ACK)).toBe(NO_ACK.length);
    expect(speakableChars('{"acknowledgement":"say \\"hi\\"","x":1}')).toBe(
      '{"acknowledgement":"say \\"hi\\""'.length,
    );
    const slow = idealLatency('conductor', PROVIDER_PROFILES.slow, 700, {
      type: 'assessment',
      reply: NO_ACK,
    });
    expect(slow.ms).toBe(400 + 700 + (Math.ceil(NO_ACK.length / 4) - 1) * 25 + 300);
  });

  it('a turn routed by the rules has no model time', () => {
    const none = { type: 'none' } as const;
    expect(idealLatency('speech', PROVIDER_PROFILES.realistic, 700, none).ms).toBe(700);
    expect(idealLatency('off', PROVIDER_PROFILES.slow, 700, none).ms).toBe(1000);
    expect(idealLatency('speech', PROVIDER_PROFILES.slow, 400, none).ms).toBe(700);
  });
});
