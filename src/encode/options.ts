/**
 * Which image types a still can be encoded as, and how `type`/`quality` are read — shared by
 * the Node encoder (sharp), the browser encoder and the CLI. Platform-neutral.
 *
 * `type` and `quality` follow canvas.toBlob: the type is compared ASCII case-insensitively,
 * an empty or missing type means the default, a quality that is not a number in [0, 1] means
 * the type's default. Unlike canvas.toBlob, an unsupported type is an error, not a PNG.
 */
import { notSupported } from '../spec/errors.js';

export const SUPPORTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type SupportedImageType = (typeof SUPPORTED_IMAGE_TYPES)[number];

/** What takePhoto() gives when nothing else is asked for. */
export const DEFAULT_IMAGE_TYPE: SupportedImageType = 'image/jpeg';

/** Default quality per lossy type (canvas.toBlob uses 0.92 for JPEG; browsers use 0.8 for WebP). */
export const DEFAULT_QUALITY: Readonly<Record<'image/jpeg' | 'image/webp', number>> = {
  'image/jpeg': 0.92,
  'image/webp': 0.8,
};

/** The short format name of a type, as encoders and EXIF code name containers. */
export const FORMAT_OF: Readonly<Record<SupportedImageType, 'jpeg' | 'png' | 'webp'>> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
};

const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));

/** True when `type` names a supported image type (ASCII case-insensitive, e.g. "image/JPEG"). */
export function isSupportedImageType(type: string): boolean {
  return type !== '' && matchImageType(type) !== undefined;
}

/** The supported type `type` names, lowercased once; undefined or "" give the default; undefined when unsupported. */
export function matchImageType(type: string | undefined): SupportedImageType | undefined {
  if (type === undefined || type === '') return DEFAULT_IMAGE_TYPE;
  const lower = asciiLower(type);
  return (SUPPORTED_IMAGE_TYPES as readonly string[]).includes(lower) ? (lower as SupportedImageType) : undefined;
}

/**
 * The supported type `type` names; undefined or "" give the default. Throws NotSupportedError
 * naming the type and the supported ones otherwise.
 */
export function resolveImageType(type: string | undefined): SupportedImageType {
  const resolved = matchImageType(type);
  if (resolved) return resolved;
  throw notSupported(`Image type "${type}" is not supported; supported types are ${SUPPORTED_IMAGE_TYPES.join(', ')}.`);
}

/**
 * The encoder quality (1–100) for a quality in [0, 1]; a missing or out-of-range quality gives
 * the type's default. PNG is lossless and has no quality: 100.
 */
export function encoderQuality(type: SupportedImageType, quality: number | undefined): number {
  if (type === 'image/png') return 100;
  const q = typeof quality === 'number' && quality >= 0 && quality <= 1 ? quality : DEFAULT_QUALITY[type];
  return Math.max(1, Math.round(q * 100));
}
