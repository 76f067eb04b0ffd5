import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBlueprintFile, type ProblemCode } from '../../src/blueprint/load.js';

// `tsc -p .` also compiles this file to dist/test/…; the fixtures stay in test/.
const dir = fileURLToPath(new URL('../fixtures/blueprints/', import.meta.url)).replace(
  /([\\/])dist[\\/]test[\\/]/,
  '$1test$1',
);

interface Expected {
  fixture: string;
  code: ProblemCode;
  line: number;
  col?: number;
  severity: 'error' | 'warning';
}

/** One fixture per defect: exactly this problem (and no other), at this line. */
const cases: Expected[] = [
  { fixture: 'entry-node-missing.yaml', code: 'ENTRY_NODE_MISSING', line: 4, col: 3, severity: 'error' },
  { fixture: 'edge-unknown-node.yaml', code: 'EDGE_UNKNOWN_NODE', line: 16, col: 7, severity: 'error' },
  { fixture: 'edge-unknown-node.json', code: 'EDGE_UNKNOWN_NODE', line: 12, col: 9, severity: 'error' },
  { fixture: 'unknown-node-ref.yaml', code: 'UNKNOWN_NODE_REF', line: 17, col: 9, severity: 'error' },
  { fixture: 'node-unreachable.yaml', code: 'NODE_UNREACHABLE', line: 10, col: 5, severity: 'error' },
  { fixture: 'required-unreachable.yaml', code: 'REQUIRED_UNREACHABLE', line: 10, col: 5, severity: 'error' },
  { fixture: 'dead-end.yaml', code: 'DEAD_END', line: 10, severity: 'error' },
  { fixture: 'no-default-edge.yaml', code: 'NO_DEFAULT_EDGE', line: 6, severity: 'warning' },
  { fixture: 'cycle-no-exit.yaml', code: 'CYCLE_NO_EXIT', line: 10, severity: 'error' },
  { fixture: 'cycle-unbounded.yaml', code: 'CYCLE_UNBOUNDED', line: 6, severity: 'warning' },
  { fixture: 'end-node-has-edges.yaml', code: 'END_NODE_HAS_EDGES', line: 15, severity: 'warning' },
  { fixture: 'unknown-field.yaml', code: 'UNKNOWN_FIELD', line: 22, col: 9, severity: 'error' },
  { fixture: 'unknown-field-value.yaml', code: 'UNKNOWN_FIELD', line: 15, severity: 'error' },
  { fixture: 'unknown-field-variable.yaml', code: 'UNKNOWN_FIELD', line: 21, severity: 'error' },
  {
    fixture: 'operator-type-mismatch.yaml',
    code: 'OPERATOR_TYPE_MISMATCH',
    line: 20,
    col: 9,
    severity: 'error',
  },
  { fixture: 'operator-value-type.yaml', code: 'OPERATOR_TYPE_MISMATCH', line: 19, severity: 'error' },
  { fixture: 'invalid-regex.yaml', code: 'INVALID_REGEX', line: 21, severity: 'error' },
  { fixture: 'enum-value-unknown.yaml', code: 'ENUM_VALUE_UNKNOWN', line: 22, col: 13, severity: 'error' },
  { fixture: 'value-out-of-range.yaml', code: 'VALUE_OUT_OF_RANGE', line: 20, severity: 'warning' },
  { fixture: 'duplicate-key.yaml', code: 'DUPLICATE_KEY', line: 12, col: 7, severity: 'error' },
  { fixture: 'reserved-name.yaml', code: 'RESERVED_NAME', line: 12, col: 9, severity: 'error' },
  { fixture: 'unknown-template.yaml', code: 'UNKNOWN_TEMPLATE', line: 13, severity: 'error' },
  { fixture: 'duplicate-variable.yaml', code: 'DUPLICATE_VARIABLE', line: 7, severity: 'error' },
  { fixture: 'unknown-question-key.yaml', code: 'UNKNOWN_QUESTION_KEY', line: 9, col: 11, severity: 'error' },
  { fixture: 'yaml-syntax.txt', code: 'YAML_SYNTAX', line: 7, severity: 'error' },
  { fixture: 'yaml-duplicate-key.yaml', code: 'YAML_DUPLICATE_KEY', line: 10, col: 7, severity: 'error' },
  { fixture: 'yaml-alias.yaml', code: 'YAML_ALIAS', line: 9, col: 13, severity: 'error' },
  { fixture: 'empty.yaml', code: 'EMPTY_FILE', line: 1, col: 1, severity: 'error' },
  { fixture: 'root-not-mapping.yaml', code: 'SCHEMA', line: 1, col: 1, severity: 'error' },
  { fixture: 'unknown-property.yaml', code: 'SCHEMA', line: 11, col: 9, severity: 'error' },
  { fixture: 'unknown-node-type.yaml', code: 'SCHEMA', line: 7, col: 7, severity: 'error' },
];

describe('invalid blueprint fixtures', () => {
  it.each(cases)('$fixture → $code at line $line', async ({ fixture, code, line, col, severity }) => {
    const file = `${dir}invalid/${fixture}`;
    const { blueprint, problems } = await loadBlueprintFile(file);
    expect(problems.map((p) => p.code)).toEqual([code]);
    const [problem] = problems;
    expect(problem).toMatchObject({ file, code, line, severity });
    if (col !== undefined) expect(problem?.col).toBe(col);
    expect(problem?.message.length).toBeGreaterThan(10);
    // errors drop the blueprint; warnings alone keep it
    expect(blueprint === null).toBe(severity === 'error');
  });

  it('has a case for every fixture in the directory (wrong-types is tested on its own)', () => {
    const files = readdirSync(`${dir}invalid`).filter((f) => f !== 'wrong-types.yaml');
    expect(files.sort()).toEqual(cases.map((c) => c.fixture).sort());
  });

  it('wrong-types.yaml: one SCHEMA problem per wrongly typed value, each at its own line', async () => {
    const { blueprint, problems } = await loadBlueprintFile(`${dir}invalid/wrong-types.yaml`);
    expect(blueprint).toBeNull();
    expect(problems.map((p) => [p.code, p.line, p.path.join('.')])).toEqual([
      ['SCHEMA', 4, 'settings.max_duration_m'],
      ['SCHEMA', 12, 'graph.nodes.role.required'],
      ['SCHEMA', 13, 'graph.nodes.role.max_visits'],
    ]);
    expect(problems[0]?.message).toMatch(/^settings\.max_duration_m: .*number/);
  });

  it('messages name what is wrong', async () => {
    const load = async (f: string): Promise<string> =>
      (await loadBlueprintFile(`${dir}invalid/${f}`)).problems[0]?.message ?? '';
    expect(await load('unknown-property.yaml')).toContain('"max_followups"');
    expect(await load('unknown-field.yaml')).toContain('capture fields: team_size');
    expect(await load('unknown-template.yaml')).toContain('{{vars.prodcut}}');
    expect(await load('yaml-duplicate-key.yaml')).toContain('"text"');
    expect(await load('cycle-no-exit.yaml')).toContain('ask, more');
  });
});

describe('valid blueprint fixtures', () => {
  it('customer-discovery.yaml uses every feature and has no problems', async () => {
    const { blueprint, problems } = await loadBlueprintFile(`${dir}valid/customer-discovery.yaml`);
    expect(problems).toEqual([]);
    expect(blueprint?.id).toBe('customer-discovery');
    // defaults were applied by the shape pass
    expect(blueprint?.graph.nodes.role?.max_visits).toBe(1);
  });

  it('minimal.json: JSON is YAML', async () => {
    const { blueprint, problems } = await loadBlueprintFile(`${dir}valid/minimal.json`);
    expect(problems).toEqual([]);
    expect(blueprint?.graph.entry_node).toBe('q');
  });

  it('warnings-only.yaml loads despite its warnings', async () => {
    const { blueprint, problems } = await loadBlueprintFile(`${dir}valid/warnings-only.yaml`);
    expect(blueprint).not.toBeNull();
    expect(problems.every((p) => p.severity === 'warning')).toBe(true);
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      ['NO_DEFAULT_EDGE', 7],
      ['CYCLE_UNBOUNDED', 7],
      ['VALUE_OUT_OF_RANGE', 21],
    ]);
  });
});
