/**
 * gUM applyConstraints() for a camera track, in the order of reference §4.5: visibility check
 * for pan/tilt/zoom, selection (which names the failing constraint), then one all-or-nothing
 * device update. Nothing is changed when any step fails.
 */
import type { CameraSource } from '../backends/backend.js';
import { mentionsPtz, selectSettings } from '../constraints/select-settings.js';
import { operationError, overconstrained, securityError } from '../spec/errors.js';
import type { NormalizedConstraints } from '../spec/types.js';
import type { Runtime } from './runtime.js';

const ctx = "Failed to execute 'applyConstraints' on 'MediaStreamTrack'";

export async function applyToDevice(
  runtime: Runtime,
  source: CameraSource,
  constraints: NormalizedConstraints,
  ptzAllowed: boolean,
): Promise<void> {
  // §4.5 step 1, §3.4 point 3: moving the camera while the page is hidden is a SecurityError.
  if (runtime.visibilityState() === 'hidden' && mentionsPtz(constraints)) {
    throw securityError(`${ctx}: pan, tilt and zoom cannot be changed while the document is hidden.`);
  }
  // §4.5 steps 2–3
  const result = selectSettings(
    constraints,
    [{ deviceId: source.info.deviceId, groupId: source.info.groupId, facingMode: source.info.facingMode, capabilities: source.capabilities(), ptzAllowed, current: source.settings() }],
    { compat: runtime.compat, purpose: 'applyConstraints' },
  );
  if (!result.ok) throw overconstrained(result.constraint, `${ctx}: ${result.message}`);
  // §4.5 step 4: one update, applied together or not at all.
  try {
    await source.configure(result.settings);
  } catch (err) {
    throw operationError(`${ctx}: the camera could not apply the settings (${(err as Error)?.message ?? String(err)}).`);
  }
}
