import type { Command } from 'commander';
import type { Env } from '../../config/shared.js';
import { loadWorkerConfig } from '../../config/worker.js';
import { configOrExit } from '../config.js';

/**
 * `parley worker start|dev`: run the LiveKit voice worker (configuration from the environment: see
 * src/config/worker.ts; a bad variable exits 2 naming it, before LiveKit is loaded). `start` is production
 * mode (drains on SIGTERM); `dev` logs more and never reports itself full.
 */
export function registerWorkerCommand(program: Command, env: Env): void {
  const worker = program.command('worker').description('Run the LiveKit voice interview worker');
  for (const mode of ['start', 'dev'] as const) {
    worker
      .command(mode)
      .description(
        mode === 'start' ? 'Start the worker (production mode)' : 'Start the worker in development mode',
      )
      .action(async () => {
        const config = configOrExit(() => loadWorkerConfig(env));
        if (config === undefined) return;
        const { runWorker } = await import('../../worker/server.js');
        await runWorker(mode, config);
      });
  }
}
