/** Track capabilities and settings (https://w3c.github.io/mediacapture-image/#extensions), cases 45–52. */
import { CaseSkipped } from '../assert.js';
import type { Assert } from '../assert.js';
import type { ConformanceCase, Dict } from '../harness.js';
import { grantPtz, isPtz, METERING_MODES, MODE_NAMES, RANGE_NAMES } from '../support.js';

/** Checks a torch capability's shape for the env's behaviour. */
function checkTorchShape(assert: Assert, behavior: string, torch: unknown, label: string): void {
  if (behavior === 'chromium') {
    assert.ok(torch === undefined || torch === true, `${label}: compat torch capability is true or absent (got ${JSON.stringify(torch)})`);
    return;
  }
  const shapes = ['[false]', '[true]', '[true,false]', '[false,true]'];
  assert.ok(
    shapes.includes(JSON.stringify(torch)),
    `${label}: torch capability is [false], [true] or both values (got ${JSON.stringify(torch)})`,
  );
}

function isRange(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && ('min' in v || 'max' in v);
}

export const trackSettingsCases: ConformanceCase[] = [
  {
    id: 45,
    title: 'whiteBalanceMode, exposureMode and focusMode capabilities are arrays of MeteringMode strings',
    tags: ['S'],
    async run(env, assert) {
      await grantPtz(env);
      const caps = (await env.openVideo()).getCapabilities();
      for (const name of MODE_NAMES) {
        const declared = (env.features.properties ?? []).includes(name);
        if (!declared && !(name in caps)) continue;
        const list = caps[name] as unknown;
        assert.ok(Array.isArray(list) && list.length > 0, `${name} capability is a non-empty array (got ${JSON.stringify(list)})`);
        const odd = (list as unknown[]).filter((m) => !(METERING_MODES as readonly unknown[]).includes(m));
        assert.deepEqual(odd, [], `${name} entries that are not MeteringMode values`);
      }
    },
  },
  {
    id: 46,
    title: 'every range capability has numeric min ≤ max and a numeric step ≥ 0',
    tags: ['S'],
    async run(env, assert) {
      await grantPtz(env);
      const caps = (await env.openVideo()).getCapabilities();
      for (const name of RANGE_NAMES) {
        const declared = (env.features.properties ?? []).includes(name);
        if (!declared && !(name in caps)) continue;
        const r = caps[name] as Dict | undefined;
        assert.ok(isRange(r), `${name} capability is a range (got ${JSON.stringify(r)})`);
        assert.ok(
          typeof r!.min === 'number' && typeof r!.max === 'number' && r!.min <= r!.max,
          `${name}: numeric min ≤ max (got ${JSON.stringify(r)})`,
        );
        assert.ok(typeof r!.step === 'number' && r!.step >= 0, `${name}: numeric step ≥ 0 (got ${JSON.stringify(r)})`);
      }
      for (const name of ['width', 'height', 'frameRate', 'aspectRatio']) {
        const r = caps[name] as Dict | undefined;
        if (r === undefined) continue;
        assert.ok(
          typeof r.min === 'number' && typeof r.max === 'number' && r.min <= r.max,
          `${name}: numeric min ≤ max (got ${JSON.stringify(r)})`,
        );
      }
    },
  },
  {
    id: 47,
    title: 'the torch capability has the behaviour\'s shape ([false]/[true]/both in spec mode, true in compat mode)',
    tags: ['S', 'C'],
    needs: ['prop:torch'],
    async run(env, assert) {
      const caps = (await env.openVideo()).getCapabilities();
      assert.ok('torch' in caps, 'a camera with a torch reports the torch capability');
      checkTorchShape(assert, env.behavior, caps.torch, 'default camera');
    },
  },
  {
    id: 47,
    title: 'a camera without a torch reports [false] (spec mode) or nothing (compat mode)',
    tags: ['S', 'C'],
    needs: ['limitedCameraTrack'],
    async run(env, assert) {
      const caps = env.own(await env.limitedCameraTrack!()).getCapabilities();
      if (env.behavior === 'chromium') assert.ok(!('torch' in caps), `compat: no torch member (got ${JSON.stringify(caps.torch)})`);
      else if ('torch' in caps) assert.deepEqual(caps.torch, [false], 'spec: torch capability of a camera without a torch');
    },
  },
  {
    id: 48,
    title: 'getSettings() holds a value for every exposed capability, within its range or list',
    tags: ['S'],
    async run(env, assert) {
      await grantPtz(env);
      const track = await env.openVideo();
      const caps = track.getCapabilities();
      const settings = track.getSettings();
      for (const [name, cap] of Object.entries(caps)) {
        if (isPtz(name) && isRange(cap) === false && JSON.stringify(cap) === '{}') continue; // the empty-range hint
        if (Array.isArray(cap) && cap.length === 0) continue; // an empty list exposes no value
        assert.ok(name in settings, `getSettings() has ${name} (capability ${JSON.stringify(cap)})`);
        const v = settings[name] as unknown;
        if (typeof cap === 'string') assert.equal(v, cap, `${name} setting equals its capability`);
        else if (Array.isArray(cap)) assert.ok(cap.includes(v), `${name} setting ${JSON.stringify(v)} is one of ${JSON.stringify(cap)}`);
        else if (cap === true) assert.equal(typeof v, 'boolean', `${name} setting is a boolean`);
        else if (isRange(cap)) {
          const slack = name === 'aspectRatio' ? 1e-3 : 1e-9;
          assert.within(v, (cap.min as number) - slack, (cap.max as number) + slack, `${name} setting`);
        }
      }
    },
  },
  {
    id: 49,
    title: 'whiteBalanceMode, exposureMode and focusMode settings are among their capabilities',
    tags: ['S'],
    async run(env, assert) {
      const track = await env.openVideo();
      const caps = track.getCapabilities();
      const settings = track.getSettings();
      let checked = 0;
      for (const name of MODE_NAMES) {
        if (!(name in caps)) continue;
        checked++;
        assert.ok(
          (caps[name] as unknown[]).includes(settings[name]),
          `${name} setting ${JSON.stringify(settings[name])} is one of ${JSON.stringify(caps[name])}`,
        );
      }
      const declared = MODE_NAMES.filter((n) => (env.features.properties ?? []).includes(n)).length;
      assert.ok(checked >= declared, `every declared mode property is in getCapabilities() (${checked} of ${declared})`);
    },
  },
  {
    id: 50,
    title: 'pointsOfInterest in settings is an array of {x, y} with 0 ≤ x, y ≤ 1',
    tags: ['S'],
    needs: ['prop:pointsOfInterest'],
    async run(env, assert) {
      const track = await env.openVideo();
      const check = (label: string): void => {
        const points = track.getSettings().pointsOfInterest as unknown;
        if (env.behavior === 'chromium' && points === undefined) return; // line 52: left out when empty
        assert.ok(Array.isArray(points), `${label}: pointsOfInterest is an array (got ${JSON.stringify(points)})`);
        for (const p of points as Dict[]) {
          assert.ok(typeof p === 'object' && p !== null, `${label}: each point is a dictionary`);
          assert.within(p.x, 0, 1, `${label}: point x`);
          assert.within(p.y, 0, 1, `${label}: point y`);
        }
      };
      check('initially');
      await env.settle(track.applyConstraints({ pointsOfInterest: [{ x: 0.3, y: 0.6 }, { x: 0.9, y: 0.1 }] }));
      check('after setting two points');
      assert.equal((track.getSettings().pointsOfInterest as unknown[]).length, 2, 'two points read back');
    },
  },
  {
    id: 51,
    title: 'compat mode: a range whose min equals its max is left out of capabilities',
    tags: ['C'],
    behavior: 'chromium',
    async run(env, assert) {
      await grantPtz(env);
      const caps = (await env.openVideo()).getCapabilities();
      const fixed = Object.entries(caps).filter(([, v]) => isRange(v) && v.min === v.max).map(([k]) => k);
      assert.deepEqual(fixed, [], 'capabilities with min === max');
      if (!env.limitedCameraTrack) return;
      const limited = env.own(await env.limitedCameraTrack()).getCapabilities();
      const fixedLimited = Object.entries(limited).filter(([, v]) => isRange(v) && v.min === v.max).map(([k]) => k);
      assert.deepEqual(fixedLimited, [], 'limited camera: capabilities with min === max');
    },
  },
  {
    id: 52,
    title: 'compat mode: pointsOfInterest is left out of settings when empty',
    tags: ['C'],
    behavior: 'chromium',
    needs: ['prop:pointsOfInterest'],
    async run(env, assert) {
      const track = await env.openVideo();
      const points = track.getSettings().pointsOfInterest as unknown[] | undefined;
      if (points !== undefined) {
        assert.ok(Array.isArray(points) && points.length > 0, `pointsOfInterest is absent or non-empty (got ${JSON.stringify(points)})`);
        throw new CaseSkipped('the camera starts with points of interest set, so an empty list cannot be observed');
      }
      await env.settle(track.applyConstraints({ pointsOfInterest: [{ x: 0.5, y: 0.5 }] }));
      assert.deepEqual(track.getSettings().pointsOfInterest, [{ x: 0.5, y: 0.5 }], 'a non-empty list is reported');
    },
  },
];
