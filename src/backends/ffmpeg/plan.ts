/**
 * What an FfmpegSource is made from: the plan (what to open and its native modes), the options
 * (tools, clock, limits, reconnection) and the arguments of its ffmpeg child.
 */
import type { CameraDeviceInfo, SourceSettings } from '../backend.js';
import type { VideoResizeMode } from '../../spec/types.js';
import type { Clock } from '../clock.js';
import type { CaptureMode } from './devices.js';
import type { FrameReader } from './frame-reader.js';
import type { FrameOutput } from './latest-frame.js';
import type { FfmpegHost } from './host.js';
import { ringArgs, type RingOutput } from './frame-ring.js';
import { inputArgs, type InputSpec } from './inputs.js';
import type { StreamInfo } from './probe.js';
import { passthroughArgs, type FfmpegTools } from './tools.js';
import { REST_FILTER, type RestOptions } from './rest.js';

/** What to open: the device's description, how to read it and its native modes. */
export interface SourcePlan {
  readonly info: CameraDeviceInfo;
  readonly spec: InputSpec;
  /** Native modes, smallest first; files and URLs have exactly one (the stream's). */
  readonly modes: readonly CaptureMode[];
  /** Capture devices switch native mode by restarting ffmpeg; files and URLs cannot. */
  readonly switchable: boolean;
  /** What ffprobe found (files), or the streaming ffmpeg itself (URLs). */
  readonly stream?: StreamInfo;
  /** A network source's ffmpeg, already streaming: the source takes it over. */
  readonly running?: FrameReader;
}

export interface SourceOptions {
  readonly host: FfmpegHost;
  readonly tools: FfmpegTools;
  readonly clock: Clock;
  readonly fieldOfView: number;
  readonly softwareControls: boolean;
  readonly stderrLimit: number;
  readonly killTimeoutMs: number;
  /** How long to wait for the first frame when starting (or restarting) ffmpeg. */
  readonly startTimeoutMs: number;
  /** Removes credentials from text taken from ffmpeg (stderr in errors). */
  readonly scrub?: (text: string) => string;
  /** How a network source comes back after a drop. */
  readonly reconnect?: ReconnectPolicy;
  /** How a decoded source rests while nobody reads it (rest.ts); absent: it never rests. */
  readonly rest?: RestOptions;
}

/** Reconnection of network sources: `attempts` tries, waiting first, then twice as long each time up to max. */
export interface ReconnectPolicy {
  readonly attempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { attempts: 5, firstDelayMs: 500, maxDelayMs: 8000 };

const PIPE: FrameOutput = { kind: 'pipe' };

/**
 * Whether ffmpeg's frames come at the source's own pace (a camera, a stream, a file read in real
 * time): only then may frames nobody reads be dropped, by keeping just the latest. A file read as
 * fast as possible goes through a frame ring (frame-ring.ts) or the pipe, so that the reader sees
 * every frame and sets the pace.
 */
export function paced(spec: InputSpec): boolean {
  return spec.kind !== 'file' || spec.realtime;
}

/** The ffmpeg arguments that decode an input to I420 frames, at `size` or its own, to `output`. */
export function readerArgs(
  spec: InputSpec,
  tools: FfmpegTools,
  mode: CaptureMode | undefined,
  size?: { width: number; height: number },
  output: FrameOutput | RingOutput = PIPE,
): string[] {
  // A resting output takes its commands on stdin; every other child ignores it.
  const rest = output.kind === 'file' && output.rest === true && !output.copy;
  const head = ['-hide_banner', ...(rest ? [] : ['-nostdin']), '-nostats', '-loglevel', 'info', ...inputArgs(spec, mode)];
  head.push('-map', '0:v:0', ...passthroughArgs(tools));
  const scale = size ? ['-s', `${size.width}x${size.height}`] : [];
  if (output.kind === 'ring') return [...head, ...ringArgs(output, scale, ['-map', '0:v:0', ...passthroughArgs(tools)])];
  if (output.kind === 'pipe') return [...head, ...scale, '-pix_fmt', 'yuv420p', '-f', 'rawvideo', '-avioflags', 'direct', 'pipe:1'];
  // Each frame is written to a temporary file renamed over the last one, so a reader never sees
  // half a frame. The first output writes one short line a frame on stdout, before the frame is
  // renamed into place: it counts the frames (of a 2x2 corner, cut without copying; the packets
  // when nothing is decoded), and ffmpeg stops when this process is gone (a broken pipe), as it
  // does when frames are piped.
  const count = ['-f', 'framecrc', 'pipe:1', '-map', '0:v:0', ...passthroughArgs(tools)];
  const file = ['-f', 'image2', '-update', '1', '-atomic_writing', '1', '-y', output.path];
  if (output.copy) return [...head, '-c:v', 'copy', ...count, '-c:v', 'copy', ...file];
  // Frames nobody reads are cropped to almost nothing (rest.ts). No scaling: a latest-frame
  // output is at the decoded size, which is the mode's (a fixed-size scale after the crop would
  // blow tiny frames up again).
  const corner = ['-vf', 'crop=2:2:0:0', '-c:v', 'rawvideo'];
  if (rest) return [...head, ...corner, ...count, '-vf', REST_FILTER, '-pix_fmt', 'yuv420p', '-c:v', 'rawvideo', ...file];
  return [...head, ...corner, ...count, ...scale, '-pix_fmt', 'yuv420p', '-c:v', 'rawvideo', ...file];
}

/**
 * Whether ffmpeg can pass the input's frames through as JPEG files instead of decoding them: a
 * capture device in a Motion-JPEG mode, or a file or stream whose video is Motion-JPEG.
 */
export function jpegInput(plan: SourcePlan, mode: CaptureMode): boolean {
  if (plan.spec.kind === 'file' || plan.spec.kind === 'url') return plan.stream?.codec === 'mjpeg';
  return mode.inputFormat === 'mjpeg' || mode.inputFormat === 'vcodec=mjpeg';
}

/** The size, rate and resize mode an update asks for; a width or height alone keeps the mode's aspect ratio. */
export function settingsGoal(
  update: Partial<SourceSettings>,
  mode: CaptureMode,
  current: SourceSettings,
): { width: number; height: number; frameRate: number; resizeMode: VideoResizeMode } {
  const { width: w, height: h } = mode;
  let width = update.width ?? (update.height !== undefined ? Math.round((update.height * w) / h) : current.width);
  let height = update.height ?? (update.width !== undefined ? Math.round((update.width * h) / w) : current.height);
  width = Math.max(1, Math.round(width));
  height = Math.max(1, Math.round(height));
  return { width, height, frameRate: update.frameRate ?? current.frameRate, resizeMode: update.resizeMode ?? current.resizeMode };
}
