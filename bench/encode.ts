/**
 * Encoding cost: encodeRaw (JPEG q0.92 with EXIF, as takePhoto produces) against sharp encoding
 * the same raw RGBA buffer by itself, at 12 MP (4032x3024) and 1080p.
 *
 *   sharp_default  — sharp(raw).jpeg({ quality: 92 }) with sharp's defaults (Huffman optimisation on)
 *   sharp_same     — sharp with the settings encodeRaw uses, no EXIF: the floor encodeRaw sits on
 *   encodeRaw      — our encoder, EXIF included, result as a Blob
 *
 * Keys: `<size>_<variant>_ms` (median), `<size>_overhead_ratio` (encodeRaw / sharp_same),
 * `<size>_vs_default_ratio` (encodeRaw / sharp_default), `<size>_jpeg_bytes`.
 */
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { encodeRaw } from '../src/encode/node.js';
import type { StillMetadata } from '../src/backends/backend.js';

const SIZES: ReadonlyArray<[string, number, number]> = [
  ['4032x3024', 4032, 3024],
  ['1920x1080', 1920, 1080],
];
const WARMUP = 2;
const RUNS = 9;

const METADATA: StillMetadata = {
  exposureTime: 1 / 120,
  iso: 100,
  focalLength: 4.25,
  focalLengthIn35mm: 26,
  fNumber: 1.8,
  flashFired: false,
  exposureBias: 0,
  whiteBalance: 'auto',
  exposureProgram: 'auto',
  digitalZoomRatio: 1,
  make: 'imagecapture',
  model: 'Virtual Camera',
  date: new Date(Date.UTC(2024, 0, 1)),
};

/** A photo-like frame: smooth shading with a little seeded sensor noise. */
function frame(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  let seed = 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const noise = (seed >>> 28) - 8;
      data[i] = Math.max(0, Math.min(255, ((x * 255) / width + noise) | 0));
      data[i + 1] = Math.max(0, Math.min(255, ((y * 255) / height + noise) | 0));
      data[i + 2] = Math.max(0, Math.min(255, 128 + 90 * Math.sin((x + y) / 200) + noise)) | 0;
      data[i + 3] = 255;
    }
  }
  return data;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function run(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [label, width, height] of SIZES) {
    const data = frame(width, height);
    const raw = { raw: { width, height, channels: 4 as const } };
    const variants: Record<string, () => Promise<unknown>> = {
      sharp_default: () => sharp(data, raw).jpeg({ quality: 92 }).toBuffer(),
      sharp_same: () =>
        sharp(data, raw)
          .removeAlpha()
          .jpeg({ quality: 92, progressive: false, chromaSubsampling: '4:2:0', optimiseCoding: false, mozjpeg: false })
          .toBuffer(),
      encodeRaw: () => encodeRaw({ data, width, height }, { type: 'image/jpeg', metadata: METADATA }),
    };
    const times: Record<string, number[]> = {};
    for (let i = 0; i < WARMUP + RUNS; i++) {
      // Interleaved so that drift (thermal, other load) hits every variant alike.
      for (const [name, fn] of Object.entries(variants)) {
        const ms = await time(fn);
        if (i >= WARMUP) (times[name] ??= []).push(ms);
      }
    }
    for (const [name, ms] of Object.entries(times)) out[`${label}_${name}_ms`] = Number(median(ms).toFixed(2));
    out[`${label}_overhead_ratio`] = Number((out[`${label}_encodeRaw_ms`]! / out[`${label}_sharp_same_ms`]!).toFixed(3));
    out[`${label}_vs_default_ratio`] = Number((out[`${label}_encodeRaw_ms`]! / out[`${label}_sharp_default_ms`]!).toFixed(3));
    out[`${label}_jpeg_bytes`] = (await encodeRaw({ data, width, height }, { metadata: METADATA })).size;
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
