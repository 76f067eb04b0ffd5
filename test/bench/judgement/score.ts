import type { FieldValue } from '../../../src/engine/types.js';
import type { Category, Expectation } from './schema.js';

/**
 * Scoring of the judgement benchmark: pure functions over what the conductor + engine did (an
 * `Outcome`) and the label (`Expectation`).
 */
export interface Outcome {
  kind: string;
  value: FieldValue | undefined;
  /** Fields the interpretation captured (this turn). */
  fields: Record<string, FieldValue>;
  /** Fields pre-filled for later nodes. */
  laterFields: Record<string, Record<string, FieldValue>>;
  /** The engine asked a follow-up at the node. */
  followUp: boolean;
  /** The node current after the step, or `ended:<reason>`. */
  next: string;
  /** The engine asked the participant to confirm (`ask_confirmation`) instead of routing. */
  confirmation: boolean;
  confidence: number;
}

/** What the scorer needs to know about the blueprint around a case. */
export interface RouteContext {
  /** The case's node. */
  node: string;
  /** The node's capture field names. */
  captureNames: readonly string[];
  /** End-type node ids of the blueprint. */
  endNodes: ReadonlySet<string>;
  /** Required answer-taking node ids. */
  requiredNodes: ReadonlySet<string>;
}

export interface CaseScore {
  kind: boolean;
  /** null: the label states no typed value. */
  value: boolean | null;
  /** null: the node has no capture fields and no later fields are labelled. */
  capture: boolean | null;
  route: boolean;
  decisiveMisroute: boolean;
  confirmation: boolean;
  followUp: { predicted: boolean; expected: boolean };
}

export function sameValue(actual: FieldValue | undefined, expected: FieldValue | undefined): boolean {
  if (expected === undefined) return actual === undefined;
  if (actual === undefined) return false;
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual) || expected.length !== actual.length) return false;
    const norm = (xs: readonly (string | number | boolean | null)[]) =>
      xs.map((x) => String(x).toLowerCase()).sort();
    const a = norm(actual);
    return norm(expected).every((x, i) => x === a[i]);
  }
  if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(expected - actual) < 1e-6;
  if (typeof expected === 'string' && typeof actual === 'string') {
    if (expected === '*') return actual.trim() !== '';
    return expected.trim().toLowerCase() === actual.trim().toLowerCase();
  }
  return expected === actual;
}

export function sameFields(
  names: readonly string[],
  actual: Record<string, FieldValue>,
  expected: Record<string, FieldValue>,
): boolean {
  return names.every((n) => sameValue(actual[n], expected[n]));
}

export function scoreCase(o: Outcome, e: Expectation, ctx: RouteContext): CaseScore {
  const later = e.later_fields ?? {};
  const laterOk = Object.entries(later).every(([node, fields]) =>
    sameFields(Object.keys(fields), o.laterFields[node] ?? {}, fields),
  );
  const hasCapture = ctx.captureNames.length > 0 || Object.keys(later).length > 0;
  const confirmed = o.confirmation;
  const route = confirmed ? e.expect_confirmation === true : o.next === e.next;
  // Decisive: into an end / knock-out (or ended) where the label does not go, or onto another branch
  // past the required question the label goes to. Asking to confirm is never a misroute.
  const intoEnd = o.next.startsWith('ended:') || ctx.endNodes.has(o.next);
  const skipsRequired = o.next !== ctx.node && ctx.requiredNodes.has(e.next) && e.next !== ctx.node;
  const decisiveMisroute = !confirmed && o.next !== e.next && (intoEnd || skipsRequired);
  return {
    kind: o.kind === e.kind,
    value: e.value === undefined ? null : sameValue(o.value, e.value),
    capture: hasCapture ? sameFields(ctx.captureNames, o.fields, e.fields) && laterOk : null,
    route,
    decisiveMisroute,
    confirmation: confirmed,
    followUp: { predicted: o.followUp, expected: e.follow_up },
  };
}

export interface Summary {
  cases: number;
  kind_accuracy: number;
  value_accuracy: number | null;
  value_cases: number;
  capture_accuracy: number | null;
  capture_cases: number;
  route_accuracy: number;
  decisive_misroutes: number;
  confirmations: number;
  probe_precision: number | null;
  probe_recall: number | null;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);

export function summarize(scores: readonly CaseScore[]): Summary {
  const count = (f: (s: CaseScore) => boolean) => scores.filter(f).length;
  const values = scores.filter((s) => s.value !== null);
  const captures = scores.filter((s) => s.capture !== null);
  const tp = count((s) => s.followUp.predicted && s.followUp.expected);
  const predicted = count((s) => s.followUp.predicted);
  const expected = count((s) => s.followUp.expected);
  return {
    cases: scores.length,
    kind_accuracy:
      ratio(
        count((s) => s.kind),
        scores.length,
      ) ?? 0,
    value_accuracy: ratio(values.filter((s) => s.value === true).length, values.length),
    value_cases: values.length,
    capture_accuracy: ratio(captures.filter((s) => s.capture === true).length, captures.length),
    capture_cases: captures.length,
    route_accuracy:
      ratio(
        count((s) => s.route),
        scores.length,
      ) ?? 0,
    decisive_misroutes: count((s) => s.decisiveMisroute),
    confirmations: count((s) => s.confirmation),
    // No follow-up predicted at all: precision is vacuous (1) only when none was expected either.
    probe_precision: predicted === 0 ? (expected === 0 ? null : 0) : ratio(tp, predicted),
    probe_recall: ratio(tp, expected),
  };
}

export function byCategory<T extends { category: Category; score: CaseScore }>(
  rows: readonly T[],
): Map<Category, Summary> {
  const groups = new Map<Category, CaseScore[]>();
  for (const r of rows) groups.set(r.category, [...(groups.get(r.category) ?? []), r.score]);
  return new Map([...groups].map(([k, v]) => [k, summarize(v)]));
}
