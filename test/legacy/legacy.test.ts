import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {
  BlobEvent,
  ERROR_UNKNOWN,
  FRAME_GRAB_ERROR,
  FrameGrabEvent,
  ImageCapture,
  ImageCaptureError,
  ImageCaptureErrorEvent,
  MediaSettingsItem,
  MediaSettingsRange,
  PHOTO_ERROR,
  PhotoSettingsEvent,
  SETTINGS_ERROR,
  SettingsChangeEvent,
} from '../../src/entries/legacy.js';
import { ImageCapture as ModernImageCapture } from '../../src/image-capture/image-capture.js';
import { createRuntime } from '../../src/media/default-runtime.js';
import { ImageData } from '../../src/media/image-bitmap.js';
import type { MediaStreamTrack } from '../../src/media/track.js';

/** Waits for the next event of `type` on `target` (bounded). */
function next<T extends Event>(target: EventTarget, type: string, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${type}' event within ${ms} ms`)), ms);
    target.addEventListener(
      type,
      (e) => {
        clearTimeout(timer);
        resolve(e as T);
      },
      { once: true },
    );
  });
}

/** Resolves with whichever of photo/framegrab/photosettingschange/error comes first. */
function outcome(capture: ImageCapture): Promise<Event> {
  return Promise.race(['photo', 'framegrab', 'photosettingschange', 'error'].map((t) => next(capture, t)));
}

async function camera(constraints: Record<string, unknown> = {}): Promise<MediaStreamTrack> {
  const runtime = createRuntime();
  const stream = await runtime.mediaDevices.getUserMedia({ video: { deviceId: 'virtual:phone-back', ...constraints } });
  return stream.getVideoTracks()[0]!;
}

test('the seed usage: a valid MediaStream in, an encoded image Blob out through the photo event', async () => {
  const runtime = createRuntime();
  const stream = await runtime.mediaDevices.getUserMedia({ video: true });
  const capture = new ImageCapture(stream.getVideoTracks()[0]!);
  const photo = new Promise<BlobEvent>((resolve) => {
    capture.onphoto = (e: Event) => resolve(e as BlobEvent);
  });
  assert.equal(capture.takePhoto(), undefined);
  const event = await photo;
  assert.ok(event instanceof BlobEvent);
  assert.equal(event.type, 'photo');
  assert.equal(event.bubbles, false);
  assert.ok(event.data instanceof Blob);
  assert.equal(event.data.type, 'image/jpeg');
  const meta = await sharp(Buffer.from(await event.data.arrayBuffer())).metadata();
  assert.equal(meta.format, 'jpeg');
  stream.getTracks().forEach((t) => t.stop());
});

test('every member of the 2013 ImageCapture is there', async () => {
  const track = await camera();
  const capture = new ImageCapture(track);
  assert.ok(capture instanceof EventTarget);
  assert.equal(capture.videoStreamTrack, track);
  for (const h of ['onphoto', 'onerror', 'onphotosettingschange', 'onframegrab'] as const) {
    assert.equal(capture[h], null, `${h} starts null`);
    const f = (): void => undefined;
    capture[h] = f;
    assert.equal(capture[h], f);
    capture[h] = null;
  }
  for (const m of ['setOptions', 'takePhoto', 'getFrame']) assert.equal(typeof (capture as never)[m], 'function');
  assert.equal(Object.prototype.toString.call(capture), '[object ImageCapture]');
  assert.deepEqual(
    [ImageCaptureError.FRAME_GRAB_ERROR, ImageCaptureError.SETTINGS_ERROR, ImageCaptureError.PHOTO_ERROR, ImageCaptureError.ERROR_UNKNOWN],
    [1, 2, 3, 4],
  );
  assert.equal(SettingsChangeEvent, PhotoSettingsEvent);
  track.stop();
});

test('the constructor needs a track: TypeError otherwise', () => {
  assert.throws(() => new (ImageCapture as unknown as new () => unknown)(), TypeError);
  for (const bad of [null, undefined, {}, 'x', 1, true]) {
    assert.throws(() => new ImageCapture(bad as never), TypeError);
  }
});

test('photoSettingsOptions describes the camera with MediaSettingsRange/MediaSettingsItem', async () => {
  const track = await camera();
  const capture = new ImageCapture(track);
  // Photo capabilities are read once in the background; wait for a settings round-trip.
  capture.setOptions({});
  await next(capture, 'photosettingschange');
  const o = capture.photoSettingsOptions;
  const caps = track.getCapabilities() as Record<string, { min: number; max: number }>;
  const settings = track.getSettings() as Record<string, number>;
  assert.ok(o.iso instanceof MediaSettingsRange);
  assert.equal(o.iso.min, Math.round(caps.iso!.min));
  assert.equal(o.iso.max, Math.round(caps.iso!.max));
  assert.equal(o.iso.initial, Math.round(settings.iso!));
  assert.ok(o.whiteBalanceMode instanceof MediaSettingsRange, 'white balance range from colorTemperature');
  assert.equal(o.whiteBalanceMode.max, Math.round(caps.colorTemperature!.max));
  assert.ok(o.autoWhiteBalanceMode instanceof MediaSettingsItem);
  assert.equal(o.autoWhiteBalanceMode.value, track.getSettings().whiteBalanceMode !== 'manual');
  assert.equal(o.constrast, o.contrast, 'the draft spelling is an alias');
  assert.ok(o.imageWidth instanceof MediaSettingsRange);
  assert.equal(o.autoExposureMode, 'frame-average');
  assert.ok(o.exposureCompensation && o.exposureCompensation.min === 0 && o.exposureCompensation.max > 0);
  assert.deepEqual(JSON.parse(JSON.stringify(o.iso)), { max: o.iso.max, min: o.iso.min, initial: o.iso.initial });
  track.stop();
});

test('setOptions applies values together and fires photosettingschange', async () => {
  const track = await camera();
  const capture = new ImageCapture(track);
  const caps = track.getCapabilities() as Record<string, { min: number; max: number }>;
  const iso = Math.round((caps.iso!.min + caps.iso!.max) / 2);
  const brightness = Math.round(caps.brightness!.max);
  capture.setOptions({ iso, constrast: Math.round(caps.contrast!.min), brightness, autoWhiteBalanceMode: false, whiteBalanceMode: 3000 });
  const event = await next<PhotoSettingsEvent>(capture, 'photosettingschange');
  assert.ok(event instanceof PhotoSettingsEvent);
  const s = track.getSettings();
  assert.equal(s.iso, iso);
  assert.equal(s.brightness, brightness);
  assert.equal(s.contrast, Math.round(caps.contrast!.min));
  assert.equal(s.whiteBalanceMode, 'manual');
  assert.equal(s.colorTemperature, 3000);
  assert.equal(event.photoSettings!.iso, iso);
  assert.equal(event.photoSettings!.autoWhiteBalanceMode, false);
  assert.equal(event.photoSettings!.whiteBalanceMode, 3000);
  track.stop();
});

test('setOptions with a value the camera cannot take fires error SETTINGS_ERROR and changes nothing', async () => {
  const track = await camera();
  const capture = new ImageCapture(track);
  const before = { settings: track.getSettings(), constraints: track.getConstraints() };
  const caps = track.getCapabilities() as Record<string, { min: number; max: number }>;
  capture.setOptions({ iso: caps.iso!.max + 1000, brightness: Math.round(caps.brightness!.min) });
  const event = await next<ImageCaptureErrorEvent>(capture, 'error');
  assert.ok(event instanceof ImageCaptureErrorEvent);
  assert.equal(event.imageCaptureError!.code, SETTINGS_ERROR);
  assert.match(event.imageCaptureError!.message, /iso/);
  assert.deepEqual(track.getConstraints(), before.constraints);
  assert.equal(track.getSettings().brightness, before.settings.brightness);
  assert.equal(track.getSettings().iso, before.settings.iso);

  capture.setOptions({ autoExposureMode: 'bogus' as never });
  const e2 = await next<ImageCaptureErrorEvent>(capture, 'error');
  assert.equal(e2.imageCaptureError!.code, SETTINGS_ERROR);

  capture.setOptions({ imageWidth: 100_000 });
  const e3 = await next<ImageCaptureErrorEvent>(capture, 'error');
  assert.equal(e3.imageCaptureError!.code, SETTINGS_ERROR);
  track.stop();
});

test('setOptions with a wrong argument type throws TypeError; null means no change', async () => {
  const track = await camera();
  const capture = new ImageCapture(track);
  assert.throws(() => capture.setOptions(5 as never), TypeError);
  assert.throws(() => capture.setOptions('iso' as never), TypeError);
  assert.throws(() => capture.setOptions({ iso: Symbol('x') } as never), TypeError);
  capture.setOptions(null);
  const e = await outcome(capture);
  assert.equal(e.type, 'photosettingschange');
  track.stop();
});

test('imageWidth and redEyeReduction from setOptions shape the next photo', async () => {
  const track = await camera();
  const capture = new ImageCapture(track);
  capture.setOptions({ imageWidth: 1024, imageHeight: 768, redEyeReduction: true });
  await next(capture, 'photosettingschange');
  assert.equal(capture.photoSettingsOptions.imageWidth!.initial, 1024);
  assert.equal(capture.photoSettingsOptions.redEyeReduction!.value, true);
  capture.takePhoto();
  const photo = await next<BlobEvent>(capture, 'photo');
  const meta = await sharp(Buffer.from(await photo.data!.arrayBuffer())).metadata();
  assert.equal(meta.width, 1024);
  assert.equal(meta.height, 768);
  track.stop();
});

test('getFrame fires framegrab with RGBA ImageData at the track resolution, one per call', async () => {
  const track = await camera({ width: 640, height: 480 });
  const capture = new ImageCapture(track);
  const frames: FrameGrabEvent[] = [];
  capture.onframegrab = (e: Event) => void frames.push(e as FrameGrabEvent);
  const done = new Promise<void>((resolve) => capture.addEventListener('framegrab', () => frames.length === 3 && resolve()));
  capture.getFrame();
  capture.getFrame();
  capture.getFrame();
  await done;
  for (const f of frames) {
    assert.ok(f instanceof FrameGrabEvent);
    assert.ok(f.imageData instanceof ImageData);
    assert.equal(f.imageData!.width, 640);
    assert.equal(f.imageData!.height, 480);
    assert.equal(f.imageData!.data.length, 640 * 480 * 4);
  }
  track.stop();
});

test('calls on an ended track fire error ERROR_UNKNOWN with message INVALID_TRACK, never throw', async () => {
  const track = await camera();
  const capture = new ImageCapture(track);
  track.stop();
  for (const call of [() => capture.takePhoto(), () => capture.getFrame(), () => capture.setOptions({ iso: 100 })]) {
    const pending = next<ImageCaptureErrorEvent>(capture, 'error');
    assert.equal(call(), undefined);
    const e = await pending;
    assert.equal(e.imageCaptureError!.code, ERROR_UNKNOWN);
    assert.equal(e.imageCaptureError!.message, 'INVALID_TRACK');
  }
});

test('events are dispatched later, not during the call', async () => {
  const track = await camera();
  track.stop();
  const capture = new ImageCapture(track);
  let fired = false;
  capture.onerror = () => {
    fired = true;
  };
  capture.takePhoto();
  assert.equal(fired, false);
  await next(capture, 'error');
  assert.equal(fired, true);
});

test('a disabled track fires FRAME_GRAB_ERROR, and so does an audio track', async () => {
  const track = await camera();
  track.enabled = false;
  const capture = new ImageCapture(track);
  capture.getFrame();
  const disabled = await next<ImageCaptureErrorEvent>(capture, 'error');
  assert.equal(disabled.imageCaptureError!.code, FRAME_GRAB_ERROR);
  track.stop();

  const runtime = createRuntime();
  const audio = (await runtime.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0]!;
  const onAudio = new ImageCapture(audio);
  onAudio.getFrame();
  const err = await next<ImageCaptureErrorEvent>(onAudio, 'error');
  assert.equal(err.imageCaptureError!.code, FRAME_GRAB_ERROR);
  onAudio.takePhoto();
  assert.equal((await next<ImageCaptureErrorEvent>(onAudio, 'error')).imageCaptureError!.code, PHOTO_ERROR);
  audio.stop();
});

test('the legacy layer and today\'s API work on the same track at the same time', async () => {
  const track = await camera();
  const legacy = new ImageCapture(track);
  const modern = new ModernImageCapture(track);
  const legacyPhoto = next<BlobEvent>(legacy, 'photo');
  legacy.takePhoto();
  const [blob, bitmap] = await Promise.all([modern.takePhoto(), modern.grabFrame()]);
  const fromLegacy = await legacyPhoto;
  assert.ok(blob.size > 0 && fromLegacy.data!.size > 0);
  assert.equal(bitmap.width, track.getSettings().width);
  bitmap.close();
  legacy.getFrame();
  const frame = await next<FrameGrabEvent>(legacy, 'framegrab');
  assert.equal(frame.imageData!.width, track.getSettings().width);
  track.stop();
});

test('event interfaces construct as the draft says', () => {
  const blob = new Blob(['x'], { type: 'image/jpeg' });
  assert.equal(new BlobEvent('photo', { data: blob }).data, blob);
  assert.equal(new BlobEvent('photo').data, null);
  assert.throws(() => new BlobEvent('photo', { data: 'nope' as never }), TypeError);
  const imageData = new ImageData(2, 2);
  assert.equal(new FrameGrabEvent('framegrab', { imageData }).imageData, imageData);
  assert.equal(new ImageCaptureErrorEvent('error').imageCaptureError, null);
  assert.deepEqual(new PhotoSettingsEvent('photosettingschange', { photoSettings: { iso: 100 } }).photoSettings, { iso: 100 });
  assert.throws(() => new (BlobEvent as unknown as new () => unknown)(), TypeError);
  assert.throws(() => new (ImageCaptureError as unknown as new () => unknown)(), TypeError);
  assert.equal(PHOTO_ERROR, 3);
});
