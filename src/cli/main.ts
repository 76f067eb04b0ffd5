#!/usr/bin/env node
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

const program = new Command();
program
  .name('parley')
  .description('Parley: real-time voice interview agent — blueprints, engine, console, store and worker.')
  .version('0.1.0');

// the one read of the environment: commands parse what they need through src/config
registerCommands(program, process.env);

await program.parseAsync(process.argv);
