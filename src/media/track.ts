/**
 * MediaStreamTrack (https://w3c.github.io/mediacapture-main/#mediastreamtrack) for the Node runtime. The public class keeps
 * the state every track has (id, enabled, readyState, constraints, events); what depends on the
 * kind of source lives in a TrackImpl (video-track.ts for cameras, others for microphones and
 * generated tracks).
 */
import { typeError } from '../spec/errors.js';
import type { MediaTrackCapabilities, MediaTrackSettings, NormalizedConstraints } from '../spec/types.js';
import * as webidl from '../spec/webidl.js';
import { convertConstraints, constraintsToDictionary } from '../constraints/convert.js';
import { defineEventHandlers } from './events.js';

/** What a track is told by its source. */
export interface TrackImplListener {
  /** The source went away (unplugged, end of file…): the track ends and fires 'ended'. */
  ended(reason?: unknown): void;
  mute(): void;
  unmute(): void;
}

/** The kind-specific half of a track. */
export interface TrackImpl {
  readonly kind: 'video' | 'audio';
  readonly label: string;
  readonly muted: boolean;
  capabilities(): MediaTrackCapabilities;
  settings(): MediaTrackSettings;
  /** Applies converted constraints (all-or-nothing); rejects with the spec's exception. */
  apply(constraints: NormalizedConstraints): Promise<void>;
  /** A new impl over the same source (for clone()). */
  clone(): TrackImpl;
  /** Starts telling `listener` about the source; called once. */
  attach(listener: TrackImplListener): void;
  /** Releases this track's hold on the source (stop(), or the track ended). Idempotent. */
  release(): void;
  /** Lets the impl see the public track (e.g. to register a CaptureTarget). */
  bind?(track: MediaStreamTrack, state: TrackState): void;
}

/**
 * Tells `listener` about a source's 'ended', 'mute' and 'unmute' events (and at once, in a
 * microtask, when it has already ended). Returns the function that stops listening.
 */
export function forwardSourceEvents(
  source: EventTarget & { readonly ended: boolean },
  listener: TrackImplListener,
): () => void {
  const onEnded = (e: Event): void => listener.ended((e as CustomEvent).detail);
  const onMute = (): void => listener.mute();
  const onUnmute = (): void => listener.unmute();
  source.addEventListener('ended', onEnded);
  source.addEventListener('mute', onMute);
  source.addEventListener('unmute', onUnmute);
  if (source.ended) queueMicrotask(() => listener.ended());
  return () => {
    source.removeEventListener('ended', onEnded);
    source.removeEventListener('mute', onMute);
    source.removeEventListener('unmute', onUnmute);
  };
}

/** Read-only view of the public state an impl may need. */
export interface TrackState {
  readonly enabled: boolean;
  readonly readyState: 'live' | 'ended';
  readonly endedSignal: AbortSignal;
}

let constructing = false;
const TRACK_EVENTS = ['mute', 'unmute', 'ended'] as const;

/** Whether `value` is a MediaStreamTrack made by this package. */
export let isTrack: (value: unknown) => value is MediaStreamTrack;

/** For this package's own modules: the kind-specific half of a track. */
export let trackImpl: (track: MediaStreamTrack) => TrackImpl;

export class MediaStreamTrack extends EventTarget {
  declare onended: ((this: MediaStreamTrack, ev: Event) => unknown) | null;
  declare onmute: ((this: MediaStreamTrack, ev: Event) => unknown) | null;
  declare onunmute: ((this: MediaStreamTrack, ev: Event) => unknown) | null;
  readonly #impl: TrackImpl;
  readonly #id: string;
  #enabled = true;
  #readyState: 'live' | 'ended' = 'live';
  #contentHint = '';
  #constraints: NormalizedConstraints;
  readonly #ended = new AbortController();
  #applying: Promise<unknown> = Promise.resolve();

  constructor(...args: unknown[]) {
    if (!constructing) throw typeError("Failed to construct 'MediaStreamTrack': Illegal constructor");
    super();
    const [impl, constraints] = args as [TrackImpl, NormalizedConstraints];
    this.#impl = impl;
    this.#id = globalThis.crypto.randomUUID();
    this.#constraints = constraints;
    const state: TrackState = {
      get enabled() {
        return track.#enabled;
      },
      get readyState() {
        return track.#readyState;
      },
      endedSignal: this.#ended.signal,
    };
    const track = this;
    impl.bind?.(this, state);
    impl.attach({
      ended: (reason) => {
        if (track.#readyState === 'ended') return;
        track.#end(reason);
        track.dispatchEvent(new Event('ended'));
      },
      mute: () => {
        if (track.#readyState === 'live') track.dispatchEvent(new Event('mute'));
      },
      unmute: () => {
        if (track.#readyState === 'live') track.dispatchEvent(new Event('unmute'));
      },
    });
  }

  static {
    isTrack = (value): value is MediaStreamTrack => typeof value === 'object' && value !== null && #impl in value;
    trackImpl = (track) => track.#impl;
  }

  get kind(): string {
    return self(this, 'kind').#impl.kind;
  }

  get id(): string {
    return self(this, 'id').#id;
  }

  get label(): string {
    return self(this, 'label').#impl.label;
  }

  get enabled(): boolean {
    return self(this, 'enabled').#enabled;
  }

  set enabled(value: boolean) {
    self(this, 'enabled').#enabled = webidl.boolean(value);
  }

  get muted(): boolean {
    const t = self(this, 'muted');
    return t.#readyState === 'live' && t.#impl.muted;
  }

  get readyState(): 'live' | 'ended' {
    return self(this, 'readyState').#readyState;
  }

  get contentHint(): string {
    return self(this, 'contentHint').#contentHint;
  }

  set contentHint(value: string) {
    const t = self(this, 'contentHint');
    const hint = webidl.domString(value, "Failed to set 'contentHint' on 'MediaStreamTrack'");
    const allowed = t.#impl.kind === 'video' ? ['', 'motion', 'detail', 'text'] : ['', 'speech', 'speech-recognition', 'music'];
    if (allowed.includes(hint)) t.#contentHint = hint;
  }

  /** gUM: a new track over the same source, with the same state and constraints. */
  clone(): MediaStreamTrack {
    const t = self(this, 'clone');
    const copy = createTrack(t.#impl.clone(), structuredClone(t.#constraints));
    copy.#enabled = t.#enabled;
    copy.#contentHint = t.#contentHint;
    if (t.#readyState === 'ended') copy.#end();
    return copy;
  }

  /** gUM: ends the track without firing 'ended'; the source is released when no track uses it. */
  stop(): void {
    const t = self(this, 'stop');
    if (t.#readyState === 'ended') return;
    t.#end();
  }

  getCapabilities(): MediaTrackCapabilities {
    const t = self(this, 'getCapabilities');
    if (t.#readyState === 'ended') return {};
    return t.#impl.capabilities();
  }

  getConstraints(): MediaTrackConstraintsDictionary {
    const t = self(this, 'getConstraints');
    return constraintsToDictionary(t.#constraints);
  }

  getSettings(): MediaTrackSettings {
    const t = self(this, 'getSettings');
    return t.#impl.settings();
  }

  /**
   * gUM applyConstraints(): converts the argument, then (one call at a time per track, in call order) selects
   * and applies new settings; on failure nothing changes
   * (https://w3c.github.io/mediacapture-main/#dfn-applyconstraints-algorithm).
   */
  applyConstraints(constraints?: MediaTrackConstraintsDictionary): Promise<undefined> {
    const ctx = webidl.methodContext('MediaStreamTrack', 'applyConstraints');
    let t: MediaStreamTrack;
    let converted: NormalizedConstraints;
    try {
      t = self(this, 'applyConstraints');
      converted = convertConstraints(constraints, t.#impl.kind, `${ctx}: parameter 1`);
    } catch (err) {
      return Promise.reject(err);
    }
    const ended = (): boolean => t.#readyState === 'ended';
    const run = async (): Promise<undefined> => {
      // An ended track has no source to constrain; the call resolves and changes nothing.
      if (ended()) return undefined;
      try {
        await t.#impl.apply(converted);
      } catch (err) {
        // The same holds when the track ends while the device is being set (its source closed).
        if (ended()) return undefined;
        throw err;
      }
      if (ended()) return undefined;
      t.#constraints = converted;
      return undefined;
    };
    const result = t.#applying.then(run, run);
    t.#applying = result.catch(() => undefined);
    return result;
  }

  #end(reason?: unknown): void {
    this.#readyState = 'ended';
    this.#ended.abort(reason ?? new globalThis.DOMException('The track has ended.', 'InvalidStateError'));
    this.#impl.release();
  }
}

/** The plain-object form of MediaTrackConstraints handed to and returned from script. */
export type MediaTrackConstraintsDictionary = Record<string, unknown>;

/** For this package's own modules: a live track over `impl`; `constraints` is what getConstraints() returns. */
export function createTrack(impl: TrackImpl, constraints: NormalizedConstraints = { basic: {}, advanced: [] }): MediaStreamTrack {
  constructing = true;
  try {
    return new MediaStreamTrack(impl, constraints);
  } finally {
    constructing = false;
  }
}

const BRAND: webidl.Brand<MediaStreamTrack> = { name: 'MediaStreamTrack', has: (value) => isTrack(value) };

function self(value: unknown, member: string): MediaStreamTrack {
  return webidl.requireBrand(value, BRAND, member);
}

defineEventHandlers(MediaStreamTrack.prototype, TRACK_EVENTS);
// https://w3c.github.io/mediacapture-main/#mediastreamtrack
webidl.defineInterface(MediaStreamTrack, 'MediaStreamTrack', {
  length: 0,
  attributes: ['kind', 'id', 'label', 'enabled', 'muted', 'onmute', 'onunmute', 'readyState', 'onended', 'contentHint'],
  operations: { clone: 0, stop: 0, getCapabilities: 0, getConstraints: 0, getSettings: 0, applyConstraints: 0 },
});
