import { isAnswerNode, type AnswerNode, type Blueprint, type CaptureField } from '../../blueprint/schema.js';
import type { PromptContext } from '../participant.js';
import { hashString, intIn, pick, seededRandom, type Rng } from './random.js';
import type { Persona, PersonaStyle } from './schema.js';
import type { PersonaStats, SimParticipant } from './stats.js';
import { branchValues } from './thresholds.js';
import { naturalChoice, naturalRating, naturalYesNo, type IntendedLine } from './intended.js';
import type { FieldValue } from '../../engine/types.js';

/**
 * Scripted personas: a generator of answers per node type (question / yes_no / choice / rating /
 * consent) and style, seeded by run index so that a simulation is reproducible. Also the deterministic
 * fallback of the model-played persona of the same style.
 */
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
/** Number values that take a blueprint branch, by capture field name (see thresholds.ts). */
type BranchValues = Readonly<Record<string, readonly number[]>>;

function captureSentence(rng: Rng, capture: Record<string, CaptureField>, branch: BranchValues = {}): string {
  const parts: string[] = [];
  for (const [name, field] of Object.entries(capture)) {
    const label = (field.description ?? name.replace(/_/g, ' ')).toLowerCase();
    switch (field.type) {
      case 'number': {
        const min = field.min ?? 0;
        const max = Math.min(field.max ?? min + 20, min + 20);
        const hits = (branch[name] ?? []).filter(
          (v) => v >= min && (field.max === undefined || v <= field.max),
        );
        // Now and then a value that takes the blueprint's branch on this field (e.g. under two years).
        const n = hits.length > 0 && rng() < 0.25 ? pick(rng, hits) : intIn(rng, min, Math.max(min, max));
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

function cooperativeAnswer(rng: Rng, node: AnswerNode, attempt: number, branch: BranchValues): string {
  if (attempt > 0) return `${pick(rng, EXAMPLES)} ${pick(rng, REASONS)}`;
  return [
    pick(rng, OPENINGS),
    `${pick(rng, TOPICS)}.`,
    captureSentence(rng, node.capture, branch),
    pick(rng, REASONS),
  ]
    .filter((s) => s !== '')
    .join(' ');
}

/** A typed answer and the value the persona means by it (the last one stated wins). */
function typedAnswer(rng: Rng, node: AnswerNode, style: PersonaStyle, yesRate: number): IntendedLine | null {
  switch (node.type) {
    case 'yes_no': {
      const yes = rng() < yesRate;
      if (style === 'contradicting')
        return { text: yes ? 'Yes. Well, actually no.' : 'No. Hmm, actually yes.', value: !yes };
      if (style === 'terse') return { text: yes ? 'Yes.' : 'No.', value: yes };
      if (style === 'rambling')
        return {
          text: `${pick(rng, FILLER)} ${yes ? 'yes, I would say yes' : 'no, not really'}.`,
          value: yes,
        };
      return naturalYesNo(rng, yes);
    }
    case 'choice': {
      const first = pick(rng, node.options);
      if (style === 'contradicting') {
        const second = pick(rng, node.options);
        return { text: `${first}. Or maybe ${second}, actually.`, value: node.multiple ? [second] : second };
      }
      if (node.multiple && style !== 'terse' && rng() < 0.5) {
        const second = pick(
          rng,
          node.options.filter((o) => o !== first),
        );
        return { text: `${first} and ${second}.`, value: [first, second] };
      }
      if (style === 'terse') return { text: `${first}.`, value: node.multiple ? [first] : first };
      return naturalChoice(rng, node);
    }
    case 'rating': {
      if (style === 'contradicting') {
        const v = intIn(rng, node.scale.min, node.scale.max);
        const w = intIn(rng, node.scale.min, node.scale.max);
        return { text: `${v}, no wait, ${w}.`, value: w };
      }
      if (style === 'terse') {
        const v = intIn(rng, node.scale.min, node.scale.max);
        return { text: `${v}.`, value: v };
      }
      return naturalRating(rng, node);
    }
    case 'question':
      return null;
  }
}

/** A persona's own answer pool for this prompt (by question key, then node id), if it has one. */
export function pooledAnswer(rng: Rng, persona: Persona, ctx: PromptContext): string | undefined {
  for (const name of [ctx.key, ctx.nodeId]) {
    if (name === null || !Object.hasOwn(persona.answers, name)) continue;
    const pool = persona.answers[name];
    return Array.isArray(pool) ? pick(rng, pool) : (pool as string);
  }
  return undefined;
}

/** One scripted participant of one simulated run. */
export class PersonaParticipant implements SimParticipant {
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

  stats(): PersonaStats {
    return { mode: 'scripted', model: null, calls: 0, retries: 0, fallbacks: 0 };
  }

  /** The value meant by the last typed answer said at each node. */
  readonly intended: Record<string, FieldValue> = {};

  /** The scripted answer to this prompt (synchronous; advances the seeded generator). */
  answer(ctx: PromptContext): string {
    const { rng, persona } = this;
    const style = persona.style;
    // Persona-provided pools win.
    const pooled = pooledAnswer(rng, persona, ctx);
    if (pooled !== undefined) return pooled;
    if (ctx.nodeType === 'consent') {
      if (style === 'refusing' && rng() < 0.25) return "No, I don't want to be recorded.";
      return style === 'terse' ? 'Yes.' : 'Yes, that is fine.';
    }
    const node = ctx.nodeId === null ? undefined : this.blueprint.graph.nodes[ctx.nodeId];
    if (node === undefined || !isAnswerNode(node)) return 'Okay.';
    if (style === 'off_topic' && rng() < 0.4) return pick(rng, OFF_TOPIC);
    if (style === 'refusing' && rng() < 0.45) return pick(rng, REFUSALS);
    const typed = typedAnswer(rng, node, style, this.yesRate);
    if (typed !== null) {
      if (ctx.nodeId !== null) this.intended[ctx.nodeId] = typed.value;
      return typed.text;
    }
    const branch = this.branchValues(node);
    switch (style) {
      case 'terse': {
        const cap = captureSentence(rng, node.capture, branch);
        return cap !== ''
          ? cap.replace('In short, ', '')
          : pick(rng, ['It varies.', 'Fine, mostly.', 'Not much.', 'Manual work.']);
      }
      case 'rambling':
        return [
          pick(rng, FILLER),
          pick(rng, FILLER),
          cooperativeAnswer(rng, node, ctx.attempt, branch),
          pick(rng, FILLER),
          'anyway, that is roughly it.',
        ].join(' ');
      case 'contradicting': {
        const a = cooperativeAnswer(rng, node, ctx.attempt, branch);
        const b = captureSentence(rng, node.capture, branch);
        return b !== ''
          ? `${a} Actually, let me correct that. ${b}`
          : `${a} Actually, no, it is the opposite.`;
      }
      default:
        return cooperativeAnswer(rng, node, ctx.attempt, branch);
    }
  }

  private readonly branches = new Map<string, BranchValues>();

  private branchValues(node: AnswerNode): BranchValues {
    let b = this.branches.get(node.key);
    if (b === undefined) {
      b = Object.fromEntries(
        Object.keys(node.capture).map((name) => [name, branchValues(this.blueprint, node.key, name)]),
      );
      this.branches.set(node.key, b);
    }
    return b;
  }

  close(): void {}
}
