import type { Command } from 'commander';
import type { Env } from '../../config/shared.js';
import { parseSipEnv } from '../../config/sip.js';
import { configOrExit } from '../config.js';

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/**
 * `parley sip setup --number +15550100 [--number …] [--allowed-address 10.0.0.0/8] [--auth-username u
 * --auth-password p] [--json]`: create or update the inbound trunk and the dial-in dispatch rule through
 * LiveKit's SIP API (the server needs Redis and a running livekit/sip). Idempotent: run it again after a
 * change. Credentials from LIVEKIT_URL / LIVEKIT_API_KEY / LIVEKIT_API_SECRET.
 */
export function registerSipCommand(program: Command, processEnv: Env): void {
  const sip = program.command('sip').description('SIP dial-in configuration on the LiveKit server');
  sip
    .command('setup')
    .description('Create or update the Parley inbound trunk and dial-in dispatch rule (idempotent)')
    .requiredOption('--number <e164>', 'a phone number of the trunk (repeatable)', collect, [])
    .option('--allowed-address <cidr>', 'an address allowed to send calls (repeatable)', collect, [])
    .option('--auth-username <user>', 'digest auth username for the trunk')
    .option('--auth-password <password>', 'digest auth password for the trunk')
    .option('--json', 'print the result as JSON')
    .action(
      async (opts: {
        number: string[];
        allowedAddress: string[];
        authUsername?: string;
        authPassword?: string;
        json?: boolean;
      }) => {
        const env = configOrExit(() => parseSipEnv(processEnv));
        if (env === undefined) return;
        const { SipClient } = await import('livekit-server-sdk');
        const { sipSetup } = await import('../../worker/sip-setup.js');
        const host = env.LIVEKIT_URL.replace(/^ws/, 'http');
        const client = new SipClient(host, env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET);
        try {
          const result = await sipSetup(client, {
            numbers: opts.number,
            allowedAddresses: opts.allowedAddress.length > 0 ? opts.allowedAddress : undefined,
            authUsername: opts.authUsername,
            authPassword: opts.authPassword,
            agentName: env.PARLEY_AGENT_NAME,
          });
          process.stdout.write(
            opts.json === true
              ? `${JSON.stringify(result)}\n`
              : `trunk ${result.trunk.id} ${result.trunk.action}; dispatch rule ${result.rule.id} ${result.rule.action}\n`,
          );
        } catch (error) {
          process.stderr.write(
            `parley sip setup: ${error instanceof Error ? error.message : String(error)}\n`,
          );
          process.exitCode = 1;
        }
      },
    );
}
