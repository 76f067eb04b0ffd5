import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

interface Message {
  type: string;
  id: string | null;
  data: string;
}

/** The browser module's surface (it is JavaScript checked by the client tsconfig, so typed here). */
interface SseModule {
  followSse(opts: {
    url: string;
    key: string;
    onMessage: (m: Message) => void;
    onError?: (e: unknown, status: number | null) => boolean;
  }): { close(): void };
}
const CLIENT = '../../../src/store/web/client/shared/sse.js';

it("the observer page's SSE client parses messages split across chunks and resumes with Last-Event-ID", async () => {
  const requests: IncomingMessage[] = [];
  server = createServer((req, res) => {
    requests.push(req);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (requests.length === 1) {
      // CRLF line ends, a comment, a message cut mid-field, then the connection drops
      res.write(': hello\r\n\r\nevent: status\r\nid: 7\r\nda');
      res.write('ta: {"a":1}\r\n\r\n', () => res.destroy());
      return;
    }
    res.write('data: line one\ndata: line two\n\n');
    res.write('id: 9\n\n'); // no data: not a message
    res.end('event: end\ndata: {}\n\n');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/live`;

  const { followSse }: SseModule = await import(CLIENT);
  const messages: Message[] = [];
  const errors: unknown[] = [];
  await new Promise<void>((resolve) => {
    followSse({
      url,
      key: 'pk_test',
      onMessage: (m: Message) => {
        messages.push(m);
        if (m.type === 'end') resolve();
      },
      onError: (e: unknown) => {
        errors.push(e);
        return true;
      },
    });
  });

  expect(messages).toEqual([
    { type: 'status', id: '7', data: '{"a":1}' },
    { type: 'message', id: null, data: 'line one\nline two' },
    { type: 'end', id: null, data: '{}' },
  ]);
  expect(errors).toHaveLength(1);
  expect(requests.map((r) => r.headers.authorization)).toEqual(['Bearer pk_test', 'Bearer pk_test']);
  expect(requests[0]!.headers['last-event-id']).toBeUndefined();
  expect(requests[1]!.headers['last-event-id']).toBe('7');
});
