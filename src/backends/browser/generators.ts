/**
 * MediaStreamTrackGenerator and VideoTrackGenerator
 * (https://w3c.github.io/mediacapture-transform/#video-track-generator) for engines without them
 * (Firefox, WebKit), over a canvas that is not in the document: each written VideoFrame is drawn on
 * it and handed to the canvas's capture track with requestFrame(), then closed.
 *
 * A generator track carries a sink under a registered symbol (Symbol.for, so it is found from any
 * same-origin realm): ImageCapture reads the latest written frame from it directly, and knows that
 * such a track has no camera, so no still photo (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto).
 */
import { domException, typeError } from '../../spec/errors.js';

/** What a generator track exposes to ImageCapture. */
export interface GeneratorSink {
  /** The latest written frame (a canvas here, a kept VideoFrame over the engine's generator). */
  picture(): CanvasImageSource | undefined;
  /** Frames written so far. */
  frames: number;
  /** Called after each frame is written. */
  readonly listeners: Set<() => void>;
}

const SINK = Symbol.for('imagecapture.generatorSink');

/** The sink of a generator track made here (in any realm), or undefined. */
export function generatorSink(track: object): GeneratorSink | undefined {
  return (track as { [SINK]?: GeneratorSink })[SINK];
}

/** Whether `track` comes from a track generator: ours (any realm) or the engine's own. */
export function isGeneratorTrack(track: object): boolean {
  return generatorSink(track) !== undefined || Object.prototype.toString.call(track) === '[object MediaStreamTrackGenerator]';
}

type CanvasTrack = MediaStreamTrack & { requestFrame?(): void };

function isVideoFrame(value: unknown): value is VideoFrame {
  return typeof VideoFrame === 'function' && value instanceof VideoFrame;
}

/** A live video track fed by the returned writable. */
function canvasGenerator(): { track: MediaStreamTrack; writable: WritableStream<VideoFrame> } {
  const canvas = document.createElement('canvas');
  canvas.width = 1;
  canvas.height = 1;
  const context = canvas.getContext('2d');
  if (!context) throw domException('NotSupportedError', 'A track generator needs a 2D canvas context, which this page cannot create.');
  // Frame rate 0: a frame goes out only when requestFrame() is called, i.e. once per written frame.
  const stream = canvas.captureStream(0) as MediaStream & { requestFrame?(): void };
  const track = stream.getVideoTracks()[0] as CanvasTrack;
  // https://w3c.github.io/mediacapture-fromelement/#dom-canvascapturemediastreamtrack-requestframe
  // Firefox has requestFrame() on the stream (CanvasCaptureMediaStream), not on the track.
  const requestFrame = track.requestFrame ? track.requestFrame.bind(track) : stream.requestFrame?.bind(stream);
  const sink: GeneratorSink = { picture: () => canvas, frames: 0, listeners: new Set() };
  Object.defineProperty(track, SINK, { value: sink, enumerable: false });
  const writable = new WritableStream<VideoFrame>({
    write(frame) {
      if (!isVideoFrame(frame)) throw typeError('A video track generator accepts only VideoFrame chunks.');
      try {
        if (track.readyState === 'ended') {
          throw domException('InvalidStateError', 'The generator\'s track has ended; no frame can be written.');
        }
        const width = frame.displayWidth;
        const height = frame.displayHeight;
        if (canvas.width !== width || canvas.height !== height) {
          canvas.width = width;
          canvas.height = height;
        }
        context.drawImage(frame, 0, 0, width, height);
        requestFrame?.();
        sink.frames++;
        for (const listener of [...sink.listeners]) listener();
      } finally {
        frame.close();
      }
    },
    // Closing the stream ends the track (https://w3c.github.io/mediacapture-transform/#video-track-generator).
    close() {
      track.stop();
    },
    abort() {
      track.stop();
    },
  });
  return { track, writable };
}

const writables = new WeakMap<object, WritableStream<VideoFrame>>();

/** Chromium's MediaStreamTrackGenerator: a MediaStreamTrack with a `writable` (video only here). */
export class MediaStreamTrackGenerator {
  constructor(init: { kind?: string } | string) {
    const kind = typeof init === 'string' ? init : init?.kind;
    if (kind !== 'video' && kind !== 'audio') {
      throw typeError(`Failed to construct 'MediaStreamTrackGenerator': kind must be "video" or "audio", not ${JSON.stringify(kind)}.`);
    }
    if (kind === 'audio') {
      throw domException(
        'NotSupportedError',
        "Failed to construct 'MediaStreamTrackGenerator': only \"video\" generators are available in this browser.",
      );
    }
    const { track, writable } = canvasGenerator();
    Object.setPrototypeOf(track, new.target.prototype);
    writables.set(track, writable);
    return track as unknown as MediaStreamTrackGenerator;
  }

  get writable(): WritableStream<VideoFrame> {
    const writable = writables.get(this);
    if (!writable) throw typeError("Failed to read 'writable' on 'MediaStreamTrackGenerator': Illegal invocation.");
    return writable;
  }
}

/** https://w3c.github.io/mediacapture-transform/#video-track-generator */
export class VideoTrackGenerator {
  readonly #track: MediaStreamTrack;
  readonly #writable: WritableStream<VideoFrame>;
  #muted = false;

  constructor() {
    ({ track: this.#track, writable: this.#writable } = canvasGenerator());
  }

  get writable(): WritableStream<VideoFrame> {
    return this.#writable;
  }

  get track(): MediaStreamTrack {
    return this.#track;
  }

  get muted(): boolean {
    return this.#muted;
  }

  set muted(value: boolean) {
    this.#muted = Boolean(value);
  }
}

function defineInterface(scope: Record<string, unknown>, name: string, ctor: Function, parent?: Function): void {
  if (scope[name] !== undefined) return;
  const proto = ctor.prototype as object;
  if (parent) {
    Object.setPrototypeOf(proto, parent.prototype as object);
    Object.setPrototypeOf(ctor, parent);
  }
  Object.defineProperty(proto, Symbol.toStringTag, { value: name, configurable: true });
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === 'constructor') continue;
    Object.defineProperty(proto, key, { ...Object.getOwnPropertyDescriptor(proto, key), enumerable: true });
  }
  Object.defineProperty(scope, name, { value: ctor, writable: true, configurable: true, enumerable: false });
}

const wrapped = new WeakMap<object, WritableStream<VideoFrame>>();

/**
 * The engine's own MediaStreamTrackGenerator (Chromium) sends a frame only to the sinks present when
 * it is written: its `writable` is wrapped so the latest frame is kept (a clone, closed when the
 * next one comes or the track ends) for ImageCapture's first grab.
 */
function keepLatestFrames(Generator: { prototype: object }): void {
  const desc = Object.getOwnPropertyDescriptor(Generator.prototype, 'writable');
  const get = desc?.get;
  if (!desc || !get || (get as { keeps?: boolean }).keeps) return;
  const getter = {
    get writable(): WritableStream<VideoFrame> {
      const track = this as unknown as MediaStreamTrack;
      const native = get.call(track) as WritableStream<VideoFrame>;
      let writable = wrapped.get(track);
      if (writable) return writable;
      let latest: VideoFrame | undefined;
      const keep = (frame: VideoFrame | undefined): void => {
        latest?.close();
        latest = frame;
      };
      const sink: GeneratorSink = { picture: () => latest, frames: 0, listeners: new Set() };
      Object.defineProperty(track, SINK, { value: sink, enumerable: false });
      track.addEventListener('ended', () => keep(undefined), { once: true });
      const writer = native.getWriter();
      writable = new WritableStream<VideoFrame>({
        async write(frame) {
          if (isVideoFrame(frame) && track.readyState === 'live') {
            keep(frame.clone());
            sink.frames++;
          }
          await writer.write(frame);
          for (const listener of [...sink.listeners]) listener();
        },
        close: () => {
          keep(undefined);
          return writer.close();
        },
        abort: (reason) => {
          keep(undefined);
          return writer.abort(reason);
        },
      });
      wrapped.set(track, writable);
      return writable;
    },
  };
  const wrapper = Object.getOwnPropertyDescriptor(getter, 'writable')!.get!;
  (wrapper as { keeps?: boolean }).keeps = true;
  Object.defineProperty(Generator.prototype, 'writable', { ...desc, get: wrapper });
}

/** Adds the generators `scope` lacks (both need canvas capture); over the engine's own, keeps the latest frame. Idempotent. */
export function installTrackGenerators(scope: typeof globalThis = globalThis): void {
  const g = scope as unknown as Record<string, unknown>;
  const native = g.MediaStreamTrackGenerator as { prototype: object } | undefined;
  if (typeof native === 'function' && native !== MediaStreamTrackGenerator) keepLatestFrames(native);
  if (typeof HTMLCanvasElement !== 'function' || typeof HTMLCanvasElement.prototype.captureStream !== 'function') return;
  defineInterface(g, 'MediaStreamTrackGenerator', MediaStreamTrackGenerator, scope.MediaStreamTrack);
  defineInterface(g, 'VideoTrackGenerator', VideoTrackGenerator);
}
