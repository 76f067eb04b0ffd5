/**
 * A place in a reply where the text before it is complete and can be spoken at once — the end of the
 * streamed acknowledgement. Speech synthesis splits text into sentences and holds a sentence back until
 * the next one has started; the rest of a reply can come much later (the assessment is still streaming),
 * so the voice pipeline ends its speech segment here instead of waiting. Not part of what is said.
 */
export const SPEECH_BREAK: unique symbol = Symbol('parley.speechBreak');
export type SpeechBreak = typeof SPEECH_BREAK;
export type SpeechPiece = string | SpeechBreak;

/**
 * A reply's text: iterated, the text alone (what is said and recorded); `withBreaks()`, the same text
 * with its speech breaks, for the voice pipeline. Both read the same source.
 */
export interface SpokenText extends AsyncIterable<string> {
  withBreaks(): AsyncIterable<SpeechPiece>;
}

/** The text of `pieces` without its breaks. */
export async function* textOf(pieces: AsyncIterable<SpeechPiece>): AsyncGenerator<string> {
  for await (const piece of pieces) if (piece !== SPEECH_BREAK) yield piece;
}

/** `pieces` as spoken text; read it once, either way (a generator is consumed by its reader). */
export function spokenText(pieces: AsyncIterable<SpeechPiece>): SpokenText {
  return {
    withBreaks: () => pieces,
    [Symbol.asyncIterator]: () => textOf(pieces)[Symbol.asyncIterator](),
  };
}

/** The pieces of any text: its breaks when it has them, else its chunks. */
export function piecesOf(text: AsyncIterable<string>): AsyncIterable<SpeechPiece> {
  const withBreaks = (text as Partial<SpokenText>).withBreaks;
  return typeof withBreaks === 'function' ? withBreaks.call(text) : text;
}
