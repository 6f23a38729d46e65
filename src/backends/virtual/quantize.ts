/**
 * Snapping values to a MediaSettingsRange
 * (https://w3c.github.io/mediacapture-image/#dom-mediasettingsrange-step; the snapping is a choice,
 * docs/behaviour.md): the virtual device clamps a requested value to [min, max] and moves it to the nearest
 * min + k·step, and reports that value.
 */
import type { MediaSettingsRange } from '../../spec/types.js';

/**
 * `value` clamped to the range and snapped to its step. Steps that are 1/n (0.1, 1/3, 0.01) are
 * computed as fractions, so 1/3 reads back as 1/3 and 0.1·14 as 1.4, not 1.4000000000000001.
 */
export function quantize(value: number, range: Readonly<MediaSettingsRange>): number {
  const min = range.min ?? -Infinity;
  const max = range.max ?? Infinity;
  let v = Math.min(max, Math.max(min, value));
  const step = range.step;
  if (!step || !(step > 0) || !Number.isFinite(min)) return v;
  let k = Math.round((v - min) / step);
  const n = Math.round(1 / step);
  const fractional = Math.abs(1 / step - n) < 1e-9 && n > 1 && Math.abs(min * n - Math.round(min * n)) < 1e-6;
  const at = (i: number): number => (fractional ? (Math.round(min * n) + i) / n : min + i * step);
  v = at(k);
  while (v > max + 1e-9 && k > 0) v = at(--k);
  return v;
}
