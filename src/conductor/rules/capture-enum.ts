import { parseChoice } from './choice.js';
import { readChoice } from './option-concepts.js';
import { escapeRegExp, plain } from './text.js';

/**
 * Enum capture, offline: fuzzy match of the options plus synonyms ("VP"/"vice president" → vp,
 * "director of …" → director, "CTO"/"founder" → c_level, "golang" → go, "rust" → other).
 */
const ENUM_SYNONYMS: Record<string, readonly string[]> = {
  vp: ['vp', 'vice president', 'svp', 'evp', 'head of'],
  director: ['director', 'directors'],
  manager: ['manager', 'team lead', 'lead a team', 'manage a team', 'managing a team', 'engineering lead'],
  c_level: [
    'ceo',
    'cto',
    'cfo',
    'coo',
    'cmo',
    'cio',
    'ciso',
    'cpo',
    'chief',
    'founder',
    'co founder',
    'c level',
    'c suite',
    'president',
  ],
  individual_contributor: [
    'individual contributor',
    'ic',
    'engineer',
    'developer',
    'analyst',
    'designer',
    'scientist',
    'specialist',
    'consultant',
    'architect',
  ],
  decision_maker: [
    'decision maker',
    'made the decision',
    'made the call',
    'final decision',
    'final say',
    'signed off',
    'sign off',
    'budget holder',
    'i decided',
    'my call',
    'i approved',
    'signed the contract',
    'my decision',
  ],
  influencer: [
    'influence',
    'influencer',
    'recommended',
    'recommendation',
    'advised',
    'advisor',
    'gave input',
    'my input',
  ],
  evaluator: [
    'evaluated',
    'evaluator',
    'evaluation team',
    'ran the trial',
    'tested',
    'proof of concept',
    'poc',
    'pilot',
    'compared',
    'assessed',
    'ran the evaluation',
  ],
  end_user: ['end user', 'user', 'use it', 'day to day', 'daily'],
  typescript: ['typescript', 'ts', 'javascript', 'node', 'nodejs', 'react', 'js'],
  python: ['python', 'django', 'flask', 'pandas'],
  go: ['golang'],
  java: ['java', 'kotlin', 'spring', 'jvm'],
  other: [
    'rust',
    'c++',
    'c#',
    'ruby',
    'php',
    'scala',
    'swift',
    'elixir',
    'haskell',
    'perl',
    'dotnet',
    '.net',
  ],
};

export function captureEnum(options: readonly string[], utterance: string): string | undefined {
  const text = ` ${plain(utterance).replace(/-/g, ' ')} `;
  let best: { option: string; at: number; length: number } | undefined;
  for (const option of options) {
    const key = option.toLowerCase();
    const phrases = [key.replace(/_/g, ' '), ...(ENUM_SYNONYMS[key] ?? [])];
    for (const phrase of phrases) {
      const re = new RegExp(`(^|[^a-z0-9+#.])${escapeRegExp(phrase)}(s|es)?(?=[^a-z0-9+#]|$)`);
      const m = re.exec(text);
      if (m === null) continue;
      // "go" alone is a verb far more often than a language.
      if (
        key === 'go' &&
        phrase === 'go' &&
        !/\b(in|with|using|mostly|mainly|primarily|and) go\b|\bgo (and|mostly|lang)\b/.test(text)
      )
        continue;
      // Earliest mention wins; at the same place the longer (more specific) phrase wins.
      if (best === undefined || m.index < best.at || (m.index === best.at && phrase.length > best.length)) {
        best = { option, at: m.index, length: phrase.length };
      }
    }
  }
  if (best !== undefined) return best.option;
  const fuzzy = parseChoice(
    utterance,
    options.map((o) => o.replace(/_/g, ' ')),
    false,
  );
  const read =
    fuzzy.type === 'match'
      ? fuzzy
      : readChoice(
          utterance,
          options.map((o) => o.replace(/_/g, ' ')),
          false,
        );
  if (read.type === 'match') {
    const idx = options.findIndex((o) => o.replace(/_/g, ' ') === read.values[0]);
    return idx >= 0 ? options[idx] : undefined;
  }
  return undefined;
}
