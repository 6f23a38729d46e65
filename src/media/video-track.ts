/**
 * Video tracks over a CameraSource: the TrackImpl behind camera tracks, the shared handle that
 * keeps a source open while any track uses it, and the CaptureTarget ImageCapture works through.
 */
import type { CameraSource, RawFrame, RawStill, SourcePhotoSettings, Still } from '../backends/backend.js';
import { raceAbort } from '../backends/abort.js';
import { precapture } from '../backends/precapture.js';
import { applyToDevice } from './apply-constraints.js';
import { trackCapabilities, trackSettings } from '../constraints/views.js';
import type { StillEncoder } from '../encode/still.js';
import type { CaptureTarget, PhotoDeviceCapabilities } from '../image-capture/target.js';
import { registerCaptureTargetResolver } from '../image-capture/target.js';
import type { MediaTrackCapabilities, MediaTrackSettings, NormalizedConstraints } from '../spec/types.js';
import { type ImageBitmap, imageBitmapFromRGBA } from './image-bitmap.js';
import type { BehaviorRecord } from '../spec/behavior.js';
import type { TrackContext } from './context.js';
import { forwardSourceEvents, isTrack, type MediaStreamTrack, type TrackImpl, type TrackImplListener, type TrackState } from './track.js';

/** Keeps one source open while tracks use it; closes it when the last lets go. */
export class SourceHandle {
  readonly source: CameraSource;
  #refs = 0;

  constructor(source: CameraSource) {
    this.source = source;
  }

  acquire(): void {
    this.#refs++;
  }

  release(): void {
    if (this.#refs <= 0) return;
    if (--this.#refs === 0) this.source.close();
  }
}

const targets = new WeakMap<MediaStreamTrack, CaptureTarget>();

registerCaptureTargetResolver((value) => (isTrack(value) ? targets.get(value) ?? audioTarget(value) : undefined));

/** Non-video tracks still resolve (so the constructor can say NotSupportedError, not TypeError). */
function audioTarget(track: MediaStreamTrack): CaptureTarget | undefined {
  const kind = track.kind;
  return { kind } as CaptureTarget;
}

export class VideoTrackImpl implements TrackImpl {
  readonly kind = 'video' as const;
  readonly #handle: SourceHandle;
  readonly #context: TrackContext;
  /** https://w3c.github.io/mediacapture-image/#pan: whether the track was created with the pan-tilt-zoom permission. */
  readonly #ptzAtCreation: boolean;
  #released = false;
  #lastSettings: MediaTrackSettings | undefined;
  #detach: (() => void) | undefined;

  constructor(handle: SourceHandle, context: TrackContext, ptzAtCreation: boolean) {
    this.#handle = handle;
    this.#context = context;
    this.#ptzAtCreation = ptzAtCreation;
    handle.acquire();
  }

  get source(): CameraSource {
    return this.#handle.source;
  }

  get label(): string {
    return this.source.info.label;
  }

  get muted(): boolean {
    return this.source.muted;
  }

  /**
   * https://w3c.github.io/mediacapture-image/#pan: pan/tilt/zoom are exposed only with the permission
   * (Chromium: its current state alone).
   */
  ptzAllowed(): boolean {
    const granted = this.#context.permissionStore.get('camera-ptz') === 'granted';
    return this.#context.behaviorRecord.ptzFollowsCurrentPermission ? granted : granted && this.#ptzAtCreation;
  }

  capabilities(): MediaTrackCapabilities {
    if (this.#released) return {};
    return trackCapabilities(this.source.info, this.source.capabilities(), {
      ptzAllowed: this.ptzAllowed(),
      behavior: this.#context.behaviorRecord,
      emptyPtzHint: this.#context.emptyPtzHint,
    });
  }

  settings(): MediaTrackSettings {
    if (this.#released) return this.#lastSettings ?? {};
    return trackSettings(this.source.info, this.source.settings(), {
      ptzAllowed: this.ptzAllowed(),
      behavior: this.#context.behaviorRecord,
    });
  }

  apply(constraints: NormalizedConstraints): Promise<void> {
    return applyToDevice(this.#context, this.source, constraints, this.ptzAllowed());
  }

  clone(): TrackImpl {
    return new VideoTrackImpl(this.#handle, this.#context, this.#ptzAtCreation);
  }

  attach(listener: TrackImplListener): void {
    this.#detach = forwardSourceEvents(this.source, listener);
  }

  release(): void {
    if (this.#released) return;
    this.#lastSettings = this.settings();
    this.#released = true;
    this.#detach?.();
    this.#handle.release();
  }

  bind(track: MediaStreamTrack, state: TrackState): void {
    targets.set(track, new VideoCaptureTarget(this, this.#handle, this.#context, state));
  }
}

/** ImageCapture's view of a Node video track. */
class VideoCaptureTarget implements CaptureTarget<RawStill> {
  readonly kind = 'video';
  readonly #impl: VideoTrackImpl;
  readonly #context: TrackContext;
  readonly #state: TrackState;
  readonly sourceKey: object;

  constructor(impl: VideoTrackImpl, handle: SourceHandle, context: TrackContext, state: TrackState) {
    this.#impl = impl;
    this.#context = context;
    this.#state = state;
    this.sourceKey = handle;
  }

  get readyState(): 'live' | 'ended' {
    return this.#state.readyState;
  }

  get enabled(): boolean {
    return this.#state.enabled;
  }

  get muted(): boolean {
    return this.#state.readyState === 'live' && this.#impl.muted;
  }

  get behavior(): BehaviorRecord {
    return this.#context.behaviorRecord;
  }

  get clock() {
    return this.#impl.source.clock;
  }

  get endedSignal(): AbortSignal {
    return this.#state.endedSignal;
  }

  get stillPhoto(): boolean {
    return this.#impl.source.stillPhoto !== false;
  }

  async photoCapabilities(signal: AbortSignal): Promise<PhotoDeviceCapabilities> {
    await Promise.resolve();
    if (signal.aborted) throw signal.reason;
    return this.#impl.source.capabilities().photo;
  }

  photoSettings(signal: AbortSignal): Promise<SourcePhotoSettings> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return raceAbort(this.#impl.source.photoSettings(), signal);
  }

  get encoder(): StillEncoder<RawStill> {
    return this.#context.stillEncoder;
  }

  async takePhoto(settings: SourcePhotoSettings, signal: AbortSignal): Promise<Still> {
    // The pre-capture step: wait (bounded) until the camera has settled before the still.
    await precapture(this.#impl.source, signal);
    const still = await this.#impl.source.takePhoto(settings, signal);
    if (still.kind === 'raw' && !this.#state.enabled) blackOut(still.frame);
    return still;
  }

  async grabFrame(signal: AbortSignal): Promise<ImageBitmap> {
    const frame = await this.#impl.source.nextFrame(signal, undefined, true);
    if (!this.#state.enabled) {
      // Lent pixels are read-only: a disabled track delivers black in a buffer of its own.
      frame.release?.();
      const black = { ...frame, data: new Uint8Array(frame.data.byteLength) };
      blackOut(black);
      return imageBitmapFromRGBA(black.data, black.width, black.height);
    }
    return imageBitmapFromRGBA(frame.data, frame.width, frame.height, frame.release);
  }
}

/** A disabled track delivers black frames (https://w3c.github.io/mediacapture-main/#media-flow). */
function blackOut(frame: RawFrame): void {
  const d = frame.data;
  d.fill(0);
  for (let i = 3; i < d.length; i += 4) d[i] = 255;
}
