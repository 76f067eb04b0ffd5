import { clauses, stem } from './polarity.js';
import { normalize } from './text.js';
import { questionFrame, readYesNo, type YesNoReading } from './yes-no-question.js';

/**
 * A yes / no question that asks two things at once ("can you confirm that you don't work for Globex,
 * and that you won't share anything confidential?") is read part by part: each clause of the answer goes
 * to the part whose own words it uses, and each part is read on its own, so "yeah, I do some freelance
 * work for Globex, but nothing confidential" is a no to the first part — the "but" of the second part
 * does not outweigh it. Any part denied → no (uncertain when a yes was also said); every part the answer
 * speaks to confirmed → yes; a part spoken to without a readable stance ("confidential stuff, I'd be
 * careful") → unclear. An answer that speaks to one part only is read against the whole question.
 */
export function readYesNoAnswer(utterance: string, question: string): YesNoReading {
  const parts = questionParts(question);
  if (parts.length < 2) return readYesNo(utterance, question);
  const frames = parts.map((p) => questionFrame(p));
  const own = frames.map((f, i) => {
    const others = new Set(frames.filter((_, j) => j !== i).flatMap((g) => [...g.stems.keys()]));
    return new Set([...f.stems.keys()].filter((s) => !others.has(s) && !GENERIC.has(s)));
  });
  const cs = clauses(utterance);
  const byPart = parts.map(() => [] as string[]);
  // A clause without a part's own words belongs with the part spoken to just before it in the same
  // sentence ("the confidential bit — well, it depends").
  let last: { part: number[]; sentence: number } | undefined;
  for (const c of cs) {
    const stems = new Set(c.tokens.map((t) => stem(t)));
    const hit = own.flatMap((o, i) => ([...o].some((s) => stems.has(s)) ? [i] : []));
    const to = hit.length > 0 ? hit : last !== undefined && last.sentence === c.sentence ? last.part : [];
    for (const i of to) byPart[i]!.push(c.tokens.join(' '));
    if (hit.length > 0) last = { part: hit, sentence: c.sentence };
  }
  const spoken = byPart.map((b, i) => ({ i, text: b.join('. ') })).filter((b) => b.text !== '');
  if (spoken.length < 2) return readYesNo(utterance, question);
  const readings = spoken.map((b) => readYesNo(b.text, parts[b.i]!));
  const whole = readYesNo(utterance, question);
  const denied = readings.some((r) => r.type === 'no');
  if (denied) {
    // Certain only when the whole answer, read at once, also says no; otherwise confirm first.
    const agrees = whole.type === 'no' && !cs.some((c) => c.bare === 'yes');
    return {
      type: 'no',
      confidence: agrees ? Math.min(0.9, whole.confidence) : 0.5,
      detail: `part by part: one part denied${agrees ? '' : ', against the whole reading'}`,
    };
  }
  if (readings.some((r) => r.type === 'unclear'))
    return { type: 'unclear', reason: 'one part of a two-part question was not answered clearly' };
  const confidence = Math.min(...readings.map((r) => (r.type === 'unclear' ? 0 : r.confidence)));
  return { type: 'yes', confidence, detail: 'part by part: every part confirmed' };
}

/** Stems too general to tell the parts apart. */
const GENERIC = new Set(['confirm', 'current', 'currentli', 'former', 'won', 'don']);

/** "…that you don't X, and that you won't Y": the parts of a question that asks two things. */
export function questionParts(question: string): string[] {
  const text = normalize(question);
  const parts = text.split(/,?\s+and that\s+/);
  return parts.length >= 2 && parts.every((p) => p.split(' ').length >= 3) ? parts : [text];
}
