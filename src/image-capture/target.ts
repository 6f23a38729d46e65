/**
 * What ImageCapture needs from a track, whatever platform the track lives on. The Node runtime
 * provides targets over its own MediaStreamTrack and CameraSource; the browser ponyfill provides
 * targets over the browser's native MediaStreamTrack. ImageCapture itself (image-capture.ts) is the
 * same code on both.
 */
import type { PlatformImageBitmap } from '../spec/platform-globals.js';
import type { Clock } from '../backends/clock.js';
import type { BehaviorRecord } from '../spec/behavior.js';
import type { EncodedStill, SourceCapabilities, SourcePhotoSettings } from '../backends/backend.js';
import type { StillEncoder, StillToEncode } from '../encode/still.js';

export type PhotoDeviceCapabilities = SourceCapabilities['photo'];

/** `S`: the stills this target makes for its encoder (pixels in Node, pictures in browsers). */
export interface CaptureTarget<S extends StillToEncode = StillToEncode> {
  readonly kind: string;
  readonly readyState: 'live' | 'ended';
  readonly enabled: boolean;
  readonly muted: boolean;
  /** The spec's behaviour or Chromium's, difference by difference (docs/behaviour.md). */
  readonly behavior: BehaviorRecord;
  /** Time used for the grabFrame timeout (2 s, as Chromium; docs/behaviour.md). */
  readonly clock: Clock;
  /** Aborts when the track ends (stop(), or its source went away). */
  readonly endedSignal: AbortSignal;
  /** Shared by every target over the same source: takePhoto calls queue on it. */
  readonly sourceKey: object;
  /**
   * False when the source cannot take still photos
   * (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto step 3.2); absent means true.
   */
  readonly stillPhoto?: boolean;
  /** The device's photo capabilities (https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotocapabilities step 3.1). */
  photoCapabilities(signal: AbortSignal): Promise<PhotoDeviceCapabilities>;
  /** The device's current photo settings (https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotosettings). */
  photoSettings(signal: AbortSignal): Promise<SourcePhotoSettings>;
  /**
   * One still with these (validated, resolved) settings, not yet encoded
   * (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto step 3.1). A disabled
   * track's still is black (https://w3c.github.io/mediacapture-main/#media-flow).
   */
  takePhoto(settings: SourcePhotoSettings, signal: AbortSignal): Promise<S | EncodedStill>;
  /** Encodes this target's stills: encode/node.ts in Node, encode/canvas.ts in browsers. */
  readonly encoder: StillEncoder<S>;
  /**
   * One frame of the live video as the platform's ImageBitmap
   * (https://w3c.github.io/mediacapture-image/#dom-imagecapture-grabframe step 3.1).
   */
  grabFrame(signal: AbortSignal): Promise<PlatformImageBitmap>;
}

type Resolver = (value: unknown) => CaptureTarget | undefined;
const resolvers: Resolver[] = [];

/** Platforms register how to find the CaptureTarget of one of their tracks. */
export function registerCaptureTargetResolver(resolver: Resolver): void {
  if (!resolvers.includes(resolver)) resolvers.unshift(resolver);
}

/** The CaptureTarget for a MediaStreamTrack, or undefined when `value` is not a track. */
export function resolveCaptureTarget(value: unknown): CaptureTarget | undefined {
  for (const resolver of resolvers) {
    const target = resolver(value);
    if (target) return target;
  }
  return undefined;
}
