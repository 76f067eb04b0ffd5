import type { Command, CommanderError } from 'commander';
import { loadBlueprintOrThrow } from '../../blueprint/load.js';
import type { Blueprint } from '../../blueprint/schema.js';
import { isParleyError } from '../../errors/parley-error.js';
import { formatFileProblem } from '../../files/problems.js';
import { loadWalkScript, type WalkScript } from '../../walk/answers-file.js';
import { runWalk } from '../../walk/driver.js';
import { formatWalkReport } from '../../walk/report.js';

interface WalkOptions {
  answers: string;
  json?: boolean;
  expectPath?: string;
}

/** Exit code for usage errors (unknown option, missing argument), as in the other commands. */
const EXIT_USAGE = 2;

/**
 * `parley walk <file> --answers <answers.yaml> [--json]`: run the engine over a blueprint with scripted
 * answers (no voice, no LLM) and print the path taken, the probe ledger and the responses.
 * Exit 0 when the interview ends; 1 for a bad blueprint or answers file, when the answers run out, or
 * when the path differs from `--expect-path` / the answers file's `expect_path`.
 */
export function registerWalkCommand(program: Command): void {
  program
    .command('walk')
    .description('Walk a blueprint with scripted answers: print the path taken, the probes and the responses')
    .argument('<file>', 'blueprint file (YAML or JSON)')
    .requiredOption('-a, --answers <file>', 'scripted answers file (YAML)')
    .option('--json', 'print {status, end_reason, path_taken, probe_ledger, responses, transcript} as JSON')
    .option(
      '--expect-path <nodes>',
      "comma-separated node ids; exit 1 when the path taken differs (default: the answers file's expect_path)",
    )
    .exitOverride(exitOnUsageError)
    .action(async (file: string, options: WalkOptions) => {
      let blueprint: Blueprint;
      let script: WalkScript;
      try {
        blueprint = await loadBlueprintOrThrow(file);
        script = await loadWalkScript(options.answers);
      } catch (err) {
        process.stderr.write(describeError(err));
        process.exitCode = 1;
        return;
      }
      let outcome;
      try {
        outcome = runWalk(blueprint, script);
      } catch (err) {
        process.stderr.write(isParleyError(err) ? `walk: ${err.message}\n` : describeError(err));
        process.exitCode = 1;
        return;
      }
      if (options.json === true) {
        const { unused_answers: _unused, ...result } = outcome;
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        process.stdout.write(formatWalkReport(blueprint, outcome));
      }
      const expected = options.expectPath?.split(',').map((id) => id.trim()) ?? script.expect_path;
      if (expected !== undefined && expected.join(',') !== outcome.path_taken.join(',')) {
        process.stderr.write(
          `walk: path differs from the expected one\n  expected: ${expected.join(' → ')}\n  taken:    ${outcome.path_taken.join(' → ')}\n`,
        );
        process.exitCode = 1;
      }
    });
}

function exitOnUsageError(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
}

interface PrintableProblem {
  file: string;
  line: number;
  col: number;
  code: string;
  message: string;
}

function isPrintableProblem(value: unknown): value is PrintableProblem {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    typeof p.file === 'string' &&
    typeof p.line === 'number' &&
    typeof p.col === 'number' &&
    typeof p.code === 'string' &&
    typeof p.message === 'string'
  );
}

/** `file:line:col  CODE  message` per problem, else `error: CODE: message`. */
function describeError(err: unknown): string {
  if (isParleyError(err)) {
    const problems = Array.isArray(err.details) ? err.details.filter(isPrintableProblem) : [];
    if (problems.length > 0) {
      return `${problems.map(formatFileProblem).join('\n')}\n`;
    }
    return `error: ${err.code}: ${err.message}\n`;
  }
  return `error: ${err instanceof Error ? err.message : String(err)}\n`;
}
