/**
 * Controls generated from `track.getCapabilities()`, one per property of the property table the
 * camera reports (src/constraints/properties.ts, https://w3c.github.io/mediacapture-image/#constrainable-properties):
 * a slider for a range, a select for a mode list, a switch for torch. A property the camera lacks gets no control. Every
 * change goes through `applyConstraints()`, and what each control shows is read back from
 * `getSettings()`, since a camera may round, clamp or move slowly
 * (https://w3c.github.io/mediacapture-image/#mediatrackconstraintset-section).
 */
import { type PropertyRow, propertyRow, VIDEO_PROPERTIES } from '../../src/constraints/properties.js';
import { h, replaceChildren } from './dom.js';
import { describeError, showError } from './errors.js';
import { rangeWidget, selectWidget, toggleWidget, type Widget, withUnit } from './widgets.js';

/** Properties with controls elsewhere on the page (camera and resolution pickers) or none at all. */
const NOT_CONTROLS = new Set(['deviceId', 'groupId', 'width', 'height', 'aspectRatio', 'pointsOfInterest']);

type Settings = Record<string, unknown>;
type Range = { min: number; max: number; step?: number };

function isRange(value: unknown): value is Range {
  const r = value as Partial<Range> | undefined;
  return typeof r === 'object' && r !== null && Number.isFinite(r.min) && Number.isFinite(r.max) && r.max! > r.min!;
}

/** Torch is controllable when both states are possible: `[true, false]` (spec) or `true` (Chromium, WebKit). */
export function torchControllable(capability: unknown): boolean {
  return capability === true || (Array.isArray(capability) && capability.includes(true) && capability.includes(false));
}

/** The rows of the property table this camera can be controlled through. */
export function controllableRows(capabilities: Record<string, unknown>): PropertyRow[] {
  return VIDEO_PROPERTIES.filter((row) => {
    if (NOT_CONTROLS.has(row.name)) return false;
    const capability = capabilities[row.name];
    if (row.capability === 'range') return isRange(capability);
    if (row.capability === 'list') return Array.isArray(capability) && capability.length > 0;
    if (row.capability === 'booleans') return torchControllable(capability);
    return false;
  });
}

/**
 * The constraints the page has applied, in two groups: the Image Capture properties
 * (https://w3c.github.io/mediacapture-image/#extensions) and the others (size, frame rate…).
 * applyConstraints replaces the whole set (gUM), so each call carries the earlier constraints of
 * its group. The groups go separately because Chromium refuses a set
 * that mixes them ("Mixing ImageCapture and non-ImageCapture constraints is not currently
 * supported"). Values are `exact`, so an out-of-range value is refused with OverconstrainedError
 * rather than quietly clamped (https://w3c.github.io/mediacapture-main/#dfn-selectsettings).
 */
export class ConstraintBook {
  readonly #track: MediaStreamTrack;
  #image: Record<string, unknown> = {};
  #video: Record<string, unknown>;

  constructor(track: MediaStreamTrack) {
    this.#track = track;
    // getUserMedia's own constraints, less the image-capture ones (pan/tilt/zoom: true only asked for permission).
    this.#video = Object.fromEntries(Object.entries(track.getConstraints()).filter(([k]) => !isImageCapture(k)));
  }

  /** Applies `values` (all of one group) over the earlier constraints of that group. */
  async apply(values: Record<string, unknown>): Promise<void> {
    const image = Object.keys(values).some(isImageCapture);
    const next = { ...(image ? this.#image : this.#video), ...values };
    await this.#track.applyConstraints(next as MediaTrackConstraints);
    if (image) this.#image = next;
    else this.#video = next;
  }

  /** One property at exactly this value. */
  applyExact(name: string, value: unknown): Promise<void> {
    return this.apply({ [name]: { exact: value } });
  }
}

function isImageCapture(name: string): boolean {
  return propertyRow(name)?.imageCapture === true;
}

/** Runs `apply` for the newest requested value only: values asked for while one is applied coalesce. */
function latestWins<T>(apply: (value: T) => Promise<void>): (value: T) => void {
  let pending: { value: T } | undefined;
  let running = false;
  return (value) => {
    pending = { value };
    if (running) return;
    running = true;
    void (async () => {
      while (pending) {
        const next = pending.value;
        pending = undefined;
        await apply(next);
      }
      running = false;
    })();
  };
}

interface Entry {
  row: PropertyRow;
  widget: Widget<never>;
}

export class TrackControls {
  readonly #track: MediaStreamTrack;
  readonly book: ConstraintBook;
  readonly #entries: Entry[] = [];
  /** Called after each apply, whatever its outcome (the preview and photo panels follow the camera). */
  onApplied: (name: string) => void = () => undefined;

  constructor(container: HTMLElement, track: MediaStreamTrack) {
    this.#track = track;
    this.book = new ConstraintBook(track);
    const capabilities = (typeof track.getCapabilities === 'function' ? track.getCapabilities() : {}) as Record<string, unknown>;
    const rows = controllableRows(capabilities);
    const camera = rows.filter((r) => r.imageCapture);
    const video = rows.filter((r) => !r.imageCapture);
    const known = new Set(VIDEO_PROPERTIES.map((r) => r.name));
    const others = Object.keys(capabilities).filter((k) => !known.has(k));
    replaceChildren(
      container,
      h('h3', { class: 'group-title' }, 'Image capture'),
      camera.length > 0
        ? this.#group(camera, capabilities)
        : h(
          'p',
          { class: 'empty', 'data-empty': 'image-capture' },
          'This camera reports none of the Image Capture properties (zoom, focus, exposure, white balance, torch…), so there is nothing ' +
            'to control here.',
        ),
      video.length > 0 && h('h3', { class: 'group-title' }, 'Video'),
      video.length > 0 && this.#group(video, capabilities),
      others.length > 0 && h('p', { class: 'footnote' }, `Also reported, outside the Image Capture spec: ${others.join(', ')}.`),
    );
    this.refresh();
  }

  #group(rows: PropertyRow[], capabilities: Record<string, unknown>): HTMLElement {
    const group = h('div', { class: 'control-group' });
    for (const row of rows) {
      const widget = this.#widget(row, capabilities[row.name]);
      this.#entries.push({ row, widget: widget as Widget<never> });
      group.append(widget.element);
    }
    return group;
  }

  #widget(row: PropertyRow, capability: unknown): Widget<number> | Widget<string> | Widget<boolean> {
    const common = { name: row.name, title: row.summary };
    if (row.capability === 'range') {
      const range = capability as Range;
      const spec = { ...common, min: range.min, max: range.max, unit: row.unit, ...(range.step ? { step: range.step } : {}) };
      const outside = (v: number): boolean => v < range.min || v > range.max;
      const describe = (v: number): string => withUnit(String(v), row.unit);
      const allowed = `allowed: ${describe(range.min)} – ${describe(range.max)}`;
      let widget: Widget<number>;
      const apply = latestWins<number>(
        (v) => this.#apply(row, widget, v, outside(v) ? `${describe(v)} is outside the camera's range (${allowed})` : ''),
      );
      widget = rangeWidget(spec, apply);
      return widget;
    }
    if (row.capability === 'list') {
      let widget: Widget<string>;
      const apply = latestWins<string>((v) => this.#apply(row, widget, v, ''));
      widget = selectWidget({ ...common, options: capability as string[] }, apply);
      return widget;
    }
    let widget: Widget<boolean>;
    const apply = latestWins<boolean>((v) => this.#apply(row, widget, v, ''));
    widget = toggleWidget(common, apply);
    return widget;
  }

  async #apply(row: PropertyRow, widget: Widget<never>, value: unknown, why: string): Promise<void> {
    widget.busy(true);
    const shown = (v: unknown): string => (typeof v === 'number' ? withUnit(String(v), row.unit) : String(v));
    try {
      await this.book.applyExact(row.name, value);
      // A browser can accept an exact value outside the capability (Firefox's fake camera does):
      // say so, with what the camera reports.
      if (why) {
        const now = (this.#track.getSettings() as Settings)[row.name];
        showError(
          'control',
          `${row.name} ${shown(value)} is out of range`,
          `${why}. The browser accepted it; getSettings() reports ${shown(now)}.`,
        );
      }
    } catch (err) {
      showError('control', `${row.name} ${shown(value)} was refused`, why ? `${why}. ${describeError(err)}` : describeError(err));
    } finally {
      widget.busy(false);
      this.refresh();
      this.onApplied(row.name);
    }
  }

  /** Shows every control's value as `getSettings()` reports it now. */
  refresh(): void {
    if (this.#track.readyState !== 'live') return;
    const settings = this.#track.getSettings() as Settings;
    for (const { row, widget } of this.#entries) {
      widget.show(settings[row.name] as never);
      const when = row.effectiveWhen;
      if (when) {
        const mode = settings[when.property];
        const active = typeof mode === 'string' && when.values.includes(mode);
        widget.hint(active ? '' : `Takes effect when ${when.property} is ${when.values.join(' or ')}.`, !active);
      }
    }
  }

  get names(): string[] {
    return this.#entries.map((e) => e.row.name);
  }
}
