/**
 * Photos: controls generated from `getPhotoCapabilities()` (a slider per size range, a select for
 * fillLightMode, a switch for red-eye reduction when it is controllable), `takePhoto()` with those
 * settings (https://w3c.github.io/mediacapture-image/#imagecapture-methods), and a gallery of the results with
 * their size, bytes, type and time.
 */
import { propertyRow } from '../../src/constraints/properties.js';
import type { FillLightMode, PhotoCapabilities, PhotoSettings } from '../../src/spec/types.js';
import { byId, formatBytes, formatMs, h, replaceChildren } from './dom.js';
import { IMPL_LABELS, type Capture, type ImplName } from './impls.js';
import { rangeWidget, selectWidget, toggleWidget, type Widget } from './widgets.js';

const PX = propertyRow('width')?.unit ?? 'px';
const PRESETS = [
  { width: 640, height: 480 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];
const MAX_PHOTOS = 24;
const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

type Range = { min: number; max: number; step?: number };

function isRange(r: unknown): r is Range {
  const range = r as Partial<Range> | undefined;
  return typeof range === 'object' &&
    range !== null &&
    Number.isFinite(range.min) &&
    Number.isFinite(range.max) &&
    range.max! >= range.min!;
}

export interface Photo {
  blob: Blob;
  width: number;
  height: number;
  ms: number;
  impl: ImplName;
}

/** The photo settings panel: what the next takePhoto() asks for. */
export class PhotoSettingsPanel {
  /** Only what the person chose; the rest is left to the implementation. */
  readonly request: PhotoSettings = {};
  readonly #widgets = new Map<keyof PhotoSettings, Widget<never>>();
  #current: PhotoSettings = {};

  /** Builds the controls for one ImageCapture's photo capabilities; `video` is the frames' size. */
  async load(capture: Capture, video: { width: number; height: number }): Promise<void> {
    const container = byId('photo-controls');
    for (const key of Object.keys(this.request)) delete this.request[key as keyof PhotoSettings];
    this.#widgets.clear();
    const [caps, current] = await Promise.all([capture.getPhotoCapabilities(), capture.getPhotoSettings()]);
    this.#current = current;
    const parts: HTMLElement[] = [];
    const sizes: HTMLElement[] = [];
    for (const key of ['imageWidth', 'imageHeight'] as const) {
      const range = caps[key];
      if (!isRange(range) || range.max === range.min) continue;
      const widget = rangeWidget(
        {
          name: key,
          min: range.min,
          max: range.max,
          step: range.step || 1,
          unit: PX,
          title: `Photo ${key === 'imageWidth' ? 'width' : 'height'}.`,
        },
        (v) => this.#set(key, v),
      );
      this.#widgets.set(key, widget as Widget<never>);
      sizes.push(widget.element);
    }
    if (sizes.length === 2) parts.push(this.#presets(caps, video), ...sizes);
    else parts.push(...sizes);
    const modes = caps.fillLightMode ?? [];
    if (modes.length > 0) {
      const widget = selectWidget(
        { name: 'fillLightMode', options: modes, title: 'Flash for this photo: auto, off or flash.' },
        (v) => this.#set('fillLightMode', v as FillLightMode),
      );
      this.#widgets.set('fillLightMode', widget as Widget<never>);
      parts.push(widget.element);
    }
    if (caps.redEyeReduction === 'controllable') {
      const widget = toggleWidget(
        { name: 'redEyeReduction', title: 'Red-eye reduction for this photo.' },
        (v) => this.#set('redEyeReduction', v),
      );
      this.#widgets.set('redEyeReduction', widget as Widget<never>);
      parts.push(widget.element);
    }
    const fixed = caps.redEyeReduction && caps.redEyeReduction !== 'controllable' ? `redEyeReduction: ${caps.redEyeReduction}` : '';
    replaceChildren(container, ...parts, fixed && h('p', { class: 'footnote' }, fixed));
    this.#show();
  }

  /** Size shortcuts: the video's own size, common sizes the ranges allow, and the largest. */
  #presets(caps: PhotoCapabilities, video: { width: number; height: number }): HTMLElement {
    const w = caps.imageWidth as Range;
    const hRange = caps.imageHeight as Range;
    const fits = (s: { width: number; height: number }): boolean => s.width >= w.min &&
      s.width <= w.max &&
      s.height >= hRange.min &&
      s.height <= hRange.max;
    const max = { width: w.max, height: hRange.max };
    const sizes = [
      ...PRESETS.filter(fits).map((s) => ({ ...s, label: `${s.width}×${s.height}` })),
      { ...max, label: `Max ${max.width}×${max.height}` },
    ];
    if (video.width > 0 && fits(video)) sizes.unshift({ ...video, label: `Video ${video.width}×${video.height}` });
    const seen = new Set<string>();
    const chips = sizes
      .filter((s) => !seen.has(`${s.width}x${s.height}`) && seen.add(`${s.width}x${s.height}`))
      .map((s) => {
        const button = h('button', { type: 'button', class: 'chip', 'data-size': `${s.width}x${s.height}` }, s.label);
        button.addEventListener('click', () => {
          Object.assign(this.request, { imageWidth: s.width, imageHeight: s.height });
          this.#show();
        });
        return button;
      });
    return h('div', { class: 'chips', role: 'group', 'aria-label': 'Photo size' }, ...chips);
  }

  #set<K extends keyof PhotoSettings>(key: K, value: PhotoSettings[K]): void {
    this.request[key] = value;
    this.#show();
  }

  /**
   * After a photo: the implementation's photo settings now
   * (https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotosettings).
   */
  async update(capture: Capture): Promise<void> {
    this.#current = await capture.getPhotoSettings();
    this.#show();
  }

  #show(): void {
    for (const [key, widget] of this.#widgets) widget.show((this.request[key] ?? this.#current[key]) as never);
    const width = this.request.imageWidth ?? this.#current.imageWidth;
    const height = this.request.imageHeight ?? this.#current.imageHeight;
    for (const chip of byId('photo-controls').querySelectorAll<HTMLElement>('.chip')) {
      chip.classList.toggle('selected', chip.dataset.size === `${width}x${height}`);
    }
  }
}

/** Takes one photo with the settings asked for and measures it. */
export async function takePhoto(capture: Capture, impl: ImplName, settings: PhotoSettings): Promise<Photo> {
  const start = performance.now();
  const blob = await capture.takePhoto(settings);
  const ms = performance.now() - start;
  const bitmap = await createImageBitmap(blob);
  const photo = { blob, width: bitmap.width, height: bitmap.height, ms, impl };
  bitmap.close();
  return photo;
}

/** The gallery: newest first, each photo a download link. */
export class Gallery {
  readonly #list = byId('gallery');
  #count = 0;

  add(photo: Photo): void {
    const n = ++this.#count;
    const url = URL.createObjectURL(photo.blob);
    const type = photo.blob.type || 'application/octet-stream';
    const name = `imagecapture-photo-${n}.${EXTENSIONS[type] ?? 'bin'}`;
    const figure = h(
      'figure',
      {
        class: 'shot',
        'data-type': type,
        'data-bytes': photo.blob.size,
        'data-width': photo.width,
        'data-height': photo.height,
        'data-ms': photo.ms.toFixed(1),
        'data-impl': photo.impl,
      },
      h(
        'a',
        { href: url, download: name, title: `Download ${name}` },
        h('img', { src: url, alt: `Photo ${n}, ${photo.width}×${photo.height}` }),
      ),
      h(
        'figcaption',
        {},
        h('strong', {}, `${photo.width}×${photo.height}`),
        h('span', {}, formatBytes(photo.blob.size)),
        h('span', {}, type),
        h('span', {}, formatMs(photo.ms)),
        h('span', { class: `impl impl-${photo.impl}` }, IMPL_LABELS[photo.impl]),
      ),
    );
    this.#list.prepend(figure);
    byId('gallery-empty').hidden = true;
    const shots = this.#list.querySelectorAll('figure');
    for (let i = MAX_PHOTOS; i < shots.length; i++) {
      const link = shots[i]!.querySelector('a');
      if (link) URL.revokeObjectURL(link.href);
      shots[i]!.remove();
    }
  }
}
