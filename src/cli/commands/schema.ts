import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { blueprintJsonSchemaText } from '../../blueprint/json-schema.js';

interface SchemaOptions {
  out?: string;
}

/** `parley schema [--out FILE]`: the blueprint JSON Schema, generated from the zod schema. */
export function registerSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema (draft 2020-12) of blueprints, for YAML/JSON editors')
    .option('-o, --out <file>', 'write the schema to FILE instead of stdout')
    .action(async (options: SchemaOptions) => {
      const text = blueprintJsonSchemaText();
      if (options.out === undefined) {
        process.stdout.write(text);
        return;
      }
      await mkdir(dirname(options.out), { recursive: true });
      await writeFile(options.out, text, 'utf8');
      process.stderr.write(`wrote ${options.out}\n`);
    });
}
