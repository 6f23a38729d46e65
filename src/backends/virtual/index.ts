/**
 * The virtual camera: a deterministic, physically plausible camera that renders a synthetic room.
 * The embedded default camera of the Node runtime, and a test double with fault hooks.
 */
import { registerCardDecoder } from './card-image.js';
import { decodeCardImageNode } from './card-decode-node.js';

registerCardDecoder(decodeCardImageNode);

export { VirtualCameraBackend, BackendControl, deviceIdOf, deviceInfoOf, type VirtualCameraBackendOptions } from './backend.js';
export { VirtualCameraSource, capabilitiesOf, type VirtualSourceOptions } from './source.js';
export { SourceControl, raceAbort, type FaultOperation, type Gate, type StepName } from './control.js';
export {
  builtInPreset,
  definePreset,
  DEFAULT_PRESETS,
  INSTANT_DYNAMICS,
  PHONE_BACK,
  PHONE_FRONT,
  WEBCAM,
  type PhotoOverride,
  type PhotoOverrideContext,
  type Preset,
  type PresetCapabilities,
  type PresetDynamics,
  type PresetInit,
  type PresetOptics,
} from './presets.js';
export { CardImage, loadCardImage, type CardImageInput, type RgbaPixels } from './card-image.js';
export { IMAGE_CARD, cardRect } from './image-card.js';
export { checkPreset } from './preset-check.js';
export { quantize } from './quantize.js';
export { SceneRenderer, type FrameParams } from './render.js';
export { CameraModel, TICK_MS, type Effective, type Format } from './model.js';
export { videoParams, stillPlan, noiseForIso, type StillPlan } from './frames.js';
export {
  SCENE,
  LAYOUT,
  CHART,
  CHART_COLORS,
  CHART_COLUMNS,
  CHART_ROWS,
  chartPatchCenter,
  ballX,
  DEFAULT_SCENE_LIGHT,
  TORCH_POWER,
  FLASH_POWER,
  type SceneLight,
  type SceneObject,
} from './scene.js';
export { viewFor, toPixel, toWorld, fovFrom35mm, type View, type ViewInput } from './view.js';
export { lightColor, whiteBalanceGains, kelvinForBlueRed, type Rgb, type Adjustments } from './color.js';
