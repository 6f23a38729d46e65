/** Pan, tilt, zoom and their permission (https://w3c.github.io/mediacapture-image/#pan), cases 72–83. */
import type { CaseEnv, ConformanceCase, Dict, TrackLike } from '../harness.js';
import {
  CAMERA_DESCRIPTOR,
  differentValue,
  grantPtz,
  IMAGE_CAPTURE_NAMES,
  isPtz,
  PTZ_DESCRIPTOR,
  PTZ_NAMES,
  RANGE_NAMES,
  rangeOf,
  snapshot,
} from '../support.js';

const PTZ_NEEDS = ['setPermission', 'prop:pan', 'prop:tilt', 'prop:zoom'];

/** A default-camera track opened while the pan-tilt-zoom permission is denied. */
async function trackWithoutPtz(env: CaseEnv): Promise<TrackLike> {
  await env.setPermission!(PTZ_DESCRIPTOR, 'denied');
  return env.openVideo();
}

async function ptzState(env: CaseEnv): Promise<string> {
  return (await env.permissions!.query(PTZ_DESCRIPTOR)).state;
}

const hiddenRejects = (label: string, constraints: Dict): ConformanceCase => ({
  id: 76,
  title: `in a hidden document, applyConstraints(${label}) rejects with SecurityError`,
  tags: ['S'],
  needs: ['setHidden', 'prop:pan', 'prop:tilt', 'prop:zoom'],
  async run(env, assert) {
    await grantPtz(env);
    const track = await env.openVideo();
    const before = snapshot(track.getSettings());
    await env.setHidden!(true);
    await assert.rejects(() => env.settle(track.applyConstraints(constraints)), 'SecurityError', `applyConstraints(${label}) while hidden`);
    for (const name of PTZ_NAMES) assert.equal(track.getSettings()[name], before[name], `${name} after the rejected call`);
  },
});

const gumRequiredRejects = (name: string, constraint: Dict): ConformanceCase => ({
  id: isPtz(name) ? 78 : 79,
  title: `getUserMedia({video: {${name}: ${JSON.stringify(constraint)}}}) rejects with TypeError`,
  tags: ['S'],
  async run(env, assert) {
    await assert.rejects(
      () => env.mediaDevices.getUserMedia({ video: { [name]: constraint } }),
      'TypeError',
      `getUserMedia with a required ${name}`,
    );
  },
});

/** A required constraint value for each image-capture property (line 79). */
const REQUIRED_VALUES: Record<string, Dict> = {
  whiteBalanceMode: { exact: 'continuous' },
  exposureMode: { exact: 'continuous' },
  focusMode: { exact: 'continuous' },
  pointsOfInterest: { exact: [{ x: 0.5, y: 0.5 }] },
  exposureCompensation: { exact: 0 },
  exposureTime: { min: 1 },
  colorTemperature: { max: 6500 },
  iso: { exact: 100 },
  brightness: { exact: 1 },
  contrast: { min: 0 },
  saturation: { exact: 1 },
  sharpness: { max: 1 },
  focusDistance: { exact: 1 },
  torch: { exact: true },
};

const gumAllowsIdealZoom = (label: string, video: Dict): ConformanceCase => ({
  id: 80,
  title: `getUserMedia({video: ${label}}) is allowed and requests the pan-tilt-zoom permission`,
  tags: ['S'],
  needs: ['setPermission', 'answerPrompts', 'permissions', 'prop:zoom'],
  async run(env, assert) {
    await env.setPermission!(PTZ_DESCRIPTOR, 'prompt');
    env.answerPrompts!('granted');
    const stream = await assert.resolves(env.mediaDevices.getUserMedia({ video }), `getUserMedia({video: ${label}})`);
    const track = stream.getVideoTracks()[0]!;
    assert.equal(await ptzState(env), 'granted', 'pan-tilt-zoom permission after the request was answered');
    assert.ok(typeof (track.getCapabilities().zoom as Dict | undefined)?.max === 'number', 'the track exposes the zoom range');
    assert.equal(typeof track.getSettings().zoom, 'number', 'the track reports zoom');
  },
});

export const ptzCases: ConformanceCase[] = [
  {
    id: 72,
    title: 'without PTZ permission, getCapabilities() has no pan/tilt/zoom ranges (absent, or {} as a hint)',
    tags: ['S'],
    needs: PTZ_NEEDS,
    async run(env, assert) {
      const caps = (await trackWithoutPtz(env)).getCapabilities();
      for (const name of PTZ_NAMES) {
        const cap = caps[name] as unknown;
        assert.ok(cap === undefined || JSON.stringify(cap) === '{}', `${name} capability without permission (got ${JSON.stringify(cap)})`);
      }
    },
  },
  {
    id: 73,
    title: 'without PTZ permission, getSettings() has no pan, tilt or zoom keys',
    tags: ['S'],
    needs: PTZ_NEEDS,
    async run(env, assert) {
      const settings = (await trackWithoutPtz(env)).getSettings();
      assert.deepEqual(PTZ_NAMES.filter((n) => n in settings), [], 'PTZ keys in getSettings()');
    },
  },
  {
    id: 74,
    title: 'without PTZ permission, a basic {pan: {exact: 0}} rejects with OverconstrainedError naming pan',
    tags: ['S'],
    needs: PTZ_NEEDS,
    async run(env, assert) {
      const track = await trackWithoutPtz(env);
      await assert.rejectsOverconstrained(
        env.settle(track.applyConstraints({ pan: { exact: 0 } })),
        'pan',
        '{pan: {exact: 0}} without permission',
      );
    },
  },
  {
    id: 74,
    title: 'compat mode: without PTZ permission, {advanced: [{pan: 8}]} rejects with OverconstrainedError naming pan',
    tags: ['C', 'W'],
    behavior: 'chromium',
    needs: PTZ_NEEDS,
    async run(env, assert) {
      const track = await trackWithoutPtz(env);
      await assert.rejectsOverconstrained(
        env.settle(track.applyConstraints({ advanced: [{ pan: 8 }] })),
        'pan',
        '{advanced: [{pan: 8}]} without permission',
      );
    },
  },
  {
    id: 74,
    title: 'spec mode: without PTZ permission, {advanced: [{pan: 8}]} is ignored and pan stays hidden',
    tags: ['S'],
    behavior: 'spec',
    needs: PTZ_NEEDS,
    async run(env, assert) {
      const track = await trackWithoutPtz(env);
      await assert.resolves(env.settle(track.applyConstraints({ advanced: [{ pan: 8 }] })), '{advanced: [{pan: 8}]} without permission');
      assert.ok(!('pan' in track.getSettings()), 'pan is still absent from getSettings()');
    },
  },
  {
    id: 75,
    title: 'with PTZ permission, pan/tilt/zoom ranges and settings are present and pan/tilt lie within ±648000',
    tags: ['S'],
    needs: PTZ_NEEDS,
    async run(env, assert) {
      await env.setPermission!(PTZ_DESCRIPTOR, 'granted');
      const track = await env.openVideo();
      const caps = track.getCapabilities();
      const settings = track.getSettings();
      for (const name of PTZ_NAMES) {
        const r = rangeOf(assert, caps, name);
        assert.within(settings[name], r.min, r.max, `${name} setting`);
        if (name !== 'zoom') {
          assert.within(r.min, -648000, 648000, `${name} capability min (arc-seconds)`);
          assert.within(r.max, -648000, 648000, `${name} capability max (arc-seconds)`);
        }
      }
    },
  },
  hiddenRejects('{pan: 0}', { pan: 0 }),
  hiddenRejects('{advanced: [{zoom: 2}]}', { advanced: [{ zoom: 2 }] }),
  hiddenRejects('{tilt: true}', { tilt: true }),
  {
    id: 77,
    title: 'in a hidden document, applyConstraints({pan: false}) does not raise SecurityError',
    tags: ['S'],
    needs: ['setHidden', 'prop:pan'],
    async run(env, assert) {
      await grantPtz(env);
      const track = await env.openVideo();
      await env.setHidden!(true);
      await assert.resolves(env.settle(track.applyConstraints({ pan: false })), 'applyConstraints({pan: false}) while hidden');
    },
  },
  ...(['pan', 'tilt', 'zoom'] as const).flatMap((name) =>
    (['min', 'max', 'exact'] as const).map((kind) => gumRequiredRejects(name, { [kind]: 1 })),
  ),
  ...IMAGE_CAPTURE_NAMES.filter((n) => !isPtz(n)).map((name) => gumRequiredRejects(name, REQUIRED_VALUES[name]!)),
  gumAllowsIdealZoom('{zoom: 2}', { zoom: 2 }),
  gumAllowsIdealZoom('{zoom: {ideal: 2}}', { zoom: { ideal: 2 } }),
  {
    id: 80,
    title: 'getUserMedia({video: true}) does not request the pan-tilt-zoom permission',
    tags: ['S'],
    needs: ['setPermission', 'answerPrompts', 'permissions', 'prop:zoom'],
    async run(env, assert) {
      await env.setPermission!(PTZ_DESCRIPTOR, 'prompt');
      env.answerPrompts!('granted');
      const track = await env.openVideo();
      assert.equal(await ptzState(env), 'prompt', 'pan-tilt-zoom permission is not silently upgraded');
      assert.ok(!('zoom' in track.getSettings()), 'the track does not report zoom');
    },
  },
  {
    id: 81,
    title: 'getUserMedia({video: {pan: true}}) requests the PTZ permission and leaves pan at its current value',
    tags: ['S'],
    needs: ['setPermission', 'answerPrompts', 'permissions', 'prop:pan'],
    async run(env, assert) {
      await env.setPermission!(PTZ_DESCRIPTOR, 'prompt');
      env.answerPrompts!('granted');
      const stream = await assert.resolves(env.mediaDevices.getUserMedia({ video: { pan: true } }), 'getUserMedia({video: {pan: true}})');
      const track = stream.getVideoTracks()[0]!;
      assert.equal(await ptzState(env), 'granted', 'pan-tilt-zoom permission after the request was answered');
      const pan = track.getSettings().pan as unknown;
      assert.equal(typeof pan, 'number', 'the track reports pan');
      const plain = await env.openVideo();
      assert.equal(pan, plain.getSettings().pan, 'pan compared with a track opened with {video: true}');
    },
  },
  {
    id: 81,
    title: 'applyConstraints({pan: true}) does not change the current pan value',
    tags: ['S'],
    needs: ['prop:pan'],
    async run(env, assert) {
      await grantPtz(env);
      const track = await env.openVideo();
      const r = rangeOf(assert, track.getCapabilities(), 'pan');
      const moved = differentValue(r, track.getSettings().pan);
      await env.settle(track.applyConstraints({ pan: moved }));
      await env.waitUntil(() => track.getSettings().pan === moved, `pan reaches ${moved}`);
      await assert.resolves(env.settle(track.applyConstraints({ pan: true })), 'applyConstraints({pan: true})');
      await env.pass(500);
      assert.equal(track.getSettings().pan, moved, 'pan after {pan: true}');
    },
  },
  {
    id: 82,
    title: 'permissions.query({name: "camera", panTiltZoom: true}) reports the PTZ state',
    tags: ['S'],
    needs: ['setPermission', 'permissions'],
    async run(env, assert) {
      for (const state of ['granted', 'denied', 'prompt', 'granted'] as const) {
        await env.setPermission!(PTZ_DESCRIPTOR, state);
        assert.equal(await ptzState(env), state, `query after setting pan-tilt-zoom to ${state}`);
      }
    },
  },
  {
    id: 82,
    title: 'revoking the camera permission also revokes pan-tilt-zoom',
    tags: ['S'],
    needs: ['setPermission', 'permissions'],
    async run(env, assert) {
      await env.setPermission!(PTZ_DESCRIPTOR, 'granted');
      assert.equal(await ptzState(env), 'granted', 'pan-tilt-zoom before revoking');
      await env.setPermission!(CAMERA_DESCRIPTOR, 'denied');
      assert.equal((await env.permissions!.query(CAMERA_DESCRIPTOR)).state, 'denied', 'camera after revoking');
      assert.notEqual(await ptzState(env), 'granted', 'pan-tilt-zoom after revoking camera');
    },
  },
  {
    id: 83,
    title: 'compat mode: track.clone() carries over image-capture settings, capabilities and constraints',
    tags: ['C', 'W'],
    behavior: 'chromium',
    needs: [RANGE_NAMES.map((n) => `prop:${n}`).join('|')],
    async run(env, assert) {
      await grantPtz(env);
      const track = await env.openVideo();
      const caps = track.getCapabilities();
      const name = RANGE_NAMES.find((n) => {
        const r = caps[n] as Dict | undefined;
        return typeof r?.max === 'number' && r.max > r.min;
      });
      assert.ok(name, 'the camera has an adjustable range');
      const constraints = { advanced: [{ [name!]: differentValue(rangeOf(assert, caps, name!), track.getSettings()[name!]) }] };
      await assert.resolves(env.settle(track.applyConstraints(constraints)), `applyConstraints(${JSON.stringify(constraints)})`);
      const clone = env.own(track.clone());
      assert.deepEqual(clone.getConstraints(), track.getConstraints(), 'clone.getConstraints()');
      assert.deepEqual(clone.getCapabilities(), track.getCapabilities(), 'clone.getCapabilities()');
      assert.deepEqual(clone.getSettings(), track.getSettings(), 'clone.getSettings()');
    },
  },
];
