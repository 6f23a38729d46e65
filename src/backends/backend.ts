/**
 * The CameraBackend contract: the only things that differ by platform. Everything the spec
 * decides — argument checks, constraint selection, permission gating, error names, ordering,
 * caching — lives above this line, once (the spec algorithms in image-capture/, media/ and constraints/).
 *
 * Values crossing this contract are already validated and in the spec's units:
 * exposureTime in 100 µs, pan/tilt in arc-seconds, focusDistance in metres, colorTemperature in
 * kelvin, pointsOfInterest normalised to [0,1].
 */
import type { FillLightMode, PhotoCapabilities, VideoFacingMode, VideoResizeMode } from '../spec/types.js';
import type { DeviceCapabilitiesShape, DeviceSettingsShape } from '../constraints/properties.js';
import type { Clock } from './clock.js';

/** One camera a backend offers. */
export interface CameraDeviceInfo {
  /** Stable identifier (also what `enumerateDevices()` reports). */
  readonly deviceId: string;
  readonly groupId: string;
  readonly label: string;
  readonly facingMode?: VideoFacingMode;
  /** Which backend made it ("virtual", "ffmpeg", "generator"…). */
  readonly backend: string;
  /** A short word for people: the preset ("phone", "webcam") or the input kind ("v4l2", "file"). */
  readonly kindLabel: string;
  /** Properties that are done in software rather than by the device. */
  readonly emulated?: readonly string[];
  /**
   * Per property, whether the device does it ("hardware") or this package does it on the frames
   * ("emulated"), and for emulated ones why (e.g. "v4l2-ctl is not installed"). Absent when the
   * backend does not tell.
   */
  readonly controls?: Readonly<Record<string, { readonly by: 'hardware' | 'emulated'; readonly reason?: string }>>;
  /**
   * The size and rate to open in where the constraints leave them free: a video file's or a
   * stream's own. Absent for cameras, which prefer 640x480 at 30 fps as browsers do.
   */
  readonly defaultMode?: VideoMode;
}

/** A native video mode: the frame rate is the highest the mode delivers. */
export interface VideoMode {
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
}

/**
 * What the device can do, in spec shapes. Width, height, aspectRatio and frameRate are not here:
 * they follow from `videoModes` and `resizeModes`. A property the device lacks is absent.
 */
/** What a camera can do: its video modes, then one member per image-capture row of the property table. */
export interface SourceCapabilities extends DeviceCapabilitiesShape {
  readonly videoModes: readonly VideoMode[];
  readonly resizeModes: readonly VideoResizeMode[];
  /** Lowest frame rate any mode can be slowed to. */
  readonly minFrameRate: number;
  /** Photo capabilities (https://w3c.github.io/mediacapture-image/#dictdef-photocapabilities), always complete from the device's point of view. */
  readonly photo: Required<Pick<PhotoCapabilities, 'redEyeReduction' | 'fillLightMode'>> &
    Pick<PhotoCapabilities, 'imageWidth' | 'imageHeight'>;
}

/**
 * The device's current values: the video mode, then one member per image-capture row of the
 * property table. Absent where the device lacks the property.
 */
export interface SourceSettings extends DeviceSettingsShape {
  width: number;
  height: number;
  frameRate: number;
  resizeMode: VideoResizeMode;
}

/** The device's current photo settings (https://w3c.github.io/mediacapture-image/#dictdef-photosettings), all members known. */
export interface SourcePhotoSettings {
  fillLightMode: FillLightMode;
  imageWidth: number;
  imageHeight: number;
  redEyeReduction: boolean;
}

/** A frame in RGBA order, 8 bits a channel, rows packed (stride = width * 4). */
export interface RawFrame {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** Presentation time in microseconds since the source opened. */
  readonly timestamp: number;
  /** Sequence number of the frame (0 for the first). */
  readonly index: number;
  /**
   * Present when `data` is lent by the source (nextFrame's `lend`): the caller must not write to
   * it, and calls this once when done so the buffer can be reused.
   */
  readonly release?: () => void;
}

/** Facts about a still that go into its EXIF block. */
export interface StillMetadata {
  /** Seconds. */
  exposureTime?: number;
  iso?: number;
  /** Millimetres (actual focal length, zoom included). */
  focalLength?: number;
  /** 35 mm-equivalent focal length, millimetres. */
  focalLengthIn35mm?: number;
  fNumber?: number;
  flashFired?: boolean;
  /** EV. */
  exposureBias?: number;
  whiteBalance?: 'auto' | 'manual';
  exposureProgram?: 'manual' | 'auto';
  digitalZoomRatio?: number;
  /** Metres. */
  subjectDistance?: number;
  make?: string;
  model?: string;
  /** When the still was taken. */
  date?: Date;
}

/** A still as RGBA pixels, to be encoded with its EXIF facts. */
export interface RawStill {
  readonly kind: 'raw';
  /** The photo's pixels at the photo's size; `release` (when present) is called once they are encoded. */
  readonly frame: RawFrame;
  readonly metadata: StillMetadata;
}

/** A still the device encoded itself (a JPEG snapshot): handed to script as it is. */
export interface EncodedStill {
  readonly kind: 'encoded';
  readonly blob: Blob;
}

/**
 * A picture the platform holds and draws itself (a browser's ImageBitmap), seen only through what
 * the photo pipeline needs of it, so these declarations need no DOM library.
 */
export interface StillPicture {
  readonly width: number;
  readonly height: number;
  /** Frees the picture; called once it is encoded (or the photo was abandoned). */
  close(): void;
}

/** A still as a platform picture, to be scaled to cover `width`×`height` (cropped evenly, never stretched) and encoded. */
export interface PictureStill {
  readonly kind: 'picture';
  readonly picture: StillPicture;
  readonly width: number;
  readonly height: number;
}

/** What a camera source's still capture yields: pixels to encode, or an image the device encoded itself. */
export type Still = RawStill | EncodedStill;

/** What a capture target hands ImageCapture for one photo: a camera's still, or a platform picture. */
export type CaptureStill = Still | PictureStill;

/**
 * Events a source dispatches: 'ended' (the device went away: unplugged, end of file, process
 * died — `detail` may carry an Error), 'mute' and 'unmute' (frames stop and start again, e.g.
 * while the sensor is reconfigured for a still).
 */
export interface CameraSource extends EventTarget {
  readonly info: CameraDeviceInfo;
  readonly clock: Clock;
  /** True once the source has ended or been closed. */
  readonly ended: boolean;
  /** True while frames are not being delivered (see 'mute'). */
  readonly muted: boolean;
  /**
   * False for a source that cannot take still photos (a generated track): takePhoto then fails
   * with UnknownError (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto step 3.2). Absent means true.
   */
  readonly stillPhoto?: boolean;
  /** Synchronous; a fresh object each call. */
  capabilities(): SourceCapabilities;
  /** Synchronous; a fresh object each call; values that move over time are reported where they are now. */
  settings(): SourceSettings;
  /**
   * Apply new values together. Keys present are changed, others keep their values. Values are
   * trusted (within capabilities); the device may quantise them. Resolves once the device has
   * accepted the target (motion such as zoom travel may still be under way); rejects, changing
   * nothing, when the device refuses.
   */
  configure(update: Partial<SourceSettings>): Promise<void>;
  /** Current photo settings, as the device reports them. */
  photoSettings(): Promise<SourcePhotoSettings>;
  /**
   * The next frame produced after the call, at the current video size. The frame's `data` is the
   * caller's to keep: when `out` is given and is exactly width*height*4 bytes long the pixels are
   * written there, otherwise into a new buffer. With `lend` a source may instead lend its own
   * buffer, without a copy (`out` is then left alone): the frame then carries `release`.
   */
  nextFrame(signal: AbortSignal, out?: Uint8Array, lend?: boolean): Promise<RawFrame>;
  /**
   * Captures one still with the given photo settings (already validated and resolved to sizes the
   * device supports). Rejects when the capture cannot be done.
   */
  takePhoto(settings: SourcePhotoSettings, signal: AbortSignal): Promise<Still>;
  /**
   * Optional pre-capture step, run by takePhoto before `takePhoto`: resolves once lens moves under
   * way (zoom, focus, pan, tilt) have arrived and the automatics (exposure, white balance, focus)
   * have settled, and once a device just opened or switched mode has dropped its warm-up frames.
   * The caller bounds it (PRECAPTURE_LIMIT_MS in src/backends/precapture.ts) and aborts `signal`
   * when the limit is reached; the photo is then taken as things are.
   */
  prepareStill?(signal: AbortSignal): Promise<void>;
  /** Releases everything the source holds (timers, processes, buffers). Idempotent. */
  close(): void;
}

export interface CameraBackend {
  readonly name: string;
  /** The cameras this backend offers now. */
  devices(): Promise<CameraDeviceInfo[]>;
  /**
   * Whether this backend can open a deviceId it does not list (a file path or URL for ffmpeg).
   * Consulted for exact deviceId constraints that match no listed device.
   */
  accepts?(deviceId: string): boolean;
  /** Describes an accepted but unlisted deviceId (probing it if needed); rejects NotFoundError. */
  describe?(deviceId: string): Promise<{ info: CameraDeviceInfo; capabilities: SourceCapabilities }>;
  /**
   * Says that a device described (or probed) to choose a camera will not be opened now, so what
   * the description keeps for a following open() (a network stream's connection) can go.
   */
  release?(deviceId: string): void;
  /** Capabilities of a listed device without opening it (used to choose a device). */
  probe(deviceId: string): Promise<SourceCapabilities>;
  /**
   * Opens the device. Rejects with NotFoundError (no such device) or NotReadableError (the device
   * exists but cannot be read), made by src/spec/errors.ts.
   */
  open(deviceId: string, initial: Partial<SourceSettings>): Promise<CameraSource>;
}
