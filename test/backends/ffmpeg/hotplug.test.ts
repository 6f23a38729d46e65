/**
 * Hotplug: navigator.mediaDevices fires `devicechange` when a camera appears or disappears, and the
 * tracks of a removed camera end with one `ended`. The machine is a fake /dev and an injected
 * watcher (the real one follows /dev with fs.watch), so nothing waits on wall-clock time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FfmpegBackend } from '../../../src/backends/ffmpeg/index.js';
import { createRuntime } from '../../../src/entries/index.js';
import type { DeviceWatcher } from '../../../src/media/hotplug.js';
import { webcamHost } from './fake-v4l2.js';
import { needsFfmpeg, turns } from './helpers.js';

/** A watcher the test fires by hand; `running` tells whether anyone started it. */
function manualWatcher(): DeviceWatcher & { fire(): void; running: boolean; starts: number } {
  let changed: (() => void) | undefined;
  const w = {
    running: false,
    starts: 0,
    start(cb: () => void) {
      changed = cb;
      w.running = true;
      w.starts++;
      return () => {
        changed = undefined;
        w.running = false;
      };
    },
    fire() {
      changed?.();
    },
  };
  return w;
}

/** Lets the re-listing after a fire run to its end (bounded turns, no timers). */
async function settle(): Promise<void> {
  await turns(50);
}

describe('devicechange and unplugged cameras (fake /dev)', () => {
  it('starts watching only when someone listens, and fires once per change', async () => {
    const dev: string[] = [];
    const watcher = manualWatcher();
    const runtime = createRuntime(
      { backends: [new FfmpegBackend({ host: webcamHost(undefined, 'USB Camera', dev) })], audioBackends: [], deviceWatcher: watcher },
    );
    assert.equal(watcher.running, false, 'nobody listens yet');
    const events: Event[] = [];
    const listener = (e: Event): void => void events.push(e);
    runtime.mediaDevices.addEventListener('devicechange', listener);
    assert.equal(watcher.running, true);
    await settle();
    dev.push('video0');
    watcher.fire();
    await settle();
    assert.equal(events.length, 1, 'plugged in');
    watcher.fire(); // nothing changed
    await settle();
    assert.equal(events.length, 1, 'no event without a change');
    dev.length = 0;
    watcher.fire();
    await settle();
    assert.equal(events.length, 2, 'unplugged');
    assert.equal(events[1]!.type, 'devicechange');
    runtime.mediaDevices.removeEventListener('devicechange', listener);
    assert.equal(watcher.running, false, 'stopped with the last listener');
  });

  it('ondevicechange counts as a listener', async () => {
    const watcher = manualWatcher();
    const runtime = createRuntime({ backends: [], audioBackends: [], deviceWatcher: watcher });
    (runtime.mediaDevices as unknown as { ondevicechange: unknown }).ondevicechange = () => undefined;
    assert.equal(watcher.running, true);
    (runtime.mediaDevices as unknown as { ondevicechange: unknown }).ondevicechange = null;
    assert.equal(watcher.running, false);
  });

  it('the track of a camera that is unplugged ends with exactly one ended event', needsFfmpeg, async () => {
    const dev = ['video0'];
    const watcher = manualWatcher();
    const runtime = createRuntime({
      backends: [new FfmpegBackend({ host: webcamHost(undefined, 'USB Camera', dev), warmupFrames: 0 })],
      audioBackends: [],
      deviceWatcher: watcher,
    });
    const changes: Event[] = [];
    runtime.mediaDevices.addEventListener('devicechange', (e) => void changes.push(e));
    const stream = await runtime.mediaDevices.getUserMedia({ video: true });
    const [track] = stream.getVideoTracks();
    let ended = 0;
    track!.addEventListener('ended', () => ended++);
    await settle();
    dev.length = 0;
    watcher.fire();
    await settle();
    assert.equal(changes.length, 1);
    assert.equal(track!.readyState, 'ended');
    assert.equal(ended, 1);
    watcher.fire();
    await settle();
    assert.equal(ended, 1, 'still one');
    track!.stop();
  });
});
