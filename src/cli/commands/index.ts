import type { Command } from 'commander';
import type { Env } from '../../config/shared.js';
import { registerWalkCommand } from './walk.js';
import { registerGraphCommand } from './graph.js';
import { registerSchemaCommand } from './schema.js';
import { registerValidateCommand } from './validate.js';
import { registerConsoleCommand } from './console.js';
import { registerSimulateCommand } from './simulate.js';
import { registerDemoCommand } from './demo.js';
import { registerStoreCommand } from './store.js';
import { registerWorkerCommand } from './worker.js';
import { registerSipCommand } from './sip.js';

/**
 * Every subcommand registers itself here (one import and one call per command), so commands live in
 * their own files and the CLI entry stays a composition root. `env` is the environment, read once by the
 * entry; commands that need configuration parse it through src/config.
 */
export function registerCommands(program: Command, env: Env): void {
  registerWalkCommand(program);
  registerSchemaCommand(program);
  registerGraphCommand(program);
  registerValidateCommand(program);
  registerConsoleCommand(program, env);
  registerSimulateCommand(program, env);
  registerDemoCommand(program, env);
  registerStoreCommand(program, env);
  registerWorkerCommand(program, env);
  registerSipCommand(program, env);
}
