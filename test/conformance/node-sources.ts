/**
 * Small camera backends for the Node conformance env: a source showing the suite's test pattern
 * (case 37) and a source that cannot take photos (case 26). They implement the
 * CameraBackend contract the way any third-party backend would, so the runtime above them is what
 * the cases check.
 */
import type {
  CameraBackend,
  CameraDeviceInfo,
  CameraSource,
  RawFrame,
  SourceCapabilities,
  SourcePhotoSettings,
  SourceSettings,
  Still,
} from '../../src/backends/backend.js';
import type { Clock } from '../../src/backends/clock.js';
import { patternColorAt } from './harness.js';

const WIDTH = 320;
const HEIGHT = 240;
const FPS = 30;

function paintPattern(out: Uint8Array, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, b] = patternColorAt(x, y, w, h);
      const i = (y * w + x) * 4;
      out[i] = r;
      out[i + 1] = g;
      out[i + 2] = b;
      out[i + 3] = 255;
    }
  }
}

class PatternSource extends EventTarget implements CameraSource {
  readonly info: CameraDeviceInfo;
  readonly clock: Clock;
  readonly #photo: boolean;
  readonly #opened: number;
  #frames = 0;
  #closed = false;

  /**
   * A source without photo support says so (backend contract,
   * https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto step 3.2).
   */
  get stillPhoto(): boolean {
    return this.#photo;
  }

  constructor(info: CameraDeviceInfo, clock: Clock, photo: boolean) {
    super();
    this.info = info;
    this.clock = clock;
    this.#photo = photo;
    this.#opened = clock.now();
  }

  get ended(): boolean {
    return this.#closed;
  }

  get muted(): boolean {
    return false;
  }

  capabilities(): SourceCapabilities {
    return capabilities(this.#photo);
  }

  settings(): SourceSettings {
    return { width: WIDTH, height: HEIGHT, frameRate: FPS, resizeMode: 'none' };
  }

  async configure(): Promise<void> {
    /* nothing is adjustable */
  }

  async photoSettings(): Promise<SourcePhotoSettings> {
    return { fillLightMode: 'off', imageWidth: WIDTH, imageHeight: HEIGHT, redEyeReduction: false };
  }

  async nextFrame(signal: AbortSignal, out?: Uint8Array): Promise<RawFrame> {
    const interval = 1000 / FPS;
    const next = this.#opened + (Math.floor((this.clock.now() - this.#opened) / interval) + 1) * interval;
    await this.clock.sleepUntil(next, signal);
    const data = out && out.length === WIDTH * HEIGHT * 4 ? out : new Uint8Array(WIDTH * HEIGHT * 4);
    paintPattern(data, WIDTH, HEIGHT);
    return { data, width: WIDTH, height: HEIGHT, timestamp: Math.round((next - this.#opened) * 1000), index: this.#frames++ };
  }

  async takePhoto(_settings: SourcePhotoSettings, signal: AbortSignal): Promise<Still> {
    if (!this.#photo) throw new Error('this source cannot take photos');
    const frame = await this.nextFrame(signal);
    return { kind: 'raw', frame, metadata: {} };
  }

  close(): void {
    this.#closed = true;
  }
}

function capabilities(photo: boolean): SourceCapabilities {
  return {
    videoModes: [{ width: WIDTH, height: HEIGHT, frameRate: FPS }],
    resizeModes: ['none'],
    minFrameRate: FPS,
    photo: photo
      ? {
        redEyeReduction: 'never',
        fillLightMode: ['off'],
        imageWidth: { min: WIDTH, max: WIDTH, step: 1 },
        imageHeight: { min: HEIGHT, max: HEIGHT, step: 1 },
      }
      : { redEyeReduction: 'never', fillLightMode: [] },
  };
}

/** One camera that shows the test pattern; with `photo: false` it cannot take photos. */
export class PatternBackend implements CameraBackend {
  readonly name: string;
  readonly #clock: Clock;
  readonly #photo: boolean;
  readonly #info: CameraDeviceInfo;

  constructor(options: { clock: Clock; photo: boolean }) {
    this.#clock = options.clock;
    this.#photo = options.photo;
    this.name = options.photo ? 'pattern' : 'photoless';
    this.#info = {
      deviceId: `${this.name}-camera`,
      groupId: `${this.name}-group`,
      label: `Conformance ${this.name} camera`,
      backend: this.name,
      kindLabel: this.name,
    };
  }

  async devices(): Promise<CameraDeviceInfo[]> {
    return [this.#info];
  }

  async probe(): Promise<SourceCapabilities> {
    return capabilities(this.#photo);
  }

  async open(): Promise<CameraSource> {
    return new PatternSource(this.#info, this.#clock, this.#photo);
  }
}
