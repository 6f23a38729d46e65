/**
 * getPhotoCapabilities / getPhotoSettings
 * (https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotocapabilities), cases 27–35.
 */
import type { ConformanceCase, Dict } from '../harness.js';
import { FILL_LIGHT_MODES, isPlainObject, openCapture, snapshot } from '../support.js';

type Method = 'getPhotoCapabilities' | 'getPhotoSettings';

const endedRejects = (id: number, method: Method): ConformanceCase => ({
  id,
  title: `${method}() on an ended track rejects with InvalidStateError`,
  tags: ['S'],
  async run(env, assert) {
    const { track, capture } = await openCapture(env);
    track.stop();
    await assert.rejects(() => capture[method](), 'InvalidStateError', `${method}() after stop()`);
  },
});

const stopInSameTask = (id: number, method: Method): ConformanceCase => ({
  id,
  title: `${method}() followed by track.stop() in the same task rejects with OperationError`,
  tags: id === 30 ? ['S', 'W'] : ['S'],
  async run(env, assert) {
    const { track, capture } = await openCapture(env);
    const p = capture[method]();
    track.stop();
    await assert.rejects(env.settle(p), 'OperationError', `${method}() and then stop()`);
  },
});

const freshObjects = (method: Method, mutate: (d: Dict) => void): ConformanceCase => ({
  id: 34,
  title: `${method}() returns a new object each call; mutating one does not affect later results`,
  tags: ['S'],
  async run(env, assert) {
    const { capture } = await openCapture(env);
    const first = await env.settle(capture[method]());
    const before = snapshot(first);
    mutate(first);
    const second = await env.settle(capture[method]());
    assert.ok(second !== first, `a second ${method}() gives a different object`);
    assert.deepEqual(second, before, `${method}() after mutating an earlier result`);
  },
});

export const photoStateCases: ConformanceCase[] = [
  {
    id: 27,
    title: 'getPhotoCapabilities() resolves with a plain dictionary of redEyeReduction, imageHeight, imageWidth and fillLightMode',
    tags: ['S'],
    async run(env, assert) {
      const { capture } = await openCapture(env);
      const caps = await assert.resolves(env.settle(capture.getPhotoCapabilities()), 'getPhotoCapabilities()');
      assert.ok(isPlainObject(caps), 'PhotoCapabilities is a plain dictionary');
      assert.ok(
        ['never', 'always', 'controllable'].includes(caps.redEyeReduction as string),
        `redEyeReduction is a RedEyeReduction value (got ${JSON.stringify(caps.redEyeReduction)})`,
      );
      for (const member of ['imageHeight', 'imageWidth']) {
        const r = caps[member] as Dict | undefined;
        assert.ok(isPlainObject(r), `${member} is a MediaSettingsRange dictionary`);
        assert.ok(
          typeof r!.min === 'number' && typeof r!.max === 'number' && r!.min <= r!.max,
          `${member} has numeric min ≤ max (got ${JSON.stringify(r)})`,
        );
      }
      assert.ok(Array.isArray(caps.fillLightMode), `fillLightMode is an array (got ${JSON.stringify(caps.fillLightMode)})`);
    },
  },
  {
    id: 28,
    title: 'every PhotoCapabilities.fillLightMode entry is auto, off or flash',
    tags: ['S'],
    async run(env, assert) {
      const { capture } = await openCapture(env);
      const caps = await env.settle(capture.getPhotoCapabilities());
      const modes = (caps.fillLightMode ?? []) as unknown[];
      assert.deepEqual(
        modes.filter((m) => !(FILL_LIGHT_MODES as readonly unknown[]).includes(m)),
        [],
        'fillLightMode entries outside {auto, off, flash}',
      );
      assert.equal(new Set(modes).size, modes.length, 'fillLightMode has no duplicates');
    },
  },
  endedRejects(29, 'getPhotoCapabilities'),
  stopInSameTask(30, 'getPhotoCapabilities'),
  {
    id: 31,
    title: 'getPhotoSettings() resolves with imageWidth and imageHeight within the capabilities',
    tags: ['S'],
    async run(env, assert) {
      const { capture } = await openCapture(env);
      const caps = await env.settle(capture.getPhotoCapabilities());
      const settings = await assert.resolves(env.settle(capture.getPhotoSettings()), 'getPhotoSettings()');
      assert.ok(isPlainObject(settings), 'PhotoSettings is a plain dictionary');
      for (const member of ['imageWidth', 'imageHeight'] as const) {
        const r = caps[member] as Dict;
        assert.within(settings[member], r.min, r.max, `getPhotoSettings().${member}`);
      }
    },
  },
  endedRejects(32, 'getPhotoSettings'),
  stopInSameTask(33, 'getPhotoSettings'),
  freshObjects('getPhotoCapabilities', (caps) => {
    caps.redEyeReduction = 'mutated';
    if (caps.imageWidth) caps.imageWidth.min = -12345;
    if (Array.isArray(caps.fillLightMode)) caps.fillLightMode.push('mutated');
    caps.extra = true;
  }),
  freshObjects('getPhotoSettings', (settings) => {
    settings.imageWidth = -1;
    settings.imageHeight = -1;
    settings.fillLightMode = 'mutated';
    settings.extra = true;
  }),
  {
    id: 35,
    title: 'compat mode: getPhotoSettings() omits fillLightMode and redEyeReduction',
    tags: ['C'],
    behavior: 'chromium',
    async run(env, assert) {
      const { capture } = await openCapture(env);
      const settings = await env.settle(capture.getPhotoSettings());
      assert.ok(!('fillLightMode' in settings), `fillLightMode is absent (got ${JSON.stringify(settings)})`);
      assert.ok(!('redEyeReduction' in settings), `redEyeReduction is absent (got ${JSON.stringify(settings)})`);
      assert.equal(typeof settings.imageWidth, 'number', 'imageWidth is still reported');
      assert.equal(typeof settings.imageHeight, 'number', 'imageHeight is still reported');
    },
  },
];
