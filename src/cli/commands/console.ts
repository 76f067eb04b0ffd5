import { Option, type Command, type CommanderError } from 'commander';
import { parseConsoleEnv } from '../../config/console.js';
import { providerConnections } from '../../config/providers.js';
import type { Env } from '../../config/shared.js';
import { runConsole } from '../../console/console.js';
import { isParleyError, type ErrorCode } from '../../errors/parley-error.js';
import { configOrExit } from '../config.js';

/**
 * `parley console <blueprint>`: run an interview in the terminal with the real engine and conductor.
 * Its environment (src/config/console.ts): provider keys (OPENAI_API_KEY / OPENAI_BASE_URL,
 * ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL), store credentials (PARLEY_API_KEY, PARLEY_AGENT_SECRET) and
 * NO_COLOR; flags win over the environment. A bad variable exits 2 naming it.
 */
interface ConsoleFlags {
  answers?: string;
  expectPath?: string;
  json?: boolean;
  plain?: boolean;
  offline?: boolean;
  agent?: string;
  var: string[];
  participantName?: string;
  store?: string;
  apiKey?: string;
  agentSecret?: string;
  resume?: string;
  workDir?: string;
  clock?: string;
}

const EXIT_USAGE = 2;

export function collectVar(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseVars(list: readonly string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--var expects name=value, got "${item}"`);
    vars[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  return vars;
}

/** Exit codes: 0 done, 1 `--expect-path` differs, 2 usage / config / input-file errors, 3 store errors. */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'FILE_NOT_FOUND':
    case 'FILE_TOO_LARGE':
    case 'YAML_SYNTAX':
    case 'INVALID_CONFIG':
    case 'INVALID_ANSWERS':
    case 'INVALID_BLUEPRINT':
    case 'MISSING_REQUIRED_VARIABLES':
      return EXIT_USAGE;
    default:
      return 3;
  }
}

export function registerConsoleCommand(program: Command, processEnv: Env): void {
  program
    .command('console')
    .description('Run an interview in the terminal: type as the participant, or script the answers')
    .argument('<blueprint>', 'blueprint file (YAML or JSON)')
    .option('--answers <file>', 'scripted participant: a YAML list of utterances, or keyed by question key')
    .option('--expect-path <nodes>', 'comma-separated node ids; exit 1 when the path taken differs')
    .option('--json', 'print the final result as JSON on stdout (the transcript goes to stderr)')
    .option('--plain', 'a clean transcript: no colours, no notes')
    .option('--offline', 'use the offline conductor (the default when no provider key is configured)')
    .option('--agent <file>', 'agent persona file (agent.yaml)')
    .option('--var <name=value>', 'blueprint variable (repeatable)', collectVar, [])
    .option('--participant-name <name>', "the participant's name")
    .option('--store <url>', 'create a run in this store (test mode) and stream the interview to it')
    .option('--api-key <key>', 'store API key (default: PARLEY_API_KEY)')
    .option('--agent-secret <secret>', 'store agent secret (default: PARLEY_AGENT_SECRET)')
    .option('--resume <run_id>', 'continue a run in the store where it stopped')
    .option('--work-dir <dir>', 'directory for the outbox (default: .parley/console/<run_id>)')
    .addOption(
      new Option(
        '--clock <mode>',
        'real: wall time (elapsed time and the time limit run while you type); synthetic: time advances by speaking time per line (default: real when typing, synthetic with --answers)',
      ).choices(['real', 'synthetic']),
    )
    .exitOverride((err: CommanderError) => process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE))
    .action(async (blueprint: string, flags: ConsoleFlags) => {
      let vars: Record<string, string>;
      try {
        vars = parseVars(flags.var);
      } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      const env = configOrExit(() => parseConsoleEnv(processEnv));
      if (env === undefined) return;
      const agentSecret = flags.agentSecret ?? env.PARLEY_AGENT_SECRET;
      if (flags.store !== undefined && (agentSecret === undefined || agentSecret === '')) {
        process.stderr.write(
          'error: --store needs the agent secret (--agent-secret or PARLEY_AGENT_SECRET)\n',
        );
        process.exitCode = EXIT_USAGE;
        return;
      }
      try {
        const outcome = await runConsole({
          blueprintPath: blueprint,
          answersPath: flags.answers,
          expectPath: flags.expectPath
            ?.split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
          json: flags.json === true,
          plain: flags.plain === true,
          offline: flags.offline === true,
          agentPath: flags.agent,
          vars,
          participantName: flags.participantName,
          store:
            flags.store !== undefined
              ? {
                  url: flags.store,
                  apiKey: flags.apiKey ?? env.PARLEY_API_KEY,
                  agentSecret: agentSecret ?? '',
                }
              : undefined,
          resume: flags.resume,
          workDir: flags.workDir,
          clock: flags.clock === 'real' || flags.clock === 'synthetic' ? flags.clock : undefined,
          providers: providerConnections(env),
          stdin: process.stdin,
          stdout: process.stdout,
          stderr: process.stderr,
          stdinTTY: process.stdin.isTTY === true,
          colour:
            (flags.json === true ? process.stderr.isTTY : process.stdout.isTTY) === true && !env.NO_COLOR,
          handleSignals: true,
        });
        process.exitCode = outcome.exitCode;
      } catch (err) {
        if (isParleyError(err)) {
          process.stderr.write(`error: ${err.message}\n`);
          process.exitCode = exitCodeFor(err.code);
          return;
        }
        throw err;
      }
    });
}
