import type { JobContext, VAD } from '@livekit/agents';
import { ParticipantKind } from '@livekit/rtc-node';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../../config/worker.js';
import { ParleyAgent } from '../agent.js';
import { parseJobMetadata } from '../metadata.js';
import { MetricsReporter } from '../metrics.js';
import { JobController } from './controller.js';
import { startRecording } from './recording-start.js';
import { createVoiceSession, INPUT_SAMPLE_RATE } from './voice-session.js';

/**
 * One interview job (runs in its own forked process): identify the run (metadata, or a PIN typed on the
 * phone), open a store session, run the voice session with Parley's turn loop, and end the call.
 */

export interface JobDeps {
  config: WorkerConfig;
  logger: Logger;
  vad: VAD;
  metricsUrl: string | null;
}

export async function runJob(ctx: JobContext, deps: JobDeps): Promise<void> {
  const { config } = deps;
  const meta = parseJobMetadata(ctx.job.metadata);
  const log = deps.logger.child({ job_id: ctx.job.id, room: ctx.job.room?.name });
  const metrics = new MetricsReporter(deps.metricsUrl);
  if (!meta.ok) {
    log.error({ reason: meta.reason }, 'refusing job: bad metadata');
    metrics.push({ kind: 'inc', name: 'parley_jobs_rejected_total', labels: { reason: 'bad_metadata' } });
    await metrics.flush();
    ctx.shutdown('bad metadata');
    return;
  }

  await ctx.connect();
  const participant = await Promise.race([
    ctx.waitForParticipant(),
    new Promise<null>((r) => setTimeout(() => r(null), config.PARLEY_JOIN_TIMEOUT_S * 1000).unref()),
  ]);
  if (participant === null) {
    log.warn({}, 'no participant joined in time: ending the job');
    ctx.shutdown('no participant');
    return;
  }
  const isSip = participant.kind === ParticipantKind.SIP;
  const sipAttributes = Object.fromEntries(
    Object.entries(participant.attributes ?? {}).filter(([k]) => k.startsWith('sip.')),
  );

  const recorder = await startRecording({ ctx, config, participant, meta: meta.value, log });
  const { session, tts, turnDetector } = createVoiceSession(config, deps.vad);
  const controller = new JobController({
    ctx,
    config,
    session,
    tts,
    turnDetector,
    participant,
    isSip,
    sipAttributes,
    log,
    metrics,
    recorder,
  });
  const agent = new ParleyAgent(controller);
  controller.agent = agent;
  await session.start({
    agent,
    room: ctx.room,
    inputOptions: { participantIdentity: participant.identity, audioSampleRate: INPUT_SAMPLE_RATE },
  });
  await controller.run(meta.value);
}
