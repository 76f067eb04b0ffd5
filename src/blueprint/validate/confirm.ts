import { isDecisiveEdge } from '../decisive.js';
import type { Blueprint } from '../schema.js';
import { warningAt, type BlueprintProblem } from './problems.js';

/**
 * Confirmation and FAQ checks.
 *
 *   CONFIRM_NOT_DECISIVE  warning: `confirm: uncertain | always` on an edge that is not decisive (its source
 *                         has no other edge, or it neither ends the interview nor skips a required question);
 *                         such an edge never asks for a confirmation (see src/blueprint/decisive.ts)
 *   DUPLICATE_FAQ         warning: two settings.faq entries with the same question (the first one answers)
 */
export function checkConfirmAndFaq(blueprint: Blueprint): BlueprintProblem[] {
  const problems: BlueprintProblem[] = [];
  blueprint.graph.edges.forEach((edge, i) => {
    if (edge.confirm === undefined || edge.confirm === 'never' || isDecisiveEdge(blueprint, i)) return;
    problems.push(
      warningAt(
        'CONFIRM_NOT_DECISIVE',
        ['graph', 'edges', i, 'confirm'],
        `edge ${edge.from} → ${edge.to} is not decisive (it neither ends the interview nor skips a required question that another edge of "${edge.from}" leads to), so confirm: ${edge.confirm} never asks`,
      ),
    );
  });
  const seen = new Map<string, number>();
  (blueprint.settings.faq ?? []).forEach((entry, i) => {
    const key = entry.question.trim().toLowerCase().replace(/\s+/g, ' ');
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else
      problems.push(
        warningAt(
          'DUPLICATE_FAQ',
          ['settings', 'faq', i, 'question'],
          `settings.faq[${i}] repeats the question of settings.faq[${first}]; only the first is used`,
        ),
      );
  });
  return problems;
}
