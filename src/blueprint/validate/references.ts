import { isKnownTemplateName, templateRefs } from '../templates.js';
import type { Blueprint } from '../schema.js';
import { keyedNode } from './field-types.js';
import { errorAt, type BlueprintProblem, type ProblemPath } from './problems.js';

/** Node attributes a condition reads as `<key>.<attr>`; a capture field with one of these names is unreachable. */
const NODE_ATTRIBUTES: readonly string[] = ['answered', 'skipped', 'value', 'follow_ups'];
/** Field-path scopes; a question key with one of these names could never be addressed in a condition. */
const RESERVED_KEYS: readonly string[] = ['vars', 'participant'];

/**
 * Names and references: question keys unique across nodes (DUPLICATE_KEY), no capture field or key that
 * shadows the condition grammar (RESERVED_NAME), templates name participant fields or declared variables
 * (UNKNOWN_TEMPLATE), variables declared once (DUPLICATE_VARIABLE), scorecard criteria unique and naming
 * question keys (DUPLICATE_CRITERION, UNKNOWN_QUESTION_KEY).
 */
export function checkReferences(blueprint: Blueprint): BlueprintProblem[] {
  return [
    ...checkKeys(blueprint),
    ...checkVariables(blueprint),
    ...checkTemplates(blueprint),
    ...checkScorecard(blueprint),
  ];
}

function checkKeys(blueprint: Blueprint): BlueprintProblem[] {
  const problems: BlueprintProblem[] = [];
  const firstNodeByKey = new Map<string, string>();
  for (const [nodeId, node] of Object.entries(blueprint.graph.nodes)) {
    const keyed = keyedNode(node);
    if (keyed === null) continue;
    const keyPath: ProblemPath = ['graph', 'nodes', nodeId, 'key'];
    const first = firstNodeByKey.get(keyed.key);
    if (first === undefined) firstNodeByKey.set(keyed.key, nodeId);
    else {
      problems.push(
        errorAt(
          'DUPLICATE_KEY',
          keyPath,
          `node "${nodeId}" reuses question key "${keyed.key}" of node "${first}"`,
        ),
      );
    }
    if (RESERVED_KEYS.includes(keyed.key)) {
      problems.push(
        errorAt(
          'RESERVED_NAME',
          keyPath,
          `question key "${keyed.key}" is reserved: conditions read ${keyed.key}.* as ${keyed.key === 'vars' ? 'variables' : 'participant fields'}`,
        ),
      );
    }
    if (keyed.type === 'consent') continue;
    for (const name of Object.keys(keyed.capture)) {
      if (NODE_ATTRIBUTES.includes(name)) {
        problems.push(
          errorAt(
            'RESERVED_NAME',
            ['graph', 'nodes', nodeId, 'capture', name],
            `capture field "${name}" collides with the node attribute ${keyed.key}.${name}; rename it`,
          ),
        );
      }
    }
  }
  return problems;
}

function checkVariables(blueprint: Blueprint): BlueprintProblem[] {
  const seen = new Set<string>();
  return blueprint.variables.flatMap((variable, j) => {
    if (!seen.has(variable.name)) {
      seen.add(variable.name);
      return [];
    }
    return [
      errorAt(
        'DUPLICATE_VARIABLE',
        ['variables', j, 'name'],
        `variable "${variable.name}" is declared more than once`,
      ),
    ];
  });
}

/** Every text that is spoken: node text (end text included) and the intro/outro messages. */
function spokenTexts(blueprint: Blueprint): { path: ProblemPath; text: string }[] {
  const texts: { path: ProblemPath; text: string }[] = [];
  const { intro_message: intro, outro_message: outro } = blueprint.settings;
  if (intro !== undefined) texts.push({ path: ['settings', 'intro_message'], text: intro });
  if (outro !== undefined) texts.push({ path: ['settings', 'outro_message'], text: outro });
  for (const [nodeId, node] of Object.entries(blueprint.graph.nodes)) {
    if (node.text !== undefined) texts.push({ path: ['graph', 'nodes', nodeId, 'text'], text: node.text });
  }
  return texts;
}

function checkTemplates(blueprint: Blueprint): BlueprintProblem[] {
  const declared = new Set(blueprint.variables.map((v) => v.name));
  return spokenTexts(blueprint).flatMap(({ path, text }) =>
    templateRefs(text)
      .filter((ref) => !isKnownTemplateName(ref.name, declared))
      .map((ref) => {
        const [scope, name] = ref.name.split('.');
        const hint =
          scope === 'vars' && name !== undefined && name !== ''
            ? `declare variable "${name}" under variables`
            : 'templates are {{participant.name}}, {{participant.external_id}}, {{participant.email}} or {{vars.<declared variable>}}';
        return errorAt('UNKNOWN_TEMPLATE', path, `unknown template "{{${ref.name}}}": ${hint}`);
      }),
  );
}

function checkScorecard(blueprint: Blueprint): BlueprintProblem[] {
  if (blueprint.scorecard === undefined) return [];
  const keys = new Set<string>();
  for (const node of Object.values(blueprint.graph.nodes)) {
    const keyed = keyedNode(node);
    if (keyed !== null) keys.add(keyed.key);
  }
  const problems: BlueprintProblem[] = [];
  const criteria = new Set<string>();
  blueprint.scorecard.criteria.forEach((criterion, i) => {
    const path: ProblemPath = ['scorecard', 'criteria', i];
    if (criteria.has(criterion.key)) {
      problems.push(
        errorAt(
          'DUPLICATE_CRITERION',
          [...path, 'key'],
          `criterion "${criterion.key}" is declared more than once`,
        ),
      );
    }
    criteria.add(criterion.key);
    (criterion.questions ?? []).forEach((key, j) => {
      if (!keys.has(key)) {
        problems.push(
          errorAt(
            'UNKNOWN_QUESTION_KEY',
            [...path, 'questions', j],
            `criterion "${criterion.key}" names unknown question key "${key}"`,
          ),
        );
      }
    });
  });
  return problems;
}
