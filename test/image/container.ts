import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ChildProc } from '../e2e/harness/process.js';
import { ROOT } from '../store/helpers.js';

/** The image under test, built by test/setup/image.sh. */
export const IMAGE = process.env.PARLEY_IMAGE ?? 'localhost/parley:test';
export const LOG_DIR = join(ROOT, 'test-artifacts/image');
/** podman, or docker (PARLEY_CONTAINER_CLI=docker); the podman-only flags are left out for docker. */
export const CLI = process.env.PARLEY_CONTAINER_CLI ?? 'podman';
const PODMAN = CLI === 'podman';

/**
 * `podman run` as test/setup/image.sh documents it for this kind of machine (../shared/container-notes.md):
 * runc (crun rejects the cgroup layout), explicit ulimits (no CAP_SYS_RESOURCE), never a pull, and the host's
 * network so the container reaches the suite's services on 127.0.0.1 and the host reaches it.
 */
export function runArgs(name: string, env: Record<string, string>, extra: string[] = []): string[] {
  return [
    ...(PODMAN ? ['--runtime', 'runc'] : []),
    'run',
    '--rm',
    '--name',
    name,
    ...(PODMAN ? ['--pull', 'never'] : []),
    '--ulimit',
    'nofile=1024:1024',
    '--ulimit',
    'nproc=1024:1024',
    '--network',
    'host',
    ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    ...extra,
  ];
}

export interface Container {
  name: string;
  proc: ChildProc;
  /** Sends `signal` to the container's main process (podman kill); resolves with `podman run`'s exit code. */
  signal(signal?: string): Promise<number | null>;
  /** Runs the image's HEALTHCHECK command in the container; true when it exits 0. */
  healthcheck(): boolean;
  /** Runs a command in the container; stdout, exit status. */
  exec(cmd: string[]): { status: number | null; stdout: string; stderr: string };
}

export function containerName(prefix: string): string {
  return `parley-${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Starts `podman run … IMAGE args` attached (its output logged under test-artifacts/image/). */
export function startContainer(
  prefix: string,
  env: Record<string, string>,
  args: string[],
  extra: string[] = [],
): Container {
  const name = containerName(prefix);
  const proc = new ChildProc(name, CLI, [...runArgs(name, env, extra), IMAGE, ...args], {
    logDir: LOG_DIR,
    env: process.env,
  });
  return {
    name,
    proc,
    async signal(sig = 'TERM') {
      if (proc.running) cli(['kill', '--signal', sig, name]);
      return (await proc.exited).code;
    },
    healthcheck() {
      // `podman healthcheck run` runs the image's HEALTHCHECK (no systemd timer needed); docker has no
      // such verb, so its command is read from the image and run with exec
      if (PODMAN) return cli(['healthcheck', 'run', name]).status === 0;
      const test = JSON.parse(
        cli(['image', 'inspect', '--format', '{{json .Config.Healthcheck.Test}}', IMAGE]).stdout,
      ) as string[];
      return cli(['exec', name, ...test.slice(1)]).status === 0;
    },
    exec(cmd) {
      return cli(['exec', name, ...cmd]);
    },
  };
}

export function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(CLI, args, { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Removes a container left behind by a failed test (no-op when it is gone). */
export function removeContainer(name: string): void {
  cli(['rm', '--force', '--time', '0', name]);
}
