import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initializeLogger, voice } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { agentSchema } from '../../../src/agent/schema.js';
import { blueprintSchema } from '../../../src/blueprint/schema.js';
import { createConductor } from '../../../src/conductor/index.js';
import { InterviewSession } from '../../../src/interview/session.js';
import { ConductorSlotLLM, ParleyAgent } from '../../../src/worker/agent.js';
import { StreamingOpenAITTS } from '../../../src/worker/voice/openai-tts.js';
import { chatJson, startFakeOpenAI, streamHold, type FakeOpenAIServer } from '../../fakes/openai-server.js';
import {
  startFakeVoiceOpenAI,
  type FakeVoiceOpenAIServer,
  type SpeechRequest,
} from '../../fakes/tts-server.js';

/**
 * The acknowledgement of a streamed assessment goes to TTS as soon as it is complete: through the real
 * voice pipeline (AgentSession → ParleyAgent.llmNode → the framework's sentence-tokenizing StreamAdapter →
 * StreamingOpenAITTS → the fake TTS on 127.0.0.1), the acknowledgement's speech request arrives while the
 * rest of the assessment is still held back by the fake model — the sentence tokenizer alone would keep
 * it until the next sentence (the question, after the whole assessment) had started.
 */
const blueprint = blueprintSchema.parse(
  parse(readFileSync(fileURLToPath(new URL('../../fixtures/e2e/voice-short.yaml', import.meta.url)), 'utf8')),
);
const agent = agentSchema.parse({ name: 'Robin' });
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const ACK = 'Got it, thanks.';

/** Where the session's audio goes: frames are counted and each segment is played out at once. */
class CountingAudioOutput extends voice.AudioOutput {
  frames = 0;
  private started = false;
  constructor() {
    super(24_000, undefined, { pause: false });
  }
  override async captureFrame(frame: AudioFrame): Promise<void> {
    await super.captureFrame(frame);
    this.frames += 1;
    if (!this.started) this.onPlaybackStarted(Date.now());
    this.started = true;
  }
  override flush(): void {
    super.flush();
    if (!this.started) return;
    this.started = false;
    this.onPlaybackFinished({ playbackPosition: 0, interrupted: false });
  }
  clearBuffer(): void {
    if (!this.started) return;
    this.started = false;
    this.onPlaybackFinished({ playbackPosition: 0, interrupted: true });
  }
}

let llm: FakeOpenAIServer;
let ttsFake: FakeVoiceOpenAIServer;
const arrivals: Array<(r: SpeechRequest) => void> = [];
beforeAll(async () => {
  initializeLogger({ pretty: false, level: 'silent' });
  llm = await startFakeOpenAI();
  ttsFake = await startFakeVoiceOpenAI({ onSpeech: (r) => arrivals.shift()?.(r) });
});
afterAll(async () => {
  await llm.close();
  await ttsFake.close();
});

async function read(text: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of text) out += chunk;
  return out;
}

describe('the voice pipeline with a streamed acknowledgement', () => {
  test(
    'the acknowledgement reaches TTS before the rest of the assessment is produced; the question follows',
    { timeout: 20_000 },
    async () => {
      const interview = new InterviewSession({
        blueprint,
        agent,
        conductor: createConductor({
          agent,
          mode: 'llm',
          openai: { apiKey: 'sk', baseURL: llm.baseURL },
          logger: silent,
          now: () => Date.now(),
        }),
        run: { run_id: 'run_1', participant: { name: 'Dana' } },
        sessionId: 'ses_1',
        sink: { record: () => {} },
      });
      await read((await interview.begin()).text);
      await read((await interview.respond({ text: 'Yes, that is fine.' })).text); // consent: the rules

      // the model streams the assessment up to its acknowledgement, then holds the rest
      const hold = streamHold(`"acknowledgement":"${ACK}"`);
      llm.enqueue({
        ...chatJson({
          kind: 'answer',
          acknowledgement: ACK,
          objective_met: true,
          summary: 'Runs the data team at a bakery.',
          reply: null,
        }),
        chunkSize: 8,
        hold,
      });
      // the rest of the assessment is released only once the acknowledgement's speech request has arrived:
      // with the acknowledgement waiting in the sentence tokenizer for the next sentence, nothing came until
      // the conductor gave up on the stalled stream and the question followed (one request for both)
      const first = new Promise<SpeechRequest>((r) => arrivals.push(r)).then((request) => {
        hold.release();
        return request;
      });
      const second = new Promise<SpeechRequest>((r) => arrivals.push(r));

      const tts = new StreamingOpenAITTS({ apiKey: 'k', baseURL: ttsFake.baseURL });
      const session = new voice.AgentSession({
        llm: new ConductorSlotLLM(),
        tts,
        turnHandling: { interruption: { enabled: false, mode: 'vad' } },
      });
      const output = new CountingAudioOutput();
      session.output.audio = output;
      const parley = new ParleyAgent({
        onUserTurn: async (text) => interview.speculate(text).reply,
        onTurnCompleted: () => {},
      });
      await session.start({ agent: parley });
      try {
        const handle = session.generateReply({ userInput: 'I run the data team at a bakery.' });

        const ack = await first;
        expect(ack.input).toBe(ACK); // alone, not with the question
        expect((await second).input).toBe('Which tool do you use most, and why?');
        await handle.waitForPlayout();
        expect(ttsFake.speech.map((s) => s.input)).toEqual([ACK, 'Which tool do you use most, and why?']);
        expect(output.frames).toBeGreaterThan(0);
      } finally {
        await session.close();
        await tts.close();
      }
    },
  );
});
