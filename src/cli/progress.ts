/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (never into pipes or
 * log files): `[#########...........]  9/20  shot-0009.jpg`.
 */
import type { OutStream } from './context.js';

const BAR = 24;

export class Progress {
  readonly #stream: OutStream | undefined;
  readonly #total: number;
  #drawn = false;

  constructor(stream: OutStream, total: number) {
    this.#stream = stream.isTTY ? stream : undefined;
    this.#total = Math.max(1, total);
  }

  get enabled(): boolean {
    return this.#stream !== undefined;
  }

  /** Redraws the bar for `done` of the total, with a short label (the last file written). */
  update(done: number, label = ''): void {
    if (!this.#stream) return;
    const filled = Math.round((Math.min(done, this.#total) / this.#total) * BAR);
    const count = `${String(done).padStart(String(this.#total).length)}/${this.#total}`;
    let line = `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${count}  ${label}`;
    const width = this.#stream.columns || 80;
    if (line.length > width - 1) line = line.slice(0, Math.max(0, width - 1));
    this.#stream.write(`\r\x1b[K${line}`);
    this.#drawn = true;
  }

  /** Erases the bar so later messages start on a clean line. */
  clear(): void {
    if (!this.#stream || !this.#drawn) return;
    this.#stream.write('\r\x1b[K');
    this.#drawn = false;
  }
}
