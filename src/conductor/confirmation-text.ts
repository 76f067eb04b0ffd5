import type { EngineAction, FieldValue } from '../engine/types.js';

/**
 * The words of a confirmation before a decisive route ("Just so I have this right: you don't have any
 * ties to that company — correct?"), from the question and the pending value. Used by both conductors
 * (fixed text: no model call on the critical path).
 */
type AskConfirmation = Extract<EngineAction, { type: 'ask_confirmation' }>;

/** Yes/no question openings turned into statements: [pattern, affirmative, negative]. */
const OPENINGS: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/^do you\b/i, 'you', "you don't"],
  [/^does (it|this|that|he|she|your \w+)\b/i, '$1', "$1 doesn't"],
  [/^did you\b/i, 'you did', "you didn't"],
  [/^are you\b/i, 'you are', "you aren't"],
  [/^were you\b/i, 'you were', "you weren't"],
  [/^have you\b/i, 'you have', "you haven't"],
  [/^has (it|this|that|your \w+)\b/i, '$1 has', "$1 hasn't"],
  [/^would you\b/i, 'you would', "you wouldn't"],
  [/^will you\b/i, 'you will', "you won't"],
  [/^can you\b/i, 'you can', "you can't"],
  [/^could you\b/i, 'you could', "you couldn't"],
  [/^is there\b/i, 'there is', "there isn't"],
  [/^are there\b/i, 'there are', "there aren't"],
  [/^is (it|this|that|your \w+)\b/i, '$1 is', "$1 isn't"],
];

/** The last sentence that is a question ("Thanks. Do you …?" → "Do you …?"). */
function lastQuestion(text: string): string {
  const sentences = text.match(/[^.?!]+[.?!]?/g) ?? [text];
  const q = sentences.filter((s) => s.trim().endsWith('?')).at(-1) ?? sentences.at(-1) ?? text;
  return q.trim();
}

function fromYesNo(question: string, yes: boolean): string | undefined {
  const q = lastQuestion(question).replace(/\?$/, '');
  for (const [re, aff, neg] of OPENINGS) {
    if (!re.test(q)) continue;
    const statement = q.replace(re, yes ? aff : neg);
    return (statement.charAt(0).toLowerCase() + statement.slice(1)).replace(/\s+/g, ' ');
  }
  return undefined;
}

function list(value: FieldValue): string {
  if (Array.isArray(value)) return value.map(String).join(' and ');
  return String(value);
}

function fieldsText(fields: Record<string, FieldValue>): string | undefined {
  const parts = Object.entries(fields).map(([k, v]) => `${k.replace(/_/g, ' ')}: ${list(v)}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** What the participant is taken to have said, as a clause. */
export function confirmationClause(action: AskConfirmation): string {
  const v = action.value;
  switch (action.node_type) {
    case 'yes_no': {
      const yes = v === true;
      return (
        fromYesNo(action.question_text, yes) ??
        `your answer to "${lastQuestion(action.question_text)}" is ${yes ? 'yes' : 'no'}`
      );
    }
    case 'choice':
      return v === undefined || v === null ? 'none of the options fits' : `your answer is ${list(v)}`;
    case 'rating':
      return v === undefined || v === null ? 'you gave no score' : `you'd give it a ${list(v)}`;
    case 'question': {
      const f = fieldsText(action.fields);
      if (f !== undefined) return `that's ${f}`;
      return action.summary !== undefined ? `you said "${action.summary}"` : 'I understood your answer';
    }
  }
}

export function confirmationText(action: AskConfirmation): string {
  const clause = confirmationClause(action);
  return action.repeat
    ? `Let me check once more: ${clause} — is that right, yes or no?`
    : `Just so I have this right: ${clause} — correct?`;
}
