/** applyConstraints (https://w3c.github.io/mediacapture-main/#dfn-applyconstraints-algorithm), cases 53–66. */
import type { Assert } from '../assert.js';
import type { CaseEnv, ConformanceCase, Dict, TrackLike } from '../harness.js';
import {
  ADJUSTABLE,
  differentValue,
  NEEDS_ADJUSTABLE,
  grantPtz,
  withEffectiveMode,
  IMAGE_CAPTURE_NAMES,
  isPtz,
  MODE_NAMES,
  METERING_MODES,
  RANGE_NAMES,
  rangeOf,
  snapshot,
  tolerance,
} from '../support.js';

/** A live default-camera track with PTZ granted where the env can. */
async function openTrack(env: CaseEnv): Promise<TrackLike> {
  await grantPtz(env);
  return env.openVideo();
}

/** One valid value for each of the 17 properties, different from the current one where possible. */
function allSeventeen(assert: Assert, caps: Dict, settings: Dict): Dict {
  const set: Dict = {};
  for (const name of IMAGE_CAPTURE_NAMES) {
    if (name === 'pointsOfInterest') {
      set[name] = [{ x: 0.25, y: 0.75 }];
    } else if ((MODE_NAMES as readonly string[]).includes(name)) {
      const modes = caps[name] as string[] | undefined;
      assert.ok(Array.isArray(modes) && modes.length > 0, `getCapabilities().${name} lists modes`);
      // manual, so exposureTime, colorTemperature and focusDistance take effect
      // (https://w3c.github.io/mediacapture-image/#constrainable-properties)
      set[name] = modes!.includes('manual') ? 'manual' : modes![0];
    } else if (name === 'torch') {
      const t = caps.torch as unknown;
      set.torch = Array.isArray(t) ? (t.includes(!settings.torch) ? !settings.torch : t[0]) : t === true;
    } else {
      set[name] = differentValue(rangeOf(assert, caps, name), settings[name]);
    }
  }
  return set;
}

/**
 * Waits until every value of `set` reads back from getSettings() (zoom or focus may travel,
 * https://w3c.github.io/mediacapture-image/#mediatrackconstraintset-section).
 */
async function expectSettings(env: CaseEnv, assert: Assert, track: TrackLike, set: Dict, caps: Dict): Promise<void> {
  const matches = (name: string): boolean => {
    const v = track.getSettings()[name] as unknown;
    const want = set[name] as unknown;
    if (typeof want === 'number') return typeof v === 'number' && Math.abs(v - want) <= tolerance(rangeOf(assert, caps, name));
    if (name === 'pointsOfInterest') {
      const pts = v as Dict[] | undefined;
      const w = want as Dict[];
      return Array.isArray(pts) &&
        pts.length === w.length &&
        pts.every((p, i) => Math.abs(p.x - w[i]!.x) <= 0.01 && Math.abs(p.y - w[i]!.y) <= 0.01);
    }
    return v === want;
  };
  const names = Object.keys(set);
  await env.waitUntil(() => names.every(matches), 'every applied value reads back', 10_000).catch(() => undefined);
  const settings = track.getSettings();
  for (const name of names) {
    assert.ok(matches(name), `getSettings().${name} is ${JSON.stringify(settings[name])}, applied ${JSON.stringify(set[name])}`);
  }
}

/** A plain adjustable range the camera has (besides `avoid`), for the generic constraint cases. */
function someRange(assert: Assert, caps: Dict, avoid: string[] = []): string {
  const name = ADJUSTABLE.find((n) => !avoid.includes(n) && typeof (caps[n] as Dict | undefined)?.max === 'number');
  if (!name) {
    assert.fail(
      `getCapabilities() has no adjustable range among ${ADJUSTABLE.join(', ')}${avoid.length ? ` besides ${avoid.join(', ')}` : ''}`,
    );
  }
  return name;
}

const exactBelowMin = (name: string): ConformanceCase => ({
  id: 56,
  title: `a basic {${name}: {exact: min - 1}} rejects with OverconstrainedError naming ${name}`,
  tags: ['S'],
  needs: [`prop:${name}`],
  async run(env, assert) {
    const track = await openTrack(env);
    const r = rangeOf(assert, track.getCapabilities(), name);
    await assert.rejectsOverconstrained(
      env.settle(track.applyConstraints({ [name]: { exact: r.min - 1 } })),
      name,
      `{${name}: {exact: ${r.min - 1}}}`,
    );
  },
});

const unsupportedMode = (name: string): ConformanceCase => ({
  id: 57,
  title: `a basic {${name}: {exact: <unsupported mode>}} rejects with OverconstrainedError naming ${name}`,
  tags: ['S'],
  needs: [`prop:${name}`],
  async run(env, assert) {
    const track = await openTrack(env);
    const modes = (track.getCapabilities()[name] as string[] | undefined) ?? [];
    const mode = METERING_MODES.find((m) => !modes.includes(m)) ?? 'no-such-mode';
    await assert.rejectsOverconstrained(
      env.settle(track.applyConstraints({ [name]: { exact: mode } })),
      name,
      `{${name}: {exact: "${mode}"}} with modes ${JSON.stringify(modes)}`,
    );
  },
});

const clampsBare = (side: 'above' | 'below'): ConformanceCase => ({
  id: 58,
  title: `a basic bare value ${side} the range resolves and the setting is clamped into [min, max]`,
  tags: ['S'],
  needs: [NEEDS_ADJUSTABLE],
  async run(env, assert) {
    const track = await openTrack(env);
    const caps = track.getCapabilities();
    const names = RANGE_NAMES.filter((n) => !isPtz(n) && typeof (caps[n] as Dict | undefined)?.max === 'number');
    assert.ok(names.length > 0, 'the camera has adjustable ranges');
    for (const name of names) {
      const r = rangeOf(assert, caps, name);
      const span = Math.max(1, r.max - r.min);
      const value = side === 'above' ? r.max + span : r.min - span;
      const constraints = withEffectiveMode(caps, name, value);
      await assert.resolves(env.settle(track.applyConstraints(constraints)), `applyConstraints(${JSON.stringify(constraints)})`);
      const bound = side === 'above' ? r.max : r.min;
      // Settings may lag (focus travels): wait for the value, then judge what is there.
      const current = (): unknown => track.getSettings()[name];
      await env.waitUntil(() => Math.abs((current() as number) - bound) <= tolerance(r), `${name} settles`, 5000).catch(() => undefined);
      assert.within(current(), r.min, r.max, `${name} after asking for ${value}`);
      assert.close(current(), bound, tolerance(r), `${name} is clamped to the nearest bound`);
    }
  },
});

export const applyConstraintsCases: ConformanceCase[] = [
  {
    id: 53,
    title: 'applying {advanced: [all 17 valid values]} resolves and getSettings() reflects each',
    tags: ['S', 'W'],
    needs: IMAGE_CAPTURE_NAMES.map((n) => `prop:${n}`),
    async run(env, assert) {
      const track = await openTrack(env);
      const caps = track.getCapabilities();
      const set = allSeventeen(assert, caps, track.getSettings());
      await assert.resolves(
        env.settle(track.applyConstraints({ advanced: [set] })),
        `applyConstraints({advanced: [${JSON.stringify(set)}]})`,
      );
      await expectSettings(env, assert, track, set, caps);
    },
  },
  {
    id: 54,
    title: 'getConstraints() afterwards deep-equals the applied argument',
    tags: ['S', 'W'],
    needs: IMAGE_CAPTURE_NAMES.map((n) => `prop:${n}`),
    async run(env, assert) {
      const track = await openTrack(env);
      const caps = track.getCapabilities();
      const set = allSeventeen(assert, caps, track.getSettings());
      const argument = { advanced: [set] };
      await env.settle(track.applyConstraints(argument));
      assert.deepEqual(track.getConstraints(), snapshot(argument), 'getConstraints() after applying all 17', 0.01);
      const basic = {
        brightness: set.brightness,
        pointsOfInterest: [{ x: 0.4, y: 0.1 }],
        whiteBalanceMode: { ideal: set.whiteBalanceMode },
      };
      await env.settle(track.applyConstraints(basic));
      assert.deepEqual(track.getConstraints(), snapshot(basic), 'getConstraints() after a basic set', 0.01);
    },
  },
  {
    id: 55,
    title: 'a basic {exposureTime: {exact: max + 1}} rejects with OverconstrainedError naming exposureTime',
    tags: ['S'],
    needs: ['prop:exposureTime'],
    async run(env, assert) {
      const track = await openTrack(env);
      const r = rangeOf(assert, track.getCapabilities(), 'exposureTime');
      await assert.rejectsOverconstrained(
        env.settle(track.applyConstraints({ exposureTime: { exact: r.max + 1 } })),
        'exposureTime',
        `{exposureTime: {exact: ${r.max + 1}}}`,
      );
    },
  },
  ...RANGE_NAMES.map(exactBelowMin),
  ...MODE_NAMES.map(unsupportedMode),
  clampsBare('above'),
  clampsBare('below'),
  {
    id: 59,
    title: 'spec mode: an unsatisfiable advanced set is ignored, the call resolves and its values are unchanged',
    tags: ['S'],
    behavior: 'spec',
    needs: [NEEDS_ADJUSTABLE],
    async run(env, assert) {
      const track = await openTrack(env);
      const caps = track.getCapabilities();
      const ok = someRange(assert, caps);
      const bad = someRange(assert, caps, [ok]);
      const before = track.getSettings();
      const rOk = rangeOf(assert, caps, ok);
      const rBad = rangeOf(assert, caps, bad);
      const set = { [ok]: differentValue(rOk, before[ok]), [bad]: rBad.max + Math.max(1, rBad.step) };
      await assert.resolves(
        env.settle(track.applyConstraints({ advanced: [set] })),
        `applyConstraints({advanced: [${JSON.stringify(set)}]})`,
      );
      const after = track.getSettings();
      assert.equal(after[ok], before[ok], `${ok} (satisfiable, but in the ignored set)`);
      assert.equal(after[bad], before[bad], `${bad} (the unsatisfiable value)`);
    },
  },
  {
    id: 60,
    title: 'spec mode: of several advanced sets where only the second is satisfiable, the second is applied',
    tags: ['S'],
    behavior: 'spec',
    needs: [NEEDS_ADJUSTABLE],
    async run(env, assert) {
      const track = await openTrack(env);
      const caps = track.getCapabilities();
      const ok = someRange(assert, caps);
      const bad = someRange(assert, caps, [ok]);
      const rOk = rangeOf(assert, caps, ok);
      const rBad = rangeOf(assert, caps, bad);
      const before = track.getSettings();
      const first = { [ok]: differentValue(rOk, before[ok]), [bad]: rBad.max + Math.max(1, rBad.step) };
      const second = { [ok]: rOk.max };
      const third = { [bad]: rBad.min - Math.max(1, rBad.step) };
      await assert.resolves(
        env.settle(track.applyConstraints({ advanced: [first, second, third] })),
        'applyConstraints with three advanced sets',
      );
      const after = track.getSettings();
      assert.close(after[ok], rOk.max, tolerance(rOk), `${ok} from the second set`);
      assert.equal(after[bad], before[bad], `${bad} (only in unsatisfiable sets)`);
    },
  },
  {
    id: 61,
    title: 'compat mode: an unsatisfiable advanced[0] rejects with OverconstrainedError naming the offending property',
    tags: ['C', 'W'],
    behavior: 'chromium',
    needs: [NEEDS_ADJUSTABLE],
    async run(env, assert) {
      const track = await openTrack(env);
      const caps = track.getCapabilities();
      const ok = someRange(assert, caps);
      const bad = someRange(assert, caps, [ok]);
      const before = track.getSettings();
      const rBad = rangeOf(assert, caps, bad);
      const set = { [ok]: differentValue(rangeOf(assert, caps, ok), before[ok]), [bad]: rBad.max + Math.max(1, rBad.step) };
      await assert.rejectsOverconstrained(
        env.settle(track.applyConstraints({ advanced: [set] })),
        bad,
        `applyConstraints({advanced: [${JSON.stringify(set)}]})`,
      );
      assert.equal(track.getSettings()[ok], before[ok], `${ok} is unchanged after the rejection`);
    },
  },
  {
    id: 62,
    title: 'a failed applyConstraints changes neither the settings nor getConstraints()',
    tags: ['S'],
    needs: [NEEDS_ADJUSTABLE],
    async run(env, assert) {
      const track = await openTrack(env);
      const caps = track.getCapabilities();
      const ok = someRange(assert, caps);
      const bad = someRange(assert, caps, [ok]);
      const rOk = rangeOf(assert, caps, ok);
      const good = { [ok]: gridLow(rOk) };
      await assert.resolves(env.settle(track.applyConstraints(good)), `applyConstraints(${JSON.stringify(good)})`);
      const settings = snapshot(track.getSettings());
      const failing = { [ok]: rOk.max, [bad]: { exact: rangeOf(assert, caps, bad).max + 1 } };
      await assert.rejectsOverconstrained(env.settle(track.applyConstraints(failing)), bad, `applyConstraints(${JSON.stringify(failing)})`);
      await env.pass(200);
      const after = track.getSettings();
      assert.equal(after[ok], settings[ok], `${ok} after the failed call`);
      assert.deepEqual(track.getConstraints(), good, 'getConstraints() after the failed call');
    },
  },
  {
    id: 63,
    title: 'pointsOfInterest [{x: -1, y: 2}] is accepted and reads back clamped as [{x: 0, y: 1}]',
    tags: ['S'],
    needs: ['prop:pointsOfInterest'],
    async run(env, assert) {
      const track = await openTrack(env);
      await assert.resolves(
        env.settle(track.applyConstraints({ pointsOfInterest: [{ x: -1, y: 2 }] })),
        'applyConstraints({pointsOfInterest: [{x: -1, y: 2}]})',
      );
      assert.deepEqual(track.getSettings().pointsOfInterest, [{ x: 0, y: 1 }], 'pointsOfInterest setting', 1e-9);
    },
  },
  {
    id: 64,
    title: 'pointsOfInterest [] counts as no constraint',
    tags: ['S'],
    needs: ['prop:pointsOfInterest'],
    async run(env, assert) {
      const track = await openTrack(env);
      const points = [{ x: 0.2, y: 0.3 }];
      await env.settle(track.applyConstraints({ pointsOfInterest: points }));
      await assert.resolves(env.settle(track.applyConstraints({ pointsOfInterest: [] })), 'applyConstraints({pointsOfInterest: []})');
      assert.deepEqual(track.getSettings().pointsOfInterest, points, 'pointsOfInterest after an empty list', 0.01);
      await assert.resolves(
        env.settle(track.applyConstraints({ pointsOfInterest: { exact: [] } })),
        'applyConstraints({pointsOfInterest: {exact: []}})',
      );
      assert.deepEqual(track.getSettings().pointsOfInterest, points, 'pointsOfInterest after an empty exact list', 0.01);
    },
  },
  {
    id: 65,
    title: 'pointsOfInterest [{x: "a"}] is rejected with TypeError',
    tags: ['S'],
    async run(env, assert) {
      const track = await openTrack(env);
      await assert.rejects(
        () => track.applyConstraints({ pointsOfInterest: [{ x: 'a' }] }),
        'TypeError',
        'applyConstraints({pointsOfInterest: [{x: "a"}]})',
      );
    },
  },
  {
    id: 66,
    title: 'when the torch cannot be turned on, a basic {torch: {exact: true}} rejects with OverconstrainedError naming torch',
    tags: ['S'],
    needs: ['limitedCameraTrack'],
    async run(env, assert) {
      const track = env.own(await env.limitedCameraTrack!());
      await assert.rejectsOverconstrained(
        env.settle(track.applyConstraints({ torch: { exact: true } })),
        'torch',
        '{torch: {exact: true}} without a torch',
      );
    },
  },
  {
    id: 66,
    title: 'when the torch cannot be turned on, {advanced: [{torch: true}]} is ignored (spec) or rejected (compat)',
    tags: ['S', 'C'],
    needs: ['limitedCameraTrack'],
    async run(env, assert) {
      const track = env.own(await env.limitedCameraTrack!());
      const apply = (): Promise<unknown> => env.settle(track.applyConstraints({ advanced: [{ torch: true }] }));
      if (env.behavior === 'chromium') {
        await assert.rejectsOverconstrained(apply, 'torch', '{advanced: [{torch: true}]} without a torch');
      } else {
        await assert.resolves(apply, '{advanced: [{torch: true}]} without a torch');
        assert.notEqual(track.getSettings().torch, true, 'torch setting');
      }
    },
  },
];

/** A valid value near the bottom of a range. */
function gridLow(r: { min: number; max: number; step: number }): number {
  return differentValue(r, undefined);
}
