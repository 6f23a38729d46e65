/**
 * Opening a network source once: the ffmpeg that will stream it is started first, and the
 * stream's size, rate and codec are read from what it prints before its first frame. The running
 * process is then handed to the source (FfmpegSource.open), so a camera that serves a single
 * client (an ESP32-CAM board, `ffmpeg -listen 1`) is connected to once, never probed apart.
 */
import { notFound } from '../../spec/errors.js';
import { FrameReader } from './frame-reader.js';
import type { FfmpegHost } from './host.js';
import type { InputSpec } from './inputs.js';
import { lastLine, type StreamInfo } from './probe.js';
import { readerArgs } from './plan.js';
import type { FfmpegTools } from './tools.js';
import type { RestOptions } from './rest.js';

export interface LiveStart {
  readonly reader: FrameReader;
  readonly stream: StreamInfo;
}

export interface LiveOptions {
  readonly host: FfmpegHost;
  readonly tools: FfmpegTools;
  readonly spec: InputSpec;
  readonly stderrLimit: number;
  readonly killTimeoutMs: number;
  /** How long to wait for ffmpeg to describe the stream. */
  readonly timeoutMs: number;
  readonly scrub: (text: string) => string;
  /** How the streaming ffmpeg rests while nobody reads it (decoded streams). */
  readonly rest?: RestOptions;
}

/**
 * HTTP cameras mostly serve Motion-JPEG (IP cameras, ESP32-CAM boards): their first connection
 * already asks ffmpeg to pass the JPEGs through. Should the stream turn out to be another codec,
 * ffmpeg is started again to decode it (a second connection, for such streams only).
 */
function triesJpeg(spec: InputSpec): boolean {
  return spec.kindLabel === 'http' || spec.kindLabel === 'https';
}

/**
 * Starts ffmpeg on a network input; resolves once it has described the stream, with the process
 * still running. Rejects NotFoundError when nothing readable arrives (the process is stopped).
 */
export function startLive(o: LiveOptions): Promise<LiveStart> {
  return new Promise<LiveStart>((resolve, reject) => {
    let settled = false;
    let reader: FrameReader;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reader.stop();
      reject(notFound(`${o.spec.label} cannot be read as video: ${why}`));
    };
    const start = (copy: boolean): FrameReader => {
      const r: FrameReader = new FrameReader({
        host: o.host,
        command: o.tools.ffmpeg,
        args: (output) => readerArgs(o.spec, o.tools, undefined, undefined, output),
        files: o.host.frameFiles,
        copy,
        rest: o.rest,
        stderrLimit: o.stderrLimit,
        killTimeoutMs: o.killTimeoutMs,
        scrub: o.scrub,
        onFrame: () => {},
        onExit: (error) => {
          if (r === reader) fail(error ? lastLine(error.stderr) || error.message : 'the stream ended before its first frame');
        },
        onHeader: (header) => {
          if (settled || r !== reader) return;
          const { codec, width, height, frameRate } = header.input;
          if (r.jpeg && codec !== 'mjpeg') {
            r.stop();
            reader = start(false);
            return;
          }
          settled = true;
          clearTimeout(timer);
          // The frames are the decoded ones (a rotated stream comes out turned), or the JPEGs.
          const size = r.jpeg ? { width, height } : { width: header.output.width || width, height: header.output.height || height };
          resolve({ reader: r, stream: { codec, frameRate, ...size } });
        },
      });
      return r;
    };
    reader = start(triesJpeg(o.spec));
    const timer = setTimeout(() => fail(`no video arrived within ${o.timeoutMs} ms`), o.timeoutMs);
  });
}
