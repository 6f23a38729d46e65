/**
 * Backs the browser's video tracks by the mock: MediaStreamTrack.prototype's getCapabilities,
 * getSettings, getConstraints, applyConstraints and clone are replaced while a mock is
 * initialized, so every live video track — getUserMedia's, canvas.captureStream()'s — reports
 * the mock's image-capture capabilities and settings and sends its image-capture constraints to
 * the mock. The video format (size, frame rate, device) stays the browser's. `restore()` puts the
 * original property descriptors back exactly.
 */
import { convertConstraints, constraintsToDictionary } from '../../constraints/convert.js';
import { VIDEO_PROPERTIES } from '../../constraints/properties.js';
import { mentionsPtz, selectSettings } from '../../constraints/select-settings.js';
import { trackCapabilities, trackSettings } from '../../constraints/views.js';
import { onlyRequested } from '../../media/apply-constraints.js';
import { CHROMIUM_BEHAVIOR } from '../../spec/behavior.js';
import { securityError } from '../../spec/errors.js';
import { overconstrained } from '../../spec/overconstrained.js';
import type { NormalizedConstraints, NormalizedConstraintSet } from '../../spec/types.js';
import * as webidl from '../../spec/webidl.js';
import { hasImageCaptureKeys, type FormatCapabilities, type MockImageCapture } from '../mock-image-capture.js';

const PATCHED_METHODS = ['getCapabilities', 'getSettings', 'getConstraints', 'applyConstraints', 'clone'] as const;
type Method = (typeof PATCHED_METHODS)[number];

const IMAGE_CAPTURE = new Set(VIDEO_PROPERTIES.filter((r) => r.imageCapture).map((r) => r.name));
const NO_FORMAT: FormatCapabilities = { videoModes: [], resizeModes: [], minFrameRate: 0 };

type Dict = Record<string, unknown>;
type Native = { [K in Method]: (this: MediaStreamTrack, ...args: unknown[]) => unknown };

function pick(dict: Dict, keep: (key: string) => boolean): Dict {
  const out: Dict = {};
  for (const [k, v] of Object.entries(dict)) if (keep(k)) out[k] = v;
  return out;
}

function splitSet(set: NormalizedConstraintSet, imageCapture: boolean): NormalizedConstraintSet {
  const out: NormalizedConstraintSet = {};
  for (const [k, v] of Object.entries(set)) if (IMAGE_CAPTURE.has(k) === imageCapture) out[k] = v;
  return out;
}

/** The part of converted constraints about image-capture properties (or about the others). */
function part(c: NormalizedConstraints, imageCapture: boolean): NormalizedConstraints {
  return { basic: splitSet(c.basic, imageCapture), advanced: c.advanced.map((s) => splitSet(s, imageCapture)) };
}

function isEmpty(c: NormalizedConstraints): boolean {
  return Object.keys(c.basic).length === 0 && c.advanced.every((s) => Object.keys(s).length === 0);
}

export interface TrackPatch {
  /** Puts the original methods back. */
  restore(): void;
}

/** Replaces the track methods; `ptzAllowed` says whether pan, tilt and zoom are shown and settable. */
export function patchTracks(mock: MockImageCapture, ptzAllowed: () => boolean): TrackPatch {
  const proto = MediaStreamTrack.prototype as unknown as Record<string, unknown>;
  const originals = new Map(PATCHED_METHODS.map((m) => [m, Object.getOwnPropertyDescriptor(proto, m)]));
  const native = Object.fromEntries(
    PATCHED_METHODS.map((m) => [m, (originals.get(m)?.value as Native[Method] | undefined) ?? (() => ({}))]),
  ) as Native;
  const kind = Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, 'kind')!.get!;
  const readyState = Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, 'readyState')!.get!;
  const constraints = new WeakMap<MediaStreamTrack, Dict>();
  /** Mock-backed: a live video track (others keep the browser's behaviour). */
  const backed = (track: MediaStreamTrack): boolean => kind.call(track) === 'video' && readyState.call(track) === 'live';
  const identity = (s: Dict): { deviceId: string; groupId: string } => ({
    deviceId: String(s.deviceId ?? ''),
    groupId: String(s.groupId ?? ''),
  });
  const nativeSettings = (track: MediaStreamTrack): Dict => native.getSettings.call(track) as Dict;

  const methods: Native = {
    getCapabilities() {
      if (!backed(this)) return native.getCapabilities.call(this);
      const own = pick(native.getCapabilities.call(this) as Dict, (k) => !IMAGE_CAPTURE.has(k));
      const ic = trackCapabilities(identity(own), mock.capabilities(NO_FORMAT), { ptzAllowed: ptzAllowed(), behavior: CHROMIUM_BEHAVIOR });
      return { ...own, ...pick(ic as Dict, (k) => IMAGE_CAPTURE.has(k)) };
    },
    getSettings() {
      if (!backed(this)) return native.getSettings.call(this);
      const own = pick(nativeSettings(this), (k) => !IMAGE_CAPTURE.has(k));
      const format = {
        width: Number(own.width ?? 0),
        height: Number(own.height ?? 0),
        frameRate: Number(own.frameRate ?? 0),
        resizeMode: 'none' as const,
      };
      const ic = trackSettings(identity(own), mock.settings(format), { ptzAllowed: ptzAllowed(), behavior: CHROMIUM_BEHAVIOR });
      return { ...own, ...pick(ic as Dict, (k) => IMAGE_CAPTURE.has(k)) };
    },
    getConstraints() {
      const stored = constraints.get(this);
      return stored ? structuredClone(stored) : native.getConstraints.call(this);
    },
    applyConstraints(value?: unknown) {
      if (!backed(this)) return native.applyConstraints.call(this, value);
      const ctx = webidl.methodContext('MediaStreamTrack', 'applyConstraints');
      const track = this;
      return (async () => {
        const converted = convertConstraints(value, 'video', `${ctx}: parameter 1`);
        // https://w3c.github.io/mediacapture-image/#pan: a hidden document may not move the camera
        if (document.visibilityState === 'hidden' && mentionsPtz(converted)) {
          throw securityError(`${ctx}: pan, tilt and zoom cannot be changed while the document is hidden.`);
        }
        const rest = part(converted, false);
        if (!isEmpty(rest)) await native.applyConstraints.call(track, constraintsToDictionary(rest));
        const ic = part(converted, true);
        const s = nativeSettings(track);
        const mode = { width: Number(s.width) || 640, height: Number(s.height) || 480, frameRate: Number(s.frameRate) || 30 };
        const format = { videoModes: [mode], resizeModes: ['none', 'crop-and-scale'] as const, minFrameRate: 1 };
        const current = mock.settings({ ...mode, resizeMode: 'none' });
        // https://w3c.github.io/mediacapture-main/#dfn-selectsettings, with Chromium's strict first advanced set.
        const result = selectSettings(
          ic,
          [{
            ...identity(s),
            capabilities: mock.capabilities({ ...format, resizeModes: [...format.resizeModes] }),
            ptzAllowed: ptzAllowed(),
            current,
          }],
          { behavior: CHROMIUM_BEHAVIOR, purpose: 'applyConstraints' },
        );
        if (!result.ok) throw overconstrained(result.constraint, `${ctx}: ${result.message}`);
        const update = pick(onlyRequested(result.settings, current, ic) as Dict, (k) => IMAGE_CAPTURE.has(k));
        if (hasImageCaptureKeys(update)) mock.sendSettings(update);
        constraints.set(track, constraintsToDictionary(converted));
        return undefined;
      })();
    },
    clone() {
      const copy = native.clone.call(this) as MediaStreamTrack;
      const stored = constraints.get(this);
      if (stored) constraints.set(copy, structuredClone(stored));
      return copy;
    },
  };

  for (const m of PATCHED_METHODS) {
    Object.defineProperty(
      proto,
      m,
      { value: methods[m], writable: true, configurable: true, enumerable: originals.get(m)?.enumerable ?? true },
    );
  }
  return {
    restore() {
      for (const m of PATCHED_METHODS) {
        const desc = originals.get(m);
        if (desc) Object.defineProperty(proto, m, desc);
        else delete proto[m];
      }
    },
  };
}
