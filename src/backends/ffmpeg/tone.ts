/**
 * Software image controls applied to delivered RGBA frames: white balance, saturation,
 * contrast and brightness as lookup tables (one pass over the pixels), sharpness as an unsharp
 * mask. The tables are rebuilt only when a setting changes.
 *
 * Scales (the spec leaves them to the implementation, https://w3c.github.io/mediacapture-image/#constrainable-properties):
 * - brightness −128…128: an offset in 8-bit levels (0 = unchanged);
 * - contrast 0…200: percent gain about mid-grey (100 = unchanged, 0 = flat grey);
 * - saturation 0…200: percent chroma gain (100 = unchanged, 0 = greyscale);
 * - sharpness 0…10: unsharp-mask strength (0 = none, as the spec requires of the minimum);
 * - colorTemperature 2500…10000 K with whiteBalanceMode "manual": the light the camera is told
 *   the scene has. It divides out that light's colour relative to 6500 K, as a real camera
 *   does: telling it 3000 K (tungsten) makes a daylight scene bluer, 9000 K makes it warmer.
 *   "continuous" leaves the source's own balance alone.
 */
import { REFERENCE_KELVIN, srgbDecode, srgbEncode, whiteBalanceGains } from '../color.js';

export { whiteBalanceGains };

export interface ToneSettings {
  readonly brightness: number;
  readonly contrast: number;
  readonly saturation: number;
  readonly sharpness: number;
  readonly whiteBalanceMode: 'manual' | 'continuous';
  readonly colorTemperature: number;
}

/** The colour temperature that needs no correction. */
export const REFERENCE_TEMPERATURE = REFERENCE_KELVIN;

/** True when the settings leave pixels unchanged (the frame can be passed through). */
export function isNeutral(s: ToneSettings): boolean {
  return (
    s.brightness === 0 &&
    s.contrast === 100 &&
    s.saturation === 100 &&
    s.sharpness === 0 &&
    (s.whiteBalanceMode !== 'manual' || s.colorTemperature === REFERENCE_TEMPERATURE)
  );
}

const TO_LINEAR = new Float64Array(256);
for (let i = 0; i < 256; i++) TO_LINEAR[i] = srgbDecode(i / 255);

function toEncoded(linear: number): number {
  return Math.max(0, Math.min(255, Math.round(srgbEncode(linear) * 255)));
}

const clamp8 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

export class ToneMapper {
  #key = '';
  readonly #wb = [new Uint8Array(256), new Uint8Array(256), new Uint8Array(256)] as const;
  readonly #cb = new Uint8Array(256);
  readonly #combined = [new Uint8Array(256), new Uint8Array(256), new Uint8Array(256)] as const;
  #scratch = new Uint8Array(0);

  #prepare(s: ToneSettings): void {
    const key = `${s.brightness}|${s.contrast}|${s.whiteBalanceMode}|${s.colorTemperature}`;
    if (key === this.#key) return;
    const gains = s.whiteBalanceMode === 'manual' ? whiteBalanceGains(s.colorTemperature) : [1, 1, 1];
    const gain = s.contrast / 100;
    for (let v = 0; v < 256; v++) this.#cb[v] = clamp8(Math.round((v - 128) * gain + 128 + s.brightness));
    for (let c = 0; c < 3; c++) {
      const wb = this.#wb[c];
      const combined = this.#combined[c];
      for (let v = 0; v < 256; v++) {
        wb[v] = gains[c] === 1 ? v : toEncoded(TO_LINEAR[v]! * gains[c]!);
        combined[v] = this.#cb[wb[v]!]!;
      }
    }
    this.#key = key;
  }

  /** Applies the settings to `data` (width×height RGBA) in place. */
  apply(data: Uint8Array, width: number, height: number, s: ToneSettings): void {
    if (isNeutral(s)) return;
    const pixels = width * height * 4;
    const lutChanged = s.brightness !== 0 ||
      s.contrast !== 100 ||
      (s.whiteBalanceMode === 'manual' && s.colorTemperature !== REFERENCE_TEMPERATURE);
    if (lutChanged || s.saturation !== 100) {
      this.#prepare(s);
      if (s.saturation === 100) {
        const [lr, lg, lb] = this.#combined;
        for (let p = 0; p < pixels; p += 4) {
          data[p] = lr[data[p]!]!;
          data[p + 1] = lg[data[p + 1]!]!;
          data[p + 2] = lb[data[p + 2]!]!;
        }
      } else {
        const [wr, wg, wb] = this.#wb;
        const cb = this.#cb;
        const k = Math.round((s.saturation / 100) * 256);
        for (let p = 0; p < pixels; p += 4) {
          const r = wr[data[p]!]!;
          const g = wg[data[p + 1]!]!;
          const b = wb[data[p + 2]!]!;
          // Rec. 601 luma in 8.8 fixed point.
          const y = (77 * r + 150 * g + 29 * b + 128) >> 8;
          data[p] = cb[clamp8(y + (((r - y) * k) >> 8))]!;
          data[p + 1] = cb[clamp8(y + (((g - y) * k) >> 8))]!;
          data[p + 2] = cb[clamp8(y + (((b - y) * k) >> 8))]!;
        }
      }
    }
    if (s.sharpness > 0) this.#sharpen(data, width, height, s.sharpness);
  }

  /** Unsharp mask against the 4-neighbour mean: v + a·(v − mean), a = sharpness / 5. */
  #sharpen(data: Uint8Array, width: number, height: number, sharpness: number): void {
    if (width < 3 || height < 3) return;
    const bytes = width * height * 4;
    if (this.#scratch.length < bytes) this.#scratch = new Uint8Array(bytes);
    const src = this.#scratch;
    src.set(data.subarray(0, bytes));
    // Writing through a clamped view saturates at 0 and 255 without branches.
    const out = new Uint8ClampedArray(data.buffer, data.byteOffset, bytes);
    const k = (sharpness / 5) * 0.25;
    const stride = width * 4;
    for (let y = 1; y < height - 1; y++) {
      const end = (y + 1) * stride - 4;
      for (let p = y * stride + 4; p < end; p += 4) {
        const r = src[p]!;
        const g = src[p + 1]!;
        const b = src[p + 2]!;
        out[p] = r + (4 * r - src[p - 4]! - src[p + 4]! - src[p - stride]! - src[p + stride]!) * k;
        out[p + 1] = g + (4 * g - src[p - 3]! - src[p + 5]! - src[p + 1 - stride]! - src[p + 1 + stride]!) * k;
        out[p + 2] = b + (4 * b - src[p - 2]! - src[p + 6]! - src[p + 2 - stride]! - src[p + 2 + stride]!) * k;
      }
    }
  }
}
