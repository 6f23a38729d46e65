/**
 * gUM applyConstraints() for a camera track, (https://w3c.github.io/mediacapture-main/#dfn-applyconstraints-algorithm): visibility check
 * for pan/tilt/zoom, selection (which names the failing constraint), then one all-or-nothing
 * device update. Nothing is changed when any step fails.
 */
import type { CameraSource } from '../backends/backend.js';
import { mentionsPtz, selectSettings } from '../constraints/select-settings.js';
import { operationError, securityError } from '../spec/errors.js';
import { overconstrained } from '../spec/overconstrained.js';
import type { NormalizedConstraints } from '../spec/types.js';
import type { TrackContext } from './context.js';

const ctx = "Failed to execute 'applyConstraints' on 'MediaStreamTrack'";

export async function applyToDevice(
  context: Pick<TrackContext, 'visibilityState' | 'behaviorRecord'>,
  source: CameraSource,
  constraints: NormalizedConstraints,
  ptzAllowed: boolean,
): Promise<void> {
  // https://w3c.github.io/mediacapture-image/#pan: moving the camera while the page is hidden is a SecurityError.
  if (context.visibilityState() === 'hidden' && mentionsPtz(constraints)) {
    throw securityError(`${ctx}: pan, tilt and zoom cannot be changed while the document is hidden.`);
  }
  // https://w3c.github.io/mediacapture-main/#dfn-selectsettings
  const result = selectSettings(
    constraints,
    [{
      deviceId: source.info.deviceId,
      groupId: source.info.groupId,
      facingMode: source.info.facingMode,
      capabilities: source.capabilities(),
      ptzAllowed,
      current: source.settings(),
    }],
    { behavior: context.behaviorRecord, purpose: 'applyConstraints' },
  );
  if (!result.ok) throw overconstrained(result.constraint, `${ctx}: ${result.message}`);
  // https://w3c.github.io/mediacapture-main/#dfn-applyconstraints-algorithm: one update, applied together or
  // not at all. Only what the constraints name or what selection changed is sent, so an unrelated call does
  // not restart a single-shot sweep.
  try {
    await source.configure(onlyRequested(result.settings, source.settings(), constraints));
  } catch (err) {
    throw operationError(`${ctx}: the camera could not apply the settings (${(err as Error)?.message ?? String(err)}).`);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** The part of a complete settings update that the constraints name or that differs from now. */
export function onlyRequested<T extends object>(update: T, current: object, constraints: NormalizedConstraints): Partial<T> {
  const named = new Set<string>([
    ...Object.keys(constraints.basic),
    ...constraints.advanced.flatMap((set) => Object.keys(set)),
  ]);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (named.has(key) || !sameValue(value, (current as Record<string, unknown>)[key])) out[key] = value;
  }
  return out as Partial<T>;
}
