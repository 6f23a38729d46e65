/**
 * From a full source frame to a delivered frame or photo: the pan/tilt/zoom window, cropped to
 * the output's aspect ratio, scaled to the output size, then the tone controls. Source frames are
 * I420 as ffmpeg pipes them; only the rows the window needs are converted to RGBA, and straight
 * into the output when it is the whole frame at its own size.
 */
import type { ControlState } from './controls.js';
import { fitAspect, viewWindow, type Rect, type View } from './geometry.js';
import { Resampler } from './resample.js';
import { ToneMapper } from './tone.js';
import { i420ToRgba } from './yuv.js';

/** The window of the source the controls select (the whole frame without controls). */
function shownView(width: number, height: number, controls: ControlState | undefined, fieldOfView: number): View {
  if (!controls) return { rect: { x: 0, y: 0, width, height }, pan: 0, tilt: 0 };
  return viewWindow(width, height, controls.zoom, controls.pan, controls.tilt, fieldOfView);
}

export class FrameRenderer {
  readonly #resampler = new Resampler();
  readonly #tone = new ToneMapper();
  readonly #fieldOfView: number;
  /** The RGBA source rows the window needs, kept between frames of the same size. */
  #rgba: Uint8Array | undefined;

  constructor(fieldOfView: number) {
    this.#fieldOfView = fieldOfView;
  }

  /** The source rectangle a `dstW`×`dstH` output shows. */
  sourceRect(srcW: number, srcH: number, dstW: number, dstH: number, controls: ControlState | undefined): Rect {
    return fitAspect(shownView(srcW, srcH, controls, this.#fieldOfView).rect, dstW, dstH);
  }

  /** Renders a source frame (I420, or RGBA when `format` says so) into the RGBA `dst`. */
  render(
    src: Uint8Array,
    srcW: number,
    srcH: number,
    dst: Uint8Array,
    dstW: number,
    dstH: number,
    controls: ControlState | undefined,
    format: 'i420' | 'rgba' = 'i420',
  ): void {
    const rect = this.sourceRect(srcW, srcH, dstW, dstH, controls);
    const whole = dstW === srcW && dstH === srcH && rect.x === 0 && rect.y === 0 && rect.width === srcW && rect.height === srcH;
    if (format === 'rgba') {
      if (whole) dst.set(src.subarray(0, dst.length));
      else this.#resampler.resample(src, srcW, srcH, rect, dst, dstW, dstH);
    } else if (whole) {
      i420ToRgba(src, srcW, srcH, dst);
    } else {
      const bytes = srcW * srcH * 4;
      if (this.#rgba?.length !== bytes) this.#rgba = new Uint8Array(bytes);
      // The resampler reads at most one row beyond the window on either side.
      const y0 = Math.max(0, Math.floor(rect.y) - 1);
      const y1 = Math.min(srcH, Math.ceil(rect.y + rect.height) + 1);
      i420ToRgba(src, srcW, srcH, this.#rgba, y0, y1);
      this.#resampler.resample(this.#rgba, srcW, srcH, rect, dst, dstW, dstH);
    }
    if (controls) this.#tone.apply(dst, dstW, dstH, controls);
  }
}
