/**
 * The virtual microphone's signal: a sine tone per channel plus a little noise, a pure function
 * of the sample index (same settings + same sample → same value; no Math.random). The audio
 * processing switches change it the way they would change a real microphone's signal:
 * noiseSuppression lowers the noise tenfold, autoGainControl raises the level to about -6 dBFS.
 * echoCancellation has nothing to cancel.
 */

export interface ToneShape {
  /** Hz, one per channel; channels past the list reuse its last entry. */
  readonly frequencies: readonly number[];
  readonly seed: number;
  readonly noiseSuppression: boolean;
  readonly autoGainControl: boolean;
}

/** Peak amplitude of the tone without and with automatic gain control. */
const TONE_LEVEL = 0.25;
const TONE_LEVEL_AGC = 0.5;
/** Peak amplitude of the noise without and with noise suppression. */
const NOISE_LEVEL = 0.02;
const NOISE_LEVEL_SUPPRESSED = 0.002;

/** A well-mixed 32-bit hash of a sample position, mapped to [-1, 1). */
function noise(n: number, channel: number, seed: number): number {
  let h = Math.imul((n >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(channel + 1, 0xc2b2ae35) ^ seed;
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return (h >>> 0) / 2147483648 - 1;
}

/**
 * Writes `frames` samples per channel, starting at absolute sample `start`, into `out` as planar
 * float (channel 0's samples, then channel 1's…).
 */
export function renderTone(out: Float32Array, start: number, frames: number, channels: number, sampleRate: number, shape: ToneShape): void {
  const level = shape.autoGainControl ? TONE_LEVEL_AGC : TONE_LEVEL;
  const noiseLevel = shape.noiseSuppression ? NOISE_LEVEL_SUPPRESSED : NOISE_LEVEL;
  for (let c = 0; c < channels; c++) {
    const f = shape.frequencies[Math.min(c, shape.frequencies.length - 1)] ?? 440;
    const whole = Number.isInteger(f);
    const base = c * frames;
    for (let i = 0; i < frames; i++) {
      const n = start + i;
      // With a whole-number frequency the phase is reduced exactly, so it stays precise for days.
      const cycles = whole ? ((f * n) % sampleRate) / sampleRate : (f * n) / sampleRate;
      out[base + i] = level * Math.sin(2 * Math.PI * cycles) + noiseLevel * noise(n, c, shape.seed);
    }
  }
}
