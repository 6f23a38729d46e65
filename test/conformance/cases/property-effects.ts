/**
 * applyConstraints (https://w3c.github.io/mediacapture-image/#constrainable-properties), cases 67–71: how
 * properties act on the camera (mode-dependent values, single-shot focus, step quantising, gradual zoom).
 */
import type { Assert } from '../assert.js';
import type { CaseEnv, ConformanceCase, Dict, ImageCaptureLike, TrackLike } from '../harness.js';
import { channelMeans, grabPixels, grantPtz, NEEDS_ADJUSTABLE, rangeOf, tolerance } from '../support.js';

/** Mean luma, or R − B balance, differ by at least this much when a setting "takes effect"… */
const VISIBLE = 8;
/** …and by at most this much when it "has no effect". */
const INVISIBLE = 2.5;
/** Time for auto exposure / white balance / a focus sweep to settle. */
const SETTLE_MS = 3000;

type Stat = (px: ReturnType<typeof channelMeans>) => number;
const luma: Stat = (m) => m.luma;
const warmth: Stat = (m) => m.r - m.b;

async function setup(env: CaseEnv): Promise<{ track: TrackLike; capture: ImageCaptureLike; caps: Dict }> {
  await grantPtz(env);
  const track = await env.openVideo();
  return { track, capture: new env.ImageCapture(track), caps: track.getCapabilities() };
}

/** Applies `constraints`, lets the camera settle, and measures `stat` over one frame. */
async function measure(
  env: CaseEnv,
  assert: Assert,
  track: TrackLike,
  capture: ImageCaptureLike,
  constraints: Dict,
  stat: Stat,
): Promise<number> {
  await assert.resolves(env.settle(track.applyConstraints(constraints)), `applyConstraints(${JSON.stringify(constraints)})`);
  await env.pass(SETTLE_MS);
  return stat(channelMeans(await grabPixels(env, capture)));
}

function requireMode(assert: Assert, caps: Dict, name: string, mode: string): void {
  assert.ok(
    ((caps[name] as string[] | undefined) ?? []).includes(mode),
    `getCapabilities().${name} includes "${mode}" (got ${JSON.stringify(caps[name])})`,
  );
}

/**
 * Measures `stat` at the bottom and top of `name`'s range under `base` (a mode dictionary whose
 * single entry must be among the capabilities); returns both.
 */
async function sweep(env: CaseEnv, assert: Assert, name: string, base: Dict, stat: Stat): Promise<[number, number]> {
  const { track, capture, caps } = await setup(env);
  for (const [mode, value] of Object.entries(base)) requireMode(assert, caps, mode, value as string);
  const r = rangeOf(assert, caps, name);
  const low = await measure(env, assert, track, capture, { ...base, [name]: r.min }, stat);
  const high = await measure(env, assert, track, capture, { ...base, [name]: r.max }, stat);
  return [low, high];
}

const pixelNeeds = ['sceneResponds', 'readPixels'];

export const propertyEffectCases: ConformanceCase[] = [
  {
    id: 67,
    title: 'exposureCompensation has no effect in manual exposure mode',
    tags: ['S'],
    needs: [...pixelNeeds, 'prop:exposureMode', 'prop:exposureCompensation'],
    async run(env, assert) {
      const [low, high] = await sweep(env, assert, 'exposureCompensation', { exposureMode: 'manual' }, luma);
      assert.ok(
        Math.abs(high - low) <= INVISIBLE,
        `mean luma at min vs max exposureCompensation in manual mode: ${low.toFixed(2)} vs ${high.toFixed(2)}`,
      );
    },
  },
  {
    id: 67,
    title: 'exposureCompensation takes effect in continuous exposure mode',
    tags: ['S'],
    needs: [...pixelNeeds, 'prop:exposureMode', 'prop:exposureCompensation'],
    async run(env, assert) {
      const [low, high] = await sweep(env, assert, 'exposureCompensation', { exposureMode: 'continuous' }, luma);
      assert.ok(
        high - low >= VISIBLE,
        `mean luma at min vs max exposureCompensation in continuous mode: ${low.toFixed(2)} vs ${high.toFixed(2)}`,
      );
    },
  },
  {
    id: 67,
    title: 'exposureTime takes effect in manual exposure mode',
    tags: ['S'],
    needs: [...pixelNeeds, 'prop:exposureMode', 'prop:exposureTime'],
    async run(env, assert) {
      const [low, high] = await sweep(env, assert, 'exposureTime', { exposureMode: 'manual' }, luma);
      assert.ok(high - low >= VISIBLE, `mean luma at min vs max exposureTime in manual mode: ${low.toFixed(2)} vs ${high.toFixed(2)}`);
    },
  },
  {
    id: 67,
    title: 'exposureTime has no effect outside manual exposure mode',
    tags: ['S'],
    needs: [...pixelNeeds, 'prop:exposureMode', 'prop:exposureTime'],
    async run(env, assert) {
      const [low, high] = await sweep(env, assert, 'exposureTime', { exposureMode: 'continuous' }, luma);
      assert.ok(
        Math.abs(high - low) <= INVISIBLE,
        `mean luma at min vs max exposureTime in continuous mode: ${low.toFixed(2)} vs ${high.toFixed(2)}`,
      );
    },
  },
  {
    id: 68,
    title: 'colorTemperature takes effect when whiteBalanceMode is manual',
    tags: ['S'],
    needs: [...pixelNeeds, 'prop:whiteBalanceMode', 'prop:colorTemperature'],
    async run(env, assert) {
      const [low, high] = await sweep(env, assert, 'colorTemperature', { whiteBalanceMode: 'manual' }, warmth);
      assert.ok(
        Math.abs(high - low) >= VISIBLE,
        `R − B at min vs max colorTemperature in manual mode: ${low.toFixed(2)} vs ${high.toFixed(2)}`,
      );
    },
  },
  {
    id: 68,
    title: 'colorTemperature has no effect when whiteBalanceMode is not manual',
    tags: ['S'],
    needs: [...pixelNeeds, 'prop:whiteBalanceMode', 'prop:colorTemperature'],
    async run(env, assert) {
      const [low, high] = await sweep(env, assert, 'colorTemperature', { whiteBalanceMode: 'continuous' }, warmth);
      assert.ok(
        Math.abs(high - low) <= INVISIBLE,
        `R − B at min vs max colorTemperature in continuous mode: ${low.toFixed(2)} vs ${high.toFixed(2)}`,
      );
    },
  },
  {
    id: 69,
    title: 'after focusMode "single-shot", settings keep reporting single-shot and focusDistance stays frozen after the sweep',
    tags: ['P'],
    needs: ['projectPolicies', 'prop:focusMode', 'prop:focusDistance'],
    async run(env, assert) {
      const { track, caps } = await setup(env);
      requireMode(assert, caps, 'focusMode', 'single-shot');
      await assert.resolves(
        env.settle(track.applyConstraints({ focusMode: 'single-shot' })),
        'applyConstraints({focusMode: "single-shot"})',
      );
      await env.pass(SETTLE_MS);
      const first = track.getSettings();
      assert.equal(first.focusMode, 'single-shot', 'focusMode after the sweep');
      assert.equal(typeof first.focusDistance, 'number', 'focusDistance is reported');
      await env.pass(SETTLE_MS);
      const later = track.getSettings();
      assert.equal(later.focusMode, 'single-shot', 'focusMode later still');
      assert.equal(later.focusDistance, first.focusDistance, 'focusDistance stays frozen');
    },
  },
  {
    id: 70,
    title: 'an off-grid value (min + 0.5·step) is not rejected',
    tags: ['S'],
    needs: [NEEDS_ADJUSTABLE],
    async run(env, assert) {
      const { track, caps } = await setup(env);
      const name = [
        'brightness',
        'contrast',
        'saturation',
        'sharpness',
        'iso',
        'colorTemperature',
        'exposureTime',
      ].find((n) => ((caps[n] as Dict | undefined)?.step ?? 0) > 0);
      assert.ok(name, 'the camera has a range with a positive step');
      const r = rangeOf(assert, caps, name!);
      const value = r.min + 0.5 * r.step;
      await assert.resolves(
        env.settle(track.applyConstraints({ [name!]: { exact: value } })),
        `applyConstraints({${name}: {exact: ${value}}})`,
      );
    },
  },
  {
    id: 70,
    title: 'an off-grid value reads back quantised to the step',
    tags: ['P'],
    needs: ['projectPolicies', NEEDS_ADJUSTABLE],
    async run(env, assert) {
      const { track, caps } = await setup(env);
      const name = [
        'brightness',
        'contrast',
        'saturation',
        'sharpness',
        'iso',
        'colorTemperature',
        'exposureTime',
      ].find((n) => ((caps[n] as Dict | undefined)?.step ?? 0) > 0);
      assert.ok(name, 'the camera has a range with a positive step');
      const r = rangeOf(assert, caps, name!);
      const value = r.min + 1.3 * r.step;
      await assert.resolves(env.settle(track.applyConstraints({ [name!]: value })), `applyConstraints({${name}: ${value}})`);
      const got = track.getSettings()[name!] as number;
      const k = (got - r.min) / r.step;
      assert.ok(Math.abs(k - Math.round(k)) < 1e-6, `${name} ${got} lies on the grid min + k·step (min ${r.min}, step ${r.step})`);
      assert.close(got, r.min + r.step, 1e-6, `${name} is quantised to the nearest grid value`);
    },
  },
  {
    id: 71,
    title: 'zoom applied gradually: applyConstraints resolves and getSettings().zoom converges to the target',
    tags: ['S'],
    needs: ['prop:zoom'],
    async run(env, assert) {
      const { track, caps } = await setup(env);
      const r = rangeOf(assert, caps, 'zoom');
      const start = track.getSettings().zoom as number;
      const target = Math.abs(r.max - start) > Math.abs(r.min - start) ? r.max : r.min;
      await assert.resolves(env.settle(track.applyConstraints({ zoom: target })), `applyConstraints({zoom: ${target}})`);
      await env.waitUntil(() => Math.abs((track.getSettings().zoom as number) - target) <= tolerance(r), `zoom reaches ${target}`);
      assert.close(track.getSettings().zoom, target, tolerance(r), 'zoom after converging');
    },
  },
];
