/**
 * Tracks whose frames the program writes (mediacapture-transform): the older Chromium shape
 * `MediaStreamTrackGenerator` (a MediaStreamTrack with a `writable`) and the newer
 * `VideoTrackGenerator` (an object with `writable`, `track` and `muted`).
 *
 * Both sit on a GeneratorSource, a CameraSource like any camera, so the track is an ordinary
 * video track: ImageCapture, MediaStreamTrackProcessor, clone(), applyConstraints() and
 * getSettings() work on it. Writing a frame hands it to the track and closes it; closing (or
 * aborting) the writable ends the track, which fires 'ended'; once every track on the source has
 * stopped, the writable errors with InvalidStateError.
 *
 * Non-standard: both constructors accept a `runtime` option (default: the `imagecapture` default
 * runtime), which decides the spec or Chromium behaviour of ImageCapture on the track.
 */
import { invalidState, notSupported, typeError } from '../../spec/errors.js';
import * as webidl from '../../spec/webidl.js';
import type { Clock } from '../../backends/clock.js';
import { defaultRuntime } from '../default-runtime.js';
import type { Runtime } from '../runtime.js';
import { createTrack, MediaStreamTrack } from '../track.js';
import { SourceHandle, VideoTrackImpl } from '../video-track.js';
import { GeneratorSource } from './generator-source.js';
import { isVideoFrame, type VideoFrame, videoFrameInternals } from './video-frame.js';

interface Generator {
  readonly source: GeneratorSource;
  readonly writable: WritableStream<VideoFrame>;
  readonly track: MediaStreamTrack;
}

/** Non-standard options of both generator constructors. */
export interface GeneratorOptions {
  runtime?: Runtime;
  /** Time for the track's frame-rate estimate and grabFrame's timeout. Default: RealClock. */
  clock?: Clock;
}

function readOptions(dict: object | undefined): GeneratorOptions {
  const runtime = webidl.member(dict, 'runtime') as Runtime | undefined;
  const clock = webidl.member(dict, 'clock') as Clock | undefined;
  return { runtime, clock };
}

/** A source, the writable that feeds it and the track over it. */
function makeGenerator(options: GeneratorOptions): Generator {
  let controller: WritableStreamDefaultController | undefined;
  let closingByWriter = false;
  const source = new GeneratorSource({
    clock: options.clock,
    // Every track stopped: nothing can take frames any more.
    onClose: () => {
      if (!closingByWriter) controller?.error(invalidState('The track has ended; no more frames can be written.'));
    },
  });
  const writable = new WritableStream<VideoFrame>({
    start(c) {
      controller = c;
    },
    write(chunk) {
      writeFrame(source, chunk);
    },
    close() {
      closingByWriter = true;
      source.end();
    },
    abort(reason) {
      closingByWriter = true;
      source.end(reason);
    },
  });
  const impl = new VideoTrackImpl(new SourceHandle(source), options.runtime ?? defaultRuntime, false);
  return { source, writable, track: createTrack(impl) };
}

/** The writable's write steps: the frame goes to the track, then it is closed. */
function writeFrame(source: GeneratorSource, chunk: unknown): void {
  if (!isVideoFrame(chunk)) {
    throw typeError(`Only VideoFrame objects can be written to a video generator, not ${webidl.describeValue(chunk)}.`);
  }
  const frame = videoFrameInternals(chunk);
  if (frame === null) throw typeError('The VideoFrame written is closed.');
  try {
    source.write({
      resource: frame.resource.retain(),
      visible: frame.visible,
      rotation: frame.rotation,
      flip: frame.flip,
      timestamp: frame.timestamp,
      duration: frame.duration,
    });
  } finally {
    chunk.close();
  }
}

const generators = new WeakMap<object, Generator>();

function kindOf(init: unknown, ctx: string): { kind: string; options: GeneratorOptions } {
  // Chromium first shipped `new MediaStreamTrackGenerator('video')`; the dictionary came later.
  if (typeof init === 'string') return { kind: init, options: {} };
  const dict = webidl.dictionary(init, ctx);
  const kind = webidl.member(dict, 'kind');
  if (kind === undefined) throw typeError(`${ctx}: required member kind is undefined.`);
  return { kind: webidl.domString(kind, `${ctx}: member kind`), options: readOptions(dict) };
}

export interface MediaStreamTrackGenerator extends MediaStreamTrack {}

/** MediaStreamTrackGenerator (Chromium): a MediaStreamTrack whose frames are written to `writable`. */
export class MediaStreamTrackGenerator {
  constructor(init: unknown) {
    const ctx = "Failed to construct 'MediaStreamTrackGenerator'";
    if (arguments.length < 1) throw typeError(`${ctx}: 1 argument required, but only 0 present.`);
    const { kind, options } = kindOf(init, `${ctx}: parameter 1`);
    if (kind === 'audio') throw notSupported(`${ctx}: audio generators are not available in this runtime; kind "video" is.`);
    if (kind !== 'video') throw typeError(`${ctx}: kind is ${JSON.stringify(kind)}; it must be "video" or "audio".`);
    const generator = makeGenerator(options);
    Object.setPrototypeOf(generator.track, new.target.prototype);
    generators.set(generator.track, generator);
    return generator.track as MediaStreamTrackGenerator;
  }

  /** Frames written here become the track's frames. */
  get writable(): WritableStream<VideoFrame> {
    return generators.get(webidl.requireBrand(this, TRACK_GENERATOR, 'writable'))!.writable;
  }
}

const TRACK_GENERATOR: webidl.Brand<MediaStreamTrackGenerator> = {
  name: 'MediaStreamTrackGenerator',
  has: (value): value is MediaStreamTrackGenerator => typeof value === 'object' && value !== null && generators.has(value),
};
Object.setPrototypeOf(MediaStreamTrackGenerator.prototype, MediaStreamTrack.prototype);
Object.setPrototypeOf(MediaStreamTrackGenerator, MediaStreamTrack);

let isGenerator: (value: unknown) => value is VideoTrackGenerator;

/** VideoTrackGenerator (mediacapture-transform): `writable` feeds `track`; `muted` mutes it. */
export class VideoTrackGenerator {
  readonly #g: Generator;

  constructor(options?: GeneratorOptions) {
    const dict = webidl.dictionary(options, "Failed to construct 'VideoTrackGenerator': parameter 1");
    this.#g = makeGenerator(readOptions(dict));
  }

  get writable(): WritableStream<VideoFrame> {
    return self(this, 'writable').#g.writable;
  }

  /** The same MediaStreamTrack every time. */
  get track(): MediaStreamTrack {
    return self(this, 'track').#g.track;
  }

  /** While true, frames written are dropped and the track is muted (fires 'mute', then 'unmute'). */
  get muted(): boolean {
    return self(this, 'muted').#g.source.muted;
  }

  set muted(value: boolean) {
    self(this, 'muted').#g.source.setMuted(webidl.boolean(value));
  }

  static {
    isGenerator = (value): value is VideoTrackGenerator => typeof value === 'object' && value !== null && #g in value;
  }
}

const BRAND: webidl.Brand<VideoTrackGenerator> = { name: 'VideoTrackGenerator', has: (value) => isGenerator(value) };

function self(value: unknown, member: string): VideoTrackGenerator {
  return webidl.requireBrand(value, BRAND, member);
}

// https://w3c.github.io/mediacapture-transform/#track-generator (Chromium's form)
webidl.defineInterface(MediaStreamTrackGenerator, 'MediaStreamTrackGenerator', { length: 1, attributes: ['writable'] });
// https://w3c.github.io/mediacapture-transform/#video-track-generator
webidl.defineInterface(VideoTrackGenerator, 'VideoTrackGenerator', { length: 0, attributes: ['writable', 'muted', 'track'] });
