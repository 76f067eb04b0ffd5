import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Option, type Command, type CommanderError } from 'commander';
import { formatProblem, loadBlueprintOrThrow, type Problem } from '../../blueprint/load.js';
import type { Blueprint } from '../../blueprint/schema.js';
import { isParleyError } from '../../errors/parley-error.js';
import { toDot } from '../../graph/dot.js';
import { toMermaid } from '../../graph/mermaid.js';
import { renderSvg } from '../../graph/svg.js';

export const GRAPH_FORMATS = ['mermaid', 'dot', 'svg'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

interface GraphOptions {
  format: GraphFormat;
  out?: string;
}

/** Exit code for usage errors (unknown option, invalid `--format`, missing argument). */
const EXIT_USAGE = 2;

/** `parley graph <file> [--format mermaid|dot|svg] [--out FILE]`: draw a blueprint's question graph. */
export function registerGraphCommand(program: Command): void {
  program
    .command('graph')
    .description("Render a blueprint's question graph as Mermaid, Graphviz DOT or SVG")
    .argument('<file>', 'blueprint file (YAML or JSON)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(GRAPH_FORMATS).default('mermaid'))
    .option('-o, --out <file>', 'write to FILE instead of stdout')
    .exitOverride(exitOnUsageError)
    .action(async (file: string, options: GraphOptions) => {
      let blueprint: Blueprint;
      try {
        blueprint = await loadBlueprintOrThrow(file);
      } catch (err) {
        process.stderr.write(describeLoadError(err));
        process.exitCode = 1;
        return;
      }
      const output = await renderGraph(blueprint, options.format);
      if (options.out === undefined) {
        process.stdout.write(output);
        return;
      }
      await mkdir(dirname(options.out), { recursive: true });
      await writeFile(options.out, output, 'utf8');
      process.stderr.write(`wrote ${options.out}\n`);
    });
}

export async function renderGraph(blueprint: Blueprint, format: GraphFormat): Promise<string> {
  switch (format) {
    case 'mermaid':
      return toMermaid(blueprint);
    case 'dot':
      return toDot(blueprint);
    case 'svg': {
      const svg = await renderSvg(blueprint);
      return svg.endsWith('\n') ? svg : `${svg}\n`;
    }
  }
}

/** Commander has already printed its message; help and version keep their exit code 0. */
function exitOnUsageError(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
}

/**
 * One `file:line:col  CODE  message` line per error (the loader puts its `Problem[]` in `details`; warnings
 * did not cause the failure and are left out), or the error's message when it carries no problems.
 */
function describeLoadError(err: unknown): string {
  if (isParleyError(err)) {
    const problems = Array.isArray(err.details) ? (err.details as Problem[]) : [];
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) return `${errors.map(formatProblem).join('\n')}\n`;
    return `error: ${err.message}\n`;
  }
  return `error: ${err instanceof Error ? err.message : String(err)}\n`;
}
