/**
 * Helpers of the legacy page cases (page/legacy.ts): the layer as a page imports it, waiting for
 * its events (bounded), and JSON views of what it reports.
 */

export type Legacy = typeof import('../../../src/entries/browser-legacy.js');
/** The draft's event handler attributes (defined on the prototype at run time). */
export interface Handlers {
  onphoto: ((e: Event) => unknown) | null;
  onerror: ((e: Event) => unknown) | null;
  onphotosettingschange: ((e: Event) => unknown) | null;
  onframegrab: ((e: Event) => unknown) | null;
}
export type LegacyCapture = InstanceType<Legacy['ImageCapture']> & Handlers;
export type R = Record<string, unknown>;

export const EVENT_WAIT_MS = 10_000;

let loaded: Promise<Legacy> | undefined;
/** The layer as a page importing `imagecapture/legacy` gets it (a runtime URL: not bundled here). */
export function legacy(): Promise<Legacy> {
  const url = '/esm/legacy.js';
  loaded ??= import(url) as Promise<Legacy>;
  return loaded;
}

/** The next `type` event on `target` (rejects after EVENT_WAIT_MS). */
export function next<T extends Event = Event>(target: EventTarget, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" event within ${EVENT_WAIT_MS} ms`)), EVENT_WAIT_MS);
    target.addEventListener(
      type,
      (e) => {
        clearTimeout(timer);
        resolve(e as T);
      },
      { once: true },
    );
  });
}

/** Whichever of the layer's outcome events comes first: its type and, for errors, code and message. */
export async function outcome(capture: LegacyCapture): Promise<{ type: string; code?: number; message?: string }> {
  const e = await Promise.race(['photo', 'framegrab', 'photosettingschange', 'error'].map((t) => next(capture, t)));
  const error = (e as Event & { imageCaptureError?: { code: number; message: string } | null }).imageCaptureError;
  return error ? { type: e.type, code: error.code, message: error.message } : { type: e.type };
}

export async function decode(blob: Blob): Promise<{ type: string; bytes: number; width: number; height: number }> {
  const bitmap = await createImageBitmap(blob);
  const out = { type: blob.type, bytes: blob.size, width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return out;
}

/** A JSON view of photoSettingsOptions: each member's class and value. */
export function optionsView(capture: LegacyCapture): R {
  const o = capture.photoSettingsOptions as unknown as Record<string, unknown>;
  const out: R = {};
  for (const [key, value] of Object.entries(o)) {
    out[key] = value === null || typeof value !== 'object'
      ? value
      : { class: Object.prototype.toString.call(value).slice(8, -1), ...(value as { toJSON(): R }).toJSON() };
  }
  return out;
}
