/**
 * gUM fitness distance (https://w3c.github.io/mediacapture-main/#dfn-fitness-distance) and the small pieces selection
 * needs to read a converted constraint: which part is required and which is ideal, depending on
 * whether it sits in the basic set or in an advanced set (https://w3c.github.io/mediacapture-main/#dfn-selectsettings).
 */
import type {
  BooleanConstraint,
  DoubleRangeConstraint,
  NormalizedConstraint,
  Point2D,
  PointsConstraint,
  StringConstraint,
} from '../spec/types.js';

/** Positive numeric properties: `(actual == ideal) ? 0 : |actual − ideal| / max(|actual|, |ideal|)`. */
export function numericFitness(actual: number, ideal: number): number {
  if (actual === ideal) return 0;
  const scale = Math.max(Math.abs(actual), Math.abs(ideal));
  return scale === 0 ? 0 : Math.abs(actual - ideal) / scale;
}

/** String and enum properties: 0 when the setting is one of the ideal values, else 1. */
export function stringFitness(actual: string | undefined, ideal: readonly string[]): number {
  if (ideal.length === 0) return 0;
  return actual !== undefined && ideal.includes(actual) ? 0 : 1;
}

/** Boolean properties: 0 when equal, else 1. */
export function booleanFitness(actual: boolean | undefined, ideal: boolean): number {
  return actual === ideal ? 0 : 1;
}

/**
 * A boolean constraint on a non-boolean property (pan/tilt/zoom, https://w3c.github.io/mediacapture-image/#pan):
 * `(constraintValue == exists) ? 0 : 1`.
 */
export function existenceFitness(exists: boolean, wanted: boolean): number {
  return exists === wanted ? 0 : 1;
}

/** https://w3c.github.io/mediacapture-image/#points-of-interest: each coordinate is clamped to [0, 1]. */
function clampPoint(p: Point2D): Point2D {
  return { x: Math.min(Math.max(p.x, 0), 1), y: Math.min(Math.max(p.y, 0), 1) };
}

export function clampPoints(points: readonly Point2D[]): Point2D[] {
  return points.map(clampPoint);
}

/** Equality of two point lists after clamping (Chromium: ≤0 counts as 0 and ≥1 as 1). */
export function samePoints(a: readonly Point2D[], b: readonly Point2D[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((p, i) => {
    const q = b[i]!;
    const cp = clampPoint(p);
    const cq = clampPoint(q);
    return cp.x === cq.x && cp.y === cq.y;
  });
}

/** Points list fitness: 0 when equal after clamping, else 1. */
export function pointsFitness(actual: readonly Point2D[] | undefined, ideal: readonly Point2D[]): number {
  return actual !== undefined && samePoints(actual, ideal) ? 0 : 1;
}

/**
 * What a constraint requires, in one shape per type. Bare values count as exact in advanced sets;
 * empty lists count as no constraint (https://w3c.github.io/mediacapture-main/#dfn-selectsettings). Undefined when nothing is required.
 */
export type Requirement =
  | { type: 'number'; min?: number; max?: number; exact?: number }
  | { type: 'string'; exact: string[] }
  | { type: 'boolean'; exact: boolean }
  | { type: 'points'; exact: Point2D[] };

/** What a constraint would like (basic set only). Undefined when it has no ideal. */
export type Preference =
  | { type: 'number'; ideal: number }
  | { type: 'string'; ideal: string[] }
  | { type: 'boolean'; ideal: boolean }
  | { type: 'points'; ideal: Point2D[] };

/** The required part of `c`; `inAdvanced` makes a bare value exact. */
export function requirement(c: NormalizedConstraint, inAdvanced: boolean): Requirement | undefined {
  switch (c.type) {
    case 'number': {
      const v: DoubleRangeConstraint = c.value;
      if (c.bare) return inAdvanced && v.ideal !== undefined ? { type: 'number', exact: v.ideal } : undefined;
      if (v.min === undefined && v.max === undefined && v.exact === undefined) return undefined;
      const r: Requirement = { type: 'number' };
      if (v.min !== undefined) r.min = v.min;
      if (v.max !== undefined) r.max = v.max;
      if (v.exact !== undefined) r.exact = v.exact;
      return r;
    }
    case 'string': {
      const v: StringConstraint = c.value;
      const list = c.bare ? (inAdvanced ? v.ideal : undefined) : v.exact;
      return list !== undefined && list.length > 0 ? { type: 'string', exact: [...list] } : undefined;
    }
    case 'boolean': {
      const v: BooleanConstraint = c.value;
      const b = c.bare ? (inAdvanced ? v.ideal : undefined) : v.exact;
      return b === undefined ? undefined : { type: 'boolean', exact: b };
    }
    case 'points': {
      const v: PointsConstraint = c.value;
      const list = c.bare ? (inAdvanced ? v.ideal : undefined) : v.exact;
      return list !== undefined && list.length > 0 ? { type: 'points', exact: list.map((p) => ({ ...p })) } : undefined;
    }
  }
}

/** The ideal part of a basic-set constraint (a bare value is ideal there). */
export function preference(c: NormalizedConstraint): Preference | undefined {
  switch (c.type) {
    case 'number':
      return c.value.ideal === undefined ? undefined : { type: 'number', ideal: c.value.ideal };
    case 'string':
      return c.value.ideal === undefined || c.value.ideal.length === 0 ? undefined : { type: 'string', ideal: [...c.value.ideal] };
    case 'boolean':
      return c.value.ideal === undefined ? undefined : { type: 'boolean', ideal: c.value.ideal };
    case 'points':
      return c.value.ideal === undefined || c.value.ideal.length === 0
        ? undefined
        : { type: 'points', ideal: c.value.ideal.map((p) => ({ ...p })) };
  }
}
