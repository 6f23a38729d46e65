/**
 * Snapping a value to a MediaSettingsRange, the one way every part of the package does it: the
 * value is clamped to [min, max], then moved to the nearest min + k·step (never past max). A
 * camera reports the value it snapped to
 * (https://w3c.github.io/mediacapture-image/#dictdef-mediasettingsrange).
 */
import type { MediaSettingsRange } from '../spec/dictionaries.js';

export interface SnapOptions {
  /** Round the result to a whole number (pixels), still within the range. */
  readonly whole?: boolean;
}

/**
 * `value` on the range's grid. Steps that are 1/n (0.1, 1/3, 0.01) are computed as fractions, so
 * 1/3 reads back as 1/3 and 0.1·14 as 1.4, not 1.4000000000000001. Without a range, or without a
 * step or a finite min, the value is only clamped (and rounded when `whole`).
 */
export function snapToRange(value: number, range: Readonly<MediaSettingsRange> | undefined, options: SnapOptions = {}): number {
  const min = range?.min ?? -Infinity;
  const max = range?.max ?? Infinity;
  let v = Math.min(max, Math.max(min, value));
  const step = range?.step;
  if (step && step > 0 && Number.isFinite(min)) {
    let k = Math.round((v - min) / step);
    const n = Math.round(1 / step);
    const fractional = Math.abs(1 / step - n) < 1e-9 && n > 1 && Math.abs(min * n - Math.round(min * n)) < 1e-6;
    const at = (i: number): number => (fractional ? (Math.round(min * n) + i) / n : min + i * step);
    v = at(k);
    while (v > max + 1e-9 && k > 0) v = at(--k);
  }
  return options.whole ? Math.round(Math.min(max, Math.max(min, v))) : v;
}
