/**
 * A small camera feature of the kind applications have, written against the browser APIs only
 * (navigator.mediaDevices, MediaStreamTrack, ImageCapture). The vitest and jest examples test it
 * with a TestCamera; nothing here knows about tests.
 */

/** Opens the back camera. */
export async function openCamera() {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  return stream.getVideoTracks()[0];
}

/** Zooms as close to `zoom` as the camera allows; false when it cannot zoom. */
export async function setZoom(track, zoom) {
  const range = track.getCapabilities().zoom;
  if (!range) return false;
  const value = Math.min(Math.max(zoom, range.min), range.max);
  await track.applyConstraints({ advanced: [{ zoom: value }] });
  return true;
}

/** Turns the torch on or off where the camera has one; false when it has none. */
export async function setTorch(track, on) {
  if (!track.getCapabilities().torch) return false;
  await track.applyConstraints({ advanced: [{ torch: on }] });
  return true;
}

/** Takes a photo; failures become a message for the user instead of an exception. */
export async function snapshot(track, { flash = false } = {}) {
  const capture = new ImageCapture(track);
  try {
    const photoCaps = await capture.getPhotoCapabilities();
    const settings = flash && photoCaps.fillLightMode?.includes('flash') ? { fillLightMode: 'flash' } : {};
    return { ok: true, blob: await capture.takePhoto(settings) };
  } catch (error) {
    return { ok: false, message: `Could not take the photo (${error.name}).` };
  }
}

/** The size of the live picture, or "frozen" when no frame arrives. */
export async function previewSize(track) {
  try {
    const frame = await new ImageCapture(track).grabFrame();
    const size = { width: frame.width, height: frame.height };
    frame.close();
    return size;
  } catch {
    return 'frozen';
  }
}

/** Calls `onLost` when the camera goes away (unplugged, or taken by another application). */
export function watchCamera(track, onLost) {
  track.addEventListener('ended', () => onLost(), { once: true });
}
