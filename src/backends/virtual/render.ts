/**
 * The scene renderer: one frame of the virtual camera from a FrameParams (what the camera model
 * says is in effect at the frame's time) into packed RGBA pixels.
 *
 * Physics, in the order light travels: each object is lit by the ambient light plus the torch
 * and the flash, which fall off with the square of its depth; the sensor integrates for the
 * exposure time at the ISO gain (the moving ball smears over the exposure); the lens blurs each
 * object by |1/depth − 1/focusDistance| (thin lens); white balance scales the channels; the tone
 * curve clips highlights; then brightness, contrast, saturation and sharpening; then sensor
 * noise that grows with ISO. Deterministic: the same parameters give the same pixels.
 */
import { buildToneTable, type Adjustments, type Rgb } from './color.js';
import { drawText, textBox } from './font.js';
import { CheckerFill, FlatFill, StripeFill } from './fills.js';
import {
  edgeAlpha,
  edgeZone,
  NOISE_LIMIT,
  PALETTE_SIZE,
  paintEllipseRow,
  paintRect,
  paintSpan,
  Raster,
  squareWave,
  type EdgeStyle,
  type RowFill,
} from './paint.js';
import { FillKernels, kernelsWanted } from './kernels.js';
import { buildPalette, type PaletteContext } from './palette.js';
import { mix32 } from './prng.js';
import { ballSweep, SCENE, type SceneObject } from './scene.js';
import { NOISE_SIZE, noiseTable, wallTexture, type WallTexture } from './textures.js';
import type { View } from './view.js';
import { WallFill } from './wall.js';
import type { ImageCard } from './image-card.js';

export interface FrameParams {
  readonly width: number;
  readonly height: number;
  /** Scene time at the end of the exposure, ms (positions the moving ball). */
  readonly timeMs: number;
  /** Frame number: selects the noise pattern. */
  readonly index: number;
  /** Text burnt into the top-left corner ('' for none). */
  readonly label: string;
  readonly view: View;
  /** Aperture diameter, metres (focal length / f-number). */
  readonly apertureM: number;
  /** Distance of best focus, metres. */
  readonly focusDistance: number;
  /** Linear sensor value per unit albedo under ambient light at EV 7 (1 = a normal exposure). */
  readonly exposure: number;
  /** Exposure time, ms (motion blur). */
  readonly exposureMs: number;
  readonly wbGains: Rgb;
  /** Ambient light colour × level (relative to EV 7). */
  readonly ambient: Rgb;
  /** Torch plus flash strength at 1 m, and their colour. */
  readonly lamp: number;
  readonly lampColor: Rgb;
  /** Flash strength at 1 m that the retina reflects back (red eye); 0 for none. */
  readonly retina: number;
  /** Pupil size relative to the scene's (red-eye reduction's pre-flash makes it smaller). */
  readonly pupilScale: number;
  readonly adjust: Adjustments;
  /** Standard deviation of sensor noise, in palette steps. */
  readonly noise: number;
}

/** First row of piece `i` when `height` rows are cut into `pieces` pieces painted apart. */
export function pieceStart(height: number, pieces: number, i: number): number {
  return Math.floor((height * i) / pieces);
}

/** Colour the retina reflects (linear). */
const RETINA: Rgb = [0.55, 0.04, 0.03];
const RAD_TO_DEG = 180 / Math.PI;

/** Rows and columns where an opaque rectangle completely hides what is behind it. */
interface Occluder {
  rowFrom: number;
  rowTo: number;
  colFrom: number;
  colTo: number;
}

/** Rows [from, to) of the frame being painted. */
interface Band {
  readonly from: number;
  readonly to: number;
}

/** Rectangles narrower than this (pixels) are not worth skipping the wall for. */
const MIN_OCCLUDER = 24;

interface Layer {
  readonly object: SceneObject;
  readonly palette: Int32Array;
  readonly fill: RowFill;
  /** Palette index range the fill produces before noise. */
  readonly lo: number;
  readonly hi: number;
}

export class SceneRenderer {
  readonly #seed: number;
  readonly #wall: WallTexture;
  readonly #unitNoise: Float32Array;
  readonly #raster = new Raster();
  readonly #layers: Layer[];
  readonly #wallFill: WallFill;
  #noiseSigma = -1;
  /** The largest noise value in the table, in palette steps: palettes are built that far out. */
  #noiseReach = NOISE_LIMIT;
  #noise = new Int16Array(0);
  /** Counts rebuilds of the noise table (the WebAssembly loops copy it in after each). */
  #noiseBuilds = 0;
  #occluders: Occluder[] = [];
  #toneKey = '';
  #tone: Float32Array = new Float32Array(0);
  /** The test's picture on a card in front of the scene (image-card.ts), when one is set. */
  card: ImageCard | undefined;

  constructor(seed: number, objects: readonly SceneObject[] = SCENE) {
    this.#seed = seed >>> 0;
    this.#wall = wallTexture(this.#seed);
    this.#unitNoise = noiseTable(this.#seed);
    this.#wallFill = new WallFill(this.#wall);
    if (kernelsWanted()) this.#raster.kernels = new FillKernels();
    this.#layers = objects.map((object) => {
      const palette = new Int32Array(PALETTE_SIZE);
      switch (object.fill.kind) {
        case 'wall':
          return { object, palette, fill: this.#wallFill, lo: 0, hi: 255 };
        case 'stripes':
          return { object, palette, fill: new StripeFill(), lo: 128 - 158, hi: 128 + 158 };
        case 'checker':
          return { object, palette, fill: new CheckerFill(), lo: 128 - 196, hi: 128 + 196 };
        case 'flat':
          return { object, palette, fill: new FlatFill(), lo: 128, hi: 128 };
      }
    });
  }

  /**
   * Renders one frame into `out` (width × height packed RGBA, little-endian: R in the low byte).
   * With `rowFrom`/`rowTo`, only rows [rowFrom, rowTo) are written: every row depends only on the
   * parameters and its own index, so a frame rendered in bands (on several threads) has exactly
   * the pixels of one rendered whole.
   */
  render(p: FrameParams, out: Uint32Array, rowFrom = 0, rowTo = p.height): void {
    const { width: W, height: H } = p;
    if (out.length < W * H) throw new RangeError(`output holds ${out.length} pixels, ${W * H} needed`);
    const band: Band = { from: Math.max(0, rowFrom), to: Math.min(H, rowTo) };
    if (band.from >= band.to) return;
    const r = this.#raster;
    r.bind(out, W, H);
    this.#prepareNoise(p);
    r.kernels?.frame(W, r.noise, this.#noiseBuilds);
    const ctx: PaletteContext = { tone: this.#toneTable(p.adjust), saturation: p.adjust.saturation };
    this.#collectOccluders(p);
    for (const layer of this.#layers) this.#paintLayer(layer, p, ctx, band);
    if (this.card) this.#paintCard(this.card, p, ctx, band);
    if (p.label) {
      const scale = Math.max(1, Math.floor(H / 240));
      const box = textBox(p.label, scale);
      if (box.width <= W) drawText(out, W, H, p.label, scale, scale, scale, 0xffffffff, 0xff000000, band.from, band.to);
    }
  }

  #paintCard(card: ImageCard, p: FrameParams, ctx: PaletteContext, band: Band): void {
    const o = card.object;
    const lampAt = p.lamp / (o.depth * o.depth);
    const gain = [0, 1, 2].map((c) => (p.ambient[c]! + lampAt * p.lampColor[c]!) * p.exposure * p.wbGains[c]!) as unknown as Rgb;
    const s = p.view.degPerPx;
    const blurPx = (p.apertureM * Math.abs(1 / o.depth - 1 / p.focusDistance) * RAD_TO_DEG) / s;
    const v = p.view;
    card.paint(
      this.#raster,
      { width: p.width, height: p.height, degPerPx: s, cx: v.cx, cy: v.cy, gain, blurPx, sharpen: p.adjust.sharpen },
      ctx,
      band.from,
      band.to,
    );
  }

  #prepareNoise(p: FrameParams): void {
    const r = this.#raster;
    const sigma = Math.round(Math.max(0, p.noise) * 8) / 8;
    if (sigma !== this.#noiseSigma || this.#noise.length < NOISE_SIZE + p.width) {
      const unit = this.#unitNoise;
      // NOISE_SIZE values, then the first `width` again: a row reads on without wrapping.
      if (this.#noise.length < NOISE_SIZE + p.width) this.#noise = new Int16Array(NOISE_SIZE + p.width);
      const n = this.#noise;
      let reach = 0;
      for (let i = 0; i < NOISE_SIZE; i++) {
        const v = Math.round(unit[i]! * sigma);
        const c = v > NOISE_LIMIT ? NOISE_LIMIT : v < -NOISE_LIMIT ? -NOISE_LIMIT : v;
        n[i] = c;
        if (c > reach) reach = c;
        else if (-c > reach) reach = -c;
      }
      this.#noiseReach = reach;
      for (let i = NOISE_SIZE; i < n.length; i++) n[i] = n[i - NOISE_SIZE]!;
      this.#noiseSigma = sigma;
      this.#noiseBuilds++;
    }
    r.noise = this.#noise;
    r.noiseMask = NOISE_SIZE - 1;
    const frameKey = mix32(this.#seed ^ Math.imul(p.index + 1, 0x9e3779b1));
    for (let y = 0; y < p.height; y++) r.rowNoise[y] = mix32(frameKey ^ Math.imul(y + 1, 0x85ebca77)) & (NOISE_SIZE - 1);
  }

  #toneTable(a: Adjustments): Float32Array {
    const key = `${a.brightness}|${a.contrast}`;
    if (key !== this.#toneKey) {
      this.#tone = buildToneTable(a.brightness, a.contrast);
      this.#toneKey = key;
    }
    return this.#tone;
  }

  #paintLayer(layer: Layer, p: FrameParams, ctx: PaletteContext, band: Band): void {
    const o = layer.object;
    const view = p.view;
    const s = view.degPerPx;
    const W = p.width;
    const H = p.height;
    // World degrees → pixel coordinates: x / s + ox, y / s + oy.
    const ox = W / 2 - view.cx / s;
    const oy = H / 2 - view.cy / s;
    // Thin-lens defocus: blur-circle diameter in pixels, then the edge ramp (≥ 1 px anti-aliasing).
    const blurPx = (p.apertureM * Math.abs(1 / o.depth - 1 / p.focusDistance) * RAD_TO_DEG) / s;
    const edge: EdgeStyle = { width: Math.sqrt(blurPx * blurPx + 1), sharpen: p.adjust.sharpen };
    const shape = o.shape;

    // Cull before building the palette.
    const margin = edge.width + 2;
    let top = 0;
    let bottom = H;
    if (shape.kind === 'rect') {
      top = shape.y0 / s + oy - margin;
      bottom = shape.y1 / s + oy + margin;
      if (shape.x1 / s + ox + margin < 0 || shape.x0 / s + ox - margin > W) return;
    } else if (shape.kind === 'ellipse') {
      const k = o.role === 'pupil' ? p.pupilScale : 1;
      top = (shape.cy - shape.ry * k) / s + oy - margin;
      bottom = (shape.cy + shape.ry * k) / s + oy + margin;
      if ((shape.cx + shape.rx * k) / s + ox + margin < 0 || (shape.cx - shape.rx * k) / s + ox - margin > W) return;
    } else if (shape.kind === 'ball') {
      top = (shape.cy - shape.r) / s + oy - margin;
      bottom = (shape.cy + shape.r) / s + oy + margin;
    }
    const y0 = Math.max(band.from, Math.floor(top));
    const y1 = Math.min(band.to, Math.ceil(bottom));
    if (y0 >= y1) return;

    // Light at this depth → per-channel gain from albedo to linear sensor value.
    const d2 = o.depth * o.depth;
    const lampAt = p.lamp / d2;
    const gain: Rgb = [
      (p.ambient[0] + lampAt * p.lampColor[0]) * p.exposure * p.wbGains[0],
      (p.ambient[1] + lampAt * p.lampColor[1]) * p.exposure * p.wbGains[1],
      (p.ambient[2] + lampAt * p.lampColor[2]) * p.exposure * p.wbGains[2],
    ];
    const retina = o.role === 'pupil' ? (p.retina / d2) * p.exposure : 0;
    const emit: Rgb = [RETINA[0] * retina * p.wbGains[0], RETINA[1] * retina * p.wbGains[1], RETINA[2] * retina * p.wbGains[2]];
    // Only the indices the fill and this frame's noise can reach are built.
    const reach = this.#noiseReach;
    buildPalette(layer.palette, o.dark, o.light, gain, emit, ctx, layer.lo - reach, layer.hi + reach);
    const pal = layer.palette;
    const r = this.#raster;

    switch (shape.kind) {
      case 'plane': {
        const wall = this.#wallFill;
        wall.setup(view, blurPx, p.adjust.sharpen);
        const occluders = this.#occluders;
        for (let y = y0; y < y1; y++) {
          wall.begin(y);
          // Fill the gaps between the opaque rectangles of this row (sorted by colFrom).
          let x = 0;
          for (let k = 0; k < occluders.length; k++) {
            const c = occluders[k]!;
            if (y < c.rowFrom || y >= c.rowTo || c.colTo <= x) continue;
            if (c.colFrom > x) wall.fill(r, y, x, c.colFrom, pal);
            x = c.colTo;
          }
          if (x < W) wall.fill(r, y, x, W, pal);
        }
        return;
      }
      case 'rect': {
        this.#setupPattern(layer.fill, shape.x0 / s + ox, shape.y0 / s + oy, s, o, edge);
        const L = shape.x0 / s + ox;
        const R = shape.x1 / s + ox;
        const T = shape.y0 / s + oy;
        const B = shape.y1 / s + oy;
        paintRect(r, y0, y1, L, R, T, B, edge, layer.fill, pal);
        return;
      }
      case 'ellipse': {
        const k = o.role === 'pupil' ? p.pupilScale : 1;
        const cx = shape.cx / s + ox;
        const cy = shape.cy / s + oy;
        for (let y = y0; y < y1; y++) paintEllipseRow(r, y, cx, cy, (shape.rx * k) / s, (shape.ry * k) / s, edge, layer.fill, pal);
        return;
      }
      case 'ball': {
        // The ball sweeps over [t − exposure, t]: a horizontal smear whose coverage is the
        // fraction of the exposure each pixel saw the ball.
        const sweep = ballSweep(p.timeMs - p.exposureMs, p.timeMs);
        const xa = sweep.min / s + ox;
        const xb = sweep.max / s + ox;
        const travel = xb - xa;
        const radius = shape.r / s;
        const cy = shape.cy / s + oy;
        const side = { width: edge.width, sharpen: edge.sharpen };
        for (let y = y0; y < y1; y++) {
          const dy = y + 0.5 - cy;
          const rowAlpha = edgeAlpha(radius - Math.abs(dy), edge);
          if (rowAlpha <= 0) continue;
          const chord = Math.sqrt(Math.max(0, radius * radius - dy * dy));
          const m = Math.min(2 * chord, travel);
          const peak = travel > 0 ? Math.min(1, Math.max(m, 0.5) / travel) : 1;
          side.width = Math.max(edge.width, m);
          paintSpan(r, y, xa - chord + m / 2, xb + chord - m / 2, side, side, Math.min(1, rowAlpha), peak, layer.fill, pal);
        }
        return;
      }
    }
  }

  /**
   * The solid interiors of the opaque rectangles in this frame: the wall is not painted there,
   * since those pixels are overwritten completely (same bounds as paintSpan's solid run).
   */
  #collectOccluders(p: FrameParams): void {
    const list = this.#occluders;
    list.length = 0;
    const view = p.view;
    const s = view.degPerPx;
    const ox = p.width / 2 - view.cx / s;
    const oy = p.height / 2 - view.cy / s;
    for (const { object: o } of this.#layers) {
      const shape = o.shape;
      if (shape.kind !== 'rect') continue;
      const blurPx = (p.apertureM * Math.abs(1 / o.depth - 1 / p.focusDistance) * RAD_TO_DEG) / s;
      const z = edgeZone({ width: Math.sqrt(blurPx * blurPx + 1), sharpen: p.adjust.sharpen });
      const colFrom = Math.max(0, Math.ceil(shape.x0 / s + ox + z - 0.5));
      const colTo = Math.min(p.width, Math.floor(shape.x1 / s + ox - z - 0.5) + 1);
      const rowFrom = Math.max(0, Math.ceil(shape.y0 / s + oy + z - 0.5));
      const rowTo = Math.min(p.height, Math.floor(shape.y1 / s + oy - z - 0.5) + 1);
      if (colTo - colFrom < MIN_OCCLUDER || rowTo <= rowFrom) continue;
      list.push({ rowFrom, rowTo, colFrom, colTo });
    }
    list.sort((a, b) => a.colFrom - b.colFrom);
  }

  /** Pattern fills start at the object's top-left corner (pixels); one period is two cells. */
  #setupPattern(fill: RowFill, left: number, top: number, s: number, o: SceneObject, edge: EdgeStyle): void {
    if (fill instanceof StripeFill && o.fill.kind === 'stripes') {
      fill.period = (2 * o.fill.cell) / s;
      fill.origin = top;
      squareWave(fill.wave, fill.period, edge);
    } else if (fill instanceof CheckerFill && o.fill.kind === 'checker') {
      fill.period = (2 * o.fill.cell) / s;
      fill.originX = left;
      fill.originY = top;
      squareWave(fill.wave, fill.period, edge);
    }
  }
}
