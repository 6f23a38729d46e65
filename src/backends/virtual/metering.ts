/**
 * What the camera's automatics measure (https://w3c.github.io/mediacapture-image/#enumdef-meteringmode,
 * https://w3c.github.io/mediacapture-image/#points-of-interest): the scene's brightness and light colour over
 * the metered area, and the distance of the subject to focus on. With pointsOfInterest the camera meters and
 * focuses in small windows around those points; without them it meters the whole frame, weighted towards the
 * centre, and focuses at the centre. Measurements probe the same scene the renderer paints.
 */
import type { Point2D } from '../../spec/types.js';
import { luma, type Rgb } from './color.js';
import { probe, type SceneObject } from './scene.js';
import { toWorld, type View } from './view.js';

export interface Lighting {
  /** Ambient light colour × level (relative to EV 7). */
  readonly ambient: Rgb;
  /** Torch (and flash) strength at 1 m. */
  readonly lamp: number;
  readonly lampColor: Rgb;
}

export interface Metering {
  /** Weighted mean linear luminance (albedo × light) of the metered area. */
  readonly luma: number;
  /** Weighted mean colour of the light falling on the metered area. */
  readonly light: Rgb;
  /** The distance autofocus settles on, metres. */
  readonly depth: number;
}

/** Light reaching an object at `depth` metres. */
function lightAt(l: Lighting, depth: number): Rgb {
  const lamp = l.lamp / (depth * depth);
  return [l.ambient[0] + lamp * l.lampColor[0], l.ambient[1] + lamp * l.lampColor[1], l.ambient[2] + lamp * l.lampColor[2]];
}

const GRID_X = 16;
const GRID_Y = 12;
/** Half-size of the window metered around a point of interest (normalised units). */
const POINT_WINDOW = 0.05;
/** Half-size of the focus window around a point of interest, and at the centre. */
const FOCUS_WINDOW_POINT = 0.02;
const FOCUS_WINDOW_CENTRE = 0.06;

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

export function meter(
  objects: readonly SceneObject[],
  view: View,
  timeMs: number,
  points: readonly Point2D[],
  lighting: Lighting,
): Metering {
  let sum = 0;
  let lumaSum = 0;
  const light = [0, 0, 0];
  const sample = (nx: number, ny: number, weight: number): void => {
    const w = toWorld(view, clamp01(nx), clamp01(ny));
    const o = probe(objects, w.x, w.y, timeMs);
    const l = lightAt(lighting, o.depth);
    lumaSum += weight * luma(o.mean[0] * l[0], o.mean[1] * l[1], o.mean[2] * l[2]);
    light[0] += weight * l[0];
    light[1] += weight * l[1];
    light[2] += weight * l[2];
    sum += weight;
  };
  if (points.length === 0) {
    for (let j = 0; j < GRID_Y; j++) {
      for (let i = 0; i < GRID_X; i++) {
        const nx = (i + 0.5) / GRID_X;
        const ny = (j + 0.5) / GRID_Y;
        const r2 = (nx - 0.5) ** 2 + (ny - 0.5) ** 2;
        sample(nx, ny, Math.exp(-r2 / (2 * 0.25 * 0.25)));
      }
    }
  } else {
    for (const p of points) {
      for (let j = -2; j <= 2; j++) for (let i = -2; i <= 2; i++) sample(p.x + (i * POINT_WINDOW) / 2, p.y + (j * POINT_WINDOW) / 2, 1);
    }
  }
  const depth = focusDepth(objects, view, timeMs, points);
  return { luma: lumaSum / sum, light: [light[0] / sum, light[1] / sum, light[2] / sum], depth };
}

/**
 * The depth most of the focus window sees (the nearer one on a tie), as a contrast-detect
 * autofocus would settle on the dominant subject.
 */
function focusDepth(objects: readonly SceneObject[], view: View, timeMs: number, points: readonly Point2D[]): number {
  const votes = new Map<number, number>();
  const vote = (nx: number, ny: number): void => {
    const w = toWorld(view, clamp01(nx), clamp01(ny));
    const d = probe(objects, w.x, w.y, timeMs).depth;
    votes.set(d, (votes.get(d) ?? 0) + 1);
  };
  const centres = points.length === 0 ? [{ x: 0.5, y: 0.5 }] : points;
  const half = points.length === 0 ? FOCUS_WINDOW_CENTRE : FOCUS_WINDOW_POINT;
  for (const c of centres) for (let j = -2; j <= 2; j++) for (let i = -2; i <= 2; i++) vote(c.x + (i * half) / 2, c.y + (j * half) / 2);
  let best = Infinity;
  let bestVotes = -1;
  for (const [d, n] of votes) {
    if (n > bestVotes || (n === bestVotes && d < best)) {
      best = d;
      bestVotes = n;
    }
  }
  return best;
}
