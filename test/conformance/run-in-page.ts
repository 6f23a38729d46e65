/**
 * The conformance suite inside a browser page. Bundle this file with esbuild (format "iife",
 * globalName of your choice, or "esm"); the page then calls
 *
 *   const env = pageEnv(window, { name: 'chromium-native', behavior: 'chromium', features: {...} });
 *   const report = await runConformance(env);   // JSON-serialisable
 *
 * or, through the browser harness, `session.runModule('test/conformance/run-in-page.ts', options)`,
 * which calls `run(options)` (PageRunOptions, JSON only).
 *
 * `pageEnv` builds an env from the page's globals: the native (or polyfilled) ImageCapture,
 * MediaStreamTrack, navigator.mediaDevices and navigator.permissions, the page's realm, and the
 * hooks a page can provide by itself (reading ImageBitmap pixels through a canvas, a canvas test
 * pattern track, probing a worker). Hooks only the driver can provide (permissions over CDP,
 * page visibility, camera failures) are passed in `overrides` by the browser harness.
 */
import { allCases } from './cases/index.js';
import {
  type BitmapLike,
  type CaseResult,
  type ConformanceCase,
  type ConformanceEnv,
  type ConformanceFeatures,
  PATTERN_QUADRANTS,
  runCase,
  type TrackLike,
} from './harness.js';

export { allCases } from './cases/index.js';
export type { CaseResult, ConformanceCase, ConformanceEnv } from './harness.js';

export interface ConformanceReport {
  readonly env: string;
  readonly behavior: string;
  readonly counts: { readonly pass: number; readonly fail: number; readonly skip: number };
  readonly results: readonly CaseResult[];
}

export interface RunConformanceOptions {
  /** Run only the cases this accepts (e.g. by id). */
  readonly filter?: (c: ConformanceCase) => boolean;
  /** Real-time limit per case, default 30 s. */
  readonly caseTimeoutMs?: number;
  /** Told about each result as it comes (for progress output). */
  readonly onResult?: (result: CaseResult) => void;
}

/** Runs every case (one after another) against `env` and returns the results. */
export async function runConformance(env: ConformanceEnv, options: RunConformanceOptions = {}): Promise<ConformanceReport> {
  const results: CaseResult[] = [];
  for (const c of allCases) {
    if (options.filter && !options.filter(c)) continue;
    const result = await runCase(c, env, { timeoutMs: options.caseTimeoutMs ?? 30_000 });
    // Drop stacks: they do not survive JSON well and the reason says what failed.
    const { stack: _stack, ...plain } = result;
    void _stack;
    results.push(plain);
    options.onResult?.(plain);
  }
  const count = (s: CaseResult['status']): number => results.filter((r) => r.status === s).length;
  return { env: env.name, behavior: env.behavior, counts: { pass: count('pass'), fail: count('fail'), skip: count('skip') }, results };
}

/** The globals a page env is built from (a Window, typed loosely so this file needs no DOM lib). */
type PageGlobals = any;

/** Draws PATTERN_QUADRANTS on a canvas and returns a track of it (repainted so frames keep coming). */
function canvasPatternTrack(win: PageGlobals, width = 320, height = 240): TrackLike {
  const canvas = win.document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  const paint = (): void => {
    PATTERN_QUADRANTS.forEach(([r, g, b], i) => {
      ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
      ctx.fillRect((i % 2) * (width / 2), Math.floor(i / 2) * (height / 2), width / 2, height / 2);
    });
  };
  paint();
  const stream = canvas.captureStream(30);
  const track = stream.getVideoTracks()[0] as TrackLike;
  const timer = win.setInterval(paint, 33);
  track.addEventListener('ended', () => win.clearInterval(timer));
  const stop = track.stop.bind(track);
  (track as { stop: () => void }).stop = () => {
    win.clearInterval(timer);
    stop();
  };
  return track;
}

async function canvasPixels(win: PageGlobals, bitmap: BitmapLike): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const { width, height } = bitmap;
  const canvas = typeof win.OffscreenCanvas === 'function'
    ? new win.OffscreenCanvas(width, height)
    : Object.assign(win.document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(bitmap, 0, 0);
  const data = ctx.getImageData(0, 0, width, height);
  return { width, height, data: data.data as Uint8ClampedArray };
}

/** Whether ImageCapture exists in a dedicated worker started from this page. */
function probeWorker(win: PageGlobals): Promise<boolean | undefined> {
  if (typeof win.Worker !== 'function' || typeof win.Blob !== 'function') return Promise.resolve(undefined);
  const source = "postMessage(typeof ImageCapture !== 'undefined');";
  const url = win.URL.createObjectURL(new win.Blob([source], { type: 'text/javascript' }));
  return new Promise((resolve) => {
    const worker = new win.Worker(url);
    const done = (value: boolean | undefined): void => {
      worker.terminate();
      win.URL.revokeObjectURL(url);
      resolve(value);
    };
    worker.onmessage = (e: { data: unknown }) => done(e.data === true);
    worker.onerror = () => done(undefined);
  });
}

/**
 * An env over a page's globals. `overrides` supplies the name, behaviour, features and any hook
 * the driver implements (setPermission, setHidden, failNext, …); they win over the defaults.
 */
export function pageEnv(
  win: PageGlobals,
  overrides: Partial<ConformanceEnv> & { name: string; behavior: ConformanceEnv['behavior']; features?: ConformanceFeatures },
): ConformanceEnv {
  const nav = win.navigator;
  const env: ConformanceEnv = {
    ImageCapture: win.ImageCapture,
    MediaStreamTrack: win.MediaStreamTrack,
    mediaDevices: nav.mediaDevices,
    ...(nav.permissions ? { permissions: nav.permissions } : {}),
    realm: { TypeError: win.TypeError, DOMException: win.DOMException, OverconstrainedError: win.OverconstrainedError },
    readPixels: (bitmap) => canvasPixels(win, bitmap),
    ...(typeof win.HTMLCanvasElement === 'function' && typeof win.HTMLCanvasElement.prototype.captureStream === 'function'
      ? { patternTrack: async () => canvasPatternTrack(win) }
      : {}),
    probeGlobal: async (context) => {
      if (context === 'worker') return probeWorker(win);
      const secure = win.isSecureContext === true;
      if ((context === 'secure') !== secure) return undefined; // this page is not that kind of context
      return typeof win.ImageCapture !== 'undefined';
    },
    ...overrides,
    features: { audio: true, ...(overrides.features ?? {}) },
  };
  return env;
}

/** JSON options for `run` (what `session.runModule(file, options)` of the browser harness passes). */
export interface PageRunOptions {
  readonly name?: string;
  readonly behavior?: ConformanceEnv['behavior'];
  /**
   * Which ImageCapture: the global one ("polyfill", default), the bundle's own ("ponyfill"), or the browser's
   * captured before the bundle loaded ("native").
   */
  readonly impl?: 'polyfill' | 'ponyfill' | 'native';
  readonly features?: ConformanceFeatures;
  /** Only these case ids. */
  readonly ids?: readonly number[];
  readonly caseTimeoutMs?: number;
}

/** The module entry the browser harness calls: builds the page env and runs the suite. */
export async function run(options: PageRunOptions = {}): Promise<ConformanceReport> {
  const win = globalThis as PageGlobals;
  const impl = options.impl ?? 'polyfill';
  const ImageCapture = impl === 'native' ? win.__native : impl === 'ponyfill' ? win.imagecapture?.ImageCapture : win.ImageCapture;
  if (typeof ImageCapture !== 'function') throw new Error(`no ${impl} ImageCapture in this page`);
  const env = pageEnv(win, {
    name: options.name ?? `${impl} ImageCapture`,
    behavior: options.behavior ?? 'spec',
    ImageCapture,
    ...(options.features ? { features: options.features } : {}),
  });
  const ids = options.ids;
  return runConformance(env, {
    ...(ids ? { filter: (c: ConformanceCase) => ids.includes(c.id) } : {}),
    ...(options.caseTimeoutMs ? { caseTimeoutMs: options.caseTimeoutMs } : {}),
  });
}

/** For pages that load the bundle as a classic script. */
(globalThis as Record<string, unknown>).imagecaptureConformance = { run, runConformance, pageEnv, allCases };
