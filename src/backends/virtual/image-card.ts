/**
 * The image card: a test's picture on a flat card facing the camera, in the middle of the room
 * at IMAGE_CARD.depth, covering the centre of the frame at default settings (in front of the
 * person's face). It is lit, exposed, white-balanced, toned and noised like every other object
 * (render.ts), and blurred by the same thin-lens defocus: the card's content is box-averaged over
 * the blur circle (or over one output pixel, when the picture is seen smaller than its size).
 *
 * Metering and autofocus see the card through its SceneObject (its mean albedo and depth), so
 * automatic exposure and focus settle on it as they would on a real card.
 */
import type { Rgb } from './color.js';
import { LIN_MAX, TONE_SIZE } from './color.js';
import type { CardImage } from './card-image.js';
import { CARD_LEVELS, CARD_WHITE } from './card-image.js';
import { edgeAlpha, type EdgeStyle, type Raster } from './paint.js';
import type { PaletteContext } from './palette.js';
import type { SceneObject } from './scene.js';

/** Where the card stands: centre (degrees), the largest box it fills keeping the picture's aspect, depth (m). */
export const IMAGE_CARD = { cx: 0, cy: 0, maxWidth: 26, maxHeight: 26, depth: 1 } as const;

/** The card's rectangle in world degrees for a picture of this size. */
export function cardRect(width: number, height: number): { x0: number; y0: number; x1: number; y1: number } {
  const k = Math.min(IMAGE_CARD.maxWidth / width, IMAGE_CARD.maxHeight / height);
  const w = (width * k) / 2;
  const h = (height * k) / 2;
  return { x0: IMAGE_CARD.cx - w, y0: IMAGE_CARD.cy - h, x1: IMAGE_CARD.cx + w, y1: IMAGE_CARD.cy + h };
}

/** The card as a scene object (for metering and autofocus; ImageCard paints it). */
export function cardObject(image: CardImage): SceneObject {
  const m = image.mean;
  return {
    name: 'image-card',
    role: 'other',
    depth: IMAGE_CARD.depth,
    shape: { kind: 'rect', ...cardRect(image.width, image.height) },
    fill: { kind: 'flat' },
    dark: [0, 0, 0],
    light: [CARD_WHITE, CARD_WHITE, CARD_WHITE],
    mean: m,
  };
}

/** What the card painter needs from the frame (a subset of FrameParams). */
export interface CardFrame {
  readonly width: number;
  readonly height: number;
  /** Degrees per pixel and the world direction at the frame's centre. */
  readonly degPerPx: number;
  readonly cx: number;
  readonly cy: number;
  /** Per-channel gain from albedo to linear sensor value at the card's depth. */
  readonly gain: Rgb;
  /** Defocus blur-circle diameter, pixels. */
  readonly blurPx: number;
  readonly sharpen: number;
}

export class ImageCard {
  readonly image: CardImage;
  readonly object: SceneObject;
  #cols = new Int32Array(0);
  #rows = new Int32Array(0);
  /** Per column and per row: edge coverage, and 1 / (texels the box spans). */
  #colAlpha = new Float32Array(0);
  #colInv = new Float32Array(0);
  #rowInv = new Float32Array(0);

  constructor(image: CardImage) {
    this.image = image;
    this.object = cardObject(image);
  }

  /** Paints the card over what `r` holds. */
  paint(r: Raster, f: CardFrame, ctx: PaletteContext): void {
    const shape = this.object.shape;
    if (shape.kind !== 'rect') return;
    const s = f.degPerPx;
    const L = (shape.x0 - f.cx) / s + f.width / 2;
    const R = (shape.x1 - f.cx) / s + f.width / 2;
    const T = (shape.y0 - f.cy) / s + f.height / 2;
    const B = (shape.y1 - f.cy) / s + f.height / 2;
    const edge: EdgeStyle = { width: Math.sqrt(f.blurPx * f.blurPx + 1), sharpen: f.sharpen };
    const margin = edge.width + 2;
    const x0 = Math.max(0, Math.floor(L - margin));
    const x1 = Math.min(f.width, Math.ceil(R + margin));
    const y0 = Math.max(0, Math.floor(T - margin));
    const y1 = Math.min(f.height, Math.ceil(B + margin));
    if (x0 >= x1 || y0 >= y1) return;
    const img = this.image;
    // Texel box per output column and row: the pixel's footprint widened to the blur circle.
    const cols = (this.#cols = this.#cols.length >= 2 * (x1 - x0) ? this.#cols : new Int32Array(2 * (x1 - x0)));
    const rows = (this.#rows = this.#rows.length >= 2 * (y1 - y0) ? this.#rows : new Int32Array(2 * (y1 - y0)));
    boxes(cols, x0, x1, L, R, img.width, edge.width);
    boxes(rows, y0, y1, T, B, img.height, edge.width);
    if (this.#colAlpha.length < x1 - x0) {
      this.#colAlpha = new Float32Array(x1 - x0);
      this.#colInv = new Float32Array(x1 - x0);
    }
    if (this.#rowInv.length < y1 - y0) this.#rowInv = new Float32Array(y1 - y0);
    const colAlpha = this.#colAlpha;
    const colInv = this.#colInv;
    const rowInv = this.#rowInv;
    for (let x = x0; x < x1; x++) {
      const xc = x + 0.5;
      colAlpha[x - x0] = edgeAlpha(xc - L, edge) * edgeAlpha(R - xc, edge);
      colInv[x - x0] = 1 / (cols[2 * (x - x0) + 1]! - cols[2 * (x - x0)]!);
    }
    for (let y = y0; y < y1; y++) rowInv[y - y0] = 1 / (rows[2 * (y - y0) + 1]! - rows[2 * (y - y0)]!);

    const tone = ctx.tone;
    const sat = ctx.saturation;
    const toIndex = TONE_SIZE / LIN_MAX;
    const top = TONE_SIZE - 1;
    const [gr, gg, gb] = f.gain;
    // One noise step is one palette step of a white-to-black object.
    const step = CARD_WHITE / 255;
    const out = r.out32;
    const W = f.width;
    const [s0, s1, s2] = img.sums;
    const stride = img.width + 1;
    const albedo = CARD_WHITE / CARD_LEVELS;
    for (let y = y0; y < y1; y++) {
      const yc = y + 0.5;
      const rowAlpha = edgeAlpha(yc - T, edge) * edgeAlpha(B - yc, edge);
      if (rowAlpha <= 0) continue;
      const ty0 = rows[2 * (y - y0)]!;
      const ty1 = rows[2 * (y - y0) + 1]!;
      const top0 = ty0 * stride;
      const top1 = ty1 * stride;
      const rowK = albedo * rowInv[y - y0]!;
      const off = r.rowNoise[y]!;
      const row = y * W;
      for (let x = x0; x < x1; x++) {
        const a = rowAlpha * colAlpha[x - x0]!;
        if (a <= 0) continue;
        const tx0 = cols[2 * (x - x0)]!;
        const tx1 = cols[2 * (x - x0) + 1]!;
        // Box sums from the summed-area tables (the same four corners for the three channels).
        const i11 = top1 + tx1;
        const i01 = top0 + tx1;
        const i10 = top1 + tx0;
        const i00 = top0 + tx0;
        const k = rowK * colInv[x - x0]!;
        const n = r.noise[(off + x) & r.noiseMask]! * step;
        const ar = (s0[i11]! - s0[i01]! - s0[i10]! + s0[i00]!) * k + n;
        const ag = (s1[i11]! - s1[i01]! - s1[i10]! + s1[i00]!) * k + n;
        const ab = (s2[i11]! - s2[i01]! - s2[i10]! + s2[i00]!) * k + n;
        const cr = tone[Math.min(top, Math.max(0, ar * gr * toIndex) | 0)]!;
        const cg = tone[Math.min(top, Math.max(0, ag * gg * toIndex) | 0)]!;
        const cb = tone[Math.min(top, Math.max(0, ab * gb * toIndex) | 0)]!;
        let color: number;
        if (sat === 1) color = 0xff000000 | (Math.round(cb * 255) << 16) | (Math.round(cg * 255) << 8) | Math.round(cr * 255);
        else {
          const luma = 0.299 * cr + 0.587 * cg + 0.114 * cb;
          const R8 = clamp8((luma + (cr - luma) * sat) * 255);
          const G8 = clamp8((luma + (cg - luma) * sat) * 255);
          const B8 = clamp8((luma + (cb - luma) * sat) * 255);
          color = 0xff000000 | (B8 << 16) | (G8 << 8) | R8;
        }
        const i = row + x;
        if (a >= 1) out[i] = color;
        else r.blend(i, color, a);
      }
    }
  }
}

function clamp8(v: number): number {
  const n = Math.round(v);
  return n < 0 ? 0 : n > 255 ? 255 : n;
}

/**
 * For output pixels p0..p1 along one axis, the texel range [a, b) each one averages: the card
 * spans [lo, hi) pixels over `texels` texels; the footprint is `widthPx` pixels (the blur circle,
 * at least one pixel) and at least one texel.
 */
function boxes(out: Int32Array, p0: number, p1: number, lo: number, hi: number, texels: number, widthPx: number): void {
  const perPx = texels / (hi - lo);
  const half = Math.max(0.5, (widthPx * perPx) / 2);
  for (let p = p0; p < p1; p++) {
    const u = (p + 0.5 - lo) * perPx;
    let a = Math.round(u - half);
    let b = Math.round(u + half);
    if (a < 0) a = 0;
    if (b > texels) b = texels;
    if (a >= texels) a = texels - 1;
    if (b <= a) b = a + 1;
    out[2 * (p - p0)] = a;
    out[2 * (p - p0) + 1] = b;
  }
}
