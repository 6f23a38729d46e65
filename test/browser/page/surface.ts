/**
 * Page cases for the media surface the polyfill completes (supported constraints, getUserMedia's
 * TypeError, applyConstraints for image-capture members), the track generators, ImageCapture over
 * generator tracks (from this realm and a same-origin iframe) and the first frame of a canvas
 * track drawn once. Every case returns plain JSON; tracks it opens are stopped.
 */
type Dict = Record<string, unknown>;
type Ctor = new (track: MediaStreamTrack) => ImageCapture;
type GeneratorCtor = new (init: unknown) => MediaStreamTrack & { writable: WritableStream<VideoFrame> };
type VideoGeneratorCtor = new () => { track: MediaStreamTrack; writable: WritableStream<VideoFrame> };

const w = globalThis as unknown as Dict & { imagecapture: { ImageCapture: Ctor } };

const IMAGE_CAPTURE = [
  'whiteBalanceMode', 'exposureMode', 'focusMode', 'pointsOfInterest', 'exposureCompensation', 'exposureTime',
  'colorTemperature', 'iso', 'brightness', 'contrast', 'saturation', 'sharpness', 'focusDistance', 'pan', 'tilt', 'zoom', 'torch',
];

async function outcome(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
    return 'ok';
  } catch (e) {
    const err = e as { name?: string; constraint?: string };
    return err?.constraint !== undefined ? `${err.name}(${err.constraint})` : String(err?.name);
  }
}

function canvasTrack(color = '#f00', width = 64, height = 48): { track: MediaStreamTrack; canvas: HTMLCanvasElement } {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  context.fillStyle = color;
  context.fillRect(0, 0, width, height);
  return { track: canvas.captureStream().getVideoTracks()[0]!, canvas };
}

/** A VideoFrame of one colour, made in `realm` (the page or an iframe's window). */
function frameOf(realm: Dict, color: string, width: number, height: number, timestamp: number): VideoFrame {
  const canvas = (realm.document as Document).createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  context.fillStyle = color;
  context.fillRect(0, 0, width, height);
  return new (realm.VideoFrame as typeof VideoFrame)(canvas, { timestamp });
}

async function centre(bitmap: ImageBitmap): Promise<number[]> {
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return [...context.getImageData(bitmap.width >> 1, bitmap.height >> 1, 1, 1).data.slice(0, 3)];
}

async function grabInfo(capture: ImageCapture): Promise<Dict> {
  try {
    const bitmap = await capture.grabFrame();
    const out = { width: bitmap.width, height: bitmap.height, rgb: await centre(bitmap) };
    bitmap.close();
    return out;
  } catch (e) {
    return { error: (e as Error)?.name };
  }
}

export async function supported(): Promise<Dict> {
  const list = navigator.mediaDevices.getSupportedConstraints() as Dict;
  return { missing: IMAGE_CAPTURE.filter((name) => list[name] !== true), width: list.width === true };
}

export async function userMedia(): Promise<Dict> {
  const out: Dict = {};
  const open = (video: Dict) => outcome(
    async () => (await navigator.mediaDevices.getUserMedia({ video })).getTracks().forEach((t) => t.stop()),
  );
  for (const name of ['pan', 'tilt', 'zoom']) {
    for (const form of ['min', 'max', 'exact']) out[`${name}.${form}`] = await open({ [name]: { [form]: 1 } });
    out[`${name}.bare`] = await open({ [name]: 1 });
    out[`${name}.true`] = await open({ [name]: true });
    out[`${name}.ideal`] = await open({ [name]: { ideal: 1 } });
    out[`${name}.advanced`] = await open({ advanced: [{ [name]: 1 }] });
  }
  out['torch.exact'] = await open({ torch: { exact: true } });
  return out;
}

export async function applyOnCanvas(): Promise<Dict> {
  const { track } = canvasTrack();
  try {
    return {
      empty: await outcome(() => track.applyConstraints()),
      emptyObject: await outcome(() => track.applyConstraints({})),
      emptyAdvanced: await outcome(() => track.applyConstraints({ advanced: [] })),
      torchExact: await outcome(() => track.applyConstraints({ torch: { exact: true } } as MediaTrackConstraints)),
      torchFirstAdvanced: await outcome(() => track.applyConstraints({ advanced: [{ torch: true }] } as MediaTrackConstraints)),
      pointNaN: await outcome(() => track.applyConstraints({ pointsOfInterest: [{ x: 'a' }] } as unknown as MediaTrackConstraints)),
      zoomNaN: await outcome(() => track.applyConstraints({ zoom: 'far' } as unknown as MediaTrackConstraints)),
      zoomMin: await outcome(() => track.applyConstraints({ zoom: { min: 2 } } as MediaTrackConstraints)),
      torchIdeal: await outcome(() => track.applyConstraints({ torch: true } as MediaTrackConstraints)),
      constraintsAfterIdeal: track.getConstraints(),
      torchSecondAdvanced: await outcome(() => track.applyConstraints({ advanced: [{}, { torch: true }] } as MediaTrackConstraints)),
      constraintsAfterAdvanced: track.getConstraints(),
    };
  } finally {
    track.stop();
  }
}

export async function applyOnCamera(arg: { camera?: string }): Promise<Dict> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  const track = stream.getVideoTracks()[0]!;
  try {
    const caps = track.getCapabilities() as Dict;
    const lacking = IMAGE_CAPTURE.filter((n) => n !== 'pointsOfInterest' && caps[n] === undefined);
    const name = lacking.includes('pan') ? 'pan' : lacking[0]!;
    return {
      label: track.label,
      name,
      required: await outcome(() => track.applyConstraints({ [name]: { exact: 1 } } as MediaTrackConstraints)),
      firstAdvanced: await outcome(() => track.applyConstraints({ advanced: [{ [name]: 1 }] } as MediaTrackConstraints)),
      size: await outcome(() => track.applyConstraints({ width: 320, height: 240 })),
      ideal: await outcome(() => track.applyConstraints({ width: 320, height: 240, [name]: 1 } as MediaTrackConstraints)),
      constraints: track.getConstraints(),
      camera: arg.camera ?? null,
    };
  } finally {
    track.stop();
  }
}

/** Writes frames into a generator track and checks ImageCapture over it (`realm`: page or iframe). */
async function overGenerator(realm: Dict, make: 'init' | 'string' | 'video', ImageCaptureCtor: Ctor): Promise<Dict> {
  let track: MediaStreamTrack;
  let writable: WritableStream<VideoFrame>;
  if (make === 'video') {
    const Generator = realm.VideoTrackGenerator as VideoGeneratorCtor | undefined;
    if (typeof Generator !== 'function') return { skipped: 'no VideoTrackGenerator' };
    ({ track, writable } = new Generator());
  } else {
    const Generator = realm.MediaStreamTrackGenerator as GeneratorCtor | undefined;
    if (typeof Generator !== 'function') return { skipped: 'no MediaStreamTrackGenerator' };
    const generator = new Generator(make === 'init' ? { kind: 'video' } : 'video');
    track = generator;
    writable = generator.writable;
  }
  const writer = writable.getWriter();
  try {
    await writer.write(frameOf(realm, '#f00', 80, 60, 0));
    const capture = new ImageCaptureCtor(track);
    const settings = await outcome(() => capture.getPhotoSettings());
    const photo = await outcome(() => capture.takePhoto());
    const first = await grabInfo(capture);
    await writer.write(frameOf(realm, '#00f', 80, 60, 40_000));
    const second = await grabInfo(capture);
    return {
      kind: track.kind,
      isTrack: track instanceof (realm.MediaStreamTrack as typeof MediaStreamTrack),
      tag: Object.prototype.toString.call(make === 'video' ? {} : track),
      settings,
      photo,
      first,
      second,
    };
  } finally {
    track.stop();
    writer.releaseLock();
  }
}

export async function generators(): Promise<Dict> {
  const IC = w.imagecapture.ImageCapture;
  const out: Dict = {
    globals: {
      MediaStreamTrackGenerator: typeof w.MediaStreamTrackGenerator,
      VideoTrackGenerator: typeof w.VideoTrackGenerator,
    },
    names: ['MediaStreamTrackGenerator', 'VideoTrackGenerator'].map((name) => {
      const ctor = w[name] as { name: string; prototype: object } | undefined;
      return ctor ? [ctor.name, Object.prototype.toString.call(ctor.prototype)] : null;
    }),
  };
  for (const make of ['init', 'string', 'video'] as const) out[make] = await overGenerator(w, make, IC);
  return out;
}

/**
 * The frames a generator track carries, as a <video> playing it shows them: red, then blue. Each
 * colour is written again at every poll until the video shows it (a video may drop the first frames).
 */
export async function generatorPlayed(): Promise<Dict> {
  const Generator = w.MediaStreamTrackGenerator as GeneratorCtor;
  const track = new Generator({ kind: 'video' });
  const writer = track.writable.getWriter();
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = new MediaStream([track]);
  const canvas = document.createElement('canvas');
  canvas.width = 80;
  canvas.height = 60;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  const shown: Dict = {};
  let timestamp = 0;
  try {
    video.play().catch(() => undefined);
    for (const [name, color] of [['red', '#f00'], ['blue', '#00f']] as const) {
      shown[name] = null;
      for (let poll = 0; poll < 300 && shown[name] === null; poll++) {
        await writer.write(frameOf(w, color, 80, 60, (timestamp += 33_000)));
        await new Promise((resolve) => setTimeout(resolve, 16));
        if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) continue;
        context.drawImage(video, 0, 0, 80, 60);
        const rgb = [...context.getImageData(40, 30, 1, 1).data.slice(0, 3)];
        if (name === 'red' ? rgb[0]! > 200 && rgb[2]! < 60 : rgb[2]! > 200 && rgb[0]! < 60) shown[name] = poll;
      }
    }
    return shown;
  } finally {
    video.srcObject = null;
    track.stop();
    writer.releaseLock();
  }
}

/** A generator made in a same-origin iframe (which loads the polyfill too), captured from this page. */
export async function iframeGenerator(): Promise<Dict> {
  const frame = document.createElement('iframe');
  frame.srcdoc = '<!doctype html><script src="/imagecapture.polyfill.js"></script>';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  try {
    return await overGenerator(frame.contentWindow as unknown as Dict, 'init', w.imagecapture.ImageCapture);
  } finally {
    frame.remove();
  }
}

/** A canvas drawn once before its capture started: the first grab gets that frame. */
export async function canvasDrawnOnce(): Promise<Dict> {
  const { track } = canvasTrack('#0f0', 64, 48);
  try {
    return await grabInfo(new w.imagecapture.ImageCapture(track));
  } finally {
    track.stop();
  }
}

/** Nothing the ponyfill uses lands in the document. */
export async function documentUntouched(): Promise<Dict> {
  const before = document.documentElement.outerHTML;
  const { track } = canvasTrack('#0f0', 32, 32);
  try {
    await grabInfo(new w.imagecapture.ImageCapture(track));
  } finally {
    track.stop();
  }
  return { same: document.documentElement.outerHTML === before };
}

/**
 * A document whose module script grabs, through the ponyfill (the ESM build, no polyfill), from a
 * generator track made in a child iframe that nobody writes to: its load event still fires.
 */
export async function loadEventWithGeneratorGrab(): Promise<Dict> {
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><body><script type="module">
    import { ImageCapture } from '/esm/index.js';
    window.grabbed = (async () => {
      const child = document.createElement('iframe');
      document.body.append(child);
      const realm = child.contentWindow;
      if (typeof realm.MediaStreamTrackGenerator !== 'function') {
        const script = realm.document.createElement('script');
        script.src = '/imagecapture.polyfill.js';
        await new Promise((resolve, reject) => { script.onload = resolve; script.onerror = reject; realm.document.head.append(script); });
      }
      const track = new realm.MediaStreamTrackGenerator({ kind: 'video' });
      return new ImageCapture(track).grabFrame().then(() => 'resolved', (e) => e && e.name).finally(() => track.stop());
    })();
  </script></body>`;
  // Bounded: a page that never loads is reported, not waited for.
  const loaded = await new Promise<string>((resolve) => {
    frame.addEventListener('load', () => resolve('load'), { once: true });
    setTimeout(() => resolve('no load event'), 30_000);
    document.body.append(frame);
  });
  const grabbed = await ((frame.contentWindow as unknown as { grabbed?: Promise<string> }).grabbed ?? Promise.resolve('not called'));
  frame.remove();
  return { loaded, grabbed };
}
