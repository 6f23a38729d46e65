/**
 * The live preview: the video, an fps meter counting the frames the page is shown, the size of
 * the frames actually delivered (which can differ from getSettings(): WebKitGTK 2.50 reports 2560x1440 for 1920x1080 frames),
 * and, where the camera meters, a click that sets pointsOfInterest
 * (https://w3c.github.io/mediacapture-image/#points-of-interest).
 */
import { byId, h } from './dom.js';
import type { ConstraintBook } from './controls.js';
import { describeError, showError } from './errors.js';

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?(callback: (now: number, metadata: { presentedFrames?: number }) => void): number;
};

const WINDOW_MS = 1000;

interface Point {
  x: number;
  y: number;
}

export class Preview {
  readonly video: HTMLVideoElement;
  readonly #stage = byId('stage');
  readonly #fps = byId('fps');
  readonly #size = byId('frame-size');
  readonly #poiLayer = byId('poi-layer');
  readonly #times: number[] = [];
  #track: MediaStreamTrack | undefined;
  #book: ConstraintBook | undefined;
  #poi = false;
  /** The point last clicked, shown until the camera reports points of its own. */
  #requested: Point | undefined;
  #shown = 0;

  constructor() {
    this.video = byId<HTMLVideoElement>('preview');
    this.video.addEventListener('resize', () => this.#showSize());
    this.video.addEventListener('loadedmetadata', () => this.#showSize());
    this.#stage.addEventListener('click', (event) => void this.#click(event));
    this.#count();
  }

  /** Shows a track (or nothing); with `poi`, a click sets pointsOfInterest through `book`. */
  show(track: MediaStreamTrack | undefined, book: ConstraintBook | undefined, poi: boolean): void {
    this.#track = track;
    this.#book = book;
    this.#poi = poi && track !== undefined;
    this.#requested = undefined;
    const hint = byId('poi-hint');
    hint.hidden = !this.#poi;
    hint.textContent = 'Tip: click the preview to set a point of interest.';
    this.#stage.classList.toggle('poi', this.#poi);
    this.#stage.title = this.#poi ? 'Click to set a point of interest (pointsOfInterest)' : '';
    this.video.srcObject = track ? new MediaStream([track]) : null;
    this.#times.length = 0;
    this.#fps.textContent = '– fps';
    this.#showSize();
    this.refresh();
    if (track) void this.video.play().catch(() => undefined);
  }

  /** Resolves once the frames' size passes `accept`, or after `timeoutMs`, whichever is first. */
  #sized(accept: (width: number, height: number) => boolean, timeoutMs: number): Promise<void> {
    const video = this.video;
    if (accept(video.videoWidth, video.videoHeight)) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (accept(video.videoWidth, video.videoHeight)) done();
      };
      const done = (): void => {
        clearTimeout(timer);
        video.removeEventListener('loadedmetadata', check);
        video.removeEventListener('resize', check);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      video.addEventListener('loadedmetadata', check);
      video.addEventListener('resize', check);
    });
  }

  /** The first frame has arrived (or 3 s went by). */
  firstFrame(): Promise<void> {
    return this.#sized((w) => w > 0, 3000);
  }

  /** Frames of this size arrive (or 2 s went by: the camera may have picked another size). */
  frameOfSize(width: number, height: number): Promise<void> {
    return this.#sized((w, h) => w === width && h === height, 2000);
  }

  /**
   * Shows the points of interest as getSettings() reports them (solid), and the point last asked
   * for (dashed) when the camera reports none (Chromium's fake camera accepts points and reports none).
   */
  refresh(): void {
    this.#poiLayer.replaceChildren();
    delete this.#poiLayer.dataset.points;
    if (!this.#poi || !this.#track) return;
    const points = (this.#track.getSettings() as { pointsOfInterest?: Point[] }).pointsOfInterest ?? [];
    this.#poiLayer.dataset.points = points.map((p) => `${p.x},${p.y}`).join(' ');
    const mark = (p: Point, kind: string): HTMLElement => h(
      'span',
      { class: `poi-mark ${kind}`, style: `left:${(p.x * 100).toFixed(2)}%;top:${(p.y * 100).toFixed(2)}%` },
    );
    for (const p of points) this.#poiLayer.append(mark(p, 'reported'));
    const asked = this.#requested;
    if (!asked) return;
    const text = `(${asked.x.toFixed(2)}, ${asked.y.toFixed(2)})`;
    if (points.length === 0) this.#poiLayer.append(mark(asked, 'requested'));
    byId('poi-hint').textContent =
      points.length > 0
        ? `pointsOfInterest: ${points.map((p) => `(${p.x.toFixed(2)}, ${p.y.toFixed(2)})`).join(' ')}`
        : `pointsOfInterest ${text} was accepted; the camera reports none back.`;
  }

  async #click(event: MouseEvent): Promise<void> {
    const book = this.#book;
    // Only a click on the picture itself: not on the message over it or its Retry button.
    if (!this.#poi || !book || event.target !== this.video) return;
    const box = this.video.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    // https://w3c.github.io/mediacapture-image/#points-of-interest: normalised coordinates, origin top-left, x rightwards and y downwards.
    const x = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    const y = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
    this.#stage.dataset.state = 'busy';
    const point = { x: round(x), y: round(y) };
    try {
      await book.applyExact('pointsOfInterest', [point]);
      this.#requested = point;
    } catch (err) {
      showError('control', 'pointsOfInterest was refused', describeError(err));
    }
    this.refresh();
    this.#stage.dataset.state = 'idle';
  }

  #showSize(): void {
    const { videoWidth: w, videoHeight: h } = this.video;
    this.#size.textContent = w > 0 ? `${w}×${h}` : '–';
    if (w > 0) this.#stage.style.aspectRatio = `${w} / ${h}`;
  }

  /** Counts presented frames: requestVideoFrameCallback where it exists, else changes of currentTime. */
  #count(): void {
    const video = this.video as FrameCallbackVideo;
    const frame = (now: number): void => {
      const times = this.#times;
      times.push(now);
      while (times.length > 0 && now - times[0]! > WINDOW_MS) times.shift();
      if (now - this.#shown > 250) {
        this.#shown = now;
        const span = times.length > 1 ? times.at(-1)! - times[0]! : 0;
        this.#fps.textContent = span > 0 ? `${(((times.length - 1) * 1000) / span).toFixed(1)} fps` : '– fps';
      }
    };
    if (typeof video.requestVideoFrameCallback === 'function') {
      const loop = (now: number): void => {
        frame(now);
        video.requestVideoFrameCallback!(loop);
      };
      video.requestVideoFrameCallback(loop);
      return;
    }
    let last = -1;
    const poll = (now: number): void => {
      if (video.currentTime !== last) {
        last = video.currentTime;
        frame(now);
      }
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }

  /** A message over the stage instead of the video (camera refused, none found). */
  message(title: string | undefined, detail = ''): void {
    const box = byId('stage-message');
    box.hidden = title === undefined;
    if (title !== undefined) {
      byId('stage-message-title').textContent = title;
      byId('stage-message-detail').textContent = detail;
    }
  }
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
