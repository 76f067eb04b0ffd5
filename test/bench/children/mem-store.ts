import { startStore } from '../../../src/store/start.js';

/**
 * The store in a process of its own (run with --expose-gc) for the memory-per-run measurement: the same
 * `startStore` that `parley store` calls, plus an IPC `measure` that collects garbage and reports
 * `process.memoryUsage()`. Config in argv[2] (JSON: env, dataDir).
 */

const cfg = JSON.parse(process.argv[2] ?? '{}') as { env: Record<string, string>; dataDir?: string };
const store = await startStore({
  env: cfg.env,
  port: 0,
  ...(cfg.dataDir ? { dataDir: cfg.dataDir } : {}),
});
const gc = (globalThis as { gc?: () => void }).gc;

process.on('message', async (m: { type: string }) => {
  if (m.type === 'measure') {
    for (let i = 0; i < 3; i++) {
      gc?.();
      await new Promise((r) => setTimeout(r, 50));
    }
    process.send!({ type: 'memory', usage: process.memoryUsage(), gc: gc !== undefined });
  } else if (m.type === 'exit') {
    await store.close();
    process.exit(0);
  }
});
process.send!({ type: 'listening', url: store.url });
