/**
 * A render thread of the virtual camera: paints the rows it is asked for into a shared frame
 * buffer. One SceneRenderer per seed, built on first use (its textures come from the disk cache
 * when a previous process made them).
 */
import { parentPort } from 'node:worker_threads';
import type { FrameParams } from './render.js';
import { pieceStart, SceneRenderer } from './render.js';

export interface BandJob {
  readonly id: number;
  readonly seed: number;
  readonly params: FrameParams;
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly rowFrom: number;
  readonly rowTo: number;
  /**
   * Shared pieces instead of one band: the frame's rows are cut into `pieces` pieces, and every
   * thread (the calling one too) takes the next piece with an atomic increment of `counter[0]`
   * until none is left. Each piece painted here is reported by one message.
   */
  readonly counter?: SharedArrayBuffer;
  readonly pieces?: number;
}

export interface BandDone {
  readonly id: number;
  readonly error?: string;
  /** Milliseconds this thread spent painting the band (or piece). */
  readonly ms?: number;
}

const renderers = new Map<number, SceneRenderer>();

function rendererFor(seed: number): SceneRenderer {
  let renderer = renderers.get(seed);
  if (!renderer) {
    renderer = new SceneRenderer(seed);
    renderers.set(seed, renderer);
  }
  return renderer;
}

/** Paints rows [rowFrom, rowTo) of the job's frame and reports it. */
function paintRows(job: BandJob, rowFrom: number, rowTo: number): void {
  let error: string | undefined;
  const started = performance.now();
  try {
    const { width, height } = job.params;
    rendererFor(job.seed).render(job.params, new Uint32Array(job.buffer, job.byteOffset, width * height), rowFrom, rowTo);
  } catch (err) {
    error = (err as Error)?.stack ?? String(err);
  }
  const done: BandDone = error === undefined ? { id: job.id, ms: performance.now() - started } : { id: job.id, error };
  parentPort!.postMessage(done);
}

/** Id 0 says the thread has loaded and takes jobs. */
parentPort?.postMessage({ id: 0 } satisfies BandDone);

parentPort?.on('message', (job: BandJob) => {
  if (job.counter === undefined || job.pieces === undefined) return paintRows(job, job.rowFrom, job.rowTo);
  const next = new Int32Array(job.counter);
  const { height } = job.params;
  // Bounded: the counter only grows, and each turn takes one of the `pieces` pieces.
  for (let i = Atomics.add(next, 0, 1); i < job.pieces; i = Atomics.add(next, 0, 1)) {
    paintRows(job, pieceStart(height, job.pieces, i), pieceStart(height, job.pieces, i + 1));
  }
});
