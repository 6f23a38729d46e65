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

/** Whether a buffer is shared memory (render threads can paint it). */
const isShared = (b: Uint8Array): boolean => typeof SharedArrayBuffer === 'function' && b.buffer instanceof SharedArrayBuffer;

export class FrameStore {
  #free: Uint8Array[] = [];
  #current: StoredFrame | undefined;

  get current(): StoredFrame | undefined {
    return this.#current;
  }

  /**
   * A new frame takes the place of the current one (its buffer is still to be painted), in shared
   * memory when render threads will paint it. A frame painted on the calling thread gets
   * ordinary memory: copies into shared memory are slower (they must be safe against other
   * threads), which the painter's copies of its rows would pay.
   */
  replace(index: number, width: number, height: number, generation: number, shared = false): StoredFrame {
    const old = this.#current;
    const data = this.#take(width * height * 4, shared);
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

  #take(bytes: number, shared: boolean): Uint8Array {
    for (let i = this.#free.length - 1; i >= 0; i--) {
      const b = this.#free[i]!;
      if (b.byteLength === bytes && isShared(b) === shared) return this.#free.splice(i, 1)[0]!;
    }
    this.#free = this.#free.filter((b) => b.byteLength === bytes);
    // Full of the other kind (the frames changed thread): the oldest makes room.
    if (this.#free.length >= MAX_FREE) this.#free.shift();
    return new Uint8Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  }
}
