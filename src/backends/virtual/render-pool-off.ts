/**
 * The render pool where there are no worker threads (the virtual camera running in a web page,
 * where the page's own worker renders whole frames): every frame renders on the calling thread.
 * Same interface as render-pool.ts, which the browser builds substitute with this file.
 */
import type { FrameParams, SceneRenderer } from './render.js';

/** No render threads. */
export function renderThreads(): number {
  return 0;
}

/** Renders the frame at once, on this thread; returns the milliseconds it took. */
export function paint(
  renderer: SceneRenderer,
  _seed: number | undefined,
  params: FrameParams,
  pixels: Uint32Array,
  _start: boolean,
): number {
  return paintHere(renderer, params, pixels);
}

/** Paints a still at once, on this thread, as a frame; returns the milliseconds it took. */
export const paintStill = paint;

/** Paints the frame on this thread; returns the milliseconds it took. */
export function paintHere(renderer: SceneRenderer, params: FrameParams, pixels: Uint32Array): number {
  const started = performance.now();
  renderer.render(params, pixels);
  return performance.now() - started;
}
