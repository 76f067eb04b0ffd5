/** The invitation email of one run: built only from that run's own fields (nothing of another run). */
export interface InvitationInput {
  participantName: string;
  /** The interview's name as the blueprint calls it. */
  title: string;
  channel: 'webrtc' | 'sip';
  joinUrl: string | null;
  dialInNumber: string | null;
  dialInPin: string | null;
  expiresAt: Date | null;
  /** The caller's own words, put before the link. */
  message?: string | undefined;
}

export function invitationEmail(i: InvitationInput): { subject: string; body: string } {
  const lines = [`Hello ${i.participantName},`, ''];
  if (i.message) lines.push(i.message.trim(), '');
  lines.push(`You are invited to an interview: ${i.title}.`);
  if (i.channel === 'sip') {
    lines.push(
      '',
      i.dialInNumber ? `Call ${i.dialInNumber} and enter your PIN when asked: ${i.dialInPin ?? ''}` : '',
      i.dialInNumber ? '' : `Your PIN: ${i.dialInPin ?? ''}`,
    );
  } else if (i.joinUrl) {
    lines.push('', 'Join from your browser (a microphone is all you need):', i.joinUrl);
  }
  if (i.expiresAt) lines.push('', `The invitation is valid until ${i.expiresAt.toUTCString()}.`);
  lines.push('', 'Thank you.');
  return {
    subject: `Your interview: ${i.title}`,
    body: lines.filter((l, n, all) => !(l === '' && all[n - 1] === '')).join('\n') + '\n',
  };
}
