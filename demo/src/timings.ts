/**
 * How long each call took, per implementation, side by side: takePhoto() from the call to the
 * Blob, grabFrame() from the call to the ImageBitmap. Where the browser has its own ImageCapture
 * (Chromium), "Compare" runs both implementations alternately over the same track.
 */
import { byId, formatMs, h, median, replaceChildren } from './dom.js';
import { IMPL_LABELS, type ImplName } from './impls.js';

export type Operation = 'takePhoto' | 'grabFrame';
const OPERATIONS: readonly Operation[] = ['takePhoto', 'grabFrame'];

export class Timings {
  readonly #samples = new Map<string, number[]>();
  readonly #impls: readonly ImplName[];

  constructor(impls: readonly ImplName[]) {
    this.#impls = impls;
    this.render();
  }

  record(operation: Operation, impl: ImplName, ms: number): void {
    const key = `${operation}/${impl}`;
    const list = this.#samples.get(key) ?? [];
    list.push(ms);
    this.#samples.set(key, list);
    this.render();
  }

  clear(): void {
    this.#samples.clear();
    this.render();
  }

  #cell(operation: Operation, impl: ImplName): HTMLElement {
    const list = this.#samples.get(`${operation}/${impl}`) ?? [];
    if (list.length === 0) return h('td', { class: 'num muted', 'data-impl': impl }, '–');
    return h(
      'td',
      {
        class: 'num',
        'data-impl': impl,
        'data-median': median(list).toFixed(2),
        title: `${list.length} calls; last ${formatMs(list.at(-1)!)}`,
      },
      formatMs(median(list)),
    );
  }

  /** "9.3× faster" for imagecapture against native, once both have run. */
  #ratio(operation: Operation): HTMLElement {
    const ours = this.#samples.get(`${operation}/ours`) ?? [];
    const native = this.#samples.get(`${operation}/native`) ?? [];
    if (ours.length === 0 || native.length === 0) return h('td', { class: 'num muted' }, '–');
    const r = median(native) / median(ours);
    const text = r >= 1.05 ? `${r.toFixed(1)}× faster` : r <= 1 / 1.05 ? `${(1 / r).toFixed(1)}× slower` : 'even';
    return h('td', { class: `num ratio ${r >= 1.05 ? 'better' : r <= 1 / 1.05 ? 'worse' : ''}` }, text);
  }

  render(): void {
    const both = this.#impls.length > 1;
    const head = h(
      'tr',
      {},
      h('th', {}, 'median'),
      ...this.#impls.map((i) => h('th', { class: 'num' }, IMPL_LABELS[i])),
      both && h('th', { class: 'num', title: 'imagecapture against the native implementation' }, 'vs native'),
    );
    const rows = OPERATIONS.map((op) =>
      h(
        'tr',
        { 'data-operation': op },
        h('th', { scope: 'row' }, h('code', {}, `${op}()`)),
        ...this.#impls.map((i) => this.#cell(op, i)),
        both && this.#ratio(op),
      ),
    );
    replaceChildren(byId('timings-table'), h('thead', {}, head), h('tbody', {}, ...rows));
  }
}

export interface CompareTarget {
  grab(impl: ImplName): Promise<void>;
  photo(impl: ImplName): Promise<void>;
}

/** Alternates the implementations call by call, so each sees the same frames and the same load. */
export async function compare(target: CompareTarget, impls: readonly ImplName[], rounds = { grabs: 8, photos: 3 }): Promise<void> {
  for (let i = 0; i < rounds.grabs; i++) for (const impl of impls) await target.grab(impl);
  for (let i = 0; i < rounds.photos; i++) for (const impl of impls) await target.photo(impl);
}
