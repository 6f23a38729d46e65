/**
 * ImageBitmap and ImageData for Node
 * (https://html.spec.whatwg.org/multipage/imagebitmap-and-animations.html#imagebitmap). An ImageBitmap owns
 * RGBA pixels; after `close()` it reports 0x0 and cannot be used. Because Node has no canvas, the pixels are
 * reached with `getImageBitmapPixels()` and encoded with `encodeImageBitmap()` (both documented extras).
 */
import { domException, invalidState, rangeError, typeError } from '../spec/errors.js';
import * as webidl from '../spec/webidl.js';

let constructing = false;

/** What functions taking a bitmap accept in their types (the DOM's ImageBitmap type, or ours). */
export interface ImageBitmapLike {
  readonly width: number;
  readonly height: number;
  close(): void;
}

interface BitmapData {
  data: Uint8Array;
  width: number;
  height: number;
  /** The pixels are lent (by a camera's frame pool): read-only, given back on close. */
  release?: () => void;
}

/** Whether `value` is an ImageBitmap made by this package (open or closed). */
export let isImageBitmap: (value: unknown) => value is ImageBitmap;

/** For this package's own modules: the live pixel store of a bitmap, or null once it is closed. */
export let imageBitmapPixels: (bitmap: ImageBitmap) => BitmapData | null;

export class ImageBitmap {
  #bitmap: BitmapData | null;

  constructor(...args: unknown[]) {
    if (!constructing) throw typeError("Failed to construct 'ImageBitmap': Illegal constructor");
    this.#bitmap = args[0] as BitmapData;
  }

  get width(): number {
    return webidl.requireBrand(this, BRAND, 'width').#bitmap?.width ?? 0;
  }

  get height(): number {
    return webidl.requireBrand(this, BRAND, 'height').#bitmap?.height ?? 0;
  }

  /** Releases the pixels; the bitmap becomes 0x0 and unusable. */
  close(): void {
    const self = webidl.requireBrand(this, BRAND, 'close');
    const lent = self.#bitmap?.release;
    self.#bitmap = null;
    lent?.();
  }

  static {
    isImageBitmap = (value): value is ImageBitmap => typeof value === 'object' && value !== null && #bitmap in value;
    imageBitmapPixels = (bitmap) => bitmap.#bitmap;
  }
}

const BRAND: webidl.Brand<ImageBitmap> = { name: 'ImageBitmap', has: (value) => isImageBitmap(value) };

/**
 * For this package's own modules: a bitmap that takes ownership of `data` (RGBA,
 * width*height*4 bytes); or, with `release`, borrows it without a copy and calls `release` when
 * it is closed.
 */
export function imageBitmapFromRGBA(data: Uint8Array, width: number, height: number, release?: () => void): ImageBitmap {
  if (data.length !== width * height * 4) throw rangeError(`Pixel buffer of ${data.length} bytes does not match ${width}x${height} RGBA.`);
  constructing = true;
  try {
    return new ImageBitmap(release ? { data, width, height, release } : { data, width, height });
  } finally {
    constructing = false;
  }
}

// https://html.spec.whatwg.org/multipage/imagebitmap-and-animations.html#imagebitmap
webidl.defineInterface(ImageBitmap, 'ImageBitmap', { length: 0, attributes: ['width', 'height'], operations: { close: 0 } });

/** HTML PredefinedColorSpace. */
const COLOR_SPACES = ['srgb', 'display-p3'] as const;
type PredefinedColorSpace = (typeof COLOR_SPACES)[number];

/** HTML ImageDataSettings: the dictionary is converted (its getters run, colorSpace is an enum). */
function convertImageDataSettings(value: unknown, ctx: string): PredefinedColorSpace {
  const colorSpace = webidl.member(webidl.dictionary(value, ctx), 'colorSpace');
  return colorSpace === undefined
    ? 'srgb'
    : webidl.enumeration(colorSpace, COLOR_SPACES, `${ctx}: member colorSpace`, 'PredefinedColorSpace');
}

/** HTML ImageData: RGBA pixels in a Uint8ClampedArray. */
let isImageData: (value: unknown) => value is ImageData;

export class ImageData {
  readonly #data: Uint8ClampedArray;
  readonly #width: number;
  readonly #height: number;
  readonly #colorSpace: PredefinedColorSpace;

  constructor(dataOrWidth: Uint8ClampedArray | number, widthOrHeight: number, height?: number, settings?: unknown) {
    const ctx = "Failed to construct 'ImageData'";
    if (arguments.length < 2) throw typeError(`${ctx}: 2 arguments required, but only ${arguments.length} present.`);
    // WebIDL converts every argument (settings included) before the constructor steps run.
    if (dataOrWidth instanceof Uint8ClampedArray) {
      const data = dataOrWidth;
      const w = webidl.unsignedLong(widthOrHeight, `${ctx}: parameter 2`, { enforceRange: true });
      const givenHeight = height === undefined ? undefined : webidl.unsignedLong(height, `${ctx}: parameter 3`, { enforceRange: true });
      this.#colorSpace = convertImageDataSettings(settings, `${ctx}: parameter 4`);
      if (w === 0) throw domIndexSize(`${ctx}: the source width is zero or not a number.`);
      if (data.length === 0 || data.length % 4 !== 0) throw invalidState(`${ctx}: the input data length is not a non-zero multiple of 4.`);
      const pixels = data.length / 4;
      if (pixels % w !== 0) throw domIndexSize(`${ctx}: the input data length is not a multiple of (4 * width).`);
      const h = givenHeight ?? pixels / w;
      if (h * w !== pixels) throw domIndexSize(`${ctx}: the input data length is not equal to (4 * width * height).`);
      this.#data = data;
      this.#width = w;
      this.#height = h;
    } else {
      const w = webidl.unsignedLong(dataOrWidth, `${ctx}: parameter 1`, { enforceRange: true });
      const h = webidl.unsignedLong(widthOrHeight, `${ctx}: parameter 2`, { enforceRange: true });
      this.#colorSpace = convertImageDataSettings(height, `${ctx}: parameter 3`);
      if (w === 0 || h === 0) throw domIndexSize(`${ctx}: the source ${w === 0 ? 'width' : 'height'} is zero.`);
      this.#data = new Uint8ClampedArray(w * h * 4);
      this.#width = w;
      this.#height = h;
    }
  }

  get data(): Uint8ClampedArray {
    return webidl.requireBrand(this, IMAGE_DATA, 'data').#data;
  }

  get width(): number {
    return webidl.requireBrand(this, IMAGE_DATA, 'width').#width;
  }

  get height(): number {
    return webidl.requireBrand(this, IMAGE_DATA, 'height').#height;
  }

  get colorSpace(): PredefinedColorSpace {
    return webidl.requireBrand(this, IMAGE_DATA, 'colorSpace').#colorSpace;
  }

  static {
    isImageData = (value): value is ImageData => typeof value === 'object' && value !== null && #data in value;
  }
}

const IMAGE_DATA: webidl.Brand<ImageData> = { name: 'ImageData', has: (value) => isImageData(value) };

// https://html.spec.whatwg.org/multipage/canvas.html#imagedata
webidl.defineInterface(ImageData, 'ImageData', { length: 2, attributes: ['width', 'height', 'data', 'colorSpace'] });

function domIndexSize(message: string): DOMException {
  return domException('IndexSizeError', message);
}

/**
 * The RGBA pixels of an ImageBitmap as an ImageData-shaped object (a copy; the bitmap keeps its
 * own). Throws InvalidStateError for a closed bitmap.
 */
export function getImageBitmapPixels(bitmap: ImageBitmapLike): { width: number; height: number; data: Uint8ClampedArray } {
  const px = isImageBitmap(bitmap) ? imageBitmapPixels(bitmap) : undefined;
  if (px === undefined) throw typeError('getImageBitmapPixels: the argument is not an ImageBitmap.');
  if (px === null) throw invalidState('getImageBitmapPixels: the ImageBitmap has been closed.');
  return { width: px.width, height: px.height, data: new Uint8ClampedArray(px.data) };
}

/** Encodes an ImageBitmap like canvas.toBlob(type, quality): image/png (default), image/jpeg or image/webp. */
export async function encodeImageBitmap(bitmap: ImageBitmapLike, options: { type?: string; quality?: number } = {}): Promise<Blob> {
  const px = isImageBitmap(bitmap) ? imageBitmapPixels(bitmap) : undefined;
  if (px === undefined) throw typeError('encodeImageBitmap: the argument is not an ImageBitmap.');
  if (px === null) throw invalidState('encodeImageBitmap: the ImageBitmap has been closed.');
  const { encodeRaw } = await import('../encode/node.js');
  // Lent pixels go back to the camera when the bitmap closes, maybe mid-encode: encode a copy.
  const pixels = px.release ? { data: new Uint8Array(px.data), width: px.width, height: px.height } : px;
  return encodeRaw(pixels, { type: options.type ?? 'image/png', quality: options.quality });
}
