import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { llm } from '@livekit/agents';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { defaultAgent } from '../../../src/agent/schema.js';
import { blueprintSchema } from '../../../src/blueprint/schema.js';
import { createConductor } from '../../../src/conductor/index.js';
import { InterviewSession } from '../../../src/interview/session.js';
import type { LiveEvent, TurnBody } from '../../../src/store-client/types.js';
import { TurnPreemption } from '../../../src/worker/job/preemption.js';

const blueprint = blueprintSchema.parse(
  parse(readFileSync(fileURLToPath(new URL('../../fixtures/e2e/voice-short.yaml', import.meta.url)), 'utf8')),
);
const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function atFirstQuestion() {
  const writes: Array<{ turn: TurnBody } | { events: readonly LiveEvent[] }> = [];
  const now = () => Date.parse('2026-06-01T10:00:00Z');
  const session = new InterviewSession({
    blueprint,
    agent: defaultAgent,
    conductor: createConductor({ agent: defaultAgent, mode: 'offline', logger: silent, now }),
    run: { run_id: 'run_1', participant: { name: 'Dana' } },
    sessionId: 'ses_1',
    sink: { record: (batch) => void writes.push(...batch) },
    now,
  });
  for await (const _ of (await session.begin()).text);
  for await (const _ of (await session.respond({ text: 'Yes.' })).text);
  const participantTurns = () =>
    writes.flatMap((w) => ('turn' in w && w.turn.role === 'participant' ? [w.turn.content] : []));
  const lastParticipant = () =>
    writes.flatMap((w) => ('turn' in w && w.turn.role === 'participant' ? [w.turn] : [])).at(-1);
  return { session, participantTurns, lastParticipant };
}

async function read(text: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of text) out += chunk;
  return out;
}

/** The message the pipeline hands onUserTurnCompleted, with the metrics it sets right after. */
function finalMessage(text: string): llm.ChatMessage {
  const message = llm.ChatMessage.create({ role: 'user', content: text, transcriptConfidence: 0.7 });
  queueMicrotask(() => {
    message.metrics = { startedSpeakingAt: 1_780_000_000, stoppedSpeakingAt: 1_780_000_003.5 };
  });
  return message;
}

describe('TurnPreemption (preemptive generation in the worker)', () => {
  test('the final transcript matches: the speculation is committed with the final times; the context is untouched', async () => {
    const { session, participantTurns, lastParticipant } = await atFirstQuestion();
    const p = new TurnPreemption();
    const early = p.start(session, 'I am a nurse in Leeds.', 0.6);
    const ctx = llm.ChatContext.empty();
    const message = finalMessage('I am a nurse in Leeds.');
    const { reply: accepted, outcome } = p.complete(ctx, message, true);
    expect(outcome).toBe('committed');
    expect(accepted).not.toBeNull();
    expect(ctx.items).toHaveLength(0);
    const u = await accepted!;
    expect(await read(early)).toMatch(/which tool/i);
    expect(participantTurns()).toEqual(['Yes.', 'I am a nurse in Leeds.']);
    expect(session.state.current_node).toBe('tools');
    expect(lastParticipant()).toMatchObject({
      started_at: new Date(1_780_000_000_000).toISOString(),
      ended_at: new Date(1_780_000_003_500).toISOString(),
      confidence: 0.7,
    });
    const turn = await u.done;
    expect(turn?.role).toBe('agent');

    // the pipeline asks again for this very turn (it dropped the preemptive speech on its own): the
    // committed reply is replayed, not worked out twice
    p.confirm(message, Promise.resolve(u));
    expect(p.takeConfirmed(llm.ChatMessage.create({ role: 'user', content: 'x' }))).toBeUndefined();
    const again = await p.takeConfirmed(message);
    expect(await read(again!.text)).toBe(await read(early));
    expect(p.takeConfirmed(message)).toBeUndefined();
    expect(participantTurns()).toHaveLength(2);
  });

  test('the transcript changed at the end of the turn: dropped, and the context is marked so the pipeline asks afresh', async () => {
    const { session, participantTurns } = await atFirstQuestion();
    const p = new TurnPreemption();
    p.start(session, 'I am a nurse', 0.6);
    const ctx = llm.ChatContext.empty();
    const before = ctx.copy();
    expect(p.complete(ctx, finalMessage('I am a nurse in Leeds.'), true)).toEqual({
      reply: null,
      outcome: 'dropped',
    });
    expect(ctx.isEquivalent(before)).toBe(false);
    expect(participantTurns()).toEqual(['Yes.']);
    expect(session.state.current_node).toBe('role');
  });

  test('not usable (e.g. the question went unheard): dropped even when the text matches', async () => {
    const { session, participantTurns } = await atFirstQuestion();
    const p = new TurnPreemption();
    p.start(session, 'I am a nurse in Leeds.', undefined);
    const ctx = llm.ChatContext.empty();
    expect(p.complete(ctx, finalMessage('I am a nurse in Leeds.'), false)).toEqual({
      reply: null,
      outcome: 'dropped',
    });
    expect(ctx.items).toHaveLength(1);
    expect(participantTurns()).toEqual(['Yes.']);
  });

  test('a newer final transcript replaces the earlier speculation; only the last one can be committed', async () => {
    const { session, participantTurns } = await atFirstQuestion();
    const p = new TurnPreemption();
    const first = p.start(session, 'I am a nurse', undefined);
    p.start(session, 'I am a nurse in Leeds.', undefined);
    expect(await read(first)).toBe('');
    const { reply } = p.complete(llm.ChatContext.empty(), finalMessage('I am a nurse in Leeds.'), true);
    await reply;
    expect(participantTurns()).toEqual(['Yes.', 'I am a nurse in Leeds.']);
  });

  test('no speculation at all (preemption off): the turn is answered the usual way', async () => {
    const p = new TurnPreemption();
    const message = finalMessage('hello');
    const ctx = llm.ChatContext.empty();
    expect(p.complete(ctx, message, true)).toEqual({ reply: null, outcome: 'none' });
    p.confirm(message, null);
    expect(p.takeConfirmed(message)).toBeNull();
  });
});
