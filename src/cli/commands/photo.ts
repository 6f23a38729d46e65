/**
 * `photo -o FILE`: one photo with ImageCapture.takePhoto(), written atomically (or to stdout).
 */
import { resolve } from 'node:path';
import { type Api, asDomTrack, type Camera, describeDomError, loadApi, openCamera } from '../camera.js';
import { loadSharp } from '../../encode/node.js';
import { checkPhotoSettings, type PhotoRequest } from '../check.js';
import { preloadSharp } from '../sharp-preload.js';
import { type Context, println } from '../context.js';
import { runtimeError, usageError } from '../errors.js';
import { constraintsFromOptions } from '../flags.js';
import { checkOutputPath, type ImageInfo, imageInfo, writeFileAtomic, writeStdout } from '../output.js';
import { type ImageFormat, MIME_TYPES, resolveFormat } from '../values.js';
import { configureOpening, DEFAULT_TIMEOUT_MS, withTimeout } from '../timeout.js';

/** Options shared by `photo` and `frames` (besides the property flags). */
export interface ShotOptions extends Record<string, unknown> {
  readonly output: string;
  readonly device?: string;
  readonly format?: string;
  readonly quality?: number;
  readonly json?: boolean;
  readonly width?: number;
  readonly height?: number;
  readonly fillLight?: string;
  readonly redEyeReduction?: boolean;
  /** Milliseconds for opening and for each capture. */
  readonly timeout?: number;
  readonly warmup?: number;
}

/** The PhotoSettings (https://w3c.github.io/mediacapture-image/#dictdef-photosettings) the photo flags ask for. */
export function photoRequest(opts: ShotOptions): PhotoRequest {
  const request: PhotoRequest = {};
  if (opts.width !== undefined) request.imageWidth = opts.width;
  if (opts.height !== undefined) request.imageHeight = opts.height;
  if (opts.fillLight !== undefined) request.fillLightMode = opts.fillLight as PhotoRequest['fillLightMode'];
  if (opts.redEyeReduction !== undefined) request.redEyeReduction = opts.redEyeReduction;
  return request;
}

/** The flags given that only apply to takePhoto(), for `frames` without `--photo`. */
export function photoFlagsGiven(opts: ShotOptions): string[] {
  const given: string[] = [];
  if (opts.width !== undefined) given.push('--width');
  if (opts.height !== undefined) given.push('--height');
  if (opts.fillLight !== undefined) given.push('--fill-light');
  if (opts.redEyeReduction !== undefined) given.push(opts.redEyeReduction ? '--red-eye-reduction' : '--no-red-eye-reduction');
  return given;
}

/** An ImageCapture on the camera that encodes takePhoto() in `format`. */
export function imageCaptureFor(api: Api, camera: Camera, format: ImageFormat, quality: number | undefined) {
  const track = asDomTrack(camera.track);
  return new api.ImageCapture(track, quality === undefined ? { mimeType: MIME_TYPES[format] } : { mimeType: MIME_TYPES[format], quality });
}

/**
 * The encoded bytes in the format asked for. A camera that encodes its own stills (an ffmpeg
 * device delivering JPEG) may hand back another format: that is converted, never mislabelled.
 */
export async function inFormat(
  bytes: Uint8Array,
  format: ImageFormat,
  quality: number | undefined,
): Promise<{ bytes: Uint8Array; info: ImageInfo }> {
  const info = await imageInfo(bytes);
  if (info.format === format) return { bytes, info };
  const sharp = await loadSharp();
  const q = quality === undefined ? undefined : Math.max(1, Math.round(quality * 100));
  const image = sharp(bytes);
  const converted = new Uint8Array(
    await (format === 'png'
      ? image.png()
      : format === 'webp' ? image.webp(q ? { quality: q } : {}) : image.jpeg(q ? { quality: q } : {})).toBuffer(),
  );
  return { bytes: converted, info: { ...info, format } };
}

/** One line for people: "photo.jpg  4032x3024  image/jpeg  2.1 MB  HD Pro Webcam C920  412 ms". */
function summaryLine(path: string, info: ImageInfo, bytes: number, ms: number, camera?: string): string {
  const size = bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : bytes >= 1e3 ? `${(bytes / 1e3).toFixed(1)} kB` : `${bytes} B`;
  return `${path}  ${info.width}x${info.height}  image/${info.format}  ${size}  ${camera ? `${camera}  ` : ''}${Math.round(ms)} ms`;
}

/** The camera a command used, for summaries: its id and label. */
export function deviceSummary(camera: Camera): { deviceId: string; label: string } {
  return { deviceId: camera.deviceId, label: camera.label };
}

/** Opens the camera within --timeout, passing --timeout and --warmup to the backends. */
export async function openWithin(api: Api, opts: ShotOptions): Promise<Camera> {
  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  configureOpening(api, timeout, opts.warmup);
  return withTimeout(openCamera(api, { device: opts.device, requested: constraintsFromOptions(opts) }), timeout, 'opening the camera');
}

export async function photo(opts: ShotOptions, ctx: Context): Promise<number> {
  const output = opts.output;
  const format = resolveFormat(output, opts.format);
  const toStdout = output === '-';
  if (toStdout && ctx.io.stdout.isTTY) {
    throw usageError('refusing to write image data to a terminal; redirect stdout (-o - > file) or give -o FILE');
  }
  if (!toStdout) await checkOutputPath(output);
  const request = photoRequest(opts);
  // The image is encoded in this process: sharp is loaded now, from the bundle where it can be.
  preloadSharp();
  const api = await loadApi();
  ctx.clock.mark('import');
  const camera = await openWithin(api, opts);
  ctx.clock.mark('open');
  const capture = imageCaptureFor(api, camera, format, opts.quality);
  checkPhotoSettings(request, await capture.getPhotoCapabilities(), camera.label);
  let blob: Blob;
  try {
    blob = await withTimeout(capture.takePhoto(request), opts.timeout ?? DEFAULT_TIMEOUT_MS, 'the photo');
  } catch (err) {
    throw runtimeError(`the photo failed: ${describeDomError(err)}`, err);
  }
  const taken = new Uint8Array(await blob.arrayBuffer());
  ctx.clock.mark('capture');
  const { bytes, info } = await inFormat(taken, format, opts.quality);
  // Read only for --json: the camera works its settings out on request (a few ms, cold).
  const settings = opts.json ? { ...camera.track.getSettings(), ...(await capture.getPhotoSettings()), ...request } : undefined;
  camera.stop();
  ctx.clock.mark('inspect');
  if (toStdout) await writeStdout(bytes);
  else await writeFileAtomic(output, bytes);
  ctx.clock.mark('write');
  const milliseconds = ctx.clock.elapsed();
  const path = toStdout ? '-' : resolve(output);
  if (opts.json) {
    const summary = {
      path,
      bytes: bytes.length,
      mimeType: `image/${info.format}`,
      width: info.width,
      height: info.height,
      device: deviceSummary(camera),
      settings,
      milliseconds,
    };
    // With -o - stdout carries the image alone, so the summary goes to stderr.
    println(toStdout ? ctx.io.stderr : ctx.io.stdout, JSON.stringify(summary, null, 2));
  } else if (!toStdout) {
    println(ctx.io.stdout, summaryLine(output, info, bytes.length, milliseconds, camera.label));
  }
  return 0;
}
