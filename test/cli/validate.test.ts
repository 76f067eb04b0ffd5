import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { formatText, type FileReport } from '../../src/cli/commands/validate.js';

/** Runs the BUILT cli (`npm test` builds first; locally: `npx tsc -p .`). */
const root = fileURLToPath(new URL('../../', import.meta.url)).replace(/[\\/]dist[\\/]$/, '/');
const cli = `${root}dist/src/cli/main.js`;
const valid = 'test/fixtures/blueprints/valid';
const invalid = 'test/fixtures/blueprints/invalid';

function parley(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'FORCE_COLOR'));
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  files: {
    file: string;
    valid: boolean;
    problems: { file: string; line: number; col: number; code: string; severity: string; path: unknown[] }[];
  }[];
}

describe('parley validate', () => {
  it('exits 0 for a clean blueprint and prints only the summary', () => {
    const { status, stdout } = parley('validate', `${valid}/customer-discovery.yaml`);
    expect(status).toBe(0);
    expect(stdout).toBe('✔ 1 file checked: 0 errors, 0 warnings\n');
  });

  it('exits 0 with warnings, printing each as file:line:col  CODE  message', () => {
    const { status, stdout } = parley('validate', `${valid}/warnings-only.yaml`);
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `${valid}/warnings-only.yaml:7:5  NO_DEFAULT_EDGE  every edge out of "ask" has a condition; if none holds the interview is stuck — add an unconditional edge`,
    );
    expect(lines.slice(0, -1).map((l) => l.split('  ')[1])).toEqual([
      'NO_DEFAULT_EDGE',
      'CYCLE_UNBOUNDED',
      'VALUE_OUT_OF_RANGE',
    ]);
    expect(lines.at(-1)).toBe('✔ 1 file checked: 0 errors, 3 warnings');
  });

  it('exits 1 when any file has an error, and reports every file', () => {
    const { status, stdout } = parley(
      'validate',
      `${valid}/minimal.json`,
      `${invalid}/dead-end.yaml`,
      `${invalid}/unknown-field.yaml`,
    );
    expect(status).toBe(1);
    expect(stdout).toContain(`${invalid}/dead-end.yaml:10:5  DEAD_END  node "team"`);
    expect(stdout).toMatch(new RegExp(`^${invalid}/unknown-field\\.yaml:22:9  UNKNOWN_FIELD  `, 'm'));
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('✖ 3 files checked: 2 errors, 0 warnings');
  });

  it('reports a missing file as FILE_NOT_FOUND and exits 1', () => {
    const { status, stdout, stderr } = parley('validate', 'no/such/file.yaml');
    expect(status).toBe(1);
    expect(stdout).toContain('no/such/file.yaml:1:1  FILE_NOT_FOUND  ');
    expect(stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('reports YAML syntax errors without a stack trace', () => {
    const { status, stdout, stderr } = parley('validate', `${invalid}/yaml-syntax.txt`);
    expect(status).toBe(1);
    expect(stdout).toMatch(/yaml-syntax\.txt:7:5 {2}YAML_SYNTAX {2}/);
    expect(stderr).toBe('');
  });

  it('prints no colour codes when stdout is not a terminal', () => {
    const { stdout } = parley('validate', `${invalid}/dead-end.yaml`, `${valid}/warnings-only.yaml`);
    expect(stdout).not.toContain('\u001b[');
  });

  it('--json prints {files: [{file, valid, problems}]} and keeps the exit code', () => {
    const { status, stdout } = parley(
      'validate',
      '--json',
      `${valid}/warnings-only.yaml`,
      `${invalid}/duplicate-key.yaml`,
      'missing.yaml',
    );
    expect(status).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.files.map((f) => [f.file, f.valid])).toEqual([
      [`${valid}/warnings-only.yaml`, true],
      [`${invalid}/duplicate-key.yaml`, false],
      ['missing.yaml', false],
    ]);
    expect(report.files[1]?.problems).toEqual([
      {
        file: `${invalid}/duplicate-key.yaml`,
        line: 12,
        col: 7,
        code: 'DUPLICATE_KEY',
        severity: 'error',
        message: 'node "role_again" reuses question key "role" of node "role"',
        path: ['graph', 'nodes', 'role_again', 'key'],
      },
    ]);
    expect(report.files[2]?.problems.map((p) => p.code)).toEqual(['FILE_NOT_FOUND']);
  });

  it('--json exits 0 when there are only warnings', () => {
    const { status, stdout } = parley('validate', `${valid}/warnings-only.yaml`, '--json');
    expect(status).toBe(0);
    expect((JSON.parse(stdout) as JsonReport).files[0]?.problems.every((p) => p.severity === 'warning')).toBe(
      true,
    );
  });

  it('needs at least one file', () => {
    const { status, stderr } = parley('validate');
    expect(status).not.toBe(0);
    expect(stderr).toContain('missing required argument');
  });
});

describe('formatText', () => {
  const report: FileReport = {
    file: 'b.yaml',
    valid: false,
    problems: [
      { file: 'b.yaml', line: 3, col: 5, code: 'DEAD_END', severity: 'error', message: 'stuck', path: [] },
      {
        file: 'b.yaml',
        line: 9,
        col: 1,
        code: 'NO_DEFAULT_EDGE',
        severity: 'warning',
        message: 'maybe',
        path: [],
      },
    ],
  };

  it('paints error codes red and warning codes yellow on a terminal', () => {
    const colors = pc.createColors(true);
    const [error, warning] = formatText([report], colors).split('\n');
    expect(error).toBe(`b.yaml:3:5  ${colors.red('DEAD_END')}  stuck`);
    expect(warning).toBe(`b.yaml:9:1  ${colors.yellow('NO_DEFAULT_EDGE')}  maybe`);
  });

  it('is plain text without colours', () => {
    expect(formatText([report], pc.createColors(false))).toBe(
      'b.yaml:3:5  DEAD_END  stuck\nb.yaml:9:1  NO_DEFAULT_EDGE  maybe\n✖ 1 file checked: 1 error, 1 warning\n',
    );
  });
});
