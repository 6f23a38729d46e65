/**
 * Writing images: to a temporary file in the destination's directory, then renamed into place,
 * so a failed or interrupted write never leaves a partial file; or to stdout.
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
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

/** Reads the format and dimensions back from encoded bytes (what was really written). */
export async function imageInfo(data: Uint8Array): Promise<ImageInfo> {
  const { loadSharp } = await import('../encode/node.js');
  const sharp = await loadSharp();
  const meta = await sharp(data).metadata();
  return { format: meta.format ?? 'unknown', width: meta.width ?? 0, height: meta.height ?? 0 };
}
