/** Exposure and construction (https://w3c.github.io/mediacapture-image/#imagecaptureapi), cases 1–10. */
import { CaseSkipped } from '../assert.js';
import type { ConformanceCase } from '../harness.js';
import { IMAGE_CAPTURE_NAMES } from '../support.js';

const exposedIn = (context: 'secure' | 'insecure' | 'worker', expected: boolean): ConformanceCase => ({
  id: 1,
  title: `the global ImageCapture ${expected ? 'exists' : 'does not exist'} in ${context === 'worker'
    ? 'a worker'
    : `an ${context} window context`}`,
  tags: ['S'],
  needs: ['probeGlobal'],
  async run(env, assert) {
    const present = await env.probeGlobal!(context);
    if (present === undefined) throw new CaseSkipped(`${env.name} cannot make a ${context} context`);
    assert.equal(present, expected, `typeof ImageCapture !== "undefined" in a ${context} context`);
  },
});

const nonTracks: readonly [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['{}', {}],
  ['"x"', 'x'],
  ['""', ''],
  ['123', 123],
  ['true', true],
];

export const exposureCases: ConformanceCase[] = [
  exposedIn('secure', true),
  exposedIn('insecure', false),
  exposedIn('worker', false),
  {
    id: 2,
    title: 'ImageCapture.length is 1',
    tags: ['S'],
    async run(env, assert) {
      assert.equal(env.ImageCapture.length, 1, 'ImageCapture.length');
    },
  },
  {
    id: 2,
    title: 'calling ImageCapture without new throws TypeError',
    tags: ['S'],
    async run(env, assert) {
      const track = await env.openVideo();
      const call = env.ImageCapture as unknown as (t: unknown) => unknown;
      assert.throws(() => call(track), 'TypeError', 'ImageCapture(track) without new');
    },
  },
  {
    id: 3,
    title: 'new ImageCapture() with no argument throws TypeError',
    tags: ['S'],
    async run(env, assert) {
      assert.throws(() => new env.ImageCapture(), 'TypeError', 'new ImageCapture()');
    },
  },
  ...nonTracks.map(
    ([label, value]): ConformanceCase => ({
      id: 4,
      title: `new ImageCapture(${label}) throws TypeError`,
      tags: ['S'],
      async run(env, assert) {
        assert.throws(() => new env.ImageCapture(value), 'TypeError', `new ImageCapture(${label})`);
      },
    }),
  ),
  {
    id: 5,
    title: 'new ImageCapture(audioTrack) throws NotSupportedError synchronously',
    tags: ['S'],
    needs: ['audioTrack|audio'],
    async run(env, assert) {
      const audio = await env.openAudio();
      assert.equal(audio.kind, 'audio', 'the audio track\'s kind');
      assert.throws(() => new env.ImageCapture(audio), 'NotSupportedError', 'new ImageCapture(audioTrack)');
    },
  },
  {
    id: 6,
    title: 'new ImageCapture(endedVideoTrack) succeeds',
    tags: ['S'],
    async run(env, assert) {
      const track = await env.openVideo();
      track.stop();
      assert.equal(track.readyState, 'ended', 'readyState after stop()');
      const capture = assert.doesNotThrow(() => new env.ImageCapture(track), 'new ImageCapture(endedTrack)');
      assert.equal(capture.track, track, 'capture.track');
    },
  },
  {
    id: 7,
    title: 'new ImageCapture(disabledVideoTrack) succeeds',
    tags: ['S'],
    async run(env, assert) {
      const track = await env.openVideo();
      track.enabled = false;
      const capture = assert.doesNotThrow(() => new env.ImageCapture(track), 'new ImageCapture(disabledTrack)');
      assert.equal(capture.track, track, 'capture.track');
    },
  },
  {
    id: 8,
    title: 'capture.track is the very track given to the constructor',
    tags: ['S'],
    async run(env, assert) {
      const track = await env.openVideo();
      const capture = new env.ImageCapture(track);
      assert.equal(capture.track, track, 'capture.track');
      assert.equal(capture.track, capture.track, 'capture.track read twice');
    },
  },
  {
    id: 8,
    title: 'capture.track is readonly: assigning it throws in strict mode and changes nothing',
    tags: ['S'],
    async run(env, assert) {
      const track = await env.openVideo();
      const other = env.own(track.clone());
      const capture = new env.ImageCapture(track);
      const desc = Object.getOwnPropertyDescriptor(env.ImageCapture.prototype, 'track');
      assert.ok(
        desc && typeof desc.get === 'function' && desc.set === undefined,
        'ImageCapture.prototype.track is a getter without a setter',
      );
      let threw: unknown;
      try {
        (capture as unknown as { track: unknown }).track = other; // module code is strict
      } catch (err) {
        threw = err;
      }
      assert.ok(threw instanceof TypeError, 'assigning capture.track in strict-mode code throws a TypeError');
      assert.equal(capture.track, track, 'capture.track after the assignment');
    },
  },
  {
    id: 9,
    title: 'ImageCapture.prototype has takePhoto, getPhotoCapabilities, getPhotoSettings, grabFrame and track, and no setOptions',
    tags: ['S'],
    async run(env, assert) {
      const proto = env.ImageCapture.prototype as Record<string, unknown>;
      for (const name of ['takePhoto', 'getPhotoCapabilities', 'getPhotoSettings', 'grabFrame']) {
        assert.equal(typeof Object.getOwnPropertyDescriptor(proto, name)?.value, 'function', `ImageCapture.prototype.${name}`);
      }
      assert.ok('track' in proto, 'ImageCapture.prototype has track');
      assert.ok(!('setOptions' in proto), 'ImageCapture.prototype has no setOptions');
    },
  },
  {
    id: 9,
    title: 'ImageCapture methods have their WebIDL lengths (0: takePhoto\'s argument is optional)',
    tags: ['S'],
    async run(env, assert) {
      const proto = env.ImageCapture.prototype as Record<string, { length: number }>;
      for (const name of ['takePhoto', 'getPhotoCapabilities', 'getPhotoSettings', 'grabFrame']) {
        assert.equal(proto[name]!.length, 0, `ImageCapture.prototype.${name}.length`);
      }
    },
  },
  {
    id: 9,
    title: 'an ImageCapture is not an EventTarget and reports [object ImageCapture]',
    tags: ['S'],
    async run(env, assert) {
      const track = await env.openVideo();
      const capture = new env.ImageCapture(track);
      assert.ok(!(capture instanceof EventTarget), 'ImageCapture has no EventTarget parent');
      assert.equal(Object.prototype.toString.call(capture), '[object ImageCapture]', 'Object.prototype.toString on an ImageCapture');
      assert.ok(capture instanceof env.ImageCapture, 'capture instanceof ImageCapture');
    },
  },
  {
    id: 10,
    title: 'getSupportedConstraints() reports true for all 17 image-capture names',
    tags: ['S'],
    async run(env, assert) {
      const supported = env.mediaDevices.getSupportedConstraints();
      const missing = IMAGE_CAPTURE_NAMES.filter((name) => supported[name] !== true);
      assert.deepEqual(missing, [], 'image-capture names not reported as true');
    },
  },
];
