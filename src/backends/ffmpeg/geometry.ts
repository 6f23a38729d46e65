/**
 * Software pan/tilt/zoom as crop-and-scale of the source frame.
 *
 * The source is treated as a pinhole camera with an assumed horizontal field of view
 * (DEFAULT_FIELD_OF_VIEW, 60°, a typical webcam; configurable per backend). Its focal length in
 * pixels is f = (W/2) / tan(hfov/2), the same for both axes (square pixels). Zoom z keeps a
 * W/z × H/z window; pan θ (arc-seconds, positive = clockwise seen from above, i.e. to the
 * right) moves the window's centre to x = W/2 + f·tan θ; tilt φ (positive = up) to
 * y = H/2 − f·tan φ. The window never leaves the frame, so pan and tilt can only use the margin
 * zoom leaves: at zoom 1 the view cannot move, at zoom 4 it can move by ±3/8 of the frame.
 */

export interface Rect {
  /** Source pixels (fractional), from the top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_FIELD_OF_VIEW = 60;
export const MIN_ZOOM = 1;
export const MAX_ZOOM = 4;
const ARCSEC_PER_RADIAN = (180 * 3600) / Math.PI;

function focalLength(width: number, fovDegrees: number): number {
  return width / 2 / Math.tan(((fovDegrees / 2) * Math.PI) / 180);
}

/** The largest |pan| and |tilt| (arc-seconds) the window can reach at a zoom. */
export function panTiltLimits(width: number, height: number, zoom: number, fovDegrees: number): { pan: number; tilt: number } {
  const f = focalLength(width, fovDegrees);
  const z = Math.max(MIN_ZOOM, zoom);
  const marginX = (width / 2) * (1 - 1 / z);
  const marginY = (height / 2) * (1 - 1 / z);
  return {
    pan: Math.floor(Math.atan(marginX / f) * ARCSEC_PER_RADIAN),
    tilt: Math.floor(Math.atan(marginY / f) * ARCSEC_PER_RADIAN),
  };
}

export interface View {
  readonly rect: Rect;
  /** The pan and tilt the window really shows (the request, held within the margin). */
  readonly pan: number;
  readonly tilt: number;
}

/** The source window for zoom, pan and tilt. */
export function viewWindow(width: number, height: number, zoom: number, pan: number, tilt: number, fovDegrees: number): View {
  const z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
  const f = focalLength(width, fovDegrees);
  const w = width / z;
  const h = height / z;
  const marginX = (width - w) / 2;
  const marginY = (height - h) / 2;
  // Hold the angles within what the margin allows, in whole arc-seconds (the capability step).
  const maxPan = Math.floor(Math.atan(marginX / f) * ARCSEC_PER_RADIAN);
  const maxTilt = Math.floor(Math.atan(marginY / f) * ARCSEC_PER_RADIAN);
  const shownPan = Math.min(maxPan, Math.max(-maxPan, Math.round(pan))) || 0;
  const shownTilt = Math.min(maxTilt, Math.max(-maxTilt, Math.round(tilt))) || 0;
  const dx = f * Math.tan(shownPan / ARCSEC_PER_RADIAN);
  const dy = -f * Math.tan(shownTilt / ARCSEC_PER_RADIAN);
  return { rect: { x: marginX + dx, y: marginY + dy, width: w, height: h }, pan: shownPan, tilt: shownTilt };
}
/** The centred part of `rect` with the aspect ratio of `width`×`height` (crop-and-scale). */
export function fitAspect(rect: Rect, width: number, height: number): Rect {
  const target = width / height;
  const current = rect.width / rect.height;
  if (Math.abs(target - current) < 1e-9) return rect;
  if (current > target) {
    const w = rect.height * target;
    return { x: rect.x + (rect.width - w) / 2, y: rect.y, width: w, height: rect.height };
  }
  const h = rect.width / target;
  return { x: rect.x, y: rect.y + (rect.height - h) / 2, width: rect.width, height: h };
}
