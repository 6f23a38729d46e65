/**
 * WebIDL conversion of `MediaTrackConstraints` (https://w3c.github.io/mediacapture-main/#media-track-constraints,
 * https://w3c.github.io/mediacapture-image/#extensions), driven by the property table: each row's `constraint` names the union its value is
 * converted with. Done once at the public boundary; selection trusts the result.
 *
 * The result keeps two things the selection and `getConstraints()` need:
 * - `bare`: the author wrote a plain value (or a plain sequence). gUM treats it as ideal in the
 *   basic set and as exact in an advanced set. A bare value is stored under `value.ideal`.
 * - `idl`: the converted value in the shape the author wrote it (a string stays a string, a
 *   dictionary stays a dictionary), so `getConstraints()` can return the converted argument
 *   (https://w3c.github.io/mediacapture-main/#dom-constrainablepattern-getconstraints).
 */
import type {
  NormalizedConstraint,
  NormalizedConstraints,
  Point2D,
} from '../spec/types.js';
import type { PropertyRow } from './properties.js';
import { typeError } from '../spec/errors.js';
import {
  MAX_SEQUENCE_LENGTH,
  boolean,
  describeValue,
  dictionary,
  domString,
  double,
  isObject,
  member,
  unsignedLong,
} from '../spec/webidl.js';
import { AUDIO_PROPERTIES, VIDEO_PROPERTIES, propertyNames, propertyRow } from './properties.js';

/** A converted value in the author's shape: what `getConstraints()` gives back. */
export type ConstraintIdl =
  | number
  | boolean
  | string
  | string[]
  | Point2D[]
  | { [member: string]: number | boolean | string | string[] | Point2D[] };

export type ConvertedConstraint = NormalizedConstraint & { readonly idl: ConstraintIdl };
export type ConvertedConstraintSet = Partial<Record<string, ConvertedConstraint>>;

export interface ConvertedConstraints extends NormalizedConstraints {
  basic: ConvertedConstraintSet;
  advanced: ConvertedConstraintSet[];
  /** Whether the author passed an `advanced` member (an empty list included). */
  hasAdvanced: boolean;
}

/** A plain `MediaTrackConstraints` dictionary, as `getConstraints()` returns it. */
export interface MediaTrackConstraintsDictionary {
  [property: string]: unknown;
  advanced?: Record<string, unknown>[];
}

/** ECMAScript GetMethod(V, @@iterator): undefined when absent or null, TypeError when not callable. */
function iteratorMethod(v: object, ctx: string): ((this: unknown) => unknown) | undefined {
  const method = (v as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (method === undefined || method === null) return undefined;
  if (typeof method !== 'function') throw typeError(`${ctx}: its @@iterator is not a function.`);
  return method as (this: unknown) => unknown;
}

/** WebIDL "create a sequence from an iterable" with a method already looked up. */
function sequenceFrom<T>(v: object, method: (this: unknown) => unknown, ctx: string, item: (x: unknown, ctx: string) => T): T[] {
  const iterator = method.call(v);
  if (!isObject(iterator)) throw typeError(`${ctx}: its iterator is not an object.`);
  const next = (iterator as { next?: unknown }).next;
  if (typeof next !== 'function') throw typeError(`${ctx}: its iterator has no next() method.`);
  const out: T[] = [];
  for (;;) {
    const step: unknown = next.call(iterator);
    if (!isObject(step)) throw typeError(`${ctx}: its iterator returned a non-object.`);
    if ((step as { done?: unknown }).done) break;
    if (out.length >= MAX_SEQUENCE_LENGTH) throw typeError(`${ctx} has more than ${MAX_SEQUENCE_LENGTH} items.`);
    out.push(item((step as { value?: unknown }).value, `${ctx}[${out.length}]`));
  }
  return out;
}

/** WebIDL `sequence<T>` (non-objects and objects without @@iterator are TypeErrors). */
function sequenceOf<T>(v: unknown, ctx: string, item: (x: unknown, ctx: string) => T): T[] {
  if (!isObject(v)) throw typeError(`${ctx} is ${describeValue(v)}; a sequence (array) is required.`);
  const method = iteratorMethod(v, ctx);
  if (method === undefined) throw typeError(`${ctx} is not iterable; a sequence (array) is required.`);
  return sequenceFrom(v, method, ctx, item);
}

const MEMBER = ': member ';

/** "…: member zoom", then "…: member zoom.exact" for nested members. */
function memberContext(ctx: string, key: string): string {
  return ctx.includes(MEMBER) ? `${ctx}.${key}` : `${ctx}${MEMBER}${key}`;
}

/**
 * Reads and converts dictionary members one at a time in the given order (WebIDL: each member is
 * read, then converted, before the next is read). Absent (undefined) members are left out.
 */
function readMembers<T>(
  dict: object | undefined,
  keys: readonly string[],
  ctx: string,
  convert: (key: string, v: unknown, ctx: string) => T,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of keys) {
    const v = member(dict, key);
    if (v !== undefined) out[key] = convert(key, v, memberContext(ctx, key));
  }
  return out;
}

// ConstrainULongRange / ConstrainDoubleRange: the inherited range members (max, min) come first,
// then the dictionary's own (exact, ideal), each group in lexicographic order.
const RANGE_MEMBERS = ['max', 'min', 'exact', 'ideal'] as const;
const EXACT_IDEAL = ['exact', 'ideal'] as const;

const clampedULong = (v: unknown, ctx: string): number => unsignedLong(v, ctx, { clamp: true });

/** `([Clamp] unsigned long or ConstrainULongRange)` / `(double or ConstrainDoubleRange)`. */
function convertNumeric(v: unknown, ctx: string, number: (v: unknown, ctx: string) => number): ConvertedConstraint {
  if (v === null || isObject(v)) {
    const range = readMembers(dictionary(v, ctx), RANGE_MEMBERS, ctx, (_k, x, c) => number(x, c));
    return { type: 'number', bare: false, value: { ...range }, idl: range };
  }
  const n = number(v, ctx);
  return { type: 'number', bare: true, value: { ideal: n }, idl: n };
}

/** `(DOMString or sequence<DOMString>)`, the member type of ConstrainDOMStringParameters. */
function stringOrSequence(v: unknown, ctx: string): string | string[] {
  if (isObject(v)) {
    const method = iteratorMethod(v, ctx);
    if (method !== undefined) return sequenceFrom(v, method, ctx, domString);
  }
  return domString(v, ctx);
}

const asList = (v: string | string[]): string[] => (typeof v === 'string' ? [v] : [...v]);

/** ConstrainDOMString: `(DOMString or sequence<DOMString> or ConstrainDOMStringParameters)`. */
function convertString(v: unknown, ctx: string): ConvertedConstraint {
  if (isObject(v)) {
    const method = iteratorMethod(v, ctx);
    if (method !== undefined) {
      const list = sequenceFrom(v, method, ctx, domString);
      return { type: 'string', bare: true, value: { ideal: [...list] }, idl: list };
    }
  }
  if (v === null || isObject(v)) {
    const params = readMembers(dictionary(v, ctx), EXACT_IDEAL, ctx, (_k, x, c) => stringOrSequence(x, c));
    const value: { exact?: string[]; ideal?: string[] } = {};
    if (params.exact !== undefined) value.exact = asList(params.exact);
    if (params.ideal !== undefined) value.ideal = asList(params.ideal);
    return { type: 'string', bare: false, value, idl: params };
  }
  const s = domString(v, ctx);
  return { type: 'string', bare: true, value: { ideal: [s] }, idl: s };
}

/** ConstrainBoolean: `(boolean or ConstrainBooleanParameters)`. */
function convertBoolean(v: unknown, ctx: string): ConvertedConstraint {
  if (v === null || isObject(v)) {
    const params = readMembers(dictionary(v, ctx), EXACT_IDEAL, ctx, (_k, x) => boolean(x));
    return { type: 'boolean', bare: false, value: { ...params }, idl: params };
  }
  const b = boolean(v);
  return { type: 'boolean', bare: true, value: { ideal: b }, idl: b };
}

/**
 * Point2D {double x = 0; double y = 0} (https://w3c.github.io/mediacapture-image/#dictdef-point2d);
 * NaN is a TypeError (https://webidl.spec.whatwg.org/#js-double).
 */
function point(v: unknown, ctx: string): Point2D {
  const dict = dictionary(v, ctx);
  const xv = member(dict, 'x');
  const x = xv === undefined ? 0 : double(xv, memberContext(ctx, 'x'));
  const yv = member(dict, 'y');
  const y = yv === undefined ? 0 : double(yv, memberContext(ctx, 'y'));
  return { x, y };
}

const copyPoints = (ps: readonly Point2D[]): Point2D[] => ps.map((p) => ({ x: p.x, y: p.y }));

/**
 * ConstrainPoint2D: `(sequence<Point2D> or ConstrainPoint2DParameters)`. Not clamped here
 * (https://w3c.github.io/mediacapture-image/#points-of-interest).
 */
function convertPoints(v: unknown, ctx: string): ConvertedConstraint {
  if (isObject(v)) {
    const method = iteratorMethod(v, ctx);
    if (method !== undefined) {
      const points = sequenceFrom(v, method, ctx, point);
      return { type: 'points', bare: true, value: { ideal: copyPoints(points) }, idl: points };
    }
  }
  if (v === null || isObject(v)) {
    const params = readMembers(dictionary(v, ctx), EXACT_IDEAL, ctx, (_k, x, c) => sequenceOf(x, c, point));
    const value: { exact?: Point2D[]; ideal?: Point2D[] } = {};
    if (params.exact !== undefined) value.exact = copyPoints(params.exact);
    if (params.ideal !== undefined) value.ideal = copyPoints(params.ideal);
    return { type: 'points', bare: false, value, idl: params };
  }
  throw typeError(`${ctx} is ${describeValue(v)}; a sequence of Point2D or a ConstrainPoint2DParameters dictionary is required.`);
}

/** Converts one member of a constraint set with the union its table row names. */
function convertConstraintValue(row: PropertyRow, v: unknown, ctx: string): ConvertedConstraint {
  switch (row.constraint) {
    case 'ConstrainULong':
      return convertNumeric(v, ctx, clampedULong);
    case 'ConstrainDouble':
      return convertNumeric(v, ctx, double);
    case 'ConstrainBooleanOrDouble':
      // `(boolean or ConstrainDouble)`: a boolean stays a boolean (https://w3c.github.io/mediacapture-image/#pan); anything else
      // that is not an object goes to the numeric member ("2" → 2, "abc" → NaN → TypeError).
      if (typeof v === 'boolean') return { type: 'boolean', bare: true, value: { ideal: v }, idl: v };
      return convertNumeric(v, ctx, double);
    case 'ConstrainDOMString':
      return convertString(v, ctx);
    case 'ConstrainBoolean':
      return convertBoolean(v, ctx);
    case 'ConstrainPoint2D':
      return convertPoints(v, ctx);
  }
}

const sortedNames = {
  video: propertyNames('video').sort(),
  audio: propertyNames('audio').sort(),
};

/** MediaTrackConstraintSet: the kind's members, in lexicographic order; other keys are not read. */
function convertSet(v: unknown, kind: 'video' | 'audio', ctx: string): ConvertedConstraintSet {
  const dict = dictionary(v, ctx);
  return readMembers(dict, sortedNames[kind], ctx, (name, x, c) => convertConstraintValue(propertyRow(name, kind)!, x, c));
}

/**
 * Converts a `MediaTrackConstraints` dictionary for a track of `kind`. undefined and null give
 * no constraints; a non-object is a TypeError; getters run once and what they throw propagates.
 * `ctx` names the argument in error messages ("Failed to execute 'applyConstraints' on
 * 'MediaStreamTrack': parameter 1"); members follow as "…: member advanced[0].zoom.exact".
 */
export function convertConstraints(value: unknown, kind: 'video' | 'audio', ctx: string): ConvertedConstraints {
  const dict = dictionary(value, ctx);
  // The inherited MediaTrackConstraintSet members come before `advanced`.
  const basic = convertSet(dict, kind, ctx);
  const advancedValue = member(dict, 'advanced');
  if (advancedValue === undefined) return { basic, advanced: [], hasAdvanced: false };
  const advanced = sequenceOf(advancedValue, memberContext(ctx, 'advanced'), (item, c) => convertSet(item, kind, c));
  return { basic, advanced, hasAdvanced: true };
}

function rebuildIdl(c: NormalizedConstraint): unknown {
  if (c.bare) return structuredClone(c.value.ideal);
  return structuredClone(c.value);
}

function setToDictionary(set: Partial<Record<string, NormalizedConstraint>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, c] of Object.entries(set)) {
    if (c === undefined) continue;
    out[name] = 'idl' in c ? structuredClone((c as ConvertedConstraint).idl) : rebuildIdl(c);
  }
  return out;
}

/**
 * A plain MediaTrackConstraints dictionary equal to the converted argument (getConstraints() returns
 * the last successful argument, https://w3c.github.io/mediacapture-main/#dom-constrainablepattern-getconstraints).
 * A fresh object on every call.
 */
export function constraintsToDictionary(n: NormalizedConstraints): MediaTrackConstraintsDictionary {
  const out: MediaTrackConstraintsDictionary = setToDictionary(n.basic);
  const hasAdvanced = 'hasAdvanced' in n ? Boolean((n as ConvertedConstraints).hasAdvanced) : n.advanced.length > 0;
  if (hasAdvanced) out.advanced = n.advanced.map(setToDictionary);
  return out;
}

// getUserMedia (https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia)

/** The converted getUserMedia argument: a kind is present when it was requested. */
export interface UserMediaConstraints {
  audio?: ConvertedConstraints;
  video?: ConvertedConstraints;
}

/** Whether a converted constraint is required: a dictionary with min, max or exact. */
export function isRequiredConstraint(c: NormalizedConstraint): boolean {
  if (c.bare) return false;
  if (c.type === 'number') return c.value.min !== undefined || c.value.max !== undefined || c.value.exact !== undefined;
  return c.value.exact !== undefined;
}

/**
 * https://w3c.github.io/mediacapture-image/#constrainable-properties: throws a TypeError naming the first (in table order)
 * basic-set constraint that is required although its row has `requiredAllowed: false`. Advanced sets and
 * ideal values are allowed.
 */
export function checkRequiredAllowed(c: NormalizedConstraints, kind: 'video' | 'audio', ctx: string): void {
  for (const row of kind === 'video' ? VIDEO_PROPERTIES : AUDIO_PROPERTIES) {
    const constraint = c.basic[row.name];
    if (constraint === undefined || row.requiredAllowed || !isRequiredConstraint(constraint)) continue;
    throw typeError(
      `${ctx}: ${kind}.${row.name} may not be a required constraint (min, max or exact) in getUserMedia; ` +
        'use a bare or ideal value, or put it in an advanced set.',
    );
  }
}

/** `(boolean or MediaTrackConstraints)` with default false: undefined when not requested. */
function convertKind(v: unknown, kind: 'video' | 'audio', ctx: string): ConvertedConstraints | undefined {
  if (v === undefined) return undefined; // the member's default, false
  if (v === null || isObject(v)) return convertConstraints(v, kind, memberContext(ctx, kind));
  return boolean(v) ? convertConstraints(undefined, kind, ctx) : undefined;
}

/**
 * Converts the getUserMedia argument. undefined and null are `{}`; a non-object is a TypeError.
 * Members are read in order (audio, then video). Neither requested → TypeError. Then the
 * required-constraint check (checkRequiredAllowed) runs on each requested kind.
 */
export function convertGetUserMediaConstraints(value: unknown, ctx: string): UserMediaConstraints {
  const arg = `${ctx}: parameter 1`;
  const dict = dictionary(value, arg);
  const audio = convertKind(member(dict, 'audio'), 'audio', arg);
  const video = convertKind(member(dict, 'video'), 'video', arg);
  if (audio === undefined && video === undefined) {
    throw typeError(`${ctx}: at least one of audio and video must be requested.`);
  }
  const out: UserMediaConstraints = {};
  if (audio !== undefined) {
    checkRequiredAllowed(audio, 'audio', ctx);
    out.audio = audio;
  }
  if (video !== undefined) {
    checkRequiredAllowed(video, 'video', ctx);
    out.video = video;
  }
  return out;
}
