/**
 * What ffmpeg prints about its input and output before the first frame (`-loglevel info`):
 *
 *     Input #0, mpjpeg, from 'http://…':
 *       Stream #0:0: Video: mjpeg (Baseline), yuvj422p(pc, …), 320x240, 25 tbr, 25 tbn
 *     Output #0, rawvideo, to 'pipe:1':
 *       Stream #0:0: Video: rawvideo (RGBA / 0x41424752), rgba(pc, …), 320x240 [SAR 1:1 DAR 4:3], …
 *
 * A network source learns its size, rate and codec from the process that streams it, so that
 * it is never opened twice (single-client cameras refuse a second connection).
 */
import { DEFAULT_FRAME_RATE, type StreamInfo } from './probe.js';

export interface StreamHeader {
  /** The first video stream of the input. */
  readonly input: StreamInfo;
  /** The size of the raw frames on the pipe. */
  readonly output: { readonly width: number; readonly height: number };
}

const VIDEO_STREAM = /^\s*Stream #\d+:\d+(?:\[[^\]]*\])?(?:\([^)]*\))?: Video: ([A-Za-z0-9_]+)(.*)$/;
const SIZE = /(?:^|[\s,])(\d{1,5})x(\d{1,5})(?=[\s,[]|$)/;

function videoLine(line: string): { codec: string; width: number; height: number; frameRate: number } | undefined {
  const m = VIDEO_STREAM.exec(line);
  if (!m) return undefined;
  // Skip the parenthesised details (pixel format, colour) that may hold other numbers.
  const rest = m[2]!.replace(/\([^)]*\)/g, '');
  const size = SIZE.exec(rest);
  if (!size) return undefined;
  const width = Number(size[1]);
  const height = Number(size[2]);
  if (width <= 0 || height <= 0) return undefined;
  const fps = /([\d.]+) fps/.exec(rest) ?? /([\d.]+)(k?) tbr/.exec(rest);
  let frameRate = fps ? Number(fps[1]) * (fps[2] === 'k' ? 1000 : 1) : DEFAULT_FRAME_RATE;
  if (!Number.isFinite(frameRate) || frameRate <= 0 || frameRate > 240) frameRate = DEFAULT_FRAME_RATE;
  return { codec: m[1]!, width, height, frameRate: Math.round(frameRate * 1000) / 1000 };
}

/** Reads the header from ffmpeg's stderr so far; undefined until both parts have been printed. */
export function parseStreamHeader(text: string): StreamHeader | undefined {
  let section: 'none' | 'input' | 'output' = 'none';
  let input: StreamHeader['input'] | undefined;
  let output: StreamHeader['output'] | undefined;
  // Only complete lines: the last one may still be arriving.
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  for (const line of complete.split(/\r?\n/)) {
    if (/^Input #0,/.test(line)) section = 'input';
    else if (/^Output #\d+, framecrc,/.test(line)) section = 'none'; // the frame count's output
    else if (/^Output #\d+,/.test(line)) section = 'output';
    else if (/^Stream mapping:/.test(line)) section = 'none';
    else if (section !== 'none') {
      const video = videoLine(line);
      if (!video) continue;
      if (section === 'input' && !input) input = video;
      if (section === 'output' && !output) output = { width: video.width, height: video.height };
    }
  }
  return input && output ? { input, output } : undefined;
}
