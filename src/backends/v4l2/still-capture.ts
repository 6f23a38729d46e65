/**
 * One-shot stills from a camera's largest modes, for a takePhoto whose imageWidth/imageHeight ask
 * more than the stream's mode: the streaming child is stopped (the device is free), one ffmpeg run
 * opens the device in the mode that covers the size, drops `skipFrames` warm-up frames, keeps one
 * frame, and the stream starts again.
 *
 * Where the mode is MJPEG at exactly the size asked, the still is the camera's own JPEG (copied,
 * not decoded): EXIF is added to it, nothing is re-encoded. Otherwise the frame is decoded and
 * scaled to the size asked, as RGBA.
 */
import type { CaptureMode } from '../ffmpeg/devices.js';
import type { FfmpegHost } from '../ffmpeg/host.js';
import { inputArgs, type InputSpec } from '../ffmpeg/inputs.js';

export type OneShot =
  | { readonly kind: 'jpeg'; readonly bytes: Uint8Array; readonly width: number; readonly height: number }
  | { readonly kind: 'raw'; readonly data: Uint8Array; readonly width: number; readonly height: number };

export interface OneShotRequest {
  readonly host: FfmpegHost;
  readonly ffmpeg: string;
  readonly spec: InputSpec;
  readonly mode: CaptureMode;
  readonly width: number;
  readonly height: number;
  readonly skipFrames: number;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** Whether the still can be the camera's own JPEG. */
function passesThrough(mode: CaptureMode, width: number, height: number): boolean {
  return mode.inputFormat === 'mjpeg' && mode.width === width && mode.height === height;
}

/** The ffmpeg arguments of a one-shot capture. */
function oneShotArgs(spec: InputSpec, mode: CaptureMode, width: number, height: number, skipFrames: number): string[] {
  const head = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', ...inputArgs(spec, mode), '-map', '0:v:0'];
  if (passesThrough(mode, width, height)) {
    // Every frame up to the one kept is written; the last JPEG of the output is the still.
    return [...head, '-c:v', 'copy', '-frames:v', String(skipFrames + 1), '-f', 'image2pipe', 'pipe:1'];
  }
  return [
    ...head, '-vf', `select=gte(n\\,${skipFrames}),scale=${width}:${height}`, '-frames:v', '1',
    '-pix_fmt', 'rgba', '-f', 'rawvideo', 'pipe:1',
  ];
}

/** The last complete JPEG (SOI … EOI) in a stream of concatenated JPEGs. */
function lastJpeg(bytes: Uint8Array): Uint8Array | undefined {
  let end = -1;
  for (let i = bytes.length - 2; i >= 1; i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) {
      end = i + 2;
      break;
    }
  }
  if (end < 0) return undefined;
  // The frame starts at the last SOI that follows the previous frame's EOI (or the start).
  let start = 0;
  for (let i = end - 4; i >= 1; i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd8 && bytes[i + 2] === 0xff && bytes[i - 1] === 0xd9 && bytes[i - 2] === 0xff) {
      start = i;
      break;
    }
  }
  const jpeg = bytes.subarray(start, end);
  return jpeg[0] === 0xff && jpeg[1] === 0xd8 ? jpeg : undefined;
}

/** Runs the one-shot capture. Rejects with what ffmpeg said when it fails or times out. */
export function captureOneShot(r: OneShotRequest): Promise<OneShot> {
  const args = oneShotArgs(r.spec, r.mode, r.width, r.height, r.skipFrames);
  return new Promise<OneShot>((resolve, reject) => {
    if (r.signal.aborted) {
      reject(r.signal.reason);
      return;
    }
    const child = r.host.spawn(r.ffmpeg, args);
    const chunks: Buffer[] = [];
    let stderr = '';
    let failure: unknown;
    const kill = (reason: unknown): void => {
      failure ??= reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill(new Error(`no still within ${r.timeoutMs} ms`)), r.timeoutMs);
    const onAbort = (): void => kill(r.signal.reason);
    r.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout!.on('data', (c: Buffer) => chunks.push(c));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => {
      if (stderr.length < 4096) stderr += s;
    });
    child.once('error', (error) => kill(error));
    child.once('close', (code) => {
      clearTimeout(timer);
      r.signal.removeEventListener('abort', onAbort);
      if (failure !== undefined) return reject(failure);
      const bytes = new Uint8Array(Buffer.concat(chunks));
      if (code !== 0) return reject(new Error(`ffmpeg exited with ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
      if (passesThrough(r.mode, r.width, r.height)) {
        const jpeg = lastJpeg(bytes);
        if (!jpeg) return reject(new Error('the camera sent no complete JPEG'));
        return resolve({ kind: 'jpeg', bytes: jpeg, width: r.width, height: r.height });
      }
      const size = r.width * r.height * 4;
      if (bytes.length < size) return reject(new Error(`the still was ${bytes.length} bytes, ${size} expected`));
      resolve({ kind: 'raw', data: bytes.subarray(0, size), width: r.width, height: r.height });
    });
  });
}
