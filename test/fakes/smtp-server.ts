import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message (headers, blank line, body), as the client sent it. */
  raw: string;
  headers: Record<string, string>;
  body: string;
}

export interface SmtpReceiver {
  url: string;
  mails: ReceivedMail[];
  /** Refuse the next `n` messages with this SMTP reply code (e.g. 451 temporary, 550 permanent). */
  refuseNext(n: number, code: number): void;
  waitForMails(n: number): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (no TLS, no auth) that keeps every message it accepts. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let refuse = { n: 0, code: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse.n > 0) {
          refuse.n -= 1;
          const err = Object.assign(new Error('refused by the test'), { responseCode: refuse.code });
          done(err);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
        const headers: Record<string, string> = {};
        for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          headers,
          body: rest.join('\n\n'),
        });
        for (const w of waiters.splice(0)) {
          if (mails.length >= w.n) w.resolve();
          else waiters.push(w);
        }
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuseNext(n, code) {
      refuse = { n, code };
    },
    waitForMails(n) {
      if (mails.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
