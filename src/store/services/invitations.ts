import { ParleyError } from '../../errors/parley-error.js';
import { EMAIL_ADDRESS, EMAIL_MAX } from '../api/common.js';
import { isStatusIn, OPEN_STATUSES } from '../api/run-status.js';
import type { StoreDeps } from '../deps.js';
import type { EmailRow } from '../email/outbox.js';
import { invitationEmail } from '../email/invitation.js';
import type { RunRow } from '../repos/runs.js';
import { emit } from './live.js';

export function assertEmail(address: string, path: string): void {
  if (address.length > EMAIL_MAX || !EMAIL_ADDRESS.test(address)) {
    throw new ParleyError('INVALID_EMAIL', `${path}: not an email address`, {
      issues: [{ path, message: 'not an email address' }],
    });
  }
}

/** Queues the invitation email of `run` (its join link, or the dial-in number and PIN) and records `invited_at`. */
export async function inviteByEmail(deps: StoreDeps, run: RunRow, message?: string): Promise<RunRow> {
  if (!deps.config.emailEnabled) {
    throw new ParleyError(
      'EMAIL_NOT_CONFIGURED',
      'invitation emails need PARLEY_SMTP_URL and PARLEY_EMAIL_FROM on the store',
    );
  }
  if (
    !isStatusIn(run.status, OPEN_STATUSES) ||
    run.status === 'active' ||
    run.status === 'awaiting_consent'
  ) {
    throw new ParleyError('CONFLICT', `run ${run.id} is ${run.status}: there is nobody left to invite`);
  }
  const to = run.participant.email;
  if (!to) {
    throw new ParleyError('INVALID_EMAIL', 'participant.email: the run has no participant email to invite', {
      issues: [{ path: 'participant.email', message: 'required to send an invitation' }],
    });
  }
  assertEmail(to, 'participant.email');
  const mail = invitationEmail({
    participantName: run.participant.name,
    title: run.blueprintName,
    channel: run.channel === 'sip' ? 'sip' : 'webrtc',
    joinUrl: run.joinUrl,
    dialInNumber: deps.config.dialInNumber ?? null,
    dialInPin: run.dialInPin,
    expiresAt: run.expiresAt,
    message,
  });
  const now = deps.clock.now();
  await deps.repos.emails.enqueue(
    {
      organizationId: run.organizationId,
      testMode: run.testMode,
      runId: run.id,
      kind: 'invitation',
      to,
      ...mail,
    },
    now,
  );
  const row = await deps.repos.runs.update(run.id, { invitedAt: new Date(now), updatedAt: new Date(now) });
  deps.onEmailQueued?.();
  return row ?? run;
}

/** The SMTP server took the email: `email_sent_at`, and a run still waiting for its participant → `invited`. */
export async function invitationSent(deps: StoreDeps, email: EmailRow): Promise<void> {
  const at = new Date(email.sentAtMs ?? deps.clock.now());
  const run = await deps.repos.runs.byId(email.runId);
  await deps.repos.runs.update(run.id, { emailSentAt: at, updatedAt: at });
  const moved = await deps.repos.runs.update(run.id, { status: 'invited', updatedAt: at }, [
    'awaiting_participant',
  ]);
  await emit(deps, run.id, [
    { type: 'invitation_sent', data: { channel: 'email', sent_at: at.toISOString() } },
    ...(moved ? [{ type: 'status', data: { status: 'invited', previous_status: run.status } }] : []),
  ]);
}
