import { open } from 'node:fs/promises';
import type { FileProblem } from './problems.js';

/**
 * Read an input file as UTF-8 text, at most `maxBytes` (+1 to tell "too large" apart): devices and pipes
 * cannot make it read forever, and a file that grows while read is still bounded. Never throws: a
 * missing, unreadable, too large or non-UTF-8 file is one problem at 1:1.
 */
export type ReadResult = { ok: true; source: string } | { ok: false; problem: FileProblem };

export async function readSourceFile(path: string, name: string, maxBytes: number): Promise<ReadResult> {
  const fail = (code: FileProblem['code'], message: string): ReadResult => ({
    ok: false,
    problem: { file: path, line: 1, col: 1, code, message },
  });
  let bytes: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (info.isDirectory()) return fail('FILE_UNREADABLE', `is a directory, not a ${name}`);
      if (info.size > maxBytes) {
        return fail(
          'FILE_TOO_LARGE',
          `file is ${info.size} bytes; a ${name} is limited to ${maxBytes} bytes`,
        );
      }
      bytes = await readAtMost(handle, maxBytes + 1);
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('FILE_NOT_FOUND', 'no such file');
    return fail('FILE_UNREADABLE', `cannot read the file (${code ?? (err as Error).message})`);
  }
  if (bytes.length > maxBytes) {
    return fail('FILE_TOO_LARGE', `file is larger than ${maxBytes} bytes; a ${name} is limited to that`);
  }
  try {
    return { ok: true, source: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return fail('INVALID_ENCODING', 'the file is not UTF-8 text');
  }
}

async function readAtMost(handle: Awaited<ReturnType<typeof open>>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks);
}
