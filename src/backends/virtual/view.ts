/**
 * Where the camera looks: the mapping between output pixels and world directions (degrees) for
 * a sensor field of view, an output size, zoom, pan and tilt. Outputs whose aspect ratio differs
 * from the sensor's are cropped to fill (the full width or the full height of the sensor is used).
 */

export interface View {
  /** World direction (degrees) at the centre of the image. */
  readonly cx: number;
  readonly cy: number;
  /** Degrees per output pixel (square pixels). */
  readonly degPerPx: number;
  readonly width: number;
  readonly height: number;
}

export interface ViewInput {
  /** Horizontal field of view of the whole sensor at zoom 1, degrees. */
  readonly sensorFovX: number;
  /** Sensor width / height. */
  readonly sensorAspect: number;
  readonly width: number;
  readonly height: number;
  readonly zoom: number;
  /** Arc-seconds; positive turns right (clockwise seen from above). */
  readonly pan: number;
  /** Arc-seconds; positive looks up. */
  readonly tilt: number;
}

export function viewFor(v: ViewInput): View {
  const aspect = v.width / v.height;
  const sensorFovY = v.sensorFovX / v.sensorAspect;
  // Crop to fill: keep the sensor's full width when the output is wider, else its full height.
  const fovX = aspect >= v.sensorAspect ? v.sensorFovX : sensorFovY * aspect;
  return {
    cx: v.pan / 3600,
    cy: -v.tilt / 3600,
    degPerPx: fovX / Math.max(1, v.zoom) / v.width,
    width: v.width,
    height: v.height,
  };
}

/** Pixel coordinates (continuous; pixel x covers [x, x + 1)) of a world direction. */
export function toPixel(view: View, x: number, y: number): { x: number; y: number } {
  return { x: (x - view.cx) / view.degPerPx + view.width / 2, y: (y - view.cy) / view.degPerPx + view.height / 2 };
}

/** World direction of a point given in normalised image coordinates ([0,1]², origin top-left). */
export function toWorld(view: View, nx: number, ny: number): { x: number; y: number } {
  return { x: view.cx + (nx - 0.5) * view.width * view.degPerPx, y: view.cy + (ny - 0.5) * view.height * view.degPerPx };
}

/** Horizontal field of view (degrees) of a sensor of the given aspect for a 35 mm-equivalent focal length. */
export function fovFrom35mm(focalLength35mm: number, sensorAspect: number): number {
  // 35 mm equivalence is by diagonal: a 36 × 24 mm frame has a 43.27 mm diagonal.
  const diagonal = Math.hypot(36, 24);
  const width = (diagonal * sensorAspect) / Math.hypot(sensorAspect, 1);
  return (2 * Math.atan(width / 2 / focalLength35mm) * 180) / Math.PI;
}
