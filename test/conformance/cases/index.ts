/** Every conformance case, in id order (1–83; 84–89 are the legacy suite's). */
import type { ConformanceCase } from '../harness.js';
import { applyConstraintsCases } from './apply-constraints.js';
import { exposureCases } from './exposure.js';
import { grabFrameCases } from './grab-frame.js';
import { photoStateCases } from './photo-state.js';
import { propertyEffectCases } from './property-effects.js';
import { ptzCases } from './ptz.js';
import { takePhotoCases } from './take-photo.js';
import { trackSettingsCases } from './track-settings.js';

export const allCases: readonly ConformanceCase[] = [
  ...exposureCases,
  ...takePhotoCases,
  ...photoStateCases,
  ...grabFrameCases,
  ...trackSettingsCases,
  ...applyConstraintsCases,
  ...propertyEffectCases,
  ...ptzCases,
].sort((a, b) => a.id - b.id);
