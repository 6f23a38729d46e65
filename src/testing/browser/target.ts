/**
 * ImageCapture's view of a mock-backed browser track: frames, state and events are the native
 * track's (through the browser backend's target), the photo state and the stills are the mock's,
 * and ImageCapture behaves as Chromium's does (docs/behaviour.md, section 2).
 */
import type { EncodedStill, PictureStill, SourcePhotoSettings } from '../../backends/backend.js';
import { browserCaptureTarget, isNativeTrack } from '../../backends/browser/target.js';
import type { Clock } from '../../backends/clock.js';
import type { CaptureTarget, PhotoDeviceCapabilities } from '../../image-capture/target.js';
import { registerCaptureTargetResolver } from '../../image-capture/target.js';
import { CHROMIUM_BEHAVIOR } from '../../spec/behavior.js';
import { type MockImageCapture, mockPhoto } from '../mock-image-capture.js';

const NO_FORMAT = { videoModes: [], resizeModes: [], minFrameRate: 0 };

class MockTrackTarget implements CaptureTarget<PictureStill> {
  readonly kind = 'video';
  readonly behavior = CHROMIUM_BEHAVIOR;
  readonly stillPhoto = true;
  readonly #base: CaptureTarget<PictureStill>;
  readonly #mock: MockImageCapture;

  constructor(base: CaptureTarget<PictureStill>, mock: MockImageCapture) {
    this.#base = base;
    this.#mock = mock;
  }

  get readyState(): 'live' | 'ended' {
    return this.#base.readyState;
  }
  get enabled(): boolean {
    return this.#base.enabled;
  }
  get muted(): boolean {
    return this.#base.muted;
  }
  get clock(): Clock {
    return this.#base.clock;
  }
  get endedSignal(): AbortSignal {
    return this.#base.endedSignal;
  }
  get sourceKey(): object {
    return this.#base.sourceKey;
  }

  async photoCapabilities(): Promise<PhotoDeviceCapabilities> {
    return this.#mock.capabilities(NO_FORMAT).photo;
  }

  async photoSettings(): Promise<SourcePhotoSettings> {
    return this.#mock.photoSettings();
  }

  get encoder(): CaptureTarget<PictureStill>['encoder'] {
    return this.#base.encoder;
  }

  async takePhoto(settings: SourcePhotoSettings): Promise<EncodedStill> {
    this.#mock.sendPhotoSettings(settings);
    return { kind: 'encoded', blob: mockPhoto() };
  }

  grabFrame(signal: AbortSignal): Promise<ImageBitmap> {
    return this.#base.grabFrame(signal);
  }
}

let current: MockImageCapture | undefined;
let registered = false;

/**
 * While `mock` is set, ImageCapture objects made over live native video tracks use it; `undefined`
 * returns them to the browser backend.
 */
export function useMockTargets(mock: MockImageCapture | undefined): void {
  current = mock;
  if (registered) return;
  registered = true;
  registerCaptureTargetResolver((value) => {
    if (!current || !isNativeTrack(value) || value.kind !== 'video') return undefined;
    const base = browserCaptureTarget(value);
    return base ? new MockTrackTarget(base, current) : undefined;
  });
}
