/**
 * The three kinds of control the page generates: a slider with its value and unit for a range, a
 * select for a list of modes, a switch for a boolean. A widget only reports what the person asks
 * for (`onRequest`) and shows what it is told (`show`): the caller applies the value and shows
 * what the camera reads back.
 */
import { h } from './dom.js';

export interface Widget<T> {
  readonly element: HTMLElement;
  /** Shows a value read back from the camera (undefined: the camera reports none). */
  show(value: T | undefined): void;
  /** The value is being applied. */
  busy(on: boolean): void;
  /** A note under the control; `inactive` dims it (the value has no effect in the current mode). */
  hint(text: string, inactive?: boolean): void;
}

interface Common {
  /** The property or setting name: `data-control` on the element, and its label. */
  name: string;
  /** A sentence shown as the control's tooltip. */
  title?: string;
}

export interface RangeSpec extends Common {
  min: number;
  max: number;
  step?: number;
  unit: string;
}

/**
 * The slider's step: the capability's, or for a range without one (a continuous control) a round
 * power of ten that gives about a hundred positions or more.
 */
export function stepFor(spec: { min: number; max: number; step?: number }): number {
  if (spec.step && spec.step > 0) return spec.step;
  const span = spec.max - spec.min;
  return span > 0 ? 10 ** Math.floor(Math.log10(span / 100)) : 1;
}

/** Decimals that show a value of this range to its step (at most 3). */
export function decimalsFor(spec: { min: number; max: number; step?: number }): number {
  const step = stepFor(spec);
  if (!(step > 0) || step >= 1) return 0;
  return Math.min(3, Math.ceil(-Math.log10(step) - 1e-9));
}

/** "2.5×", "320 px", "50 ×100 µs", "0.4". */
export function withUnit(text: string, unit: string): string {
  if (!unit) return text;
  return unit === '×' ? `${text}×` : `${text} ${unit}`;
}

function shell(kind: string, spec: Common, ...parts: (HTMLElement | false)[]): { element: HTMLElement; note: HTMLElement } {
  const note = h('span', { class: 'control-hint' });
  const element = h('div', { class: 'control', 'data-control': spec.name, 'data-kind': kind, title: spec.title }, ...parts, note);
  return { element, note };
}

function baseWidget<T>(element: HTMLElement, note: HTMLElement, show: (value: T | undefined) => void): Widget<T> {
  return {
    element,
    show(value) {
      element.dataset.setting = value === undefined ? '' : String(value);
      show(value);
    },
    busy(on) {
      element.dataset.state = on ? 'busy' : 'idle';
    },
    hint(text, inactive = false) {
      note.textContent = text;
      element.classList.toggle('inactive', inactive);
    },
  };
}

let ids = 0;

export function rangeWidget(spec: RangeSpec, onRequest: (value: number) => void): Widget<number> {
  const id = `control-${spec.name}-${++ids}`;
  const decimals = decimalsFor(spec);
  const slider = h('input', { type: 'range', id, min: spec.min, max: spec.max, step: stepFor(spec) });
  // The value is editable: Enter applies it as typed, even out of range, so the camera's answer shows.
  // A text field with a decimal keyboard: number fields differ by browser (spinners, fonts, rejected text).
  const number = h(
    'input',
    {
      type: 'text',
      inputmode: 'decimal',
      autocomplete: 'off',
      spellcheck: 'false',
      class: 'control-number',
      'aria-label': `${spec.name} value`,
    },
  );
  const fmt = (v: number): string => v.toFixed(decimals);
  const ends = h('span', { class: 'control-range' }, withUnit(`${fmt(spec.min)} – ${fmt(spec.max)}`, spec.unit));
  const head = h(
    'div',
    { class: 'control-head' },
    h('label', { for: id }, spec.name),
    h('span', { class: 'control-value' }, number, spec.unit && h('span', { class: 'control-unit' }, spec.unit)),
  );
  const { element, note } = shell('range', spec, head, slider, ends);
  slider.addEventListener('input', () => onRequest(Number(slider.value)));
  number.addEventListener('change', () => {
    const value = Number(number.value);
    if (number.value.trim() !== '' && Number.isFinite(value)) onRequest(value);
  });
  number.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') number.blur();
  });
  return baseWidget<number>(element, note, (value) => {
    if (value === undefined) {
      if (document.activeElement !== number) number.value = '';
      return;
    }
    slider.value = String(value);
    if (document.activeElement !== number) number.value = fmt(value);
  });
}

export interface SelectSpec extends Common {
  options: readonly string[];
}

export function selectWidget(spec: SelectSpec, onRequest: (value: string) => void): Widget<string> {
  const id = `control-${spec.name}-${++ids}`;
  const select = h('select', { id }, ...spec.options.map((o) => h('option', { value: o }, o)));
  const head = h('div', { class: 'control-head' }, h('label', { for: id }, spec.name), select);
  const { element, note } = shell('list', spec, head);
  select.addEventListener('change', () => onRequest(select.value));
  return baseWidget<string>(element, note, (value) => {
    if (value === undefined) return;
    // A setting outside the capability list (WebKit reports whiteBalanceMode "none") is shown as it is.
    if (![...select.options].some((o) => o.value === value)) select.append(h('option', { value, disabled: true }, value));
    select.value = value;
  });
}

export function toggleWidget(spec: Common, onRequest: (value: boolean) => void): Widget<boolean> {
  const id = `control-${spec.name}-${++ids}`;
  const box = h('input', { type: 'checkbox', role: 'switch', id, class: 'switch' });
  const head = h('div', { class: 'control-head' }, h('label', { for: id }, spec.name), box);
  const { element, note } = shell('boolean', spec, head);
  box.addEventListener('change', () => onRequest(box.checked));
  return baseWidget<boolean>(element, note, (value) => {
    box.checked = value === true;
  });
}
