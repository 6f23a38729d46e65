/**
 * A render thread of the virtual camera: paints the rows it is asked for into a shared frame
 * buffer. One SceneRenderer per seed, built on first use (its textures come from the disk cache
 * when a previous process made them).
 */
import { parentPort } from 'node:worker_threads';
import type { FrameParams } from './render.js';
import { SceneRenderer } from './render.js';

export interface BandJob {
  readonly id: number;
  readonly seed: number;
  readonly params: FrameParams;
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly rowFrom: number;
  readonly rowTo: number;
}

export interface BandDone {
  readonly id: number;
  readonly error?: string;
  /** Milliseconds this thread spent painting the band. */
  readonly ms?: number;
}

const renderers = new Map<number, SceneRenderer>();

/** Id 0 says the thread has loaded and takes jobs. */
parentPort?.postMessage({ id: 0 } satisfies BandDone);

parentPort?.on('message', (job: BandJob) => {
  let error: string | undefined;
  const started = performance.now();
  try {
    let renderer = renderers.get(job.seed);
    if (!renderer) {
      renderer = new SceneRenderer(job.seed);
      renderers.set(job.seed, renderer);
    }
    const { width, height } = job.params;
    renderer.render(job.params, new Uint32Array(job.buffer, job.byteOffset, width * height), job.rowFrom, job.rowTo);
  } catch (err) {
    error = (err as Error)?.stack ?? String(err);
  }
  const done: BandDone = error === undefined ? { id: job.id, ms: performance.now() - started } : { id: job.id, error };
  parentPort!.postMessage(done);
});
