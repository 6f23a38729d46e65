/**
 * The four event interfaces of the 2013 draft (https://www.w3.org/TR/2013/WD-image-capture-20130709/): each takes (type, init) and
 * inherits from Event. The settings-change event is titled SettingsChangeEvent in the draft's
 * prose and named PhotoSettingsEvent in its IDL; both names are exported for the one class.
 */
import { typeError } from '../spec/errors.js';
import * as webidl from '../spec/webidl.js';
import { ImageCaptureError } from './error.js';
import type { LegacyPhotoSettings } from './settings.js';

interface EventInitLike {
  bubbles?: boolean;
  cancelable?: boolean;
  composed?: boolean;
}

function eventArgs(name: string, args: IArguments | unknown[], type: unknown): string {
  if (args.length < 1) throw typeError(`Failed to construct '${name}': 1 argument required, but only 0 present.`);
  return webidl.domString(type, `Failed to construct '${name}': parameter 1`);
}

/** BlobEvent(type, { data }) — `data` is the photo, in a format an <img> can show. */
export class BlobEvent extends Event {
  readonly #data: Blob | null;

  constructor(type: string, eventInitDict?: EventInitLike & { data?: Blob | null }) {
    const t = eventArgs('BlobEvent', arguments, type);
    super(t, eventInitDict);
    const data = webidl.member(webidl.dictionary(eventInitDict, "Failed to construct 'BlobEvent': parameter 2"), 'data');
    if (data !== undefined && data !== null && !(data instanceof Blob)) {
      throw typeError("Failed to construct 'BlobEvent': member data is not of type 'Blob'.");
    }
    this.#data = (data as Blob | undefined) ?? null;
  }

  get data(): Blob | null {
    return this.#data;
  }

  get [Symbol.toStringTag](): string {
    return 'BlobEvent';
  }
}

/** The ImageData shape FrameGrabEvent carries (the platform's ImageData). */
export interface ImageDataLike {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** FrameGrabEvent(type, { imageData }) — one RGBA frame. */
export class FrameGrabEvent extends Event {
  readonly #imageData: ImageDataLike | null;

  constructor(type: string, eventInitDict?: EventInitLike & { imageData?: ImageDataLike | null }) {
    const t = eventArgs('FrameGrabEvent', arguments, type);
    super(t, eventInitDict);
    const data = webidl.member(webidl.dictionary(eventInitDict, "Failed to construct 'FrameGrabEvent': parameter 2"), 'imageData');
    if (data !== undefined && data !== null && !(typeof data === 'object' && (data as ImageDataLike).data instanceof Uint8ClampedArray)) {
      throw typeError("Failed to construct 'FrameGrabEvent': member imageData is not of type 'ImageData'.");
    }
    this.#imageData = (data as ImageDataLike | undefined) ?? null;
  }

  get imageData(): ImageDataLike | null {
    return this.#imageData;
  }

  get [Symbol.toStringTag](): string {
    return 'FrameGrabEvent';
  }
}

/** ImageCaptureErrorEvent(type, { imageCaptureError }) — nullable, as Firefox has it. */
export class ImageCaptureErrorEvent extends Event {
  readonly #error: ImageCaptureError | null;

  constructor(type: string, eventInitDict?: EventInitLike & { imageCaptureError?: ImageCaptureError | null }) {
    const t = eventArgs('ImageCaptureErrorEvent', arguments, type);
    super(t, eventInitDict);
    const err = webidl.member(
      webidl.dictionary(eventInitDict, "Failed to construct 'ImageCaptureErrorEvent': parameter 2"),
      'imageCaptureError',
    );
    if (err !== undefined && err !== null && !(err instanceof ImageCaptureError)) {
      throw typeError("Failed to construct 'ImageCaptureErrorEvent': member imageCaptureError is not of type 'ImageCaptureError'.");
    }
    this.#error = (err as ImageCaptureError | undefined) ?? null;
  }

  get imageCaptureError(): ImageCaptureError | null {
    return this.#error;
  }

  get [Symbol.toStringTag](): string {
    return 'ImageCaptureErrorEvent';
  }
}

/** PhotoSettingsEvent(type, { photoSettings }) — also exported as SettingsChangeEvent. */
export class PhotoSettingsEvent extends Event {
  readonly #settings: LegacyPhotoSettings | null;

  constructor(type: string, eventInitDict?: EventInitLike & { photoSettings?: LegacyPhotoSettings | null }) {
    const t = eventArgs('PhotoSettingsEvent', arguments, type);
    super(t, eventInitDict);
    const s = webidl.member(webidl.dictionary(eventInitDict, "Failed to construct 'PhotoSettingsEvent': parameter 2"), 'photoSettings');
    if (s !== undefined && s !== null && typeof s !== 'object') {
      throw typeError("Failed to construct 'PhotoSettingsEvent': member photoSettings is not a dictionary.");
    }
    this.#settings = s ? { ...(s as LegacyPhotoSettings) } : null;
  }

  /** A copy each time, so listeners cannot change what others see. */
  get photoSettings(): LegacyPhotoSettings | null {
    return this.#settings ? { ...this.#settings } : null;
  }

  get [Symbol.toStringTag](): string {
    return 'PhotoSettingsEvent';
  }
}

export const SettingsChangeEvent = PhotoSettingsEvent;
