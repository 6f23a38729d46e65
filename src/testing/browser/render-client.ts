/**
 * The page's side of the worker renderer (render-worker.ts). The worker's code is bundled into the
 * testing build as a string (scripts/build-testing.mjs) and started from a Blob URL; where there
 * is no Worker, no bundled code (the unbundled ESM files) or the page forbids Blob workers, the
 * caller renders on the main thread instead.
 */
import { type CardImage } from '../../backends/virtual/card-image.js';
import type { FrameParams } from '../../backends/virtual/render.js';
import { notReadable } from '../../spec/errors.js';

declare const __IMAGECAPTURE_RENDER_WORKER__: string | undefined;

function workerCode(): string | undefined {
  return typeof __IMAGECAPTURE_RENDER_WORKER__ === 'string' ? __IMAGECAPTURE_RENDER_WORKER__ : undefined;
}

interface Pending {
  resolve(buffer: ArrayBuffer): void;
  reject(error: Error): void;
}

export class WorkerRenderer {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  #failed: Error | undefined;
  #image: CardImage | undefined;

  private constructor(worker: Worker, seed: number) {
    this.#worker = worker;
    worker.onmessage = (e: MessageEvent<{ type: string; id: number; buffer?: ArrayBuffer; message?: string }>) => {
      const m = e.data;
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (m.type === 'frame' && m.buffer) p.resolve(m.buffer);
      else p.reject(notReadable(`The virtual camera's renderer failed: ${m.message ?? 'no frame'}.`));
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      this.#fail(notReadable('The virtual camera could not render in a worker here.'));
    };
    worker.postMessage({ type: 'init', seed });
  }

  /** A renderer in a worker, or undefined where the page cannot have one. */
  static create(seed: number): WorkerRenderer | undefined {
    const code = workerCode();
    if (!code || typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL.createObjectURL !== 'function') return undefined;
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    try {
      return new WorkerRenderer(new Worker(url), seed);
    } catch {
      return undefined; // a Content-Security-Policy without blob: workers
    } finally {
      // The worker has fetched its script by the time it runs; revoking later would leak nothing either.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    }
  }

  /** Whether the worker has stopped working (the caller renders on the main thread from then on). */
  get failed(): boolean {
    return this.#failed !== undefined;
  }

  /** Renders one frame; `buffer` (if the right size) is reused and comes back filled. */
  render(params: FrameParams, image: CardImage | undefined, buffer?: ArrayBuffer): Promise<ArrayBuffer> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (image !== this.#image) {
      this.#image = image;
      this.#worker.postMessage({ type: 'image', image: image ? image.toData() : null });
    }
    const id = this.#next++;
    return new Promise<ArrayBuffer>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const size = params.width * params.height * 4;
      const b = buffer && buffer.byteLength === size ? buffer : new ArrayBuffer(size);
      this.#worker.postMessage({ type: 'render', id, params, buffer: b }, [b]);
    });
  }

  terminate(): void {
    this.#fail(notReadable('The virtual camera was closed.'));
    this.#worker.terminate();
  }

  #fail(error: Error): void {
    this.#failed ??= error;
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }
}
