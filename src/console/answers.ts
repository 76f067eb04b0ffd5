import { z } from 'zod';
import { loadDataFile, parseDataSource, zodValidator, type DataFileSpec } from '../files/load.js';
import type { ConsoleParticipant, PromptContext } from './participant.js';

/**
 * Scripted participants for `parley console --answers file.yaml`.
 *
 * ```yaml
 * participant_name: Dana          # optional; --participant-name wins
 * vars: { topic: payments }       # optional; --var wins
 * expect_path: [a, b, c]          # optional; --expect-path wins
 * answers:                        # EITHER a list, said in order whatever is asked …
 *   - "Yes, I confirm."
 *   - "I'm VP Payments at Acme, for four years."
 * answers:                        # … OR keyed by question key (node id also accepted); a list is used
 *   compliance: "Yes."            #     one utterance per prompt at that node (answer, then follow-ups)
 *   current_role: ["VP at Acme", "Four years."]
 * fallback: "Nothing to add."     # optional: said when a keyed list runs out (default: leave the call)
 * ```
 * A plain top-level list is also accepted. Keyed answers also match `consent` for consent prompts.
 */
const utterance = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

export const answersFileSchema = z.union([
  z.array(utterance).transform((answers) => ({ answers })),
  z.strictObject({
    participant_name: z.string().min(1).max(200).optional(),
    vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
    expect_path: z
      .union([z.array(z.string()), z.string().transform((s) => s.split(',').map((x) => x.trim()))])
      .optional(),
    answers: z.union([z.array(utterance), z.record(z.string(), z.union([utterance, z.array(utterance)]))]),
    fallback: z.string().optional(),
    description: z.string().optional(),
  }),
]);
export type AnswersFile = {
  participant_name?: string | undefined;
  vars?: Record<string, string> | undefined;
  expect_path?: string[] | undefined;
  answers: string[] | Record<string, string | string[]>;
  fallback?: string | undefined;
  description?: string | undefined;
};

export const MAX_ANSWERS_FILE_BYTES = 512 * 1024;

export const answersFile: DataFileSpec<AnswersFile> = {
  name: 'answers file',
  invalidCode: 'INVALID_ANSWERS',
  maxBytes: MAX_ANSWERS_FILE_BYTES,
  validate: zodValidator(answersFileSchema) as DataFileSpec<AnswersFile>['validate'],
};

/** Parse answers text (src/files: YAML_SYNTAX / INVALID_ANSWERS at file:line:col). */
export function parseAnswersSource(source: string, file: string): AnswersFile {
  return parseDataSource(answersFile, source, file);
}

export function loadAnswersFile(path: string): Promise<AnswersFile> {
  return loadDataFile(answersFile, path);
}

/** Says the scripted utterances; null (the participant leaves) when the script runs out. */
export class ScriptedParticipant implements ConsoleParticipant {
  readonly scripted = true;
  private index = 0;
  private readonly used = new Map<string, number>();

  constructor(private readonly file: Pick<AnswersFile, 'answers' | 'fallback'>) {}

  next(ctx: PromptContext): Promise<string | null> {
    const answers = this.file.answers;
    if (Array.isArray(answers)) {
      const a = answers[this.index];
      this.index += 1;
      return Promise.resolve(a ?? null);
    }
    const names = [ctx.key, ctx.nodeId].filter((n): n is string => n !== null && n !== undefined);
    for (const name of names) {
      if (!Object.hasOwn(answers, name)) continue;
      const entry = answers[name];
      const list = Array.isArray(entry) ? entry : [entry as string];
      const n = this.used.get(name) ?? 0;
      this.used.set(name, n + 1);
      const a = list[n];
      if (a !== undefined) return Promise.resolve(a);
      return Promise.resolve(this.file.fallback ?? null);
    }
    return Promise.resolve(this.file.fallback ?? null);
  }

  close(): void {}
}
