/**
 * Page side of the 2013 legacy layer's browser tests (legacy-suite.ts). The layer is imported
 * from the ESM build the package's "browser" condition serves (/esm/legacy.js, made with
 * scripts/build-extra.mjs's options); each case drives it over the engine's camera and returns
 * plain JSON observations for the Node side to assert.
 */
import { type Legacy, type LegacyCapture, type R, EVENT_WAIT_MS, decode, legacy, next, optionsView, outcome } from './legacy-support.js';
import { type Settled, cameraWith, describeError, openCamera, openMicrophone, settle, sizeOf, stopAll } from './util.js';

const cases: Record<string, (arg: R) => Promise<unknown>> = {
  /** Every attribute, method, handler, constant and event interface of the draft. */
  async members() {
    const L = await legacy();
    const track = await openCamera();
    const capture = new L.ImageCapture(track) as LegacyCapture;
    const handlers: R = {};
    for (const name of ['onphoto', 'onerror', 'onphotosettingschange', 'onframegrab'] as const) {
      const f = (): void => undefined;
      const initial = capture[name];
      capture[name] = f;
      const set = capture[name] === f;
      capture[name] = null;
      handlers[name] = { initial, set, cleared: capture[name] === null };
    }
    const blob = new Blob(['x'], { type: 'image/jpeg' });
    const imageData = new ImageData(2, 2);
    const throws = (f: () => unknown): string => {
      try {
        f();
        return 'nothing';
      } catch (err) {
        return describeError(err).typeError ? 'TypeError' : describeError(err).name;
      }
    };
    const photoEvent = new L.BlobEvent('photo', { data: blob });
    const construct = L.ImageCapture as unknown as new (...args: unknown[]) => unknown;
    return {
      isEventTarget: capture instanceof EventTarget,
      tag: Object.prototype.toString.call(capture),
      videoStreamTrackIsTrack: capture.videoStreamTrack === track,
      hasTodaysTrack: 'track' in capture,
      handlers,
      methods: ['setOptions', 'takePhoto', 'getFrame'].map((m) => typeof (capture as unknown as R)[m]),
      todaysMethods: ['grabFrame', 'getPhotoCapabilities', 'getPhotoSettings'].filter((m) => m in capture),
      constants: [
        L.ImageCaptureError.FRAME_GRAB_ERROR,
        L.ImageCaptureError.SETTINGS_ERROR,
        L.ImageCaptureError.PHOTO_ERROR,
        L.ImageCaptureError.ERROR_UNKNOWN,
      ],
      exportedCodes: [L.FRAME_GRAB_ERROR, L.SETTINGS_ERROR, L.PHOTO_ERROR, L.ERROR_UNKNOWN, L.INVALID_TRACK],
      settingsChangeIsPhotoSettingsEvent: L.SettingsChangeEvent === L.PhotoSettingsEvent,
      noGlobals: [
        'ImageCaptureError',
        'FrameGrabEvent',
        'PhotoSettingsEvent',
        'ImageCaptureErrorEvent',
        'MediaSettingsRange',
      ].filter((n) => n in globalThis),
      globalIsNotLegacy: (globalThis as R).ImageCapture !== L.ImageCapture,
      events: {
        blob: { same: photoEvent.data === blob, bubbles: photoEvent.bubbles, type: photoEvent.type, empty: new L.BlobEvent('photo').data },
        frame: new L.FrameGrabEvent('framegrab', { imageData }).imageData === imageData,
        error: new L.ImageCaptureErrorEvent('error').imageCaptureError,
        settings: new L.PhotoSettingsEvent('photosettingschange', { photoSettings: { iso: 100 } }).photoSettings,
        blobWrongData: throws(() => new L.BlobEvent('photo', { data: 'nope' as never })),
        noType: throws(() => new (L.BlobEvent as unknown as new () => unknown)()),
      },
      notConstructible: [
        L.ImageCaptureError,
        L.MediaSettingsRange,
        L.MediaSettingsItem,
      ].map((C) => throws(() => new (C as unknown as new () => unknown)())),
      construct: {
        noArgument: throws(() => new construct()),
        notTracks: [null, undefined, {}, 'x', 1, true].map((v) => throws(() => new construct(v))),
      },
      setOptionsTypes: [5, 'iso', { iso: Symbol('x') }].map((v) => throws(() => capture.setOptions(v as never))),
    };
  },

  /** The seed's usage: a valid MediaStream in, an encoded image Blob out through the photo event. */
  async seedUsage() {
    const L = await legacy();
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    const track = stream.getVideoTracks()[0]!;
    const capture = new L.ImageCapture(track) as LegacyCapture;
    const photo = new Promise<Event>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no photo event')), EVENT_WAIT_MS);
      capture.onphoto = (e: Event) => {
        clearTimeout(timer);
        resolve(e);
      };
    });
    const returned = capture.takePhoto();
    const event = (await photo) as Event & { data: Blob | null };
    const out = {
      returned: returned === undefined ? 'undefined' : typeof returned,
      type: event.type,
      bubbles: event.bubbles,
      cancelable: event.cancelable,
      isBlobEvent: event instanceof L.BlobEvent,
      dataIsBlob: event.data instanceof Blob,
      photo: event.data ? await decode(event.data) : null,
      track: sizeOf(track),
    };
    for (const t of stream.getTracks()) t.stop();
    return out;
  },

  /** getFrame(): one framegrab per call, RGBA ImageData of the page's realm at the track's size. */
  async getFrame() {
    const L = await legacy();
    const track = await openCamera();
    const capture = new L.ImageCapture(track) as LegacyCapture;
    const frames: Event[] = [];
    const three = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${frames.length} framegrab events`)), EVENT_WAIT_MS);
      capture.onframegrab = (e: Event) => {
        frames.push(e);
        if (frames.length === 3) {
          clearTimeout(timer);
          resolve();
        }
      };
    });
    const returned = [capture.getFrame(), capture.getFrame(), capture.getFrame()];
    await three;
    return {
      returned: returned.map(String),
      track: sizeOf(track),
      frames: frames.map((e) => {
        const data = (e as Event & { imageData: ImageData }).imageData;
        let opaque = true;
        for (let i = 3; i < data.data.length; i += 4 * 97) opaque &&= data.data[i] === 255;
        return {
          isFrameGrabEvent: e instanceof L.FrameGrabEvent,
          bubbles: e.bubbles,
          isImageData: data instanceof ImageData,
          width: data.width,
          height: data.height,
          length: data.data.length,
          isClamped: data.data instanceof Uint8ClampedArray,
          opaque,
        };
      }),
    };
  },

  /** setOptions with values the camera takes: the photo size, and a track-side member where one applies. */
  async setOptionsSuccess(arg) {
    const L = await legacy();
    const track = await openCamera();
    const capture = new L.ImageCapture(track) as LegacyCapture;
    const width = Number(arg.width);
    const height = Number(arg.height);
    capture.setOptions({ imageWidth: width, imageHeight: height });
    const event = (await next(capture, 'photosettingschange')) as Event & { photoSettings: R | null };
    const out: R = {
      isPhotoSettingsEvent: event instanceof L.PhotoSettingsEvent,
      photoSettings: event.photoSettings,
      options: optionsView(capture),
    };
    capture.takePhoto();
    const photo = (await next(capture, 'photo')) as Event & { data: Blob };
    out.photo = await decode(photo.data);
    out.track = sizeOf(track);
    return out;
  },

  /**
   * setOptions with a 2013 track-side member (autoExposureMode, or autoWhiteBalanceMode) on a
   * camera that has what it maps to: opened plainly (`{video: true}`, when the default camera has
   * it), or by deviceId (so the track's constraints are not empty). `trackSide: null`: no such camera.
   */
  async setOptionsTrackSide(arg) {
    const L = await legacy();
    const exposure = (c: Record<string, unknown>): boolean => ((c.exposureMode as string[] | undefined) ?? []).includes('continuous');
    const whiteBalance = (c: Record<string, unknown>): boolean =>
      ['manual', 'continuous'].every((m) => ((c.whiteBalanceMode as string[] | undefined) ?? []).includes(m));
    const has = (c: Record<string, unknown>): boolean => exposure(c) || whiteBalance(c);
    let camera: { track: MediaStreamTrack; label: string } | undefined;
    if (arg.byDeviceId) {
      camera = await cameraWith(has);
    } else {
      const track = await openCamera();
      if (has(track.getCapabilities() as Record<string, unknown>)) camera = { track, label: track.label };
    }
    if (!camera) return { trackSide: null };
    const capture = new L.ImageCapture(camera.track) as LegacyCapture;
    const settings = exposure(camera.track.getCapabilities() as Record<string, unknown>)
      ? { autoExposureMode: 'center-weighted' as const }
      : { autoWhiteBalanceMode: false };
    const constraints = camera.track.getConstraints();
    capture.setOptions(settings);
    const done = await outcome(capture);
    const now = camera.track.getSettings() as R;
    return {
      trackSide: {
        camera: camera.label,
        constraints,
        settings,
        outcome: done,
        constraintsAfter: camera.track.getConstraints(),
        trackSettings: { exposureMode: now.exposureMode, whiteBalanceMode: now.whiteBalanceMode },
        options: optionsView(capture),
      },
    };
  },

  /** setOptions with values the camera cannot take: SETTINGS_ERROR, and everything as it was. */
  async setOptionsFailure() {
    const L = await legacy();
    const track = await openCamera();
    const capture = new L.ImageCapture(track) as LegacyCapture;
    capture.setOptions({});
    await next(capture, 'photosettingschange');
    const snapshot = (): R => ({ options: optionsView(capture), constraints: track.getConstraints(), settings: sizeOf(track) });
    const before = snapshot();
    const max = (capture.photoSettingsOptions.imageWidth?.max ?? 0) as number;
    const tries: R = {};
    for (const [label, settings] of [
      ['imageWidth above max', { imageWidth: max + 1 }],
      ['autoExposureMode bogus', { autoExposureMode: 'bogus' }],
    ] as const) {
      capture.setOptions(settings as never);
      tries[label] = { outcome: await outcome(capture), after: snapshot() };
    }
    return { before, tries };
  },

  /** A member the camera lacks (iso): SETTINGS_ERROR where the camera is asked, and nothing changes. */
  async setOptionsMissingMember() {
    const L = await legacy();
    const track = await openCamera();
    const capture = new L.ImageCapture(track) as LegacyCapture;
    const before = track.getConstraints();
    capture.setOptions({ iso: 100 });
    return {
      hasIso: 'iso' in track.getCapabilities(),
      outcome: await outcome(capture),
      constraintsBefore: before,
      constraintsAfter: track.getConstraints(),
    };
  },

  /** After stop(), every call fires error ERROR_UNKNOWN "INVALID_TRACK" later, and none throws. */
  async invalidTrack() {
    const L = await legacy();
    const track = await openCamera();
    const capture = new L.ImageCapture(track) as LegacyCapture;
    track.stop();
    const out: R = {};
    for (const [name, call] of [
      ['takePhoto', () => capture.takePhoto()],
      ['getFrame', () => capture.getFrame()],
      ['setOptions', () => capture.setOptions({ imageWidth: 640 })],
    ] as const) {
      let during = false;
      const listener = (): void => void (during = true);
      capture.addEventListener('error', listener);
      const pending = next(capture, 'error');
      let threw: string | null = null;
      let returned: unknown;
      try {
        returned = call();
      } catch (err) {
        threw = describeError(err).name;
      }
      const firedDuringCall = during;
      capture.removeEventListener('error', listener);
      const e = (await pending) as Event & { imageCaptureError: { code: number; message: string; ERROR_UNKNOWN: number } };
      out[name] = {
        returned: String(returned),
        threw,
        firedDuringCall,
        isErrorEvent: e instanceof L.ImageCaptureErrorEvent,
        isImageCaptureError: e.imageCaptureError instanceof L.ImageCaptureError,
        code: e.imageCaptureError.code,
        message: e.imageCaptureError.message,
        constantOnInstance: e.imageCaptureError.ERROR_UNKNOWN,
        bubbles: e.bubbles,
      };
    }
    return out;
  },

  /** An audio track: the draft checks no kind; each call reports its own error code. */
  async nonVideoTrack() {
    const L = await legacy();
    const mic = await openMicrophone();
    if (!mic) return { skipped: 'no microphone' };
    const capture = new L.ImageCapture(mic) as LegacyCapture;
    const out: R = {};
    capture.getFrame();
    out.getFrame = await outcome(capture);
    capture.takePhoto();
    out.takePhoto = await outcome(capture);
    capture.setOptions({});
    out.setOptions = await outcome(capture);
    return out;
  },

  /** The layer and today's ImageCapture (the page's) on one track at the same time. */
  async withTodaysApi() {
    const L = await legacy();
    const track = await openCamera();
    const constraints = track.getConstraints();
    const old = new L.ImageCapture(track);
    const modern = new ImageCapture(track);
    const legacyPhoto = next(old, 'photo');
    old.takePhoto();
    const [blob, frame] = await Promise.all([settle(modern.takePhoto().then(decode)), settle(modern.grabFrame().then((b) => {
      const size = { width: b.width, height: b.height };
      b.close();
      return size;
    }))]);
    const fromLegacy = (await legacyPhoto) as Event & { data: Blob };
    old.getFrame();
    const grabbed = (await next(old, 'framegrab')) as Event & { imageData: ImageData };
    return {
      modernPhoto: blob,
      modernFrame: frame,
      legacyPhoto: await decode(fromLegacy.data),
      legacyFrame: { width: grabbed.imageData.width, height: grabbed.imageData.height },
      track: sizeOf(track),
      live: track.readyState,
      constraintsKept: JSON.stringify(track.getConstraints()) === JSON.stringify(constraints),
    };
  },

  /** Which ImageCapture the layer uses: the page's while it is today's API, else the ponyfill. */
  async modernChoice() {
    const L = await legacy();
    const track = await openCamera();
    const shoot = async (): Promise<Settled<{ type: string }>> => {
      const capture = new L.ImageCapture(track) as LegacyCapture;
      capture.takePhoto();
      return settle(next<Event & { data: Blob }>(capture, 'photo').then((e) => ({ type: e.data.type })));
    };
    const scope = globalThis as R;
    const page = scope.ImageCapture;
    const withPage = await shoot();
    class Draft2013 {
      get videoStreamTrack(): null {
        return null;
      }
      takePhoto(): void {}
    }
    scope.ImageCapture = Draft2013;
    let withDraft: Settled<{ type: string }>;
    try {
      withDraft = await shoot();
    } finally {
      scope.ImageCapture = page;
    }
    delete scope.ImageCapture;
    let withNone: Settled<{ type: string }>;
    try {
      withNone = await shoot();
    } finally {
      scope.ImageCapture = page;
    }
    const probe = new (page as new (t: MediaStreamTrack) => ImageCapture)(track);
    const pageType = (await probe.takePhoto()).type;
    return { pageType, withPage, withDraft, withNone };
  },

  /** dist/imagecapture.legacy.js: a <script> exposing `imagecaptureLegacy`, no global ImageCapture. */
  async script() {
    const before = (globalThis as R).ImageCapture;
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/imagecapture.legacy.js';
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('the legacy script did not load'));
      document.head.append(script);
    });
    const api = (globalThis as R).imagecaptureLegacy as Legacy | undefined;
    if (!api) return { exposed: false };
    const track = await openCamera();
    const capture = new api.ImageCapture(track);
    capture.takePhoto();
    const photo = (await next(capture, 'photo')) as Event & { data: Blob };
    return {
      exposed: true,
      names: [
        'ImageCapture',
        'BlobEvent',
        'FrameGrabEvent',
        'ImageCaptureErrorEvent',
        'PhotoSettingsEvent',
        'ImageCaptureError',
      ].map((n) => typeof (api as unknown as R)[n]),
      globalKept: (globalThis as R).ImageCapture === before,
      photo: await decode(photo.data),
    };
  },
};

/** The module entry (BrowserSession.runModule): runs one case and stops every track it opened. */
export async function run(options: { case: string } & R): Promise<unknown> {
  const c = cases[options.case];
  if (!c) throw new Error(`no legacy page case "${options.case}"`);
  try {
    return await c(options);
  } finally {
    stopAll();
  }
}
