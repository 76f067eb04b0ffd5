import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Speech for tests: espeak-ng renders `text` as WAV, sox converts it to raw signed 16-bit mono PCM at
 * `sampleRate`. Real speech (not a tone) so that energy-based speech detection and Silero VAD both see it.
 */
export async function speak(
  text: string,
  sampleRate = 48_000,
  opts: { wpm?: number; voice?: string } = {},
): Promise<Int16Array> {
  const wav = await run(
    'espeak-ng',
    ['-v', opts.voice ?? 'en-us', '-s', String(opts.wpm ?? 170), '--stdout', text],
    {
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const raw = await runWithInput(
    'sox',
    [
      '-t',
      'wav',
      '-',
      '-t',
      'raw',
      '-r',
      String(sampleRate),
      '-c',
      '1',
      '-b',
      '16',
      '-e',
      'signed-integer',
      '-',
    ],
    wav.stdout,
  );
  return new Int16Array(raw.buffer, raw.byteOffset, Math.floor(raw.byteLength / 2));
}

function runWithInput(cmd: string, args: string[], input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(Buffer.from(stdout));
    });
    child.stdin?.end(input);
  });
}

/** Root-mean-square level of 16-bit samples (0..32767). */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

/**
 * `pcm` without the quiet espeak-ng leaves after the last word (about 300 ms below RMS `level`): it ends
 * one 10 ms frame after the last frame at or above `level`. A pause scripted after it is then the whole
 * silence the listener hears, as labelled.
 */
export function trimTrailingSilence(pcm: Int16Array, sampleRate = 48_000, level = 500): Int16Array {
  const frame = Math.round(sampleRate / 100);
  let end = 0;
  for (let off = 0; off < pcm.length; off += frame)
    if (rms(pcm.subarray(off, off + frame)) >= level) end = Math.min(pcm.length, off + 2 * frame);
  return pcm.subarray(0, end);
}
