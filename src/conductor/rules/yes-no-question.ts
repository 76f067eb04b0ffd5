import { clauseShape } from '../../nlp/clause.js';
import { clauses, negatorCount, stem, type Clause } from './polarity.js';
import { normalize } from './text.js';
import {
  STOP,
  ANTONYMS,
  CORRECTION,
  CORRECTION_ANYWHERE,
  AGREE,
  NO_OBJECTION,
  DENY_ECHO,
  HEDGE,
  UNCLEAR,
  UNDO,
  isEcho,
  NEEDS_PERMIT,
  HAS_PERMIT,
  QUESTION_NEGATOR,
  PRESENT_FRAME,
  CONFIRM_LEAD,
} from './yes-no-lexicon.js';
import { parseYesNo } from './yes-no.js';

/**
 * A yes / no answer read against the question that was asked. The question's proposition decides
 * what a stated fact means: to "Can you confirm that you don't work for Globex?", "No, I'm not
 * affiliated with Globex" confirms (the clause denies what the question denies), and to "Are you
 * planning to cancel?", "we're staying" is a no (an antonym of the question's verb). Each clause that
 * is about the question (shares a word with it, names its opposite, or only echoes it: "I do", "never
 * have", "nothing like that") gives a reading; bare interjections count only where no clause does,
 * and a bare "no" next to a negated clause is its echo ("Not that I'm aware of, no"). A self-correction
 * ("yes — wait, no, …") keeps the last stance; after "but", the contrast wins.
 *
 * Every reading carries a confidence: double negatives, a bare "no" to a negatively framed question,
 * readings that disagree, and readings only the surface patterns found are uncertain, so a decisive
 * route on them is confirmed first (engine confirm.ts).
 */

export type YesNoReading =
  { type: 'yes' | 'no'; confidence: number; detail: string } | { type: 'unclear'; reason: string };

interface QuestionFrame {
  /** Content stems of the question → is the stem under a negation in the question? */
  stems: Map<string, boolean>;
  /** The question's main proposition is negated ("confirm that you don't …"). */
  negated: boolean;
  /** The question's own words (so "non-compete" in the question is not a negation in the answer). */
  words: Set<string>;
  /** Antonym stem → the question stem it opposes. */
  opposites: Map<string, string>;
  /** Stems only in a subordinate part ("including not sharing …"): never what a clause is about. */
  minor: Set<string>;
  /** The question asks about a right to work: permits and visas are read as answers. */
  permit: boolean;
  /** The question asks about now ("currently", "at the moment"): a past-tense fact is not a yes. */
  present: boolean;
}

export function questionFrame(question: string): QuestionFrame {
  const stems = new Map<string, boolean>();
  const words = new Set<string>();
  const major = new Set<string>();
  const minorSeen = new Set<string>();
  let negated = false;
  const qs = clauses(question);
  for (const c of qs) for (const t of c.tokens) words.add(t);
  for (const c of qs) {
    const subordinate = ['including', 'except', 'excluding', 'other', 'without'].includes(c.tokens[0] ?? '');
    let neg = false;
    c.tokens.forEach((t, i) => {
      if (QUESTION_NEGATOR.test(t)) {
        neg = true;
        if (!subordinate) negated = true;
        return;
      }
      if (t === 'no' && c.tokens[i + 1] !== undefined) {
        neg = true;
        return;
      }
      for (const part of [t, ...(t.includes('-') ? t.split('-') : [])]) {
        if (STOP.has(part) || part.length < 3) continue;
        const s = stem(part);
        if (!stems.has(s)) stems.set(s, neg);
        (subordinate ? minorSeen : major).add(s);
      }
    });
  }
  const opposites = new Map<string, string>();
  for (const [q, opp] of ANTONYMS)
    if (stems.has(stem(q))) for (const o of opp) opposites.set(stem(o), stem(q));
  const minor = new Set([...minorSeen].filter((s) => !major.has(s)));
  const permit = [...stems.keys()].some((k) => /^(author|elig|permit)/.test(k));
  return {
    stems,
    negated,
    words,
    opposites,
    minor,
    permit,
    present: PRESENT_FRAME.test(normalize(question)),
  };
}

interface Reading {
  value: boolean;
  index: number;
  source: 'about' | 'opposite' | 'echo' | 'agree' | 'bare';
  doubleNegative: boolean;
}

function readClause(clause: Clause, index: number, frame: QuestionFrame): Reading | undefined {
  const lead = CONFIRM_LEAD.exec(clause.tokens.join(' '));
  const c =
    lead === null ? clause : { ...clause, tokens: clause.tokens.slice(lead[0].trim().split(' ').length) };
  const text = c.tokens.join(' ');
  // "Cancel? Nah, not at this point": the question's word echoed back as a question is no stance.
  if (c.question === true && c.bare === undefined && c.tokens.length <= 2) return undefined;
  if (c.bare !== undefined) return { value: c.bare === 'yes', index, source: 'bare', doubleNegative: false };
  if (AGREE.test(text) || NO_OBJECTION.test(text))
    return { value: true, index, source: 'agree', doubleNegative: false };
  // "Never", "not really, no": an echo that denies what was asked. "Never actually bought one" is a
  // statement about something else (bought ≠ tried): it is read like any other clause.
  const echo = DENY_ECHO.exec(text);
  if (echo !== null && text.slice(echo[0].length).trim().split(' ').filter(Boolean).length <= 2)
    return { value: frame.negated, index, source: 'echo', doubleNegative: false };
  const n = negatorCount(c.tokens, frame.words);
  const shape = clauseShape(text);
  // "I was at Globex years ago", "I sold my shares" to a question about now: a past fact, not a yes.
  const positive = n % 2 === 0 && !(n === 0 && frame.present && shape.past);
  const doubleNegative = n >= 2;
  // To "are you authorised to work …?": holding a permit is a yes, needing one a no.
  if (frame.permit) {
    const held = HAS_PERMIT.test(text) ? true : NEEDS_PERMIT.test(text) ? false : undefined;
    if (held !== undefined) return { value: held === (n % 2 === 0), index, source: 'about', doubleNegative };
  }
  // "Confidential stuff": a topic without a verb or a negation states nothing about the question.
  if (!shape.hasVerb && n === 0) return undefined;
  const parts = c.tokens.flatMap((t) => (t.includes('-') && !frame.words.has(t) ? t.split('-') : [t]));
  for (const t of parts) {
    const q = frame.opposites.get(stem(t));
    if (q !== undefined)
      return { value: positive === (frame.stems.get(q) ?? false), index, source: 'opposite', doubleNegative };
  }
  for (const t of parts) {
    if (STOP.has(t) || t.length < 3 || frame.minor.has(stem(t))) continue;
    const negatedInQuestion = frame.stems.get(stem(t));
    if (negatedInQuestion !== undefined)
      return { value: positive !== negatedInQuestion, index, source: 'about', doubleNegative };
  }
  // "No current ties", "no agreement of that kind": a short denial by "no" + noun.
  if (c.tokens[0] === 'no' && c.tokens.length <= 5)
    return { value: frame.negated, index, source: 'echo', doubleNegative: false };
  if (isEcho(c.tokens)) return { value: positive !== frame.negated, index, source: 'echo', doubleNegative };
  return undefined;
}

export function readYesNo(utterance: string, question: string): YesNoReading {
  const text = normalize(utterance);
  if (text.replace(/[^a-z0-9]/g, '') === '') return { type: 'unclear', reason: 'empty answer' };
  const frame = questionFrame(question);
  const cs = clauses(utterance);
  let readings = cs.flatMap((c, i) => {
    const r = readClause(c, i, frame);
    return r === undefined ? [] : [r];
  });
  // A self-correction keeps what follows the last correction that is followed by a reading.
  const corrections = cs
    .map((c, i) =>
      CORRECTION.test(c.tokens.join(' ')) || CORRECTION_ANYWHERE.test(c.tokens.join(' ')) ? i : -1,
    )
    .filter((i) => i >= 0);
  let flipped = false;
  let from = 0;
  for (const at of [...corrections].reverse()) {
    const after = readings.filter((r) => r.index >= at);
    if (after.length > 0 && after.length < readings.length) {
      const before = readings.filter((r) => r.index < at);
      flipped = before.some((b) => b.value !== after[after.length - 1]!.value);
      readings = after;
      from = at;
      break;
    }
  }
  // "I have a standard NDA, but it doesn't cover this": a negated "it / that" after "but" takes back
  // the reading of the clause before it.
  cs.forEach((c, i) => {
    if (!c.contrast || readings.some((r) => r.index === i)) return;
    if (!UNDO.test(c.tokens.join(' ')) || negatorCount(c.tokens, frame.words) % 2 === 0) return;
    const k = readings.findIndex((r) => r.index === i - 1 && r.source === 'about');
    if (k >= 0 && cs[i - 1]!.sentence === c.sentence)
      readings[k] = { ...readings[k]!, value: !readings[k]!.value, index: i };
  });
  // After "but", the contrast wins within its sentence.
  const contrast = cs.findLastIndex((c, i) => c.contrast && readings.some((r) => r.index >= i));
  if (contrast > 0) from = Math.max(from, contrast);
  if (contrast > 0)
    readings = readings.filter(
      (r) => r.index >= contrast || cs[r.index]!.sentence !== cs[contrast]!.sentence,
    );
  // "No objections. None at all.": a denial right after an agreement by negation echoes it.
  readings = readings.map((r, k) => {
    const prev = readings[k - 1];
    const echoOfAgreement =
      r.source === 'echo' &&
      prev?.source === 'agree' &&
      DENY_ECHO.test(cs[r.index]!.tokens.join(' ')) &&
      /\b(no|not|don't|never)\b/.test(cs[prev.index]!.tokens.join(' '));
    return echoOfAgreement ? { ...r, value: prev.value } : r;
  });
  const content = readings.filter((r) => r.source !== 'bare');
  // A double negative anywhere in the turn makes the reading uncertain (unless a plain yes / no backs it).
  const doubleNegative =
    readings.some((r) => r.doubleNegative) ||
    cs.some(
      (c, i) => i >= from && !DENY_ECHO.test(c.tokens.join(' ')) && negatorCount(c.tokens, frame.words) >= 2,
    );
  // A bare "no" beside a negated clause echoes it; otherwise bare tokens answer when nothing else does.
  const bare = readings.filter(
    (r) => r.source === 'bare' && !(r.value === false && echoesNegation(cs, r.index, frame)),
  );
  const deciding = content.length > 0 ? content : bare;
  if (deciding.length === 0) {
    // Paired negations: "No, I'm not going anywhere" — the bare no and the negated clause say the
    // same thing, so the no stands (not to a negatively framed question, where a no is ambiguous).
    const paired = readings.some(
      (r) => r.source === 'bare' && r.value === false && echoesNegation(cs, r.index, frame),
    );
    if (paired && !frame.negated && !UNCLEAR.test(text) && !HEDGE.test(text))
      return { type: 'no', confidence: 0.9, detail: 'bare no paired with a negated clause' };
    // "I wouldn't say there's nothing else": negations that cancel out state the positive, uncertainly.
    const lead = cs.find((c) => c.bare === undefined);
    const n = lead === undefined ? 0 : negatorCount(lead.tokens, frame.words);
    if (n >= 2 && n % 2 === 0 && !UNCLEAR.test(text))
      return { type: frame.negated ? 'no' : 'yes', confidence: 0.7, detail: 'double negative, surface' };
    // Nothing about the question and the participant says they are unsure: no surface guess.
    if (UNCLEAR.test(text) || /\b(don'?t|do not) (really )?know\b/.test(text))
      return { type: 'unclear', reason: 'the answer was not a clear yes or no' };
    return fallback(utterance);
  }
  if (UNCLEAR.test(text) && !AGREE.test(text))
    return { type: 'unclear', reason: 'the answer was not a clear yes or no' };
  const value = deciding[deciding.length - 1]!.value;
  const agree = deciding.every((r) => r.value === value);
  const supported = bare.some((r) => r.value === value) || deciding.some((r) => r.source === 'agree');
  let confidence = 0.95;
  let detail = deciding.map((r) => r.source).join('+');
  if (!agree) {
    confidence = 0.5;
    detail += ', conflicting';
  } else if (content.length === 0 && frame.negated && value === false) {
    confidence = 0.6;
    detail += ', bare no to a negatively framed question';
  } else if (doubleNegative && !supported) {
    confidence = 0.7;
    detail += ', double negative';
  } else if (content.length > 0 && bare.some((r) => r.value !== value)) {
    confidence = 0.6;
    detail += ', bare token disagrees';
  } else if (HEDGE.test(text)) {
    confidence = 0.75;
    detail += ', hedged';
  } else if (flipped) {
    confidence = 0.85;
    detail += ', self-corrected';
  }
  // Only inferred from the other side named ("I'm done with visas" to "are you authorised?"), with no
  // yes / no or agreement to back it: an inference, so a decisive route on it is confirmed.
  const saidBare = readings.some((r) => r.source === 'bare' && r.value === value);
  if (deciding.every((r) => r.source === 'opposite') && !supported && !saidBare && confidence > 0.75) {
    confidence = 0.75;
    detail += ', inferred from an opposite';
  }
  return { type: value ? 'yes' : 'no', confidence, detail };
}

function echoesNegation(cs: readonly Clause[], index: number, frame: QuestionFrame): boolean {
  const sentence = cs[index]?.sentence;
  const near = cs.filter((c) => c.bare === undefined && c.sentence === sentence);
  return near.some((c) => negatorCount(c.tokens, frame.words) > 0 || DENY_ECHO.test(c.tokens.join(' ')));
}

/** Nothing in the answer is about the question: the surface reading, never certain. */
function fallback(utterance: string): YesNoReading {
  const r = parseYesNo(utterance);
  if (r.type === 'unclear') return r;
  return { type: r.type, confidence: 0.7, detail: 'surface reading only' };
}
