import type { Command } from 'commander';
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
 * their own files and the CLI entry stays a composition root.
 */
export function registerCommands(program: Command): void {
  void program;
  registerWalkCommand(program);
  registerSchemaCommand(program);
  registerGraphCommand(program);
  registerValidateCommand(program);
  registerConsoleCommand(program);
  registerSimulateCommand(program);
  registerDemoCommand(program);
  registerStoreCommand(program);
  registerWorkerCommand(program);
  registerSipCommand(program);
}
