/** Deterministic test images and metadata for the encode tests. */
import type { StillMetadata } from '../../src/backends/backend.js';

export interface Rgba {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Smooth gradients: little high-frequency content, so lossy codecs stay close to the source. */
export function gradient(width: number, height: number, alpha = 255): Rgba {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = Math.round((x * 255) / (width - 1));
      data[i + 1] = Math.round((y * 255) / (height - 1));
      data[i + 2] = Math.round(128 + 100 * Math.sin((x + y) / 25));
      data[i + 3] = alpha;
    }
  }
  return { data, width, height };
}

/** Gradients plus seeded noise: detail a codec must spend bytes on, so quality shows in size. */
export function textured(width: number, height: number): Rgba {
  const img = gradient(width, height);
  let seed = 12345;
  for (let i = 0; i < img.data.length; i++) {
    if (i % 4 === 3) continue;
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    img.data[i] = Math.min(255, Math.max(0, img.data[i]! + ((seed >>> 24) % 48) - 24));
  }
  return img;
}

/** Every StillMetadata member set, with values whose rationals are easy to check exactly. */
export const FULL_METADATA: StillMetadata = {
  exposureTime: 1 / 120,
  iso: 400,
  focalLength: 4.25,
  focalLengthIn35mm: 26,
  fNumber: 1.8,
  flashFired: true,
  exposureBias: -1 / 3,
  whiteBalance: 'manual',
  exposureProgram: 'manual',
  digitalZoomRatio: 2.5,
  subjectDistance: 1.5,
  make: 'Virtual Devices',
  model: 'Phone 12MP',
  date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
};

export async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}
