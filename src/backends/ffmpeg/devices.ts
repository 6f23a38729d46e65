/**
 * Capture devices on this machine, through the host: V4L2 nodes on Linux (labels from sysfs,
 * modes from ffmpeg and v4l2-ctl), AVFoundation on macOS, DirectShow on Windows.
 */
import { createHash } from 'node:crypto';
import type { FfmpegHost } from './host.js';
import type { CaptureRequest, InputSpec } from './inputs.js';
import {
  parseAvfoundationDevices,
  parseAvfoundationModes,
  parseDshowDevices,
  parseDshowOptions,
  parseV4l2CtlFormats,
  parseV4l2Formats,
  type V4l2CtlFormat,
  type V4l2Format,
} from './listing.js';
import type { FfmpegTools } from './tools.js';

/** A native mode and the device format that gives it. */
export type CaptureMode = CaptureRequest;

export interface DiscoveredDevice {
  readonly deviceId: string;
  /** Identifies the physical device (several V4L2 nodes can share one). */
  readonly groupKey: string;
  readonly label: string;
  readonly spec: InputSpec;
  /** Native modes, smallest first; never empty. */
  readonly modes: readonly CaptureMode[];
}

/** Used when a device's modes cannot be read. */
const FALLBACK_MODE: CaptureMode = { width: 640, height: 480, frameRate: 30 };
const LIST_TIMEOUT_MS = 5000;
/** Common sizes offered from a stepwise (continuous) V4L2 size range. */
const COMMON_SIZES: ReadonlyArray<readonly [number, number]> = [
  [160, 120], [320, 240], [640, 360], [640, 480], [800, 600], [1280, 720], [1280, 960],
  [1920, 1080], [2560, 1440], [3840, 2160],
];

/** A short opaque hash (groupIds must not leak device paths). */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** ffmpeg's name for a V4L2 fourcc, for joining v4l2-ctl rates with ffmpeg formats. */
const FOURCC_NAMES: Readonly<Record<string, string>> = {
  YUYV: 'yuyv422', UYVY: 'uyvy422', MJPG: 'mjpeg', JPEG: 'mjpeg', H264: 'h264', NV12: 'nv12',
  NV21: 'nv21', YU12: 'yuv420p', YV12: 'yuv420p', RGB3: 'rgb24', BGR3: 'bgr24', GREY: 'gray',
};

function ctlRates(ctl: readonly V4l2CtlFormat[], format: V4l2Format, width: number, height: number): number | undefined {
  const match = ctl.find((c) => c.description === format.description) ?? ctl.find((c) => FOURCC_NAMES[c.fourcc] === format.name);
  return match?.sizes.find((s) => s.width === width && s.height === height)?.frameRates[0];
}

/**
 * Native modes of a V4L2 device: one per size, with the format giving the highest frame rate
 * (raw formats win ties: no decoding). Frame rates come from v4l2-ctl; 30 when unknown.
 */
export function v4l2Modes(formats: readonly V4l2Format[], ctl: readonly V4l2CtlFormat[]): CaptureMode[] {
  const best = new Map<string, CaptureMode & { raw: boolean }>();
  for (const format of formats) {
    if (format.emulated) continue;
    const sizes = [...format.sizes];
    for (const step of format.stepwise) {
      for (const [w, h] of COMMON_SIZES) {
        const fitsW = w >= step.minWidth && w <= step.maxWidth && (w - step.minWidth) % Math.max(1, step.stepWidth) === 0;
        const fitsH = h >= step.minHeight && h <= step.maxHeight && (h - step.minHeight) % Math.max(1, step.stepHeight) === 0;
        if (fitsW && fitsH) sizes.push({ width: w, height: h });
      }
      sizes.push({ width: step.maxWidth, height: step.maxHeight });
    }
    for (const { width, height } of sizes) {
      const frameRate = ctlRates(ctl, format, width, height) ?? FALLBACK_MODE.frameRate;
      const key = `${width}x${height}`;
      const prev = best.get(key);
      const raw = !format.compressed;
      if (!prev || frameRate > prev.frameRate || (frameRate === prev.frameRate && raw && !prev.raw)) {
        best.set(key, { width, height, frameRate, inputFormat: format.name, raw });
      }
    }
  }
  return [...best.values()]
    .map(({ raw: _raw, ...mode }) => mode)
    .sort((a, b) => a.width * a.height - b.width * b.height || a.frameRate - b.frameRate);
}

async function listV4l2(host: FfmpegHost, findTools: () => Promise<FfmpegTools | undefined>): Promise<DiscoveredDevice[]> {
  const nodes = (await host.readdir('/dev'))
    .filter((n) => /^video\d+$/.test(n))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  if (nodes.length === 0) return [];
  const tools = await findTools();
  const out: DiscoveredDevice[] = [];
  for (const node of nodes) {
    const path = `/dev/${node}`;
    const sys = `/sys/class/video4linux/${node}`;
    const label = (await host.readText(`${sys}/name`))?.trim() || `Video device ${node.slice(5)}`;
    const physical = (await host.realpath(`${sys}/device`)) ?? path;
    let modes: CaptureMode[];
    if (tools) {
      const listed = await host
        .run(tools.ffmpeg, ['-hide_banner', '-f', 'v4l2', '-list_formats', 'all', '-i', path], { timeoutMs: LIST_TIMEOUT_MS })
        .catch(() => undefined);
      const formats = parseV4l2Formats(listed?.stderr ?? '');
      // Metadata nodes (a UVC camera's second node) list no capture formats.
      if (formats.length === 0) continue;
      const ctl = await host
        .run('v4l2-ctl', ['--device', path, '--list-formats-ext'], { timeoutMs: LIST_TIMEOUT_MS })
        .catch(() => undefined);
      modes = v4l2Modes(formats, parseV4l2CtlFormats(ctl?.code === 0 ? ctl.stdout : ''));
      if (modes.length === 0) continue;
    } else {
      // Without ffmpeg only sysfs can tell capture nodes (index 0) from metadata nodes.
      const index = (await host.readText(`${sys}/index`))?.trim();
      if (index !== undefined && index !== '0') continue;
      modes = [FALLBACK_MODE];
    }
    out.push({
      deviceId: path,
      groupKey: physical,
      label,
      spec: { kind: 'v4l2', input: path, kindLabel: 'v4l2', label, loop: false, realtime: false, inputArgs: [] },
      modes,
    });
  }
  return out;
}

function rangeModes(ranges: ReadonlyArray<{ width: number; height: number; maxFrameRate: number; format?: string }>): CaptureMode[] {
  const best = new Map<string, CaptureMode>();
  for (const r of ranges) {
    const key = `${r.width}x${r.height}`;
    const prev = best.get(key);
    if (!prev || r.maxFrameRate > prev.frameRate) {
      best.set(key, { width: r.width, height: r.height, frameRate: r.maxFrameRate, ...(r.format ? { inputFormat: r.format } : {}) });
    }
  }
  const modes = [...best.values()].sort((a, b) => a.width * a.height - b.width * b.height);
  return modes.length > 0 ? modes : [FALLBACK_MODE];
}

async function listAvfoundation(host: FfmpegHost, tools: FfmpegTools): Promise<DiscoveredDevice[]> {
  const listed = await host
    .run(tools.ffmpeg, ['-hide_banner', '-f', 'avfoundation', '-list_devices', 'true', '-i', ''], { timeoutMs: LIST_TIMEOUT_MS })
    .catch(() => undefined);
  const out: DiscoveredDevice[] = [];
  for (const device of parseAvfoundationDevices(listed?.stderr ?? '')) {
    if (/^Capture screen/i.test(device.name)) continue;
    // Asking for an impossible rate makes AVFoundation print the modes it supports.
    const asked = await host
      .run(tools.ffmpeg, ['-hide_banner', '-f', 'avfoundation', '-framerate', '10000', '-i', device.name], { timeoutMs: LIST_TIMEOUT_MS })
      .catch(() => undefined);
    out.push({
      deviceId: `avfoundation:${device.name}`,
      groupKey: `avfoundation:${device.name}`,
      label: device.name,
      spec: {
        kind: 'avfoundation',
        input: device.name,
        kindLabel: 'avfoundation',
        label: device.name,
        loop: false,
        realtime: false,
        inputArgs: [],
      },
      modes: rangeModes(parseAvfoundationModes(asked?.stderr ?? '')),
    });
  }
  return out;
}

async function listDshow(host: FfmpegHost, tools: FfmpegTools): Promise<DiscoveredDevice[]> {
  const listed = await host
    .run(tools.ffmpeg, ['-hide_banner', '-f', 'dshow', '-list_devices', 'true', '-i', 'dummy'], { timeoutMs: LIST_TIMEOUT_MS })
    .catch(() => undefined);
  const out: DiscoveredDevice[] = [];
  for (const device of parseDshowDevices(listed?.stderr ?? '')) {
    const options = await host
      .run(
        tools.ffmpeg,
        ['-hide_banner', '-f', 'dshow', '-list_options', 'true', '-i', `video=${device.name}`],
        { timeoutMs: LIST_TIMEOUT_MS },
      )
      .catch(() => undefined);
    out.push({
      deviceId: `dshow:${device.name}`,
      groupKey: device.alternativeName ?? `dshow:${device.name}`,
      label: device.name,
      spec: {
        kind: 'dshow',
        input: `video=${device.name}`,
        kindLabel: 'dshow',
        label: device.name,
        loop: false,
        realtime: false,
        inputArgs: [],
      },
      modes: rangeModes(parseDshowOptions(options?.stderr ?? '')),
    });
  }
  return out;
}

/**
 * The capture devices present now. `findTools` resolves to undefined when ffmpeg is missing:
 * Linux still lists its V4L2 nodes (opening them then fails with the install hint); elsewhere
 * nothing is listed, since only ffmpeg can enumerate. It is not called when Linux has no nodes.
 */
export async function discoverDevices(host: FfmpegHost, findTools: () => Promise<FfmpegTools | undefined>): Promise<DiscoveredDevice[]> {
  switch (host.platform) {
    case 'linux':
      return listV4l2(host, findTools);
    case 'darwin': {
      const tools = await findTools();
      return tools ? listAvfoundation(host, tools) : [];
    }
    case 'win32': {
      const tools = await findTools();
      return tools ? listDshow(host, tools) : [];
    }
    default:
      return [];
  }
}

/**
 * The native mode to capture in so that frames of `width`×`height` at `frameRate` can be made:
 * with resizeMode "none" the mode of exactly that size; otherwise the smallest mode that covers
 * the size and rate (closest aspect ratio first), else the largest mode.
 */
export function chooseMode(
  modes: readonly CaptureMode[],
  width: number,
  height: number,
  frameRate: number,
  resizeMode: 'none' | 'crop-and-scale',
): CaptureMode {
  const exact = modes.filter((m) => m.width === width && m.height === height);
  if (resizeMode === 'none' && exact.length > 0) {
    return exact.find((m) => m.frameRate >= frameRate - 1e-6) ?? exact.at(-1)!;
  }
  const aspect = width / height;
  const covering = modes
    .filter((m) => m.width >= width && m.height >= height && m.frameRate >= frameRate - 1e-6)
    .sort(
      (a, b) =>
        a.width * a.height - b.width * b.height ||
        Math.abs(a.width / a.height - aspect) - Math.abs(b.width / b.height - aspect),
    );
  if (covering[0]) return covering[0];
  const bySize = modes.filter((m) => m.width >= width && m.height >= height);
  if (bySize.length > 0) return bySize.reduce((a, b) => (b.frameRate > a.frameRate ? b : a));
  return modes.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
}
