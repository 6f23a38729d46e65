/**
 * Things that take time in a camera
 * (https://w3c.github.io/mediacapture-image/#mediatrackconstraintset-section: settings may lag): motors that
 * travel at a finite speed (zoom, pan, tilt, the focus lens), and automatic loops (exposure, white balance,
 * focus) that converge towards what they measure.
 */

/** A motor moving at constant speed from where it was towards a target. */
export class Travel {
  #from: number;
  #to: number;
  #start = 0;
  /** Units per ms; Infinity moves instantly. */
  readonly rate: number;

  constructor(value: number, rate: number) {
    this.#from = value;
    this.#to = value;
    this.rate = rate > 0 ? rate : Infinity;
  }

  get target(): number {
    return this.#to;
  }

  /** Position at clock time `t` (ms). */
  at(t: number): number {
    const d = this.#to - this.#from;
    if (d === 0 || this.rate === Infinity) return this.#to;
    const moved = this.rate * Math.max(0, t - this.#start);
    return Math.abs(d) <= moved ? this.#to : this.#from + Math.sign(d) * moved;
  }

  /** Clock time at which the motor reaches its target (the start time when it does not move). */
  arrival(): number {
    const d = Math.abs(this.#to - this.#from);
    return d === 0 || this.rate === Infinity ? this.#start : this.#start + d / this.rate;
  }

  moving(t: number): boolean {
    return this.at(t) !== this.#to;
  }

  /** Starts moving from the position at `t` towards `target`. */
  moveTo(target: number, t: number): void {
    this.#from = this.at(t);
    this.#to = target;
    this.#start = t;
  }

  /** Puts the motor at `value` at once. */
  set(value: number): void {
    this.#from = value;
    this.#to = value;
  }
}

/**
 * What an automatic loop does: `off` (manual values rule), `continuous`, `sweep` (single-shot
 * under way until `sweepEnd`), `locked` (single-shot done: the result stays).
 */
export type LoopState = 'off' | 'continuous' | 'sweep' | 'locked';

/** An automatic loop's value, moved once per tick towards its target. */
export class AutoLoop {
  value: number;
  state: LoopState = 'off';
  sweepEnd = 0;
  /** Closer than this to the target, the loop lands on it (a real loop stops hunting). */
  readonly snap: number;

  constructor(value: number, snap: number) {
    this.value = value;
    this.snap = snap;
  }

  get active(): boolean {
    return this.state === 'continuous' || this.state === 'sweep';
  }

  /**
   * One tick at time `t` towards `target`: `keep` is the fraction of the remaining distance that
   * remains after a tick (0 converges at once). A sweep that has run its course takes the target
   * and locks.
   */
  step(t: number, target: number, keep: number): void {
    if (!this.active) return;
    if (this.state === 'sweep' && t >= this.sweepEnd) {
      this.value = target;
      this.state = 'locked';
      return;
    }
    const next = target + (this.value - target) * keep;
    this.value = Math.abs(next - target) < this.snap ? target : next;
  }

  /** Jumps to the target (used after a long idle stretch, when it would have converged anyway). */
  settle(t: number, target: number): void {
    if (!this.active) return;
    this.value = target;
    if (this.state === 'sweep' && t >= this.sweepEnd) this.state = 'locked';
  }
}
