/**
 * What a deviceId means to the ffmpeg backend: a file (a path or a `file:` URL), a stream URL
 * (rtsp, http, tcp, udp, srt, rtmp…) or a capture device (V4L2 node, AVFoundation or
 * DirectShow name), and the ffmpeg input arguments that read it.
 */
import { basename, isAbsolute, resolve, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FfmpegHost } from './host.js';

export type InputKind = 'file' | 'url' | 'v4l2' | 'avfoundation' | 'dshow';

/** How to read one input. */
export interface InputSpec {
  readonly kind: InputKind;
  /** The value given to ffmpeg's `-i`. */
  readonly input: string;
  /** "file", the URL scheme ("rtsp", "http"…) or the capture layer ("v4l2"…). */
  readonly kindLabel: string;
  /** For people: the file name, the URL's host, the device's name. */
  readonly label: string;
  /** Files only: start again at the end instead of ending. */
  readonly loop: boolean;
  /** Files only: read at the native frame rate (`-re`) rather than as fast as possible. */
  readonly realtime: boolean;
  /** Extra input options placed before `-i` (e.g. `-rtsp_transport tcp`). */
  readonly inputArgs: readonly string[];
}

/** URL schemes ffmpeg reads live or remote video from. */
const STREAM_SCHEMES: ReadonlySet<string> = new Set([
  'http', 'https', 'rtsp', 'rtsps', 'rtmp', 'rtmps', 'rtmpt', 'rtmpe', 'rtp', 'srtp',
  'tcp', 'tls', 'udp', 'srt', 'rist', 'mms', 'mmsh', 'mmst', 'hls', 'ftp', 'sftp', 'gopher',
]);

/** Schemes whose URLs may leave the host empty (listen on every address). */
const HOSTLESS_SCHEMES: ReadonlySet<string> = new Set(['udp', 'rtp', 'srtp', 'srt', 'rist']);

export interface InputDefaults {
  readonly loop: boolean;
  readonly realtime: boolean;
}

const AVFOUNDATION_PREFIX = 'avfoundation:';
const DSHOW_PREFIX = 'dshow:';

function fileSpec(path: string, host: FfmpegHost, defaults: InputDefaults): InputSpec {
  const absolute = isAbsolute(path) || win32.isAbsolute(path) ? path : resolve(path);
  const name = host.platform === 'win32' ? win32.basename(absolute) : basename(absolute);
  return {
    kind: 'file',
    // The file: protocol keeps ffmpeg from reading "a:b.mp4" as protocol "a".
    input: `file:${absolute}`,
    kindLabel: 'file',
    label: name,
    loop: defaults.loop,
    realtime: defaults.realtime,
    inputArgs: [],
  };
}

/** A label for a URL that never shows credentials: host and port. */
function urlLabel(url: URL): string {
  const host = url.host || url.pathname || url.protocol.slice(0, -1);
  return host.replace(/^@/, '');
}

/**
 * Interprets a deviceId. Returns undefined for anything the backend cannot read: a file that
 * does not exist, a URL with an unknown scheme or no host.
 */
export function parseInput(deviceId: string, host: FfmpegHost, defaults: InputDefaults): InputSpec | undefined {
  if (typeof deviceId !== 'string' || deviceId.length === 0) return undefined;
  if (deviceId.startsWith(AVFOUNDATION_PREFIX)) {
    const name = deviceId.slice(AVFOUNDATION_PREFIX.length);
    if (!name) return undefined;
    return { kind: 'avfoundation', input: name, kindLabel: 'avfoundation', label: name, loop: false, realtime: false, inputArgs: [] };
  }
  if (deviceId.startsWith(DSHOW_PREFIX)) {
    const name = deviceId.slice(DSHOW_PREFIX.length);
    if (!name) return undefined;
    return { kind: 'dshow', input: `video=${name}`, kindLabel: 'dshow', label: name, loop: false, realtime: false, inputArgs: [] };
  }
  // A path that exists wins over URL parsing ("C:\clips\a.mp4" also parses as a URL).
  const kind = host.pathKind(deviceId);
  if (kind === 'file') return fileSpec(deviceId, host, defaults);
  if (kind === 'device' && /^\/dev\/video\d+$/.test(deviceId)) {
    return { kind: 'v4l2', input: deviceId, kindLabel: 'v4l2', label: basename(deviceId), loop: false, realtime: false, inputArgs: [] };
  }
  let url: URL;
  try {
    url = new URL(deviceId);
  } catch {
    return looseStreamUrl(deviceId);
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme === 'file') {
    let path: string;
    try {
      path = fileURLToPath(url);
    } catch {
      return undefined;
    }
    return host.pathKind(path) === 'file' ? fileSpec(path, host, defaults) : undefined;
  }
  if (!STREAM_SCHEMES.has(scheme)) return undefined;
  if (!url.hostname && !HOSTLESS_SCHEMES.has(scheme)) return undefined;
  return { kind: 'url', input: deviceId, kindLabel: scheme, label: urlLabel(url), loop: false, realtime: false, inputArgs: [] };
}

/**
 * ffmpeg URLs that WHATWG URL parsing rejects but ffmpeg reads, e.g. `udp://@:1234`
 * (listen on every address): known scheme, authority taken as the label.
 */
function looseStreamUrl(deviceId: string): InputSpec | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]*)/i.exec(deviceId);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  if (!STREAM_SCHEMES.has(scheme)) return undefined;
  const host = m[2]!.split('@').pop()!;
  if (!host && !HOSTLESS_SCHEMES.has(scheme)) return undefined;
  return { kind: 'url', input: deviceId, kindLabel: scheme, label: host || scheme, loop: false, realtime: false, inputArgs: [] };
}

/** The size and rate a capture device is asked for (files and URLs ignore it). */
export interface CaptureRequest {
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
  /** The device's own name for the pixel format or codec of this mode, when known. */
  readonly inputFormat?: string;
}

/**
 * Streams are analysed for 1 s rather than ffmpeg's 5 s before frames flow: live sources state
 * their size early (SDP, sequence headers) and the rest is frame-rate estimation. An input
 * that needs longer can pass its own `-analyzeduration` in `inputArgs`.
 */
const LIVE_ANALYSIS = ['-analyzeduration', '1000000'];

/**
 * The protocols ffmpeg may use for an input, by scheme: what the scheme itself needs (an RTSP
 * camera streams over RTP on UDP or TCP, HTTPS is HTTP over TLS over TCP) and nothing else, so
 * that an input cannot make ffmpeg open other kinds of input (a playlist or an SDP description
 * naming `file:` paths, a redirect to another protocol).
 */
const PROTOCOLS_BY_SCHEME: Readonly<Record<string, string>> = {
  http: 'http,https,tls,tcp,crypto',
  https: 'http,https,tls,tcp,crypto',
  hls: 'hls,http,https,tls,tcp,crypto',
  rtsp: 'rtsp,rtp,srtp,udp,tcp',
  rtsps: 'rtsp,rtsps,rtp,srtp,udp,tcp,tls',
  rtmp: 'rtmp,tcp',
  rtmps: 'rtmps,tls,tcp',
  rtmpt: 'rtmpt,ffrtmphttp,http,tcp',
  rtmpe: 'rtmpe,ffrtmpcrypt,tcp',
  rtp: 'rtp,udp',
  srtp: 'srtp,rtp,udp',
  tcp: 'tcp',
  tls: 'tls,tcp',
  udp: 'udp',
  srt: 'srt',
  rist: 'rist',
  mms: 'mmsh,mmst,http,tcp',
  mmsh: 'mmsh,http,tcp',
  mmst: 'mmst,tcp',
  ftp: 'ftp,tcp',
  sftp: 'sftp',
  gopher: 'gopher,tcp',
};

/** The `-protocol_whitelist` value for an input; undefined for capture devices. */
export function allowedProtocols(spec: InputSpec): string | undefined {
  if (spec.kind === 'file') {
    // A session description names the RTP streams to receive; any other file is read alone.
    return /\.sdp$/i.test(spec.input) ? 'file,rtp,srtp,udp' : 'file';
  }
  if (spec.kind === 'url') return PROTOCOLS_BY_SCHEME[spec.kindLabel] ?? spec.kindLabel;
  return undefined;
}

/** `-protocol_whitelist …`, unless the input's own options set one (registered sources may). */
function protocolArgs(spec: InputSpec): string[] {
  const allowed = allowedProtocols(spec);
  if (allowed === undefined || spec.inputArgs.includes('-protocol_whitelist')) return [];
  return ['-protocol_whitelist', allowed];
}

/** Input options for ffprobe (before `-i`). */
export function probeArgs(spec: InputSpec): string[] {
  return [...(spec.kind === 'url' ? LIVE_ANALYSIS : []), ...protocolArgs(spec), ...spec.inputArgs];
}

function rateArg(rate: number): string {
  return Number.isInteger(rate) ? String(rate) : rate.toFixed(3);
}

/** The ffmpeg arguments that come before the output options: input options and `-i`. */
export function inputArgs(spec: InputSpec, capture?: CaptureRequest): string[] {
  const args: string[] = [];
  switch (spec.kind) {
    case 'file':
      if (spec.realtime) args.push('-re');
      if (spec.loop) args.push('-stream_loop', '-1');
      break;
    case 'url':
      args.push('-fflags', 'nobuffer', ...LIVE_ANALYSIS);
      break;
    case 'v4l2':
      args.push('-f', 'v4l2');
      if (capture?.inputFormat) args.push('-input_format', capture.inputFormat);
      if (capture) args.push('-framerate', rateArg(capture.frameRate), '-video_size', `${capture.width}x${capture.height}`);
      break;
    case 'avfoundation':
      args.push('-f', 'avfoundation');
      if (capture) args.push('-framerate', rateArg(capture.frameRate), '-video_size', `${capture.width}x${capture.height}`);
      break;
    case 'dshow':
      args.push('-f', 'dshow');
      if (capture) {
        args.push('-framerate', rateArg(capture.frameRate), '-video_size', `${capture.width}x${capture.height}`);
        if (capture.inputFormat?.startsWith('vcodec=')) args.push('-vcodec', capture.inputFormat.slice(7));
        else if (capture.inputFormat?.startsWith('pixel_format=')) args.push('-pixel_format', capture.inputFormat.slice(13));
      }
      break;
  }
  args.push(...protocolArgs(spec), ...spec.inputArgs, '-i', spec.input);
  return args;
}
