/**
 * What the camera's automatics measure (https://w3c.github.io/mediacapture-image/#enumdef-meteringmode,
 * https://w3c.github.io/mediacapture-image/#points-of-interest): the scene's brightness and light colour over
 * the metered area, and the distance of the subject to focus on. With pointsOfInterest the camera meters and
 * focuses in small windows around those points; without them it meters the whole frame, weighted towards the
 * centre, and focuses at the centre. Measurements probe the same scene the renderer paints.
 */
import type { Point2D } from '../../spec/types.js';
import { luma, type Rgb } from './color.js';
import { covers, probe, type SceneObject } from './scene.js';
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
  const plan = samplePlan(objects, view, points);
  let sum = 0;
  let lumaSum = 0;
  const light = [0, 0, 0];
  const samples = plan.light;
  const { ambient, lampColor } = lighting;
  for (let i = 0; i < samples.length; i++) {
    const p = samples[i]!;
    const o = plan.at(p, timeMs);
    const weight = p.weight;
    // The light reaching the object at its depth (ambient plus the lamp's inverse square).
    const lamp = lighting.lamp / (o.depth * o.depth);
    const l0 = ambient[0] + lamp * lampColor[0];
    const l1 = ambient[1] + lamp * lampColor[1];
    const l2 = ambient[2] + lamp * lampColor[2];
    lumaSum += weight * luma(o.mean[0] * l0, o.mean[1] * l1, o.mean[2] * l2);
    light[0] += weight * l0;
    light[1] += weight * l1;
    light[2] += weight * l2;
    sum += weight;
  }
  const depth = focusDepth(plan, timeMs);
  return { luma: lumaSum / sum, light: [light[0] / sum, light[1] / sum, light[2] / sum], depth };
}

/**
 * The depth most of the focus window sees (the nearer one on a tie), as a contrast-detect
 * autofocus would settle on the dominant subject.
 */
function focusDepth(plan: SamplePlan, timeMs: number): number {
  const votes = new Map<number, number>();
  for (const p of plan.focus) {
    const d = plan.at(p, timeMs).depth;
    votes.set(d, (votes.get(d) ?? 0) + 1);
  }
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

/**
 * One metering or focus sample: its world direction and weight, and what `probe` finds there
 * apart from the moving object: the front-most object in front of it (if any covers the point)
 * and the front-most one behind it.
 */
interface Sample {
  readonly x: number;
  readonly y: number;
  readonly weight: number;
  readonly front: SceneObject | undefined;
  readonly back: SceneObject;
}

/** Where the automatics sample, for a view, the points of interest and the objects. */
class SamplePlan {
  readonly objects: readonly SceneObject[];
  readonly view: View;
  readonly points: readonly Point2D[];
  readonly light: Sample[] = [];
  readonly focus: Sample[] = [];
  /** The one object whose place changes with time (the ball), and its index; -1 when none or several. */
  readonly #moving: number;

  constructor(objects: readonly SceneObject[], view: View, points: readonly Point2D[]) {
    this.objects = [...objects];
    this.view = { cx: view.cx, cy: view.cy, degPerPx: view.degPerPx, width: view.width, height: view.height };
    this.points = points.map((p) => ({ x: p.x, y: p.y }));
    const moving = objects.flatMap((o, i) => (o.shape.kind === 'ball' ? [i] : []));
    this.#moving = moving.length === 1 && moving[0]! > 0 ? moving[0]! : -1;
    const add = (list: Sample[], nx: number, ny: number, weight: number): void => {
      const w = toWorld(view, clamp01(nx), clamp01(ny));
      list.push({ x: w.x, y: w.y, weight, ...this.#still(w.x, w.y) });
    };
    if (points.length === 0) {
      for (let j = 0; j < GRID_Y; j++) {
        for (let i = 0; i < GRID_X; i++) {
          const nx = (i + 0.5) / GRID_X;
          const ny = (j + 0.5) / GRID_Y;
          const r2 = (nx - 0.5) ** 2 + (ny - 0.5) ** 2;
          add(this.light, nx, ny, Math.exp(-r2 / (2 * 0.25 * 0.25)));
        }
      }
    } else {
      for (const p of points) {
        for (let j = -2; j <= 2; j++) {
          for (let i = -2; i <= 2; i++) add(this.light, p.x + (i * POINT_WINDOW) / 2, p.y + (j * POINT_WINDOW) / 2, 1);
        }
      }
    }
    const centres = points.length === 0 ? [{ x: 0.5, y: 0.5 }] : points;
    const half = points.length === 0 ? FOCUS_WINDOW_CENTRE : FOCUS_WINDOW_POINT;
    for (const c of centres) {
      for (let j = -2; j <= 2; j++) for (let i = -2; i <= 2; i++) add(this.focus, c.x + (i * half) / 2, c.y + (j * half) / 2, 1);
    }
  }

  /** What does not move at (x, y): the objects in front of the moving one and behind it. */
  #still(x: number, y: number): { front: SceneObject | undefined; back: SceneObject } {
    const objects = this.objects;
    const m = this.#moving;
    if (m < 0) return { front: undefined, back: objects[0]! };
    let front: SceneObject | undefined;
    for (let i = objects.length - 1; i > m && !front; i--) if (covers(objects[i]!, x, y, 0)) front = objects[i];
    let back = objects[0]!;
    for (let i = m - 1; i > 0; i--) {
      if (covers(objects[i]!, x, y, 0)) {
        back = objects[i]!;
        break;
      }
    }
    return { front, back };
  }

  /** The front-most object at the sample at time t: the same answer as `probe`. */
  at(p: Sample, timeMs: number): SceneObject {
    const m = this.#moving;
    if (m < 0) return probe(this.objects, p.x, p.y, timeMs);
    if (p.front) return p.front;
    const ball = this.objects[m]!;
    return covers(ball, p.x, p.y, timeMs) ? ball : p.back;
  }

  /** Whether this plan was made for the same objects (in order), view and points. */
  fits(objects: readonly SceneObject[], view: View, points: readonly Point2D[]): boolean {
    const v = this.view;
    if (v.cx !== view.cx || v.cy !== view.cy || v.degPerPx !== view.degPerPx || v.width !== view.width || v.height !== view.height) {
      return false;
    }
    if (objects.length !== this.objects.length || points.length !== this.points.length) return false;
    for (let i = 0; i < objects.length; i++) if (objects[i] !== this.objects[i]) return false;
    for (let i = 0; i < points.length; i++) if (points[i]!.x !== this.points[i]!.x || points[i]!.y !== this.points[i]!.y) return false;
    return true;
  }
}

/**
 * The last plan made for each list of objects: the automatics meter every 10 ms of camera time,
 * nearly always with the same view and points, and only the moving object needs looking at again.
 */
const plans = new WeakMap<readonly SceneObject[], SamplePlan>();

function samplePlan(objects: readonly SceneObject[], view: View, points: readonly Point2D[]): SamplePlan {
  let plan = plans.get(objects);
  if (!plan || !plan.fits(objects, view, points)) {
    plan = new SamplePlan(objects, view, points);
    plans.set(objects, plan);
  }
  return plan;
}
