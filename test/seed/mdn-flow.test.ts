/**
 * The MDN "MediaStream Image Capture API" flow (the project's seed document) runs verbatim in
 * Node once `imagecapture/polyfill` is imported. Its one DOM dependency, an <input id="zoom">,
 * is given as a minimal document with that element.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('the MDN example flow runs verbatim with imagecapture/polyfill', async () => {
  const g = globalThis as Record<string, unknown>;
  assert.equal(g.ImageCapture, undefined, 'Node has no ImageCapture before the polyfill');
  await import('imagecapture/polyfill');
  assert.equal(typeof g.ImageCapture, 'function');

  const zoomInput = { value: '2' }; // an <input> gives its value as a string
  g.document = { querySelector: (sel: string) => (sel === '#zoom' ? zoomInput : null), visibilityState: 'visible' };
  const seen: { track?: MediaStreamTrack; imageCapture?: ImageCapture; applied?: Promise<void> } = {};
  try {
    // ---- verbatim from the seed (the four snippets, in order, inside the .then callback) ----
    await navigator.mediaDevices.getUserMedia({ video: true })
      .then((mediaStream) => {
        const track = mediaStream.getVideoTracks()[0];
        const zoom = document.querySelector('#zoom') as HTMLInputElement;
        const capabilities = track.getCapabilities();
        // Check whether zoom is supported or not.
        if (!(capabilities as { zoom?: unknown }).zoom) {
          return;
        }
        seen.applied = track.applyConstraints({ advanced: [{ zoom: zoom.value } as MediaTrackConstraintSet] });
        const imageCapture = new ImageCapture(track);
        // ---- end of the seed's code ----
        seen.track = track;
        seen.imageCapture = imageCapture;
      });
  } finally {
    delete g.document;
  }
  assert.ok(seen.track, 'the flow found zoom in the capabilities (pan-tilt-zoom pre-granted) and went on');
  assert.equal(await seen.applied, undefined, 'applyConstraints resolves with undefined');
  assert.deepEqual(seen.track!.getConstraints(), { advanced: [{ zoom: 2 }] }, 'the string was converted to a number (WebIDL)');
  // Zoom moves gradually (https://w3c.github.io/mediacapture-image/#mediatrackconstraintset-section); it gets there.
  for (let i = 0; i < 200 && seen.track!.getSettings().zoom !== 2; i++) await seen.imageCapture!.grabFrame().then((b) => b.close());
  assert.equal((seen.track!.getSettings() as { zoom?: number }).zoom, 2);
  const photo = await seen.imageCapture!.takePhoto();
  assert.equal(photo.type, 'image/jpeg');
  assert.ok(photo.size > 1000);
  seen.track!.stop();
});
