import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entry = JSON.stringify(`${root}src/entries/testing-global.ts`);

/** Runs `script` (an ES module body) in a fresh Node process and returns the JSON it prints. */
function inFreshProcess(script: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`the child process failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>);
    });
  });
}

/** The part of each script that drives the installed globals like a suite would. */
const SUITE = `
  const { installed } = await import(${entry});
  const t = new ImageCaptureTest();
  await t.initialize();
  navigator.permissions.set({ name: 'camera', panTiltZoom: true }, 'denied');
  const ptz = (await navigator.permissions.query({ name: 'camera', panTiltZoom: true })).state;
  const track = (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0];
  const zoomShown = 'zoom' in track.getCapabilities();
  navigator.permissions.set({ name: 'camera', panTiltZoom: true }, 'granted');
  await track.applyConstraints({ advanced: [{ zoom: 3.141592 }] });
  const sent = t.mockImageCapture().options().zoom;
  const blob = await new ImageCapture(track).takePhoto();
  const result = {
    installed, ptz, zoomShown, zoom: track.getSettings().zoom, options: sent,
    blob: [blob.type, blob.size], behaviorDuring: (await import(${JSON.stringify(
      `${root}src/media/default-runtime.ts`,
    )})).defaultRuntime.behavior,
  };
  track.stop();
  await t.reset();
  result.behaviorAfter = (await import(${JSON.stringify(`${root}src/media/default-runtime.ts`)})).defaultRuntime.behavior;
`;

describe('imagecapture/testing/global', () => {
  it('installs the runtime globals, ImageCaptureTest and navigator.permissions in plain Node', async () => {
    const out = await inFreshProcess(`${SUITE}; console.log(JSON.stringify(result)); process.exit(0);`);
    const installed = out.installed as string[];
    for (const name of ['ImageCapture', 'MediaStreamTrack', 'ImageCaptureTest', 'navigator.mediaDevices', 'navigator.permissions']) {
      assert.ok(installed.includes(name), `${name} installed`);
    }
    assert.equal(out.ptz, 'denied');
    assert.equal(out.zoomShown, false);
    assert.equal(out.zoom, 3.141592);
    assert.equal(out.options, 3.141592);
    assert.deepEqual(out.blob, ['image/cat', 2]);
    assert.equal(out.behaviorDuring, 'chromium');
    assert.equal(out.behaviorAfter, 'spec');
  });

  it("works where jsdom's navigator exists without mediaDevices", async () => {
    const prelude = `
      const { JSDOM } = await import('jsdom');
      const dom = new JSDOM('<!doctype html><p>app</p>', { url: 'https://localhost/' });
      const nav = dom.window.navigator;
      Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true, writable: true });
      globalThis.window = dom.window;
      globalThis.document = dom.window.document;
      const hadMediaDevices = 'mediaDevices' in nav;
    `;
    const out = await inFreshProcess(
      `${prelude}${SUITE}; result.hadMediaDevices = hadMediaDevices;` +
        ' result.sameNavigator = globalThis.navigator === nav && nav.mediaDevices !== undefined;' +
        ' console.log(JSON.stringify(result)); process.exit(0);',
    );
    assert.equal(out.hadMediaDevices, false);
    assert.equal(out.sameNavigator, true);
    assert.equal(out.ptz, 'denied');
    assert.equal(out.zoomShown, false);
    assert.deepEqual(out.blob, ['image/cat', 2]);
  });
});
