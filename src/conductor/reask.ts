/**
 * Leads for a question asked again, worded differently on each re-ask of the same visit (the engine's
 * `attempt`: 1 = first re-ask). Loop guards cap the re-asks (default 3), so three wordings per reason.
 */
const LEADS = {
  repeat: ['Of course.', 'Sure, here it is again.', 'No problem, one more time, slowly:'],
  clarify: [
    'Sure, let me put it another way.',
    'Let me try that differently.',
    "In other words — there's no right or wrong answer here:",
  ],
  unclear: [
    'Sorry, I just want to make sure I get this right.',
    "I didn't quite catch which it is.",
    'One last try, and a short answer is perfect:',
  ],
  denied: ['Sorry, my mistake — let me ask again.', "Thanks for correcting me. Let's try once more."],
} as const;

export type ReaskReason = keyof typeof LEADS;

export function reaskLead(reason: ReaskReason, attempt: number | undefined): string {
  const leads = LEADS[reason];
  const i = Math.max(0, (attempt ?? 1) - 1) % leads.length;
  return leads[i] ?? leads[0];
}
