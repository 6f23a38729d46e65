/**
 * Exposure arithmetic. The exposure factor E is the linear sensor value per unit albedo under
 * the ambient light of EV 7: E = 1 renders middle grey (albedo 0.18) as middle grey. It grows
 * with exposure time and ISO and falls with the square of the f-number:
 *
 *   E = t · (ISO / 100) · 2^7 / N²      (t in seconds)
 *
 * Auto exposure chooses E, then an exposure program splits it into time and ISO: lowest ISO
 * first, longer times up to the limit (one frame interval for video), then more ISO.
 */
import type { MediaSettingsRange } from '../../spec/types.js';
import { snapToRange } from '../../constraints/snap.js';

/** Exposure-time units: the spec's 100 µs (https://w3c.github.io/mediacapture-image/#exposure-time). */
export const TIME_UNITS_PER_SECOND = 10000;

export function exposureFactor(timeUnits: number, iso: number, fNumber: number): number {
  return (timeUnits / TIME_UNITS_PER_SECOND) * (iso / 100) * (128 / (fNumber * fNumber));
}

export interface ExposureLimits {
  /** Exposure time range and step, in 100 µs units. */
  readonly time: Readonly<MediaSettingsRange>;
  /** ISO range and step. */
  readonly iso: Readonly<MediaSettingsRange>;
  /** Longest time the program may use, 100 µs units (e.g. one frame interval). */
  readonly longest: number;
}

export interface ExposureChoice {
  /** 100 µs units, on the time range's step. */
  readonly time: number;
  /** On the ISO range's step. */
  readonly iso: number;
  /** The factor these values give. */
  readonly factor: number;
}

/** Splits a wanted exposure factor into time and ISO within the limits (may fall short or over). */
export function program(factor: number, fNumber: number, limits: ExposureLimits): ExposureChoice {
  const isoMin = limits.iso.min ?? 100;
  const isoMax = limits.iso.max ?? isoMin;
  const tMin = limits.time.min ?? 1;
  const tMax = Math.max(tMin, Math.min(limits.time.max ?? limits.longest, limits.longest));
  // factor = (t/10000)·(iso/100)·128/N²  →  t·iso = factor·N²·10000·100/128
  const product = (factor * fNumber * fNumber * TIME_UNITS_PER_SECOND * 100) / 128;
  let time = product / isoMin;
  let iso = isoMin;
  if (time > tMax) {
    time = tMax;
    iso = Math.min(isoMax, product / time);
  }
  time = snapToRange(Math.max(tMin, time), limits.time);
  iso = snapToRange(iso, limits.iso);
  return { time, iso, factor: exposureFactor(time, iso, fNumber) };
}
