/** A minimal Server-Sent Events reader for tests: `next()` resolves with the next event (or null at the end). */
export interface SseEvent {
  id: string | undefined;
  event: string | undefined;
  data: any;
}

export function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const pending: SseEvent[] = [];
  let ended = false;

  const parse = () => {
    let idx: number;
    while ((idx = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, idx);
      buffer = buffer.slice(idx + 2);
      const ev: { id?: string; event?: string; data: string[] } = { data: [] };
      for (const line of frame.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') ev.id = value;
        else if (field === 'event') ev.event = value;
        else if (field === 'data') ev.data.push(value);
      }
      if (ev.data.length > 0)
        pending.push({ id: ev.id, event: ev.event, data: JSON.parse(ev.data.join('\n')) });
    }
  };

  return {
    async next(): Promise<SseEvent | null> {
      while (pending.length === 0) {
        if (ended) return null;
        const { value, done } = await reader.read();
        if (done) ended = true;
        else buffer += decoder.decode(value, { stream: true });
        parse();
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
