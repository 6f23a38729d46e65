/**
 * The one photo pipeline: the format is settled once by the constructor, the capture target hands
 * over a still, and ImageCapture has the target's encoder encode it inside the photo's turn in the
 * per-source queue, releasing the still whatever happens.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaptureStill, PictureStill, RawStill, SourcePhotoSettings } from '../../src/backends/backend.js';
import { ManualClock } from '../../src/backends/clock.js';
import type { PhotoFormat, StillEncoder, StillToEncode } from '../../src/encode/still.js';
import { ImageCapture } from '../../src/image-capture/image-capture.js';
import { resolvePhotoFormat, shootAndEncode } from '../../src/image-capture/photo-pipeline.js';
import { type CaptureTarget, registerCaptureTargetResolver } from '../../src/image-capture/target.js';
import { SPEC_BEHAVIOR } from '../../src/spec/behavior.js';

const SETTINGS: SourcePhotoSettings = { fillLightMode: 'off', imageWidth: 4, imageHeight: 2, redEyeReduction: false };

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A raw still that counts how often its pixels were released. */
function rawStill(): RawStill & { released: () => number } {
  let released = 0;
  const frame = { data: new Uint8Array(4 * 2 * 4), width: 4, height: 2, timestamp: 0, index: 0, release: () => void released++ };
  return { kind: 'raw', frame, metadata: {}, released: () => released };
}

/** An encoder that records what it was given and answers with `answer`. */
function recordingEncoder(answer: (still: StillToEncode) => Promise<Blob>): StillEncoder & { calls: [StillToEncode, PhotoFormat][] } {
  const calls: [StillToEncode, PhotoFormat][] = [];
  return {
    calls,
    encode(still, format) {
      calls.push([still, format]);
      return answer(still);
    },
  };
}

/** A live target over nothing, taking stills from `takePhoto`. */
function fakeTarget(takePhoto: () => Promise<CaptureStill>, encoder: StillEncoder, sourceKey: object = {}): CaptureTarget {
  return {
    kind: 'video',
    readyState: 'live',
    enabled: true,
    muted: false,
    behavior: SPEC_BEHAVIOR,
    clock: new ManualClock(),
    endedSignal: new AbortController().signal,
    sourceKey,
    photoCapabilities: async () => ({ redEyeReduction: 'never', fillLightMode: ['off'] }),
    photoSettings: async () => SETTINGS,
    takePhoto,
    encoder,
    grabFrame: () => Promise.reject(new Error('no frames here')),
  };
}

const JPEG = new Blob([new Uint8Array([0xff, 0xd8])], { type: 'image/jpeg' });

describe('the photo format settled by the constructor', () => {
  const ctx = "Failed to construct 'ImageCapture': parameter 2";
  it('is the lowercased type with an explicit quality for lossy types, and none for PNG', () => {
    assert.deepEqual(resolvePhotoFormat(undefined, ctx), { type: 'image/jpeg', quality: 0.92 });
    assert.deepEqual(resolvePhotoFormat({ mimeType: '' }, ctx), { type: 'image/jpeg', quality: 0.92 });
    assert.deepEqual(resolvePhotoFormat({ mimeType: 'IMAGE/WEBP' }, ctx), { type: 'image/webp', quality: 0.8 });
    assert.deepEqual(resolvePhotoFormat({ mimeType: 'image/jpeg', quality: 0.5 }, ctx), { type: 'image/jpeg', quality: 0.5 });
    assert.deepEqual(resolvePhotoFormat({ mimeType: 'Image/Png', quality: 0.5 }, ctx), { type: 'image/png' });
  });

  it('refuses an unsupported type with NotSupportedError and a quality outside 0–1 with TypeError', () => {
    assert.throws(() => resolvePhotoFormat({ mimeType: 'image/gif' }, ctx), { name: 'NotSupportedError', message: /image\/gif.*supported/ });
    assert.throws(() => resolvePhotoFormat({ quality: 1.5 }, ctx), { name: 'TypeError', message: /between 0 and 1/ });
  });
});

describe('shootAndEncode', () => {
  it('hands a still the device encoded over as it is, without the encoder', async () => {
    const encoder = recordingEncoder(async () => JPEG);
    const blob = new Blob(['device'], { type: 'image/jpeg' });
    const target = fakeTarget(async () => ({ kind: 'encoded', blob }), encoder);
    assert.equal(await shootAndEncode(target, SETTINGS, { type: 'image/png' }, new AbortController().signal), blob);
    assert.equal(encoder.calls.length, 0);
  });

  it("gives the encoder the still and the settled format, then releases the still's pixels", async () => {
    const still = rawStill();
    const encoder = recordingEncoder(async (s) => {
      assert.equal(still.released(), 0, 'the pixels are still held while they are encoded');
      assert.equal(s, still);
      return JPEG;
    });
    const format: PhotoFormat = { type: 'image/webp', quality: 0.8 };
    assert.equal(await shootAndEncode(fakeTarget(async () => still, encoder), SETTINGS, format, new AbortController().signal), JPEG);
    assert.deepEqual(encoder.calls.map(([, f]) => f), [format]);
    assert.equal(still.released(), 1);
  });

  it('releases the still when the encoding fails, and closes a picture', async () => {
    const still = rawStill();
    const failing = recordingEncoder(async () => Promise.reject(new Error('encoder broke')));
    const shot = shootAndEncode(fakeTarget(async () => still, failing), SETTINGS, { type: 'image/png' }, new AbortController().signal);
    await assert.rejects(shot, { message: 'encoder broke' });
    assert.equal(still.released(), 1);

    let closed = 0;
    const picture: PictureStill = { kind: 'picture', picture: { width: 8, height: 4, close: () => void closed++ }, width: 4, height: 2 };
    const encoder = recordingEncoder(async () => JPEG);
    await shootAndEncode(fakeTarget(async () => picture, encoder), SETTINGS, { type: 'image/png' }, new AbortController().signal);
    assert.equal(closed, 1);
  });

  it('does not encode a still that arrives after the track ended, and releases it', async () => {
    const still = rawStill();
    const encoder = recordingEncoder(async () => JPEG);
    const ended = new AbortController();
    const target = fakeTarget(async () => {
      ended.abort(new Error('ended'));
      return still;
    }, encoder);
    await assert.rejects(shootAndEncode(target, SETTINGS, { type: 'image/png' }, ended.signal), { message: 'ended' });
    assert.equal(encoder.calls.length, 0);
    assert.equal(still.released(), 1);
  });
});

describe('takePhoto through a capture target', () => {
  it('encodes inside the queued step: the next photo on the source is shot only once the previous one is encoded', async () => {
    const sourceKey = {};
    const encodings: ReturnType<typeof deferred<Blob>>[] = [];
    const log: string[] = [];
    const encoder = recordingEncoder(() => {
      log.push(`encode ${encodings.length}`);
      const d = deferred<Blob>();
      encodings.push(d);
      return d.promise;
    });
    let shots = 0;
    const target = fakeTarget(
      async () => {
        log.push(`shoot ${shots++}`);
        return rawStill();
      },
      encoder,
      sourceKey,
    );
    const tracks = [{}, {}];
    registerCaptureTargetResolver((value) => (tracks.includes(value as object) ? target : undefined));
    const first = new ImageCapture(tracks[0] as never).takePhoto();
    const second = new ImageCapture(tracks[1] as never, { mimeType: 'image/png' }).takePhoto();
    // Enough turns for both photos to reach their stills and encodings if nothing held them back.
    const turns = async (): Promise<void> => {
      for (let i = 0; i < 100; i++) await Promise.resolve();
    };
    await turns();
    assert.deepEqual(log, ['shoot 0', 'encode 0'], 'the second photo waits while the first is encoded');
    encodings[0]!.resolve(JPEG);
    assert.equal(await first, JPEG);
    await turns();
    assert.deepEqual(log, ['shoot 0', 'encode 0', 'shoot 1', 'encode 1']);
    const png = new Blob([new Uint8Array([0x89])], { type: 'image/png' });
    encodings[1]!.resolve(png);
    assert.equal(await second, png);
    assert.deepEqual(
      encoder.calls.map(([, f]) => f),
      [{ type: 'image/jpeg', quality: 0.92 }, { type: 'image/png' }],
    );
  });
});
