/**
 * Page side of the browser tests of dist/imagecapture.testing.js (bundled and run by the browser
 * harness's runModule). It uses only what the script defines on the page: the global
 * ImageCaptureTest, the global ImageCapture while a mock is initialized, navigator.permissions.
 */
type Dict = Record<string, any>;
interface MockLike {
  state(): Dict;
  options(): Dict | null;
}
interface TestLike {
  initialize(): Promise<void>;
  reset(): Promise<void>;
  mockImageCapture(): MockLike;
}
type TestClass = new () => TestLike;

const w = window as unknown as Dict;
const PTZ = { name: 'camera', panTiltZoom: true };
const IC_KEYS = [
  'whiteBalanceMode', 'exposureMode', 'focusMode', 'pointsOfInterest', 'exposureCompensation', 'exposureTime',
  'colorTemperature', 'iso', 'brightness', 'contrast', 'saturation', 'sharpness', 'focusDistance', 'pan', 'tilt', 'zoom', 'torch',
];

function pickIc(d: Dict): Dict {
  const out: Dict = {};
  for (const k of IC_KEYS) if (k in d) out[k] = d[k];
  return out;
}

function errorInfo(e: unknown): Dict {
  const err = e as Dict;
  return {
    name: err?.name,
    constraint: err?.constraint,
    domException: e instanceof DOMException,
    // DOMException and TypeError are the page's own; an OverconstrainedError is made by the page's
    // own constructor where it has one (WebKit's does not extend DOMException), else it is a
    // DOMException subclass over the page's DOMException.
    realmConstructor:
      err?.name === 'OverconstrainedError'
        ? typeof w.OverconstrainedError === 'function'
          ? err.constructor === w.OverconstrainedError
          : e instanceof DOMException
        : err?.constructor === DOMException || err?.constructor === TypeError,
    typeError: e instanceof TypeError,
  };
}

async function settle<T>(p: Promise<T>): Promise<Dict> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    return { ok: false, error: errorInfo(e) };
  }
}

/** A canvas track that keeps getting new frames until it ends. */
function canvasTrack(): MediaStreamTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const ctx = canvas.getContext('2d')!;
  let n = 0;
  const draw = (): void => {
    ctx.fillStyle = n++ % 2 ? '#204080' : '#2050a0';
    ctx.fillRect(0, 0, 320, 240);
  };
  draw();
  const track = (canvas as HTMLCanvasElement & { captureStream(rate?: number): MediaStream }).captureStream(30).getVideoTracks()[0]!;
  const timer = setInterval(() => (track.readyState === 'ended' ? clearInterval(timer) : draw()), 20);
  return track;
}

const photo = async (blob: Blob): Promise<Dict> => ({ type: blob.type, size: blob.size });

/** Loads the testing script once (a classic script tag, as a page would). */
export async function load(env: { url: string; removeNative?: boolean }): Promise<Dict> {
  if (env.removeNative && w.ImageCapture) delete w.ImageCapture;
  if (!w.__testingLoaded) {
    await new Promise<void>((resolve, reject) => {
      const s = document.createElement('script');
      s.src = env.url;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error(`could not load ${env.url}`));
      document.head.append(s);
    });
    w.__testingLoaded = true;
  }
  return { defined: typeof w.ImageCaptureTest, imageCapture: typeof w.ImageCapture };
}

const cases: Record<string, (arg: Dict) => Promise<Dict>> = {
  async defaults() {
    const t = new (w.ImageCaptureTest as TestClass)();
    await t.initialize();
    try {
      const before = t.mockImageCapture().options();
      const track = canvasTrack();
      const capture = new w.ImageCapture(track);
      const out: Dict = {
        optionsBefore: before,
        state: JSON.parse(JSON.stringify(t.mockImageCapture().state())),
        caps: pickIc(track.getCapabilities() as Dict),
        settings: pickIc(track.getSettings() as Dict),
        ownWidth: (track.getSettings() as Dict).width,
        photoCaps: await capture.getPhotoCapabilities(),
        photoSettings: await capture.getPhotoSettings(),
        photo: await photo(await capture.takePhoto()),
      };
      const frame = await capture.grabFrame();
      out.frame = { width: frame.width, height: frame.height };
      frame.close();
      track.stop();
      return out;
    } finally {
      await t.reset();
    }
  },

  async options() {
    const t = new (w.ImageCaptureTest as TestClass)();
    await t.initialize();
    const mock = t.mockImageCapture();
    const track = canvasTrack();
    const out: Dict = {};
    try {
      const steps: Array<[string, Dict]> = [
        ['whiteBalanceMode', { whiteBalanceMode: 'single-shot' }],
        ['exposureMode', { exposureMode: 'continuous' }],
        ['focusMode', { focusMode: 'single-shot' }],
        ['pointsOfInterest', { pointsOfInterest: [{ x: 0.1, y: 0.2 }] }],
        ['exposureCompensation', { exposureCompensation: 133.77 }],
        ['exposureTime', { exposureTime: 1234.5 }],
        ['colorTemperature', { colorTemperature: 3210 }],
        ['iso', { iso: 777 }],
        ['brightness', { brightness: 2.5 }],
        ['contrast', { contrast: 8.25 }],
        ['saturation', { saturation: 4.5 }],
        ['sharpness', { sharpness: 6.5 }],
        ['focusDistance', { focusDistance: 9.99 }],
        ['pan', { pan: 3.3 }],
        ['tilt', { tilt: 7.7 }],
        ['zoom', { zoom: 3.141592 }],
        ['torch', { torch: true }],
      ];
      for (const [name, set] of steps) {
        await track.applyConstraints({ advanced: [set] });
        out[name] = {
          options: mock.options(),
          setting: (track.getSettings() as Dict)[name],
          state: JSON.parse(JSON.stringify(mock.state())),
        };
      }
      await new w.ImageCapture(track).takePhoto({ imageWidth: 1001, imageHeight: 300, redEyeReduction: true, fillLightMode: 'flash' });
      out.photo = { options: mock.options(), width: mock.state().width.current, height: mock.state().height.current };
      out.constraints = track.getConstraints();
      return out;
    } finally {
      track.stop();
      await t.reset();
    }
  },

  async permissions() {
    const t = new (w.ImageCaptureTest as TestClass)();
    await t.initialize();
    const track = canvasTrack();
    try {
      const granted = {
        state: (await navigator.permissions.query(PTZ as never)).state,
        caps: 'pan' in track.getCapabilities(),
        settings: 'zoom' in track.getSettings(),
      };
      const status = await navigator.permissions.query(PTZ as never);
      let changes = 0;
      status.addEventListener('change', () => changes++);
      w.navigator.permissions.set(PTZ, 'denied');
      const denied: Dict = {
        state: (await navigator.permissions.query(PTZ as never)).state,
        caps: ['pan', 'tilt', 'zoom'].filter((k) => k in track.getCapabilities()),
        settings: ['pan', 'tilt', 'zoom'].filter((k) => k in track.getSettings()),
        changes,
      };
      for (const k of ['pan', 'tilt', 'zoom']) denied[k] = await settle(track.applyConstraints({ advanced: [{ [k]: 5 }] } as never));
      denied.options = t.mockImageCapture().options();
      return { granted, denied };
    } finally {
      track.stop();
      await t.reset();
    }
  },

  async state() {
    const t = new (w.ImageCaptureTest as TestClass)();
    await t.initialize();
    const state = t.mockImageCapture().state();
    const track = canvasTrack();
    const capture = new w.ImageCapture(track);
    try {
      state.supportsTorch = false;
      const torch = {
        caps: 'torch' in track.getCapabilities(),
        settings: 'torch' in track.getSettings(),
        apply: await settle(track.applyConstraints({ advanced: [{ torch: true }] } as never)),
      };
      state.redEyeReduction = 0;
      const redEye = (await capture.getPhotoCapabilities()).redEyeReduction;
      const redEyeRefused = await settle(capture.takePhoto({ redEyeReduction: false }));
      state.zoom = { min: 1, max: 4, current: 2, step: 0.5 };
      const zoom = { caps: (track.getCapabilities() as Dict).zoom, setting: (track.getSettings() as Dict).zoom };
      return { torch, redEye, redEyeRefused, zoom };
    } finally {
      track.stop();
      await t.reset();
    }
  },

  async compat() {
    const t = new (w.ImageCaptureTest as TestClass)();
    await t.initialize();
    const track = canvasTrack();
    const capture = new w.ImageCapture(track);
    try {
      const beforeFetch = await settle(capture.takePhoto({ imageWidth: 99999 }).then(photo));
      await capture.getPhotoCapabilities();
      const afterFetch = await settle(capture.takePhoto({ imageWidth: 99999 }));
      const advanced = await settle(track.applyConstraints({ advanced: [{ zoom: 11 }] } as never));
      const typeError = await settle(track.applyConstraints({ advanced: 5 } as never));
      const clone = track.clone();
      await track.applyConstraints({ advanced: [{ zoom: 3.5 }] } as never);
      const cloneAfter = track.clone();
      const same = {
        constraints: JSON.stringify(cloneAfter.getConstraints()) === JSON.stringify(track.getConstraints()),
        settings: JSON.stringify(pickIc(cloneAfter.getSettings() as Dict)) === JSON.stringify(pickIc(track.getSettings() as Dict)),
        capabilities: JSON.stringify(
          pickIc(cloneAfter.getCapabilities() as Dict),
        ) === JSON.stringify(pickIc(track.getCapabilities() as Dict)),
        zoom: (cloneAfter.getSettings() as Dict).zoom,
      };
      clone.stop();
      cloneAfter.stop();
      track.stop();
      const ended = await settle(capture.takePhoto());
      return { beforeFetch, afterFetch, advanced, same, ended, typeError };
    } finally {
      track.stop();
      await t.reset();
    }
  },

  async reset(arg) {
    const proto = MediaStreamTrack.prototype as unknown as Dict;
    const names = ['getCapabilities', 'getSettings', 'getConstraints', 'applyConstraints', 'clone'];
    const before = Object.fromEntries(names.map((n) => [n, Object.getOwnPropertyDescriptor(proto, n)]));
    const imageCaptureBefore = w.ImageCapture;
    const queryBefore = navigator.permissions?.query;
    const t = new (w.ImageCaptureTest as TestClass)();
    await t.initialize();
    const during = {
      patched: names.filter((n) => Object.getOwnPropertyDescriptor(proto, n)?.value !== before[n]?.value),
      imageCaptureReplaced: w.ImageCapture !== imageCaptureBefore && typeof w.ImageCapture === 'function',
      queryReplaced: navigator.permissions.query !== queryBefore,
    };
    const track = canvasTrack();
    const photoDuring = await photo(await new w.ImageCapture(track).takePhoto());
    await t.reset();
    const after = {
      restored: names.filter((n) => {
        const now = Object.getOwnPropertyDescriptor(proto, n);
        return now?.value === before[n]?.value && now?.writable === before[n]?.writable && now?.enumerable === before[n]?.enumerable;
      }),
      imageCaptureRestored: w.ImageCapture === imageCaptureBefore,
      imageCaptureAbsent: !('ImageCapture' in w),
      queryRestored: navigator.permissions?.query === queryBefore,
      setRemoved: navigator.permissions ? !Object.prototype.hasOwnProperty.call(navigator.permissions, 'set') : true,
      ownSettings: 'exposureCompensation' in track.getSettings(),
      ownCapabilities: 'exposureCompensation' in track.getCapabilities(),
    };
    track.stop();
    // A second session in the same page starts from the defaults again.
    const second = new (w.ImageCaptureTest as TestClass)();
    await second.initialize();
    const fresh = { options: second.mockImageCapture().options(), torch: second.mockImageCapture().state().supportsTorch };
    await second.reset();
    if (arg.restoreNative && !w.ImageCapture) w.ImageCapture = w.__native;
    return { during, photoDuring, after, fresh };
  },

  async gum() {
    const t = new (w.ImageCaptureTest as TestClass)();
    await t.initialize();
    try {
      const track = (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0]!;
      const out = {
        caps: pickIc(track.getCapabilities() as Dict),
        settings: pickIc(track.getSettings() as Dict),
        photo: await photo(await new w.ImageCapture(track).takePhoto()),
      };
      track.stop();
      return out;
    } finally {
      await t.reset();
    }
  },
};

export async function run(env: { name: string; arg?: Dict }): Promise<Dict> {
  const c = cases[env.name];
  if (!c) throw new Error(`no page case ${env.name}`);
  return c(env.arg ?? {});
}
