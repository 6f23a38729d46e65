/**
 * The image-capture members of the engine's media surface, completed where the engine has no
 * Image Capture of its own (Firefox, WebKit): the polyfill installs this next to its ImageCapture.
 *
 * - getSupportedConstraints() lists the image-capture members
 *   (https://w3c.github.io/mediacapture-image/#mediatracksupportedconstraints-section).
 * - getUserMedia() rejects TypeError for a required (min, max, exact) image-capture member of the
 *   basic video set (https://w3c.github.io/mediacapture-image/#constrainable-properties).
 * - applyConstraints() runs the constraints algorithm for the image-capture members
 *   (https://w3c.github.io/mediacapture-main/#dfn-selectsettings): a required member the track
 *   lacks, and (browser behaviour, as Chromium and the web-platform tests) a member of the first
 *   advanced set the track lacks or cannot reach, reject OverconstrainedError naming it; members the
 *   track lacks are otherwise left out, and the rest goes to the engine as given.
 * - getConstraints() shows the members the engine never saw.
 * Capabilities and settings stay the engine's: only the camera can report them.
 */
import { IMAGE_CAPTURE_PROPERTIES, type PropertyRow } from '../../constraints/properties.js';
import { typeError } from '../../spec/errors.js';
import { overconstrained } from '../../spec/overconstrained.js';

type Dict = Record<string, unknown>;
type Behavior = 'spec' | 'chromium';

/** The switch: 'chromium' (browsers' default) makes the first advanced set required. */
export const mediaSurface: { installed: boolean; behavior: Behavior } = { installed: false, behavior: 'chromium' };

const COMPLETED = Symbol.for('imagecapture.mediaSurface');

const ROWS = new Map<string, PropertyRow>(IMAGE_CAPTURE_PROPERTIES.map((row) => [row.name, row]));

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A constraint with min, max or exact (https://w3c.github.io/mediacapture-main/#dfn-required-constraints). */
function isRequired(value: unknown): boolean {
  return isDict(value) && (value.min !== undefined || value.max !== undefined || value.exact !== undefined);
}

/** Whether `value` (a bare value or a constraint's exact/min/max) can be met by capability `cap`. */
function reachable(row: PropertyRow, cap: unknown, value: unknown): boolean {
  const parts: unknown[] = isDict(value) ? [value.exact, value.min, value.max].filter((v) => v !== undefined) : [value];
  if (isDict(value) && parts.length === 0) return true; // ideal only
  if (row.capability === 'range' && isDict(cap)) {
    const { min = -Infinity, max = Infinity } = cap as { min?: number; max?: number };
    if (typeof value === 'boolean') return true; // pan/tilt/zoom: true asks only for the permission
    if (isDict(value)) {
      const v = value as { exact?: number; min?: number; max?: number };
      return !(
        (typeof v.exact === 'number' && (v.exact < min || v.exact > max)) ||
        (typeof v.min === 'number' && v.min > max) ||
        (typeof v.max === 'number' && v.max < min)
      );
    }
    return typeof value !== 'number' || (value >= min && value <= max);
  }
  if (row.capability === 'booleans') {
    const allowed = Array.isArray(cap) ? cap : cap === true ? [true, false] : [false];
    return parts.every((p) => typeof p !== 'boolean' || allowed.includes(p));
  }
  if (row.capability === 'list' && Array.isArray(cap)) {
    return parts.every((p) => (Array.isArray(p) ? p : [p]).some((v) => typeof v !== 'string' || cap.includes(v)));
  }
  return true;
}

function lacks(caps: Dict, name: string): boolean {
  const row = ROWS.get(name)!;
  // pointsOfInterest has no capability member: a camera with exposure or focus modes has it.
  if (row.capability === 'none') return caps.exposureMode === undefined && caps.focusMode === undefined;
  return caps[name] === undefined;
}

/** WebIDL `double`: a value that converts to NaN or ±Infinity is a TypeError. */
function checkDouble(value: unknown, what: string, ctx: string): void {
  if (value !== undefined && !Number.isFinite(Number(value))) {
    throw typeError(`${ctx}: ${what} is ${JSON.stringify(value) ?? String(value)}, which is not a finite number.`);
  }
}

/**
 * The WebIDL conversion of the image-capture members of one set, which the engine does not do for
 * members it does not know: numbers (ConstrainDouble) and Point2D coordinates must be finite.
 */
function convertSet(set: Dict, ctx: string): void {
  for (const [name, value] of Object.entries(set)) {
    const row = ROWS.get(name);
    if (!row || value === undefined || typeof value === 'boolean') continue;
    if (row.constraint === 'ConstrainPoint2D') {
      const lists = Array.isArray(value) ? [value] : isDict(value) ? [value.exact, value.ideal] : [];
      for (const list of lists) {
        if (!Array.isArray(list)) continue;
        for (const point of list as unknown[]) {
          if (!isDict(point)) continue;
          checkDouble(point.x, `${name} x`, ctx);
          checkDouble(point.y, `${name} y`, ctx);
        }
      }
    } else if (row.capability === 'range') {
      if (isDict(value)) for (const key of ['min', 'max', 'exact', 'ideal']) checkDouble(value[key], `${name}.${key}`, ctx);
      else checkDouble(value, name, ctx);
    }
  }
}

interface Split {
  /** What the engine is given (the very object when nothing was left out). */
  forEngine: unknown;
  /** Image-capture members left out, per set (basic, then each advanced set). */
  left: { basic: Dict; advanced: Dict[] };
  leftAny: boolean;
  /** Whether what goes to the engine has a required member. */
  required: boolean;
}

/** The image-capture part of SelectSettings; throws OverconstrainedError naming the first failing member. */
function split(constraints: unknown, caps: Dict, ctx: string): Split {
  const none: Split = { forEngine: constraints, left: { basic: {}, advanced: [] }, leftAny: false, required: false };
  if (!isDict(constraints)) return none;
  const advanced = Array.isArray(constraints.advanced) ? (constraints.advanced as unknown[]) : [];
  for (const set of [constraints, ...advanced]) if (isDict(set)) convertSet(set, ctx);
  const left: Split['left'] = { basic: {}, advanced: advanced.map(() => ({})) };
  let leftAny = false;
  const keep = (set: Dict, out: Dict): Dict => {
    const kept: Dict = {};
    for (const [name, value] of Object.entries(set)) {
      if (ROWS.has(name) && value !== undefined && lacks(caps, name)) {
        out[name] = value;
        leftAny = true;
      } else kept[name] = value;
    }
    return kept;
  };
  for (const [name, value] of Object.entries(constraints)) {
    if (!ROWS.has(name) || value === undefined || !isRequired(value) || !lacks(caps, name)) continue;
    throw overconstrained(name, `${ctx}: the track has no ${name}, so the required constraint cannot be met.`);
  }
  const first = advanced[0];
  if (mediaSurface.behavior === 'chromium' && isDict(first)) {
    for (const [name, value] of Object.entries(first)) {
      const row = ROWS.get(name);
      if (!row || value === undefined) continue;
      const missing = lacks(caps, name);
      if (missing || !reachable(row, caps[name], value)) {
        const why = missing
          ? `the track has no ${name}`
          : `${name} ${JSON.stringify(value)} is outside the track's capability ${JSON.stringify(caps[name])}`;
        throw overconstrained(name, `${ctx}: ${why}, and the first advanced constraint set is required.`);
      }
    }
  }
  const basic = keep(constraints, left.basic);
  const sets = advanced.map((set, i) => (isDict(set) ? keep(set, left.advanced[i]!) : set));
  const required = Object.entries(basic).some(([name, value]) => name !== 'advanced' && isRequired(value));
  if (!leftAny) return { ...none, required };
  return { forEngine: { ...basic, ...(Array.isArray(constraints.advanced) ? { advanced: sets } : {}) }, left, leftAny, required };
}

interface Given {
  left: Split['left'];
  /** The engine kept its old constraints (it refuses any on this track): show all of these. */
  whole?: Dict;
}

const given = new WeakMap<object, Given>();

function replaceMethod(proto: object, name: string, make: (original: Function) => Function): void {
  const desc = Object.getOwnPropertyDescriptor(proto, name);
  if (!desc || typeof desc.value !== 'function') return;
  Object.defineProperty(proto, name, { ...desc, value: make(desc.value as Function) });
}

type Scope = typeof globalThis & { MediaDevices?: { prototype: object }; MediaStreamTrack?: { prototype: object } };

/** Completes the media surface of `scope`. Idempotent. */
export function installMediaSurface(scope: Scope = globalThis): boolean {
  if (mediaSurface.installed || typeof scope.MediaStreamTrack !== 'function' || typeof scope.MediaDevices !== 'function') return false;
  mediaSurface.installed = true;
  // Another copy of the package (a second bundle on the page) may have completed it already.
  const proto = scope.MediaStreamTrack.prototype as Record<symbol, unknown>;
  if (proto[COMPLETED]) return false;
  Object.defineProperty(proto, COMPLETED, { value: true });
  replaceMethod(scope.MediaDevices.prototype, 'getSupportedConstraints', (original) => ({
    getSupportedConstraints(this: unknown): Dict {
      const supported = original.call(this) as Dict;
      for (const name of ROWS.keys()) supported[name] = true;
      return supported;
    },
  }).getSupportedConstraints);
  replaceMethod(scope.MediaDevices.prototype, 'getUserMedia', (original) => ({
    getUserMedia(this: unknown, ...args: unknown[]): Promise<unknown> {
      const video = isDict(args[0]) ? args[0].video : undefined;
      if (isDict(video)) {
        for (const [name, value] of Object.entries(video)) {
          if (!ROWS.has(name) || !isRequired(value)) continue;
          return Promise.reject(
            typeError(
              `Failed to execute 'getUserMedia' on 'MediaDevices': video.${name} may not be a required constraint (min, max or exact); ` +
                'use a bare or ideal value, or put it in an advanced set.',
            ),
          );
        }
      }
      return original.apply(this, args) as Promise<unknown>;
    },
  }).getUserMedia);
  replaceMethod(scope.MediaStreamTrack.prototype, 'applyConstraints', (original) => ({
    async applyConstraints(this: MediaStreamTrack, ...args: unknown[]): Promise<void> {
      const ctx = "Failed to execute 'applyConstraints' on 'MediaStreamTrack'";
      const caps = (typeof this.getCapabilities === 'function' ? this.getCapabilities() : {}) as Dict;
      const parts = split(args[0], caps, ctx);
      try {
        await original.call(this, ...(args.length > 0 ? [parts.forEngine] : []));
        given.set(this, { left: parts.left });
      } catch (err) {
        const e = err as { name?: string; constraint?: string };
        // Firefox refuses every applyConstraints() on a canvas-capture track, even an empty one,
        // naming no constraint. Ideal values never make applyConstraints fail, so that is success.
        if (e?.name !== 'OverconstrainedError' || e.constraint !== '' || parts.required) throw err;
        given.set(this, { left: parts.left, whole: isDict(args[0]) ? structuredClone(args[0]) : {} });
      }
    },
  }).applyConstraints);
  replaceMethod(scope.MediaStreamTrack.prototype, 'getConstraints', (original) => ({
    getConstraints(this: MediaStreamTrack): Dict {
      const own = original.call(this) as Dict;
      const mine = given.get(this);
      if (!mine) return own;
      if (mine.whole) return structuredClone(mine.whole);
      const out: Dict = { ...own, ...mine.left.basic };
      if (mine.left.advanced.length > 0) {
        const sets = Array.isArray(own.advanced) ? (own.advanced as Dict[]) : [];
        out.advanced = mine.left.advanced.map((set, i) => ({ ...(sets[i] ?? {}), ...set }));
      }
      return out;
    },
  }).getConstraints);
  return true;
}
