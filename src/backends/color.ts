/**
 * The one colour model of the camera backends: the colour of light of a correlated colour
 * temperature, the white-balance gains that neutralise it, and the sRGB transfer function.
 * The virtual camera lights its scene and balances it with these; the ffmpeg backend's
 * software white balance applies the same gains. Colours are linear sRGB triples relative to a
 * 6500 K light, which is neutral (1, 1, 1).
 * https://w3c.github.io/mediacapture-image/#dom-mediatracksettings-colortemperature
 */

export type Rgb = readonly [number, number, number];

/** The colour temperature that is neutral. */
export const REFERENCE_KELVIN = 6500;

/** Chromaticity (CIE 1931 x, y) of a black body, from the cubic fits of Kim et al. (1667–25000 K). */
function planckianXY(kelvin: number): [number, number] {
  const t = Math.min(25000, Math.max(1667, kelvin));
  const x =
    t <= 4000
      ? -0.2661239e9 / t ** 3 - 0.2343589e6 / t ** 2 + 0.8776956e3 / t + 0.17991
      : -3.0258469e9 / t ** 3 + 2.1070379e6 / t ** 2 + 0.2226347e3 / t + 0.24039;
  const y =
    t <= 2222
      ? -1.1063814 * x ** 3 - 1.3481102 * x ** 2 + 2.18555832 * x - 0.20219683
      : t <= 4000
        ? -0.9549476 * x ** 3 - 1.37418593 * x ** 2 + 2.09137015 * x - 0.16748867
        : 3.081758 * x ** 3 - 5.8733867 * x ** 2 + 3.75112997 * x - 0.37001483;
  return [x, y];
}

/** Linear-light sRGB colour of a black body at `kelvin`, luminance 1. */
export function blackbodyRGB(kelvin: number): Rgb {
  const [x, y] = planckianXY(kelvin);
  const X = x / y;
  const Z = (1 - x - y) / y;
  const r = 3.2406 * X - 1.5372 - 0.4986 * Z;
  const g = -0.9689 * X + 1.8758 + 0.0415 * Z;
  const b = 0.0557 * X - 0.204 + 1.057 * Z;
  return [Math.max(1e-4, r), Math.max(1e-4, g), Math.max(1e-4, b)];
}

const reference = blackbodyRGB(REFERENCE_KELVIN);

/**
 * The colour of a black-body light at `kelvin`, relative to a 6500 K light, green = 1.
 * Lower temperatures are redder (r > 1, b < 1); higher ones bluer.
 */
export function lightColor(kelvin: number): Rgb {
  const c = blackbodyRGB(kelvin);
  const r = c[0] / reference[0];
  const g = c[1] / reference[1];
  const b = c[2] / reference[2];
  return [r / g, 1, b / g];
}

/** Gains that make a light of `kelvin` neutral: what white balance set to `kelvin` applies. */
export function whiteBalanceGains(kelvin: number): Rgb {
  const c = lightColor(kelvin);
  return [1 / c[0], 1, 1 / c[2]];
}

/**
 * The colour temperature whose light has the given blue/red ratio (what auto white balance
 * concludes from a measured light colour). Mired bisection; the ratio grows with temperature.
 */
export function kelvinForBlueRed(ratio: number): number {
  let lo = 1e6 / 20000; // mired of a very blue light
  let hi = 1e6 / 1500; // mired of a very red light
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    const c = lightColor(1e6 / mid);
    if (c[2] / c[0] > ratio) lo = mid;
    else hi = mid;
  }
  return 1e6 / ((lo + hi) / 2);
}

/** sRGB encoding of a linear value in [0, 1]. */
export function srgbEncode(x: number): number {
  if (x <= 0.0031308) return 12.92 * x;
  return 1.055 * x ** (1 / 2.4) - 0.055;
}

/** sRGB decoding of an encoded value in [0, 1] to linear light. */
export function srgbDecode(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}
