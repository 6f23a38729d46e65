/**
 * Rendering on worker threads: a frame is cut into horizontal bands, one per thread, painted in
 * parallel into a SharedArrayBuffer. Rows depend only on the frame's parameters and their index,
 * so the pixels are the same whatever the number of threads (tested).
 *
 * The pool is shared by every virtual camera of the process and sized to the cores
 * (`IMAGECAPTURE_RENDER_THREADS` overrides; 0 or 1 renders on the calling thread). Its threads
 * keep the process alive only while a render is pending. Sources use it only with a real clock: under a
 * manual clock frames are rendered synchronously on the calling thread, so tests stay in step.
 */
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { pieceStart, type FrameParams, type SceneRenderer } from './render.js';
import type { BandDone, BandJob } from './render-worker.js';

/** Frames smaller than this (pixels) are not worth the messages: rendered on the calling thread. */
export const MIN_POOLED_PIXELS = 320 * 240;
/** A still's rows are cut into this many pieces, shared by the calling thread and the render threads. */
const STILL_PIECES = 16;

/**
 * The number of render threads: IMAGECAPTURE_RENDER_THREADS, else one per core (at most 8); 0
 * where there is no shared memory to paint into (some test environments hide it).
 */
export function renderThreads(): number {
  if (typeof SharedArrayBuffer !== 'function') return 0;
  const env = process.env.IMAGECAPTURE_RENDER_THREADS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (Number.isInteger(n) && n >= 0) return Math.min(n, 64);
  }
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return Math.max(1, Math.min(8, cores));
}

interface Pending {
  remaining: number;
  error: string | undefined;
  /** Sum of the bands' painting times so far. */
  ms: number;
  resolve(ms: number): void;
  reject(error: Error): void;
}

/** Compiled: render-worker.js next to this file; from the TypeScript sources (under tsx): the .ts. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

function startWorker(): Worker {
  const url = new URL(`./render-worker${FROM_SOURCES ? '.ts' : '.js'}`, import.meta.url);
  if (!FROM_SOURCES) return new Worker(url);
  // A worker's entry module loads before its --import hooks on Node 20: register tsx first.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true });
}

export class RenderPool {
  readonly size: number;
  readonly #workers: Worker[] = [];
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #broken: Error | undefined;
  #loaded = 0;

  constructor(size: number) {
    this.size = size;
    for (let i = 0; i < size; i++) {
      const w = startWorker();
      w.on('message', (m: BandDone) => this.#done(m));
      w.on('error', (e) => this.#fail(e));
      w.on('exit', (code) => this.#fail(new Error(`a render thread exited with code ${code}`)));
      // After the listeners: adding a 'message' listener refs the thread again.
      w.unref();
      this.#workers.push(w);
    }
  }

  /** True once every thread has loaded (before that, jobs wait for the threads to start). */
  get online(): boolean {
    return this.#loaded === this.size && this.usable;
  }

  /** False once a thread died: callers render on their own thread from then on. */
  get usable(): boolean {
    return this.#broken === undefined;
  }

  /**
   * Renders frame `params` of the camera with this seed into `pixels`, whose buffer must be a
   * SharedArrayBuffer. Resolves when every band is painted, with the milliseconds the threads spent
   * painting, added up (about what one thread alone would take).
   */
  render(seed: number, params: FrameParams, pixels: Uint32Array): Promise<number> {
    if (this.#broken) return Promise.reject(this.#broken);
    const buffer = pixels.buffer;
    if (!(buffer instanceof SharedArrayBuffer)) return Promise.reject(new TypeError('render pool output must be shared memory'));
    const id = this.#nextId++;
    const bands = Math.min(this.size, params.height);
    // While a render is pending the threads keep the process alive, as a timer would.
    if (this.#pending.size === 0) for (const w of this.#workers) w.ref();
    return new Promise<number>((resolve, reject) => {
      this.#pending.set(id, { remaining: bands, error: undefined, ms: 0, resolve, reject });
      for (let b = 0; b < bands; b++) {
        const job: BandJob = {
          id,
          seed,
          params,
          buffer,
          byteOffset: pixels.byteOffset,
          rowFrom: Math.floor((params.height * b) / bands),
          rowTo: Math.floor((params.height * (b + 1)) / bands),
        };
        this.#workers[b]!.postMessage(job);
      }
    });
  }

  /**
   * Paints frame `params` together with the calling thread: its rows are cut into pieces that this
   * thread and every render thread take one at a time, so the threads help as soon as they have
   * loaded and a frame never waits for them to load. Returns the painting time (every thread's
   * added up) as a number when this thread painted every piece, else a promise that settles once
   * the threads' pieces are painted too. `pixels` must be shared memory.
   */
  renderShared(seed: number, params: FrameParams, pixels: Uint32Array, renderer: SceneRenderer): number | Promise<number> {
    const buffer = pixels.buffer;
    if (this.#broken || !(buffer instanceof SharedArrayBuffer)) return paintHere(renderer, params, pixels);
    const id = this.#nextId++;
    const height = params.height;
    const pieces = Math.min(STILL_PIECES, height);
    const counter = new SharedArrayBuffer(4);
    const job: BandJob = { id, seed, params, buffer, byteOffset: pixels.byteOffset, rowFrom: 0, rowTo: 0, counter, pieces };
    for (const w of this.#workers) w.postMessage(job);
    const next = new Int32Array(counter);
    let ms = 0;
    let mine = 0;
    // Bounded: the counter only grows, and each turn takes one of the pieces.
    for (let i = Atomics.add(next, 0, 1); i < pieces; i = Atomics.add(next, 0, 1)) {
      const started = performance.now();
      renderer.render(params, pixels, pieceStart(height, pieces, i), pieceStart(height, pieces, i + 1));
      ms += performance.now() - started;
      mine++;
    }
    // The threads' messages are handled after this returns, so none is missed.
    if (mine === pieces) return ms;
    if (this.#pending.size === 0) for (const w of this.#workers) w.ref();
    return new Promise<number>((resolve, reject) => {
      this.#pending.set(id, { remaining: pieces - mine, error: undefined, ms, resolve, reject });
    });
  }

  #done(m: BandDone): void {
    if (m.id === 0) {
      this.#loaded++;
      return;
    }
    const p = this.#pending.get(m.id);
    if (!p) return;
    if (m.error !== undefined) p.error ??= m.error;
    p.ms += m.ms ?? 0;
    if (--p.remaining > 0) return;
    this.#pending.delete(m.id);
    if (this.#pending.size === 0) for (const w of this.#workers) w.unref();
    if (p.error !== undefined) p.reject(new Error(`rendering on a worker thread failed: ${p.error}`));
    else p.resolve(p.ms);
  }

  #fail(error: Error): void {
    if (this.#broken) return;
    this.#broken = error;
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
    for (const w of this.#workers) void w.terminate();
  }

  /** Stops the threads (pending renders reject). */
  async close(): Promise<void> {
    this.#fail(new Error('the render pool was closed'));
  }
}

let shared: RenderPool | undefined;
let gaveUp = false;

/**
 * The process's render pool; made on first call when `create`, else only returned if it exists.
 * Undefined when one thread is asked for.
 */
export function sharedRenderPool(create = true): RenderPool | undefined {
  if (shared && !shared.usable) {
    // Threads that died once (a missing file, no memory) are not started again: render here.
    shared = undefined;
    gaveUp = true;
  }
  if (shared || !create || gaveUp) return shared;
  const n = renderThreads();
  if (n < 2) return undefined;
  shared = new RenderPool(n);
  return shared;
}

/** The render threads for a frame this large with a seed (frames under a manual clock have none). */
function poolFor(seed: number | undefined, params: FrameParams, start: boolean): RenderPool | undefined {
  return seed !== undefined && params.width * params.height >= MIN_POOLED_PIXELS ? sharedRenderPool(start) : undefined;
}

/**
 * Paints a frame: on the render threads when they are running, else at once on this thread with
 * `renderer`; the pixels are the same either way. `seed` undefined keeps it on this thread (a
 * manual clock). A failure of the threads falls back to this thread. `start` starts the threads
 * if they are not running (the frames render here while they load): sources ask for it from the
 * second image they deliver, so a one-shot photo (the CLI) does not pay for threads it would
 * hardly use. Returns the milliseconds of painting (the threads' added up), or the pending render
 * resolving with them.
 */
export function paint(
  renderer: SceneRenderer,
  seed: number | undefined,
  params: FrameParams,
  pixels: Uint32Array,
  start: boolean,
): number | Promise<number> {
  const pool = poolFor(seed, params, start);
  if (!pool?.online) return paintHere(renderer, params, pixels);
  return pool.render(seed!, params, pixels).catch(() => paintHere(renderer, params, pixels));
}

/**
 * Paints a still: shared between this thread and the render threads, or with `seed` undefined (a
 * manual clock, a test's picture on the card) on this thread alone. `start` starts the threads
 * when they are not running (sources ask for it from their second image: starting threads costs
 * a one-shot photo more CPU than they save it). Returns as paint() does.
 */
export function paintStill(
  renderer: SceneRenderer,
  seed: number | undefined,
  params: FrameParams,
  pixels: Uint32Array,
  start: boolean,
): number | Promise<number> {
  const pool = poolFor(seed, params, start);
  if (!pool) return paintHere(renderer, params, pixels);
  const painting = pool.renderShared(seed!, params, pixels, renderer);
  return typeof painting === 'number' ? painting : painting.catch(() => paintHere(renderer, params, pixels));
}

/** Paints the frame on this thread; returns the milliseconds it took. */
export function paintHere(renderer: SceneRenderer, params: FrameParams, pixels: Uint32Array): number {
  const started = performance.now();
  renderer.render(params, pixels);
  return performance.now() - started;
}
