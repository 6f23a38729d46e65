/**
 * Writing images: to a temporary file in the destination's directory, then renamed into place,
 * so a failed or interrupted write never leaves a partial file; or to stdout.
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { sniffContainer } from '../encode/exif-insert.js';
import { jpegSize } from '../encode/jpeg-size.js';
import { fileErrorMessage, runtimeError } from './errors.js';
import { own } from './resources.js';

/** The temporary name a file is written under before it is renamed to `path`. */
export function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.part`);
}

/**
 * Checks, before the camera is opened, that `path` can be written: its directory exists and is a
 * directory, and `path` itself is not a directory. Throws a runtime error (exit 1) otherwise.
 */
export async function checkOutputPath(path: string): Promise<void> {
  const dir = dirname(resolve(path));
  let info;
  try {
    info = await stat(dir);
  } catch (err) {
    throw runtimeError(fileErrorMessage(path, err), err);
  }
  if (!info.isDirectory()) throw runtimeError(fileErrorMessage(path, { code: 'ENOTDIR' }));
  try {
    if ((await stat(path)).isDirectory()) throw runtimeError(fileErrorMessage(path, { code: 'EISDIR' }));
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'ENOENT') throw err;
  }
}

/**
 * Writes `data` to `path` atomically: a temporary file next to it, flushed and renamed. On any
 * failure (or an interrupt, through resources.ts) the temporary file is removed and `path` is left
 * as it was. File-system errors become one-line runtime errors.
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const tmp = temporaryName(path);
  const owned = own(() => {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  });
  let renamed = false;
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
    renamed = true;
  } catch (err) {
    throw runtimeError(fileErrorMessage(path, err), err);
  } finally {
    if (!renamed) await rm(tmp, { force: true }).catch(() => undefined);
    // The file is in place (or gone): nothing is left for an interrupt to clean.
    owned.forget();
  }
}

/** Writes bytes to stdout and resolves once they have been handed to the OS. */
export function writeStdout(data: Uint8Array): Promise<void> {
  return new Promise((resolveWrite, reject) => {
    process.stdout.write(data, (err) => (err ? reject(runtimeError(`cannot write to stdout: ${err.message}`, err)) : resolveWrite()));
  });
}

export interface ImageInfo {
  /** "jpeg", "png", "webp". */
  readonly format: string;
  readonly width: number;
  readonly height: number;
}

const u16le = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number): number => u16le(b, at) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number): number => ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);

/** A WebP's canvas size from its first chunk (https://developers.google.com/speed/webp/docs/riff_container). */
function webpSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b.length < 30) return undefined;
  const chunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
  if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  // Lossless: signature 0x2f, then 14 bits of width - 1 and 14 bits of height - 1.
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = (u16le(b, 21) | (u16le(b, 23) << 16)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  // Lossy: a key frame's start code 9d 01 2a, then 14-bit width and height.
  if (chunk === 'VP8 ' && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  return undefined;
}

/**
 * The format and dimensions read from the image's own header (JPEG start of frame, PNG IHDR, WebP
 * canvas), without decoding: undefined when the header is not one of these.
 */
export function headerInfo(data: Uint8Array): ImageInfo | undefined {
  const format = sniffContainer(data);
  let size: { width: number; height: number } | undefined;
  if (format === 'jpeg') size = jpegSize(data);
  else if (format === 'png' && data.length >= 24 && String.fromCharCode(...data.subarray(12, 16)) === 'IHDR') {
    size = { width: u32be(data, 16), height: u32be(data, 20) };
  } else if (format === 'webp') size = webpSize(data);
  return format && size && size.width > 0 && size.height > 0 ? { format, ...size } : undefined;
}

/**
 * Reads the format and dimensions back from encoded bytes (what was really written): from the
 * header where it is one of ours, else by asking sharp.
 */
export async function imageInfo(data: Uint8Array): Promise<ImageInfo> {
  const fromHeader = headerInfo(data);
  if (fromHeader) return fromHeader;
  const { loadSharp } = await import('../encode/node.js');
  const sharp = await loadSharp();
  const meta = await sharp(data).metadata();
  return { format: meta.format ?? 'unknown', width: meta.width ?? 0, height: meta.height ?? 0 };
}
