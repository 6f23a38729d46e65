import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/backends/clock.js';
import { ImageCapture } from '../../src/image-capture/image-capture.js';
import { AudioData, isAudioData } from '../../src/media/breakout/audio-data.js';
import { MediaStreamTrackProcessor } from '../../src/media/breakout/track-processor.js';
import { renderTone } from '../../src/media/audio-tone.js';
import { Runtime } from '../../src/media/runtime.js';
import { VirtualMicrophoneBackend } from '../../src/media/virtual-microphone.js';

function setup(options: ConstructorParameters<typeof Runtime>[0] = {}) {
  const clock = new ManualClock();
  const backend = new VirtualMicrophoneBackend({ clock });
  const runtime = new Runtime({ backends: [], audioBackends: [backend], ...options });
  return { clock, backend, runtime, devices: runtime.mediaDevices };
}

async function openMic(constraints: unknown = true) {
  const ctx = setup();
  const stream = await ctx.devices.getUserMedia({ audio: constraints });
  return { ...ctx, track: stream.getAudioTracks()[0]! };
}

const isOverconstrained = (constraint: string) => (e: unknown) =>
  (e as DOMException).name === 'OverconstrainedError' && (e as { constraint: string }).constraint === constraint;

describe('virtual microphone: getUserMedia({ audio })', () => {
  it('yields a live audio track labelled "Virtual Microphone"', async () => {
    const { track } = await openMic();
    assert.equal(track.kind, 'audio');
    assert.equal(track.label, 'Virtual Microphone');
    assert.equal(track.readyState, 'live');
    track.stop();
  });

  it('reports the microphone settings browsers report', async () => {
    const { track } = await openMic();
    assert.deepEqual(track.getSettings(), {
      deviceId: 'virtual:microphone',
      groupId: 'virtual:microphone',
      sampleRate: 48000,
      sampleSize: 16,
      channelCount: 1,
      latency: 0.01,
      echoCancellation: true,
      autoGainControl: true,
      noiseSuppression: true,
    });
    track.stop();
  });

  it('reports capabilities in gUM shapes', async () => {
    const { track } = await openMic();
    const caps = track.getCapabilities();
    assert.deepEqual(caps.sampleRate, { min: 8000, max: 96000 });
    assert.deepEqual(caps.sampleSize, { min: 16, max: 16 });
    assert.deepEqual(caps.channelCount, { min: 1, max: 2 });
    assert.deepEqual(caps.echoCancellation, [true, false]);
    assert.equal(caps.deviceId, 'virtual:microphone');
    track.stop();
    assert.deepEqual(track.getCapabilities(), {});
  });

  it('opens with the settings constraints choose', async () => {
    const { track } = await openMic({ channelCount: 2, sampleRate: { exact: 44100 }, noiseSuppression: false });
    const s = track.getSettings();
    assert.equal(s.channelCount, 2);
    assert.equal(s.sampleRate, 44100);
    assert.equal(s.noiseSuppression, false);
    assert.equal(s.echoCancellation, true);
    track.stop();
  });

  it('rejects impossible required values with OverconstrainedError naming the constraint', async () => {
    const { devices } = setup();
    await assert.rejects(devices.getUserMedia({ audio: { channelCount: { exact: 3 } } }), isOverconstrained('channelCount'));
    await assert.rejects(devices.getUserMedia({ audio: { sampleSize: { min: 24 } } }), isOverconstrained('sampleSize'));
    await assert.rejects(devices.getUserMedia({ audio: { deviceId: { exact: 'nope' } } }), isOverconstrained('deviceId'));
  });

  it('is refused without the microphone permission (NotAllowedError)', async () => {
    const { devices } = setup({ permissions: { microphone: 'denied' } });
    await assert.rejects(devices.getUserMedia({ audio: true }), { name: 'NotAllowedError' });
  });

  it('is listed by enumerateDevices() as "audioinput"', async () => {
    const { devices } = setup();
    const list = (await devices.enumerateDevices()).map((d) => d.toJSON());
    assert.deepEqual(
      list,
      [{ deviceId: 'virtual:microphone', kind: 'audioinput', label: 'Virtual Microphone', groupId: 'virtual:microphone' }],
    );
  });

  it('is listed anonymously before the permission is granted', async () => {
    const { devices } = setup({ permissions: { microphone: 'prompt' } });
    const list = (await devices.enumerateDevices()).map((d) => d.toJSON());
    assert.deepEqual(list, [{ deviceId: '', kind: 'audioinput', label: '', groupId: '' }]);
  });

  it('new ImageCapture(audioTrack) throws NotSupportedError', async () => {
    const { track } = await openMic();
    assert.throws(() => new ImageCapture(track as unknown as globalThis.MediaStreamTrack), { name: 'NotSupportedError' });
    track.stop();
  });
});

describe('virtual microphone: applyConstraints', () => {
  it('applies the processing switches and the channel count', async () => {
    const { track } = await openMic();
    await track.applyConstraints({ echoCancellation: false, channelCount: { exact: 2 } });
    assert.equal(track.getSettings().echoCancellation, false);
    assert.equal(track.getSettings().channelCount, 2);
    assert.deepEqual(track.getConstraints(), { echoCancellation: false, channelCount: { exact: 2 } });
    track.stop();
  });

  it('rejects with OverconstrainedError and changes nothing when a required value is impossible', async () => {
    const { track } = await openMic();
    const before = track.getSettings();
    await assert.rejects(track.applyConstraints({ echoCancellation: false, sampleRate: { min: 200000 } }), isOverconstrained('sampleRate'));
    assert.deepEqual(track.getSettings(), before);
    assert.deepEqual(track.getConstraints(), {});
    track.stop();
  });

  it('skips an advanced set it cannot satisfy and applies the next', async () => {
    const { track } = await openMic();
    await track.applyConstraints({ advanced: [{ channelCount: 5 }, { sampleRate: 16000 }] });
    assert.equal(track.getSettings().channelCount, 1);
    assert.equal(track.getSettings().sampleRate, 16000);
    track.stop();
  });

  it('clamps an ideal outside the range to the nearest allowed value', async () => {
    const { track } = await openMic();
    await track.applyConstraints({ sampleRate: 200000 });
    assert.equal(track.getSettings().sampleRate, 96000);
    track.stop();
  });
});

describe('virtual microphone: samples through MediaStreamTrackProcessor', () => {
  it('reads consecutive AudioData chunks of the deterministic tone', async () => {
    const { track, clock } = await openMic();
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    const chunks: AudioData[] = [];
    for (let i = 0; i < 3; i++) {
      const read = reader.read();
      await clock.advance(10);
      const { value } = await read;
      chunks.push(value as AudioData);
    }
    assert.ok(chunks.every((c) => isAudioData(c)));
    assert.deepEqual(chunks.map((c) => c.timestamp), [0, 10000, 20000]);
    const first = chunks[0]!;
    assert.equal(first.format, 'f32-planar');
    assert.equal(first.sampleRate, 48000);
    assert.equal(first.numberOfFrames, 480);
    assert.equal(first.numberOfChannels, 1);
    assert.equal(first.duration, 10000);
    const samples = new Float32Array(480);
    chunks[1]!.copyTo(samples, { planeIndex: 0 });
    const expected = new Float32Array(480);
    renderTone(expected, 480, 480, 1, 48000, { frequencies: [440, 660], seed: 1, noiseSuppression: true, autoGainControl: true });
    assert.deepEqual(samples, expected);
    for (const c of chunks) c.close();
    await reader.cancel();
    track.stop();
  });

  it('delivers silence while the track is disabled', async () => {
    const { track, clock } = await openMic();
    track.enabled = false;
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    const read = reader.read();
    await clock.advance(10);
    const chunk = (await read).value as AudioData;
    const samples = new Float32Array(480);
    chunk.copyTo(samples, { planeIndex: 0 });
    assert.ok(samples.every((x) => x === 0));
    chunk.close();
    await reader.cancel();
    track.stop();
  });

  it('closes the stream when the track stops, and when the microphone is unplugged (firing "ended")', async () => {
    const a = await openMic();
    const readerA = new MediaStreamTrackProcessor({ track: a.track }).readable.getReader();
    const pending = readerA.read();
    a.track.stop();
    assert.deepEqual(await pending, { done: true, value: undefined });

    const b = await openMic();
    const readerB = new MediaStreamTrackProcessor({ track: b.track }).readable.getReader();
    const ended = new Promise((resolve) => b.track.addEventListener('ended', resolve, { once: true }));
    b.backend.sources[0]!.unplug();
    await ended;
    assert.equal(b.track.readyState, 'ended');
    assert.equal((await readerB.read()).done, true);
    assert.equal(b.backend.sources.length, 0);
  });

  it('rejects an ended track with TypeError', async () => {
    const { track } = await openMic();
    track.stop();
    assert.throws(() => new MediaStreamTrackProcessor({ track }), TypeError);
  });
});

describe('AudioData', () => {
  const make = () =>
    new AudioData({
      format: 's16',
      sampleRate: 8000,
      numberOfFrames: 3,
      numberOfChannels: 2,
      timestamp: 5,
      data: new Int16Array([0, 100, -16384, 200, 16384, 300]),
    });

  it('copies a plane of interleaved samples as f32-planar', () => {
    const data = make();
    const right = new Float32Array(3);
    data.copyTo(right, { planeIndex: 1, format: 'f32-planar' });
    assert.deepEqual([...right], [100 / 32768, 200 / 32768, 300 / 32768]);
    const left = new Float32Array(2);
    data.copyTo(left, { planeIndex: 0, format: 'f32-planar', frameOffset: 1 });
    assert.deepEqual([...left], [-0.5, 0.5]);
    assert.equal(data.allocationSize({ planeIndex: 0 }), 12);
    assert.equal(data.duration, 375);
  });

  it('throws RangeError for a bad plane, offset or count, or a small destination', () => {
    const data = make();
    assert.throws(() => data.copyTo(new Int16Array(6), { planeIndex: 1 }), RangeError);
    assert.throws(() => data.copyTo(new Float32Array(3), { planeIndex: 2, format: 'f32-planar' }), RangeError);
    assert.throws(() => data.copyTo(new Int16Array(6), { planeIndex: 0, frameOffset: 3 }), RangeError);
    assert.throws(() => data.copyTo(new Int16Array(6), { planeIndex: 0, frameCount: 4 }), RangeError);
    assert.throws(() => data.copyTo(new Int16Array(5), { planeIndex: 0 }), RangeError);
  });

  it('throws TypeError for a bad init and InvalidStateError once closed', () => {
    assert.throws(
      () => new AudioData({ format: 's16', sampleRate: 0, numberOfFrames: 1, numberOfChannels: 1, timestamp: 0, data: new Int16Array(1) }),
      TypeError,
    );
    assert.throws(
      () => new AudioData(
        { format: 's16', sampleRate: 8000, numberOfFrames: 2, numberOfChannels: 1, timestamp: 0, data: new Int16Array(1) },
      ),
      TypeError,
    );
    const data = make();
    const copy = data.clone();
    data.close();
    assert.equal(data.format, null);
    assert.throws(() => data.copyTo(new Int16Array(6), { planeIndex: 0 }), { name: 'InvalidStateError' });
    assert.throws(() => data.clone(), { name: 'InvalidStateError' });
    const out = new Int16Array(6);
    copy.copyTo(out, { planeIndex: 0 });
    assert.deepEqual([...out], [0, 100, -16384, 200, 16384, 300]);
  });
});
