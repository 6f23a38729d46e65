/**
 * Photos from a native video track (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto,
 * #dom-imagecapture-getphotocapabilities): the photo capabilities the track's own capabilities allow, and a
 * still made from the live video. When the photo is larger than the video, the track is raised to the larger
 * size for the shot and put back exactly as it was.
 */
import type { SourcePhotoSettings } from '../backend.js';
import type { PhotoDeviceCapabilities } from '../../image-capture/target.js';
import type { FillLightMode, MediaSettingsRange, MediaTrackCapabilities } from '../../spec/types.js';
import { meanLuma } from './canvas.js';
import { type FrameSize, type FrameSource, SIZE_CHANGE_WAIT_MS } from './frames.js';
import { IMAGE_CAPTURE_PROPERTIES } from '../../constraints/properties.js';

/** How long a shot waits for any frame before it fails (frames stopped: a muted track). */
export const FRAME_DEADLINE_MS = 3000;

/** Below this mean luma (0–255) fillLightMode "auto" fires the torch. */
export const AUTO_FLASH_LUMA = 60;

type ConstraintSet = MediaTrackConstraintSet & { torch?: ConstrainBoolean };
type Constraints = ConstraintSet & { advanced?: ConstraintSet[] };

/** The track's capabilities in the spec's shapes (torch may be Chromium's plain boolean). */
export function trackCapabilities(track: MediaStreamTrack): MediaTrackCapabilities {
  return typeof track.getCapabilities === 'function' ? (track.getCapabilities() as MediaTrackCapabilities) : {};
}

/**
 * Torch capability: Chromium and WebKit report `true`; the spec reports `[true, false]`
 * (https://w3c.github.io/mediacapture-image/#dom-mediatrackcapabilities-torch).
 */
export function torchControllable(caps: MediaTrackCapabilities): boolean {
  const torch = caps.torch;
  return torch === true || (Array.isArray(torch) && torch.includes(true) && torch.includes(false));
}

function pixelRange(range: MediaSettingsRange | undefined, current: number): MediaSettingsRange {
  // https://w3c.github.io/mediacapture-image/#dom-photocapabilities-imagewidth: a range in whole pixels; a
  // camera that reports none can still be scaled down.
  if (range && typeof range.max === 'number' && range.max > 0) {
    return { min: Math.max(1, Math.ceil(range.min ?? 1)), max: Math.floor(range.max), step: 1 };
  }
  return { min: 1, max: Math.max(1, current), step: 1 };
}

/**
 * https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotocapabilities step 3.1. Sizes come from
 * the track's width/height ranges, since any frame can be scaled to any size in them. The flash is the torch,
 * lit for the shot. Red-eye reduction is "never": photos are made from video frames, where no pre-flash
 * happens.
 */
export function photoCapabilitiesOf(track: MediaStreamTrack, current: FrameSize): PhotoDeviceCapabilities {
  const caps = trackCapabilities(track);
  const fillLightMode: FillLightMode[] = torchControllable(caps) ? ['auto', 'off', 'flash'] : ['off'];
  return {
    imageHeight: pixelRange(caps.height, current.height),
    imageWidth: pixelRange(caps.width, current.width),
    fillLightMode,
    redEyeReduction: 'never',
  };
}

function canGrow(caps: MediaTrackCapabilities, from: FrameSize): boolean {
  const w = caps.width?.max;
  const h = caps.height?.max;
  return (typeof w === 'number' && w > from.width) || (typeof h === 'number' && h > from.height);
}

/**
 * Whether the torch should be lit for this shot
 * (https://w3c.github.io/mediacapture-image/#enumdef-filllightmode: "flash" always, "auto" when the scene is
 * dark).
 */
function wantsTorch(mode: FillLightMode, track: MediaStreamTrack, caps: MediaTrackCapabilities, frames: FrameSource): boolean {
  if (mode === 'off' || !torchControllable(caps)) return false;
  if ((track.getSettings() as { torch?: boolean }).torch === true) return false;
  return mode === 'flash' || meanLuma(frames.video) < AUTO_FLASH_LUMA;
}

function sizeOf(video: HTMLVideoElement): FrameSize {
  return { width: video.videoWidth, height: video.videoHeight };
}

/** What a shot leaves behind: the picture, and (when the track was changed) the wait for it to settle. */
export interface Shot {
  /** The video's frame as it was shot, at the video's size then (the caller owns and closes it). */
  picture: ImageBitmap;
  /** Resolves once frames of the track's own size flow again (never rejects). */
  settled: Promise<void>;
}

/**
 * https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto step 3.1: one frame for a still of
 * settings.imageWidth × imageHeight, taken with the track raised towards that size when it is
 * smaller. The track's constraints are the same before and after (`getConstraints()`
 * deep-equal), also when the shot fails.
 */
export async function shoot(
  track: MediaStreamTrack,
  frames: FrameSource,
  settings: SourcePhotoSettings,
  signal: AbortSignal,
): Promise<Shot> {
  await frames.waitFor(signal, { deadlineMs: FRAME_DEADLINE_MS });
  const caps = trackCapabilities(track);
  const before = track.getConstraints() as Constraints;
  const original = sizeOf(frames.video);
  const reported = track.getSettings();
  const { imageWidth: width, imageHeight: height } = settings;
  const change: ConstraintSet = {};
  const undo: ConstraintSet = {};
  if ((width > original.width || height > original.height) && canGrow(caps, original)) {
    change.width = { ideal: width };
    change.height = { ideal: height };
    undo.width = { ideal: original.width };
    undo.height = { ideal: original.height };
  }
  const torch = wantsTorch(settings.fillLightMode, track, caps, frames);
  if (torch) {
    change.torch = { exact: true };
    undo.torch = { exact: false };
  }
  let changed = false;
  let settled: Promise<void> = Promise.resolve();
  let picture: ImageBitmap;
  try {
    if (Object.keys(change).length > 0) {
      try {
        await applyMerged(track, before, change);
        changed = true;
      } catch (err) {
        // A camera that cannot grow is scaled up instead; a flash that cannot fire fails the shot.
        if (settings.fillLightMode === 'flash' || signal.aborted) throw err;
      }
    }
    if (changed) {
      const now = track.getSettings();
      const resized = change.width !== undefined && (now.width !== reported.width || now.height !== reported.height);
      // Frames can keep the old size for a while after applyConstraints resolves (WebKit), and
      // getSettings() can even name another size than the frames have: size from the frames.
      if (resized || torch) {
        await frames.waitFor(signal, {
          after: frames.count,
          accept: resized ? (s) => s.width !== original.width || s.height !== original.height : undefined,
          relaxMs: SIZE_CHANGE_WAIT_MS,
          deadlineMs: FRAME_DEADLINE_MS,
        });
      }
    }
    // Taken before the track is put back; it is scaled and encoded after.
    picture = await createImageBitmap(frames.video);
  } finally {
    if (changed) ({ settled } = await restore(track, frames, before, undo, original));
  }
  return { picture, settled };
}

/**
 * Puts the constraints back: first towards the old size and torch state (an engine keeps its
 * current settings for constraints that do not name them), then the exact previous constraints.
 */
async function restore(
  track: MediaStreamTrack,
  frames: FrameSource,
  before: Constraints,
  undo: ConstraintSet,
  original: FrameSize,
): Promise<{ settled: Promise<void> }> {
  const done = { settled: Promise.resolve() };
  if (track.readyState !== 'live') return done;
  try {
    await applyMerged(track, before, undo);
  } catch {
    // The exact previous constraints below are what matters.
  }
  try {
    await track.applyConstraints(before as MediaTrackConstraints);
  } catch {
    // They were accepted before; if the camera refuses now there is nothing better to apply.
  }
  if (undo.width === undefined) return done;
  // Returned, not awaited: the photo is ready; later grabs wait for frames of the old size.
  const now = track.getSettings();
  const settled = frames
    .waitFor(undefined, {
      accept: (s) => (s.width === original.width && s.height === original.height) || (s.width === now.width && s.height === now.height),
      relaxMs: SIZE_CHANGE_WAIT_MS,
      deadlineMs: FRAME_DEADLINE_MS,
    })
    .catch(() => undefined);
  return { settled };
}

const IMAGE_CAPTURE_KEYS = new Set(IMAGE_CAPTURE_PROPERTIES.map((p) => p.name));

function pick(c: Constraints | ConstraintSet, imageCapture: boolean): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'advanced' && IMAGE_CAPTURE_KEYS.has(k) === imageCapture));
}

/**
 * Applies `change` over `base`. Chromium refuses one call that mixes image-capture and other
 * constraints (OverconstrainedError with an empty constraint name); it is then applied as two
 * calls, the video-format part first, each group keeping its own earlier constraints.
 */
async function applyMerged(track: MediaStreamTrack, base: Constraints, change: ConstraintSet): Promise<void> {
  try {
    await track.applyConstraints({ ...base, ...change } as MediaTrackConstraints);
  } catch (err) {
    const e = err as { name?: string; constraint?: string };
    if (e?.name !== 'OverconstrainedError' || e.constraint !== '') throw err;
    const other = { ...pick(base, false), ...pick(change, false) };
    const imageCapture = { ...pick(base, true), ...pick(change, true) };
    if (Object.keys(other).length > 0) await track.applyConstraints(other as MediaTrackConstraints);
    if (Object.keys(imageCapture).length > 0) await track.applyConstraints(imageCapture as MediaTrackConstraints);
  }
}
