/**
 * The frames of one virtual camera: the latest rendered frame, shared by every caller waiting for
 * it, and a few spare buffers for the next ones. A frame may be lent (grabFrame hands its pixels
 * to an ImageBitmap without copying): its buffer comes back for reuse once every borrower has
 * released it and a newer frame has taken its place, never before, so lent pixels never change.
 */

export interface StoredFrame {
  readonly index: number;
  readonly width: number;
  readonly height: number;
  /** The source's settings generation the frame was rendered under. */
  readonly generation: number;
  readonly data: Uint8Array;
  readonly pixels: Uint32Array;
  /** Settles when the pixels are painted (undefined: painted already). */
  ready: Promise<void> | undefined;
  /** Borrowers (and a render in progress) holding the buffer. */
  leases: number;
  current: boolean;
}

/** Idle buffers kept for reuse: the frame being rendered, one lent, one spare. */
const MAX_FREE = 3;

export class FrameStore {
  /** Buffers are shared memory when render threads paint them. */
  readonly #shared: boolean;
  #free: Uint8Array[] = [];
  #current: StoredFrame | undefined;

  constructor(shared: boolean) {
    this.#shared = shared;
  }

  get current(): StoredFrame | undefined {
    return this.#current;
  }

  /** A new frame takes the place of the current one (its buffer is still to be painted). */
  replace(index: number, width: number, height: number, generation: number): StoredFrame {
    const old = this.#current;
    const data = this.#take(width * height * 4);
    const frame: StoredFrame = {
      index,
      width,
      height,
      generation,
      data,
      pixels: new Uint32Array(data.buffer, data.byteOffset, width * height),
      ready: undefined,
      leases: 0,
      current: true,
    };
    this.#current = frame;
    if (old) {
      old.current = false;
      this.#settle(old);
    }
    return frame;
  }

  /** Holds the frame's buffer until the returned function is called (once; later calls do nothing). */
  lease(frame: StoredFrame): () => void {
    frame.leases++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      frame.leases--;
      this.#settle(frame);
    };
  }

  /** Drops every buffer (the source closed); lent ones stay with their borrowers. */
  clear(): void {
    if (this.#current) this.#current.current = false;
    this.#current = undefined;
    this.#free = [];
  }

  #settle(frame: StoredFrame): void {
    if (frame.current || frame.leases > 0) return;
    const size = this.#current ? this.#current.data.byteLength : -1;
    // Only buffers of the size now in use are worth keeping.
    if (frame.data.byteLength === size && this.#free.length < MAX_FREE) this.#free.push(frame.data);
  }

  #take(bytes: number): Uint8Array {
    for (let i = this.#free.length - 1; i >= 0; i--) {
      if (this.#free[i]!.byteLength === bytes) return this.#free.splice(i, 1)[0]!;
    }
    this.#free = this.#free.filter((b) => b.byteLength === bytes);
    return new Uint8Array(this.#shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  }
}
