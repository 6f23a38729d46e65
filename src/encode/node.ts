/**
 * Encoding and decoding in Node, with sharp. takePhoto
 * (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto step 3.1: "into a Blob"), the CLI and
 * createImageBitmap(blob) all come through here.
 *
 * sharp is loaded on first use, not at import: loading it costs ~50 ms of CPU, which every start
 * of the CLI would otherwise pay. Encoder settings are chosen for speed within standard output:
 *   JPEG — baseline (not progressive), 4:2:0, standard Huffman tables (no optimisation pass,
 *          ~2.5× faster for ~4% more bytes), no mozjpeg; alpha dropped by libvips.
 *   PNG  — zlib level 6, no adaptive filtering; RGB when every pixel is opaque.
 *   WebP — lossy, effort 2 (of 0–6; ~2.5× faster than the default 4 for ~5% more bytes);
 *          RGB when every pixel is opaque, so no alpha plane is stored.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type sharpFactory from 'sharp';
import type { RawStill, StillMetadata } from '../backends/backend.js';
import type { PhotoFormat, StillEncoder } from './still.js';
import { encodingError, notSupported, typeError } from '../spec/errors.js';
import { buildExif } from './exif.js';
import { exifParts } from './exif-insert.js';
import { joinPieces, pieceRows } from './jpeg-pieces.js';
import { encoderQuality, FORMAT_OF, resolveImageType } from './options.js';

type Sharp = typeof sharpFactory;

/** Pixels in RGBA order, 8 bits a channel, rows packed (stride = width * 4). */
export interface RgbaImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface EncodeOptions {
  /** A supported MIME type (see SUPPORTED_IMAGE_TYPES); default image/jpeg. */
  type?: string;
  /** In [0, 1], for JPEG (default 0.92) and WebP (default 0.8); ignored for PNG. */
  quality?: number;
  /** Facts for the EXIF block. Without it the file carries no EXIF at all. */
  metadata?: StillMetadata;
}

export interface DecodeOptions {
  /** As ImageBitmapOptions.imageOrientation: "from-image" (default) applies EXIF Orientation. */
  imageOrientation?: 'from-image' | 'none';
}

let loading: Promise<Sharp> | undefined;

/**
 * `require` from this module. sharp's CommonJS build loads in about half the CPU of its ES module
 * build on Node 20 (about 50 ms against 100–120 ms measured: the ES module loader resolves and
 * translates each of its modules, and lexes every CommonJS one they import), and it is the same
 * sharp, loading the same native library.
 */
const requireHere = createRequire(import.meta.url);

/** sharp, loaded once on first need. Rejects NotSupportedError when it cannot be loaded. */
export function loadSharp(): Promise<Sharp> {
  loading ??= new Promise<Sharp>((resolve) => resolve(requireHere('sharp') as Sharp)).then(
    (sharp) => sharp,
    (cause: unknown) => {
      loading = undefined; // let a later call try again
      throw notSupported(`Image encoding in Node needs the "sharp" package, which failed to load: ${String(cause)}`);
    },
  );
  return loading;
}

/** True when every pixel's alpha is 255 (~5–15 ms at 12 MP). Stops at the first that is not. */
function isOpaque(data: Uint8Array, pixels: number): boolean {
  const end = pixels * 4;
  for (let i = 3; i < end; i += 4) if (data[i] !== 255) return false;
  return true;
}

function checkFrame(frame: RgbaImage): number {
  const { width, height, data } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw typeError(`Cannot encode a ${width}x${height} image: width and height must be positive integers.`);
  }
  const bytes = width * height * 4;
  if (data.byteLength < bytes) {
    throw typeError(`Cannot encode a ${width}x${height} RGBA image from ${data.byteLength} bytes; it needs ${bytes}.`);
  }
  return bytes;
}

const asBlobPart = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => bytes as Uint8Array<ArrayBuffer>;

/**
 * Encodes RGBA pixels as a Blob of the given type, with an EXIF block when `metadata` is given.
 * The pixels are read in place: leave `frame.data` unchanged until the promise settles.
 * Rejects NotSupportedError for an unsupported type, TypeError for a frame whose size and data
 * disagree, EncodingError when the encoder fails (e.g. a WebP larger than 16383 pixels a side).
 */
export function encodeRaw(frame: RgbaImage, options: EncodeOptions = {}): Promise<Blob> {
  let format: PhotoFormat;
  try {
    format = { type: resolveImageType(options.type), quality: options.quality };
  } catch (err) {
    return Promise.reject(err);
  }
  return encodePixels(frame, format, options.metadata);
}

/** The Node photo encoder: a still's pixels through sharp, with its EXIF block. */
export const nodeStillEncoder: StillEncoder<RawStill> = {
  encode(still: RawStill, format: PhotoFormat): Promise<Blob> {
    return encodePixels(still.frame, format, still.metadata);
  },
};

/** encodeRaw for a format already resolved (the type is a supported one, lowercased). */
async function encodePixels(frame: RgbaImage, format: PhotoFormat, metadata: StillMetadata | undefined): Promise<Blob> {
  const { type } = format;
  const bytes = checkFrame(frame);
  const { width, height } = frame;
  const sharp = await loadSharp();
  const pixels = frame.data.byteLength === bytes ? frame.data : frame.data.subarray(0, bytes);
  // The raw input is wrapped, not copied: sharp reads the caller's buffer directly.
  let image = sharp(pixels, { raw: { width, height, channels: 4 } });
  const quality = encoderQuality(type, format.quality);
  let encoded: Uint8Array | undefined;
  if (type === 'image/jpeg') {
    const jpeg = { quality, progressive: false, chromaSubsampling: '4:2:0', optimiseCoding: false, mozjpeg: false } as const;
    encoded = await jpegInPieces(sharp, pixels, width, height, jpeg);
    image = image.removeAlpha().jpeg(jpeg);
  } else {
    if (isOpaque(pixels, width * height)) image = image.removeAlpha();
    image =
      type === 'image/png'
        ? image.png({ compressionLevel: 6, adaptiveFiltering: false, palette: false, progressive: false })
        : image.webp({ quality, effort: 2, lossless: false });
  }
  try {
    encoded ??= await image.toBuffer();
  } catch (cause) {
    throw encodingError(`Encoding a ${width}x${height} image as ${type} failed: ${(cause as Error).message ?? cause}`);
  }
  if (encoded.byteLength === 0) throw encodingError(`Encoding a ${width}x${height} image as ${type} gave no data.`);
  const parts = metadata ? exifParts(encoded, buildExif(metadata, { width, height, format: FORMAT_OF[type] })) : [encoded];
  return new Blob(parts.map(asBlobPart), { type });
}

/** Images from this many pixels on are encoded as JPEG in pieces on several threads. */
const JPEG_PIECES_FROM = 1 << 20;

/** Threads the JPEG pieces use: the cores, at most the 4 of libuv's default thread pool. */
let jpegThreads: number | undefined;

/**
 * A large image as JPEG, its pieces encoded at the same time on libuv's threads and joined
 * (jpeg-pieces.ts): a JPEG encoder codes one block after another on one thread. Undefined for a
 * small image, on one core, or when the pieces cannot be joined (then the whole image is encoded).
 */
async function jpegInPieces(
  sharp: Sharp,
  pixels: Uint8Array,
  width: number,
  height: number,
  jpeg: Parameters<ReturnType<Sharp>['jpeg']>[0],
): Promise<Uint8Array | undefined> {
  if (width * height < JPEG_PIECES_FROM) return undefined;
  jpegThreads ??= Math.min(4, availableParallelism());
  const ranges = pieceRows(width, height, jpegThreads);
  if (ranges.length < 2) return undefined;
  let parts: Uint8Array[];
  try {
    parts = await Promise.all(
      ranges.map(([from, to]) =>
        sharp(pixels.subarray(from * width * 4, to * width * 4), { raw: { width, height: to - from, channels: 4 } })
          .removeAlpha()
          .jpeg(jpeg)
          .toBuffer(),
      ),
    );
  } catch {
    return undefined;
  }
  return joinPieces(parts, width, height);
}

/**
 * Decodes an encoded image (any format sharp reads: JPEG, PNG, WebP, GIF, AVIF, TIFF, SVG…) to
 * 8-bit sRGB RGBA pixels; the first frame of an animation. Rejects EncodingError when the data
 * cannot be decoded.
 */
export async function decodeToRaw(bytes: Uint8Array, options: DecodeOptions = {}): Promise<RgbaImage> {
  const sharp = await loadSharp();
  try {
    const { data, info } = await sharp(bytes, { autoOrient: options.imageOrientation !== 'none' })
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw new Error(`decoder gave ${info.channels} channels`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  } catch (cause) {
    throw encodingError(`The image could not be decoded: ${(cause as Error).message ?? cause}`);
  }
}
