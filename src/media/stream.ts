/**
 * MediaStream (https://w3c.github.io/mediacapture-main/#mediastream): an ordered set of tracks, `active` while any of
 * them is live, with addtrack/removetrack events and clone().
 */
import { typeError } from '../spec/errors.js';
import * as webidl from '../spec/webidl.js';
import { defineEventHandlers } from './events.js';
import { isTrack, type MediaStreamTrack } from './track.js';

let isTrackEvent: (value: unknown) => value is MediaStreamTrackEvent;

/** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrackeventinit (EventInit's members are read by Event). */
const TRACK_EVENT_INIT = webidl.dictionaryConverter('MediaStreamTrackEventInit', [
  {
    key: 'track',
    required: true,
    converter: (v, ctx): MediaStreamTrack => {
      if (!isTrack(v)) throw typeError(`${ctx} is not of type 'MediaStreamTrack'.`);
      return v;
    },
  },
]);

/** gUM MediaStreamTrackEvent. */
export class MediaStreamTrackEvent extends Event {
  readonly #track: MediaStreamTrack;

  constructor(type: string, eventInitDict: { track: MediaStreamTrack; bubbles?: boolean; cancelable?: boolean; composed?: boolean }) {
    const ctx = "Failed to construct 'MediaStreamTrackEvent'";
    if (arguments.length < 2) throw typeError(`${ctx}: 2 arguments required, but only ${arguments.length} present.`);
    const typeName = webidl.domString(type, `${ctx}: parameter 1`);
    const { track } = TRACK_EVENT_INIT(eventInitDict, `${ctx}: parameter 2`);
    super(typeName, eventInitDict);
    this.#track = track;
  }

  get track(): MediaStreamTrack {
    return webidl.requireBrand(this, EVENT_BRAND, 'track').#track;
  }

  static {
    isTrackEvent = (value): value is MediaStreamTrackEvent => typeof value === 'object' && value !== null && #track in value;
  }
}

const EVENT_BRAND: webidl.Brand<MediaStreamTrackEvent> = { name: 'MediaStreamTrackEvent', has: (value) => isTrackEvent(value) };

// https://w3c.github.io/mediacapture-main/#mediastreamtrackevent
webidl.defineInterface(MediaStreamTrackEvent, 'MediaStreamTrackEvent', { length: 2, attributes: ['track'] });

let isStream: (value: unknown) => value is MediaStream;

export class MediaStream extends EventTarget {
  readonly #id: string = globalThis.crypto.randomUUID();
  readonly #tracks = new Set<MediaStreamTrack>();

  /** new MediaStream(), new MediaStream(stream) or new MediaStream(tracks). */
  constructor(streamOrTracks?: MediaStream | Iterable<MediaStreamTrack>) {
    super();
    const ctx = "Failed to construct 'MediaStream'";
    if (streamOrTracks === undefined) return;
    let tracks: MediaStreamTrack[];
    if (isStream(streamOrTracks)) {
      tracks = streamOrTracks.getTracks();
    } else {
      tracks = webidl.sequence(streamOrTracks, `${ctx}: parameter 1`, (item, c) => {
        if (!isTrack(item)) throw typeError(`${c} is not of type 'MediaStreamTrack'.`);
        return item;
      });
    }
    for (const t of tracks) this.#tracks.add(t);
  }

  static {
    isStream = (value): value is MediaStream => typeof value === 'object' && value !== null && #tracks in value;
  }

  get id(): string {
    return self(this, 'id').#id;
  }

  /** True while at least one track is live. */
  get active(): boolean {
    for (const t of self(this, 'active').#tracks) if (t.readyState === 'live') return true;
    return false;
  }

  getTracks(): MediaStreamTrack[] {
    return [...self(this, 'getTracks').#tracks];
  }

  // The receiver is brand-checked first (WebIDL), not reached through a getTracks it may not have.
  getVideoTracks(): MediaStreamTrack[] {
    return [...self(this, 'getVideoTracks').#tracks].filter((t) => t.kind === 'video');
  }

  getAudioTracks(): MediaStreamTrack[] {
    return [...self(this, 'getAudioTracks').#tracks].filter((t) => t.kind === 'audio');
  }

  getTrackById(trackId: string): MediaStreamTrack | null {
    const s = self(this, 'getTrackById');
    const id = webidl.domString(trackId, "Failed to execute 'getTrackById' on 'MediaStream': parameter 1");
    return [...s.#tracks].find((t) => t.id === id) ?? null;
  }

  addTrack(track: MediaStreamTrack): void {
    const s = self(this, 'addTrack');
    if (!isTrack(track)) {
      throw typeError("Failed to execute 'addTrack' on 'MediaStream': parameter 1 is not of type 'MediaStreamTrack'.");
    }
    s.#tracks.add(track);
  }

  removeTrack(track: MediaStreamTrack): void {
    const s = self(this, 'removeTrack');
    if (!isTrack(track)) {
      throw typeError("Failed to execute 'removeTrack' on 'MediaStream': parameter 1 is not of type 'MediaStreamTrack'.");
    }
    s.#tracks.delete(track);
  }

  /** A new stream with a clone of every track. */
  clone(): MediaStream {
    return new MediaStream(self(this, 'clone').getTracks().map((t) => t.clone()));
  }
}

const BRAND: webidl.Brand<MediaStream> = { name: 'MediaStream', has: (value) => isStream(value) };

function self(value: unknown, member: string): MediaStream {
  return webidl.requireBrand(value, BRAND, member);
}

defineEventHandlers(MediaStream.prototype, ['addtrack', 'removetrack']);
// https://w3c.github.io/mediacapture-main/#mediastream
webidl.defineInterface(MediaStream, 'MediaStream', {
  length: 0,
  attributes: ['id', 'active', 'onaddtrack', 'onremovetrack'],
  operations: { getAudioTracks: 0, getVideoTracks: 0, getTracks: 0, getTrackById: 1, addTrack: 1, removeTrack: 1, clone: 0 },
});
