/**
 * MediaStreamTrackProcessor (https://w3c.github.io/mediacapture-transform/#track-processor): a track's frames as a ReadableStream
 * of VideoFrame (video) or AudioData (audio).
 *
 * The processor watches the track from construction: each frame the source produces goes into a
 * buffer of at most `maxBufferSize` (default 1 for video, 10 for audio, as Chromium); when the
 * buffer is full the OLDEST frame is dropped (and closed) for the new one, so a slow reader sees
 * the latest frames with gaps in their timestamps instead of a growing queue. Reads take from the
 * buffer in order. The stream closes when the track ends (stop(), or its source went away);
 * cancelling the stream stops watching the track (the track itself keeps running).
 */
import { typeError } from '../../spec/errors.js';
import * as webidl from '../../spec/webidl.js';
import { resolveCaptureTarget } from '../../image-capture/target.js';
import { AudioTrackImpl } from '../audio-track.js';
import { isTrack, type MediaStreamTrack, trackImpl } from '../track.js';
import { VideoTrackImpl } from '../video-track.js';
import { CameraFeed, type Chunk, type Feed, GeneratorFeed, MicrophoneFeed } from './feeds.js';
import { GeneratorSource } from './generator-source.js';

const DEFAULT_VIDEO_BUFFER_SIZE = 1;
const DEFAULT_AUDIO_BUFFER_SIZE = 10;

const CTX = "Failed to construct 'MediaStreamTrackProcessor'";

/** The feed for a track, and the signal that aborts when the track ends. */
function connect(track: MediaStreamTrack, maxBufferSize: number): { feed: Feed; ended: AbortSignal } {
  const impl = trackImpl(track);
  const enabled = (): boolean => track.enabled;
  if (impl instanceof VideoTrackImpl) {
    const ended = resolveCaptureTarget(track)?.endedSignal;
    if (ended === undefined) throw typeError(`${CTX}: the track cannot be read.`);
    const source = impl.source;
    const feed = source instanceof GeneratorSource
      ? new GeneratorFeed(source, enabled)
      : new CameraFeed(source, enabled, maxBufferSize + 2);
    return { feed, ended };
  }
  if (impl instanceof AudioTrackImpl && impl.trackState !== undefined) {
    return { feed: new MicrophoneFeed(impl.source, enabled), ended: impl.trackState.endedSignal };
  }
  throw typeError(`${CTX}: the track's source cannot be read as a stream.`);
}

/**
 * The processor's stream: the handleNewFrame, maybeReadFrame, processorPull, processorCancel and
 * processorClose algorithms of https://w3c.github.io/mediacapture-transform/#track-processor.
 */
function processorStream(feed: Feed, ended: AbortSignal, maxBufferSize: number): ReadableStream<Chunk> {
  const queue: Chunk[] = [];
  let pendingReads = 0;
  let closed = false;
  let controller!: ReadableStreamDefaultController<Chunk>;

  const maybeReadFrame = (): void => {
    while (pendingReads > 0 && queue.length > 0) {
      pendingReads--;
      controller.enqueue(queue.shift()!);
    }
  };
  const drain = (): void => {
    closed = true;
    feed.stop();
    ended.removeEventListener('abort', processorClose);
    for (const chunk of queue.splice(0)) chunk.close();
  };
  function processorClose(): void {
    if (closed) return;
    drain();
    controller.close();
  }
  const handleNewFrame = (chunk: Chunk): void => {
    if (closed) {
      chunk.close();
      return;
    }
    if (queue.length >= maxBufferSize) queue.shift()!.close();
    queue.push(chunk);
    maybeReadFrame();
  };
  const fail = (reason: unknown): void => {
    if (closed) return;
    drain();
    controller.error(reason);
  };

  return new ReadableStream<Chunk>(
    {
      start(c) {
        controller = c;
        if (ended.aborted) {
          processorClose();
          return;
        }
        ended.addEventListener('abort', processorClose, { once: true });
        feed.start(handleNewFrame, fail);
      },
      pull() {
        pendingReads++;
        maybeReadFrame();
      },
      cancel() {
        if (!closed) drain();
      },
    },
    { highWaterMark: 0 },
  );
}

let isProcessor: (value: unknown) => value is MediaStreamTrackProcessor;

/** https://w3c.github.io/mediacapture-transform/#dictdef-mediastreamtrackprocessorinit */
const PROCESSOR_INIT = webidl.dictionaryConverter('MediaStreamTrackProcessorInit', [
  { key: 'maxBufferSize', converter: (v, ctx) => webidl.unsignedShort(v, ctx, { enforceRange: true }) },
  {
    key: 'track',
    required: true,
    converter: (v, ctx): MediaStreamTrack => {
      if (!isTrack(v)) throw typeError(`${ctx} is ${webidl.describeValue(v)}, which is not a MediaStreamTrack.`);
      return v;
    },
  },
]);

export class MediaStreamTrackProcessor {
  readonly #readable: ReadableStream<Chunk>;

  /** new MediaStreamTrackProcessor({ track, maxBufferSize }) */
  constructor(init: unknown) {
    if (arguments.length < 1) throw typeError(`${CTX}: 1 argument required, but only 0 present.`);
    const ctx = `${CTX}: parameter 1`;
    const { maxBufferSize: size, track } = PROCESSOR_INIT(init, ctx);
    if (track.readyState === 'ended') throw typeError(`${ctx}: the track has ended.`);
    // https://w3c.github.io/mediacapture-transform/#dom-mediastreamtrackprocessorinit-maxbuffersize: a value of at least 1 is used;
    // otherwise the default for the kind (Chromium's 1 and 10, docs/behaviour.md).
    const maxBufferSize = size !== undefined && size >= 1
      ? size
      : track.kind === 'audio' ? DEFAULT_AUDIO_BUFFER_SIZE : DEFAULT_VIDEO_BUFFER_SIZE;
    const { feed, ended } = connect(track, maxBufferSize);
    this.#readable = processorStream(feed, ended, maxBufferSize);
  }

  /** VideoFrame chunks for a video track, AudioData chunks for an audio track. */
  get readable(): ReadableStream<Chunk> {
    return webidl.requireBrand(this, BRAND, 'readable').#readable;
  }

  static {
    isProcessor = (value): value is MediaStreamTrackProcessor => typeof value === 'object' && value !== null && #readable in value;
  }
}

const BRAND: webidl.Brand<MediaStreamTrackProcessor> = { name: 'MediaStreamTrackProcessor', has: (value) => isProcessor(value) };

// https://w3c.github.io/mediacapture-transform/#track-processor
webidl.defineInterface(MediaStreamTrackProcessor, 'MediaStreamTrackProcessor', { length: 1, attributes: ['readable'] });
