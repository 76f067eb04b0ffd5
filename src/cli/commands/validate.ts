import type { Command } from 'commander';
import pc from 'picocolors';
import { loadBlueprintFile, type Problem } from '../../blueprint/load.js';

/**
 * `parley validate <files...> [--json]`: check blueprints. One `file:line:col  CODE  message` line per
 * problem (errors red, warnings yellow on a terminal) and a summary; `--json` prints
 * `{files: [{file, valid, problems}]}`. Exit 0 without errors (warnings allowed), 1 with errors.
 */
export interface FileReport {
  file: string;
  /** No errors (warnings allowed). */
  valid: boolean;
  problems: Problem[];
}

interface ValidateOptions {
  json?: boolean;
}

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('Check blueprint files (YAML or JSON): shape, graph, conditions and templates')
    .argument('<files...>', 'blueprint files')
    .option('--json', 'print a JSON report instead of text')
    .action(async (files: string[], options: ValidateOptions) => {
      const reports = await validateFiles(files);
      const colors = pc.createColors(process.stdout.isTTY === true && pc.isColorSupported);
      process.stdout.write(options.json === true ? formatJson(reports) : formatText(reports, colors));
      process.exitCode = reports.every((r) => r.valid) ? 0 : 1;
    });
}

export async function validateFiles(files: readonly string[]): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  for (const file of files) {
    const { problems } = await loadBlueprintFile(file);
    reports.push({ file, valid: !problems.some((p) => p.severity === 'error'), problems });
  }
  return reports;
}

export function formatJson(reports: readonly FileReport[]): string {
  return `${JSON.stringify({ files: reports }, null, 2)}\n`;
}

type Colors = Pick<typeof pc, 'red' | 'yellow' | 'green' | 'bold' | 'dim'>;

export function formatText(reports: readonly FileReport[], colors: Colors): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const report of reports) {
    for (const p of report.problems) {
      const paint = severityColor(p, colors);
      if (p.severity === 'error') errors++;
      else warnings++;
      lines.push(`${p.file}:${p.line}:${p.col}  ${paint(p.code)}  ${p.message}`);
    }
  }
  const files = `${reports.length} file${reports.length === 1 ? '' : 's'}`;
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  lines.push(
    errors > 0
      ? colors.red(colors.bold(`✖ ${files} checked: ${counts}`))
      : colors.green(`✔ ${files} checked: ${counts}`),
  );
  return `${lines.join('\n')}\n`;
}

function severityColor(p: Problem, colors: Colors): (s: string) => string {
  switch (p.severity) {
    case 'error':
      return colors.red;
    case 'warning':
      return colors.yellow;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
