// Live captions of both sides. The agent publishes every transcription as a text stream on topic
// `lk.transcription` (@livekit/agents room_io): the sender identity is whose speech it is, the
// `lk.segment_id` attribute groups updates of one utterance, `lk.transcription_final` marks the last one.
// A stream either carries the whole text of an update (interim/final user transcripts) or deltas of the
// agent's speech as it plays: each new stream of a segment replaces its text, chunks append.
import { h } from '../shared/dom.js';

export const TOPIC = 'lk.transcription';

/**
 * @typedef {{ id: string, who: 'agent' | 'you', text: string, final: boolean, el: HTMLElement, textEl: HTMLElement }} Segment
 */

export class Captions {
  /** @param {HTMLElement} log  an element with role="log" */
  constructor(log) {
    this.log = log;
    /** @type {Map<string, Segment>} */
    this.segments = new Map();
  }

  /**
   * Reads one text stream into its segment.
   * @param {{ info: { id: string, attributes?: Record<string, string> }, [Symbol.asyncIterator](): AsyncIterator<string> }} reader
   * @param {'agent' | 'you'} who
   */
  async read(reader, who) {
    const attrs = reader.info.attributes ?? {};
    const id = attrs['lk.segment_id'] || reader.info.id;
    const seg = this.segment(id, who);
    seg.text = '';
    seg.final = attrs['lk.transcription_final'] === 'true';
    this.render(seg);
    try {
      for await (const chunk of reader) {
        seg.text += chunk;
        this.render(seg);
      }
    } catch {
      // the stream was cut (participant left): keep what arrived
    }
    if (who === 'agent') seg.final = true;
    this.render(seg);
  }

  /**
   * @param {string} id
   * @param {'agent' | 'you'} who
   * @returns {Segment}
   */
  segment(id, who) {
    let seg = this.segments.get(id);
    if (!seg) {
      const textEl = h('span', { class: 'caption-text' });
      const el = h(
        'p',
        { class: `caption caption-${who}`, 'data-who': who },
        h('span', { class: 'caption-who' }, who === 'agent' ? 'Interviewer: ' : 'You: '),
        textEl,
      );
      seg = { id, who, text: '', final: false, el, textEl };
      this.segments.set(id, seg);
      this.log.append(el);
    }
    return seg;
  }

  /** @param {Segment} seg */
  render(seg) {
    seg.textEl.textContent = seg.text;
    seg.el.classList.toggle('interim', !seg.final);
    seg.el.hidden = seg.text.trim() === '';
    this.log.scrollTop = this.log.scrollHeight;
  }
}
