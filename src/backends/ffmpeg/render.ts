/**
 * From a full source frame to a delivered frame or photo: the pan/tilt/zoom window, cropped to
 * the output's aspect ratio, scaled to the output size, then the tone controls.
 */
import type { ControlState } from './controls.js';
import { fitAspect, viewWindow, type Rect, type View } from './geometry.js';
import { Resampler } from './resample.js';
import { ToneMapper } from './tone.js';

/** The window of the source the controls select (the whole frame without controls). */
function shownView(width: number, height: number, controls: ControlState | undefined, fieldOfView: number): View {
  if (!controls) return { rect: { x: 0, y: 0, width, height }, pan: 0, tilt: 0 };
  return viewWindow(width, height, controls.zoom, controls.pan, controls.tilt, fieldOfView);
}

export class FrameRenderer {
  readonly #resampler = new Resampler();
  readonly #tone = new ToneMapper();
  readonly #fieldOfView: number;

  constructor(fieldOfView: number) {
    this.#fieldOfView = fieldOfView;
  }

  /** The source rectangle a `dstW`×`dstH` output shows. */
  sourceRect(srcW: number, srcH: number, dstW: number, dstH: number, controls: ControlState | undefined): Rect {
    return fitAspect(shownView(srcW, srcH, controls, this.#fieldOfView).rect, dstW, dstH);
  }

  render(
    src: Uint8Array,
    srcW: number,
    srcH: number,
    dst: Uint8Array,
    dstW: number,
    dstH: number,
    controls: ControlState | undefined,
  ): void {
    this.#resampler.resample(src, srcW, srcH, this.sourceRect(srcW, srcH, dstW, dstH, controls), dst, dstW, dstH);
    if (controls) this.#tone.apply(dst, dstW, dstH, controls);
  }
}
