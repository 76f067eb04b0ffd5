import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startLiveKit, type LiveKitServer } from './harness/livekit.js';
import { TestParticipant } from './harness/participant.js';

/** The harness itself: a real livekit-server, two rtc-node participants, audio and captions flow. */
let lk: LiveKitServer;

beforeAll(async () => {
  lk = await startLiveKit();
}, 120_000);

afterAll(async () => {
  await lk?.stop();
});

async function token(identity: string, room: string): Promise<string> {
  const at = new AccessToken(lk.apiKey, lk.apiSecret, { identity, ttl: 600 });
  at.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
  return at.toJwt();
}

test('two rtc-node participants exchange real audio through livekit-server', async () => {
  const room = `smoke-${Date.now()}`;
  const a = new TestParticipant();
  const b = new TestParticipant();
  await a.join(lk.url, await token('alice', room));
  await b.join(lk.url, await token('bob', room));
  try {
    const heard = b.waitForSound(500, 20_000);
    await a.say('Hello Bob, this is a test of real audio through the LiveKit server.');
    await heard;
    expect(b.soundMs).toBeGreaterThanOrEqual(500);
    // text streams on lk.transcription arrive as captions
    await a.room.localParticipant?.sendText('caption text', {
      topic: 'lk.transcription',
      attributes: { 'lk.transcription_final': 'true' },
    });
    const cap = await b.waitForCaption(/caption text/);
    expect(cap.from).toBe('alice');
  } finally {
    await a.leave();
    await b.leave();
  }
}, 60_000);
