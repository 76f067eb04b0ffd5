// The microphone check: a level meter over the browser's microphone (Web Audio analyser).

/**
 * @typedef {{ stop(): void }} MicMeter
 */

/**
 * Opens the microphone and reports its level (0..1, RMS scaled) on every animation frame.
 * @param {(level: number) => void} onLevel
 * @returns {Promise<MicMeter>}
 */
export async function startMicMeter(onLevel) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
  const ctx = new AudioContext();
  const source = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  let raf = 0;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    analyser.getFloatTimeDomainData(buf);
    let sum = 0;
    for (const v of buf) sum += v * v;
    const rms = Math.sqrt(sum / buf.length);
    onLevel(Math.min(1, rms * 6));
    raf = requestAnimationFrame(tick);
  };
  if (ctx.state === 'suspended') await ctx.resume().catch(() => undefined);
  tick();
  return {
    stop() {
      stopped = true;
      cancelAnimationFrame(raf);
      for (const t of stream.getTracks()) t.stop();
      void ctx.close().catch(() => undefined);
    },
  };
}
