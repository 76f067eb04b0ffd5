import { AudioFrame } from '@livekit/rtc-node';

/**
 * Regroups an audio stream into frames of `frameMs` (the last one may be shorter), each with its own
 * exactly-sized buffer.
 *
 * Why: the Deepgram plugin sends audio in 100 ms chunks and builds them with the framework's
 * `AudioByteStream`, which copies its whole pending buffer through a JS array on every write. Fed the
 * input's 10 ms frames, that is ~180k element copies a second per interview — the biggest single cost in a
 * job process after Silero's inference (CPU profile of the latency bench). Fed 100 ms frames, each chunk is
 * copied once. The chunk boundaries are the ones the plugin would cut itself (both count from the start of
 * the stream), so nothing reaches the provider later than before.
 *
 * A change of sample rate or channel count closes the current frame early. Audio is never dropped: what is
 * pending when the input ends comes out as a final short frame.
 */
export async function* audioChunks(
  input: AsyncIterable<AudioFrame>,
  frameMs: number,
): AsyncGenerator<AudioFrame, void, undefined> {
  let rate = 0;
  let channels = 0;
  let buf = new Int16Array(0);
  let filled = 0;
  const emit = (): AudioFrame => {
    const frame = new AudioFrame(buf.slice(0, filled), rate, channels, filled / channels);
    filled = 0;
    return frame;
  };
  for await (const frame of input) {
    if (frame.sampleRate !== rate || frame.channels !== channels) {
      if (filled > 0) yield emit();
      rate = frame.sampleRate;
      channels = frame.channels;
      buf = new Int16Array(Math.max(1, Math.round((rate * frameMs) / 1000)) * channels);
    }
    let data = frame.data;
    while (data.length > 0) {
      const take = Math.min(data.length, buf.length - filled);
      buf.set(data.subarray(0, take), filled);
      filled += take;
      data = data.subarray(take);
      if (filled === buf.length) yield emit();
    }
  }
  if (filled > 0) yield emit();
}
