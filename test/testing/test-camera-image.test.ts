import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImageCapture } from '../../src/image-capture/image-capture.js';
import { createRuntime } from '../../src/media/default-runtime.js';
import { getImageBitmapPixels, ImageData } from '../../src/media/image-bitmap.js';
import { TestCamera, type TestCameraOptions } from '../../src/testing/test-camera.js';
import { ImageCaptureVirtualCamera } from '../../src/entries/testing.js';

function solid(rgb: [number, number, number]): ImageData {
  const data = new Uint8ClampedArray(32 * 32 * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  return new ImageData(data, 32, 32);
}

/** Mean colour of the 12×12 pixels at the centre of a frame. */
function centre(p: { width: number; height: number; data: Uint8ClampedArray }): number[] {
  const s = [0, 0, 0];
  let n = 0;
  for (let y = p.height / 2 - 6; y < p.height / 2 + 6; y++) {
    for (let x = p.width / 2 - 6; x < p.width / 2 + 6; x++) {
      const i = (y * p.width + x) * 4;
      for (let c = 0; c < 3; c++) s[c]! += p.data[i + c]!;
      n++;
    }
  }
  return s.map((v) => Math.round(v / n));
}

async function grabCentre(options: TestCameraOptions): Promise<
  { camera: TestCamera; capture: ImageCapture; rgb: () => Promise<number[]> }
> {
  const runtime = createRuntime();
  const camera = TestCamera.install({ runtime, ...options });
  const track = (await runtime.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } })).getVideoTracks()[0]!;
  const capture = new ImageCapture(track as never);
  const rgb = async (): Promise<number[]> => {
    const pending = capture.grabFrame();
    await camera.advance(50);
    const bitmap = await pending;
    const c = centre(getImageBitmapPixels(bitmap as never));
    bitmap.close();
    return c;
  };
  return { camera, capture, rgb };
}

describe('TestCamera: a picture in front of the camera', () => {
  it('shows the `image` option at the centre of grabbed frames, and setImage() changes it', async () => {
    const { camera, rgb } = await grabCentre({ preset: 'webcam', image: solid([20, 40, 230]) });
    const [r, g, b] = await rgb();
    assert.ok(b! > r! + 60 && b! > g! + 60, `centre ${r},${g},${b}`);
    await camera.setImage(solid([230, 200, 20]));
    const [r2, g2, b2] = await rgb();
    assert.ok(r2! > b2! + 60 && g2! > b2! + 60, `centre ${r2},${g2},${b2}`);
    camera.dispose();
  });

  it('ImageCaptureVirtualCamera (the in-page camera) refuses to install in Node, changing nothing', async () => {
    await assert.rejects(ImageCaptureVirtualCamera.install(), { name: 'NotSupportedError' });
    assert.equal(ImageCaptureVirtualCamera.installed, false);
    // Node's own decoding of pictures still works afterwards.
    const { camera, rgb } = await grabCentre({ preset: 'webcam', image: solid([20, 40, 230]) });
    const [r, , b] = await rgb();
    assert.ok(b! > r! + 60);
    camera.dispose();
  });
});
