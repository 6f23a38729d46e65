/**
 * The virtual camera's world: a room seen from where the camera stands. Positions are angles in
 * degrees from the straight-ahead direction (x to the right, y downwards), sizes are angles,
 * depths are metres. The renderer paints the objects back to front; metering, white balance and
 * autofocus probe the same list, so what the camera measures is what it shows.
 *
 * From far to near: a tiled wall (8 m) with a dark doorway, a colour chart (3 m), a ball that
 * moves left and right (3 m), a striped pillar (2 m), a person (face with two eyes, 1.2 m) and a
 * black-and-white checker card held close to the lens (0.5 m).
 */
import type { Rgb } from './color.js';

export type Fill =
  /** One colour (index 128 of the palette). */
  | { readonly kind: 'flat' }
  /** The wall texture (textures.ts), values 0–255 along the dark→light palette. */
  | { readonly kind: 'wall' }
  /** Horizontal stripes alternating dark and light, each `cell` degrees high. */
  | { readonly kind: 'stripes'; readonly cell: number }
  /** A checkerboard of `cell`-degree squares, starting light at the top-left corner. */
  | { readonly kind: 'checker'; readonly cell: number };

export type Shape =
  | { readonly kind: 'plane' }
  | { readonly kind: 'rect'; readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number }
  | { readonly kind: 'ellipse'; readonly cx: number; readonly cy: number; readonly rx: number; readonly ry: number }
  /** A disc moving horizontally along `path` (time in ms → centre x in degrees). */
  | { readonly kind: 'ball'; readonly cy: number; readonly r: number; readonly path: (timeMs: number) => number };

export type Role = 'wall' | 'near' | 'mid' | 'face' | 'pupil' | 'chart' | 'grey' | 'moving' | 'dark' | 'other';

export interface SceneObject {
  readonly name: string;
  readonly role: Role;
  /** Metres from the camera. */
  readonly depth: number;
  readonly shape: Shape;
  readonly fill: Fill;
  /** Linear albedo at palette index 0 and 255. */
  readonly dark: Rgb;
  readonly light: Rgb;
  /** Average linear albedo (what metering sees). */
  readonly mean: Rgb;
}

const scale = (c: Rgb, k: number): Rgb => [c[0] * k, c[1] * k, c[2] * k];

function flat(name: string, role: Role, depth: number, shape: Shape, color: Rgb): SceneObject {
  return { name, role, depth, shape, fill: { kind: 'flat' }, dark: scale(color, 0.6), light: scale(color, 1.4), mean: color };
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Period of the moving ball's sweep, and its extent. */
const BALL_PERIOD_MS = 4000;
const BALL_X0 = 17;
const BALL_X1 = 31;

/** A triangle wave from BALL_X0 to BALL_X1 and back: constant speed except at the turns. */
export function ballX(timeMs: number): number {
  const p = timeMs / BALL_PERIOD_MS;
  const f = p - Math.floor(p);
  return BALL_X0 + (BALL_X1 - BALL_X0) * (1 - Math.abs(2 * f - 1));
}

/** Leftmost and rightmost centre positions of the ball between two times (t0 ≤ t1). */
export function ballSweep(t0: number, t1: number): { min: number; max: number } {
  let min = Math.min(ballX(t0), ballX(t1));
  let max = Math.max(ballX(t0), ballX(t1));
  const half = BALL_PERIOD_MS / 2;
  // Turning points sit at multiples of half a period: even ones at BALL_X0, odd ones at BALL_X1.
  const first = Math.ceil(t0 / half);
  if (first * half <= t1) {
    if (first % 2 === 0 || first * half + half <= t1) min = Math.min(min, BALL_X0);
    if (first % 2 !== 0 || first * half + half <= t1) max = Math.max(max, BALL_X1);
  }
  return { min, max };
}

const WALL_DARK: Rgb = [0, 0, 0];
const WALL_LIGHT: Rgb = [0.62, 0.58, 0.52];
/** The wall's texture averages about index 163. */
const WALL_MEAN = scale(WALL_LIGHT, 163 / 255);

/** The 24 patches of the colour chart, row by row (linear albedo); the last row is neutral. */
export const CHART_COLORS: readonly Rgb[] = [
  [0.17, 0.1, 0.07], [0.55, 0.36, 0.28], [0.16, 0.23, 0.38], [0.1, 0.15, 0.06], [0.27, 0.25, 0.47], [0.18, 0.52, 0.43],
  [0.65, 0.24, 0.04], [0.1, 0.12, 0.42], [0.52, 0.11, 0.13], [0.1, 0.05, 0.15], [0.38, 0.5, 0.07], [0.73, 0.38, 0.04],
  [0.04, 0.05, 0.3], [0.08, 0.3, 0.08], [0.42, 0.04, 0.04], [0.82, 0.62, 0.02], [0.52, 0.1, 0.32], [0.02, 0.24, 0.4],
  [0.88, 0.88, 0.86], [0.58, 0.58, 0.58], [0.36, 0.36, 0.36], [0.19, 0.19, 0.19], [0.09, 0.09, 0.09], [0.03, 0.03, 0.03],
];
export const CHART_COLUMNS = 6;
export const CHART_ROWS = 4;
/** Chart geometry in degrees: top-left corner of the backing board, patch size and gap. */
export const CHART = { x0: -25.6, y0: -14.6, patch: 1.8, gap: 0.25, depth: 3 } as const;

/** The centre of chart patch (column, row), in degrees. */
export function chartPatchCenter(column: number, row: number): { x: number; y: number } {
  const step = CHART.patch + CHART.gap;
  return { x: CHART.x0 + CHART.gap + column * step + CHART.patch / 2, y: CHART.y0 + CHART.gap + row * step + CHART.patch / 2 };
}

/** Layout of the objects that tests and metering refer to by name. */
export const LAYOUT = {
  face: { cx: 0, cy: -1, rx: 3.6, ry: 4.8, depth: 1.2 },
  eyes: { dx: 1.35, cy: -1.9, scleraRx: 0.75, scleraRy: 0.36, iris: 0.3, pupil: 0.16, depth: 1.19 },
  near: { x0: -31, y0: 6, x1: -19, y1: 15, cell: 1.5, depth: 0.5 },
  pillar: { x0: 10, y0: -8, x1: 16, y1: 14, cell: 0.7, depth: 2 },
  doorway: { x0: 22, y0: -18, x1: 32, y1: 11, depth: 9 },
  ball: { cy: 15.5, r: 2.2, depth: 3 },
  wall: { depth: 8 },
} as const;

function buildScene(): SceneObject[] {
  const L = LAYOUT;
  const objects: SceneObject[] = [
    {
      name: 'wall',
      role: 'wall',
      depth: L.wall.depth,
      shape: { kind: 'plane' },
      fill: { kind: 'wall' },
      dark: WALL_DARK,
      light: WALL_LIGHT,
      mean: WALL_MEAN,
    },
    flat('doorway', 'dark', L.doorway.depth, { kind: 'rect', ...L.doorway }, [0.02, 0.02, 0.025]),
  ];
  const chartW = CHART_COLUMNS * (CHART.patch + CHART.gap) + CHART.gap;
  const chartH = CHART_ROWS * (CHART.patch + CHART.gap) + CHART.gap;
  objects.push(
    flat(
      'chart',
      'chart',
      CHART.depth,
      { kind: 'rect', x0: CHART.x0, y0: CHART.y0, x1: CHART.x0 + chartW, y1: CHART.y0 + chartH },
      [0.04, 0.04, 0.04],
    ),
  );
  CHART_COLORS.forEach((color, i) => {
    const column = i % CHART_COLUMNS;
    const row = Math.floor(i / CHART_COLUMNS);
    const c = chartPatchCenter(column, row);
    const h = CHART.patch / 2;
    objects.push(
      flat(
        `chart-${i}`,
        row === CHART_ROWS - 1 ? 'grey' : 'chart',
        CHART.depth,
        { kind: 'rect', x0: c.x - h, y0: c.y - h, x1: c.x + h, y1: c.y + h },
        color,
      ),
    );
  });
  objects.push(flat('ball', 'moving', L.ball.depth, { kind: 'ball', cy: L.ball.cy, r: L.ball.r, path: ballX }, [0.6, 0.15, 0.05]));
  const pillarLight: Rgb = [0.7, 0.68, 0.6];
  const pillarDark: Rgb = [0.1, 0.18, 0.34];
  objects.push({
    name: 'pillar', role: 'mid', depth: L.pillar.depth, shape: {
      kind: 'rect',
      x0: L.pillar.x0,
      y0: L.pillar.y0,
      x1: L.pillar.x1,
      y1: L.pillar.y1,
    },
    fill: { kind: 'stripes', cell: L.pillar.cell }, dark: pillarDark, light: pillarLight, mean: mix(pillarDark, pillarLight, 0.5),
  });
  const f = L.face;
  const e = L.eyes;
  const skin: Rgb = [0.5, 0.32, 0.24];
  objects.push(
    flat('body', 'other', 1.3, { kind: 'rect', x0: -7, y0: f.cy + f.ry - 0.2, x1: 7, y1: 60 }, [0.08, 0.14, 0.3]),
    flat('neck', 'face', 1.25, { kind: 'rect', x0: -1.3, y0: f.cy + f.ry - 2.3, x1: 1.3, y1: f.cy + f.ry + 0.8 }, [0.45, 0.28, 0.21]),
    flat('hair', 'other', 1.22, { kind: 'ellipse', cx: f.cx, cy: f.cy - 1.2, rx: f.rx + 0.4, ry: f.ry - 0.2 }, [0.05, 0.03, 0.02]),
    flat('face', 'face', f.depth, { kind: 'ellipse', cx: f.cx, cy: f.cy, rx: f.rx, ry: f.ry }, skin),
    flat('mouth', 'face', f.depth, { kind: 'ellipse', cx: f.cx, cy: f.cy + 2.9, rx: 1.2, ry: 0.3 }, [0.35, 0.08, 0.08]),
  );
  for (const side of [-1, 1]) {
    const cx = f.cx + side * e.dx;
    const which = side < 0 ? 'left' : 'right';
    objects.push(
      flat(`sclera-${which}`, 'face', e.depth, { kind: 'ellipse', cx, cy: e.cy, rx: e.scleraRx, ry: e.scleraRy }, [0.75, 0.73, 0.7]),
      flat(`iris-${which}`, 'face', e.depth, { kind: 'ellipse', cx, cy: e.cy, rx: e.iris, ry: e.iris }, [0.18, 0.1, 0.05]),
      flat(`pupil-${which}`, 'pupil', e.depth, { kind: 'ellipse', cx, cy: e.cy, rx: e.pupil, ry: e.pupil }, [0.02, 0.02, 0.02]),
    );
  }
  const n = L.near;
  objects.push({
    name: 'card', role: 'near', depth: n.depth, shape: { kind: 'rect', x0: n.x0, y0: n.y0, x1: n.x1, y1: n.y1 },
    fill: { kind: 'checker', cell: n.cell }, dark: [0.03, 0.03, 0.03], light: [0.85, 0.85, 0.83], mean: [0.44, 0.44, 0.43],
  });
  return objects;
}

/** The scene's objects, back to front (shared, immutable). */
export const SCENE: readonly SceneObject[] = Object.freeze(buildScene());

/** Whether (x, y) lies on the object at time `timeMs` (its shape, ignoring blur). */
export function covers(o: SceneObject, x: number, y: number, timeMs: number): boolean {
  const s = o.shape;
  switch (s.kind) {
    case 'plane':
      return true;
    case 'rect':
      return x >= s.x0 && x < s.x1 && y >= s.y0 && y < s.y1;
    case 'ellipse': {
      const dx = (x - s.cx) / s.rx;
      const dy = (y - s.cy) / s.ry;
      return dx * dx + dy * dy <= 1;
    }
    case 'ball': {
      const dx = x - s.path(timeMs);
      const dy = y - s.cy;
      return dx * dx + dy * dy <= s.r * s.r;
    }
  }
}

/** The front-most object at (x, y): what a ray through that direction meets first. */
export function probe(objects: readonly SceneObject[], x: number, y: number, timeMs: number): SceneObject {
  for (let i = objects.length - 1; i > 0; i--) {
    const o = objects[i]!;
    if (covers(o, x, y, timeMs)) return o;
  }
  return objects[0]!;
}

/** Scene-wide conditions a test or a user can change. */
export interface SceneLight {
  /** Ambient light level as an exposure value at ISO 100 (7 ≈ a living room, 2 ≈ candle light). */
  ev100: number;
  /** Correlated colour temperature of the ambient light, kelvin. */
  kelvin: number;
}

export const DEFAULT_SCENE_LIGHT: Readonly<SceneLight> = Object.freeze({ ev100: 7, kelvin: 5000 });
/** Colour temperature of the torch and the flash. */
export const LAMP_KELVIN = 5500;
/** Torch and flash strength: light at 1 m, relative to the ambient light at EV 7. */
export const TORCH_POWER = 0.25;
export const FLASH_POWER = 8;
