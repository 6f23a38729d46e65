/**
 * Parsers for the command's own values (not camera properties): image formats, quality, counts,
 * intervals and numbered output names. Each throws a usage error that says what is allowed.
 */
import { extname } from 'node:path';
import { usageError } from './errors.js';

export type ImageFormat = 'jpeg' | 'png' | 'webp';

export const FORMATS: readonly ImageFormat[] = ['jpeg', 'png', 'webp'];

export const MIME_TYPES: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

const EXTENSIONS: Readonly<Record<string, ImageFormat>> = {
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.png': 'png',
  '.webp': 'webp',
};

/** A decimal number as people type it ("2", "-1", "0.5", ".5", "1e3"); undefined otherwise. */
export function strictNumber(text: string): number | undefined {
  const t = text.trim();
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** `--format`: jpeg (or jpg), png, webp, case-insensitive. */
export function parseFormat(text: string): ImageFormat {
  const t = text.trim().toLowerCase();
  const f = t === 'jpg' ? 'jpeg' : t;
  if ((FORMATS as readonly string[]).includes(f)) return f as ImageFormat;
  throw usageError(`--format ${text} is not supported; use jpeg, png or webp`);
}

/** The format a file name implies by its extension (.jpg, .jpeg, .png, .webp), if any. */
export function formatFromName(path: string): ImageFormat | undefined {
  return EXTENSIONS[extname(path).toLowerCase()];
}

/**
 * The output format: `--format` wins; otherwise the extension of `output`; `-` (stdout) without
 * --format is JPEG. A name with another extension and no --format is a usage error.
 */
export function resolveFormat(output: string, format: string | undefined): ImageFormat {
  if (format !== undefined) return parseFormat(format);
  if (output === '-') return 'jpeg';
  const fromName = formatFromName(output);
  if (fromName) return fromName;
  const ext = extname(output);
  throw usageError(
    ext
      ? `cannot tell the image format from the extension "${ext}" of ${output}; use .jpg, .png or .webp, or give --format jpeg|png|webp`
      : `cannot tell the image format of ${output} (it has no extension); use .jpg, .png or .webp, or give --format jpeg|png|webp`,
  );
}

/** `--quality`: the encoder quality from 0 to 1, as in canvas.toBlob(). */
export function parseQuality(text: string): number {
  const q = strictNumber(text);
  if (q === undefined || q < 0 || q > 1) {
    const hint = q !== undefined && q > 1 && q <= 100 ? ` (for ${text}% write ${q / 100})` : '';
    throw usageError(`--quality ${text} must be a number from 0 to 1${hint}`);
  }
  return q;
}

/** Most frames one `frames` run may take. */
const MAX_FRAMES = 100_000;

/** `--count`: a whole number of frames from 1 to MAX_FRAMES. */
export function parseCount(text: string): number {
  const n = strictNumber(text);
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > MAX_FRAMES) {
    throw usageError(`--count ${text} must be a whole number from 1 to ${MAX_FRAMES}`);
  }
  return n;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Longest interval accepted: one day. */
const MAX_INTERVAL_MS = 86_400_000;

/**
 * `--interval`: a duration such as `500ms`, `2s`, `1.5m`, `1h`, or a sum of them (`1m30s`).
 * A bare number is seconds. Returns milliseconds.
 */
export function parseInterval(text: string): number {
  const t = text.trim().toLowerCase();
  const bad = (): Error => usageError(
    `--interval ${text} is not a duration; write e.g. 500ms, 2s, 1.5m or 1m30s (a bare number is seconds)`,
  );
  if (t === '') throw bad();
  const bare = strictNumber(t);
  let ms: number;
  if (bare !== undefined) {
    ms = bare * 1000;
  } else {
    const part = /(\d+(?:\.\d*)?|\.\d+)(ms|s|m|h)/y;
    ms = 0;
    let at = 0;
    for (let guard = 0; at < t.length && guard < 8; guard++) {
      part.lastIndex = at;
      const m = part.exec(t);
      if (!m) throw bad();
      ms += Number(m[1]) * UNIT_MS[m[2]!]!;
      at = part.lastIndex;
    }
    if (at < t.length) throw bad();
  }
  if (!Number.isFinite(ms) || ms < 0) throw bad();
  if (ms > MAX_INTERVAL_MS) throw usageError(`--interval ${text} is longer than the maximum of 24h`);
  return ms;
}

/** Whether a name has a frame-number placeholder (`%d`, `%04d`). */
export function hasFrameNumber(pattern: string): boolean {
  return /%0?\d*d/.test(pattern.replace(/%%/g, ''));
}

/**
 * A numbered file name: `%d` is the frame number, `%04d` pads it with zeros to 4 digits, `%%` is
 * a literal percent sign. Other `%` sequences are usage errors.
 */
export function formatFrameName(pattern: string, n: number): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    if (pattern[i + 1] === '%') {
      out += '%';
      i++;
      continue;
    }
    const m = /%(0?)(\d*)d/y;
    m.lastIndex = i;
    const found = m.exec(pattern);
    if (!found) throw usageError(`-o ${pattern}: "%" must start %d, %04d (the frame number) or %% (a percent sign)`);
    const width = found[2] ? Math.min(Number(found[2]), 20) : 0;
    const digits = String(n);
    out += found[1] === '0' || width === 0 ? digits.padStart(width, '0') : digits.padStart(width, ' ');
    i += found[0].length - 1;
  }
  return out;
}
