import { readFile, stat } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { isAnswerNode, type AnswerNode, type Blueprint, type CaptureField } from '../blueprint/schema.js';
import { ParleyError } from '../errors/parley-error.js';
import type { ConsoleParticipant, PromptContext } from './participant.js';

/**
 * Simulated participants for `parley simulate`: scripted personas, each a generator of answers per node
 * type (question / yes_no / choice / rating / consent), seeded deterministically by run index so that a
 * simulation is reproducible.
 *
 * ```yaml
 * vars: { topic: payments }            # optional, for blueprints with required variables
 * personas:
 *   - { name: cooperative, style: cooperative, weight: 2 }
 *   - { name: terse, style: terse }
 *   - name: skeptic
 *     style: contradicting
 *     answers: { current_role: ["I'm a director at Acme for 3 years."] }   # optional per-key pools
 * ```
 * Styles: cooperative, terse, rambling, off_topic, refusing, contradicting.
 */
export const personaStyleSchema = z.enum([
  'cooperative',
  'terse',
  'rambling',
  'off_topic',
  'refusing',
  'contradicting',
]);
export type PersonaStyle = z.infer<typeof personaStyleSchema>;

const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);

export const personaSchema = z.strictObject({
  name: z.string().min(1).max(100),
  style: personaStyleSchema,
  description: z.string().max(1000).optional(),
  /** Relative share of the runs (default 1). */
  weight: z.number().int().min(1).max(100).default(1),
  /** Probability of "yes" for yes/no questions (default depends on the style). */
  yes_rate: z.number().min(0).max(1).optional(),
  /** Utterance pools by question key (or node id); one is picked per prompt. */
  answers: z.record(z.string(), z.union([text, z.array(text).min(1)])).default({}),
  participant_name: z.string().min(1).max(200).optional(),
  /** Variables for this persona's runs (override the file's `vars`). */
  vars: z.record(z.string(), text).default({}),
});
export type Persona = z.infer<typeof personaSchema>;

export const personasFileSchema = z.strictObject({
  description: z.string().optional(),
  vars: z.record(z.string(), text).default({}),
  personas: z.array(personaSchema).min(1),
});
export type PersonasFile = z.infer<typeof personasFileSchema>;

export const ALL_STYLES: readonly PersonaStyle[] = personaStyleSchema.options;

/** Every built-in style once: what `--personas` defaults to. */
export function defaultPersonas(): PersonasFile {
  return {
    vars: {},
    personas: ALL_STYLES.map((style) => ({
      name: style.replace('_', '-'),
      style,
      weight: 1,
      answers: {},
      vars: {},
    })),
  };
}

export function parsePersonasSource(source: string, file: string): PersonasFile {
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: false });
  const err = doc.errors[0];
  if (err !== undefined) {
    const pos = err.linePos?.[0] ?? { line: 1, col: 1 };
    throw new ParleyError('YAML_SYNTAX', `${file}:${pos.line}:${pos.col}: ${err.message.split('\n')[0]}`);
  }
  const parsed = personasFileSchema.safeParse(doc.toJS({ maxAliasCount: 50 }));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ParleyError(
      'INVALID_CONFIG',
      `${file}: invalid personas file\n${lines.join('\n')}`,
      parsed.error.issues,
    );
  }
  return parsed.data;
}

export async function loadPersonasFile(path: string): Promise<PersonasFile> {
  try {
    const info = await stat(path);
    if (info.size > 512 * 1024)
      throw new ParleyError('FILE_TOO_LARGE', `${path}: personas file is too large`);
  } catch (err) {
    if (err instanceof ParleyError) throw err;
    throw new ParleyError('FILE_NOT_FOUND', `${path}: personas file not found`);
  }
  return parsePersonasSource(await readFile(path, 'utf8'), path);
}

/** mulberry32: a small, fast, deterministic PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i += 1) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

type Rng = () => number;

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function intIn(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

const OPENINGS = ['Well,', 'So,', 'Honestly,', 'Right now,', 'In my experience,', 'At the moment,'];
const TOPICS = [
  'we handle most of it with a small team and a few shared tools',
  'it is a mix of manual work and a couple of internal systems',
  'I spend a good part of my week on exactly this',
  'our process changed a lot over the last two years',
  'it depends on the quarter, but the core of it stays the same',
];
const EXAMPLES = [
  'For example, last quarter we had to redo a whole report by hand.',
  'For instance, last month a customer escalation took three days to resolve.',
  'Specifically, we rebuilt the workflow in 2023 after a painful audit.',
  'One time a single missed email cost us a renewal.',
];
const REASONS = [
  'It matters because the team loses hours every week.',
  'That is important to me because it affects how customers see us.',
  'The reason is that mistakes there are expensive to fix later.',
  'Which meant we could finally plan ahead instead of reacting.',
];
const FILLER = [
  'I mean, it is hard to say exactly, there are so many moving parts,',
  'and, you know, when you think about it from the other side as well,',
  'to give you the whole picture, let me start a little earlier,',
  'and this connects to a lot of other things we do, honestly,',
];
const OFF_TOPIC = [
  'By the way, did you see the game last night?',
  'Are you a real person or a bot?',
  "What's the weather like where you are?",
  'By the way, how much are they paying me for this?',
];
const REFUSALS = [
  "I'd rather not answer that.",
  "I'd prefer not to say.",
  'Skip this one, please.',
  "I don't know.",
];

function optionWords(option: string): string {
  return option.replace(/_/g, ' ');
}

/** A sentence stating a plausible value for each capture field (numbers, enums, booleans). */
function captureSentence(rng: Rng, capture: Record<string, CaptureField>): string {
  const parts: string[] = [];
  for (const [name, field] of Object.entries(capture)) {
    const label = (field.description ?? name.replace(/_/g, ' ')).toLowerCase();
    switch (field.type) {
      case 'number': {
        const min = field.min ?? 0;
        const max = Math.min(field.max ?? min + 20, min + 20);
        const n = intIn(rng, min, Math.max(min, max));
        if (/year/.test(name) || /year/.test(label)) parts.push(`about ${n} years`);
        else if (/percent/.test(name)) parts.push(`roughly ${n} percent`);
        else if (/salary|price|cost|pay/.test(name)) parts.push(`around ${n * 5000}`);
        else parts.push(`about ${n} of them`);
        break;
      }
      case 'enum':
        parts.push(`my role is ${optionWords(pick(rng, field.options))}`);
        break;
      case 'boolean':
        if (rng() < 0.5) parts.push(`and yes, ${label}`);
        break;
      case 'string':
        break;
    }
  }
  return parts.length > 0 ? `In short, ${parts.join(', ')}.` : '';
}

function cooperativeAnswer(rng: Rng, node: AnswerNode, attempt: number): string {
  if (attempt > 0) return `${pick(rng, EXAMPLES)} ${pick(rng, REASONS)}`;
  return [
    pick(rng, OPENINGS),
    `${pick(rng, TOPICS)}.`,
    captureSentence(rng, node.capture),
    pick(rng, REASONS),
  ]
    .filter((s) => s !== '')
    .join(' ');
}

function typedAnswer(rng: Rng, node: AnswerNode, style: PersonaStyle, yesRate: number): string | null {
  switch (node.type) {
    case 'yes_no': {
      const yes = rng() < yesRate;
      if (style === 'contradicting') return yes ? 'Yes. Well, actually no.' : 'No. Hmm, actually yes.';
      if (style === 'terse') return yes ? 'Yes.' : 'No.';
      if (style === 'rambling')
        return `${pick(rng, FILLER)} ${yes ? 'yes, I would say yes' : 'no, not really'}.`;
      return yes ? 'Yes, that is right.' : 'No, not really.';
    }
    case 'choice': {
      const first = pick(rng, node.options);
      if (style === 'contradicting') {
        const second = pick(rng, node.options);
        return `${first}. Or maybe ${second}, actually.`;
      }
      if (node.multiple && style !== 'terse' && rng() < 0.5) {
        const second = pick(
          rng,
          node.options.filter((o) => o !== first),
        );
        return `${first} and ${second}.`;
      }
      return style === 'terse' ? `${first}.` : `I'd say ${first}.`;
    }
    case 'rating': {
      const v = intIn(rng, node.scale.min, node.scale.max);
      if (style === 'contradicting') return `${v}, no wait, ${intIn(rng, node.scale.min, node.scale.max)}.`;
      return style === 'terse' ? `${v}.` : `I would give it a ${v}.`;
    }
    case 'question':
      return null;
  }
}

/** One participant of one simulated run. */
export class PersonaParticipant implements ConsoleParticipant {
  readonly scripted = true;
  private readonly rng: Rng;
  private readonly yesRate: number;

  constructor(
    private readonly persona: Persona,
    private readonly blueprint: Blueprint,
    seed: number,
  ) {
    this.rng = seededRandom(hashString(persona.name) ^ seed);
    this.yesRate = persona.yes_rate ?? (persona.style === 'refusing' ? 0.4 : 0.7);
  }

  next(ctx: PromptContext): Promise<string | null> {
    return Promise.resolve(this.answer(ctx));
  }

  private answer(ctx: PromptContext): string {
    const { rng, persona } = this;
    const style = persona.style;
    // Persona-provided pools win.
    for (const name of [ctx.key, ctx.nodeId]) {
      if (name === null || !Object.hasOwn(persona.answers, name)) continue;
      const pool = persona.answers[name];
      return Array.isArray(pool) ? pick(rng, pool) : (pool as string);
    }
    if (ctx.nodeType === 'consent') {
      if (style === 'refusing' && rng() < 0.25) return "No, I don't want to be recorded.";
      return style === 'terse' ? 'Yes.' : 'Yes, that is fine.';
    }
    const node = ctx.nodeId === null ? undefined : this.blueprint.graph.nodes[ctx.nodeId];
    if (node === undefined || !isAnswerNode(node)) return 'Okay.';
    if (style === 'off_topic' && rng() < 0.4) return pick(rng, OFF_TOPIC);
    if (style === 'refusing' && rng() < 0.45) return pick(rng, REFUSALS);
    const typed = typedAnswer(rng, node, style, this.yesRate);
    if (typed !== null) return typed;
    switch (style) {
      case 'terse': {
        const cap = captureSentence(rng, node.capture);
        return cap !== ''
          ? cap.replace('In short, ', '')
          : pick(rng, ['It varies.', 'Fine, mostly.', 'Not much.', 'Manual work.']);
      }
      case 'rambling':
        return [
          pick(rng, FILLER),
          pick(rng, FILLER),
          cooperativeAnswer(rng, node, ctx.attempt),
          pick(rng, FILLER),
          'anyway, that is roughly it.',
        ].join(' ');
      case 'contradicting': {
        const a = cooperativeAnswer(rng, node, ctx.attempt);
        const b = captureSentence(rng, node.capture);
        return b !== ''
          ? `${a} Actually, let me correct that. ${b}`
          : `${a} Actually, no, it is the opposite.`;
      }
      default:
        return cooperativeAnswer(rng, node, ctx.attempt);
    }
  }

  close(): void {}
}

/** Run index → persona (weights expanded, round-robin), so every persona gets its share. */
export function personaForRun(file: PersonasFile, index: number): Persona {
  const expanded: Persona[] = [];
  for (const p of file.personas) for (let i = 0; i < p.weight; i += 1) expanded.push(p);
  return expanded[index % expanded.length] as Persona;
}
