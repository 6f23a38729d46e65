/**
 * gUM SelectSettings (https://w3c.github.io/mediacapture-main/#dfn-selectsettings) for two callers:
 * - getUserMedia: choose a device among several, and its initial settings;
 * - applyConstraints: choose new settings for the track's one device, or name the constraint
 *   that cannot be satisfied (the caller makes the OverconstrainedError).
 *
 * Per device, in order:
 * 1. the basic set's required constraints (min, max, exact) narrow the candidates; none left →
 *    fail, naming the first failing constraint in property-table order;
 * 2. each advanced set (bare values exact) narrows them further, or is skipped when no
 *    candidate satisfies it. Chromium behaviour in applyConstraints: the first advanced set is
 *    strict and fails naming its first offending property (crbug 1408091; docs/behaviour.md);
 * 3. from what is left, the values with the smallest fitness distance of the basic set's ideals
 *    are chosen; properties no ideal mentions keep their current values where allowed.
 * getUserMedia picks the device with the smallest distance (the first on ties).
 */
import type { BehaviorRecord } from '../spec/behavior.js';
import type { SourceCapabilities, SourceSettings } from '../backends/backend.js';
import type { NormalizedConstraint, NormalizedConstraints, NormalizedConstraintSet, VideoFacingMode } from '../spec/types.js';
import type { Domain } from './domains.js';
import type { FormatIdeals, FormatLimits, Interval } from './formats.js';
import type { Requirement } from './fitness.js';
import { fmtRange } from '../spec/errors.js';
import { choose, currentValue, describeNumber, initialDomain, narrow } from './domains.js';
import { preference, requirement } from './fitness.js';
import { FORMAT_PROPERTIES, NO_LIMITS, chooseFormat, formatRanges, referenceFormat } from './formats.js';
import { PTZ_PROPERTIES, VIDEO_PROPERTIES } from './properties.js';

/** What selection knows about one camera. */
export interface DeviceModel {
  readonly deviceId: string;
  readonly groupId: string;
  readonly facingMode?: VideoFacingMode;
  readonly capabilities: SourceCapabilities;
  /** Whether the track may use pan, tilt and zoom (https://w3c.github.io/mediacapture-image/#pan). */
  readonly ptzAllowed: boolean;
  /** The device's settings now (applyConstraints); absent when choosing a device to open. */
  readonly current?: SourceSettings;
}

export interface SelectOptions {
  /** Whether the first advanced set is required (docs/behaviour.md); default: the spec's behaviour. */
  readonly behavior?: Pick<BehaviorRecord, 'strictFirstAdvancedSet'>;
  /** Default 'applyConstraints'. A required first advanced set applies only there. */
  readonly purpose?: 'getUserMedia' | 'applyConstraints';
}

/** A settings update for CameraSource.configure() / CameraBackend.open(): the format is always there. */
export type SettingsUpdate = Partial<SourceSettings> & Pick<SourceSettings, 'width' | 'height' | 'frameRate' | 'resizeMode'>;

export interface SelectSuccess {
  readonly ok: true;
  /** Index of the chosen device in the list given. */
  readonly index: number;
  readonly device: DeviceModel;
  readonly settings: SettingsUpdate;
  /** Fitness distance of the basic set for the chosen settings. */
  readonly fitness: number;
}

export interface SelectFailure {
  readonly ok: false;
  /** The constraint that cannot be satisfied ('' when there was no device at all). */
  readonly constraint: string;
  /** Says what was asked and what is allowed ("zoom 12 is outside the supported range 1–10"). */
  readonly message: string;
}

export type SelectResult = SelectSuccess | SelectFailure;

interface State {
  readonly domains: ReadonlyMap<string, Domain>;
  readonly limits: FormatLimits;
}

type Step = { ok: true; state: State } | { ok: false; constraint: string; message: string };

const IDENTITY = new Set(['deviceId', 'groupId', 'facingMode']);
const FORMAT = new Set(FORMAT_PROPERTIES);
const TABLE_ORDER = new Map(VIDEO_PROPERTIES.map((row, i) => [row.name, i]));

function initialState(device: DeviceModel): State {
  const domains = new Map<string, Domain>();
  for (const row of VIDEO_PROPERTIES) if (!FORMAT.has(row.name)) domains.set(row.name, initialDomain(row, device));
  return { domains, limits: NO_LIMITS };
}

function intersect(i: Interval, req: Extract<Requirement, { type: 'number' }>): Interval {
  let { lo, hi } = i;
  for (const b of [req.min, req.exact]) if (b !== undefined) lo = Math.max(lo, b);
  for (const b of [req.max, req.exact]) if (b !== undefined) hi = Math.min(hi, b);
  return { lo, hi };
}

function limitFormat(limits: FormatLimits, name: string, req: Requirement): FormatLimits {
  if (name === 'resizeMode') {
    if (req.type !== 'string') return limits;
    const allowed = limits.resizeMode === undefined ? req.exact : limits.resizeMode.filter((m) => req.exact.includes(m));
    return { ...limits, resizeMode: allowed };
  }
  if (req.type !== 'number') return limits;
  const key = name as 'width' | 'height' | 'aspectRatio' | 'frameRate';
  return { ...limits, [key]: intersect(limits[key], req) };
}

/** Why a format requirement fails: alone against the capability, or together with the others. */
function formatFailure(caps: SourceCapabilities, name: string, req: Requirement): string {
  if (req.type === 'string') {
    const asked = req.exact.map((m) => JSON.stringify(m)).join(', ');
    if (!req.exact.some((m) => caps.resizeModes.includes(m as never))) {
      return `resizeMode ${asked} is not supported; allowed: ${caps.resizeModes.map((m) => JSON.stringify(m)).join(', ')}`;
    }
    return `resizeMode ${asked} cannot be met together with the other size and frame-rate constraints`;
  }
  if (req.type !== 'number') return `${name} cannot be constrained that way`;
  if (req.min !== undefined && req.max !== undefined && req.min > req.max) return `${name} min ${req.min} is greater than max ${req.max}`;
  const alone = limitFormat(NO_LIMITS, name, req);
  if (chooseFormat(caps, alone, {}, referenceFormat(caps)) === undefined) {
    const range = formatRanges(caps)[name as 'width' | 'height' | 'aspectRatio' | 'frameRate'];
    return `${name} ${describeNumber(req)} is outside the supported range ${fmtRange(range)}`;
  }
  return `${name} ${describeNumber(req)} cannot be met together with the other size, aspect-ratio, frame-rate and resize-mode constraints`;
}

/** Narrows `state` by the required constraints of one set, in table order. */
function applySet(state: State, set: NormalizedConstraintSet, inAdvanced: boolean, device: DeviceModel): Step {
  const domains = new Map(state.domains);
  let limits = state.limits;
  for (const row of VIDEO_PROPERTIES) {
    const c = set[row.name];
    if (c === undefined) continue;
    const req = requirement(c, inAdvanced);
    if (req === undefined) continue;
    if (FORMAT.has(row.name)) {
      limits = limitFormat(limits, row.name, req);
      if (chooseFormat(device.capabilities, limits, {}, referenceFormat(device.capabilities)) === undefined) {
        return { ok: false, constraint: row.name, message: formatFailure(device.capabilities, row.name, req) };
      }
      continue;
    }
    const narrowed = narrow(row, domains.get(row.name)!, req);
    if (!narrowed.ok) return { ok: false, constraint: row.name, message: narrowed.message };
    domains.set(row.name, narrowed.domain);
  }
  return { ok: true, state: { domains, limits } };
}

function formatIdeals(basic: NormalizedConstraintSet): FormatIdeals {
  const ideals: FormatIdeals = {};
  for (const name of ['width', 'height', 'aspectRatio', 'frameRate'] as const) {
    const c = basic[name];
    const p = c === undefined ? undefined : preference(c);
    if (p?.type === 'number') ideals[name] = p.ideal;
  }
  const r = basic.resizeMode === undefined ? undefined : preference(basic.resizeMode);
  if (r?.type === 'string') ideals.resizeMode = r.ideal;
  return ideals;
}

type Evaluation = SelectSuccess | SelectFailure;

function evaluate(c: NormalizedConstraints, device: DeviceModel, index: number, strictFirst: boolean): Evaluation {
  if (device.capabilities.videoModes.length === 0) {
    return { ok: false, constraint: '', message: 'the camera reports no video modes' };
  }
  const basic = applySet(initialState(device), c.basic, false, device);
  if (!basic.ok) return basic;
  let state = basic.state;
  for (const [i, set] of c.advanced.entries()) {
    const step = applySet(state, set, true, device);
    if (step.ok) state = step.state;
    // Chromium rejects when the first advanced set cannot be met (crbug 1408091); the spec
    // ignores a set no candidate satisfies (https://w3c.github.io/mediacapture-main/#dfn-selectsettings).
    else if (strictFirst && i === 0) return step;
  }

  const settings: Partial<SourceSettings> = {};
  let fitness = 0;
  for (const row of VIDEO_PROPERTIES) {
    if (FORMAT.has(row.name)) continue;
    const constraint: NormalizedConstraint | undefined = c.basic[row.name];
    const choice = choose(row, state.domains.get(row.name)!, constraint && preference(constraint), currentValue(device.current, row.name));
    fitness += choice.fitness;
    if (choice.value !== undefined && !IDENTITY.has(row.name)) (settings as Record<string, unknown>)[row.name] = choice.value;
  }
  const format = chooseFormat(
    device.capabilities,
    state.limits,
    formatIdeals(c.basic),
    referenceFormat(device.capabilities, device.current),
  );
  if (format === undefined) return { ok: false, constraint: 'width', message: 'no video format satisfies the constraints' };
  fitness += format.fitness;
  return { ok: true, index, device, settings: { ...settings, ...format.format }, fitness };
}

/**
 * SelectSettings over `devices` (one device for applyConstraints). Success carries the chosen
 * device's index and a settings update; failure names a constraint: the earliest in table order
 * among the devices' failures.
 */
export function selectSettings(
  constraints: NormalizedConstraints,
  devices: readonly DeviceModel[],
  options: SelectOptions = {},
): SelectResult {
  if (devices.length === 0) return { ok: false, constraint: '', message: 'no camera is available' };
  const strictFirst = options.behavior?.strictFirstAdvancedSet === true && (options.purpose ?? 'applyConstraints') === 'applyConstraints';
  let best: SelectSuccess | undefined;
  let failure: SelectFailure | undefined;
  devices.forEach((device, index) => {
    const r = evaluate(constraints, device, index, strictFirst);
    if (r.ok) {
      if (best === undefined || r.fitness < best.fitness) best = r;
    } else if (failure === undefined || order(r.constraint) < order(failure.constraint)) {
      failure = r;
    }
  });
  return best ?? failure!;
}

const order = (name: string): number => TABLE_ORDER.get(name) ?? Infinity;

function mentions(c: NormalizedConstraint | undefined): boolean {
  if (c === undefined) return false;
  return !(c.type === 'boolean' && c.bare && c.value.ideal === false);
}

/**
 * The pan/tilt/zoom names a constraints object mentions with a value other than `false`, in any
 * set (https://w3c.github.io/mediacapture-image/#pan: they request the permission; a hidden document rejects them).
 */
export function ptzConstraintNames(c: NormalizedConstraints): string[] {
  return PTZ_PROPERTIES.map((row) => row.name).filter((name) => [c.basic, ...c.advanced].some((set) => mentions(set[name])));
}

/** Whether `c` mentions pan, tilt or zoom with a value other than `false` (https://w3c.github.io/mediacapture-image/#pan). */
export function mentionsPtz(c: NormalizedConstraints): boolean {
  return ptzConstraintNames(c).length > 0;
}
