/** Shared helpers for the virtual camera tests: opening a camera on a ManualClock, grabbing
 * frames by advancing time, and statistics over regions of RGBA pixels. */
import type { RawFrame, SourcePhotoSettings, SourceSettings, Still } from '../../../src/backends/backend.js';
import { ManualClock } from '../../../src/backends/clock.js';
import {
  VirtualCameraBackend,
  toPixel,
  type SceneLight,
  type View,
  type VirtualCameraSource,
} from '../../../src/backends/virtual/index.js';

export interface Camera {
  clock: ManualClock;
  backend: VirtualCameraBackend;
  source: VirtualCameraSource;
}

export async function openCamera(
  options: { preset?: string; initial?: Partial<SourceSettings>; seed?: number; scene?: Partial<SceneLight>; start?: number } = {},
): Promise<Camera> {
  const clock = new ManualClock(options.start ?? 0);
  const backend = new VirtualCameraBackend({ clock, seed: options.seed ?? 1, ...(options.scene ? { scene: options.scene } : {}) });
  const source = await backend.open(`virtual:${options.preset ?? 'phone-back'}`, options.initial ?? {});
  return { clock, backend, source };
}

/** The next frame: asks for it, then moves the clock one frame interval (plus a little). */
export async function grab(cam: Camera, signal = new AbortController().signal): Promise<RawFrame> {
  const p = cam.source.nextFrame(signal);
  await cam.clock.advance(Math.ceil(1000 / cam.source.settings().frameRate) + 1);
  return p;
}

/** Applies settings, lets motors and automatics settle, and grabs a frame. */
export async function frameWith(cam: Camera, update: Partial<SourceSettings>, settleMs = 1500): Promise<RawFrame> {
  await cam.source.configure(update);
  await cam.clock.advance(settleMs);
  return grab(cam);
}

export async function photo(cam: Camera, settings: Partial<SourcePhotoSettings> = {}): Promise<Extract<Still, { kind: 'raw' }>> {
  const current = await cam.source.photoSettings();
  const still = await cam.source.takePhoto({ ...current, ...settings }, new AbortController().signal);
  if (still.kind !== 'raw') throw new Error('expected a raw still');
  return still;
}

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Pixel rectangle of a world rectangle (degrees), shrunk by `inset` of its size on each side. */
export function regionOf(view: View, w: { x0: number; y0: number; x1: number; y1: number }, inset = 0.15): Rect {
  const a = toPixel(view, w.x0, w.y0);
  const b = toPixel(view, w.x1, w.y1);
  const dx = (b.x - a.x) * inset;
  const dy = (b.y - a.y) * inset;
  return {
    x0: Math.max(0, Math.round(a.x + dx)),
    y0: Math.max(0, Math.round(a.y + dy)),
    x1: Math.min(view.width, Math.round(b.x - dx)),
    y1: Math.min(view.height, Math.round(b.y - dy)),
  };
}

/** A square of half-size `r` pixels around a world point. */
export function around(view: View, x: number, y: number, r: number): Rect {
  const p = toPixel(view, x, y);
  return { x0: Math.round(p.x - r), y0: Math.round(p.y - r), x1: Math.round(p.x + r), y1: Math.round(p.y + r) };
}

function each(f: RawFrame, r: Rect, visit: (i: number) => void): number {
  let n = 0;
  for (let y = Math.max(0, r.y0); y < Math.min(f.height, r.y1); y++) {
    for (let x = Math.max(0, r.x0); x < Math.min(f.width, r.x1); x++) {
      visit((y * f.width + x) * 4);
      n++;
    }
  }
  if (n === 0) throw new Error(`empty region ${JSON.stringify(r)}`);
  return n;
}

const lumaAt = (d: Uint8Array, i: number): number => 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;

export function meanLuma(f: RawFrame, r: Rect): number {
  let s = 0;
  const n = each(f, r, (i) => (s += lumaAt(f.data, i)));
  return s / n;
}

export function meanRgb(f: RawFrame, r: Rect): [number, number, number] {
  const s = [0, 0, 0];
  const n = each(f, r, (i) => {
    s[0] += f.data[i]!;
    s[1] += f.data[i + 1]!;
    s[2] += f.data[i + 2]!;
  });
  return [s[0]! / n, s[1]! / n, s[2]! / n];
}

export function lumaStd(f: RawFrame, r: Rect): number {
  let s = 0;
  let s2 = 0;
  const n = each(f, r, (i) => {
    const l = lumaAt(f.data, i);
    s += l;
    s2 += l * l;
  });
  return Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2));
}

/** Mean squared luma gradient (right and down neighbours). */
export function gradientEnergy(f: RawFrame, r: Rect): number {
  let s = 0;
  const inner = { x0: r.x0, y0: r.y0, x1: r.x1 - 1, y1: r.y1 - 1 };
  const n = each(f, inner, (i) => {
    const l = lumaAt(f.data, i);
    const dx = lumaAt(f.data, i + 4) - l;
    const dy = lumaAt(f.data, i + f.width * 4) - l;
    s += dx * dx + dy * dy;
  });
  return s / n;
}

/** Mean chroma (max − min channel). */
export function chroma(f: RawFrame, r: Rect): number {
  let s = 0;
  const n = each(f, r, (i) => {
    const d = f.data;
    s += Math.max(d[i]!, d[i + 1]!, d[i + 2]!) - Math.min(d[i]!, d[i + 1]!, d[i + 2]!);
  });
  return s / n;
}
