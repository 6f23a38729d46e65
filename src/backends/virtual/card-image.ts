/**
 * The picture on the virtual camera's image card: a test's own image (a QR code, a document, a
 * face) printed on a card that stands in the room, facing the camera (image-card.ts paints it).
 *
 * Inputs are decoded once into linear albedo and kept as summed-area tables, so that the painter
 * can average any rectangle of texels in constant time: that one box average is both the
 * minification filter (a large picture seen small) and the defocus blur of the card's content.
 * Decoding of encoded files is platform work (sharp in Node, the browser's decoder in a page),
 * registered by the platform (registerCardDecoder); ImageData-like pixels need no decoder.
 */
import { encodingError, typeError } from '../../spec/errors.js';
import type { Rgb } from './color.js';

/** RGBA pixels, row by row (ImageData has this shape). */
export interface RgbaPixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/**
 * What a test can put on the card: ImageData-like pixels everywhere; a file path, a Buffer or a
 * Blob of PNG/JPEG/WebP in Node; a URL, a Blob or an ImageBitmap in a page.
 */
export type CardImageInput = RgbaPixels | string | Uint8Array | ArrayBuffer | Blob | URL | ImageBitmap;

/** A CardImage as plain data. */
export interface CardImageData {
  readonly width: number;
  readonly height: number;
  readonly sums: readonly Uint32Array[];
  readonly mean: readonly number[];
}

/** Largest side kept (bigger pictures are box-averaged down): the card never needs more. */
export const CARD_MAX_SIDE = 1024;
/** Albedo of the card's white (a printed paper white, not a mirror). */
export const CARD_WHITE = 0.85;
/** Summed-area tables hold albedo in 1/4095 steps: 1024² texels of 4095 fit in 32 bits. */
export const CARD_LEVELS = 4095;
const LEVELS = CARD_LEVELS;

/** A decoded picture, ready for the painter. */
export class CardImage {
  readonly width: number;
  readonly height: number;
  /** Per channel, (width + 1) × (height + 1) running sums of albedo in 1/4095 steps. */
  readonly sums: readonly [Uint32Array, Uint32Array, Uint32Array];
  /** Mean linear albedo over the picture. */
  readonly mean: Rgb;

  private constructor(width: number, height: number, sums: readonly [Uint32Array, Uint32Array, Uint32Array], mean: Rgb) {
    this.width = width;
    this.height = height;
    this.sums = sums;
    this.mean = mean;
  }

  /** From RGBA pixels in sRGB; transparent parts show the white card underneath. */
  static fromPixels(pixels: RgbaPixels): CardImage {
    checkPixels(pixels);
    const step = Math.ceil(Math.max(pixels.width, pixels.height) / CARD_MAX_SIDE);
    const w = Math.ceil(pixels.width / step);
    const h = Math.ceil(pixels.height / step);
    const stride = w + 1;
    const sums: [Uint32Array, Uint32Array, Uint32Array] = [0, 1, 2].map(
      () => new Uint32Array(stride * (h + 1)),
    ) as [Uint32Array, Uint32Array, Uint32Array];
    const lin = srgbToLevels();
    const total = [0, 0, 0];
    const cell = [0, 0, 0];
    const row = [0, 0, 0];
    for (let y = 0; y < h; y++) {
      row[0] = row[1] = row[2] = 0;
      for (let x = 0; x < w; x++) {
        // Box-average the source block of this texel (one pixel unless the picture was too big).
        cell[0] = cell[1] = cell[2] = 0;
        let n = 0;
        for (let sy = y * step; sy < Math.min(pixels.height, (y + 1) * step); sy++) {
          for (let sx = x * step; sx < Math.min(pixels.width, (x + 1) * step); sx++) {
            const i = (sy * pixels.width + sx) * 4;
            const a = pixels.data[i + 3]! / 255;
            for (let c = 0; c < 3; c++) cell[c]! += lin[pixels.data[i + c]!]! * a + LEVELS * (1 - a);
            n++;
          }
        }
        for (let c = 0; c < 3; c++) {
          const v = Math.round(cell[c]! / n);
          row[c]! += v;
          total[c]! += v;
          sums[c][(y + 1) * stride + x + 1] = sums[c][y * stride + x + 1]! + row[c]!;
        }
      }
    }
    const k = CARD_WHITE / LEVELS / (w * h);
    return new CardImage(w, h, sums, [total[0]! * k, total[1]! * k, total[2]! * k]);
  }

  /** The tables as plain data (structured-cloneable), e.g. for a renderer in a worker. */
  toData(): CardImageData {
    return { width: this.width, height: this.height, sums: [this.sums[0], this.sums[1], this.sums[2]], mean: [...this.mean] };
  }

  /** A CardImage from data toData() gave. */
  static fromData(d: CardImageData): CardImage {
    return new CardImage(d.width, d.height, [d.sums[0], d.sums[1], d.sums[2]], [d.mean[0], d.mean[1], d.mean[2]]);
  }

  /** Mean albedo (linear, 0…CARD_WHITE) of channel c over texels [x0, x1) × [y0, y1). */
  boxMean(c: 0 | 1 | 2, x0: number, y0: number, x1: number, y1: number): number {
    const s = this.sums[c];
    const stride = this.width + 1;
    const sum = s[y1 * stride + x1]! - s[y0 * stride + x1]! - s[y1 * stride + x0]! + s[y0 * stride + x0]!;
    return (sum * CARD_WHITE) / LEVELS / ((x1 - x0) * (y1 - y0));
  }
}

let table: Uint16Array | undefined;

/** sRGB byte → linear value in 1/4095 steps. */
function srgbToLevels(): Uint16Array {
  if (table) return table;
  table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    const v = i / 255;
    table[i] = Math.round((v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4) * LEVELS);
  }
  return table;
}

function checkPixels(p: RgbaPixels): void {
  const { width, height, data } = p;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw typeError(`The camera's image is ${String(width)}x${String(height)}: width and height must be positive integers.`);
  }
  if (!data || data.length < width * height * 4) {
    throw typeError(
      `The camera's image is ${width}x${height}, so it needs ${width * height * 4} bytes of RGBA; it has ${data?.length ?? 0}.`,
    );
  }
}

/** True for ImageData and anything shaped like it. */
export function isRgbaPixels(value: unknown): value is RgbaPixels {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<RgbaPixels>;
  return typeof v.width === 'number' &&
    typeof v.height === 'number' &&
    (v.data instanceof Uint8ClampedArray || v.data instanceof Uint8Array);
}

/** Turns an encoded picture (path, bytes, Blob, URL, ImageBitmap) into RGBA pixels. */
export type CardDecoder = (input: Exclude<CardImageInput, RgbaPixels>) => Promise<RgbaPixels>;

let decoder: CardDecoder | undefined;

/** The platform says how it decodes pictures (Node: sharp; pages: the browser's decoder). */
export function registerCardDecoder(d: CardDecoder): void {
  decoder = d;
}

/** Decodes any accepted input into a CardImage; rejects EncodingError for a picture it cannot read. */
export async function loadCardImage(input: CardImageInput): Promise<CardImage> {
  if (isRgbaPixels(input)) return CardImage.fromPixels(input);
  if (!decoder) throw typeError('The camera cannot decode pictures here: pass ImageData-like pixels ({ width, height, data }).');
  let pixels: RgbaPixels;
  try {
    pixels = await decoder(input);
  } catch (err) {
    if (err instanceof TypeError || (err instanceof DOMException && err.name === 'EncodingError')) throw err;
    throw encodingError(`The camera's image could not be decoded (PNG, JPEG and WebP are read): ${(err as Error)?.message ?? String(err)}`);
  }
  return CardImage.fromPixels(pixels);
}
