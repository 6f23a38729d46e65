import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/backends/clock.js';
import { VirtualCameraBackend } from '../../src/backends/virtual/index.js';
import { ImageCapture } from '../../src/image-capture/image-capture.js';
import { liveFrameResources } from '../../src/media/breakout/frame-resource.js';
import { MediaStreamTrackProcessor, VideoFrame, VideoTrackGenerator } from '../../src/media/breakout/index.js';
import { type ImageBitmap, imageBitmapPixels } from '../../src/media/image-bitmap.js';
import { Runtime } from '../../src/media/runtime.js';

describe('breakout box pipeline: camera → processor → transform → generator → ImageCapture', () => {
  it('photographs frames a program changed, written the way browser code writes them', async () => {
    const clock = new ManualClock();
    const runtime = new Runtime({ backends: [new VirtualCameraBackend({ clock })], audioBackends: [] });
    const before = liveFrameResources();
    const stream = await runtime.mediaDevices.getUserMedia({ video: { width: { exact: 320 }, height: { exact: 240 } } });
    const [track] = stream.getVideoTracks();

    // Browser code, unchanged: invert every frame.
    const processor = new MediaStreamTrackProcessor({ track: track! });
    const generator = new VideoTrackGenerator({ runtime });
    const originals: Uint8Array[] = [];
    const invert = new TransformStream<VideoFrame, VideoFrame>({
      async transform(frame, controller) {
        const pixels = new Uint8Array(frame.allocationSize({ format: 'RGBA' }));
        await frame.copyTo(pixels, { format: 'RGBA' });
        originals.push(pixels.slice());
        for (let i = 0; i < pixels.length; i += 4) {
          pixels[i] = 255 - pixels[i]!;
          pixels[i + 1] = 255 - pixels[i + 1]!;
          pixels[i + 2] = 255 - pixels[i + 2]!;
        }
        const { codedWidth, codedHeight, timestamp } = frame;
        frame.close();
        controller.enqueue(new VideoFrame(pixels, { format: 'RGBA', codedWidth, codedHeight, timestamp }));
      },
    });
    const piping = (processor.readable as ReadableStream<VideoFrame>).pipeThrough(invert).pipeTo(generator.writable);

    const capture = new ImageCapture(generator.track as unknown as globalThis.MediaStreamTrack);
    const grab = capture.grabFrame();
    for (let i = 0; i < 10 && originals.length === 0; i++) await clock.advance(1000 / 30);
    const bitmap = (await grab) as unknown as ImageBitmap;
    assert.equal(bitmap.width, 320);
    assert.equal(bitmap.height, 240);
    const shot = imageBitmapPixels(bitmap)!.data;
    const original = originals[0]!;
    for (let i = 0; i < shot.length; i += 997) {
      if (i % 4 === 3) continue;
      assert.equal(shot[i], 255 - original[i]!, `byte ${i}`);
    }

    // Stopping the camera closes the processor's stream, the pipe closes the writable, the
    // generator's track ends.
    const ended = new Promise((resolve) => generator.track.addEventListener('ended', resolve, { once: true }));
    track!.stop();
    await piping;
    await ended;
    assert.equal(generator.track.readyState, 'ended');
    assert.equal(liveFrameResources(), before);
  });
});
