/**
 * The values one device allows for each property that does not depend on the others (every row
 * except the video format: width, height, aspectRatio, frameRate, resizeMode). Selection narrows
 * these domains with required constraints, set by set, then picks a value from each with the
 * basic set's ideal (https://w3c.github.io/mediacapture-main/#dfn-selectsettings).
 * Clamping ideals into the range and not snapping to `step` are choices listed in docs/behaviour.md.
 */
import type { SourceCapabilities, SourceSettings } from '../backends/backend.js';
import type { MediaSettingsRange, Point2D } from '../spec/types.js';
import type { PropertyRow } from './properties.js';
import type { Preference, Requirement } from './fitness.js';
import { fmt, fmtRange } from '../spec/errors.js';
import {
  booleanFitness,
  clampPoints,
  existenceFitness,
  numericFitness,
  pointsFitness,
  samePoints,
  stringFitness,
} from './fitness.js';

export type Domain =
  /** The property does not exist on this device (or is hidden: PTZ without permission). */
  | { readonly kind: 'absent'; readonly reason: string }
  /** Numbers in [lo, hi]; [min, max] is the capability. */
  | { readonly kind: 'range'; readonly lo: number; readonly hi: number; readonly min: number; readonly max: number }
  | { readonly kind: 'strings'; readonly values: readonly string[]; readonly all: readonly string[] }
  | { readonly kind: 'booleans'; readonly values: readonly boolean[]; readonly all: readonly boolean[] }
  /** Any list of points, or exactly `fixed` (already clamped). */
  | { readonly kind: 'points'; readonly fixed?: readonly Point2D[] };

export type Narrowed = { readonly ok: true; readonly domain: Domain } | { readonly ok: false; readonly message: string };

/** The chosen value (undefined: leave the device's value alone) and its fitness distance. */
export interface Choice {
  readonly value?: unknown;
  readonly fitness: number;
}

/** What selection knows about the device for one property. */
export interface DomainSource {
  readonly deviceId: string;
  readonly groupId: string;
  readonly facingMode?: string;
  readonly capabilities: SourceCapabilities;
  readonly ptzAllowed: boolean;
}

const quote = (s: string): string => JSON.stringify(s);
const list = (values: readonly unknown[]): string =>
  values.length === 0 ? 'none' : values.map((v) => (typeof v === 'string' ? quote(v) : String(v))).join(', ');

/** The domain of `row` on a device, before any constraint. */
export function initialDomain(row: PropertyRow, device: DomainSource): Domain {
  const name = row.name;
  if (name === 'deviceId') return { kind: 'strings', values: [device.deviceId], all: [device.deviceId] };
  if (name === 'groupId') return { kind: 'strings', values: [device.groupId], all: [device.groupId] };
  if (name === 'facingMode') {
    if (device.facingMode === undefined) return { kind: 'absent', reason: 'facingMode is not known for this camera' };
    return { kind: 'strings', values: [device.facingMode], all: [device.facingMode] };
  }
  // https://w3c.github.io/mediacapture-image/#pan: without the permission the track does not support pan, tilt and zoom.
  if (row.ptz && !device.ptzAllowed) {
    return { kind: 'absent', reason: `${name} is not available: the track has no pan-tilt-zoom permission` };
  }
  const cap = (device.capabilities as unknown as Record<string, unknown>)[name];
  const unsupported: Domain = { kind: 'absent', reason: `${name} is not supported by this camera` };
  switch (row.capability) {
    case 'range': {
      if (cap === undefined) return unsupported;
      const r = cap as MediaSettingsRange;
      const min = r.min ?? -Infinity;
      const max = r.max ?? Infinity;
      return { kind: 'range', lo: min, hi: max, min, max };
    }
    case 'list': {
      const values = cap as readonly string[] | undefined;
      if (values === undefined || values.length === 0) return unsupported;
      return { kind: 'strings', values: [...values], all: [...values] };
    }
    case 'booleans': {
      const values = cap as readonly boolean[] | undefined;
      if (values === undefined || values.length === 0) return unsupported;
      return { kind: 'booleans', values: [...values], all: [...values] };
    }
    case 'none':
      return cap === true ? { kind: 'points' } : unsupported;
    case 'string':
      return unsupported;
  }
}

/** "12", or "min 5, max 3": a numeric requirement for messages. */
export function describeNumber(r: Extract<Requirement, { type: 'number' }>): string {
  if (r.exact !== undefined && r.min === undefined && r.max === undefined) return fmt(r.exact);
  const parts: string[] = [];
  if (r.exact !== undefined) parts.push(`exact ${fmt(r.exact)}`);
  if (r.min !== undefined) parts.push(`min ${fmt(r.min)}`);
  if (r.max !== undefined) parts.push(`max ${fmt(r.max)}`);
  return parts.join(', ');
}

/**
 * Narrows `d` by a required constraint on `row`; fails with a message naming what is allowed.
 * Call it for rows other than the video format.
 */
export function narrow(row: PropertyRow, d: Domain, req: Requirement): Narrowed {
  const name = row.name;
  // A boolean on a non-boolean property asks whether the property exists (https://w3c.github.io/mediacapture-main/#dfn-fitness-distance).
  if (req.type === 'boolean' && row.setting !== 'boolean') {
    const exists = d.kind === 'range';
    if (exists === req.exact) return { ok: true, domain: d };
    return {
      ok: false,
      message: req.exact
        ? (d as { reason: string }).reason
        : `${name} exists on this camera, but the constraint asks for a camera without it`,
    };
  }
  if (d.kind === 'absent') return { ok: false, message: d.reason };
  if (req.type === 'number' && d.kind === 'range') {
    let lo = d.lo;
    let hi = d.hi;
    for (const bound of [req.min, req.exact]) if (bound !== undefined) lo = Math.max(lo, bound);
    for (const bound of [req.max, req.exact]) if (bound !== undefined) hi = Math.min(hi, bound);
    if (lo <= hi) return { ok: true, domain: { ...d, lo, hi } };
    if (req.min !== undefined && req.max !== undefined && req.min > req.max) {
      return { ok: false, message: `${name} min ${fmt(req.min)} is greater than max ${fmt(req.max)}` };
    }
    const narrowed = d.lo > d.min || d.hi < d.max;
    const range = fmtRange({ min: d.lo, max: d.hi });
    return { ok: false, message: `${name} ${describeNumber(req)} is outside the ${narrowed ? 'allowed' : 'supported'} range ${range}` };
  }
  if (req.type === 'string' && d.kind === 'strings') {
    const values = d.values.filter((v) => req.exact.includes(v));
    if (values.length > 0) return { ok: true, domain: { ...d, values } };
    const asked = req.exact.length === 1 ? quote(req.exact[0]!) : `any of ${list(req.exact)}`;
    return { ok: false, message: `${name} ${asked} is not supported; allowed: ${list(d.values)}` };
  }
  if (req.type === 'boolean' && d.kind === 'booleans') {
    const values = d.values.filter((v) => v === req.exact);
    if (values.length > 0) return { ok: true, domain: { ...d, values } };
    const what = name === 'torch' ? `torch cannot be turned ${req.exact ? 'on' : 'off'}` : `${name} ${req.exact} is not supported`;
    return { ok: false, message: `${what}; allowed: ${list(d.values)}` };
  }
  if (req.type === 'points' && d.kind === 'points') {
    const wanted = clampPoints(req.exact);
    if (d.fixed === undefined || samePoints(d.fixed, wanted)) return { ok: true, domain: { kind: 'points', fixed: wanted } };
    return { ok: false, message: `${name} cannot be two different lists of points at once` };
  }
  return { ok: false, message: `${name} cannot be constrained that way` };
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

/**
 * Picks the value of one property from its (narrowed) domain. The ideal wins when allowed (a
 * numeric ideal is clamped into the range, https://w3c.github.io/mediacapture-main/#dfn-selectsettings);
 * otherwise the current value is kept when still allowed, else the nearest allowed value. With no
 * current value and a domain no constraint narrowed, the value is left to the device (undefined).
 * Not snapped to step (docs/behaviour.md).
 */
export function choose(row: PropertyRow, d: Domain, pref: Preference | undefined, current: unknown): Choice {
  switch (d.kind) {
    case 'absent':
      // gUM: an ideal on a setting that does not exist has distance 1 (a boolean `false` on a
      // non-boolean property is satisfied by its absence, https://w3c.github.io/mediacapture-image/#pan).
      if (pref === undefined) return { fitness: 0 };
      return { fitness: pref.type === 'boolean' && row.setting !== 'boolean' ? existenceFitness(false, pref.ideal) : 1 };
    case 'range': {
      const narrowed = d.lo > d.min || d.hi < d.max;
      const keep = typeof current === 'number' ? clamp(current, d.lo, d.hi) : narrowed ? clamp(d.min, d.lo, d.hi) : undefined;
      if (pref?.type === 'number') {
        const value = clamp(pref.ideal, d.lo, d.hi);
        return { value, fitness: numericFitness(value, pref.ideal) };
      }
      // Boolean `true`/`false` on pan/tilt/zoom never moves the camera (https://w3c.github.io/mediacapture-image/#pan).
      const fitness = pref?.type === 'boolean' ? existenceFitness(true, pref.ideal) : 0;
      return keep === undefined ? { fitness } : { value: keep, fitness };
    }
    case 'strings': {
      const narrowed = d.values.length < d.all.length;
      const cur = typeof current === 'string' && d.values.includes(current) ? current : undefined;
      if (pref?.type === 'string') {
        const wanted = cur !== undefined && pref.ideal.includes(cur) ? cur : pref.ideal.find((v) => d.values.includes(v));
        if (wanted !== undefined) return { value: wanted, fitness: 0 };
      }
      const fitness = pref?.type === 'string' ? stringFitness(undefined, pref.ideal) : 0;
      const value = cur ?? (narrowed || current !== undefined ? d.values[0] : undefined);
      return value === undefined ? { fitness } : { value, fitness };
    }
    case 'booleans': {
      const narrowed = d.values.length < d.all.length;
      const cur = typeof current === 'boolean' && d.values.includes(current) ? current : undefined;
      if (pref?.type === 'boolean' && d.values.includes(pref.ideal)) return { value: pref.ideal, fitness: 0 };
      const value = cur ?? (narrowed || current !== undefined ? d.values[0] : undefined);
      const fitness = pref?.type === 'boolean' ? booleanFitness(value, pref.ideal) : 0;
      return value === undefined ? { fitness } : { value, fitness };
    }
    case 'points': {
      if (d.fixed !== undefined) {
        const fitness = pref?.type === 'points' ? pointsFitness(d.fixed, pref.ideal) : 0;
        return { value: d.fixed.map((p) => ({ ...p })), fitness };
      }
      if (pref?.type === 'points') return { value: clampPoints(pref.ideal), fitness: 0 };
      if (Array.isArray(current)) return { value: clampPoints(current as Point2D[]), fitness: 0 };
      return { fitness: 0 };
    }
  }
}

/** The current value of a property on the device, if the device reports it. */
export function currentValue(current: SourceSettings | undefined, name: string): unknown {
  return current === undefined ? undefined : (current as unknown as Record<string, unknown>)[name];
}
