import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * The tests' one Server-Sent Events reader (eventsource-parser underneath). `sseReader` follows a live
 * stream and decodes each event's data (JSON by default); `sseMessages` splits a complete SSE text (e.g. an
 * OpenAI-style stream ending in `data: [DONE]`) into raw messages.
 */
export interface SseEvent {
  id: string | undefined;
  event: string | undefined;
  data: any;
}

/** Every message of a complete SSE text, data left as text. */
export function sseMessages(text: string): EventSourceMessage[] {
  const out: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (m) => out.push(m) });
  parser.feed(text);
  return out;
}

/** `next()` resolves with the next event (or null at the end). */
export function sseReader(body: ReadableStream<Uint8Array>, decode: (data: string) => any = JSON.parse) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const pending: SseEvent[] = [];
  const parser = createParser({
    onEvent: (m) => pending.push({ id: m.id, event: m.event, data: decode(m.data) }),
  });
  let ended = false;

  return {
    async next(): Promise<SseEvent | null> {
      while (pending.length === 0) {
        if (ended) return null;
        const { value, done } = await reader.read();
        if (done) ended = true;
        else parser.feed(decoder.decode(value, { stream: true }));
      }
      return pending.shift()!;
    },
    /** Reads until an event matches (returns it) — every event read is also returned in `seen`. */
    async until(pred: (e: SseEvent) => boolean, seen: SseEvent[] = []): Promise<SseEvent> {
      for (;;) {
        const e = await this.next();
        if (!e)
          throw new Error(
            `stream ended before the expected event; saw ${seen.map((x) => x.event).join(',')}`,
          );
        seen.push(e);
        if (pred(e)) return e;
      }
    },
    cancel: () => reader.cancel(),
  };
}
