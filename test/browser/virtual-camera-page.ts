/**
 * Page side of the virtual camera's browser tests: loads dist/imagecapture.testing.js with a
 * script tag and drives the global ImageCaptureVirtualCamera as a test of an application would.
 * Frames are read back from the engine's own track through a <video> element and a canvas, as an
 * application's scanner would read them.
 */
type Dict = Record<string, any>;
interface VirtualCamera {
  install(options?: Dict): Promise<void>;
  setImage(image: unknown): Promise<void>;
  uninstall(): Promise<void>;
  framesDelivered(): number[];
  renderers(): string[];
  readonly installed: boolean;
}

const w = window as unknown as Dict;
const vc = (): VirtualCamera => w.ImageCaptureVirtualCamera as VirtualCamera;

export async function load(env: { url: string }): Promise<Dict> {
  if (!w.__virtualLoaded) {
    w.__engineGum = navigator.mediaDevices.getUserMedia;
    w.__engineEnumerate = navigator.mediaDevices.enumerateDevices;
    w.__engineImageCapture = w.ImageCapture;
    await new Promise<void>((resolve, reject) => {
      const s = document.createElement('script');
      s.src = env.url;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error(`could not load ${env.url}`));
      document.head.append(s);
    });
    w.__virtualLoaded = true;
  }
  return { defined: typeof w.ImageCaptureVirtualCamera };
}

function solid(rgb: [number, number, number], size = 64): ImageData {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  return new ImageData(data, size, size);
}

/** A bounded wait for an event-driven condition (frames arriving), in animation frames. */
async function until(check: () => boolean, what: string, frames = 600): Promise<void> {
  for (let i = 0; i < frames; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 16));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Plays a track in a <video> and returns a reader of the current frame's pixels. */
/** Frames waited for by Player.until (reported with the results, to diagnose a slow engine). */
let waits = 0;

interface Player {
  video: HTMLVideoElement;
  pixels(): ImageData;
  /** The pixels once `done` holds for them, checked at each new frame (bounded: gives up after 300 frames). */
  until(done: (img: ImageData) => boolean): Promise<ImageData>;
}

async function player(track: MediaStreamTrack): Promise<Player> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  document.body.append(video);
  await video.play();
  await until(() => video.videoWidth > 0 && video.readyState >= 2, 'the first frame');
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const pixels = (): ImageData => {
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    ctx.drawImage(video, 0, 0);
    return ctx.getImageData(0, 0, canvas.width, canvas.height);
  };
  return {
    video,
    pixels,
    async until(done) {
      // Engines pass frames on with different delays (WebKit's canvas capture lags by several
      // frames), so the change is awaited frame by frame rather than after a fixed count.
      let img = pixels();
      const rvfc = (video as any).requestVideoFrameCallback?.bind(video) as ((cb: () => void) => void) | undefined;
      for (let i = 0; i < 600 && !done(img); i++) {
        if (rvfc) await new Promise<void>((resolve) => rvfc(() => resolve()));
        else {
          const start = video.currentTime;
          await until(() => video.currentTime > start, 'a new frame');
        }
        img = pixels();
        waits++;
      }
      return img;
    },
  };
}

function centre(img: ImageData, half = 6): number[] {
  const s = [0, 0, 0];
  let n = 0;
  for (let y = (img.height >> 1) - half; y < (img.height >> 1) + half; y++) {
    for (let x = (img.width >> 1) - half; x < (img.width >> 1) + half; x++) {
      const i = (y * img.width + x) * 4;
      for (let c = 0; c < 3; c++) s[c]! += img.data[i + c]!;
      n++;
    }
  }
  return s.map((v) => Math.round(v / n));
}

/** Number of pixels of the middle row whose green clearly dominates. */
function greenRun(img: ImageData): number {
  const y = img.height >> 1;
  let n = 0;
  for (let x = 0; x < img.width; x++) {
    const i = (y * img.width + x) * 4;
    const [r, g, b] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
    if (g > r + 40 && g > b + 40) n++;
  }
  return n;
}

const IC_KEYS = [
  'zoom',
  'torch',
  'focusDistance',
  'exposureTime',
  'colorTemperature',
  'focusMode',
  'exposureMode',
  'whiteBalanceMode',
  'iso',
  'pan',
  'tilt',
];

const cases: Record<string, (arg: Dict) => Promise<Dict>> = {
  async lifecycle() {
    const engineGum = navigator.mediaDevices.getUserMedia;
    await vc().install({ image: solid([30, 200, 40]) });
    const devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    const track = (await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } })).getVideoTracks()[0]!;
    const caps = track.getCapabilities() as Dict;
    const settings = track.getSettings() as Dict;
    const during = {
      isEngineTrack: track instanceof MediaStreamTrack,
      label: track.label,
      devices: devices.map((d) => d.label),
      capKeys: IC_KEYS.filter((k) => k in caps),
      zoom: caps.zoom,
      size: [settings.width, settings.height],
      gumReplaced: navigator.mediaDevices.getUserMedia !== engineGum,
      supportsZoom: (navigator.mediaDevices.getSupportedConstraints() as Dict).zoom === true,
    };
    const p = await player(track);
    const renderers = vc().renderers();
    const greenAtCentre = centre(p.pixels());
    const run1 = greenRun(p.pixels());
    await track.applyConstraints({ advanced: [{ zoom: 2 } as MediaTrackConstraintSet] });
    const zoomSetting = (track.getSettings() as Dict).zoom;
    // The card's run only ever takes two widths here: before zoom 2 reaches the screen, and after.
    waits = 0;
    const run2 = greenRun(await p.until((img) => greenRun(img) > run1 * 1.5));
    const zoomWaits = waits;
    await vc().setImage(solid([40, 40, 220]));
    const blueAtCentre = centre(await p.until((img) => { const [r, g, b] = centre(img); return !(g! > r! + 40 && g! > b! + 40); }));
    // ImageCapture: the virtual camera's photo capabilities and a still.
    const capture = new w.ImageCapture(track);
    const photoCaps = await capture.getPhotoCapabilities();
    const blob: Blob = await capture.takePhoto();
    const bitmap: ImageBitmap = await capture.grabFrame();
    const grabbed = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    let ended = false;
    // onended: Firefox here does not call addEventListener listeners of a track's 'ended'.
    track.onended = () => (ended = true);
    await vc().uninstall();
    const after: Dict = {
      readyState: track.readyState,
      ended,
      gumRestored: navigator.mediaDevices.getUserMedia === w.__engineGum &&
        !Object.prototype.hasOwnProperty.call(navigator.mediaDevices, 'getUserMedia'),
      enumerateRestored: navigator.mediaDevices.enumerateDevices === w.__engineEnumerate &&
        !Object.prototype.hasOwnProperty.call(navigator.mediaDevices, 'enumerateDevices'),
      imageCaptureRestored: w.ImageCapture === w.__engineImageCapture,
      supportedRestored: !Object.prototype.hasOwnProperty.call(navigator.mediaDevices, 'getSupportedConstraints'),
    };
    const engineTrack = (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0]!;
    const engineDevices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput').map((d) => d.label);
    after.engineLabel = engineTrack.label;
    after.engineDevices = engineDevices;
    engineTrack.stop();
    p.video.remove();
    return {
      renderers,
      during,
      greenAtCentre,
      run1,
      run2,
      zoomSetting,
      zoomWaits,
      blueAtCentre,
      photo: { type: blob.type, size: blob.size, imageWidth: photoCaps.imageWidth, fillLightMode: photoCaps.fillLightMode },
      grabbed,
      after,
    };
  },

  /** Frames delivered to the engine in `ms` of page time at 640x480, and those the <video> presented. */
  async rate(arg) {
    await vc().install({ preset: arg.preset ?? 'webcam', renderer: arg.renderer });
    const track = (await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480, frameRate: 30 } })).getVideoTracks()[0]!;
    const p = await player(track);
    const start = performance.now();
    const d0 = vc().framesDelivered()[0] ?? 0;
    let presented = 0;
    const rvfc = (p.video as any).requestVideoFrameCallback?.bind(p.video);
    if (rvfc) {
      const count = (): void => {
        presented++;
        if (performance.now() - start < arg.ms) rvfc(count);
      };
      rvfc(count);
    }
    await new Promise((r) => setTimeout(r, arg.ms));
    const elapsed = performance.now() - start;
    const delivered = (vc().framesDelivered()[0] ?? 0) - d0;
    const size = [p.video.videoWidth, p.video.videoHeight];
    const renderer = vc().renderers()[0];
    track.stop();
    p.video.remove();
    await vc().uninstall();
    return { delivered, presented: rvfc ? presented : null, elapsed, size, renderer };
  },
};

export async function run(env: { name: string; arg?: Dict }): Promise<Dict> {
  const c = cases[env.name];
  if (!c) throw new Error(`no page case ${env.name}`);
  return c(env.arg ?? {});
}
