/**
 * One ffmpeg child decoding an input to raw I420 frames. Where the host has frame files (Linux:
 * /dev/shm), ffmpeg keeps only its latest frame in a file and Node reads it when asked
 * (latest-frame.ts): nothing per frame while nobody wants frames (`want()`). Elsewhere the frames
 * come on stdout and the reader cuts the byte stream into frames without per-frame allocation
 * (two frame buffers, swapped when a frame is complete). Either way it keeps the last few KiB of
 * stderr for error messages, and reports exactly one end: the process exiting on its own
 * (`onExit`), or `stop()` (no callback).
 *
 * Started without a size, the reader learns it from what ffmpeg prints about its output before
 * the first frame (stream-header.ts), holding back the bytes that come before.
 */
import type { SignalName } from '../node-names.js';
import type { FrameFiles } from './frame-files.js';
import { makeFrameRing, type FrameRing, type NoteSource, type RingFiles, type RingOutput } from './frame-ring.js';
import { TextTail, type FfmpegHost, type SpawnedProcess } from './host.js';
import { LATEST_JPEG, LATEST_RAW, LatestFrame, type FrameOutput } from './latest-frame.js';
import { lastLine } from './probe.js';
import { parseStreamHeader, type StreamHeader } from './stream-header.js';
import { i420Size } from './yuv.js';

/** Characters of stderr searched for the stream header. */
const HEADER_LIMIT = 65_536;

/**
 * The Error an ffmpeg source ends with when its process fails: a non-zero exit, a signal
 * (killed, crashed) or a failure to start. `stderr` holds the tail of what ffmpeg printed.
 */
export class FfmpegProcessError extends Error {
  readonly exitCode: number | null;
  readonly signal: SignalName | null;
  readonly stderr: string;

  constructor(message: string, exitCode: number | null, signal: SignalName | null, stderr: string) {
    super(message);
    this.name = 'FfmpegProcessError';
    this.exitCode = exitCode;
    this.signal = signal;
    this.stderr = stderr;
  }
}

export interface FrameReaderOptions {
  readonly host: FfmpegHost;
  readonly command: string;
  /** ffmpeg's arguments, writing frames to `output`. */
  readonly args: (output: FrameOutput | RingOutput) => readonly string[];
  /** Where the latest frame can be kept instead of piped (undefined: always the pipe). */
  readonly files?: FrameFiles | undefined;
  /**
   * Where every frame can go through shared memory instead of the pipe, paced by the reader
   * (frame-ring.ts; used without `files` and with a known `size`).
   */
  readonly ring?: RingFiles | undefined;
  /** With frame files: pass the input's JPEG frames through (no decoding); frames are then JPEG. */
  readonly copy?: boolean;
  /** The frame size, or undefined to learn it from ffmpeg's stream header. */
  readonly size?: { readonly width: number; readonly height: number };
  /** Characters of stderr kept for messages. */
  readonly stderrLimit: number;
  /** Milliseconds between SIGTERM and SIGKILL in `stop()`. */
  readonly killTimeoutMs: number;
  /** Applied to stderr before it goes into an error (removes credentials). */
  readonly scrub?: (text: string) => string;
  /**
   * Called synchronously for each complete frame (with frame files: each new frame while someone
   * wants frames). `data` stays valid (and unchanged) until the next frame completes or is read.
   * `produced`: frames ffmpeg made since the previous call (more than 1 when some went unread).
   */
  readonly onFrame: (data: Uint8Array, produced: number) => void;
  /** The process ended by itself: `error` is undefined for a clean exit (end of input). */
  readonly onExit: (error: FfmpegProcessError | undefined) => void;
  /** Called once with what ffmpeg printed about its input and output (when it prints it). */
  readonly onHeader?: (header: StreamHeader) => void;
}

/** Where a reader's frames and end go; a reader started ahead of its source is handed over. */
export interface ReaderHandlers {
  readonly onFrame: (data: Uint8Array, produced: number) => void;
  readonly onExit: (error: FfmpegProcessError | undefined) => void;
}

export class FrameReader {
  #width = 0;
  #height = 0;
  /** Resolves once the child has exited (or never started); never rejects. */
  readonly exited: Promise<void>;
  readonly #child: SpawnedProcess;
  #frameBytes = 0;
  readonly #stderr: TextTail;
  readonly #options: FrameReaderOptions;
  #handlers: ReaderHandlers;
  #header: StreamHeader | undefined;
  #headerText = '';
  /** Bytes that came before the size was known. */
  #early: Buffer[] = [];
  /** The frame being assembled; `latest` is the last complete one (two buffers, swapped). */
  #filling: Uint8Array | undefined;
  #latest: Uint8Array | undefined;
  #offset = 0;
  #stopped = false;
  #finished = false;
  #spawnError: Error | undefined;
  #timers: NodeJS.Timeout[] = [];
  /** The frame file, when frames are not piped. */
  readonly #file: LatestFrame | undefined;
  /** Frames are the input's own JPEGs (passed through), not I420. */
  readonly #jpeg: boolean;
  /** The numbered frame files, when every frame goes through shared memory. */
  readonly #ring: FrameRing | undefined;
  #wanted = false;

  constructor(options: FrameReaderOptions) {
    this.#options = options;
    this.#handlers = { onFrame: options.onFrame, onExit: options.onExit };
    if (options.size) this.#setSize(options.size.width, options.size.height);
    this.#stderr = new TextTail(options.stderrLimit);
    let markExited!: () => void;
    this.exited = new Promise<void>((resolve) => (markExited = resolve));
    const dir = options.files?.makeDir();
    this.#jpeg = dir !== undefined && options.copy === true;
    this.#file = dir !== undefined ? new LatestFrame(options.files!, dir, this.#jpeg ? LATEST_JPEG : LATEST_RAW) : undefined;
    this.#ring = !this.#file && this.#frameBytes > 0 && options.ring ? makeFrameRing(options.ring, this.#frameBytes) : undefined;
    const output: FrameOutput | RingOutput = this.#file
      ? { kind: 'file', path: this.#file.path, copy: this.#jpeg }
      : (this.#ring?.output ?? { kind: 'pipe' });
    let child: SpawnedProcess;
    try {
      child = options.host.spawn(options.command, options.args(output));
    } catch (error) {
      this.#file?.close();
      this.#ring?.close();
      throw error;
    }
    this.#child = child;
    const file = this.#file;
    if (file) child.stdout!.on('data', (chunk: Buffer) => file.packets(chunk));
    else if (this.#ring) this.#ring.attach(child.stdout as unknown as NoteSource);
    else child.stdout!.on('data', (chunk: Buffer) => this.#onData(chunk));
    child.stdout!.on('error', () => {});
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => this.#onStderr(text));
    child.stderr!.on('error', () => {});
    child.once('error', (error) => {
      // Failed to start (ENOENT, EACCES): there will be no 'exit'.
      this.#spawnError = error;
      if (child.pid === undefined) {
        this.#clearTimers();
        this.#file?.close();
        this.#ring?.close();
        markExited();
        this.#finish(null, null);
      }
    });
    child.once('exit', () => {
      this.#clearTimers();
      this.#file?.close();
      // Frames ffmpeg finished stay to be read: the ring's directory goes at 'close', once the
      // last note has been read.
      this.#ring?.exited();
      markExited();
    });
    // 'close' comes after 'exit' and after stdout has been read to its end.
    child.once('close', (code: number | null, signal: SignalName | null) => this.#finish(code, signal));
  }

  get width(): number {
    return this.#width;
  }

  get height(): number {
    return this.#height;
  }

  /** What ffmpeg printed about its input and output, once it has. */
  get header(): StreamHeader | undefined {
    return this.#header;
  }

  /** Sends frames and the end to other handlers from now on. */
  setHandlers(handlers: ReaderHandlers): void {
    this.#handlers = handlers;
  }

  #setSize(width: number, height: number): void {
    this.#width = width;
    this.#height = height;
    this.#frameBytes = i420Size(width, height);
  }

  #onStderr(text: string): void {
    this.#stderr.push(text);
    if (this.#header || this.#headerText.length >= HEADER_LIMIT) return;
    this.#headerText += text;
    const header = parseStreamHeader(this.#headerText);
    if (!header) return;
    this.#header = header;
    this.#headerText = '';
    if (this.#frameBytes === 0) this.#setSize(header.output.width, header.output.height);
    this.#options.onHeader?.(header);
    // A frame file watched before the size was known: its first frame may be there already.
    if (this.#wanted) this.#file?.want((data, produced) => this.#handlers.onFrame(data, produced), () => this.#fileBytes());
    const early = this.#early;
    this.#early = [];
    for (const chunk of early) this.#onData(chunk);
  }

  /** The child's process id (undefined if it never started). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** The last complete frame, if any (valid until the next one completes or is read). */
  get latest(): Uint8Array | undefined {
    if (this.#ring) return this.#stopped ? undefined : this.#ring.latest;
    if (this.#file) return this.#fileBytes() >= 0 && !this.#stopped ? this.#file.read(this.#fileBytes()) : undefined;
    return this.#latest;
  }

  /** True once a frame has arrived (without reading it). */
  get hasFrame(): boolean {
    if (this.#ring) return this.#ring.latest !== undefined;
    if (this.#file) return this.#fileBytes() >= 0 && !this.#stopped && this.#file.present;
    return this.#latest !== undefined;
  }

  /** True when frames are the input's JPEGs passed through, not I420 at the reader's size. */
  get jpeg(): boolean {
    return this.#jpeg;
  }

  /** The size of a frame file: -1 until the frame size is known, 0 for JPEG (any size). */
  #fileBytes(): number {
    if (this.#width === 0) return -1;
    return this.#jpeg ? 0 : this.#frameBytes;
  }

  /**
   * Whether `onFrame` must hear of each frame from now on. Piped frames are always reported;
   * a frame file is watched only while wanted, and a frame not yet seen is reported when the
   * watch starts.
   */
  want(on: boolean): void {
    if ((!this.#file && !this.#ring) || this.#stopped) return;
    if (on === this.#wanted) return;
    this.#wanted = on;
    if (this.#ring) this.#ring.want(on ? (data, produced) => this.#handlers.onFrame(data, produced) : undefined);
    else this.#file?.want(on ? (data, produced) => this.#handlers.onFrame(data, produced) : undefined, () => this.#fileBytes());
  }

  #onData(chunk: Buffer): void {
    if (this.#stopped) return;
    const size = this.#frameBytes;
    if (size === 0) {
      this.#early.push(chunk);
      return;
    }
    let pos = 0;
    while (pos < chunk.length) {
      const filling = (this.#filling ??= new Uint8Array(size));
      const take = Math.min(size - this.#offset, chunk.length - pos);
      filling.set(chunk.subarray(pos, pos + take), this.#offset);
      this.#offset += take;
      pos += take;
      if (this.#offset === size) {
        this.#offset = 0;
        // The previous frame's buffer is free again once a newer frame is complete.
        this.#filling = this.#latest;
        this.#latest = filling;
        this.#handlers.onFrame(filling, 1);
        if (this.#stopped) return;
      }
    }
  }

  #finish(code: number | null, signal: SignalName | null): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#file?.close();
    this.#ring?.close();
    if (this.#stopped) return;
    this.#stopped = true;
    const tail = this.#options.scrub ? this.#options.scrub(this.#stderr.text) : this.#stderr.text;
    let error: FfmpegProcessError | undefined;
    if (this.#spawnError && this.#child.pid === undefined) {
      error = new FfmpegProcessError(`ffmpeg could not be started: ${this.#spawnError.message}`, null, null, tail);
    } else if (signal) {
      error = new FfmpegProcessError(`ffmpeg was terminated by ${signal}${describeTail(tail)}`, null, signal, tail);
    } else if (code !== 0) {
      error = new FfmpegProcessError(`ffmpeg exited with code ${code}${describeTail(tail)}`, code, null, tail);
    }
    this.#handlers.onExit(error);
  }

  #clearTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
  }

  /**
   * Stops the child without reporting an end: closes its stdout (a blocked write fails), sends
   * SIGTERM, a second SIGTERM shortly after (ffmpeg needs two to break out of a blocking read),
   * then SIGKILL after `killTimeoutMs`. Returns at once; `exited` tells when it is gone.
   */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#file?.stopWatching();
    this.#ring?.close();
    const child = this.#child;
    child.stdout!.removeAllListeners('data');
    child.stdout!.destroy();
    child.stderr!.removeAllListeners('data');
    child.stderr!.destroy();
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    child.kill('SIGTERM');
    if (child.exitCode !== null || child.signalCode !== null) return;
    const again = Math.min(100, Math.max(1, Math.floor(this.#options.killTimeoutMs / 4)));
    this.#timers.push(
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      }, again),
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, this.#options.killTimeoutMs),
    );
  }
}

function describeTail(tail: string): string {
  const line = lastLine(tail);
  return line ? `: ${line}` : '';
}
