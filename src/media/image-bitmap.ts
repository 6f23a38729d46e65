/**
 * ImageBitmap and ImageData for Node
 * (https://html.spec.whatwg.org/multipage/imagebitmap-and-animations.html#imagebitmap). An ImageBitmap owns
 * RGBA pixels; after `close()` it reports 0x0 and cannot be used. Because Node has no canvas, the pixels are
 * reached with `getImageBitmapPixels()` and encoded with `encodeImageBitmap()` (both documented extras).
 */
import { domException, invalidState, rangeError, typeError } from '../spec/errors.js';
import * as webidl from '../spec/webidl.js';
import { imageBitmapFromVideoFrame } from './breakout/frame-image.js';

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
}

export class ImageBitmap {
  #bitmap: BitmapData | null;

  constructor(...args: unknown[]) {
    if (!constructing) throw typeError("Failed to construct 'ImageBitmap': Illegal constructor");
    this.#bitmap = args[0] as BitmapData;
  }

  get width(): number {
    return brand(this, 'width').#bitmap?.width ?? 0;
  }

  get height(): number {
    return brand(this, 'height').#bitmap?.height ?? 0;
  }

  /** Releases the pixels; the bitmap becomes 0x0 and unusable. */
  close(): void {
    brand(this, 'close').#bitmap = null;
  }

  get [Symbol.toStringTag](): string {
    return 'ImageBitmap';
  }

  /** @internal Makes a bitmap that takes ownership of `data` (RGBA, width*height*4 bytes). */
  static fromRGBA(data: Uint8Array, width: number, height: number): ImageBitmap {
    if (data.length !== width * height * 4) {
      throw rangeError(`Pixel buffer of ${data.length} bytes does not match ${width}x${height} RGBA.`);
    }
    constructing = true;
    try {
      return new ImageBitmap({ data, width, height });
    } finally {
      constructing = false;
    }
  }

  /** @internal The live pixel store, or null once closed. */
  static pixels(bitmap: ImageBitmap): BitmapData | null {
    return bitmap.#bitmap;
  }

  static isImageBitmap(value: unknown): value is ImageBitmap {
    return typeof value === 'object' && value !== null && #bitmap in value;
  }
}

function brand(value: unknown, member: string): ImageBitmap {
  if (!ImageBitmap.isImageBitmap(value)) throw typeError(`Failed to read '${member}' on 'ImageBitmap': Illegal invocation.`);
  return value;
}

for (const name of ['width', 'height', 'close']) {
  const desc = Object.getOwnPropertyDescriptor(ImageBitmap.prototype, name)!;
  Object.defineProperty(ImageBitmap.prototype, name, { ...desc, enumerable: true });
}

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
    return this.#data;
  }

  get width(): number {
    return this.#width;
  }

  get height(): number {
    return this.#height;
  }

  get colorSpace(): PredefinedColorSpace {
    return this.#colorSpace;
  }

  get [Symbol.toStringTag](): string {
    return 'ImageData';
  }
}

function domIndexSize(message: string): DOMException {
  return domException('IndexSizeError', message);
}

/**
 * The RGBA pixels of an ImageBitmap as an ImageData-shaped object (a copy; the bitmap keeps its
 * own). Throws InvalidStateError for a closed bitmap.
 */
export function getImageBitmapPixels(bitmap: ImageBitmapLike): { width: number; height: number; data: Uint8ClampedArray } {
  const px = ImageBitmap.isImageBitmap(bitmap) ? ImageBitmap.pixels(bitmap) : undefined;
  if (px === undefined) throw typeError('getImageBitmapPixels: the argument is not an ImageBitmap.');
  if (px === null) throw invalidState('getImageBitmapPixels: the ImageBitmap has been closed.');
  return { width: px.width, height: px.height, data: new Uint8ClampedArray(px.data) };
}

/** Encodes an ImageBitmap like canvas.toBlob(type, quality): image/png (default), image/jpeg or image/webp. */
export async function encodeImageBitmap(bitmap: ImageBitmapLike, options: { type?: string; quality?: number } = {}): Promise<Blob> {
  const px = ImageBitmap.isImageBitmap(bitmap) ? ImageBitmap.pixels(bitmap) : undefined;
  if (px === undefined) throw typeError('encodeImageBitmap: the argument is not an ImageBitmap.');
  if (px === null) throw invalidState('encodeImageBitmap: the ImageBitmap has been closed.');
  const { encodeRaw } = await import('../encode/node.js');
  return encodeRaw(px, { type: options.type ?? 'image/png', quality: options.quality });
}

/**
 * createImageBitmap for Node: from a Blob (decoded), an ImageData, an ImageBitmap (copied), or
 * anything with RGBA `data`, `width` and `height`.
 */
export async function createImageBitmap(source: unknown): Promise<ImageBitmap> {
  const ctx = "Failed to execute 'createImageBitmap'";
  const fromFrame = imageBitmapFromVideoFrame(source);
  if (fromFrame) return fromFrame;
  if (ImageBitmap.isImageBitmap(source)) {
    const px = ImageBitmap.pixels(source);
    if (!px) throw invalidState(`${ctx}: the source ImageBitmap has been closed.`);
    return ImageBitmap.fromRGBA(new Uint8Array(px.data), px.width, px.height);
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const { decodeToRaw } = await import('../encode/node.js');
    let raw;
    try {
      raw = await decodeToRaw(new Uint8Array(await source.arrayBuffer()));
    } catch (err) {
      throw new globalThis.DOMException(
        `${ctx}: the Blob could not be decoded as an image (${(err as Error).message}).`,
        'InvalidStateError',
      );
    }
    return ImageBitmap.fromRGBA(raw.data, raw.width, raw.height);
  }
  if (webidl.isObject(source)) {
    const { data, width, height } = source as { data?: unknown; width?: unknown; height?: unknown };
    if ((data instanceof Uint8ClampedArray || data instanceof Uint8Array) && typeof width === 'number' && typeof height === 'number') {
      // HTML: an image with no pixels is not usable (InvalidStateError); sizes are whole pixels.
      const usable = Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0;
      if (!usable || data.length !== width * height * 4) throw invalidState(`${ctx}: the pixel data does not match ${width}x${height}.`);
      return ImageBitmap.fromRGBA(new Uint8Array(data), width, height);
    }
  }
  throw typeError(`${ctx}: the source is ${webidl.describeValue(source)}; a Blob, ImageData or ImageBitmap is required.`);
}
