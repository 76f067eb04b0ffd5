import type { EndReason } from './types.js';
import type { Ctx } from './context.js';
import { render } from './context.js';

/**
 * Fixed texts the engine speaks when the blueprint has none. Blueprint texts (intro_message,
 * outro_message, end node text) always win and are rendered with templates.
 */
export const DEFAULT_TEXTS = {
  intro: 'Hello{{participant.name}}, thank you for taking the time to talk with me today.',
  consent_request:
    'Before we begin: this conversation is recorded and transcribed so the team can review it. Is that okay with you?',
  outro: "That's everything I wanted to ask. Thank you so much for your time!",
  time_limit: "We're out of time, so let's stop here. Thank you so much for your time!",
  participant_ended: 'Of course, we can stop here. Thank you for your time today!',
  consent_refused: "Understood, we won't go ahead with the interview. Thank you for your time, goodbye.",
  idle: "It seems we've lost you, so I'll end the interview here. Thank you for your time!",
  idle_prompt:
    'Are you still there? Take your time, and let me know if you would like me to repeat the question.',
  welcome_back: "Welcome back{{participant.name}}! Let's pick up where we left off.",
} as const;

/** Defaults greet by name when known: "Hello Dana, thank you ..." / "Hello, thank you ...". */
function renderDefault(ctx: Ctx, text: string): string {
  const name = ctx.s.run.participant.name?.trim();
  return text.replace('{{participant.name}}', name ? ` ${name}` : '');
}

export function introText(ctx: Ctx): string {
  const custom = ctx.bp.settings.intro_message;
  return custom !== undefined ? render(ctx, custom) : renderDefault(ctx, DEFAULT_TEXTS.intro);
}

export function consentRequestText(ctx: Ctx, nodeText?: string): string {
  return nodeText !== undefined ? render(ctx, nodeText) : DEFAULT_TEXTS.consent_request;
}

export function welcomeBackText(ctx: Ctx): string {
  return renderDefault(ctx, DEFAULT_TEXTS.welcome_back);
}

export function idlePromptText(): string {
  return DEFAULT_TEXTS.idle_prompt;
}

/**
 * The outro for each end reason: `completed` uses the end node's text, else settings.outro_message,
 * else the default; `time_limit` and `participant_ended` use outro_message or their own default;
 * `consent_refused` and `idle` always use their fixed texts.
 */
export function outroText(ctx: Ctx, reason: EndReason, endNodeText?: string): string {
  const custom = ctx.bp.settings.outro_message;
  switch (reason) {
    case 'completed':
      if (endNodeText !== undefined) return render(ctx, endNodeText);
      return custom !== undefined ? render(ctx, custom) : DEFAULT_TEXTS.outro;
    case 'time_limit':
      return custom !== undefined ? render(ctx, custom) : DEFAULT_TEXTS.time_limit;
    case 'participant_ended':
      return custom !== undefined ? render(ctx, custom) : DEFAULT_TEXTS.participant_ended;
    case 'consent_refused':
      return DEFAULT_TEXTS.consent_refused;
    case 'idle':
      return DEFAULT_TEXTS.idle;
    case 'error':
      return DEFAULT_TEXTS.participant_ended;
  }
}
