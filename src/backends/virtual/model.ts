/**
 * The virtual camera's state over time: what was asked for (configure), where the motors are (zoom, pan, tilt
 * and the focus lens travel at finite speed,
 * https://w3c.github.io/mediacapture-image/#mediatrackconstraintset-section), what the automatics have
 * concluded (auto exposure, white balance and focus converge towards their metering,
 * https://w3c.github.io/mediacapture-image/#enumdef-meteringmode), and from all that, the settings to report
 * and the parameters of each frame and still.
 *
 * Modes (https://w3c.github.io/mediacapture-image/#enumdef-meteringmode): `manual` uses the companion values
 * last set (exposureTime and iso, colorTemperature, focusDistance); `continuous` keeps converging;
 * `single-shot` runs one sweep, then holds the result and keeps reporting "single-shot" until the mode is set
 * again (setting "single-shot" again runs a new sweep). exposureCompensation only acts in automatic exposure,
 * exposureTime and iso only in manual exposure, colorTemperature only in manual white balance
 * (https://w3c.github.io/mediacapture-image/#constrainable-properties). Values are snapped to their steps and
 * reported snapped (docs/behaviour.md).
 *
 * Automatics step on a fixed 10 ms grid of clock time, so the state at a time does not depend on
 * how often anyone asked.
 */
import type { SourceSettings } from '../backend.js';
import type { MediaSettingsRange, MeteringMode, Point2D } from '../../spec/types.js';
import { adjustments, kelvinForBlueRed, lightColor, type Adjustments } from './color.js';
import { exposureFactor, program, TIME_UNITS_PER_SECOND, type ExposureChoice } from './exposure.js';
import { meter, type Lighting } from './metering.js';
import { AutoLoop, Travel } from './motion.js';
import { MODE_PROPERTIES, RANGE_PROPERTIES } from './preset-check.js';
import type { Preset } from './presets.js';
import { snapToRange } from '../../constraints/snap.js';
import { LAMP_KELVIN, TORCH_POWER, type SceneLight, type SceneObject } from './scene.js';
import { fovFrom35mm, viewFor, type View } from './view.js';

export const TICK_MS = 10;
/** After this many idle ticks the loops have converged: they settle instead of stepping. */
const MAX_TICKS = 300;
/**
 * How close a continuous automatic must be to its target for a still to count as settled: a tenth
 * of a stop of exposure, 5 mired of white balance (about 100 K at daylight), 0.05 dioptre of focus.
 */
const SETTLE_TOLERANCE = { ae: 0.1, awb: 5, af: 0.05 } as const;
/** Middle grey, the auto-exposure target before compensation. */
const MID_GREY = 0.18;

/** Ranges used internally where the device reports none (a webcam has no ISO control). */
const INTERNAL_ISO: MediaSettingsRange = { min: 100, max: 1600, step: 1 };
const INTERNAL_TIME: MediaSettingsRange = { min: 1, max: 10000, step: 1 };
const INTERNAL_KELVIN: MediaSettingsRange = { min: 2000, max: 10000, step: 50 };

export interface Format {
  width: number;
  height: number;
  frameRate: number;
  resizeMode: SourceSettings['resizeMode'];
}

/** The last blue/red ratio white balance measured, and its colour temperature. */
let lastRatio = NaN;
let lastKelvin = 0;

/**
 * kelvinForBlueRed (a 40-step bisection over the black-body locus), remembered for the last ratio:
 * the automatics step every 10 ms and, while the light does not change, measure the very same
 * ratio tick after tick.
 */
function kelvinForRatio(ratio: number): number {
  if (ratio !== lastRatio) {
    lastKelvin = kelvinForBlueRed(ratio);
    lastRatio = ratio;
  }
  return lastKelvin;
}

/** Everything in effect at one moment, before it becomes FrameParams. */
export interface Effective {
  readonly zoom: number;
  readonly pan: number;
  readonly tilt: number;
  readonly exposure: ExposureChoice;
  readonly kelvin: number;
  readonly focusDistance: number;
  readonly torch: boolean;
  readonly adjust: Adjustments;
}

type Plain = 'exposureCompensation' | 'brightness' | 'contrast' | 'saturation' | 'sharpness';
const PLAIN: readonly Plain[] = ['exposureCompensation', 'brightness', 'contrast', 'saturation', 'sharpness'];

export class CameraModel {
  readonly preset: Preset;
  readonly objects: readonly SceneObject[];
  readonly #scene: () => SceneLight;
  readonly #fov: number;
  readonly #aspect: number;
  readonly format: Format;
  readonly #modes: Partial<Record<(typeof MODE_PROPERTIES)[number], MeteringMode>> = {};
  #points: Point2D[] = [];
  readonly #plain: Partial<Record<Plain, number>> = {};
  #torch = false;
  /** Companion values of manual modes, as last set. */
  readonly #manual: { exposureTime: number; iso: number; colorTemperature: number };
  readonly #zoom: Travel;
  readonly #pan: Travel;
  readonly #tilt: Travel;
  /** Focus lens position in dioptres (1 / metres). */
  readonly #lens: Travel;
  /** log2 of the exposure factor. */
  readonly #ae: AutoLoop;
  /** Mired (10⁶ / kelvin). */
  readonly #awb: AutoLoop;
  /** Dioptres. */
  readonly #af: AutoLoop;
  #tick: number;

  constructor(preset: Preset, initial: Partial<SourceSettings>, now: number, scene: () => SceneLight, objects: readonly SceneObject[]) {
    this.preset = preset;
    this.objects = objects;
    this.#scene = scene;
    this.#aspect = preset.sensor.width / preset.sensor.height;
    this.#fov = fovFrom35mm(preset.optics.focalLength35mm, this.#aspect);
    const caps = preset.capabilities;
    const s: SourceSettings = { ...preset.defaults.settings };
    for (const [k, v] of Object.entries(initial)) if (v !== undefined) (s as unknown as Record<string, unknown>)[k] = v;
    this.format = { width: s.width, height: s.height, frameRate: s.frameRate, resizeMode: s.resizeMode };
    for (const name of PLAIN) if (caps[name] && s[name] !== undefined) this.#plain[name] = snapToRange(s[name]!, caps[name]!);
    if (caps.torch) this.#torch = caps.torch.includes(s.torch ?? false) ? (s.torch ?? false) : caps.torch[0]!;
    if (caps.pointsOfInterest && s.pointsOfInterest) this.#points = clampPoints(s.pointsOfInterest);
    this.#manual = {
      exposureTime: snapToRange(s.exposureTime ?? 250, this.#timeRange),
      iso: snapToRange(s.iso ?? INTERNAL_ISO.min!, this.#isoRange),
      colorTemperature: snapToRange(s.colorTemperature ?? 5000, this.#kelvinRange),
    };
    const d = preset.dynamics;
    const rate = (r: Readonly<MediaSettingsRange> | undefined, ms: number): number => (r && ms > 0 ? (r.max! - r.min!) / ms : Infinity);
    this.#zoom = new Travel(caps.zoom ? snapToRange(s.zoom ?? 1, caps.zoom) : 1, rate(caps.zoom, d.travelMs));
    this.#pan = new Travel(caps.pan ? snapToRange(s.pan ?? 0, caps.pan) : 0, rate(caps.pan, d.travelMs));
    this.#tilt = new Travel(caps.tilt ? snapToRange(s.tilt ?? 0, caps.tilt) : 0, rate(caps.tilt, d.travelMs));
    const fr = caps.focusDistance;
    const focus = fr ? snapToRange(s.focusDistance ?? preset.optics.fixedFocusDistance, fr) : preset.optics.fixedFocusDistance;
    this.#lens = new Travel(1 / focus, fr && d.focusTravelMs > 0 ? (1 / fr.min! - 1 / fr.max!) / d.focusTravelMs : Infinity);
    this.#ae = new AutoLoop(Math.log2(exposureFactor(this.#manual.exposureTime, this.#manual.iso, preset.optics.fNumber)), 0.01);
    this.#awb = new AutoLoop(1e6 / this.#manual.colorTemperature, 0.5);
    this.#af = new AutoLoop(1 / focus, 0.01);
    this.#manualFocus = focus;
    this.#tick = Math.floor(now / TICK_MS);
    for (const name of MODE_PROPERTIES) if (caps[name]) this.#setMode(name, s[name] ?? 'continuous', now);
    // Cameras without the mode property still run their automatics (fixed focus excepted).
    if (!caps.exposureMode) this.#ae.state = 'continuous';
    if (!caps.whiteBalanceMode) this.#awb.state = 'continuous';
    if (!caps.focusMode && !caps.focusDistance) this.#af.state = 'off';
    // Open with the automatics already settled, as a camera that has been running.
    const g = this.#targets(now);
    this.#ae.settle(Infinity, g.ae);
    this.#awb.settle(Infinity, g.awb);
    this.#af.settle(Infinity, g.af);
  }

  get #timeRange(): Readonly<MediaSettingsRange> {
    return this.preset.capabilities.exposureTime ?? INTERNAL_TIME;
  }
  get #isoRange(): Readonly<MediaSettingsRange> {
    return this.preset.capabilities.iso ?? INTERNAL_ISO;
  }
  get #kelvinRange(): Readonly<MediaSettingsRange> {
    return this.preset.capabilities.colorTemperature ?? INTERNAL_KELVIN;
  }

  /** Field of view of the whole sensor at zoom 1, degrees. */
  get sensorFov(): number {
    return this.#fov;
  }

  get points(): readonly Point2D[] {
    return this.#points;
  }

  /** The view of an output of the given size at time t (zoom, pan, tilt where they are then). */
  view(t: number, width = this.format.width, height = this.format.height): View {
    return viewFor({
      sensorFovX: this.#fov,
      sensorAspect: this.#aspect,
      width,
      height,
      zoom: this.#quantized('zoom', this.#zoom.at(t), 1),
      pan: this.#quantized('pan', this.#pan.at(t), 0),
      tilt: this.#quantized('tilt', this.#tilt.at(t), 0),
    });
  }

  #quantized(name: 'zoom' | 'pan' | 'tilt' | 'focusDistance', value: number, fallback: number): number {
    const r = this.preset.capabilities[name];
    return r ? snapToRange(value, r) : fallback;
  }

  /** Ambient light plus the torch (and an extra lamp such as a flash). */
  lighting(extraLamp = 0): Lighting {
    const scene = this.#scene();
    const level = 2 ** (scene.ev100 - 7);
    const c = lightColor(scene.kelvin);
    return {
      ambient: [c[0] * level, c[1] * level, c[2] * level],
      lamp: (this.#torch ? TORCH_POWER : 0) + extraLamp,
      lampColor: lightColor(LAMP_KELVIN),
    };
  }

  /** Exposure limits for video: no longer than one frame interval. */
  #videoLimits(longest = TIME_UNITS_PER_SECOND / this.format.frameRate): {
    time: Readonly<MediaSettingsRange>;
    iso: Readonly<MediaSettingsRange>;
    longest: number;
  } {
    return { time: this.#timeRange, iso: this.#isoRange, longest };
  }

  /** What the automatics aim for at time t: log2 exposure factor, mired, dioptres. */
  #targets(t: number, extraLamp = 0, longest?: number): { ae: number; awb: number; af: number; luma: number } {
    const view = this.view(t);
    const m = meter(this.objects, view, t, this.#points, this.lighting(extraLamp));
    const ec = this.#plain.exposureCompensation ?? 0;
    const wanted = (MID_GREY * 2 ** ec) / Math.max(1e-6, m.luma);
    const reachable = program(wanted, this.preset.optics.fNumber, this.#videoLimits(longest)).factor;
    const kr = this.#kelvinRange;
    const kelvin = Math.min(kr.max!, Math.max(kr.min!, kelvinForRatio(m.light[2] / m.light[0])));
    const fr = this.preset.capabilities.focusDistance;
    const depth = fr ? Math.min(fr.max!, Math.max(fr.min!, m.depth)) : m.depth;
    return { ae: Math.log2(reachable), awb: 1e6 / kelvin, af: 1 / depth, luma: m.luma };
  }

  /** Brings the automatics up to time t (the last 10 ms tick at or before it). */
  sync(t: number): void {
    const last = Math.floor(t / TICK_MS);
    if (last <= this.#tick) return;
    const loops = [this.#ae, this.#awb, this.#af];
    if (!loops.some((l) => l.active)) {
      this.#tick = last;
      return;
    }
    const d = this.preset.dynamics;
    const keep = d.convergeMs > 0 ? Math.exp(-TICK_MS / d.convergeMs) : 0;
    const keepSweep = d.sweepMs > 0 ? Math.exp(-TICK_MS / (d.sweepMs / 4)) : 0;
    if (last - this.#tick > MAX_TICKS) {
      const at = last * TICK_MS;
      const g = this.#targets(at);
      this.#ae.settle(at, g.ae);
      this.#awb.settle(at, g.awb);
      this.#af.settle(at, g.af);
    } else {
      for (let k = this.#tick + 1; k <= last; k++) {
        const at = k * TICK_MS;
        const g = this.#targets(at);
        this.#ae.step(at, g.ae, this.#ae.state === 'sweep' ? keepSweep : keep);
        this.#awb.step(at, g.awb, this.#awb.state === 'sweep' ? keepSweep : keep);
        this.#af.step(at, g.af, this.#af.state === 'sweep' ? keepSweep : keep);
      }
    }
    this.#tick = last;
  }

  #setMode(name: (typeof MODE_PROPERTIES)[number], mode: MeteringMode, t: number): void {
    const loop = name === 'exposureMode' ? this.#ae : name === 'whiteBalanceMode' ? this.#awb : this.#af;
    this.#modes[name] = mode;
    if (mode === 'manual' || mode === 'none') {
      if (name === 'focusMode' && loop.state !== 'off') {
        // The lens leaves the autofocus position for the manual distance.
        this.#lens.set(loop.value);
        const fr = this.preset.capabilities.focusDistance;
        if (fr && mode === 'manual') this.#lens.moveTo(1 / this.#manualFocus, t);
      }
      loop.state = 'off';
      return;
    }
    if (loop.state === 'off') loop.value = this.#manualLoopValue(name, t);
    if (mode === 'continuous') {
      loop.state = 'continuous';
      return;
    }
    // https://w3c.github.io/mediacapture-image/#dom-meteringmode-single-shot: one sweep now, then hold.
    const sweep = this.preset.dynamics.sweepMs;
    if (sweep > 0) {
      loop.state = 'sweep';
      loop.sweepEnd = t + sweep;
    } else {
      loop.state = 'sweep';
      loop.sweepEnd = t;
      const g = this.#targets(t);
      loop.step(t, name === 'exposureMode' ? g.ae : name === 'whiteBalanceMode' ? g.awb : g.af, 0);
    }
  }

  /** The manual value expressed in the loop's units (where an automatic starts from). */
  #manualLoopValue(name: (typeof MODE_PROPERTIES)[number], t: number): number {
    if (name === 'exposureMode') return Math.log2(exposureFactor(this.#manual.exposureTime, this.#manual.iso, this.preset.optics.fNumber));
    if (name === 'whiteBalanceMode') return 1e6 / this.#manual.colorTemperature;
    return this.#lens.at(t);
  }

  #manualFocus = 0;

  /**
   * Applies an update at time t (values already within capabilities). A pan, tilt, zoom or focus
   * value equal to where the motor is right now while it travels elsewhere is taken as "leave it"
   * (a caller echoing the current settings), so it does not stop the motion.
   */
  configure(u: Partial<SourceSettings>, t: number): void {
    this.sync(t);
    const caps = this.preset.capabilities;
    if (u.width !== undefined) this.format.width = u.width;
    if (u.height !== undefined) this.format.height = u.height;
    if (u.frameRate !== undefined) this.format.frameRate = u.frameRate;
    if (u.resizeMode !== undefined) this.format.resizeMode = u.resizeMode;
    for (const name of PLAIN) if (caps[name] && u[name] !== undefined) this.#plain[name] = snapToRange(u[name]!, caps[name]!);
    if (caps.torch && u.torch !== undefined && caps.torch.includes(u.torch)) this.#torch = u.torch;
    if (caps.pointsOfInterest && u.pointsOfInterest !== undefined) this.#points = clampPoints(u.pointsOfInterest);
    if (caps.exposureTime && u.exposureTime !== undefined) this.#manual.exposureTime = snapToRange(u.exposureTime, caps.exposureTime);
    if (caps.iso && u.iso !== undefined) this.#manual.iso = snapToRange(u.iso, caps.iso);
    if (caps.colorTemperature && u.colorTemperature !== undefined) {
      this.#manual.colorTemperature = snapToRange(u.colorTemperature, caps.colorTemperature);
    }
    for (const [name, travel] of [['zoom', this.#zoom], ['pan', this.#pan], ['tilt', this.#tilt]] as const) {
      const r = caps[name];
      const v = u[name];
      if (!r || v === undefined) continue;
      const q = snapToRange(v, r);
      if (travel.moving(t) && q === snapToRange(travel.at(t), r)) continue;
      travel.moveTo(q, t);
    }
    const fr = caps.focusDistance;
    if (fr && u.focusDistance !== undefined) {
      const q = snapToRange(u.focusDistance, fr);
      const echo = this.#lens.moving(t) && q === snapToRange(1 / this.#lens.at(t), fr);
      if (!echo) {
        this.#manualFocus = q;
        if (this.#af.state === 'off') this.#lens.moveTo(1 / q, t);
      }
    }
    for (const name of MODE_PROPERTIES) {
      const mode = u[name];
      if (caps[name] && mode !== undefined) this.#setMode(name, mode, t);
    }
  }

  /** The values in effect at time t. */
  effective(t: number): Effective {
    this.sync(t);
    const caps = this.preset.capabilities;
    const exposure =
      this.#ae.state === 'off'
        ? {
          time: this.#manual.exposureTime,
          iso: this.#manual.iso,
          factor: exposureFactor(this.#manual.exposureTime, this.#manual.iso, this.preset.optics.fNumber),
        }
        : program(2 ** this.#ae.value, this.preset.optics.fNumber, this.#videoLimits());
    const kelvin = this.#awb.state === 'off' ? this.#manual.colorTemperature : snapToRange(1e6 / this.#awb.value, this.#kelvinRange);
    const dioptre = this.#af.state === 'off' ? this.#lens.at(t) : this.#af.value;
    const focusDistance = caps.focusDistance ? snapToRange(1 / dioptre, caps.focusDistance) : 1 / dioptre;
    const input = (name: 'brightness' | 'contrast' | 'saturation' | 'sharpness') => ({
      value: this.#plain[name],
      range: caps[name],
      neutral: this.preset.defaults.settings[name],
    });
    return {
      zoom: this.#quantized('zoom', this.#zoom.at(t), 1),
      pan: this.#quantized('pan', this.#pan.at(t), 0),
      tilt: this.#quantized('tilt', this.#tilt.at(t), 0),
      exposure,
      kelvin,
      focusDistance,
      torch: this.#torch,
      adjust: adjustments(input('brightness'), input('contrast'), input('saturation'), input('sharpness')),
    };
  }

  /** settings() at time t: one value for every capability the preset has. */
  settings(t: number): SourceSettings {
    const e = this.effective(t);
    const caps = this.preset.capabilities;
    const derived = this.preset.dynamics.reportDerived;
    const out: SourceSettings = { ...this.format };
    for (const name of MODE_PROPERTIES) if (caps[name]) out[name] = this.#modes[name]!;
    if (caps.pointsOfInterest) out.pointsOfInterest = this.#points.map((p) => ({ x: p.x, y: p.y }));
    for (const name of PLAIN) if (caps[name]) out[name] = this.#plain[name]!;
    const autoExposure = this.#ae.state !== 'off';
    if (caps.exposureTime) out.exposureTime = autoExposure && derived ? e.exposure.time : this.#manual.exposureTime;
    if (caps.iso) out.iso = autoExposure && derived ? e.exposure.iso : this.#manual.iso;
    if (caps.colorTemperature) out.colorTemperature = this.#awb.state !== 'off' && derived ? e.kelvin : this.#manual.colorTemperature;
    if (caps.focusDistance) {
      out.focusDistance = this.#af.state !== 'off' && !derived ? this.#manualFocus || e.focusDistance : e.focusDistance;
    }
    if (caps.pan) out.pan = e.pan;
    if (caps.tilt) out.tilt = e.tilt;
    if (caps.zoom) out.zoom = e.zoom;
    if (caps.torch) out.torch = this.#torch;
    for (const name of RANGE_PROPERTIES) if (out[name] !== undefined && !caps[name]) delete out[name];
    return out;
  }

  /**
   * The settled state a still waits for (src/backends/precapture.ts): undefined when, at time t,
   * the zoom, pan, tilt and focus motors have arrived, no single-shot sweep is under way and every
   * continuous automatic is within SETTLE_TOLERANCE of what it meters; otherwise the clock time
   * worth looking again (a motor's arrival, a sweep's end or the next tick).
   */
  unsettledUntil(t: number): number | undefined {
    this.sync(t);
    const motors = [this.#zoom, this.#pan, this.#tilt, ...(this.#af.state === 'off' ? [this.#lens] : [])];
    const arrival = Math.max(...motors.map((m) => (m.moving(t) ? m.arrival() : -Infinity)));
    if (arrival > t) return arrival;
    const tick = Math.floor(t / TICK_MS) * TICK_MS;
    const nextTick = tick + TICK_MS;
    const loops = [this.#ae, this.#awb, this.#af];
    for (const loop of loops) {
      if (loop.state === 'sweep') return Math.max(nextTick, Math.ceil(loop.sweepEnd / TICK_MS) * TICK_MS);
    }
    if (!loops.some((l) => l.state === 'continuous')) return undefined;
    const g = this.#targets(tick);
    const off = [
      Math.abs(this.#ae.value - g.ae) > SETTLE_TOLERANCE.ae,
      Math.abs(this.#awb.value - g.awb) > SETTLE_TOLERANCE.awb,
      Math.abs(this.#af.value - g.af) > SETTLE_TOLERANCE.af,
    ];
    return loops.some((l, i) => l.state === 'continuous' && off[i]) ? nextTick : undefined;
  }

  get exposureAuto(): boolean {
    return this.#ae.state !== 'off';
  }
  get whiteBalanceAuto(): boolean {
    return this.#awb.state !== 'off';
  }
  get exposureCompensation(): number {
    return this.#plain.exposureCompensation ?? 0;
  }

  /** Metered luminance of the current view under ambient light only (for the auto flash). */
  ambientTargets(t: number): { luma: number } {
    this.sync(t);
    const view = this.view(t);
    const m = meter(this.objects, view, t, this.#points, { ...this.lighting(), lamp: 0 });
    return { luma: m.luma };
  }

  /** What the automatics would choose with an extra lamp (a pre-flash): exposure factor and kelvin. */
  autoWithLamp(t: number, lamp: number, longest: number): { exposure: ExposureChoice; kelvin: number } {
    const g = this.#targets(t, lamp, longest);
    const exposure = program(2 ** g.ae, this.preset.optics.fNumber, this.#videoLimits(longest));
    return { exposure, kelvin: snapToRange(1e6 / g.awb, this.#kelvinRange) };
  }

  get timeRange(): Readonly<MediaSettingsRange> {
    return this.#timeRange;
  }
  get isoRange(): Readonly<MediaSettingsRange> {
    return this.#isoRange;
  }
}

function clampPoints(points: readonly Point2D[]): Point2D[] {
  const c = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);
  return points.map((p) => ({ x: c(p.x), y: c(p.y) }));
}
