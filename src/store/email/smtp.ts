import { createTransport } from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}
/** ok, or why not; `permanent` when the server refused for good (5xx: bad mailbox), so no retry. */
export type SendResult = { ok: true } | { ok: false; error: string; permanent: boolean };
export interface EmailSender {
  send(e: OutgoingEmail): Promise<SendResult>;
  close(): void;
}

/** Sends through the SMTP server of `url` (smtp:// or smtps://, credentials in the URL) with nodemailer. */
export function createSmtpSender(url: string, from: string, timeoutMs = 15_000): EmailSender {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const transport = createTransport({
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username
      ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }
      : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(e) {
      try {
        await transport.sendMail({ from, to: e.to, subject: e.subject, text: e.text });
        return { ok: true };
      } catch (err) {
        const code = (err as { responseCode?: unknown }).responseCode;
        const permanent = typeof code === 'number' && code >= 500;
        return { ok: false, error: String((err as Error).message ?? err).slice(0, 300), permanent };
      }
    },
    close: () => transport.close(),
  };
}
