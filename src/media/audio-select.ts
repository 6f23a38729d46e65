/**
 * gUM SelectSettings for a microphone, driven by the property table's audio rows and the domain
 * helpers of src/constraints (narrow by required constraints, set by set; then choose with the
 * basic set's ideals). A microphone has no format interplay like a camera's width/height/frameRate,
 * so each property is decided on its own:
 * 1. the basic set's required constraints (min, max, exact) narrow each property; one that leaves
 *    nothing fails, naming the first such constraint in table order;
 * 2. each advanced set narrows further, or is skipped whole when it cannot be satisfied;
 * 3. each property takes the basic ideal (clamped into what is left), else keeps its current
 *    value when still allowed, else the nearest allowed value.
 */
import { choose, currentValue, type DomainSource, type Domain, initialDomain, narrow } from '../constraints/domains.js';
import { preference, requirement } from '../constraints/fitness.js';
import { AUDIO_PROPERTIES } from '../constraints/properties.js';
import type { SourceCapabilities, SourceSettings } from '../backends/backend.js';
import type { MediaSettingsRange, NormalizedConstraints, NormalizedConstraintSet } from '../spec/types.js';

/** What a microphone can do, in gUM capability shapes. */
export interface AudioCapabilities {
  readonly sampleRate: Readonly<MediaSettingsRange>;
  readonly sampleSize: Readonly<MediaSettingsRange>;
  readonly channelCount: Readonly<MediaSettingsRange>;
  readonly latency: Readonly<MediaSettingsRange>;
  readonly echoCancellation: readonly boolean[];
  readonly autoGainControl: readonly boolean[];
  readonly noiseSuppression: readonly boolean[];
}

/** A microphone's current values. */
export interface AudioSettings {
  sampleRate: number;
  sampleSize: number;
  channelCount: number;
  /** Seconds. */
  latency: number;
  echoCancellation: boolean;
  autoGainControl: boolean;
  noiseSuppression: boolean;
}

export interface AudioDeviceModel {
  readonly deviceId: string;
  readonly groupId: string;
  readonly capabilities: AudioCapabilities;
}

export type AudioSelectResult =
  | { readonly ok: true; readonly settings: AudioSettings }
  | { readonly ok: false; readonly constraint: string; readonly message: string };

const INTEGER = new Set(AUDIO_PROPERTIES.filter((r) => r.constraint === 'ConstrainULong').map((r) => r.name));
const IDENTITY = new Set(['deviceId', 'groupId']);

/** Narrows every property `set` requires; the first failure (table order) is reported. */
function narrowSet(
  domains: Map<string, Domain>,
  set: NormalizedConstraintSet,
  inAdvanced: boolean,
): { ok: true } | { ok: false; constraint: string; message: string } {
  for (const row of AUDIO_PROPERTIES) {
    const c = set[row.name];
    if (c === undefined) continue;
    const req = requirement(c, inAdvanced);
    if (req === undefined) continue;
    const result = narrow(row, domains.get(row.name)!, req);
    if (!result.ok) return { ok: false, constraint: row.name, message: result.message };
    domains.set(row.name, result.domain);
  }
  return { ok: true };
}

/** Chooses new settings for `device` (now at `current`), or names the constraint that cannot be met. */
export function selectAudioSettings(
  constraints: NormalizedConstraints,
  device: AudioDeviceModel,
  current: AudioSettings,
): AudioSelectResult {
  const source: DomainSource = {
    deviceId: device.deviceId,
    groupId: device.groupId,
    capabilities: device.capabilities as unknown as SourceCapabilities,
    ptzAllowed: false,
  };
  let domains = new Map(AUDIO_PROPERTIES.map((row) => [row.name, initialDomain(row, source)]));
  // step 1: the basic set's required constraints
  const basic = narrowSet(domains, constraints.basic, false);
  if (!basic.ok) return basic;
  // step 2: advanced sets, each all or nothing
  for (const set of constraints.advanced) {
    const trial = new Map(domains);
    if (narrowSet(trial, set, true).ok) domains = trial;
  }
  // step 3: ideals, else the current values
  const now = current as unknown as SourceSettings;
  const out: Record<string, unknown> = { ...current };
  for (const row of AUDIO_PROPERTIES) {
    if (IDENTITY.has(row.name)) continue;
    const c = constraints.basic[row.name];
    const choice = choose(row, domains.get(row.name)!, c === undefined ? undefined : preference(c), currentValue(now, row.name));
    if (choice.value === undefined) continue;
    out[row.name] = INTEGER.has(row.name) ? Math.round(choice.value as number) : choice.value;
  }
  return { ok: true, settings: out as unknown as AudioSettings };
}
