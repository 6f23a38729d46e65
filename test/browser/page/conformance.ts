/**
 * The conformance suite (test/conformance) inside a test page, with the hooks a browser can give:
 * - the engine's own camera as the default one (or one picked by label, `defaultCamera`) and a
 *   camera without a torch (`limitedCamera`);
 * - driver hooks the Node side answers through `window.__conformanceDriver` (Chromium: CDP
 *   permissions), reset after every case;
 * - `pageFaults`: makes the next frame acquisition or encoding fail inside the page, which is
 *   where the ponyfill's capture pipeline runs (createImageBitmap of the video, canvas encoding);
 * - `canvasPhotoless`: a canvas capture track as a source without photo support (native only);
 * - `generatorPhotoless`: a MediaStreamTrackGenerator's track (one frame written) as that source.
 * The polyfill's completed media surface (Firefox, WebKit) follows the run's behaviour.
 * Everything else comes from run-in-page.ts's `pageEnv` (pixels through a canvas, a canvas test
 * pattern, a worker probe). Results carry the page errors seen while each case ran.
 */
import { CaseSkipped, type CaseResult, type ConformanceEnv, type ConformanceFeatures, type TrackLike } from '../../conformance/harness.js';
import { allCases, pageEnv, runConformance } from '../../conformance/run-in-page.js';
import { IMAGE_CAPTURE_NAMES } from '../../conformance/support.js';

type Win = typeof globalThis & {
  __native?: unknown;
  __errors?: string[];
  imagecapture?: { ImageCapture: unknown };
  __conformanceDriver?: (op: string, ...args: unknown[]) => Promise<unknown>;
};
const win = globalThis as Win;

export type DriverHook = 'setPermission';

export interface BrowserConformanceOptions {
  /** The env's name, e.g. "ponyfill in Chromium". */
  readonly name: string;
  readonly impl: 'polyfill' | 'ponyfill' | 'native';
  readonly behavior: ConformanceEnv['behavior'];
  readonly features: ConformanceFeatures;
  /** The cases allCases[from] … allCases[to - 1]. */
  readonly from: number;
  readonly to: number;
  readonly caseTimeoutMs: number;
  /** Hooks the driver answers (window.__conformanceDriver must exist). */
  readonly driver?: readonly DriverHook[];
  /** Label of the camera getUserMedia opens when no deviceId is asked for (default: the engine's choice). */
  readonly defaultCamera?: string;
  /** Label of a camera without a torch, or "default" for the default camera. */
  readonly limitedCamera?: string;
  /** The engine answers every permission prompt with "granted" by itself (Chromium's fake UI). */
  readonly promptsGranted?: boolean;
  readonly pageFaults?: boolean;
  readonly canvasPhotoless?: boolean;
  readonly generatorPhotoless?: boolean;
}

export interface PageCaseResult extends CaseResult {
  /** Errors, unhandled rejections and console.error calls the page saw during the case. */
  readonly pageErrors: readonly string[];
}

const cameraIds = new Map<string, string>();

/** The deviceId of the video input labelled `label` (labels are listed once the page has camera access). */
async function cameraId(label: string): Promise<string> {
  const known = cameraIds.get(label);
  if (known) return known;
  for (const t of (await navigator.mediaDevices.getUserMedia({ video: true })).getTracks()) t.stop();
  const devices = await navigator.mediaDevices.enumerateDevices();
  const device = devices.find((d) => d.kind === 'videoinput' && d.label === label);
  if (!device) throw new Error(`no camera labelled ${JSON.stringify(label)} (have ${devices.map((d) => d.label).join(', ')})`);
  cameraIds.set(label, device.deviceId);
  return device.deviceId;
}

/** `constraints` with the given camera chosen, unless they choose one themselves. */
function onCamera(constraints: unknown, deviceId: string): unknown {
  if (typeof constraints !== 'object' || constraints === null) return constraints;
  const c = constraints as { video?: unknown };
  if (c.video === undefined || c.video === false) return constraints;
  const video = c.video === true ? {} : c.video;
  if (typeof video !== 'object' || video === null || 'deviceId' in video) return constraints;
  return { ...c, video: { ...video, deviceId: { exact: deviceId } } };
}

/** One-shot failures of the steps the ponyfill's capture runs in the page. */
const faults = {
  restore: [] as (() => void)[],
  disarm(): void {
    for (const undo of this.restore.splice(0)) undo();
  },
  /** The next photo encoding fails (OffscreenCanvas.convertToBlob or canvas.toBlob). */
  encode(): void {
    const undo: (() => void)[] = [];
    const done = (): void => {
      for (const u of undo) u();
    };
    const offscreen = typeof OffscreenCanvas === 'function' ? OffscreenCanvas.prototype : undefined;
    if (offscreen) {
      const original = offscreen.convertToBlob;
      offscreen.convertToBlob = function (): Promise<Blob> {
        done();
        return Promise.reject(new DOMException('injected encoding failure', 'EncodingError'));
      };
      undo.push(() => void (offscreen.convertToBlob = original));
    }
    const canvas = HTMLCanvasElement.prototype;
    const toBlob = canvas.toBlob;
    canvas.toBlob = function (callback: BlobCallback): void {
      done();
      queueMicrotask(() => callback(null));
    };
    undo.push(() => void (canvas.toBlob = toBlob));
    this.restore.push(done);
  },
  /** The next createImageBitmap of a video element or frame fails. */
  frame(): void {
    const original = win.createImageBitmap;
    const done = (): void => void (win.createImageBitmap = original);
    win.createImageBitmap = function (this: unknown, ...args: unknown[]): Promise<ImageBitmap> {
      const source = args[0];
      const isFrame = source instanceof HTMLVideoElement || (typeof VideoFrame === 'function' && source instanceof VideoFrame);
      if (!isFrame) return (original as (...a: unknown[]) => Promise<ImageBitmap>).apply(this, args);
      done();
      return Promise.reject(new DOMException('injected frame acquisition failure', 'InvalidStateError'));
    } as typeof createImageBitmap;
    this.restore.push(done);
  },
};

/** A generator's track with one grey frame written: a video source without a camera. */
async function generatorTrack(): Promise<TrackLike> {
  type Generator = new (init: { kind: string }) => MediaStreamTrack & { writable: WritableStream<VideoFrame> };
  const Generator = (globalThis as { MediaStreamTrackGenerator?: Generator }).MediaStreamTrackGenerator;
  if (typeof Generator !== 'function') throw new CaseSkipped('no MediaStreamTrackGenerator in this page');
  const generator = new Generator({ kind: 'video' });
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#808080';
  ctx.fillRect(0, 0, 320, 240);
  const writer = generator.writable.getWriter();
  await writer.write(new VideoFrame(canvas, { timestamp: 0 }));
  writer.releaseLock();
  return generator as unknown as TrackLike;
}

function canvasTrack(): TrackLike {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#808080';
  ctx.fillRect(0, 0, 320, 240);
  return canvas.captureStream(10).getVideoTracks()[0] as unknown as TrackLike;
}

/**
 * Whether ImageCapture exists in an insecure context after the polyfill script ran there: a
 * data: URL frame, which Chromium and WebKit treat as insecure (undefined where the engine does not).
 */
function probeInsecure(): Promise<boolean | undefined> {
  const script = new URL('/imagecapture.polyfill.js', location.href).href;
  const report = "parent.postMessage({ secure: isSecureContext, present: typeof ImageCapture !== 'undefined' }, '*');";
  const html = `<script src="${script}"></script><script>${report}</script>`;
  const frame = document.createElement('iframe');
  return new Promise<boolean | undefined>((resolve) => {
    const done = (value: boolean | undefined): void => {
      removeEventListener('message', onMessage);
      clearTimeout(timer);
      frame.remove();
      resolve(value);
    };
    const onMessage = (e: MessageEvent): void => {
      if (e.source !== frame.contentWindow) return;
      const data = e.data as { secure: boolean; present: boolean };
      done(data.secure ? undefined : data.present);
    };
    const timer = setTimeout(() => done(undefined), 5000);
    addEventListener('message', onMessage);
    frame.src = `data:text/html,${encodeURIComponent(html)}`;
    document.body.append(frame);
  });
}

function implementation(impl: BrowserConformanceOptions['impl']): ConformanceEnv['ImageCapture'] {
  const ctor = impl === 'native' ? win.__native : impl === 'ponyfill' ? win.imagecapture?.ImageCapture : win.ImageCapture;
  if (typeof ctor !== 'function') throw new Error(`no ${impl} ImageCapture in this page`);
  return ctor as ConformanceEnv['ImageCapture'];
}

async function buildEnv(options: BrowserConformanceOptions): Promise<ConformanceEnv> {
  const native = navigator.mediaDevices;
  const defaultId = options.defaultCamera ? await cameraId(options.defaultCamera) : undefined;
  const limitedId = options.limitedCamera && options.limitedCamera !== 'default' ? await cameraId(options.limitedCamera) : undefined;
  const mediaDevices = {
    getUserMedia: (c?: unknown) => native.getUserMedia((defaultId ? onCamera(c, defaultId) : c) as MediaStreamConstraints),
    getSupportedConstraints: () => native.getSupportedConstraints() as Record<string, unknown>,
    enumerateDevices: () => native.enumerateDevices(),
  };
  const driver = new Set(options.driver ?? []);
  const call = (op: string, ...args: unknown[]): Promise<unknown> => {
    if (!win.__conformanceDriver) throw new Error('the driver did not expose __conformanceDriver');
    return win.__conformanceDriver(op, ...args);
  };
  const hooks: Partial<ConformanceEnv> = {};
  if (driver.has('setPermission')) {
    hooks.setPermission = async (descriptor, state) => void (await call('setPermission', descriptor, state));
  }
  if (options.promptsGranted) {
    hooks.answerPrompts = (answer) => {
      if (answer !== 'granted') {
        throw new CaseSkipped(`${options.name}: the engine grants every prompt itself and cannot answer "${answer}"`);
      }
    };
  }
  if (options.limitedCamera) {
    hooks.limitedCameraTrack = async () => {
      const stream = await mediaDevices.getUserMedia({ video: limitedId ? { deviceId: { exact: limitedId } } : true });
      return stream.getVideoTracks()[0] as unknown as TrackLike;
    };
  }
  if (options.pageFaults) {
    hooks.failNext = (op) => {
      if (op === 'takePhoto') faults.encode();
      else if (op === 'grabFrame') faults.frame();
      else throw new CaseSkipped(`${options.name}: the page cannot make the camera's ${op} step fail`);
    };
  }
  if (options.canvasPhotoless) hooks.photolessTrack = async () => canvasTrack();
  if (options.generatorPhotoless) hooks.photolessTrack = generatorTrack;
  const surface = (win as unknown as { imagecapture?: { mediaSurface?: { behavior: string } } }).imagecapture?.mediaSurface;
  if (surface) surface.behavior = options.behavior;
  const env = pageEnv(win, {
    name: options.name,
    behavior: options.behavior,
    ImageCapture: implementation(options.impl),
    mediaDevices,
    features: options.features,
    ...hooks,
    reset: async () => {
      faults.disarm();
      if (driver.has('setPermission')) await call('resetPermissions');
    },
  });
  const probe = env.probeGlobal!;
  return { ...env, probeGlobal: (context) => (context === 'insecure' ? probeInsecure() : probe(context)) };
}

/** Runs allCases[from, to) and returns their results, each with the page errors seen meanwhile. */
export async function run(options: BrowserConformanceOptions): Promise<PageCaseResult[]> {
  const env = await buildEnv(options);
  const chosen = new Set(allCases.slice(options.from, options.to));
  const errors = (win.__errors ??= []);
  let seen = errors.length;
  const results: PageCaseResult[] = [];
  await runConformance(env, {
    filter: (c) => chosen.has(c),
    caseTimeoutMs: options.caseTimeoutMs,
    onResult: (result) => {
      results.push({ ...result, pageErrors: errors.slice(seen) });
      seen = errors.length;
    },
  });
  return results;
}

/** The image-capture properties the default camera reports (with the permissions the page has). */
export async function cameraProperties(options: Pick<BrowserConformanceOptions, 'defaultCamera'>): Promise<string[]> {
  const video = options.defaultCamera ? { deviceId: { exact: await cameraId(options.defaultCamera) } } : true;
  const track = (await navigator.mediaDevices.getUserMedia({ video })).getVideoTracks()[0]!;
  const caps = track.getCapabilities() as Record<string, unknown>;
  track.stop();
  return IMAGE_CAPTURE_NAMES.filter((name) => name in caps);
}
