/**
 * The demo page: opens a camera, generates its controls, and takes photos and frames with the
 * implementation chosen in the header. `document.body.dataset.state` says where the page is
 * (loading, ready, error) and `dataset.busy` whether a capture is running.
 */
import { cameraFailure, listCameras, openCamera, resolutionsFor, type Size } from './camera.js';
import { TrackControls } from './controls.js';
import { byId, h, replaceChildren } from './dom.js';
import { capturePageErrors, clearErrors, describeError, showError } from './errors.js';
import { burst, grabOnce } from './frames.js';
import {
  type Capture,
  capturesFor,
  IMPL_LABELS,
  type ImplName,
  type Implementations,
  loadImplementations,
  wantsVirtualCamera,
} from './impls.js';
import { Gallery, PhotoSettingsPanel, takePhoto } from './photo.js';
import { Preview } from './preview.js';
import { compare, Timings } from './timings.js';

capturePageErrors();

interface Session {
  track: MediaStreamTrack;
  captures: Partial<Record<ImplName, Capture>>;
  controls: TrackControls;
}

const body = document.body;
const preview = new Preview();
const photoPanel = new PhotoSettingsPanel();
const gallery = new Gallery();
const actions = ['take-photo', 'grab-frames', 'compare'].map((id) => byId<HTMLButtonElement>(id));
let impls: Implementations;
let timings: Timings;
let session: Session | undefined;
let impl: ImplName = 'ours';
let size: Size | undefined;
/** Counts start() calls: a camera that opens after another was asked for is closed at once. */
let generation = 0;

function setState(state: 'loading' | 'ready' | 'error'): void {
  body.dataset.state = state;
  for (const button of actions) button.disabled = state !== 'ready';
}

/** Runs one capture action at a time; the buttons are disabled meanwhile. */
async function exclusive(action: () => Promise<void>): Promise<void> {
  if (body.dataset.busy === '1' || !session) return;
  body.dataset.busy = '1';
  for (const button of actions) button.disabled = true;
  try {
    await action();
  } finally {
    delete body.dataset.busy;
    for (const button of actions) button.disabled = body.dataset.state !== 'ready';
  }
}

/** The size of the frames the preview receives (what photos are made from by default). */
function videoSize(): Size {
  return { width: preview.video.videoWidth, height: preview.video.videoHeight };
}

function captureOf(name: ImplName): Capture {
  const capture = session?.captures[name];
  if (!capture) throw new Error(`no ${IMPL_LABELS[name]} ImageCapture`);
  return capture;
}

/**
 * pointsOfInterest has no capability (https://w3c.github.io/mediacapture-image/#points-of-interest): offered
 * where the browser knows it and the camera meters.
 */
function meters(track: MediaStreamTrack): boolean {
  const supported = navigator.mediaDevices.getSupportedConstraints() as Record<string, boolean | undefined>;
  const caps = track.getCapabilities() as Record<string, unknown>;
  return supported.pointsOfInterest === true &&
    ['exposureMode', 'focusMode', 'whiteBalanceMode'].some((k) => Array.isArray(caps[k]) && (caps[k] as unknown[]).length > 0);
}

async function fillCameraPicker(track: MediaStreamTrack): Promise<void> {
  const select = byId<HTMLSelectElement>('camera-select');
  const cameras = await listCameras();
  const current = track.getSettings().deviceId;
  // The last choice switches between the browser's cameras and the virtual camera in the page.
  const other = wantsVirtualCamera()
    ? h('option', { value: SWITCH_TO_ENGINE }, "The browser's own cameras…")
    : h('option', { value: SWITCH_TO_VIRTUAL }, 'Virtual camera (in this page)…');
  replaceChildren(
    select,
    ...cameras.map((c, i) => h('option', { value: c.deviceId, selected: c.deviceId === current }, c.label || `Camera ${i + 1}`)),
    other,
  );
  select.disabled = false;
}

const SWITCH_TO_VIRTUAL = '#virtual';
const SWITCH_TO_ENGINE = '#engine';

/** Reloads the page with or without `?camera=virtual`. */
function switchCameras(value: string): void {
  const url = new URL(location.href);
  if (value === SWITCH_TO_VIRTUAL) url.searchParams.set('camera', 'virtual');
  else url.searchParams.delete('camera');
  location.assign(url.href);
}

function fillResolutionPicker(track: MediaStreamTrack): void {
  const select = byId<HTMLSelectElement>('resolution-select');
  const { width, height } = track.getSettings();
  const sizes = resolutionsFor(track.getCapabilities());
  if (width && height && !sizes.some((s) => s.width === width && s.height === height)) sizes.push({ width, height });
  sizes.sort((a, b) => a.width * a.height - b.width * b.height);
  replaceChildren(
    select,
    ...sizes.map(
      (s) => h('option', { value: `${s.width}x${s.height}`, selected: s.width === width && s.height === height }, `${s.width}×${s.height}`),
    ),
  );
  select.disabled = sizes.length < 2;
}

/** Says in the control panels that there is no camera to control (yet, or any more). */
function clearPanels(text: string): void {
  for (const id of ['track-controls', 'photo-controls']) replaceChildren(byId(id), h('p', { class: 'empty' }, text));
}

async function start(deviceId?: string): Promise<void> {
  const mine = ++generation;
  setState('loading');
  session?.track.stop();
  session = undefined;
  preview.message(undefined);
  clearPanels('Opening the camera…');
  let track: MediaStreamTrack;
  try {
    track = await openCamera(deviceId, size);
  } catch (err) {
    if (mine !== generation) return;
    const { title, detail } = cameraFailure(err);
    preview.show(undefined, undefined, false);
    preview.message(title, detail);
    clearPanels('No camera is open.');
    showError('camera', title, detail);
    setState('error');
    return;
  }
  if (mine !== generation) {
    track.stop();
    return;
  }
  clearErrors('camera');
  const controls = new TrackControls(byId('track-controls'), track);
  session = { track, captures: capturesFor(track, impls), controls };
  controls.onApplied = () => preview.refresh();
  preview.show(track, controls.book, meters(track));
  track.addEventListener('ended', () => {
    if (session?.track !== track) return;
    preview.message('The camera stopped', 'It was unplugged or taken by another application. Press Retry.');
    setState('error');
  });
  fillResolutionPicker(track);
  try {
    await fillCameraPicker(track);
    await preview.firstFrame();
    await photoPanel.load(captureOf(impl), videoSize());
  } catch (err) {
    if (mine === generation) showError('photo', 'getPhotoCapabilities() failed', describeError(err));
  }
  if (mine === generation) setState('ready');
}

async function changeResolution(value: string): Promise<void> {
  if (!session || body.dataset.state !== 'ready') return;
  const current = session;
  const [width, height] = value.split('x').map(Number) as [number, number];
  size = { width, height };
  setState('loading');
  try {
    await current.controls.book.apply({ width: { ideal: width }, height: { ideal: height } });
  } catch (err) {
    showError('camera', `${width}×${height} was refused`, describeError(err));
  }
  current.controls.refresh();
  // Frames can take a while to change size (WebKit); some cameras keep theirs (Firefox's fake
  // camera resolves and changes nothing): those are opened again at the new size.
  await preview.frameOfSize(width, height);
  if (session !== current) return;
  const now = videoSize();
  if (now.width !== width || now.height !== height) {
    await start(current.track.getSettings().deviceId);
    return;
  }
  await photoPanel.load(captureOf(impl), videoSize()).catch(
    (err: unknown) => showError('photo', 'getPhotoCapabilities() failed', describeError(err)),
  );
  setState('ready');
}

async function shoot(name: ImplName): Promise<void> {
  try {
    const capture = captureOf(name);
    const photo = await takePhoto(capture, name, { ...photoPanel.request });
    gallery.add(photo);
    timings.record('takePhoto', name, photo.ms);
    if (name === impl) await photoPanel.update(capture);
  } catch (err) {
    showError('photo', `takePhoto() failed (${IMPL_LABELS[name]})`, describeError(err));
  }
}

async function grabFrames(): Promise<void> {
  const input = byId<HTMLInputElement>('burst-count');
  const count = Math.min(30, Math.max(1, Math.round(Number(input.value) || 8)));
  input.value = String(count);
  try {
    await burst(captureOf(impl), impl, count, (ms) => timings.record('grabFrame', impl, ms));
  } catch (err) {
    showError('frames', `grabFrame() failed (${IMPL_LABELS[impl]})`, describeError(err));
  }
}

async function runComparison(): Promise<void> {
  const names: ImplName[] = ['native', 'ours'];
  timings.clear();
  await compare(
    {
      grab: async (name) => {
        try {
          timings.record('grabFrame', name, (await grabOnce(captureOf(name))).ms);
        } catch (err) {
          showError('timing', `grabFrame() failed (${IMPL_LABELS[name]})`, describeError(err));
        }
      },
      photo: (name) => shoot(name),
    },
    names,
  );
}

function setUpImplSwitch(): void {
  const native = byId('impl-switch').querySelector<HTMLInputElement>('input[value="native"]')!;
  const note = byId('impl-note');
  if (!impls.native) {
    native.disabled = true;
    native.parentElement!.title = 'This browser has no ImageCapture of its own';
    note.textContent = 'This browser has no ImageCapture of its own: imagecapture provides it.';
  } else {
    note.textContent = 'This browser has its own ImageCapture: switch to compare.';
    byId('compare').hidden = false;
    byId('timings-note').textContent = 'Compare runs grabFrame() 8 times and takePhoto() 3 times with each implementation, alternately, ' +
      'on the same camera.';
  }
  byId('impl-switch').addEventListener('change', (event) => {
    const value = (event.target as HTMLInputElement).value as ImplName;
    if (value !== 'ours' && value !== 'native') return;
    impl = value;
    body.dataset.impl = impl;
    if (session) {
      void photoPanel.load(captureOf(impl), videoSize()).catch(
        (err: unknown) => showError('photo', 'getPhotoCapabilities() failed', describeError(err)),
      );
    }
  });
  body.dataset.impl = impl;
}

async function boot(): Promise<void> {
  try {
    impls = await loadImplementations();
  } catch (err) {
    showError('page', 'The imagecapture browser build could not be loaded', `${describeError(err)}. Run \`npm run build\`, then reload.`);
    setState('error');
    return;
  }
  timings = new Timings(impls.native ? ['native', 'ours'] : ['ours']);
  setUpImplSwitch();
  byId('take-photo').addEventListener('click', () => void exclusive(() => shoot(impl)));
  byId('grab-frames').addEventListener('click', () => void exclusive(grabFrames));
  byId('compare').addEventListener('click', () => void exclusive(runComparison));
  byId('retry').addEventListener('click', () => void start(byId<HTMLSelectElement>('camera-select').value || undefined));
  byId<HTMLSelectElement>('camera-select').addEventListener('change', (e) => {
    const value = (e.target as HTMLSelectElement).value;
    if (value === SWITCH_TO_VIRTUAL || value === SWITCH_TO_ENGINE) switchCameras(value);
    else void start(value);
  });
  byId<HTMLSelectElement>('resolution-select').addEventListener(
    'change',
    (e) => void changeResolution((e.target as HTMLSelectElement).value),
  );
  // Zoom and focus can move gradually
  // (https://w3c.github.io/mediacapture-image/#mediatrackconstraintset-section): the shown values follow the
  // camera.
  setInterval(() => {
    if (session && body.dataset.busy !== '1') session.controls.refresh();
  }, 1000);
  await start();
}

void boot();
