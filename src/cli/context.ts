/**
 * What every command is handed: where to write, whether to be verbose, and a stopwatch whose
 * phases (import, open, capture, write) --verbose prints, so slow runs can be explained.
 */

export interface OutStream {
  write(text: string | Uint8Array, callback?: (err?: Error | null) => void): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Io {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
}

export const processIo: Io = {
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
};

export class Stopwatch {
  readonly #start = performance.now();
  #last = this.#start;
  /** Milliseconds per phase; "startup" is the time from process start to the command's start. */
  readonly phases: Record<string, number> = { startup: round(this.#start) };

  /** Records the time since the previous mark under `name` (added to earlier marks of that name). */
  mark(name: string): void {
    const now = performance.now();
    this.phases[name] = round((this.phases[name] ?? 0) + now - this.#last);
    this.#last = now;
  }

  /** Milliseconds since the process started (start-up included). */
  elapsed(): number {
    return round(performance.now());
  }

  /** "import 85 ms, open 20 ms, capture 300 ms". */
  summary(): string {
    return Object.entries(this.phases)
      .map(([name, ms]) => `${name} ${ms} ms`)
      .join(', ');
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export interface Context {
  readonly io: Io;
  readonly verbose: boolean;
  readonly clock: Stopwatch;
}

/** Writes a line to a stream. */
export function println(stream: OutStream, text = ''): void {
  stream.write(text + '\n');
}
