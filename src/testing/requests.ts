/**
 * What an application asked a test camera to do, in order: the settings getUserMedia opened it
 * with, every settings update applyConstraints sent, every still takePhoto took.
 */
import type { SourcePhotoSettings, SourceSettings } from '../backends/backend.js';
import type { Clock } from '../backends/clock.js';
import type { UpdateVia } from './overlay.js';

/** The settings getUserMedia opened the camera with: the video format and the image-capture values asked for. */
export interface OpenRequest {
  readonly kind: 'open';
  readonly settings: Partial<SourceSettings>;
  /** Camera clock time, ms. */
  readonly time: number;
}

/** A settings update applyConstraints sent: the properties the constraints named and any others selection changed. */
export interface SettingsRequest {
  readonly kind: 'settings';
  readonly settings: Partial<SourceSettings>;
  readonly time: number;
}

/** A still takePhoto took: its photo settings (those asked for, merged with the current ones). */
export interface PhotoRequest {
  readonly kind: 'photo';
  readonly settings: SourcePhotoSettings;
  readonly time: number;
}

export type CameraRequest = OpenRequest | SettingsRequest | PhotoRequest;

export class RequestLog {
  readonly #clock: Clock;
  #entries: CameraRequest[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  settings(update: Partial<SourceSettings>, via: UpdateVia): void {
    const entry: OpenRequest | SettingsRequest = {
      kind: via === 'open' ? 'open' : 'settings',
      settings: structuredClone(update),
      time: this.#clock.now(),
    };
    this.#entries.push(Object.freeze(entry));
  }

  photo(settings: SourcePhotoSettings): void {
    const entry: PhotoRequest = { kind: 'photo', settings: { ...settings }, time: this.#clock.now() };
    this.#entries.push(Object.freeze(entry));
  }

  all(): CameraRequest[] {
    return [...this.#entries];
  }

  last<K extends CameraRequest['kind']>(kind?: K): Extract<CameraRequest, { kind: K }> | undefined {
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const e = this.#entries[i]!;
      if (kind === undefined || e.kind === kind) return e as Extract<CameraRequest, { kind: K }>;
    }
    return undefined;
  }

  clear(): void {
    this.#entries = [];
  }
}
