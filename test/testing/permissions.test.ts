import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type MockEnv, mockEnv } from './helpers.js';

const PTZ = { name: 'camera', panTiltZoom: true };

describe('ImageCaptureTest pan-tilt-zoom permission', () => {
  let env: MockEnv;
  beforeEach(async () => {
    env = await mockEnv();
  });
  afterEach(() => env.dispose());

  it('granted: pan, tilt and zoom are in getCapabilities() and getSettings(), and can be applied', async () => {
    env.runtime.permissions.set(PTZ, 'granted');
    assert.equal((await env.runtime.permissions.query(PTZ)).state, 'granted');
    const track = await env.track();
    for (const name of ['pan', 'tilt', 'zoom'] as const) {
      assert.ok(name in track.getCapabilities(), `${name} capability`);
      assert.ok(name in track.getSettings(), `${name} setting`);
    }
    await track.applyConstraints({ advanced: [{ pan: 8, tilt: 2, zoom: 10 }] });
    assert.equal(env.test.mockImageCapture().options()!.pan, 8);
  });

  for (const state of ['denied', 'prompt'] as const) {
    it(`${state}: pan, tilt and zoom are absent, and applying any of them is overconstrained naming it`, async () => {
      env.runtime.permissions.set(PTZ, state);
      assert.equal((await env.runtime.permissions.query(PTZ)).state, state);
      env.runtime.permissions.set({ name: 'camera' }, 'granted');
      const track = await env.track();
      for (const name of ['pan', 'tilt', 'zoom'] as const) {
        assert.equal(name in track.getCapabilities(), false, `${name} capability`);
        assert.equal(name in track.getSettings(), false, `${name} setting`);
        await assert.rejects(track.applyConstraints({ advanced: [{ [name]: 5 }] }), (e: unknown) => {
          assert.equal((e as DOMException).name, 'OverconstrainedError');
          assert.equal((e as { constraint: string }).constraint, name);
          return true;
        });
      }
      assert.equal(env.test.mockImageCapture().options(), null);
    });
  }

  it('follows the permission as it changes on a live track', async () => {
    const track = await env.track();
    assert.ok('zoom' in track.getSettings());
    env.runtime.permissions.set(PTZ, 'denied');
    assert.equal('zoom' in track.getSettings(), false);
    env.runtime.permissions.set(PTZ, 'granted');
    assert.equal(track.getSettings().zoom, 5);
  });

  it('reset() puts every permission back as it was before initialize()', async () => {
    await env.test.reset();
    env.runtime.permissions.set(PTZ, 'denied');
    env.runtime.permissions.set({ name: 'microphone' }, 'prompt');
    await env.test.initialize();
    env.runtime.permissions.set(PTZ, 'granted');
    env.runtime.permissions.set({ name: 'microphone' }, 'denied');
    await env.test.reset();
    assert.equal(env.runtime.permissionStore.get('camera-ptz'), 'denied');
    assert.equal(env.runtime.permissionStore.get('camera'), 'granted');
    assert.equal(env.runtime.permissionStore.get('microphone'), 'prompt');
  });
});
