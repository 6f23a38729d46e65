/**
 * Page side of the demo tests: bundled into an IIFE and evaluated in the demo page once it has
 * loaded. It drives the page the way a person does (sliders, buttons, pickers) and reports what
 * the page shows next to what the camera reports. Every wait is bounded.
 */

export interface ControlInfo {
  name: string;
  kind: string;
  setting: string;
  state: string;
  min?: number;
  max?: number;
  unit?: string;
  options?: string[];
}

export interface AlertInfo {
  kind: string;
  title: string;
  detail: string;
}

const WAIT_MS = 15_000;

function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms));
}

/**
 * Resolves with `predicate()` once it is truthy, checking now and after every change to the page
 * (the page reflects its state in the DOM); rejects after `timeoutMs`.
 */
export function waitFor<T>(what: string, predicate: () => T | undefined | null | false, timeoutMs = WAIT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let observer: MutationObserver | undefined;
    const timer = setTimeout(() => {
      observer?.disconnect();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const check = (): boolean => {
      let value: T | undefined | null | false;
      try {
        value = predicate();
      } catch (err) {
        observer?.disconnect();
        clearTimeout(timer);
        reject(err);
        return true;
      }
      if (!value) return false;
      observer?.disconnect();
      clearTimeout(timer);
      resolve(value);
      return true;
    };
    if (check()) return;
    observer = new MutationObserver(() => void check());
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

function $<T extends Element = HTMLElement>(selector: string): T {
  const element = document.querySelector<T>(selector);
  if (!element) throw new Error(`no ${selector} on the page`);
  return element;
}

function video(): HTMLVideoElement {
  return $<HTMLVideoElement>('#preview');
}

/** The page's camera track: the one its preview shows. */
function track(): MediaStreamTrack {
  const stream = video().srcObject as MediaStream | null;
  const t = stream?.getVideoTracks()[0];
  if (!t) throw new Error('the preview shows no track');
  return t;
}

type FrameVideo = HTMLVideoElement & { requestVideoFrameCallback(cb: () => void): number };

/** Resolves after `n` new frames were presented (each within 5 s). */
async function frames(n: number): Promise<void> {
  const v = video() as FrameVideo;
  for (let i = 0; i < n; i++) {
    await Promise.race([
      new Promise<void>((resolve) => v.requestVideoFrameCallback(() => resolve())),
      timeout(5000, 'a new video frame'),
    ]);
  }
}

/** Waits until the page has painted its current state (a screenshot then shows it). */
export async function painted(): Promise<boolean> {
  await Promise.race(
    [new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))), timeout(2000, 'two animation frames')],
  );
  return true;
}

export async function ready(): Promise<{ state: string }> {
  const state = await waitFor(
    'the page to leave "loading"',
    () => (document.body.dataset.state !== 'loading' ? document.body.dataset.state : undefined),
  );
  if (state === 'ready') await waitFor('the preview to have frames', () => video().videoWidth > 0);
  return { state: state! };
}

export function alerts(): AlertInfo[] {
  return [...document.querySelectorAll<HTMLElement>('#errors .alert')].map((a) => ({
    kind: a.dataset.kind ?? '',
    title: a.dataset.title ?? '',
    detail: a.dataset.detail ?? '',
  }));
}

export function dismissAlerts(): number {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('#errors .alert-dismiss')];
  for (const b of buttons) b.click();
  return buttons.length;
}

function controls(root: string): ControlInfo[] {
  return [...document.querySelectorAll<HTMLElement>(`${root} [data-control]`)].map((c) => {
    const info: ControlInfo = {
      name: c.dataset.control!,
      kind: c.dataset.kind!,
      setting: c.dataset.setting ?? '',
      state: c.dataset.state ?? 'idle',
    };
    const slider = c.querySelector<HTMLInputElement>('input[type=range]');
    if (slider) {
      info.min = Number(slider.min);
      info.max = Number(slider.max);
      info.unit = c.querySelector('.control-unit')?.textContent ?? '';
    }
    const select = c.querySelector('select');
    if (select) info.options = [...select.options].filter((o) => !o.disabled).map((o) => o.value);
    return info;
  });
}

/** What the page shows, next to what its track and a fresh ponyfill ImageCapture report. */
export async function snapshot(): Promise<Record<string, unknown>> {
  const t = track();
  const { ImageCapture } = (await import(new URL('browser/index.js', document.baseURI).href)) as {
    ImageCapture: new (t: MediaStreamTrack) => { getPhotoCapabilities(): Promise<Record<string, unknown>> };
  };
  const nativeCtor = (globalThis as unknown as {
    ImageCapture?: new (t: MediaStreamTrack) => { getPhotoCapabilities(): Promise<Record<string, unknown>> };
  }).ImageCapture;
  const impl = document.body.dataset.impl;
  // With ?camera=virtual the page's ImageCapture is the one the virtual camera installed.
  const virtual = new URLSearchParams(location.search).get('camera') === 'virtual';
  const photoCapabilities = await ((impl === 'native' || virtual) && nativeCtor
    ? new nativeCtor(t)
    : new ImageCapture(t)).getPhotoCapabilities();
  return {
    label: t.label,
    capabilities: t.getCapabilities(),
    settings: t.getSettings(),
    supported: navigator.mediaDevices.getSupportedConstraints(),
    photoCapabilities,
    trackControls: controls('#track-controls'),
    photoControls: controls('#photo-controls'),
    emptyNote: document.querySelector('#track-controls [data-empty]')?.textContent ?? null,
    cameras: [...$<HTMLSelectElement>('#camera-select').options].map((o) => o.textContent),
    resolutions: [...$<HTMLSelectElement>('#resolution-select').options].map((o) => o.value),
    frame: { width: video().videoWidth, height: video().videoHeight },
    fps: $('#fps').textContent,
    nativeSwitch: !$<HTMLInputElement>('input[name=impl][value=native]').disabled,
    poiHint: !$('#poi-hint').hidden,
  };
}

/** Waits until the fps meter shows a rate. */
export async function fps(): Promise<string> {
  return waitFor('the fps meter', () => (/^\d+(\.\d)? fps$/.test($('#fps').textContent ?? '') ? $('#fps').textContent! : undefined));
}

/** Clicks the preview at (x, y) in [0, 1]² and returns the points of interest shown afterwards. */
export async function clickPreview(x: number, y: number): Promise<Record<string, unknown>> {
  const box = video().getBoundingClientRect();
  const stage = $('#stage');
  delete stage.dataset.state;
  video().dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: box.left + x * box.width, clientY: box.top + y * box.height }));
  // 'busy' or already 'idle': the page applied something (an applyConstraints that needs no
  // task, such as the in-page virtual camera's, can settle before dispatchEvent returns in WebKit).
  const applied = stage.dataset.state !== undefined;
  if (applied) await waitFor('pointsOfInterest to be applied', () => stage.dataset.state === 'idle');
  return {
    applied,
    shown: $('#poi-layer').dataset.points ?? null,
    reported: document.querySelectorAll('#poi-layer .poi-mark.reported').length,
    requested: [...document.querySelectorAll<HTMLElement>('#poi-layer .poi-mark.requested')].map((m) => [m.style.left, m.style.top]),
    hint: $('#poi-hint').textContent,
    setting: (track().getSettings() as { pointsOfInterest?: unknown }).pointsOfInterest ?? null,
    alerts: alerts(),
  };
}

/** Picks a size in the resolution picker; waits for frames of that size and the page to settle. */
export async function selectResolution(value: string): Promise<Record<string, unknown>> {
  const select = $<HTMLSelectElement>('#resolution-select');
  if (![...select.options].some((o) => o.value === value)) {
    throw new Error(`no resolution ${value}: ${[...select.options].map((o) => o.value)}`);
  }
  select.value = value;
  select.dispatchEvent(new Event('change'));
  if (document.body.dataset.state !== 'loading') throw new Error('choosing a resolution did nothing');
  await waitFor('the page to settle', () => document.body.dataset.state === 'ready');
  const [width, height] = value.split('x').map(Number);
  await waitFor(
    `frames of ${value}`,
    () => video().videoWidth === width && video().videoHeight === height && $('#frame-size').textContent === `${width}×${height}`,
  );
  return {
    frame: { width: video().videoWidth, height: video().videoHeight },
    badge: $('#frame-size').textContent,
    selected: select.value,
    videoChip: document.querySelector('#photo-controls .chip')?.textContent ?? null,
  };
}

/** Picks the camera whose label contains `label` (when another is shown) and waits for it. */
export async function selectCamera(label: string): Promise<string> {
  const select = $<HTMLSelectElement>('#camera-select');
  const option = [...select.options].find((o) => o.textContent?.includes(label));
  if (!option) throw new Error(`no camera labelled ${label}: ${[...select.options].map((o) => o.textContent).join(', ')}`);
  if (track().label.includes(label)) return track().label;
  select.value = option.value;
  select.dispatchEvent(new Event('change'));
  await waitFor(
    `camera "${label}"`,
    () => document.body.dataset.state === 'ready' && (video().srcObject as MediaStream | null)?.getVideoTracks()[0]?.label.includes(label),
  );
  await ready();
  return track().label;
}

function control(name: string): HTMLElement {
  return $(`#track-controls [data-control="${name}"]`);
}

/** Moves a slider as a person drags it, and waits for the value read back. */
export async function slide(name: string, value: number): Promise<{ shown: string; setting: unknown }> {
  const c = control(name);
  const slider = c.querySelector<HTMLInputElement>('input[type=range]')!;
  slider.value = String(value);
  delete c.dataset.state;
  slider.dispatchEvent(new Event('input', { bubbles: true }));
  // 'busy', or already 'idle' (see clickPreview): either way the page applied the value.
  if (c.dataset.state === undefined) throw new Error(`moving ${name} applied nothing`);
  await waitFor(`${name} to be applied`, () => c.dataset.state === 'idle');
  return {
    shown: c.querySelector<HTMLInputElement>('.control-number')!.value,
    setting: (track().getSettings() as Record<string, unknown>)[name],
  };
}

/** Types a value into a control's number field and presses Enter. */
export async function type(name: string, value: number): Promise<{ setting: string; alerts: AlertInfo[] }> {
  const c = control(name);
  const input = c.querySelector<HTMLInputElement>('.control-number')!;
  input.focus();
  input.value = String(value);
  delete c.dataset.state;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  input.blur();
  if (c.dataset.state === undefined) throw new Error(`typing ${value} into ${name} applied nothing`);
  await waitFor(`an answer to ${name} ${value}`, () => c.dataset.state === 'idle');
  return { setting: c.dataset.setting ?? '', alerts: alerts() };
}

/**
 * Mean luma of the preview on a 48×27 grid, averaged over `count` consecutive frames: fake cameras
 * animate (Chromium's pacman, timestamps), and the average over a window smooths that out.
 */
async function sample(count: number): Promise<number[]> {
  const canvas = document.createElement('canvas');
  canvas.width = 48;
  canvas.height = 27;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const sum = new Array<number>(canvas.width * canvas.height).fill(0);
  for (let k = 0; k < count; k++) {
    await frames(1);
    ctx.drawImage(video(), 0, 0, canvas.width, canvas.height);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 0, j = 0; i < data.length; i += 4, j++) {
      sum[j]! += (0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!) / count;
    }
  }
  return sum;
}

function difference(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

const WINDOW = 10;
/** Windows sampled before the change: the preview may still be settling (a loaded machine, a camera just opened). */
const BEFORE_WINDOWS = 4;

/**
 * How much the preview changes when `name` moves from `from` to `to`, against how much it changes
 * by itself: the smallest difference between consecutive windows of as many frames at `from`
 * (a transient while the preview settles does not count as the camera's own motion).
 */
export async function pixelChange(name: string, from: number, to: number): Promise<Record<string, unknown>> {
  await slide(name, from);
  await frames(2);
  let last = await sample(WINDOW);
  let baseline = Infinity;
  for (let i = 1; i < BEFORE_WINDOWS; i++) {
    const next = await sample(WINDOW);
    baseline = Math.min(baseline, difference(last, next));
    last = next;
  }
  const applied = await slide(name, to);
  await frames(2);
  const moved = await sample(WINDOW);
  return { baseline, changed: difference(last, moved), applied };
}

function photoInfo(figure: HTMLElement): Record<string, unknown> {
  const img = figure.querySelector('img')!;
  const link = figure.querySelector('a')!;
  return {
    type: figure.dataset.type,
    bytes: Number(figure.dataset.bytes),
    width: Number(figure.dataset.width),
    height: Number(figure.dataset.height),
    ms: Number(figure.dataset.ms),
    impl: figure.dataset.impl,
    caption: figure.querySelector('figcaption')!.textContent,
    download: link.getAttribute('download'),
    href: link.href.slice(0, 5),
    imgLoaded: img.complete && img.naturalWidth > 0,
  };
}

/** Resolves once `img` has loaded (its load event does not change the DOM, so it is awaited directly). */
async function loaded(img: HTMLImageElement): Promise<void> {
  if (img.complete && img.naturalWidth > 0) return;
  await Promise.race([
    new Promise<void>((resolve, reject) => {
      img.addEventListener('load', () => resolve(), { once: true });
      img.addEventListener('error', () => reject(new Error('the thumbnail did not decode')), { once: true });
    }),
    timeout(WAIT_MS, 'the thumbnail to load'),
  ]);
}

/** Clicks a photo-size chip (`640x480`, `default`), then Take photo; returns the new gallery entry. */
export async function takePhoto(size?: string): Promise<Record<string, unknown>> {
  if (size) $<HTMLButtonElement>(`#photo-controls .chip[data-size="${size}"]`).click();
  const before = document.querySelectorAll('#gallery figure').length;
  $<HTMLButtonElement>('#take-photo').click();
  await waitFor(
    'a photo in the gallery, or an error',
    () => document.querySelectorAll('#gallery figure').length > before || alerts().some((a) => a.kind === 'photo'),
  );
  const figure = document.querySelector<HTMLElement>('#gallery figure');
  if (document.querySelectorAll('#gallery figure').length === before) throw new Error(`no photo: ${JSON.stringify(alerts())}`);
  await loaded(figure!.querySelector('img')!);
  return { ...photoInfo(figure!), alerts: alerts(), count: before + 1 };
}

export async function grabFrames(count: number): Promise<Record<string, unknown>> {
  $<HTMLInputElement>('#burst-count').value = String(count);
  $<HTMLButtonElement>('#grab-frames').click();
  await waitFor(
    `${count} frames in the filmstrip`,
    () => document.body.dataset.busy === undefined && document.querySelectorAll('#filmstrip figure').length === count,
  );
  return {
    frames: [...document.querySelectorAll<HTMLElement>('#filmstrip figure')].map(
      (f) => ({
        ms: Number(f.dataset.ms),
        width: Number(f.dataset.width),
        height: Number(f.dataset.height),
        caption: f.querySelector('figcaption')!.textContent,
      }),
    ),
    summary: $('#filmstrip-summary').textContent,
    timing: $('#timings-table [data-operation="grabFrame"] td[data-impl="ours"]').dataset.median ?? null,
  };
}

export async function useImplementation(name: 'ours' | 'native'): Promise<string> {
  const radio = $<HTMLInputElement>(`input[name=impl][value=${name}]`);
  radio.click();
  await waitFor(`the ${name} implementation`, () => document.body.dataset.impl === name);
  // The photo panel is rebuilt from that implementation's getPhotoCapabilities().
  await waitFor('the photo controls', () => document.querySelector('#photo-controls [data-control]'));
  return document.body.dataset.impl!;
}

export async function compare(): Promise<Record<string, unknown>> {
  $<HTMLButtonElement>('#compare').click();
  if (document.body.dataset.busy !== '1') throw new Error('Compare did not start');
  await waitFor('the comparison to finish', () => document.body.dataset.busy === undefined, 60_000);
  const medians: Record<string, string | null> = {};
  for (const cell of document.querySelectorAll<HTMLElement>('#timings-table tbody td[data-impl]')) {
    medians[`${cell.closest('tr')!.dataset.operation}/${cell.dataset.impl}`] = cell.dataset.median ?? null;
  }
  return { medians, photos: [...document.querySelectorAll<HTMLElement>('#gallery figure')].map((f) => f.dataset.impl) };
}

type GetUserMedia = MediaDevices['getUserMedia'];
let realGetUserMedia: GetUserMedia | undefined;

/** Makes getUserMedia fail with `name` (as a denied prompt or a missing camera would), then retries. */
export async function failCamera(name: string): Promise<Record<string, unknown>> {
  realGetUserMedia ??= navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException(`simulated ${name}`, name));
  $<HTMLButtonElement>('#retry').click();
  await waitFor('the error state', () => document.body.dataset.state === 'error');
  return {
    message: $('#stage-message').hidden ? null : $('#stage-message-title').textContent,
    alerts: alerts(),
    takePhotoDisabled: $<HTMLButtonElement>('#take-photo').disabled,
  };
}

export async function restoreCamera(): Promise<Record<string, unknown>> {
  if (realGetUserMedia) navigator.mediaDevices.getUserMedia = realGetUserMedia;
  $<HTMLButtonElement>('#retry').click();
  await waitFor('the camera to reopen', () => document.body.dataset.state === 'ready');
  await ready();
  return { state: document.body.dataset.state, messageHidden: $('#stage-message').hidden, alerts: alerts() };
}
