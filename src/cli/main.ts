#!/usr/bin/env node
import { Command } from 'commander';
import { LOOP_BLOCK_WARN_MS_DEFAULT } from '../config/worker.js';
import { registerCommands } from './commands/index.js';

const program = new Command();
program
  .name('parley')
  .description('Parley: real-time voice interview agent — blueprints, engine, console, store and worker.')
  .version('0.1.0');

// The agents framework's event-loop monitor reads this in the worker and in every job process it forks
// (they inherit the environment). Its default, 100 ms, ticks every 20 ms in each process; Parley's, 250 ms,
// ticks every 50 ms and still reports the stalls a participant would hear. Validated with the worker's
// configuration (src/config/worker.ts); 0 turns the monitor off.
process.env['LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS'] ??= String(LOOP_BLOCK_WARN_MS_DEFAULT);

// the one read of the environment: commands parse what they need through src/config
registerCommands(program, process.env);

await program.parseAsync(process.argv);
