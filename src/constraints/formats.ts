/**
 * The video format: width, height, aspectRatio, frameRate and resizeMode depend on each other, so
 * they are chosen together from the device's native modes (https://w3c.github.io/mediacapture-main/#dfn-selectsettings, with resizeMode
 * as gUM defines it).
 *
 * Candidates per native mode:
 * - resizeMode "none": the mode itself, at its own frame rate. Lower rates are not offered
 *   without "crop-and-scale" (as in Chromium, where dropping frames is part of resizing).
 * - resizeMode "crop-and-scale": any whole-pixel width 1…mode width and height 1…mode height,
 *   and any frame rate from `minFrameRate` up to the mode's rate.
 * aspectRatio is width / height. Because sizes are whole pixels, an aspect-ratio bound is met
 * when it is met within half a pixel of width.
 */
import type { SourceCapabilities, VideoMode } from '../backends/backend.js';
import type { NumberRange, VideoResizeMode } from '../spec/types.js';
import { numericFitness, stringFitness } from './fitness.js';

export const FORMAT_PROPERTIES: readonly string[] = ['width', 'height', 'aspectRatio', 'frameRate', 'resizeMode'];

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

const ANY: Interval = { lo: -Infinity, hi: Infinity };

/** The required part of the format constraints, intersected over the sets applied so far. */
export interface FormatLimits {
  readonly width: Interval;
  readonly height: Interval;
  readonly aspectRatio: Interval;
  readonly frameRate: Interval;
  /** Allowed resize modes; undefined means any. */
  readonly resizeMode?: readonly string[];
}

export const NO_LIMITS: FormatLimits = { width: ANY, height: ANY, aspectRatio: ANY, frameRate: ANY };

/** Ideal values from the basic set. */
export interface FormatIdeals {
  width?: number;
  height?: number;
  aspectRatio?: number;
  frameRate?: number;
  resizeMode?: readonly string[];
}

export interface Format {
  width: number;
  height: number;
  frameRate: number;
  resizeMode: VideoResizeMode;
}

export interface FormatChoice {
  readonly format: Format;
  /** Fitness distance of the basic set's format ideals. */
  readonly fitness: number;
}

/** The capability ranges the modes give (what getCapabilities() reports). */
export function formatRanges(caps: SourceCapabilities): {
  width: NumberRange;
  height: NumberRange;
  aspectRatio: NumberRange;
  frameRate: NumberRange;
} {
  const modes = caps.videoModes;
  const crop = caps.resizeModes.includes('crop-and-scale');
  const widths = modes.map((m) => m.width);
  const heights = modes.map((m) => m.height);
  const rates = modes.map((m) => m.frameRate);
  const ratios = modes.map((m) => m.width / m.height);
  const maxW = Math.max(...widths);
  const maxH = Math.max(...heights);
  const maxRate = Math.max(...rates);
  return {
    width: { min: crop ? 1 : Math.min(...widths), max: maxW },
    height: { min: crop ? 1 : Math.min(...heights), max: maxH },
    aspectRatio: crop ? { min: 1 / maxH, max: maxW } : { min: Math.min(...ratios), max: Math.max(...ratios) },
    frameRate: { min: crop ? Math.min(caps.minFrameRate, Math.min(...rates)) : Math.min(...rates), max: maxRate },
  };
}

const within = (v: number, i: Interval): boolean => v >= i.lo && v <= i.hi;
/** Aspect-ratio bound met within half a pixel of width. */
const ratioWithin = (w: number, h: number, i: Interval): boolean => w + 0.5 >= i.lo * h && w - 0.5 <= i.hi * h;
const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

/** The reference a choice stays close to when ideals leave it free: the current or default format. */
export function referenceFormat(caps: SourceCapabilities, current?: Partial<Format>): Format {
  const first: VideoMode = caps.videoModes[0] ?? { width: 640, height: 480, frameRate: 30 };
  const defaultMode: VideoResizeMode = caps.resizeModes.includes('none') ? 'none' : (caps.resizeModes[0] ?? 'none');
  return {
    width: current?.width ?? first.width,
    height: current?.height ?? first.height,
    frameRate: current?.frameRate ?? first.frameRate,
    resizeMode: current?.resizeMode ?? defaultMode,
  };
}

interface Scored {
  format: Format;
  primary: number;
  secondary: number;
}

function better(a: Scored, b: Scored | undefined): boolean {
  if (b === undefined) return true;
  const eps = 1e-12;
  if (a.primary < b.primary - eps) return true;
  if (a.primary > b.primary + eps) return false;
  return a.secondary < b.secondary - eps;
}

/** The most heights scanned when looking for any feasible size. */
const MAX_SCAN = 100_000;

/**
 * The best format within `limits`: smallest fitness distance of the ideals, ties broken toward
 * the reference (its aspect ratio weighing double, so a lone width ideal keeps the shape).
 * Undefined when no format satisfies the limits.
 */
export function chooseFormat(
  caps: SourceCapabilities,
  limits: FormatLimits,
  ideals: FormatIdeals,
  reference: Format,
): FormatChoice | undefined {
  const refRatio = reference.width / reference.height;
  const score = (f: Format): Scored => {
    const ratio = f.width / f.height;
    let primary = 0;
    if (ideals.width !== undefined) primary += numericFitness(f.width, ideals.width);
    if (ideals.height !== undefined) primary += numericFitness(f.height, ideals.height);
    if (ideals.aspectRatio !== undefined) primary += numericFitness(ratio, ideals.aspectRatio);
    if (ideals.frameRate !== undefined) primary += numericFitness(f.frameRate, ideals.frameRate);
    if (ideals.resizeMode !== undefined) primary += stringFitness(f.resizeMode, ideals.resizeMode);
    const secondary =
      2 * numericFitness(ratio, refRatio) +
      numericFitness(f.width, reference.width) +
      numericFitness(f.height, reference.height) +
      numericFitness(f.frameRate, reference.frameRate) +
      (f.resizeMode === reference.resizeMode ? 0 : 1);
    return { format: f, primary, secondary };
  };

  let best: Scored | undefined;
  const consider = (f: Format): void => {
    const s = score(f);
    if (better(s, best)) best = s;
  };
  const allowed = (r: VideoResizeMode): boolean => caps.resizeModes.includes(r) &&
    (limits.resizeMode === undefined || limits.resizeMode.includes(r));

  for (const mode of caps.videoModes) {
    if (allowed('none')) {
      const f: Format = { width: mode.width, height: mode.height, frameRate: mode.frameRate, resizeMode: 'none' };
      if (within(f.width, limits.width) &&
        within(f.height, limits.height) &&
        within(f.frameRate, limits.frameRate) &&
        ratioWithin(f.width, f.height, limits.aspectRatio)) {
        consider(f);
      }
    }
    if (allowed('crop-and-scale')) cropCandidates(caps, mode, limits, ideals, reference, consider);
  }
  return best === undefined ? undefined : { format: best.format, fitness: best.primary };
}

/** Offers the candidate crop-and-scale formats of one mode that can be best. */
function cropCandidates(
  caps: SourceCapabilities,
  mode: VideoMode,
  limits: FormatLimits,
  ideals: FormatIdeals,
  reference: Format,
  consider: (f: Format) => void,
): void {
  const rateLo = Math.max(limits.frameRate.lo, Math.min(caps.minFrameRate, mode.frameRate));
  const rateHi = Math.min(limits.frameRate.hi, mode.frameRate);
  if (rateLo > rateHi) return;
  const frameRate = clamp(ideals.frameRate ?? reference.frameRate, rateLo, rateHi);
  const wLo = Math.max(1, Math.ceil(limits.width.lo));
  const wHi = Math.min(mode.width, Math.floor(limits.width.hi));
  const hLo = Math.max(1, Math.ceil(limits.height.lo));
  const hHi = Math.min(mode.height, Math.floor(limits.height.hi));
  if (wLo > wHi || hLo > hHi) return;
  const ar = limits.aspectRatio;
  // Widths allowed at height h (whole pixels, the ratio within half a pixel).
  const widthsAt = (h: number): Interval => ({
    lo: Math.max(wLo, Math.ceil(ar.lo * h - 0.5)),
    hi: Math.min(wHi, Math.floor(ar.hi * h + 0.5)),
  });
  const targetRatio = ideals.aspectRatio ?? reference.width / reference.height;
  const targetW = ideals.width ?? (ideals.height !== undefined ? ideals.height * targetRatio : reference.width);
  const targetH = ideals.height ?? (ideals.width !== undefined ? ideals.width / targetRatio : reference.height);

  const heightSeeds = [hLo, hHi, targetH, reference.height, targetW / targetRatio, mode.height, mode.width / targetRatio];
  if (Number.isFinite(ar.hi) && ar.hi > 0) heightSeeds.push((wLo - 0.5) / ar.hi);
  if (Number.isFinite(ar.lo) && ar.lo > 0) heightSeeds.push((wHi + 0.5) / ar.lo);
  const heights = new Set<number>();
  for (const seed of heightSeeds) {
    if (!Number.isFinite(seed)) continue;
    for (const h of [Math.floor(seed) - 1, Math.floor(seed), Math.ceil(seed), Math.ceil(seed) + 1]) heights.add(clamp(h, hLo, hHi));
  }
  let found = false;
  const tryHeight = (h: number): void => {
    const ws = widthsAt(h);
    if (ws.lo > ws.hi) return;
    found = true;
    const widthSeeds = [ws.lo, ws.hi, targetW, reference.width, h * targetRatio, mode.width];
    const widths = new Set<number>();
    for (const seed of widthSeeds) {
      if (!Number.isFinite(seed)) continue;
      widths.add(clamp(Math.floor(seed), ws.lo, ws.hi));
      widths.add(clamp(Math.ceil(seed), ws.lo, ws.hi));
    }
    for (const w of widths) consider({ width: w, height: h, frameRate, resizeMode: 'crop-and-scale' });
  };
  for (const h of heights) tryHeight(h);
  if (found) return;
  // The seeds missed every feasible height (an unusual ratio window): look for one, bounded.
  for (let h = hLo, n = 0; h <= hHi && n < MAX_SCAN; h++, n++) {
    tryHeight(h);
    if (found) return;
  }
}
