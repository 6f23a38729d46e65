/**
 * Runs in the test page (bundled by esbuild): each case drives an ImageCapture implementation
 * over the engine's fake camera and returns plain JSON observations. The Node side asserts on them.
 *
 * Implementations (util.ts, ctorOf): "polyfill" is the global ImageCapture after
 * dist/imagecapture.polyfill.js ran (the native one where the browser has it), "ponyfill" is the
 * bundle's own class (`imagecapture.ImageCapture`), "native" is the browser's, kept by the page
 * before the bundle loaded.
 */
import { mdnFlow } from './mdn-flow.js';
import { packagingCases } from './packaging.js';
import {
  type Case,
  type ErrorInfo,
  type Impl,
  type Settled,
  cameraWith,
  ctorOf,
  decode,
  describeError,
  grabSize,
  openCamera,
  openMicrophone,
  own,
  settle,
  sizeOf,
  stopAll,
  timed,
} from './util.js';

export const cases: Record<string, Case> = {
  ...packagingCases,

  /** The MDN overview's flow (page/mdn-flow.js, verbatim), then the capture it set up at work. */
  async mdnFlow(_impl, arg) {
    const input = document.querySelector<HTMLInputElement>('#zoom')!;
    input.min = String(arg.min ?? 0);
    input.max = String(arg.max ?? 100);
    input.value = String(arg.value ?? 50);
    let applied: Promise<void> | undefined;
    let seenTrack: MediaStreamTrack | undefined;
    const hooks = {
      track(track: MediaStreamTrack): void {
        seenTrack = own(track);
        const apply = track.applyConstraints;
        track.applyConstraints = function (this: MediaStreamTrack, c?: MediaTrackConstraints) {
          applied = apply.call(this, c);
          return applied;
        };
      },
    };
    const imageCapture = await mdnFlow(hooks);
    const track = seenTrack!;
    const out: Record<string, unknown> = {
      returnedEarly: imageCapture === undefined,
      zoomCapability: (track.getCapabilities() as { zoom?: unknown }).zoom ?? null,
      inputValue: input.value,
    };
    if (applied) out.apply = await settle(applied);
    out.zoomSetting = (track.getSettings() as { zoom?: number }).zoom ?? null;
    // The flow's last step, also where it returned early: the capture works on the track.
    const capture = imageCapture ?? new ImageCapture(track);
    out.captureTrackIsTrack = capture.track === track;
    out.photo = await settle(capture.takePhoto().then(decode));
    out.frame = await settle(grabSize(capture));
    out.trackSize = sizeOf(track);
    track.stop();
    return out;
  },

  async construct(impl) {
    const IC = ctorOf(impl);
    const attempt = (f: () => unknown): Settled<string> => {
      try {
        f();
        return { ok: true, value: 'constructed' };
      } catch (err) {
        return { ok: false, error: describeError(err) };
      }
    };
    const video = await openCamera();
    const audio = await openMicrophone();
    const ended = await openCamera();
    ended.stop();
    const disabled = await openCamera();
    disabled.enabled = false;
    const any = IC as unknown as (new (...args: unknown[]) => ImageCapture) & ((...args: unknown[]) => unknown);
    return {
      noArgument: attempt(() => new any()),
      notTracks: Object.fromEntries(
        ([
          ['null', null],
          ['undefined', undefined],
          ['object', {}],
          ['string', 'x'],
          ['empty', ''],
          ['number', 123],
          ['boolean', true],
        ] as const).map(
          ([label, value]) => [label, attempt(() => new any(value))],
        ),
      ),
      withoutNew: attempt(() => any(video)),
      audio: audio ? attempt(() => new IC(audio)) : { skipped: 'no microphone' },
      video: attempt(() => new IC(video)),
      trackIsSame: new IC(video).track === video,
      ended: attempt(() => new IC(ended)),
      disabled: attempt(() => new IC(disabled)),
      length: IC.length,
    };
  },

  async takePhotoSize(impl, arg) {
    const IC = ctorOf(impl);
    const track = await openCamera();
    const capture = new IC(track);
    const constraintsBefore = track.getConstraints();
    const sizeBefore = sizeOf(track);
    const first = await grabSize(capture);
    const settings = { imageWidth: arg.width as number, imageHeight: arg.height as number };
    const shot = await timed(() => capture.takePhoto(settings));
    const photo = await settle(Promise.resolve(shot.value).then(decode));
    const constraintsAfter = track.getConstraints();
    const sizeAfter = sizeOf(track);
    const frameAfter = await settle(grabSize(capture));
    const plain = await settle(capture.takePhoto().then(decode));
    return { first, photo, ms: shot.ms, constraintsBefore, constraintsAfter, sizeBefore, sizeAfter, frameAfter, plain };
  },

  async photoCapabilities(impl) {
    const track = await openCamera();
    const capture = new (ctorOf(impl))(track);
    const first = await capture.getPhotoCapabilities();
    const second = await capture.getPhotoCapabilities();
    const { width, height } = track.getCapabilities();
    return { capabilities: first, fresh: first !== second, trackWidth: width ?? null, trackHeight: height ?? null };
  },

  async photoSettings(impl) {
    const track = await openCamera();
    const capture = new (ctorOf(impl))(track);
    const settings = await capture.getPhotoSettings();
    const capabilities = await capture.getPhotoCapabilities();
    return { settings, capabilities, track: sizeOf(track) };
  },

  async grabFrame(impl) {
    const track = await openCamera();
    const capture = new (ctorOf(impl))(track);
    const trackSize = sizeOf(track);
    const grabs = [];
    for (let i = 0; i < 3; i++) {
      const t = await timed(() => capture.grabFrame());
      const bitmap = t.value as ImageBitmap;
      grabs.push({ width: bitmap.width, height: bitmap.height, ms: t.ms, isBitmap: bitmap instanceof ImageBitmap });
      bitmap.close();
    }
    await track.applyConstraints({ width: 1280, height: 720 });
    const resized = await settle(grabSize(capture));
    return { grabs, track: trackSize, resized, resizedTrack: sizeOf(track) };
  },

  async endedTrack(impl) {
    const track = await openCamera();
    const capture = new (ctorOf(impl))(track);
    track.stop();
    const names = async (): Promise<Record<string, Settled<unknown>>> => ({
      takePhoto: await settle(capture.takePhoto()),
      getPhotoCapabilities: await settle(capture.getPhotoCapabilities()),
      getPhotoSettings: await settle(capture.getPhotoSettings()),
      grabFrame: await settle(capture.grabFrame()),
    });
    return names();
  },

  async stopDuring(impl) {
    const IC = ctorOf(impl);
    const during = async (call: (c: ImageCapture) => Promise<unknown>, warm: boolean): Promise<Settled<unknown>> => {
      const track = await openCamera();
      const capture = new IC(track);
      if (warm) (await capture.grabFrame()).close();
      const pending = call(capture);
      track.stop();
      return settle(pending);
    };
    return {
      takePhoto: await during((c) => c.takePhoto(), false),
      takePhotoLarge: await during((c) => c.takePhoto({ imageWidth: 1280, imageHeight: 720 }), true),
      grabFrame: await during((c) => c.grabFrame(), false),
      grabFrameWarm: await during((c) => c.grabFrame(), true),
      getPhotoCapabilities: await during((c) => c.getPhotoCapabilities(), false),
      getPhotoSettings: await during((c) => c.getPhotoSettings(), false),
    };
  },

  async outOfRange(impl) {
    const track = await openCamera();
    const capture = new (ctorOf(impl))(track);
    const beforeCapabilities = await settle(capture.takePhoto({ imageWidth: 99999 }).then(decode));
    const caps = await capture.getPhotoCapabilities();
    const max = caps.imageWidth?.max ?? 0;
    return {
      beforeCapabilities,
      tooWide: await settle(capture.takePhoto({ imageWidth: max + 1 })),
      huge: await settle(capture.takePhoto({ imageWidth: 99999 })),
      tooShort: await settle(capture.takePhoto({ imageHeight: (caps.imageHeight?.min ?? 1) - 1 })),
      flashWithoutFlash: caps.fillLightMode?.includes('flash') ? null : await settle(capture.takePhoto({ fillLightMode: 'flash' })),
      bogusEnum: await settle(capture.takePhoto({ fillLightMode: 'bogus' as FillLightMode })),
      notFinite: await settle(capture.takePhoto({ imageWidth: NaN })),
      capabilities: caps,
    };
  },

  async concurrentGrab(impl) {
    const track = await openCamera();
    const capture = new (ctorOf(impl))(track);
    const first = capture.grabFrame();
    const second = capture.grabFrame();
    const close = (bitmap: ImageBitmap): string => (bitmap.close(), 'bitmap');
    const [a, b] = await Promise.all([settle(first.then(close)), settle(second.then(close))]);
    const third = await settle(grabSize(capture));
    return { first: a, second: b, afterwards: third };
  },

  async disabledTrack(impl) {
    const track = await openCamera();
    const capture = new (ctorOf(impl))(track);
    track.enabled = false;
    return {
      track: sizeOf(track),
      grabFrame: await settle(grabSize(capture)),
      takePhoto: await settle(capture.takePhoto().then(decode)),
    };
  },

  /**
   * The video element the ponyfill reads frames from lives as long as the track (watched via
   * createElement), and the user's track is left as it was: no own property, the prototype's stop().
   */
  async releasesOnStop(impl) {
    const track = await openCamera();
    const capture = new (ctorOf(impl))(track);
    const videos: HTMLVideoElement[] = [];
    const createElement = document.createElement;
    document.createElement = function (this: Document, name: string, options?: ElementCreationOptions) {
      const element = createElement.call(this, name, options);
      if (element instanceof HTMLVideoElement) videos.push(element);
      return element;
    } as typeof document.createElement;
    try {
      (await capture.grabFrame()).close();
      (await capture.grabFrame()).close();
    } finally {
      document.createElement = createElement;
    }
    const state = (): { hasSource: boolean; paused: boolean } => ({
      hasSource: videos[0]?.srcObject != null,
      paused: videos[0]?.paused ?? true,
    });
    const whileLive = state();
    const ownProperties = Reflect.ownKeys(track).map(String);
    const stopIsPrototypes = track.stop === MediaStreamTrack.prototype.stop;
    track.stop();
    // stop() fires no event: the ended track is noticed when next used.
    const grabAfterStop = await settle(capture.grabFrame());
    return { videosMade: videos.length, whileLive, afterStop: state(), ownProperties, stopIsPrototypes, grabAfterStop };
  },

  /** The MDN flow's zoom step on a camera that has zoom (WebKit's second mock camera). */
  async zoomFlow(impl) {
    const camera = await cameraWith((c) => c.zoom !== undefined);
    if (!camera) return { skipped: 'no camera with zoom' };
    const { track, label } = camera;
    const zoom = (track.getCapabilities() as { zoom?: { min: number; max: number } }).zoom!;
    const value = String((zoom.min + zoom.max) / 2);
    await track.applyConstraints({ advanced: [{ zoom: value }] } as unknown as MediaTrackConstraints);
    const capture = new (ctorOf(impl))(track);
    return {
      label,
      requested: value,
      zoom: (track.getSettings() as { zoom?: number }).zoom,
      photo: await settle(capture.takePhoto().then(decode)),
      frame: await settle(grabSize(capture)),
      track: sizeOf(track),
    };
  },

  /** fillLightMode "flash" on a camera with a torch (WebKit's second mock camera). */
  async flash(impl) {
    const camera = await cameraWith((c) => c.torch !== undefined && c.torch !== false);
    if (!camera) return { skipped: 'no camera with a torch' };
    const { track, label } = camera;
    const capture = new (ctorOf(impl))(track);
    const capabilities = await capture.getPhotoCapabilities();
    const torch = (): boolean | undefined => (track.getSettings() as { torch?: boolean }).torch;
    // Watch what the shot asks of the track, and the torch state each request leaves.
    const calls: { constraints: unknown; torch: boolean | undefined }[] = [];
    const apply = track.applyConstraints;
    track.applyConstraints = async function (this: MediaStreamTrack, c?: MediaTrackConstraints) {
      await apply.call(this, c);
      calls.push({ constraints: c, torch: torch() });
    };
    const before = { constraints: track.getConstraints(), torch: torch() };
    const photo = await settle(capture.takePhoto({ fillLightMode: 'flash' }).then(decode));
    const after = { constraints: track.getConstraints(), torch: torch() };
    return { label, capabilities, before, photo, after, calls };
  },
};

/** Runs one case with a time bound, stopping every track it opened. */
export async function runCase(name: string, impl: Impl, arg: Record<string, unknown> = {}): Promise<unknown> {
  const run = cases[name];
  if (!run) throw new Error(`no case named ${name}`);
  try {
    return await Promise.race([
      run(impl, arg),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`case ${name} took longer than 30 s`)), 30_000)),
    ]);
  } finally {
    stopAll();
  }
}

export type { ErrorInfo, Impl };
