import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { pino } from 'pino';
import { parseStoreEnv } from '../../../src/config/store.js';
import { openDatabase } from '../../../src/store/db/database.js';
import { createApp } from '../../../src/store/http/app.js';
import { putTurn } from '../../../src/store/services/internal.js';
import { buildDeps } from '../../../src/store/start.js';
import {
  AGENT_SECRET,
  Api,
  BOOTSTRAP_KEY,
  clock,
  freshBackend,
  log,
  median,
  round,
  turnBody,
} from '../lib.js';
import type { Part, PartContext, PartResult, Row } from '../types.js';

/**
 * Diagnostic (run it by name: `npm run bench -- breakdown`): where one turn POST's time goes, measured
 * in-process and sequentially (no concurrency, no sockets to the client): one database round trip
 * (`select 1` through drizzle), `putTurn` (the service: every query of a turn), the whole app
 * (`app.request`: routing, auth, zod validation, service, serialisation), and how many statements a
 * turn issues (counted at the driver).
 */

/** Turns in flight at once in the concurrent measurement (the store bench's autocannon connections). */
const CONCURRENCY = 10;

let statements = 0;
function countStatements(): void {
  for (const proto of [PGlite.prototype, pg.Client.prototype] as unknown as Record<string, unknown>[]) {
    for (const name of ['query', 'exec']) {
      const orig = proto[name] as ((...a: unknown[]) => unknown) | undefined;
      if (typeof orig !== 'function' || (orig as { counted?: boolean }).counted) continue;
      const wrapped = function (this: unknown, ...a: unknown[]) {
        statements++;
        return orig.apply(this, a);
      };
      (wrapped as { counted?: boolean }).counted = true;
      proto[name] = wrapped;
    }
  }
}

async function timeIt(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = clock();
    await fn(i);
    ms.push(clock() - t0);
  }
  return round(median(ms), 3)!;
}

async function measure(name: 'pglite' | 'postgres', n: number) {
  countStatements();
  const backend = await freshBackend(name);
  const database = await openDatabase(
    backend.databaseUrl ? { url: backend.databaseUrl } : { dataDir: backend.dataDir! },
  );
  try {
    const env = parseStoreEnv({
      PARLEY_AGENT_SECRET: AGENT_SECRET,
      PARLEY_BOOTSTRAP_KEY: BOOTSTRAP_KEY,
      PARLEY_RATE_LIMIT_PER_MIN: '1000000',
    });
    const deps = await buildDeps({ database, env, logger: pino({ level: 'silent' }) });
    await deps.repos.keys.bootstrap(BOOTSTRAP_KEY, new Date());
    const app = createApp(deps);
    // The Api helper over app.request (no socket).
    const api = new Api('http://in-process');
    const fetchBackup = globalThis.fetch;
    globalThis.fetch = ((input: string, init?: RequestInit) =>
      app.request(String(input).replace('http://in-process', ''), init)) as typeof fetch;
    try {
      const bp = await api.publishedBlueprint();
      const [a, b, c] = [await api.activeRun(bp), await api.activeRun(bp), await api.activeRun(bp)];
      const many = await Promise.all(Array.from({ length: CONCURRENCY }, () => api.activeRun(bp)));
      const selectOne = await timeIt(n, () => database.db.execute(sql`select 1`));
      const s0 = statements;
      const service = await timeIt(n, (i) => putTurn(deps, a, turnBody(i + 1)));
      const perTurn = (statements - s0) / n;
      const whole = await timeIt(n, async (i) =>
        app.request(`/internal/runs/${b}/turns`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-agent-secret': AGENT_SECRET },
          body: JSON.stringify(turnBody(i + 1)),
        }),
      );
      const byId = await timeIt(n, () => deps.repos.runs.byId(c));
      // CONCURRENCY turns at once (one per run), as the load generator's connections send them: the
      // store writes concurrent turns together, so this is the per-turn cost under load.
      const rounds = Math.max(1, Math.floor(n / CONCURRENCY));
      const concurrent =
        (await timeIt(rounds, (i) => Promise.all(many.map((r) => putTurn(deps, r, turnBody(i + 1)))))) /
        CONCURRENCY;
      log(
        `breakdown[${name}]: select 1 ${selectOne} ms, runs.byId ${byId} ms, putTurn ${service} ms (${perTurn} statements), app.request ${whole} ms, putTurn ×${CONCURRENCY} concurrent ${round(concurrent, 3)} ms per turn`,
      );
      return {
        backend: name,
        n,
        select_1_ms: selectOne,
        runs_by_id_ms: byId,
        put_turn_ms: service,
        put_turn_concurrent_ms_per_turn: round(concurrent, 3),
        // PGlite transactions run on a Transaction object the counter does not see: PostgreSQL only.
        statements_per_turn: name === 'postgres' ? perTurn : null,
        app_request_ms: whole,
      };
    } finally {
      globalThis.fetch = fetchBackup;
    }
  } finally {
    await database.close();
    await backend.cleanup();
  }
}

export const breakdownPart: Part = {
  name: 'breakdown',
  description: 'diagnostic: one turn POST in-process, sequential — database round trip, service, whole app',
  keys: [],
  async run(ctx: PartContext): Promise<PartResult> {
    const n = ctx.quick ? 200 : 1000;
    const results: Awaited<ReturnType<typeof measure>>[] = [];
    for (const b of ctx.backends) results.push(await measure(b, n));
    const row = (metric: string, f: (r: (typeof results)[number]) => number | null): Row => ({
      metric,
      values: Object.fromEntries(results.map((r) => [r.backend, f(r)])),
    });
    return {
      keys: {},
      rows: [
        row('breakdown: select 1 ms (median)', (r) => r.select_1_ms),
        row('breakdown: runs.byId ms', (r) => r.runs_by_id_ms),
        row('breakdown: putTurn ms', (r) => r.put_turn_ms),
        row(
          `breakdown: putTurn ×${CONCURRENCY} concurrent, ms per turn`,
          (r) => r.put_turn_concurrent_ms_per_turn,
        ),
        row('breakdown: SQL statements per turn', (r) => r.statements_per_turn),
        row('breakdown: app.request turn ms', (r) => r.app_request_ms),
      ],
      details: { breakdown: results },
      notes: [],
    };
  },
};
