import type { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { defaultAgent, loadAgentFile } from '../../agent/index.js';
import { loadBlueprintOrThrow } from '../../blueprint/load.js';
import { missingRequiredVars } from '../../console/console.js';
import {
  defaultPersonas,
  loadPersonasFile,
  parseModelSpec,
  planPersonas,
  type PersonaModeSetting,
} from '../../console/personas.js';
import { formatReport, runSimulation } from '../../console/simulate.js';
import { isParleyError } from '../../errors/parley-error.js';
import { parseSimulateEnv } from '../../config/console.js';
import { providerConnections } from '../../config/providers.js';
import type { Env } from '../../config/shared.js';
import { configOrExit } from '../config.js';
import { collectVar, exitCodeFor, parseVars } from './console.js';

/**
 * `parley simulate <blueprint> --personas personas.yaml --runs N [--json]`: simulated interviews (real
 * engine, offline conductor) and a coverage report. Participants are played by a model when the persona
 * model's provider has an API key in the environment (OPENAI_API_KEY / ANTHROPIC_API_KEY, base URLs
 * OPENAI_BASE_URL / ANTHROPIC_BASE_URL), else scripted; `--llm-personas` requires the model (exit 2,
 * INVALID_CONFIG, without a key), `--scripted-personas` never calls one, `--persona-model provider:model`
 * picks it (default: the personas file's `llm.model`, else the agent's generation model). The progress
 * line is drawn on stderr (a TTY only) with picocolors.
 */
interface SimulateFlags {
  personas?: string;
  runs: string;
  json?: boolean;
  agent?: string;
  var: string[];
  llmPersonas?: boolean;
  scriptedPersonas?: boolean;
  personaModel?: string;
  concurrency?: string;
  failOnMisroute?: boolean;
}

function modeFlag(flags: SimulateFlags): PersonaModeSetting | undefined | 'conflict' {
  if (flags.llmPersonas === true && flags.scriptedPersonas === true) return 'conflict';
  if (flags.llmPersonas === true) return 'llm';
  if (flags.scriptedPersonas === true) return 'scripted';
  return undefined;
}

export function progressLine(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `${pc.green('█'.repeat(filled))}${pc.dim('░'.repeat(width - filled))} ${done}/${total} runs`;
}

export function registerSimulateCommand(program: Command, processEnv: Env): void {
  program
    .command('simulate')
    .description(
      'Run simulated interviews with personas (model-played when a provider key is set, else scripted) and print a coverage report',
    )
    .argument('<blueprint>', 'blueprint file (YAML or JSON)')
    .option('--personas <file>', 'personas file (default: one persona of every style)')
    .option('--runs <n>', 'number of runs', '20')
    .option('--json', 'print the report as JSON')
    .option('--agent <file>', 'agent persona file (agent.yaml): probing depth and follow-up limits')
    .option('--var <name=value>', 'blueprint variable (repeatable)', collectVar, [])
    .option('--llm-personas', 'personas must be played by a model (error when no provider key is set)')
    .option('--scripted-personas', 'scripted personas only: no model calls')
    .option('--persona-model <provider:model>', 'model that plays the personas, e.g. openai:gpt-4o-mini')
    .option('--concurrency <n>', 'runs in parallel when a model plays the personas (default 4)')
    .option('--fail-on-misroute', "exit 1 when any run's route differs from its persona's intended path")
    .exitOverride((err: CommanderError) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action(async (file: string, flags: SimulateFlags) => {
      const env = configOrExit(() => parseSimulateEnv(processEnv));
      if (env === undefined) return;
      const runs = Number(flags.runs);
      if (!Number.isInteger(runs) || runs < 1 || runs > 10_000) {
        process.stderr.write('error: --runs must be an integer between 1 and 10000\n');
        process.exitCode = 2;
        return;
      }
      const mode = modeFlag(flags);
      const concurrency = flags.concurrency === undefined ? undefined : Number(flags.concurrency);
      if (
        mode === 'conflict' ||
        (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32))
      ) {
        process.stderr.write(
          mode === 'conflict'
            ? 'error: --llm-personas and --scripted-personas exclude each other\n'
            : 'error: --concurrency must be an integer between 1 and 32\n',
        );
        process.exitCode = 2;
        return;
      }
      try {
        const vars = parseVars(flags.var);
        const blueprint = await loadBlueprintOrThrow(file);
        const agent = flags.agent !== undefined ? await loadAgentFile(flags.agent) : defaultAgent;
        const personas =
          flags.personas !== undefined ? await loadPersonasFile(flags.personas) : defaultPersonas();
        const missing = personas.personas
          .flatMap((p) => missingRequiredVars(blueprint, { ...personas.vars, ...p.vars, ...vars }))
          .filter((v, i, all) => all.indexOf(v) === i);
        if (missing.length > 0) {
          process.stderr.write(
            `error: missing required variables: ${missing.join(', ')} (set them in the personas file under vars, or --var)\n`,
          );
          process.exitCode = 2;
          return;
        }
        const plan = planPersonas({
          file: personas,
          agent,
          connections: providerConnections(env),
          mode,
          model:
            flags.personaModel !== undefined
              ? parseModelSpec(flags.personaModel, '--persona-model')
              : undefined,
          concurrency,
        });
        const llmCount = personas.personas.filter((p) => plan.modeOf(p) === 'llm').length;
        if (llmCount > 0)
          process.stderr.write(
            `personas: ${llmCount} of ${personas.personas.length} played by ${plan.model.provider}:${plan.model.model} (${plan.concurrency} runs at a time)\n`,
          );
        const tty = process.stderr.isTTY === true;
        const started = Date.now();
        const report = await runSimulation({
          blueprint,
          agent,
          personas,
          runs,
          vars,
          plan,
          onRun: (done, total) => {
            if (tty) process.stderr.write(`\r${progressLine(done, total)}`);
          },
        });
        if (tty) process.stderr.write('\n');
        process.stderr.write(`simulated ${runs} run${runs === 1 ? '' : 's'} in ${Date.now() - started} ms\n`);
        if (flags.json === true) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        else {
          const colour = process.stdout.isTTY === true && !env.NO_COLOR;
          process.stdout.write(formatReport(report, colour ? pc.yellow : (s) => s));
        }
        if (flags.failOnMisroute === true && report.misroutes.total > 0) {
          process.stderr.write(
            `error: ${report.misroutes.total} misroute${report.misroutes.total === 1 ? '' : 's'} against the personas' intended paths\n`,
          );
          process.exitCode = 1;
        }
      } catch (err) {
        if (isParleyError(err)) {
          process.stderr.write(`error: ${err.message} [${err.code}]\n`);
          process.exitCode = exitCodeFor(err.code);
          return;
        }
        if (err instanceof Error && err.message.startsWith('--var')) {
          process.stderr.write(`error: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
    });
}
