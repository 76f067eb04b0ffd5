import { request, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * SSE subscribers for the fan-out benchmark, in their own process so the load generator shares neither
 * the store's nor the runner's event loop. Config in argv[2] (JSON: url, key, runId, n). Talks to the
 * runner over IPC: `ready` once every stream delivered its catch-up `session_started`; answers `ping`
 * with its clock (offset estimation); on `collect` sends arrival times of every `bench#<k>#` marker
 * per subscriber; `exit` closes everything.
 */

const clock = () => performance.timeOrigin + performance.now();
const cfg = JSON.parse(process.argv[2] ?? '{}') as { url: string; key: string; runId: string; n: number };
const send = (m: unknown) => process.send!(m);

const arrivals: Record<number, number>[] = Array.from({ length: cfg.n }, () => ({}));
const responses: IncomingMessage[] = [];
let ready = 0;
let failed = 0;
let ended = 0;
const started = clock();
const MARK = /bench#(\d+)#/g;

function subscribe(i: number): Promise<void> {
  return new Promise((resolve) => {
    const u = new URL(`/v1/interview-runs/${cfg.runId}/live`, cfg.url);
    const req = request(
      u,
      {
        agent: false,
        headers: { authorization: `Bearer ${cfg.key}`, accept: 'text/event-stream' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          failed++;
          res.resume();
          resolve();
          return;
        }
        responses.push(res);
        res.setEncoding('utf8');
        let buf = '';
        let isReady = false;
        res.on('data', (chunk: string) => {
          const t = clock();
          buf += chunk;
          const cut = buf.lastIndexOf('\n\n');
          if (cut < 0) return;
          const frames = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          if (!isReady && frames.includes('event: session_started')) {
            isReady = true;
            ready++;
            if (ready + failed === cfg.n) send({ type: 'ready', ready, failed, ms: clock() - started });
          }
          MARK.lastIndex = 0;
          for (let m = MARK.exec(frames); m; m = MARK.exec(frames)) {
            const k = Number(m[1]);
            arrivals[i]![k] ??= t;
          }
        });
        res.on('end', () => ended++);
        res.on('error', () => undefined);
        resolve();
      },
    );
    req.on('error', () => {
      failed++;
      if (ready + failed === cfg.n) send({ type: 'ready', ready, failed, ms: clock() - started });
      resolve();
    });
    req.end();
  });
}

process.on('message', (m: { type: string }) => {
  if (m.type === 'ping') send({ type: 'pong', t: clock() });
  else if (m.type === 'collect') send({ type: 'arrivals', arrivals, ended });
  else if (m.type === 'exit') {
    for (const r of responses) r.destroy();
    process.disconnect();
    setTimeout(() => process.exit(0), 100).unref();
  }
});

// Open in batches so a 1000-subscriber burst does not overflow the listen backlog.
const BATCH = 50;
for (let i = 0; i < cfg.n; i += BATCH) {
  await Promise.all(Array.from({ length: Math.min(BATCH, cfg.n - i) }, (_, j) => subscribe(i + j)));
}
