import type { voice } from '@livekit/agents';
import type { Logger } from 'pino';
import { request } from 'undici';
import type { WorkerConfig } from '../../config/worker.js';

/**
 * SIP dial-in: the caller types the interview PIN on the keypad (digits, then `#`); the store resolves it
 * to a run. After `MAX_PIN_ATTEMPTS` unknown PINs the caller hears a goodbye.
 */

const MAX_PIN_ATTEMPTS = 3;
const TEXTS = {
  pinPrompt: 'Welcome. Please enter your interview PIN on your keypad, followed by the pound key.',
  pinWrong: 'Sorry, that PIN was not recognised. Please try again, followed by the pound key.',
  pinGoodbye: 'Sorry, I could not find your interview. Please check your PIN and call again. Goodbye.',
};

/** `POST /internal/pins/resolve {pin}` → `{run_id}` (404 when the PIN is unknown, expired or used up). */
export async function resolvePin(config: WorkerConfig, pin: string): Promise<string | null> {
  try {
    const res = await request(`${config.PARLEY_STORE_URL.replace(/\/+$/, '')}/internal/pins/resolve`, {
      method: 'POST',
      headers: { 'x-agent-secret': config.PARLEY_AGENT_SECRET, 'content-type': 'application/json' },
      body: JSON.stringify({ pin }),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const body = (await res.body.json().catch(() => null)) as { run_id?: unknown } | null;
    if (res.statusCode >= 200 && res.statusCode < 300 && typeof body?.run_id === 'string') return body.run_id;
    return null;
  } catch {
    return null;
  }
}

export interface PinCollectorOptions {
  config: WorkerConfig;
  session: voice.AgentSession;
  /** The job's current logger. */
  log: () => Logger;
  interruptSpeech: () => Promise<void>;
}

export class PinCollector {
  private digits = '';
  private attempts = 0;
  private waiter: ((runId: string | null) => void) | null = null;

  constructor(private readonly opts: PinCollectorOptions) {}

  /** Prompt for the PIN; resolves with the run id, or null (after the goodbye) once the attempts are used up. */
  async collect(): Promise<string | null> {
    const { session } = this.opts;
    session.say(TEXTS.pinPrompt, { allowInterruptions: true, addToChatCtx: false });
    const runId = await new Promise<string | null>((resolve) => (this.waiter = resolve));
    if (runId === null) {
      this.opts.log().warn({ attempts: this.attempts }, 'dial-in: PIN attempts exhausted, hanging up');
      const h = session.say(TEXTS.pinGoodbye, { allowInterruptions: false, addToChatCtx: false });
      await h.waitForPlayout();
    }
    return runId;
  }

  /** One DTMF digit: collect digits, resolve the PIN on `#`. */
  async onDigit(digit: string): Promise<void> {
    if (digit !== '#') {
      if (/^[0-9]$/.test(digit) && this.digits.length < 32) this.digits += digit;
      return;
    }
    const pin = this.digits;
    this.digits = '';
    if (pin === '') return;
    const runId = await resolvePin(this.opts.config, pin);
    if (runId !== null) {
      this.opts.log().info({ run_id: runId }, 'dial-in: PIN accepted');
      this.waiter?.(runId);
      return;
    }
    this.attempts += 1;
    this.opts.log().info({ attempt: this.attempts, pii: { pin } }, 'dial-in: PIN not recognised');
    if (this.attempts >= MAX_PIN_ATTEMPTS) this.waiter?.(null);
    else {
      await this.opts.interruptSpeech();
      this.opts.session.say(TEXTS.pinWrong, { allowInterruptions: true, addToChatCtx: false });
    }
  }
}
