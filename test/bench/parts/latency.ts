import '../../e2e/harness/rtc-log.js';
import { join } from 'node:path';
import { DEFAULT_TURN_DETECTOR, turnDelaysFor } from '../../../src/worker/turn/delays.js';
import { PROVIDER_PROFILES } from '../../fakes/provider-timing.js';
import type { ChatCall } from '../../fakes/tts-server.js';
import { log, quantile, round, summary } from '../lib.js';
import { summarizeProfiles } from '../profile.js';
import type { Part, PartContext, PartResult, Row } from '../types.js';
import { measureEchoFloor, type EchoFloor } from '../voice/echo.js';
import { runInterview, type TurnSample } from '../voice/interview.js';
import { agentSplit, turnTimeline } from '../voice/timeline.js';
import { blueprintSchema } from '../../../src/blueprint/schema.js';
import { scriptBlueprint, scriptFor } from '../voice/script.js';
import { agentTurnLogs, voiceBench } from '../voice/stack.js';
import { vadSilenceMs } from '../voice/ideal.js';
import { byEndpointing, byType, turnsWithIdeal } from '../voice/turn-ideal.js';
import { measureVadLag } from '../voice/vad-lag.js';

/**
 * Agent-added latency per turn over the real stack (livekit-server, store, worker with the LLM conductor,
 * an rtc-node participant), the provider fakes paced by the run's provider timing profile (`--providers`,
 * test/fakes/provider-timing.ts). The interview alternates open questions with yes/no, rating and choice
 * ones (voice/script.ts). Measured: end of the participant's speech (its published audio timeline) → first
 * non-silent agent audio frame at the participant, per answer type. Interviews run one at a time; added =
 * measured − the turn's ideal (voice/ideal.ts: from the profile and the model output the turn needed).
 * Then, on the same livekit-server, the WebRTC floor without an agent (`measureEchoFloor`): the round trip
 * of an rtc-node echo has the two hops of a turn.
 */

const QUESTIONS = 10;
const ECHO_BURSTS = 20;
const ECHO_BURSTS_QUICK = 10;

function stage(values: Array<number | undefined>) {
  return summary(values.filter((v): v is number => typeof v === 'number'));
}

export async function measureLatency(ctx: PartContext): Promise<PartResult> {
  const interviews = ctx.quick ? 1 : 3;
  const questions = ctx.quick ? 8 : QUESTIONS;
  const profDir = ctx.profileDir ? join(ctx.profileDir, 'latency-worker') : undefined;
  const bench = await voiceBench({
    cpuProfDir: profDir,
    preemptive: ctx.preemptive,
    providers: ctx.providers,
    workerEnv: ctx.workerEnv,
  });
  const timing = PROVIDER_PROFILES[bench.providers];
  const script = scriptFor(questions);
  // the stack may be shared with the capacity part: only what happens from here on is this part's
  const from = {
    log: bench.stack.worker.output().length,
    speech: bench.stack.oa.speech.length,
    segments: bench.stack.dg.segments.length,
    chats: bench.stack.oa.chatCalls.length,
  };
  const turns: TurnSample[] = [];
  let logLines: readonly string[] = [];
  let speech: Array<{ at: number; input: string; firstByteAt?: number }> = [];
  let segments: Array<{ at: number; speechEndAt?: number }> = [];
  let chats: ChatCall[] = [];
  let floor: EchoFloor | null = null;
  let floorError: string | null = null;
  try {
    const bp = await bench.scriptBlueprint(script);
    for (let i = 0; i < interviews; i++) {
      const r = await runInterview({
        stack: bench.stack,
        blueprintId: bp,
        answers: script.map((q) => bench.scriptAnswers.get(q.spoken)!),
        transcripts: script.map((q) => q.transcript),
        turns: questions,
      });
      turns.push(...r.turns);
      log(
        `latency: interview ${i + 1}/${interviews}: ${r.turns.map((t) => Math.round(t.measured_ms)).join(' ')} ms`,
      );
    }
    logLines = bench.stack.worker.output().slice(from.log);
    speech = bench.stack.oa.speech.slice(from.speech);
    segments = bench.stack.dg.segments.slice(from.segments);
    chats = bench.stack.oa.chatCalls.slice(from.chats);
    try {
      floor = await measureEchoFloor({
        lk: bench.stack.lk,
        bursts: ctx.quick ? ECHO_BURSTS_QUICK : ECHO_BURSTS,
      });
      log(
        `latency: transport floor: one way p50 ${floor.one_way_ms.p50} ms, round trip p50 ${floor.round_trip_ms.p50} ms`,
      );
    } catch (e) {
      floorError = e instanceof Error ? e.message : String(e);
      log(`latency: transport floor failed: ${floorError}`);
    }
  } finally {
    await bench.release();
  }
  const nodes = blueprintSchema.parse(scriptBlueprint('bench-latency', script, 'Hello.')).graph.nodes;
  const endpointingOf = (turn: number) => turnDelaysFor(DEFAULT_TURN_DETECTOR, nodes[`q${turn}`]).minDelay;
  const endpointingMs = turnDelaysFor(DEFAULT_TURN_DETECTOR, undefined).minDelay;
  const typed = turnsWithIdeal({
    turns,
    types: script.map((q) => q.type),
    chats,
    speech,
    mode: ctx.preemptive,
    timing,
    endpointingMs: endpointingOf,
    vadMs: vadSilenceMs(ctx.workerEnv),
  });
  const groups = byType(typed);
  const perEndpointing = byEndpointing(typed);
  const measured = turns.map((t) => t.measured_ms);
  const added = typed.map((t) => t.added_ms);
  const idealMs = round(
    quantile(
      typed.map((t) => t.ideal.ms),
      0.5,
    ),
    1,
  );
  const agent = agentTurnLogs(logLines);
  const ttsFirstByte = speech.filter((s) => s.firstByteAt !== undefined).map((s) => s.firstByteAt! - s.at);
  const sttFinal = segments.filter((s) => s.speechEndAt !== undefined).map((s) => s.at - s.speechEndAt!);
  const lateTts = ttsFirstByte.filter((v) => v > timing.tts.first_byte_ms + 20).length;
  const llmFirst = chats.filter((c) => c.chunkAt.length > 0).map((c) => c.chunkAt[0]! - c.at);
  const llmLast = chats.filter((c) => c.chunkAt.length > 0).map((c) => c.chunkAt.at(-1)! - c.at);
  const timeline = turnTimeline({ turns, segments, speech });
  const split = agentSplit(turns, agent);
  const vadLag = await measureVadLag([...new Set(script.map((q) => q.spoken))]);
  const stages = {
    agent_eou_ms: stage(agent.map((a) => a.eou_ms)),
    agent_transcription_delay_ms: stage(agent.map((a) => a.stt_ms)),
    agent_llm_ttft_ms: stage(agent.map((a) => a.llm_ttft_ms)),
    agent_tts_ttfb_ms: stage(agent.map((a) => a.tts_ttfb_ms)),
    agent_e2e_ms: stage(agent.map((a) => a.e2e_ms)),
    fake_stt_final_after_speech_end_ms: summary(sttFinal),
    fake_tts_first_byte_ms: summary(ttsFirstByte),
    fake_llm_first_token_ms: summary(llmFirst),
    fake_llm_last_token_ms: summary(llmLast),
    fake_llm_output_tokens: summary(chats.map((c) => c.output_tokens)),
  };
  const p = (v: number[], q: number) => round(quantile(v, q), 1);
  const addedP50 = p(added, 0.5);
  const floorP50 = floor?.round_trip_ms.p50 ?? null;
  const addedOverFloor = addedP50 !== null && floorP50 !== null ? round(addedP50 - floorP50, 1) : null;
  const perType = (['typed', 'open', 'yes_no', 'rating', 'choice'] as const).flatMap((g): Row[] => {
    const s = groups[g];
    const target = g === 'typed' ? '≤ 650' : g === 'open' ? '≤ 950' : undefined;
    return [
      {
        metric: `latency: ${g}: end of speech → agent audio p50 / p95 ms (${s.turns} turns)`,
        values: { all: `${s.e2e_p50_ms ?? '—'} / ${s.e2e_p95_ms ?? '—'}` },
        ...(target !== undefined ? { target: `p50 ${target} (realistic)` } : {}),
      },
      {
        metric: `latency: ${g}: ideal p50 ms · added p50 / p95 ms`,
        values: { all: `${s.ideal_p50_ms ?? '—'} · ${s.added_p50_ms ?? '—'} / ${s.added_p95_ms ?? '—'}` },
      },
    ];
  });
  const rows: Row[] = [
    { metric: 'latency: turns measured', values: { all: turns.length }, target: '≥ 30 (quick: 10)' },
    {
      metric: `latency: ideal p50 (providers ${bench.providers}, preemptive ${ctx.preemptive}) ms`,
      values: { all: idealMs },
    },
    {
      metric: 'latency: ideal without preemption p50 ms',
      values: {
        all: p(
          typed.map((t) => t.ideal.sequential_ms),
          0.5,
        ),
      },
    },
    {
      metric: 'latency: end of speech → agent audio p50 ms',
      values: { all: p(measured, 0.5) },
      target: '≤ 800',
    },
    { metric: 'latency: end of speech → agent audio p95 ms', values: { all: p(measured, 0.95) } },
    ...perType,
    ...Object.entries(perEndpointing).map(([ms, g]): Row => ({
      metric: `latency: nodes with endpointing min delay ${ms} ms: end of speech → agent audio p50 / p95 ms (${g.turns} turns)`,
      values: { all: `${g.e2e_p50_ms ?? '—'} / ${g.e2e_p95_ms ?? '—'}` },
    })),
    {
      metric: 'latency: fake LLM first / last token after the request p50 ms',
      values: {
        all: `${stages.fake_llm_first_token_ms.p50 ?? '—'} / ${stages.fake_llm_last_token_ms.p50 ?? '—'}`,
      },
    },
    { metric: 'latency: fake LLM output tokens p50', values: { all: stages.fake_llm_output_tokens.p50 } },
    {
      metric: 'latency: open: after speech end, LLM request · last token · first TTS request p50 ms',
      values: {
        all: (['llm_request_ms', 'llm_done_ms', 'tts_request_ms'] as const)
          .map((k) => {
            const v = typed.filter((t) => t.type === 'open').map((t) => t.fakes[k]);
            return (
              p(
                v.filter((x): x is number => x !== undefined),
                0.5,
              ) ?? '—'
            );
          })
          .join(' · '),
      },
    },
    { metric: 'latency: added p50 ms', values: { all: p(added, 0.5) }, target: '≤ 15' },
    { metric: 'latency: added p95 ms', values: { all: p(added, 0.95) }, target: '≤ 50' },
    {
      metric: 'latency: agent eou (end of speech → turn commit) p50 ms',
      values: { all: stages.agent_eou_ms.p50 },
    },
    {
      metric: 'latency: agent transcription delay p50 ms',
      values: { all: stages.agent_transcription_delay_ms.p50 },
    },
    { metric: 'latency: agent llm node ttft p50 ms', values: { all: stages.agent_llm_ttft_ms.p50 } },
    { metric: 'latency: agent tts node ttfb p50 ms', values: { all: stages.agent_tts_ttfb_ms.p50 } },
    { metric: 'latency: agent e2e (its own view) p50 ms', values: { all: stages.agent_e2e_ms.p50 } },
    { metric: 'latency: wall clock: speech end → STT hears it p50 ms', values: { all: timeline.in_ms.p50 } },
    {
      metric: 'latency: wall clock: STT speech end → TTS request p50 ms',
      values: { all: timeline.to_tts_ms.p50 },
    },
    { metric: 'latency: wall clock: TTS request → first byte p50 ms', values: { all: timeline.tts_ms.p50 } },
    {
      metric: 'latency: wall clock: TTS first byte → participant hears p50 ms',
      values: { all: timeline.out_ms.p50 },
    },
    {
      metric: "latency: at the agent: speech end → its VAD's end of speech p50 ms",
      values: { all: split.to_vad_end_ms.p50 },
    },
    {
      metric: "latency: at the agent: its VAD's end of speech → first frame to its audio source p50 ms",
      values: { all: split.agent_ms.p50 },
    },
    {
      metric: 'latency: at the agent: first frame to its audio source → participant hears p50 ms',
      values: { all: split.out_ms.p50 },
    },
    {
      metric: "latency: Silero's end of speech after the answer's (offline, no transport) p50 ms",
      values: { all: vadLag.vs_speech_end_ms.p50 },
    },
    {
      metric: 'latency: WebRTC round trip floor (rtc-node echo, no agent) p50 ms',
      values: { all: floor?.round_trip_ms.p50 ?? null },
    },
    {
      metric: 'latency: WebRTC round trip floor (rtc-node echo, no agent) p95 ms',
      values: { all: floor?.round_trip_ms.p95 ?? null },
    },
    {
      metric: 'latency: WebRTC one way floor (rtc-node, no agent) p50 ms',
      values: { all: floor?.one_way_ms.p50 ?? null },
    },
    {
      metric: 'latency: WebRTC one way floor (rtc-node, no agent) p95 ms',
      values: { all: floor?.one_way_ms.p95 ?? null },
    },
    { metric: 'latency: added minus transport floor p50 ms', values: { all: addedOverFloor } },
  ];
  const formulas = [...new Map(typed.map((t) => [t.ideal.formula, t])).values()];
  const notes = [
    `latency: providers ${bench.providers} = ${JSON.stringify(timing)}`,
    ...formulas.map(
      (t) => `latency: ideal ${t.ideal.ms} ms (${t.type}, preemptive ${ctx.preemptive}) = ${t.ideal.formula}`,
    ),
  ];
  if (floor !== null)
    notes.push(
      `latency: transport floor = round trip of tone bursts through an rtc-node echo participant on the same ` +
        `livekit-server, no agent (${floor.bursts} bursts, ${floor.missed_round_trip} missed), timed as the ` +
        `turns are; it has the two WebRTC hops of a turn (participant → server → worker, worker → server → ` +
        `participant) and one republish through an AudioSource, so 'added minus transport floor' ` +
        `(${addedOverFloor} ms) is what the agent adds beyond bare transport on this machine`,
    );
  else notes.push(`latency: transport floor not measured: ${floorError}`);
  notes.push(
    `latency: at the agent (${split.matched} turns matched to the worker's own metrics): the participant's ` +
      `end of speech → the end of speech its VAD reports ${split.to_vad_end_ms.p50} ms (WebRTC in + Silero ` +
      `dating the end ${vadLag.vs_speech_end_ms.p50} ms late offline: ${vadLag.method}), → first frame to its ` +
      `audio source ${split.agent_ms.p50} ms (default endpointing ${endpointingMs}), → heard ` +
      `${split.out_ms.p50} ms`,
  );
  if (lateTts > 0)
    notes.push(
      `latency: ${lateTts} of ${ttsFirstByte.length} TTS first bytes were > 20 ms late (first synthesis)`,
    );
  let profiles: unknown;
  if (profDir) profiles = { all: summarizeProfiles(profDir) };
  return {
    keys: {
      added_latency_p50_ms: p(added, 0.5),
      added_latency_p95_ms: p(added, 0.95),
      e2e_latency_p50_ms: p(measured, 0.5),
      e2e_p50_ms_typed: groups.typed.e2e_p50_ms,
      e2e_p95_ms_typed: groups.typed.e2e_p95_ms,
      e2e_p50_ms_open: groups.open.e2e_p50_ms,
      e2e_p95_ms_open: groups.open.e2e_p95_ms,
      ideal_latency_ms: idealMs,
    },
    rows,
    notes,
    details: {
      latency: {
        providers: { name: bench.providers, ...timing },
        preemptive: ctx.preemptive,
        default_endpointing_min_delay_ms: endpointingMs,
        by_type: groups,
        by_endpointing_min_delay_ms: perEndpointing,
        measured_ms: summary(measured),
        added_ms: summary(added),
        stages,
        timeline,
        at_the_agent: split,
        vad_lag: vadLag,
        transport_floor: floor ?? { error: floorError },
        turns: typed.map((t) => ({
          ...t,
          measured_ms: round(t.measured_ms, 1),
          added_ms: round(t.added_ms, 1),
        })),
      },
      ...(profiles !== undefined ? { latency_worker_profiles: profiles } : {}),
    },
  };
}

export const latencyPart: Part = {
  name: 'latency',
  description:
    'agent-added latency per turn and answer type over livekit-server + worker (LLM conductor, fakes paced by a provider profile)',
  keys: [
    'added_latency_p50_ms',
    'added_latency_p95_ms',
    'e2e_latency_p50_ms',
    'e2e_p50_ms_typed',
    'e2e_p95_ms_typed',
    'e2e_p50_ms_open',
    'e2e_p95_ms_open',
    'ideal_latency_ms',
  ],
  run: measureLatency,
};
