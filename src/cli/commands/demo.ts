import type { Command, CommanderError } from 'commander';
import { parseDemoEnv } from '../../config/console.js';
import type { Env } from '../../config/shared.js';
import { runDemo } from '../../console/demo.js';
import { isParleyError } from '../../errors/parley-error.js';
import { configOrExit } from '../config.js';

/**
 * `parley demo`: the quick start — an embedded store, a local webhook receiver, a scripted offline
 * interview streamed to the store, then the path, responses, analysis and the verified webhook.
 * Needs no API keys; reads only NO_COLOR.
 */
interface DemoFlags {
  blueprint?: string;
  path?: string;
  json?: boolean;
  keep?: boolean;
}

export function registerDemoCommand(program: Command, processEnv: Env): void {
  program
    .command('demo')
    .description(
      'Quick start: a scripted offline interview against an embedded store, with analysis and a signed webhook',
    )
    .option(
      '--blueprint <name>',
      'example blueprint: expert-vetting, product-discovery, recruiting-screen, win-loss',
    )
    .option('--path <name>', 'scripted path (blueprints/answers/<blueprint>.<path>.yaml)')
    .option('--json', 'print the result as JSON (the transcript goes to stderr)')
    .option('--keep', 'keep the temporary data directory')
    .exitOverride((err: CommanderError) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action(async (flags: DemoFlags) => {
      const env = configOrExit(() => parseDemoEnv(processEnv));
      if (env === undefined) return;
      try {
        const result = await runDemo({
          ...(flags.blueprint !== undefined ? { blueprint: flags.blueprint } : {}),
          ...(flags.path !== undefined ? { path: flags.path } : {}),
          json: flags.json === true,
          keep: flags.keep === true,
          stdout: process.stdout,
          stderr: process.stderr,
          colour:
            (flags.json === true ? process.stderr.isTTY : process.stdout.isTTY) === true && !env.NO_COLOR,
        });
        process.exitCode = result.ok ? 0 : 1;
      } catch (err) {
        if (isParleyError(err)) {
          process.stderr.write(`error: ${err.message}\n`);
          process.exitCode = err.code === 'FILE_NOT_FOUND' ? 2 : 1;
          return;
        }
        throw err;
      }
    });
}
