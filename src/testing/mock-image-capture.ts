/**
 * The mock camera of `ImageCaptureTest`: a live, mutable `state()` and the `options()` record of
 * the last settings sent to it, plus the device view the runtime reads (capabilities, settings and
 * photo state in the CameraSource shapes of src/backends/backend.ts). Everything is read from the
 * state at the moment it is asked for, so a suite may change the state between any two calls.
 *
 * Platform-neutral: the Node backend (mock-backend.ts) and the browser track patches
 * (browser/patch.ts) both drive this class.
 */
import type { SourceCapabilities, SourcePhotoSettings, SourceSettings } from '../backends/backend.js';
import type { FillLightMode, MediaSettingsRange, MeteringMode } from '../spec/types.js';
import {
  defaultMockState,
  emptyOptions,
  enumNumber,
  enumValues,
  FILL_LIGHT_MODES,
  METERING_MODES,
  MODE_FIELDS,
  type MockOptions,
  type MockRange,
  type MockState,
  RANGE_FIELDS,
  RED_EYE_REDUCTIONS,
  setOption,
} from './mock-state.js';

/** The video part of a device's capabilities (what the mock state does not describe). */
export type FormatCapabilities = Pick<SourceCapabilities, 'videoModes' | 'resizeModes' | 'minFrameRate'>;
/** The video part of a device's settings. */
export type FormatSettings = Pick<SourceSettings, 'width' | 'height' | 'frameRate' | 'resizeMode'>;

const IMAGE_CAPTURE_KEYS: ReadonlySet<string> = new Set([
  ...MODE_FIELDS.map((m) => m.name),
  ...RANGE_FIELDS,
  'pointsOfInterest',
  'torch',
]);

/** Whether a settings update touches any image-capture property (not only the video format). */
export function hasImageCaptureKeys(update: Partial<SourceSettings>): boolean {
  return Object.keys(update).some((k) => IMAGE_CAPTURE_KEYS.has(k) && (update as Record<string, unknown>)[k] !== undefined);
}

/** A range the API may show: a device whose min equals its max reports nothing for it. */
function adjustable(r: MockRange | undefined): r is MockRange {
  return r !== undefined && r !== null && typeof r === 'object' && r.min !== r.max;
}

function capabilityRange(r: MockRange): MediaSettingsRange {
  return { min: r.min, max: r.max, step: r.step };
}

/** The 2-byte photo the mock returns, made with the current realm's Blob. */
export function mockPhoto(): Blob {
  return new globalThis.Blob([new Uint8Array([0x63, 0x61])], { type: 'image/cat' });
}

export class MockImageCapture {
  #state: MockState = defaultMockState();
  #options: MockOptions | null = null;
  /** Photo settings the state has no field for (its fillLightMode and redEyeReduction are capabilities). */
  #photo: { fillLightMode: FillLightMode | undefined; redEyeReduction: boolean } = { fillLightMode: undefined, redEyeReduction: false };

  /** The live state: change it at any time; the camera reads it whenever it is asked. */
  state(): MockState {
    return this.#state;
  }

  /** The last settings sent to the camera (`null` before any). */
  options(): MockOptions | null {
    return this.#options;
  }

  /** @internal Back to the defaults, nothing sent. */
  reset(): void {
    this.#state = defaultMockState();
    this.#options = null;
    this.#photo = { fillLightMode: undefined, redEyeReduction: false };
  }

  /** The device's capabilities now, in CameraSource shapes, around the given video format. */
  capabilities(format: FormatCapabilities): SourceCapabilities {
    const s = this.#state;
    const caps: Record<string, unknown> = {
      videoModes: format.videoModes.map((m) => ({ ...m })),
      resizeModes: [...format.resizeModes],
      minFrameRate: format.minFrameRate,
      pointsOfInterest: true,
    };
    for (const m of MODE_FIELDS) {
      const modes = enumValues(METERING_MODES, s[m.supported]);
      if (modes.length > 0) caps[m.name] = modes;
    }
    for (const name of RANGE_FIELDS) if (adjustable(s[name])) caps[name] = capabilityRange(s[name]);
    if (s.supportsTorch) caps.torch = [true, false];
    caps.photo = {
      redEyeReduction: RED_EYE_REDUCTIONS[s.redEyeReduction] ?? 'never',
      fillLightMode: enumValues(FILL_LIGHT_MODES, s.fillLightMode),
      ...(s.width ? { imageWidth: capabilityRange(s.width) } : {}),
      ...(s.height ? { imageHeight: capabilityRange(s.height) } : {}),
    };
    return caps as unknown as SourceCapabilities;
  }

  /** The device's settings now, around the given video format. */
  settings(format: FormatSettings): SourceSettings {
    const s = this.#state;
    const out: Record<string, unknown> = { ...format };
    for (const m of MODE_FIELDS) {
      if (enumValues(METERING_MODES, s[m.supported]).length === 0) continue;
      const current = METERING_MODES[s[m.current]];
      if (current !== undefined) out[m.name] = current;
    }
    out.pointsOfInterest = (s.pointsOfInterest ?? []).map((p) => ({ x: p.x, y: p.y }));
    for (const name of RANGE_FIELDS) if (adjustable(s[name])) out[name] = s[name].current;
    if (s.supportsTorch) out.torch = Boolean(s.torch);
    return out as unknown as SourceSettings;
  }

  /** The device's photo settings now. */
  photoSettings(): SourcePhotoSettings {
    const s = this.#state;
    const fill = enumValues(FILL_LIGHT_MODES, s.fillLightMode);
    const fillLightMode = this.#photo.fillLightMode ?? fill[0] ?? 'off';
    return {
      fillLightMode,
      imageWidth: s.width?.current ?? 0,
      imageHeight: s.height?.current ?? 0,
      redEyeReduction: this.#photo.redEyeReduction,
    };
  }

  /**
   * Records track settings sent to the camera (applyConstraints, or getUserMedia's initial
   * image-capture values) as `options()`, and makes them the state's current values. An update
   * that only changes the video format is not a settings message and leaves both alone.
   */
  sendSettings(update: Partial<SourceSettings>): void {
    if (!hasImageCaptureKeys(update)) return;
    const s = this.#state;
    const options = emptyOptions();
    for (const m of MODE_FIELDS) {
      const mode = update[m.name] as MeteringMode | undefined;
      if (mode === undefined) continue;
      const n = enumNumber(METERING_MODES, mode);
      setOption(options, m.name, n);
      s[m.current] = n;
    }
    if (update.pointsOfInterest !== undefined) {
      options.pointsOfInterest = update.pointsOfInterest.map((p) => ({ x: p.x, y: p.y }));
      s.pointsOfInterest = update.pointsOfInterest.map((p) => ({ x: p.x, y: p.y }));
    }
    for (const name of RANGE_FIELDS) {
      const v = update[name];
      if (v === undefined) continue;
      setOption(options, name, v);
      if (s[name]) s[name].current = v;
    }
    if (update.torch !== undefined) {
      setOption(options, 'torch', update.torch);
      s.torch = update.torch;
    }
    this.#options = options;
  }

  /** Records the photo settings of a takePhoto() as `options()` and makes them current. */
  sendPhotoSettings(settings: SourcePhotoSettings): void {
    const s = this.#state;
    const options = emptyOptions();
    setOption(options, 'width', settings.imageWidth);
    setOption(options, 'height', settings.imageHeight);
    setOption(options, 'redEyeReduction', settings.redEyeReduction);
    setOption(options, 'fillLightMode', enumNumber(FILL_LIGHT_MODES, settings.fillLightMode));
    if (s.width) s.width.current = settings.imageWidth;
    if (s.height) s.height.current = settings.imageHeight;
    this.#photo = { fillLightMode: settings.fillLightMode, redEyeReduction: settings.redEyeReduction };
    this.#options = options;
  }
}
