/**
 * "Grab frames": a burst of grabFrame() calls (https://w3c.github.io/mediacapture-image/#dom-imagecapture-grabframe),
 * one after the other, shown as a filmstrip with the time each call took, and a summary (median, effective rate).
 */
import { byId, formatMs, h, median, replaceChildren } from './dom.js';
import { IMPL_LABELS, type Capture, type ImplName } from './impls.js';

const THUMB_WIDTH = 160;

export interface Grab {
  width: number;
  height: number;
  ms: number;
}

/** One grabFrame() call, timed; the bitmap is handed to `use` and closed afterwards. */
export async function grabOnce(capture: Capture, use?: (bitmap: ImageBitmap) => void): Promise<Grab> {
  const start = performance.now();
  const bitmap = await capture.grabFrame();
  const ms = performance.now() - start;
  try {
    use?.(bitmap);
    return { width: bitmap.width, height: bitmap.height, ms };
  } finally {
    bitmap.close();
  }
}

function thumbnail(bitmap: ImageBitmap): HTMLCanvasElement {
  const width = Math.min(THUMB_WIDTH, bitmap.width);
  const height = Math.max(1, Math.round((bitmap.height * width) / bitmap.width));
  const canvas = h('canvas', { width, height });
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}

/** Grabs `count` frames in a row into the filmstrip; `record` receives each call's time. */
export async function burst(capture: Capture, impl: ImplName, count: number, record: (ms: number) => void): Promise<Grab[]> {
  const strip = byId('filmstrip');
  const summary = byId('filmstrip-summary');
  strip.replaceChildren();
  summary.textContent = `Grabbing ${count} frames with ${IMPL_LABELS[impl]}…`;
  const grabs: Grab[] = [];
  const start = performance.now();
  try {
    for (let i = 0; i < count; i++) {
      let canvas: HTMLCanvasElement | undefined;
      const grab = await grabOnce(capture, (bitmap) => (canvas = thumbnail(bitmap)));
      grabs.push(grab);
      record(grab.ms);
      strip.append(
        h(
          'figure',
          { class: 'frame', 'data-ms': grab.ms.toFixed(1), 'data-width': grab.width, 'data-height': grab.height },
          canvas,
          h('figcaption', {}, h('span', {}, `#${i + 1}`), h('strong', {}, formatMs(grab.ms))),
        ),
      );
    }
  } finally {
    const total = performance.now() - start;
    const rate = grabs.length > 0 && total > 0 ? (grabs.length * 1000) / total : 0;
    replaceChildren(
      summary,
      grabs.length === 0
        ? 'No frame was grabbed.'
        : `${grabs.length} frames of ${grabs[0]!.width}×${grabs[0]!.height} in ${formatMs(total)} · median ${formatMs(
          median(grabs.map((g) => g.ms)),
        )} per frame · ${rate.toFixed(1)} frames/s · ${IMPL_LABELS[impl]}`,
    );
  }
  return grabs;
}
