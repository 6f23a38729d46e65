/**
 * Shared parts of the reliability suites: a runtime over the virtual camera on a ManualClock
 * (a "rig"), observing promises without awaiting them, judging errors against the names the
 * spec allows, snapshots of the state a failed call must leave alone, and leak checks
 * (clock sleepers, listeners, process handles, unhandled rejections).
 */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { flushMicrotasks, ManualClock } from '../../src/backends/clock.js';
import { definePreset, PHONE_BACK, type Preset, VirtualCameraBackend, type VirtualCameraSource } from '../../src/backends/virtual/index.js';
import { ImageCapture, imageCaptureInternals } from '../../src/image-capture/image-capture.js';
import { createRuntime } from '../../src/media/default-runtime.js';
import type { Behavior, Runtime } from '../../src/media/runtime.js';
import type { MediaStreamTrack } from '../../src/media/track.js';
import { VirtualMicrophoneBackend } from '../../src/media/virtual-microphone.js';
import type { MediaSettingsRange, PhotoSettings } from '../../src/spec/types.js';
import { isSentinel } from './values.js';

// A failing property reports the assertion that failed, not only the counterexample.
fc.configureGlobal({ includeErrorInReport: true });

// Unhandled rejections anywhere in a suite are recorded here; every test checks the list is empty.
const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => {
  unhandled.push(reason);
});

/** Fails when any promise was rejected without a handler since the last call. */
export async function assertNoUnhandledRejections(): Promise<void> {
  await flushMicrotasks(4);
  const seen = unhandled.splice(0);
  assert.deepEqual(seen.map(describeError), [], 'no promise may be rejected without a handler');
}

/**
 * The phone's back camera, whose still is a tiny "JPEG" carrying the settings it was shot with
 * as JSON (the fuzz and concurrency suites need thousands of shots, not pixels).
 */
export const QUICK_PHONE: Preset = definePreset({
  takePhoto: (settings) => ({ kind: 'encoded', blob: new Blob([JSON.stringify(settings)], { type: 'image/jpeg' }) }),
});

export interface Rig {
  readonly clock: ManualClock;
  readonly backend: VirtualCameraBackend;
  readonly runtime: Runtime;
  readonly track: MediaStreamTrack;
  readonly capture: ImageCapture;
  readonly source: VirtualCameraSource;
  /** Every track this rig handed out (clones included); close() stops them. */
  readonly tracks: MediaStreamTrack[];
  clone(track?: MediaStreamTrack): MediaStreamTrack;
  /** Stops every track, drains the clock, and checks nothing is left open or waiting. */
  close(): Promise<void>;
}

export interface RigOptions {
  preset?: Preset;
  behavior?: Behavior;
  audio?: boolean;
  video?: unknown;
  /** Page visibility the runtime reports (https://w3c.github.io/mediacapture-image/#pan). */
  visibility?: () => 'visible' | 'hidden';
}

/** A fresh runtime with the virtual camera on a ManualClock, one live track and an ImageCapture. */
export async function openRig(options: RigOptions = {}): Promise<Rig> {
  const clock = new ManualClock();
  const backend = new VirtualCameraBackend({ clock, presets: [options.preset ?? QUICK_PHONE] });
  const runtime = createRuntime({
    backends: [backend],
    audioBackends: options.audio ? [new VirtualMicrophoneBackend({ clock })] : [],
    behavior: options.behavior ?? 'spec',
    ...(options.visibility ? { visibilityState: options.visibility } : {}),
  });
  const stream = await runtime.mediaDevices.getUserMedia({ video: options.video ?? true });
  const track = stream.getVideoTracks()[0]!;
  const source = backend.control.sources[0]!;
  const tracks = [track];
  const rig: Rig = {
    clock,
    backend,
    runtime,
    track,
    capture: new ImageCapture(track),
    source,
    tracks,
    clone(of = track) {
      const c = of.clone();
      tracks.push(c);
      return c;
    },
    async close() {
      for (const t of tracks) t.stop();
      await clock.advance(5000);
      assert.equal(backend.control.sources.length, 0, 'every source is closed once its tracks stopped');
      assert.equal(clock.pending, 0, 'no sleeper is left on the clock');
      for (const type of ['ended', 'mute', 'unmute']) {
        assert.equal(getEventListeners(source, type).length, 0, `no '${type}' listener is left on the source`);
      }
    },
  };
  return rig;
}

/** Counts the outcomes of a property's cases, for its summary line (`t.diagnostic`). */
export class Tally {
  readonly counts: Record<string, number> = {};
  cases = 0;
  add(outcome: string): void {
    this.cases++;
    this.counts[outcome] = (this.counts[outcome] ?? 0) + 1;
  }
  line(name: string): string {
    return `${name}: ${this.cases} cases; outcomes ${JSON.stringify(this.counts)}`;
  }
}

/** A promise watched without being awaited. */
export interface Observed<T> {
  readonly promise: Promise<T>;
  readonly state: 'pending' | 'fulfilled' | 'rejected';
  readonly value: T | undefined;
  readonly reason: unknown;
  /** Order in which it settled among all observed promises (0 while pending). */
  readonly order: number;
}

let settleCounter = 0;

export function observe<T>(promise: Promise<T>): Observed<T> {
  const o = { promise, state: 'pending', value: undefined, reason: undefined, order: 0 } as {
    -readonly [K in keyof Observed<T>]: Observed<T>[K];
  };
  promise.then(
    (v) => {
      o.state = 'fulfilled';
      o.value = v;
      o.order = ++settleCounter;
    },
    (e: unknown) => {
      o.state = 'rejected';
      o.reason = e;
      o.order = ++settleCounter;
    },
  );
  return o;
}

/**
 * Calls `f` and returns what it produced as a promise outcome: a synchronous throw from a
 * promise-returning method is itself a defect, reported as such.
 */
export function callAsync<T>(f: () => Promise<T>, what: string): Observed<T> {
  let result: Promise<T>;
  try {
    result = f();
  } catch (err) {
    assert.fail(`${what} threw synchronously (${describeError(err)}); a promise-returning method must reject instead`);
  }
  assert.ok(result && typeof result.then === 'function', `${what} must return a promise`);
  return observe(result);
}

/**
 * Moves the clock in steps until every promise settled; fails after `limitMs` of clock time.
 * When nothing waits on the clock, the pending work is real (encoding on the thread pool, a
 * child process): then the promises themselves are awaited, with a 10 s safety net.
 */
export async function settle(
  clock: ManualClock | undefined,
  list: readonly Observed<unknown>[],
  limitMs = 3000,
  stepMs = 40,
): Promise<void> {
  await flushMicrotasks(2);
  for (let spent = 0; list.some((o) => o.state === 'pending');) {
    if (clock && clock.pending > 0) {
      if (spent >= limitMs) break;
      await clock.advance(stepMs);
      spent += stepMs;
      continue;
    }
    if (!(await settledWithin(list, 10_000))) break;
  }
  const left = list.filter((o) => o.state === 'pending').length;
  if (left > 0) assert.fail(`${left} promise(s) still pending (clock sleepers: ${clock?.pending ?? 'no clock'})`);
}

/** Waits until one more of the promises settles; false after `ms` of real time (a safety net). */
async function settledWithin(list: readonly Observed<unknown>[], ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const pending = list.filter((o) => o.state === 'pending').map((o) => o.promise.then(() => true, () => true));
  try {
    return await Promise.race([expired, ...pending]);
  } finally {
    clearTimeout(timer);
    await flushMicrotasks(1);
  }
}

/** The name a test reports for an error: "TypeError", a DOMException's name, "sentinel", or "other: …". */
export function describeError(e: unknown): string {
  if (isSentinel(e)) return 'sentinel';
  if (e instanceof DOMException) return e.name;
  if (e instanceof TypeError) return 'TypeError';
  if (e instanceof RangeError) return 'RangeError';
  if (e instanceof Error) return `other: ${e.constructor.name}: ${e.message}`;
  return `other: ${typeof e}: ${String(e)}`;
}

/**
 * TypeErrors the engine itself makes where ECMAScript/WebIDL say TypeError: a revoked proxy was
 * touched, an object had no usable toString/valueOf, ToString/ToNumber met a symbol or a bigint
 * inside a user value (e.g. `[Symbol()]` converted to a number joins the array), a class was
 * called without `new`. Any other engine TypeError ("x is not a function", "Cannot read private
 * member") means a check is missing.
 */
const ENGINE_TYPE_ERRORS = [
  /proxy that has been revoked/,
  /Cannot convert object to primitive value/,
  /Cannot convert a Symbol value to a (string|number)/,
  /Cannot convert a BigInt value to a number/,
  /cannot be invoked without 'new'/,
];

/**
 * Checks that `e` is one of the `allowed` names. TypeErrors must come from the library (their
 * message says what failed: "Failed to …") or be one of the engine's WebIDL-mandated ones.
 * "sentinel" allows a value thrown by the argument's own getters, traps or conversions.
 */
export function assertAllowedError(e: unknown, allowed: readonly string[], what: string): string {
  const name = describeError(e);
  assert.ok(
    allowed.includes(name),
    `${what} failed with ${name}${e instanceof Error ? ` (${e.message})` : ''}; allowed: ${allowed.join(', ')}`,
  );
  if (name === 'TypeError' && !isSentinel(e)) {
    const message = (e as Error).message;
    assert.ok(
      message.startsWith('Failed to') || ENGINE_TYPE_ERRORS.some((re) => re.test(message)),
      `${what} failed with an unexpected engine TypeError: "${message}" (a check is missing)`,
    );
  }
  return name;
}

export interface StateSnapshot {
  settings: unknown;
  constraints: unknown;
  photo: PhotoSettings | undefined;
}

/** What a failed call must not change: the track's settings and constraints, the photo settings. */
export async function snapshot(track: MediaStreamTrack, capture?: ImageCapture): Promise<StateSnapshot> {
  const photo = capture && track.readyState === 'live' ? await capture.getPhotoSettings() : undefined;
  return { settings: track.getSettings(), constraints: track.getConstraints(), photo };
}

export async function assertUnchanged(
  before: StateSnapshot,
  track: MediaStreamTrack,
  capture: ImageCapture | undefined,
  what: string,
): Promise<void> {
  const after = await snapshot(track, capture);
  assert.deepEqual(after, before, `${what} failed but changed the track's or the photo's state`);
}

/** Every setting lies within its capability (https://w3c.github.io/mediacapture-image/#mediatrackcapabilities-section). */
export function assertSettingsWithinCapabilities(track: MediaStreamTrack, what: string): void {
  const caps = track.getCapabilities() as Record<string, unknown>;
  const settings = track.getSettings() as Record<string, unknown>;
  for (const [name, value] of Object.entries(settings)) {
    const cap = caps[name];
    if (typeof value === 'number' && cap && typeof cap === 'object' && !Array.isArray(cap)) {
      const r = cap as MediaSettingsRange;
      assert.ok(Number.isFinite(value), `${what}: setting ${name} is ${value}`);
      if (r.min !== undefined) assert.ok(value >= r.min - 1e-9, `${what}: ${name} ${value} < min ${r.min}`);
      if (r.max !== undefined) assert.ok(value <= r.max + 1e-9, `${what}: ${name} ${value} > max ${r.max}`);
    } else if (typeof value === 'string' && Array.isArray(cap) && name !== 'deviceId' && name !== 'groupId') {
      assert.ok((cap as unknown[]).includes(value), `${what}: ${name} "${value}" is not among ${JSON.stringify(cap)}`);
    }
  }
}

/** Counts of the process's active resources by type (timers, sockets, child processes…). */
export function resourceCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

/**
 * Fails when any resource type (of `types`, default all) has more entries than at `baseline`.
 * A closed handle leaves the list only in a later turn of the event loop (libuv closes it
 * asynchronously), so the check is retried for up to 100 turns before it fails.
 */
export async function assertNoNewResources(baseline: Record<string, number>, what: string, types?: readonly string[]): Promise<void> {
  const grown = (): [string, number][] =>
    Object.entries(resourceCounts()).filter(([k, n]) => n > (baseline[k] ?? 0) && (!types || types.includes(k)));
  for (let turn = 0; turn < 100 && grown().length > 0; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
  assert.deepEqual(
    grown(),
    [],
    `${what} left resources open (now ${JSON.stringify(resourceCounts())}, before ${JSON.stringify(baseline)})`,
  );
}

/** Handles that mean a leak: child processes, sockets, servers, timers. */
export const LEAK_TYPES: readonly string[] = ['ProcessWrap', 'PipeWrap', 'TCPWrap', 'TCPSocketWrap', 'TCPServerWrap', 'Timeout'];

/** Abort listeners on the track's ended signal (each pending ImageCapture call holds one). */
export function endedListeners(capture: ImageCapture): number {
  return getEventListeners(imageCaptureInternals(capture).target.endedSignal, 'abort').length;
}

export { PHONE_BACK };
