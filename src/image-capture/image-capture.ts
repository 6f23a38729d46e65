/**
 * The ImageCapture interface (https://w3c.github.io/mediacapture-image/#imagecaptureapi). The same class serves Node and browsers: the
 * platform is reached only through the CaptureTarget of the track (target.ts).
 *
 * Policies where the spec leaves a choice (docs/behaviour.md, "ImageCapture methods"):
 * - takePhoto calls are queued per source and run one at a time in call order;
 * - a grabFrame made while another on the same ImageCapture waits for its frame is rejected at
 *   once with UnknownError;
 * - a grabFrame that gets no frame within 2 s rejects with UnknownError;
 * - getPhotoCapabilities/getPhotoSettings may run concurrently.
 */
import type { PlatformImageBitmap, PlatformMediaStreamTrack } from '../spec/platform-globals.js';
import type { PhotoFormat } from '../encode/still.js';
import { invalidState, notSupported, operationError, typeError, unknownError } from '../spec/errors.js';
import type { PhotoCapabilities, PhotoSettings } from '../spec/types.js';
import * as webidl from '../spec/webidl.js';
import {
  convertPhotoSettings,
  photoCapabilitiesDictionary,
  photoSettingsDictionary,
  resolvePhotoSettings,
  validatePhotoSettings,
} from './photo-settings.js';
import { enqueue, type ImageCaptureOptions, resolvePhotoFormat, shootAndEncode } from './photo-pipeline.js';
import { type CaptureTarget, resolveCaptureTarget } from './target.js';
import type { MediaStreamTrack as RuntimeTrack } from '../media/track.js';

/** A browser's MediaStreamTrack or this package's Node one. */
export type AnyMediaStreamTrack = PlatformMediaStreamTrack | RuntimeTrack;

/** How long grabFrame waits for a frame, as in Chromium (docs/behaviour.md: the spec sets no limit). */
export const GRAB_FRAME_TIMEOUT_MS = 2000;

export type { ImageCaptureOptions };

/** A controller whose signal aborts when the track ends; disposed when the call settles. */
function callSignal(target: CaptureTarget): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onEnded = (): void => controller.abort(target.endedSignal.reason);
  if (target.endedSignal.aborted) controller.abort(target.endedSignal.reason);
  else target.endedSignal.addEventListener('abort', onEnded, { once: true });
  return {
    signal: controller.signal,
    dispose: () => target.endedSignal.removeEventListener('abort', onEnded),
  };
}

function reasonText(err: unknown): string {
  if (err instanceof Error || (typeof DOMException !== 'undefined' && err instanceof DOMException)) {
    return (err as Error).message;
  }
  return String(err);
}

function isDOMException(err: unknown, name: string): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === name && err instanceof DOMException;
}

/** Whether `value` is an ImageCapture made by this package. */
export let isImageCapture: (value: unknown) => value is ImageCapture;

/** For this package's own modules: an ImageCapture's capture target and state. */
export let imageCaptureInternals: (value: ImageCapture) => { target: CaptureTarget; markCapabilitiesFetched(): void };

export class ImageCapture {
  readonly #track: AnyMediaStreamTrack;
  readonly #target: CaptureTarget;
  readonly #format: PhotoFormat;
  #grabbing = false;
  /** Chromium behaviour: Chromium range-checks photo settings only after capabilities were fetched once. */
  #capabilitiesFetched = false;

  /** https://w3c.github.io/mediacapture-image/#dom-imagecapture-imagecapture */
  constructor(videoTrack: AnyMediaStreamTrack, options?: ImageCaptureOptions) {
    const ctx = "Failed to construct 'ImageCapture'";
    if (arguments.length < 1) throw typeError(`${ctx}: 1 argument required, but only 0 present.`);
    const target = resolveCaptureTarget(videoTrack);
    if (!target) {
      throw typeError(`${ctx}: parameter 1 is ${webidl.describeValue(videoTrack)}, which is not of type 'MediaStreamTrack'.`);
    }
    // https://w3c.github.io/mediacapture-image/#dom-imagecapture-imagecapture: a track of another kind is
    // NotSupportedError; ended or disabled tracks are accepted.
    if (target.kind !== 'video') {
      throw notSupported(`${ctx}: the track's kind is "${target.kind}"; ImageCapture needs a "video" track.`);
    }
    this.#format = resolvePhotoFormat(options, `${ctx}: parameter 2`);
    this.#track = videoTrack;
    this.#target = target;
  }

  /** https://w3c.github.io/mediacapture-image/#dom-imagecapture-track: the very track given to the constructor. */
  get track(): AnyMediaStreamTrack {
    return webidl.requireBrand(this, BRAND, 'track').#track;
  }

  /** https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto */
  takePhoto(photoSettings: PhotoSettings | null | undefined = undefined): Promise<Blob> {
    const ctx = webidl.methodContext('ImageCapture', 'takePhoto');
    let self: ImageCapture;
    let requested: PhotoSettings;
    try {
      self = webidl.requireBrand(this, BRAND, 'takePhoto');
      requested = convertPhotoSettings(photoSettings, ctx);
    } catch (err) {
      return Promise.reject(err);
    }
    const target = self.#target;
    // https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto step 1
    if (target.readyState !== 'live') return Promise.reject(invalidState(`${ctx}: the track has ended.`));
    // The spec checks only readyState; Chromium and the web-platform tests also refuse a disabled track.
    if (!target.enabled) return Promise.reject(disabledError(ctx));
    const checkRanges = !target.behavior.rangeCheckAfterPhotoState || self.#capabilitiesFetched;
    const { signal, dispose } = callSignal(target);
    // takePhoto step 3: in parallel, queued behind earlier shots on the same source.
    return enqueue(target.sourceKey, async () => {
      const endedError = (): DOMException =>
        target.behavior.endedPhotoIsOperationError
          ? operationError(`${ctx}: the track ended during the capture.`)
          : unknownError(`${ctx}: the track ended during the capture.`);
      // Asked of the track itself: a browser's track tells of stop() only through readyState.
      if (target.readyState !== 'live') throw endedError();
      // takePhoto step 3.2: a source without still-photo support cannot complete a capture.
      if (target.stillPhoto === false) throw unknownError(`${ctx}: this track's source cannot take still photos.`);
      let caps;
      let current;
      try {
        [caps, current] = await Promise.all([target.photoCapabilities(signal), target.photoSettings(signal)]);
      } catch (err) {
        throw signal.aborted ? endedError() : unknownError(`${ctx}: the camera did not report its photo state (${reasonText(err)}).`);
      }
      if (checkRanges) validatePhotoSettings(requested, caps);
      const resolved = resolvePhotoSettings(requested, current, caps, target.behavior);
      let blob: Blob;
      try {
        // The still and its encoding, both inside this queued step.
        blob = await shootAndEncode(target, resolved, self.#format, signal);
      } catch (err) {
        if (signal.aborted) throw endedError();
        if (isDOMException(err, 'NotSupportedError')) throw err;
        // takePhoto step 3.2
        throw unknownError(`${ctx}: the capture failed (${reasonText(err)}).`);
      }
      if (signal.aborted) throw endedError();
      if (blob.size === 0) throw unknownError(`${ctx}: the camera returned an empty image.`);
      return blob; // takePhoto step 3.3
    }).finally(dispose);
  }

  /** https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotocapabilities */
  getPhotoCapabilities(): Promise<PhotoCapabilities> {
    return photoState(this, 'getPhotoCapabilities', async (self, target, signal) => {
      const caps = await target.photoCapabilities(signal);
      self.#capabilitiesFetched = true;
      return photoCapabilitiesDictionary(caps, target.behavior);
    });
  }

  /** https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotosettings */
  getPhotoSettings(): Promise<PhotoSettings> {
    return photoState(this, 'getPhotoSettings', async (self, target, signal) => {
      const settings = await target.photoSettings(signal);
      self.#capabilitiesFetched = true;
      return photoSettingsDictionary(settings, target.behavior);
    });
  }

  /** https://w3c.github.io/mediacapture-image/#dom-imagecapture-grabframe */
  grabFrame(): Promise<PlatformImageBitmap> {
    const ctx = webidl.methodContext('ImageCapture', 'grabFrame');
    let self: ImageCapture;
    try {
      self = webidl.requireBrand(this, BRAND, 'grabFrame');
    } catch (err) {
      return Promise.reject(err);
    }
    const target = self.#target;
    // https://w3c.github.io/mediacapture-image/#dom-imagecapture-grabframe step 1. The spec checks only
    // readyState; Chromium and the web-platform tests also refuse a disabled track.
    if (target.readyState !== 'live') return Promise.reject(invalidState(`${ctx}: the track has ended.`));
    if (!target.enabled) return Promise.reject(disabledError(ctx));
    // One grab at a time per ImageCapture, as in Chromium (docs/behaviour.md).
    if (self.#grabbing) {
      return Promise.reject(unknownError(`${ctx}: another grabFrame() on this ImageCapture is still waiting for a frame.`));
    }
    self.#grabbing = true;
    const { signal, dispose } = callSignal(target);
    // The grab is cancelled when the track ends or when the 2 s timeout fires (docs/behaviour.md).
    const grabController = new AbortController();
    const cancelGrab = (): void => grabController.abort(signal.reason);
    signal.addEventListener('abort', cancelGrab, { once: true });
    const timerController = new AbortController();
    const timer = target.clock
      .sleepUntil(target.clock.now() + GRAB_FRAME_TIMEOUT_MS, timerController.signal)
      .then((): typeof TIMED_OUT => TIMED_OUT, (): typeof TIMED_OUT => TIMED_OUT);
    const grab = target.grabFrame(grabController.signal);
    let delivered = false;
    // grabFrame step 3.1
    return Promise.race([grab, timer])
      .then(
        (result) => {
          if (result === TIMED_OUT) {
            throw unknownError(`${ctx}: no frame arrived within ${GRAB_FRAME_TIMEOUT_MS / 1000} s (the track may be muted).`);
          }
          if (signal.aborted) {
            result.close();
            throw unknownError(`${ctx}: the track ended before a frame arrived.`);
          }
          delivered = true;
          return result; // grabFrame step 3.3
        },
        (err: unknown) => {
          // grabFrame step 3.2
          throw signal.aborted
            ? unknownError(`${ctx}: the track ended before a frame arrived.`)
            : unknownError(`${ctx}: the frame could not be taken (${reasonText(err)}).`);
        },
      )
      .finally(() => {
        self.#grabbing = false;
        // A reason made once: abort() without one would build a DOMException on every grab.
        timerController.abort(GRAB_SETTLED);
        signal.removeEventListener('abort', cancelGrab);
        dispose();
        if (!delivered) {
          grabController.abort(unknownError(`${ctx}: timed out.`));
          // A frame that still arrives is released rather than leaked.
          grab.then((bitmap) => bitmap.close(), () => undefined);
        }
      });
  }

  static {
    isImageCapture = (value): value is ImageCapture => typeof value === 'object' && value !== null && #target in value;
    imageCaptureInternals = (value) => ({
      target: value.#target,
      markCapabilitiesFetched: () => void (value.#capabilitiesFetched = true),
    });
  }
}

const BRAND: webidl.Brand<ImageCapture> = { name: 'ImageCapture', has: (value) => isImageCapture(value) };

const TIMED_OUT: unique symbol = Symbol('timed out');
/** Why a settled grab's timeout is stopped (nobody sees it). */
const GRAB_SETTLED = Symbol('grab settled');

function disabledError(ctx: string): DOMException {
  return invalidState(`${ctx}: the track is disabled; set track.enabled = true to capture from it.`);
}

/**
 * https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotocapabilities and #dom-imagecapture-getphotosettings: the shared
 * steps of getPhotoCapabilities and getPhotoSettings.
 */
function photoState<T>(
  value: unknown,
  method: string,
  gather: (self: ImageCapture, target: CaptureTarget, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const ctx = webidl.methodContext('ImageCapture', method);
  let self: ImageCapture;
  try {
    self = webidl.requireBrand(value, BRAND, method);
  } catch (err) {
    return Promise.reject(err);
  }
  const { target } = imageCaptureInternals(self);
  // step 1
  if (target.readyState !== 'live') return Promise.reject(invalidState(`${ctx}: the track has ended.`));
  if (target.behavior.disabledTrackRejects && !target.enabled) return Promise.reject(disabledError(ctx));
  const { signal, dispose } = callSignal(target);
  // step 2: gather in parallel; step 3: the track ending meanwhile is OperationError.
  return (async () => {
    await Promise.resolve();
    let result: T;
    try {
      result = await gather(self, target, signal);
    } catch (err) {
      if (signal.aborted || target.readyState !== 'live') throw operationError(`${ctx}: the track ended before the camera answered.`);
      throw target.behavior.photoStateFailureIsUnknownError
        ? unknownError(`${ctx}: platform error (${reasonText(err)}).`)
        : operationError(`${ctx}: the camera did not answer (${reasonText(err)}).`);
    }
    if (signal.aborted || target.readyState !== 'live') throw operationError(`${ctx}: the track ended before the camera answered.`);
    return result;
  })().finally(dispose);
}

// https://w3c.github.io/mediacapture-image/#imagecapture-section
webidl.defineInterface(ImageCapture, 'ImageCapture', {
  length: 1,
  attributes: ['track'],
  operations: { takePhoto: 0, getPhotoCapabilities: 0, getPhotoSettings: 0, grabFrame: 0 },
});
