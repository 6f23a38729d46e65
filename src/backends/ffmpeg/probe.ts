/**
 * ffprobe of a file or URL: the first video stream's size, frame rate and codec.
 * Any failure (no such file, refused connection, no video) is a NotFoundError: the deviceId
 * names no camera the backend can find.
 */
import { notFound, notReadable } from '../../spec/errors.js';
import type { FfmpegHost } from './host.js';
import { probeArgs, type InputSpec } from './inputs.js';
import type { FfmpegTools } from './tools.js';

export interface StreamInfo {
  /** Width of the frames as ffmpeg delivers them (display rotation applied). */
  readonly width: number;
  readonly height: number;
  /** Frames per second; 30 when the input does not say. */
  readonly frameRate: number;
  readonly codec: string;
  /** Seconds, when the input has a known length. */
  readonly duration?: number;
}

/** Frame rate used when a stream does not state one. */
export const DEFAULT_FRAME_RATE = 30;

/** "30000/1001" → 29.97; invalid or zero → undefined. */
function parseRational(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const [n, d = '1'] = text.split('/');
  const value = Number(n) / Number(d);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  tags?: Record<string, string>;
  side_data_list?: Array<{ rotation?: number }>;
}

/** Reads ffprobe's JSON (`-print_format json -show_streams`); undefined when it has no video. */
export function parseProbeJson(json: string): StreamInfo | undefined {
  let doc: { streams?: ProbeStream[]; format?: { duration?: string } };
  try {
    doc = JSON.parse(json) as typeof doc;
  } catch {
    return undefined;
  }
  const stream = doc.streams?.find((s) => s.codec_type === 'video' && (s.width ?? 0) > 0 && (s.height ?? 0) > 0);
  if (!stream) return undefined;
  let width = stream.width!;
  let height = stream.height!;
  const rotation = stream.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation ?? Number(stream.tags?.rotate ?? 0);
  if (Math.abs(Math.round(rotation)) % 180 === 90) [width, height] = [height, width];
  // avg_frame_rate is the true mean; r_frame_rate can be a timebase guess (e.g. 90000) for VFR.
  const candidates = [parseRational(stream.avg_frame_rate), parseRational(stream.r_frame_rate)];
  const frameRate = candidates.find((r) => r !== undefined && r <= 240) ?? DEFAULT_FRAME_RATE;
  const duration = Number(stream.duration ?? doc.format?.duration);
  return {
    width,
    height,
    frameRate: Math.round(frameRate * 1000) / 1000,
    codec: stream.codec_name ?? 'unknown',
    ...(Number.isFinite(duration) && duration > 0 ? { duration } : {}),
  };
}

/** The last non-empty line of a tool's stderr, for messages. */
export function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.at(-1) ?? '';
}

/** Probes the input; rejects NotFoundError (cannot be read) or NotReadableError (no ffprobe). */
export async function probeInput(host: FfmpegHost, tools: FfmpegTools, spec: InputSpec, timeoutMs: number): Promise<StreamInfo> {
  const args = ['-hide_banner', '-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', '-select_streams', 'v'];
  args.push(...probeArgs(spec), '-i', spec.input);
  let result;
  try {
    result = await host.run(tools.ffprobe, args, { timeoutMs });
  } catch (error) {
    throw notReadable(`ffprobe at ${tools.ffprobe} could not be started (${(error as Error).message}).`);
  }
  if (result.timedOut) throw notFound(`No video arrived from ${spec.label} within ${timeoutMs} ms.`);
  if (result.code !== 0) {
    const why = lastLine(result.stderr) || `ffprobe exited with code ${result.code}`;
    throw notFound(`${spec.label} cannot be read as video: ${why}`);
  }
  const info = parseProbeJson(result.stdout);
  if (!info) throw notFound(`${spec.label} has no video stream.`);
  return info;
}
