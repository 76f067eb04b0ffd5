import type { Command } from 'commander';

/**
 * `parley worker start|dev`: run the LiveKit voice worker (configuration from the environment: see
 * src/config/worker.ts). `start` is production mode (drains on SIGTERM); `dev` logs more and never
 * reports itself full. LiveKit is loaded only when this command runs.
 */
export function registerWorkerCommand(program: Command): void {
  const worker = program.command('worker').description('Run the LiveKit voice interview worker');
  for (const mode of ['start', 'dev'] as const) {
    worker
      .command(mode)
      .description(
        mode === 'start' ? 'Start the worker (production mode)' : 'Start the worker in development mode',
      )
      .action(async () => {
        const { runWorker } = await import('../../worker/server.js');
        const { WorkerConfigError } = await import('../../config/worker.js');
        try {
          await runWorker(mode, process.env);
        } catch (error) {
          if (error instanceof WorkerConfigError) {
            process.stderr.write(`parley worker: ${error.message}\n`);
            process.exitCode = 2;
            return;
          }
          throw error;
        }
      });
  }
}
