/**
 * The conformance harness: one behaviour suite for every backend and every browser.
 *
 * How it fits together
 * - A *case* (`ConformanceCase`, in cases/*.ts) checks one behaviour, numbered by `id` (grouped
 *   by topic: 1–10 exposure and construction, 11–26 takePhoto, 27–35 photo state, 36–44 grabFrame, 45–52 track
 *   capabilities and settings, 53–71 applyConstraints, 72–83 pan/tilt/zoom). Cases talk only to the standard API (ImageCapture,
 *   MediaStreamTrack, mediaDevices, permissions) reached through an *env*; they import nothing but
 *   this folder, so the same files run in Node (node.test.ts) and, bundled with esbuild, inside a
 *   browser page (run-in-page.ts).
 * - An *env* (`ConformanceEnv`) is what a runner builds from its platform: the standard objects,
 *   the `behavior` whose expectations apply ('spec' or 'chromium', docs/behaviour.md section 2),
 *   `features` it declares, and OPTIONAL hooks for what the standard API cannot do (set a
 *   permission, hide the page, make the camera fail, stall frames, drive a manual clock, read an
 *   ImageBitmap's pixels, open special cameras). Hooks are called as plain functions (never rely
 *   on `this`).
 * - A case lists what it `needs`; each entry is the name of a hook or member the env has, the
 *   name of a truthy feature, or `prop:<name>` (the default camera has that image-capture
 *   property, PTZ granted, as listed in `features.properties`); `a|b` accepts either. A case whose
 *   needs are unmet, or whose `behavior` is not the env's, is reported as skipped with the reason;
 *   it is never silently passed. A case may also skip itself at run time (`CaseSkipped`) when a
 *   hook answers that the env cannot show the behaviour.
 * - `runCase` wraps the env into a `CaseEnv` that adds helpers (open tracks it owns, drive time
 *   until a promise settles, wait for a setting to converge) and stops every track the case
 *   obtained when it ends, pass or fail. Assertions (`Assert`) compare DOMException names and
 *   TypeErrors against the env's own realm and say what was expected and what happened.
 * - Time: with `advanceTime` (a manual clock, as in Node) every wait is driven through it and
 *   nothing sleeps; without it (a browser), `settle` simply awaits and `pass`/`waitUntil` wait in
 *   real time, bounded.
 * - The env must be a plain object whose hooks are its own properties (the CaseEnv copies them).
 */

import { Assert, AssertionFailure, CaseSkipped } from './assert.js';

export { Assert, AssertionFailure, CaseSkipped, describeValue } from './assert.js';

/** A dictionary as the API hands them out (capabilities, settings, constraints). */
export type Dict = Record<string, any>;

export type Behavior = 'spec' | 'chromium';
export type Tag = 'S' | 'C' | 'W' | 'P';
export type PermissionStateName = 'granted' | 'denied' | 'prompt';
export type FailOp = 'takePhoto' | 'grabFrame' | 'photoState' | 'configure';

/** The parts of MediaStreamTrack the cases use. */
export interface TrackLike extends EventTarget {
  readonly kind: string;
  readonly id: string;
  readonly label: string;
  enabled: boolean;
  readonly muted: boolean;
  readonly readyState: string;
  stop(): void;
  clone(): TrackLike;
  getCapabilities(): Dict;
  getSettings(): Dict;
  getConstraints(): Dict;
  applyConstraints(constraints?: unknown): Promise<unknown>;
}

export interface StreamLike {
  getTracks(): TrackLike[];
  getVideoTracks(): TrackLike[];
  getAudioTracks(): TrackLike[];
}

export interface BitmapLike {
  readonly width: number;
  readonly height: number;
  close(): void;
}

export interface ImageCaptureLike {
  readonly track: TrackLike;
  takePhoto(photoSettings?: unknown): Promise<Blob>;
  getPhotoCapabilities(): Promise<Dict>;
  getPhotoSettings(): Promise<Dict>;
  grabFrame(): Promise<BitmapLike>;
}

export interface ImageCaptureConstructor {
  new (...args: unknown[]): ImageCaptureLike;
  readonly prototype: object;
  readonly length: number;
}

export interface MediaDevicesLike {
  getUserMedia(constraints?: unknown): Promise<StreamLike>;
  getSupportedConstraints(): Dict;
  enumerateDevices?(): Promise<unknown[]>;
}

export interface PermissionsLike {
  query(descriptor: unknown): Promise<{ readonly state: string }>;
}

/** RGBA pixels, rows packed. */
export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly data: ArrayLike<number>;
}

/** What an env declares about itself. */
export interface ConformanceFeatures {
  /** Image-capture properties the default camera has (with PTZ permission): `prop:<name>` needs. */
  readonly properties?: readonly string[];
  /** getUserMedia({audio:true}) yields an audio track (unless the audioTrack hook is given). */
  readonly audio?: boolean;
  /** The documented policy for overlapping takePhoto calls (case 24). */
  readonly photoOverlap?: 'queue' | 'reject';
  /** The device simulates a stop/restart around a still: mute then unmute (case 23). */
  readonly photoMuteCycle?: boolean;
  /** Frames change from one to the next (a moving scene or a time code). */
  readonly framesChange?: boolean;
  /** The camera's pixels respond to exposure/white-balance settings as a real camera's do. */
  readonly sceneResponds?: boolean;
  /**
   * This project's implementation (the choices of docs/behaviour.md apply: step quantising, single-shot
   * freezing, UnknownError for grabFrame overlap/timeout).
   */
  readonly projectPolicies?: boolean;
  /** The only photo sizes the default camera shoots, when it has a fixed list (case 18). */
  readonly photoSizes?: readonly (readonly [number, number])[];
  readonly [other: string]: unknown;
}

/** The known test pattern a `patternTrack` shows: four quadrants, scaled to the frame. */
export const PATTERN_QUADRANTS: readonly (readonly [number, number, number])[] = [
  [224, 32, 32], // top-left
  [32, 192, 64], // top-right
  [48, 64, 224], // bottom-left
  [240, 240, 240], // bottom-right
];

/** The pattern's colour at (x, y) in a w×h frame. */
export function patternColorAt(x: number, y: number, w: number, h: number): readonly [number, number, number] {
  const right = x >= w / 2 ? 1 : 0;
  const bottom = y >= h / 2 ? 2 : 0;
  return PATTERN_QUADRANTS[right + bottom]!;
}

export interface ConformanceEnv {
  readonly name: string;
  /** Which expectations apply where the spec and Chromium differ. */
  readonly behavior: Behavior;
  readonly ImageCapture: ImageCaptureConstructor;
  readonly MediaStreamTrack: abstract new (...args: never[]) => unknown;
  readonly mediaDevices: MediaDevicesLike;
  readonly permissions?: PermissionsLike;
  /** The realm's TypeError, DOMException and, where it has one, OverconstrainedError (default: this global's). */
  readonly realm?: {
    readonly TypeError: abstract new (...args: never[]) => unknown;
    readonly DOMException: abstract new (...args: never[]) => unknown;
    readonly OverconstrainedError?: abstract new (...args: never[]) => unknown;
  };
  readonly features: ConformanceFeatures;

  /** Whether the global `ImageCapture` exists in a context of that kind; undefined when the env cannot make one (case 1). */
  probeGlobal?(context: 'secure' | 'insecure' | 'worker'): Promise<boolean | undefined>;
  /** Sets what the user decided for a permission, e.g. ({name:'camera', panTiltZoom:true}, 'denied'). */
  setPermission?(descriptor: { name: 'camera'; panTiltZoom?: boolean }, state: PermissionStateName): Promise<void> | void;
  /** How later permission prompts are answered ('dismiss': nobody answers). */
  answerPrompts?(answer: 'granted' | 'denied' | 'dismiss'): void;
  /** Makes the document hidden or visible (https://w3c.github.io/mediacapture-image/#pan). */
  setHidden?(hidden: boolean): Promise<void> | void;
  /** A live audio track (otherwise getUserMedia({audio:true}) when features.audio). */
  audioTrack?(): Promise<TrackLike>;
  /** A camera without torch, pan/tilt/zoom, controllable red-eye reduction or a full flash set. */
  limitedCameraTrack?(): Promise<TrackLike>;
  /** A video track whose source cannot take photos (case 26). */
  photolessTrack?(): Promise<TrackLike>;
  /** A video track showing PATTERN_QUADRANTS (case 37). */
  patternTrack?(): Promise<TrackLike>;
  /** Makes the next such operation of the camera fail. */
  failNext?(op: FailOp): void;
  /**
   * Stops (true) or restarts (false) frame delivery, the track staying live. A real-time env
   * returns a promise that settles once the frames already on their way have arrived.
   */
  stallFrames?(on: boolean): void | Promise<void>;
  /** Moves a manual clock forward; time-dependent waits are driven through it. */
  advanceTime?(ms: number): Promise<void>;
  /** The RGBA pixels of an ImageBitmap. */
  readPixels?(bitmap: BitmapLike): Promise<Pixels>;
  /** Called after each case (restore visibility, permissions…). */
  reset?(): Promise<void> | void;
}

/** The env as a case sees it: the env plus helpers the harness provides. */
export interface CaseEnv extends ConformanceEnv {
  /** A live video track from getUserMedia({video: constraints ?? true}), stopped after the case. */
  openVideo(constraints?: unknown): Promise<TrackLike>;
  /** A live audio track (hook or getUserMedia), stopped after the case. */
  openAudio(): Promise<TrackLike>;
  /** Registers a track (e.g. a clone) to be stopped after the case. */
  own<T extends TrackLike>(track: T): T;
  /** Resolves like `promise`, driving the manual clock (if any) until it settles. */
  settle<T>(promise: Promise<T>, maxMs?: number): Promise<T>;
  /** Drives time until `predicate()` holds; fails with `what` after maxMs (of env time). */
  waitUntil(predicate: () => boolean, what: string, maxMs?: number): Promise<void>;
  /** Lets env time pass (manual clock) or a few real turns of the event loop. */
  pass(ms: number): Promise<void>;
}

export interface ConformanceCase {
  /** The behaviour's number (see the top of this file). */
  readonly id: number;
  readonly title: string;
  readonly tags: readonly Tag[];
  readonly needs?: readonly string[];
  /** Only run in this behaviour. */
  readonly behavior?: Behavior;
  run(env: CaseEnv, assert: Assert): Promise<void>;
}

export type CaseStatus = 'pass' | 'fail' | 'skip';

export interface CaseResult {
  readonly id: number;
  readonly title: string;
  readonly status: CaseStatus;
  /** Why it was skipped, or what failed. */
  readonly reason?: string;
  readonly stack?: string;
}

/** Ids of the legacy (2013) lines, checked by the legacy suite, not here. */
export const RESERVED_LEGACY_IDS: readonly number[] = [84, 85, 86, 87, 88, 89];

/** Why `c` cannot run in `env`, or undefined when it can. */
export function skipReason(c: ConformanceCase, env: ConformanceEnv): string | undefined {
  if (c.behavior && c.behavior !== env.behavior) return `applies to ${c.behavior} behaviour only; ${env.name} runs ${env.behavior}`;
  const missing: string[] = [];
  const has = (need: string): boolean =>
    need.startsWith('prop:')
      ? (env.features.properties ?? []).includes(need.slice(5))
      : (env as unknown as Dict)[need] != null || Boolean(env.features[need]);
  for (const need of c.needs ?? []) {
    // "a|b": either will do.
    if (!need.split('|').some(has)) missing.push(need.replace(/prop:/g, 'camera property ').replace(/\|/g, ' or '));
  }
  return missing.length ? `${env.name} lacks ${missing.join(', ')}` : undefined;
}

const DEFAULT_SETTLE_MS = 10_000;
const STEP_MS = 5;

/** Real time, for envs without a manual clock (browsers). */
function realDelay(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

/** Builds the CaseEnv for one case; `cleanup()` stops what the case obtained. */
export function caseEnv(env: ConformanceEnv): { env: CaseEnv; cleanup: () => Promise<void> } {
  const owned = new Set<TrackLike>();
  const own = <T extends TrackLike>(track: T): T => {
    owned.add(track);
    return track;
  };
  const raw = env.mediaDevices;
  const mediaDevices: MediaDevicesLike = {
    getUserMedia: async (constraints?: unknown) => {
      const stream = await raw.getUserMedia(constraints);
      for (const t of stream.getTracks()) own(t);
      return stream;
    },
    getSupportedConstraints: () => raw.getSupportedConstraints(),
    ...(raw.enumerateDevices ? { enumerateDevices: () => raw.enumerateDevices!() } : {}),
  };
  const pass = async (ms: number): Promise<void> => {
    if (env.advanceTime) await env.advanceTime(ms);
    else await realDelay(ms);
  };
  const helpers = {
    mediaDevices,
    own,
    async openVideo(constraints?: unknown): Promise<TrackLike> {
      const stream = await mediaDevices.getUserMedia({ video: constraints ?? true });
      const track = stream.getVideoTracks()[0];
      if (!track) throw new AssertionFailure('getUserMedia resolved without a video track');
      return track;
    },
    async openAudio(): Promise<TrackLike> {
      if (env.audioTrack) return own(await env.audioTrack());
      const stream = await mediaDevices.getUserMedia({ audio: true });
      const track = stream.getAudioTracks()[0];
      if (!track) throw new AssertionFailure('getUserMedia({audio:true}) resolved without an audio track');
      return track;
    },
    async settle<T>(promise: Promise<T>, maxMs = DEFAULT_SETTLE_MS): Promise<T> {
      if (!env.advanceTime) return promise;
      let settled = false;
      promise.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (let t = 0; !settled && t < maxMs; t += STEP_MS) await env.advanceTime(STEP_MS);
      return promise;
    },
    async waitUntil(predicate: () => boolean, what: string, maxMs = DEFAULT_SETTLE_MS): Promise<void> {
      const step = env.advanceTime ? STEP_MS : 20;
      for (let t = 0; t <= maxMs; t += step) {
        if (predicate()) return;
        if (env.advanceTime) await env.advanceTime(step);
        else await realDelay(step);
      }
      if (!predicate()) throw new AssertionFailure(`timed out after ${maxMs} ms waiting until ${what}`);
    },
    pass,
  };
  const wrapped = Object.assign(Object.create(null) as object, env, helpers) as CaseEnv;
  const cleanup = async (): Promise<void> => {
    for (const t of owned) {
      try {
        t.stop();
      } catch {
        /* a track that cannot be stopped is reported by the env's own leak checks */
      }
    }
    owned.clear();
    await env.reset?.();
  };
  return { env: wrapped, cleanup };
}

export interface RunOptions {
  /** Real-time limit for one case (a hung promise fails the case instead of the run). */
  readonly timeoutMs?: number;
}

/** Runs one case; never throws. Every track the case obtained is stopped afterwards. */
export async function runCase(c: ConformanceCase, env: ConformanceEnv, options: RunOptions = {}): Promise<CaseResult> {
  const skip = skipReason(c, env);
  if (skip) return { id: c.id, title: c.title, status: 'skip', reason: skip };
  const { env: ce, cleanup } = caseEnv(env);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit =
    options.timeoutMs === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AssertionFailure(`the case did not finish within ${options.timeoutMs} ms`)), options.timeoutMs);
      });
  let result: CaseResult;
  try {
    const run = c.run(ce, new Assert(env));
    await (limit ? Promise.race([run, limit]) : run);
    result = { id: c.id, title: c.title, status: 'pass' };
  } catch (err) {
    if (err instanceof CaseSkipped) {
      result = { id: c.id, title: c.title, status: 'skip', reason: err.message };
    } else {
      const e = err as { message?: unknown; stack?: unknown; name?: unknown };
      const message = err instanceof AssertionFailure ? err.message : `${String(e?.name ?? 'Error')}: ${String(e?.message ?? err)}`;
      result = { id: c.id, title: c.title, status: 'fail', reason: message, ...(typeof e?.stack === 'string' ? { stack: e.stack } : {}) };
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
  try {
    await cleanup();
  } catch (err) {
    if (result.status === 'pass') result = { id: c.id, title: c.title, status: 'fail', reason: `cleanup failed: ${String(err)}` };
  }
  return result;
}

/** The test name runners use: `#<id> <title>`. */
export function caseName(c: ConformanceCase): string {
  return `#${c.id} ${c.title}`;
}
