/**
 * Shared set-up for the testing-surface suites: an ImageCaptureTest on a fresh runtime (so suites
 * never touch the default runtime's globals), with the runtime's own objects at hand.
 */
import { ManualClock } from '../../src/backends/clock.js';
import { ImageCapture } from '../../src/image-capture/image-capture.js';
import { createRuntime } from '../../src/media/default-runtime.js';
import type { Runtime } from '../../src/media/runtime.js';
import type { MediaStreamTrack } from '../../src/media/track.js';
import { ImageCaptureTest } from '../../src/testing/image-capture-test.js';

export interface MockEnv {
  readonly runtime: Runtime;
  readonly test: ImageCaptureTest;
  readonly clock: ManualClock;
  /** A video track from getUserMedia (after initialize: backed by the mock). */
  track(constraints?: Record<string, unknown>): Promise<MediaStreamTrack>;
  capture(track: MediaStreamTrack): ImageCapture;
  /** reset(), and stops every track made through `track()`. */
  dispose(): Promise<void>;
}

export async function mockEnv(options: { initialize?: boolean } = {}): Promise<MockEnv> {
  const runtime = createRuntime();
  const clock = new ManualClock();
  const test = new ImageCaptureTest({ runtime, clock });
  if (options.initialize !== false) await test.initialize();
  const tracks: MediaStreamTrack[] = [];
  return {
    runtime,
    test,
    clock,
    async track(constraints = {}) {
      const stream = await runtime.mediaDevices.getUserMedia({ video: Object.keys(constraints).length ? constraints : true });
      const track = stream.getVideoTracks()[0]!;
      tracks.push(track);
      return track;
    },
    capture: (track) => new ImageCapture(track),
    async dispose() {
      await test.reset();
      for (const t of tracks) t.stop();
    },
  };
}
