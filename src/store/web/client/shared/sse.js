// Server-Sent Events over fetch (EventSource cannot send an Authorization header). Resumes with
// Last-Event-ID after a dropped connection; stops when `shouldStop` says so or on close().

import { createParser } from 'eventsource-parser';

/**
 * @typedef {{ type: string, id: string | null, data: string }} SseMessage
 */

/**
 * Splits an SSE byte stream into messages (eventsource-parser; events without data are skipped).
 * @param {ReadableStream<Uint8Array>} body
 * @param {(m: SseMessage) => void} onMessage
 */
async function readSse(body, onMessage) {
  const parser = createParser({
    onEvent: (e) => onMessage({ type: e.event ?? 'message', id: e.id ?? null, data: e.data }),
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    parser.feed(decoder.decode(value, { stream: true }));
  }
}

/**
 * Follows an SSE endpoint with a bearer key, reconnecting (with Last-Event-ID) until stopped.
 * @param {{ url: string, key: string, onMessage: (m: SseMessage) => void, onError?: (e: unknown, status: number | null) => boolean }} opts
 *   `onError` returns true to keep retrying.
 * @returns {{ close(): void }}
 */
export function followSse(opts) {
  const ctrl = new AbortController();
  let lastId = '';
  let closed = false;
  let delay = 500;
  const loop = async () => {
    while (!closed) {
      let status = null;
      try {
        /** @type {Record<string, string>} */
        const headers = { authorization: `Bearer ${opts.key}`, accept: 'text/event-stream' };
        if (lastId) headers['last-event-id'] = lastId;
        const res = await fetch(opts.url, { headers, signal: ctrl.signal, cache: 'no-store' });
        status = res.status;
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        delay = 500;
        await readSse(res.body, (m) => {
          if (m.id) lastId = m.id;
          opts.onMessage(m);
        });
        // The server ends the stream after a final status: nothing more will come.
        return;
      } catch (e) {
        if (closed) return;
        if (opts.onError && !opts.onError(e, status)) return;
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 8000);
    }
  };
  void loop();
  return {
    close() {
      closed = true;
      ctrl.abort();
    },
  };
}
