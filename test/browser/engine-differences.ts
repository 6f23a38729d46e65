/**
 * Where an engine's own MediaStreamTrack, getUserMedia, applyConstraints or fake camera does not
 * behave as a conformance case expects (the page loads the polyfill, which in Firefox and WebKit
 * also completes the image-capture members of the media surface). Each entry names
 * the engine, the conformance case number (and, where a number has several cases, part of the case title),
 * why, and what the case observes there; the browser conformance suites assert that observation,
 * so an engine that changes is noticed. An entry that matches no case fails the suite.
 *
 * Spec text the reasons refer to: https://w3c.github.io/mediacapture-main/#dfn-selectsettings (an
 * unsatisfiable advanced set is ignored) and
 * https://w3c.github.io/mediacapture-main/#dfn-allowed-required-constraints-for-device-selection (other
 * required constraints make getUserMedia throw TypeError).
 */
import type { Behavior, ConformanceCase } from '../conformance/harness.js';

export type EngineName = 'chromium' | 'firefox' | 'webkit';

export interface Difference {
  readonly engine: EngineName;
  /** The conformance case id (ConformanceCase.id). */
  readonly id: number;
  /** Only the cases of that line whose title contains (or matches) this (default: every case of the line). */
  readonly title?: string | RegExp;
  /** Only in runs of this behaviour. */
  readonly behavior?: Behavior;
  readonly reason: string;
  /** What the case reports there: its status, and a pattern its reason matches. */
  readonly observed: { readonly status: 'fail' | 'skip'; readonly reason: RegExp };
}

const GUM_IGNORES_REQUIRED = /expected a rejection with TypeError, but it resolved with \[object MediaStream\]/;

export const ENGINE_DIFFERENCES: readonly Difference[] = [
  // Chromium 156, fake camera, permissions set over CDP.
  {
    engine: 'chromium',
    id: 66,
    title: '{advanced: [{torch: true}]}',
    behavior: 'spec',
    reason: "Chromium's applyConstraints rejects an unsatisfiable advanced[0] instead of ignoring the set as SelectSettings does",
    observed: { status: 'fail', reason: /rejected with OverconstrainedError\{name "OverconstrainedError" \(constraint "torch"\)/ },
  },
  {
    engine: 'chromium',
    id: 74,
    title: 'spec mode',
    behavior: 'spec',
    reason: "Chromium's applyConstraints rejects an unsatisfiable advanced[0] (SelectSettings ignores it), also for pan without permission",
    observed: { status: 'fail', reason: /rejected with OverconstrainedError\{name "OverconstrainedError" \(constraint "pan"\)/ },
  },
  {
    engine: 'chromium',
    id: 79,
    reason: "Chromium's getUserMedia accepts required image-capture constraints instead of throwing TypeError",
    observed: { status: 'fail', reason: GUM_IGNORES_REQUIRED },
  },
  {
    engine: 'chromium',
    id: 80,
    title: 'is allowed and requests',
    reason: "the fake UI (--use-fake-ui-for-media-stream) allows each request without storing a decision, so pan-tilt-zoom stays 'prompt'",
    observed: { status: 'fail', reason: /pan-tilt-zoom permission after the request was answered: expected "granted", got "prompt"/ },
  },
  {
    engine: 'chromium',
    id: 81,
    title: 'getUserMedia({video: {pan: true}})',
    reason: "the fake UI (--use-fake-ui-for-media-stream) allows each request without storing a decision, so pan-tilt-zoom stays 'prompt'",
    observed: { status: 'fail', reason: /pan-tilt-zoom permission after the request was answered: expected "granted", got "prompt"/ },
  },
  {
    engine: 'chromium',
    id: 82,
    title: 'revoking the camera permission',
    reason: 'Chromium keeps the pan-tilt-zoom permission granted when the camera permission is denied (set over CDP Browser.setPermission)',
    observed: { status: 'fail', reason: /pan-tilt-zoom after revoking camera: did not expect "granted"/ },
  },

  // Firefox ESR 153, fake media streams (media.navigator.streams.fake).
  {
    engine: 'firefox',
    id: 44,
    reason: "Firefox's fake camera stays at 640×480: " +
      'applyConstraints({width: {exact: 1280}, height: {exact: 720}}) resolves and changes nothing',
    observed: { status: 'fail', reason: /getSettings\(\) after the change: \[0\]: 640 !== 1280/ },
  },

  // WebKitGTK 2.50 MiniBrowser, mock cameras: "Mock video device 2" (default here) and "1" (limited).
  {
    engine: 'webkit',
    id: 46,
    reason: 'the mock camera reports focusDistance as {min: 0.2} only (no max, no step) and zoom without a step',
    observed: { status: 'fail', reason: /focusDistance: numeric min ≤ max \(got \{"min":0\.2\}\)/ },
  },
  {
    engine: 'webkit',
    id: 47,
    title: "the behaviour's shape",
    reason: 'WebKit reports the torch capability as a plain boolean (true), as Chromium does, not as the spec\'s list of booleans',
    observed: { status: 'fail', reason: /torch capability is \[false\], \[true\] or both values \(got true\)/ },
  },
  {
    engine: 'webkit',
    id: 48,
    reason: 'the mock camera has a focusDistance capability but no focusDistance setting',
    observed: { status: 'fail', reason: /getSettings\(\) has focusDistance \(capability \{"min":0\.2\}\)/ },
  },
  {
    engine: 'webkit',
    id: 49,
    reason: 'the mock camera reports whiteBalanceMode "none", which is not among its whiteBalanceMode capabilities',
    observed: { status: 'fail', reason: /whiteBalanceMode setting "none" is one of \["manual","single-shot","continuous"\]/ },
  },
  {
    engine: 'webkit',
    id: 56,
    title: 'naming focusDistance',
    reason: 'the mock camera reports focusDistance as {min: 0.2} only, so there is no range to step out of',
    observed: { status: 'fail', reason: /getCapabilities\(\)\.focusDistance should be a range \{min, max, step\}, got \{"min":0\.2\}/ },
  },
];

/** Whether difference `d` is about case `c` in a run of `behavior`. */
export function concerns(d: Omit<Difference, 'engine'>, c: ConformanceCase, behavior: Behavior): boolean {
  const title = d.title === undefined || (typeof d.title === 'string' ? c.title.includes(d.title) : d.title.test(c.title));
  return d.id === c.id && title && (!d.behavior || d.behavior === behavior);
}

/** The entries for case `c` in `engine` when running `behavior`. */
export function differencesFor(engine: EngineName, c: ConformanceCase, behavior: Behavior): Difference[] {
  return ENGINE_DIFFERENCES.filter((d) => d.engine === engine && concerns(d, c, behavior));
}

/** Entries of `engine` that matched no case (`matched` holds those that did). */
export function staleDifferences(engine: EngineName, matched: ReadonlySet<object>): Difference[] {
  return ENGINE_DIFFERENCES.filter((d) => d.engine === engine && !matched.has(d));
}
