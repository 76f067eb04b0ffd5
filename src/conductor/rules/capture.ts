import type { CaptureField } from '../../blueprint/schema.js';
import type { FieldValue } from '../../engine/types.js';
import { captureEnum } from './capture-enum.js';
import { captureNumber, unitWords } from './capture-number.js';
import { escapeRegExp, plain } from './text.js';

/**
 * Capture fields from an answer, offline. Heuristics, by field type:
 * - boolean: the field's keywords (words of its name, e.g. `uses_spreadsheets` → "spreadsheets", plus a
 *   few synonyms such as "excel") mentioned → true, negated nearby ("we don't use spreadsheets") → false;
 *   on a yes_no node, a single boolean field takes the yes/no answer when no keyword is mentioned.
 * - number (capture-number.ts): numbers and number words; a mention followed by the field's unit word
 *   (years, percent, people, …) and scoped like the field ("in this role" / "in total") wins; a lone
 *   number is never taken when followed by another unit ("forty engineers" is not years); with
 *   `restate`, a follow-up answer replaces an earlier value only when it restates the field.
 * - enum (capture-enum.ts): fuzzy match of the options plus synonyms ("VP"/"vice president" → vp,
 *   "director of …" → director, "CTO"/"founder" → c_level, "golang" → go, "rust" → other).
 * - string: a capitalised phrase after a cue word — "at"/"for"/"with"/"joined" for company-like
 *   fields, "called"/"named"/"using"/"tried" for tools and products, "I'm a …"/"as a …" for titles.
 *   Limits: it needs capitalisation (speech-to-text usually provides it for names), finds one phrase,
 *   and cannot tell a company from a city; LLM mode does this properly.
 */

const GENERIC_NAME_PARTS = new Set([
  'uses',
  'use',
  'used',
  'has',
  'have',
  'had',
  'is',
  'was',
  'did',
  'does',
  'within',
  'months',
  'month',
  'years',
  'year',
  'days',
  'the',
  'a',
  'of',
  'in',
  'at',
  'by',
  'to',
  'and',
  'or',
  'num',
  'number',
  'count',
  'total',
  'any',
]);

const BOOLEAN_SYNONYMS: Record<string, readonly string[]> = {
  spreadsheets: ['spreadsheet', 'excel', 'google sheet', 'google sheets', 'sheets', 'airtable', 'csv'],
  left: [
    'left',
    'quit',
    'resigned',
    'moved on',
    'was laid off',
    'departed',
    'changed jobs',
    'changed job',
    'switched jobs',
    'moved jobs',
    'moves',
    'job change',
  ],
  remote: ['remote', 'from home', 'wfh'],
  manager: ['manage', 'managing', 'manager', 'reports', 'my team'],
};

const NEGATION_NEAR =
  /\b(not|no|never|nobody|none|nothing|neither|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|hadn'?t|aren'?t|isn'?t|wasn'?t|weren'?t|won'?t|wouldn'?t|can'?t|cannot|without|stopped|stop|anymore|any more)\b/;

export type Captured = Record<string, FieldValue>;

export interface CaptureContext {
  /** The node is a yes_no node and the answer parsed as this. */
  yesNo?: boolean | undefined;
  /**
   * Number fields that already have a value at this visit: a follow-up answer replaces it only when it
   * clearly restates the field (its unit word or its scope), so "forty engineers" after "six years in
   * the role" does not become years_in_role = 40.
   */
  restate?: ReadonlySet<string> | undefined;
}

export function captureFields(
  capture: Readonly<Record<string, CaptureField>>,
  utterance: string,
  ctx: CaptureContext = {},
): Captured {
  const out: Captured = {};
  const takenNumbers = new Set<number>();
  const entries = Object.entries(capture);
  const booleanCount = entries.filter(([, f]) => f.type === 'boolean').length;
  // Numbers with a unit match first so that a unit-less field does not steal them.
  const ordered = [...entries].sort(([a, fa], [b, fb]) => unitRank(b, fb) - unitRank(a, fa));
  for (const [name, field] of ordered) {
    switch (field.type) {
      case 'boolean': {
        const v = captureBoolean(name, field.description, utterance);
        if (v !== undefined) out[name] = v;
        else if (ctx.yesNo !== undefined && booleanCount === 1) out[name] = ctx.yesNo;
        break;
      }
      case 'number': {
        const v = captureNumber(name, field, utterance, takenNumbers, {
          restate: ctx.restate?.has(name) === true,
        });
        if (v !== undefined) out[name] = v;
        break;
      }
      case 'enum': {
        const v = captureEnum(field.options, utterance);
        if (v !== undefined) out[name] = v;
        break;
      }
      case 'string': {
        const v = captureString(name, field.description, utterance);
        if (v !== undefined) out[name] = v;
        break;
      }
    }
  }
  return out;
}

function unitRank(name: string, field: CaptureField): number {
  return field.type === 'number' && unitWords(name, field.description).length > 0 ? 1 : 0;
}

function nameParts(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[_-]+|(?<=[a-z])(?=[A-Z])/)
    .filter((p) => p.length >= 3 && !GENERIC_NAME_PARTS.has(p) && !/^\d+$/.test(p));
}

export function captureBoolean(
  name: string,
  description: string | undefined,
  utterance: string,
): boolean | undefined {
  const text = plain(utterance);
  const keywords = new Set<string>();
  for (const part of nameParts(name)) {
    keywords.add(part);
    keywords.add(part.replace(/s$/, ''));
    for (const s of BOOLEAN_SYNONYMS[part] ?? []) keywords.add(s);
  }
  if (keywords.size === 0 && description !== undefined) {
    for (const w of plain(description).split(' ')) if (w.length >= 5) keywords.add(w);
  }
  let result: boolean | undefined;
  for (const k of keywords) {
    const m = new RegExp(`\\b${escapeRegExp(k)}s?\\b`).exec(text);
    if (m === null) continue;
    // Negation within the clause before the keyword (up to 6 words): "we don't really use spreadsheets".
    const before =
      text
        .slice(0, m.index)
        .split(/\b(but|and|though|however|although)\b/)
        .at(-1) ?? '';
    const window = before.split(' ').filter(Boolean).slice(-6).join(' ');
    const after = text
      .slice(m.index + m[0].length)
      .split(' ')
      .filter(Boolean)
      .slice(0, 2)
      .join(' ');
    // Negations cancel in pairs: "it's not that we don't use spreadsheets" uses them.
    const count = window.split(' ').filter((w) => NEGATION_NEAR.test(w)).length;
    const negated = count % 2 === 1 || /^(anymore|any more)\b/.test(after);
    result = !negated;
    break;
  }
  if (result === undefined && keywords.size > 0) {
    // "Do you use spreadsheets?" style answers that only say yes/no are handled by the caller.
    return undefined;
  }
  return result;
}

const COMPANY_FIELD = /company|employer|organi[sz]ation|org|firm|agency|customer|client|school|university/;
const TOOL_FIELD = /tool|product|vendor|software|platform|app|competitor|solution|service|brand|name/;
const TITLE_FIELD = /title|role|position|job/;
const ROLE_ACRONYM = /^(CEO|CTO|CFO|COO|CMO|CIO|CISO|CPO|VP|SVP|EVP|IC|HR|PM|EM)$/;
const ROLE_NOUN =
  /\b(director|manager|engineer|vp|head|lead|chief|officer|analyst|designer|president|founder|consultant|developer|scientist|architect|partner|associate|specialist|CEO|CTO|CFO|COO)\b/i;
/** A capitalised phrase: words starting with an upper-case letter or digit, joined by spaces, &, of, and. */
const PROPER = String.raw`((?:[A-Z][\w.&'-]*|\d[\w.-]*)(?:[ \t]+(?:&[ \t]+|of[ \t]+|and[ \t]+|de[ \t]+)?(?:[A-Z][\w.&'-]*|\d[\w.-]*))*)`;

export function captureString(
  name: string,
  description: string | undefined,
  utterance: string,
): string | undefined {
  const hay = `${name} ${description ?? ''}`.toLowerCase();
  const tryCues = (cues: string): string | undefined => {
    const m = new RegExp(String.raw`\b(?:${cues})\s+(?:the\s+|a\s+|an\s+)?${PROPER}`).exec(utterance);
    return m?.[1] !== undefined ? clean(m[1]) : undefined;
  };
  if (TITLE_FIELD.test(name.toLowerCase())) {
    const stop = String.raw`(?=\s+(?:at|for|in|with|on|called|since|of\s+(?:a|an|the|my|our)\b)|\s*[—–]|\s-\s|[,.;]|$)`;
    // Every cue in turn: "I'm at Northbank, … my title is Director of Payments" has its title second.
    const cues = utterance.matchAll(
      new RegExp(
        String.raw`\b(?:i'?m|i am|work(?:ing)? as|as|my title is|title is|role is)\s+(?:an?\s+|the\s+)?([A-Za-z][\w\s-]{1,60}?)${stop}`,
        'gi',
      ),
    );
    let nth = 0;
    for (const m of cues) {
      const t = m[1];
      // A later cue must name a role ("… as I said" is no title).
      if (t !== undefined && !/^(not|just|also|currently|still|working|in|at|with|on|been)\b/i.test(t))
        if (nth === 0 || ROLE_NOUN.test(t)) return clean(t);
      nth += 1;
    }
    const lead = new RegExp(String.raw`^([A-Z][\w\s-]{1,60}?)${stop}`).exec(utterance.trim());
    if (lead?.[1] !== undefined && ROLE_NOUN.test(lead[1])) return clean(lead[1]);
    return undefined;
  }
  if (COMPANY_FIELD.test(hay)) {
    const v = tryCues('at|for|with|joined|join|from|called|named');
    if (v !== undefined && !ROLE_ACRONYM.test(v)) return v;
  }
  if (TOOL_FIELD.test(hay)) {
    const v = tryCues('called|named|using|use|used|tried|try|with|switched to|moved to|chose|picked|bought');
    if (v !== undefined) return v;
  }
  // Fallback: the first capitalised phrase that does not start a sentence.
  const re = new RegExp(String.raw`(?<![.!?]\s)(?<!^)(?<=\s)${PROPER}`, 'g');
  for (const m of utterance.matchAll(re)) {
    const v = m[1] !== undefined ? clean(m[1]) : undefined;
    if (
      v !== undefined &&
      !/^(I|I'm|I've|I'd|OK|Okay)$/.test(v) &&
      !ROLE_ACRONYM.test(v) &&
      !ROLE_NOUN.test(v)
    )
      return v;
  }
  return undefined;
}

function clean(s: string): string | undefined {
  const v = s.trim().replace(/[.,;:!?]+$/, '');
  return v.length === 0 || v.length > 100 ? undefined : v;
}
