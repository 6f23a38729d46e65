/**
 * ImageCaptureError of the 2013 draft (https://www.w3.org/TR/2013/WD-image-capture-20130709/): a numeric code and a message. The draft
 * marks it [NoInterfaceObject], so it is exported from the module but never installed globally.
 */
import { typeError } from '../spec/errors.js';
import * as webidl from '../spec/webidl.js';

export const FRAME_GRAB_ERROR = 1;
export const SETTINGS_ERROR = 2;
export const PHOTO_ERROR = 3;
export const ERROR_UNKNOWN = 4;

/**
 * The draft uses INVALID_TRACK without defining it. A call on a track that is not live is reported
 * as ERROR_UNKNOWN (4) with this message: a choice, listed in docs/behaviour.md.
 */
export const INVALID_TRACK = 'INVALID_TRACK';

let constructing = false;
let isImageCaptureError: (value: unknown) => value is ImageCaptureError;

export class ImageCaptureError {
  declare static readonly FRAME_GRAB_ERROR: 1;
  declare static readonly SETTINGS_ERROR: 2;
  declare static readonly PHOTO_ERROR: 3;
  declare static readonly ERROR_UNKNOWN: 4;
  declare readonly FRAME_GRAB_ERROR: 1;
  declare readonly SETTINGS_ERROR: 2;
  declare readonly PHOTO_ERROR: 3;
  declare readonly ERROR_UNKNOWN: 4;

  readonly #code: number;
  readonly #message: string;

  constructor(...args: unknown[]) {
    if (!constructing) throw typeError('ImageCaptureError has no constructor; it is created by ImageCapture.');
    this.#code = args[0] as number;
    this.#message = args[1] as string;
  }

  get code(): number {
    return webidl.requireBrand(this, BRAND, 'code').#code;
  }

  get message(): string {
    return webidl.requireBrand(this, BRAND, 'message').#message;
  }

  static {
    isImageCaptureError = (value): value is ImageCaptureError => typeof value === 'object' && value !== null && #code in value;
  }
}

const BRAND: webidl.Brand<ImageCaptureError> = { name: 'ImageCaptureError', has: (value) => isImageCaptureError(value) };

/** For this package's own modules: the error an 'error' event carries. */
export function createImageCaptureError(code: number, message: string): ImageCaptureError {
  constructing = true;
  try {
    return new ImageCaptureError(code, message);
  } finally {
    constructing = false;
  }
}

// https://www.w3.org/TR/2013/WD-image-capture-20130709/#idl-def-ImageCaptureError
webidl.defineInterface(ImageCaptureError, 'ImageCaptureError', {
  length: 0,
  attributes: ['code', 'message'],
  constants: { FRAME_GRAB_ERROR, SETTINGS_ERROR, PHOTO_ERROR, ERROR_UNKNOWN },
});
