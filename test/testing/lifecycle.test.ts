import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/backends/clock.js';
import { ImageCapture } from '../../src/image-capture/image-capture.js';
import { createRuntime } from '../../src/media/default-runtime.js';
import type { MediaStreamTrack } from '../../src/media/track.js';
import { ImageCaptureTest } from '../../src/testing/image-capture-test.js';
import { mockEnv } from './helpers.js';

async function videoTrack(runtime: ReturnType<typeof createRuntime>): Promise<MediaStreamTrack> {
  return (await runtime.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0]!;
}

describe('ImageCaptureTest initialize() and reset()', () => {
  it('while initialized, new getUserMedia tracks are the mock; reset() gives the runtime its own cameras back', async () => {
    const runtime = createRuntime();
    const before = [...runtime.backends];
    const test = new ImageCaptureTest({ runtime, clock: new ManualClock() });
    await test.initialize();
    assert.deepEqual(runtime.backends.map((b) => b.name), ['image-capture-test']);
    const devices = await runtime.mediaDevices.enumerateDevices();
    assert.deepEqual(devices.filter((d) => d.kind === 'videoinput').map((d) => d.label), ['ImageCaptureTest mock camera']);
    const track = await videoTrack(runtime);
    assert.equal(track.label, 'ImageCaptureTest mock camera');
    await test.reset();
    assert.deepEqual(runtime.backends, before);
    const after = await videoTrack(runtime);
    assert.notEqual(after.label, 'ImageCaptureTest mock camera');
    after.stop();
  });

  it('reset() ends the tracks the mock backs, firing ended', async () => {
    const env = await mockEnv();
    const track = await env.track();
    const ended = new Promise<void>((resolve) => track.addEventListener('ended', () => resolve(), { once: true }));
    await env.test.reset();
    await ended;
    assert.equal(track.readyState, 'ended');
    await env.dispose();
  });

  it("switches the runtime to Chromium's behaviour and back to what it was", async () => {
    const spec = createRuntime();
    const chromium = createRuntime({ behavior: 'chromium' });
    for (const runtime of [spec, chromium]) {
      const was = runtime.behavior;
      const test = new ImageCaptureTest({ runtime });
      await test.initialize();
      assert.equal(runtime.behavior, 'chromium');
      await test.reset();
      assert.equal(runtime.behavior, was);
    }
  });

  it('a new initialize() starts from the default state with nothing sent', async () => {
    const env = await mockEnv();
    const mock = env.test.mockImageCapture();
    const track = await env.track();
    await track.applyConstraints({ advanced: [{ zoom: 2 }] });
    mock.state().supportsTorch = false;
    await env.test.reset();
    await env.test.initialize();
    assert.equal(mock.options(), null);
    assert.equal(mock.state().supportsTorch, true);
    assert.equal(mock.state().zoom.current, 5);
    await env.dispose();
  });

  it('initializing a second instance retires the first (its tracks end, the runtime is restored once)', async () => {
    const runtime = createRuntime();
    const before = [...runtime.backends];
    const first = new ImageCaptureTest({ runtime, clock: new ManualClock() });
    const second = new ImageCaptureTest({ runtime, clock: new ManualClock() });
    await first.initialize();
    const old = await videoTrack(runtime);
    await second.initialize();
    assert.equal(first.initialized, false);
    assert.equal(old.readyState, 'ended');
    const track = await videoTrack(runtime);
    await track.applyConstraints({ advanced: [{ zoom: 10 }] });
    assert.equal(second.mockImageCapture().options()!.zoom, 10);
    assert.equal(first.mockImageCapture().options(), null);
    await second.reset();
    assert.deepEqual(runtime.backends, before);
    assert.equal(runtime.behavior, 'spec');
  });

  it('reset() without initialize() and a second reset() do nothing', async () => {
    const runtime = createRuntime();
    const before = [...runtime.backends];
    const test = new ImageCaptureTest({ runtime });
    await test.reset();
    await test.initialize();
    await test.reset();
    await test.reset();
    assert.deepEqual(runtime.backends, before);
  });
});

describe('ImageCaptureTest Chromium-compatible behaviours switch on and off with the mock', () => {
  it('an unsatisfiable first advanced set rejects naming the key while initialized, and is skipped after reset()', async () => {
    const runtime = createRuntime();
    const test = new ImageCaptureTest({ runtime, clock: new ManualClock() });
    await test.initialize();
    const mocked = await videoTrack(runtime);
    await assert.rejects(mocked.applyConstraints({ advanced: [{ zoom: 11 }] }), (e: unknown) => {
      assert.equal((e as DOMException).name, 'OverconstrainedError');
      assert.equal((e as { constraint: string }).constraint, 'zoom');
      return true;
    });
    await test.reset();
    const own = await videoTrack(runtime);
    const max = own.getCapabilities().zoom!.max!;
    await own.applyConstraints({ advanced: [{ zoom: max + 1 }] });
    own.stop();
  });

  it('takePhoto settings are range-checked only after the capabilities were fetched while initialized, always after reset()', async () => {
    const runtime = createRuntime();
    const test = new ImageCaptureTest({ runtime, clock: new ManualClock() });
    await test.initialize();
    const capture = new ImageCapture(await videoTrack(runtime));
    const blob = await capture.takePhoto({ imageWidth: 99999 });
    assert.equal(blob.type, 'image/cat');
    await capture.getPhotoCapabilities();
    await assert.rejects(capture.takePhoto({ imageWidth: 99999 }), { name: 'NotSupportedError' });
    await test.reset();
    const own = await videoTrack(runtime);
    await assert.rejects(new ImageCapture(own).takePhoto({ imageWidth: 99999 }), { name: 'NotSupportedError' });
    own.stop();
  });
});

describe('ImageCaptureTest tracks', () => {
  it('a clone has the same constraints, settings and capabilities', async () => {
    const env = await mockEnv();
    const track = await env.track();
    await track.applyConstraints({ advanced: [{ zoom: 3.5, focusMode: 'single-shot' }] });
    const clone = track.clone();
    assert.deepEqual(clone.getConstraints(), track.getConstraints());
    assert.deepEqual(clone.getSettings(), track.getSettings());
    assert.deepEqual(clone.getCapabilities(), track.getCapabilities());
    assert.equal(clone.getSettings().zoom, 3.5);
    clone.stop();
    await env.dispose();
  });

  it('settings are there as soon as getUserMedia resolves', async () => {
    const env = await mockEnv();
    env.test.mockImageCapture().state().exposureTime.current = 4200;
    const track = await env.track();
    assert.equal(track.getSettings().exposureTime, 4200);
    await env.dispose();
  });

  it("errors are made with the realm's current DOMException and TypeError", async () => {
    const env = await mockEnv();
    const track = await env.track();
    const capture = env.capture(track);
    const g = globalThis as { DOMException: typeof DOMException; TypeError: typeof TypeError };
    const { DOMException: NativeDOMException, TypeError: NativeTypeError } = g;
    class RealmDOMException extends NativeDOMException {}
    class RealmTypeError extends NativeTypeError {}
    g.DOMException = RealmDOMException;
    g.TypeError = RealmTypeError as unknown as typeof TypeError;
    let stateError: unknown;
    let typeError: unknown;
    try {
      track.stop();
      stateError = await capture.takePhoto().catch((e: unknown) => e);
      typeError = await capture.takePhoto({ fillLightMode: 'sideways' as never }).catch((e: unknown) => e);
    } finally {
      g.DOMException = NativeDOMException;
      g.TypeError = NativeTypeError;
    }
    assert.equal((stateError as Error).constructor, RealmDOMException);
    assert.equal((stateError as DOMException).name, 'InvalidStateError');
    assert.equal((typeError as Error).constructor, RealmTypeError);
    await env.dispose();
  });
});
