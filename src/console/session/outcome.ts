import type { Renderer } from '../render.js';
import type { ConsoleResult } from '../runner.js';
import type { ConsoleOptions, ConsoleOutcome, ConsoleSummary } from './options.js';

/**
 * After the interview: the closing status line, the comparison with the expected path, the JSON summary
 * (printed with --json) and the exit code.
 */
export function reportOutcome(
  opts: ConsoleOptions,
  result: ConsoleResult,
  ctx: { renderer: Renderer; runId: string; stored: boolean; expectPath: string[] | undefined },
): ConsoleOutcome {
  const { renderer, runId, expectPath } = ctx;
  if (result.left) {
    renderer.status(
      ctx.stored
        ? `Session ended before the interview finished (participant left). Resume with: parley console ${opts.blueprintPath} --store ${opts.store?.url ?? ''} --resume ${runId}`
        : 'Session ended before the interview finished (participant left).',
    );
  } else if (ctx.stored && result.store !== undefined) {
    renderer.info(
      result.store.finalized
        ? `run ${runId} finalized in the store (analysis and webhooks follow)`
        : `run ${runId}: the store has not confirmed finalize yet (${result.store.pending} pending; kept on disk)`,
    );
  }

  let pathMatches: boolean | null = null;
  if (expectPath !== undefined) {
    pathMatches =
      expectPath.length === result.path_taken.length &&
      expectPath.every((n, i) => result.path_taken[i] === n);
    if (!pathMatches) {
      opts.stderr.write(
        `path differs:\n  expected ${expectPath.join(',')}\n  actual   ${result.path_taken.join(',')}\n`,
      );
    }
  }
  const summary: ConsoleSummary = {
    run_id: result.run_id,
    status: result.status,
    end_reason: result.end_reason,
    left: result.left,
    path_taken: result.path_taken,
    ...(expectPath !== undefined ? { expected_path: expectPath, path_matches: pathMatches === true } : {}),
    responses: result.responses,
    probe_ledger: result.probe_ledger,
    confirmations: result.confirmations,
    transcript: result.transcript,
    ...(result.store !== undefined ? { store: result.store } : {}),
  };
  if (opts.json === true) opts.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  return { exitCode: pathMatches === false ? 1 : 0, result, summary, pathMatches };
}
