/**
 * The control and fault hooks of a virtual camera source, for tests and the testing surface:
 *
 * - `failNext(op)` / `failEvery(op)` make `configure`, `nextFrame`, `takePhoto` or
 *   `photoSettings` reject with an Error (the layer above turns it into the spec's exception);
 *   `clearFaults()` undoes them.
 * - `stall()` stops frames without any event (a frozen camera) until `resume()`.
 * - `mute()` / `unmute()` stop and restart frames, dispatching 'mute' / 'unmute'.
 * - `unplug()` dispatches 'ended' (with the error as `detail`), then the source behaves as closed.
 * - `setScene()` changes the ambient light level and colour the camera sees.
 * - `onStep` is called at each step of each operation, and `gate(step)` holds the next operation
 *   that reaches `step` until released — to place an action exactly between two async steps:
 *
 *   ```ts
 *   const g = source.control.gate('takePhoto:render');
 *   const shot = source.takePhoto(settings, signal);
 *   await g.reached;          // the sensor is reconfigured, the still not yet rendered
 *   track.stop();
 *   g.release();
 *   ```
 *
 * Steps, in order: configure:start → configure:apply; nextFrame:start → nextFrame:render (the
 * frame's time has come); takePhoto:start → takePhoto:render (after 'mute', before rendering) →
 * takePhoto:return (rendered, before 'unmute' and resolving); photoSettings:start. Faults are
 * checked right after the `:start` step.
 */
import { raceAbort } from '../abort.js';
import { DEFAULT_SCENE_LIGHT, type SceneLight } from './scene.js';

export type FaultOperation = 'configure' | 'nextFrame' | 'takePhoto' | 'photoSettings';

export type StepName =
  | 'configure:start'
  | 'configure:apply'
  | 'nextFrame:start'
  | 'nextFrame:render'
  | 'takePhoto:start'
  | 'takePhoto:render'
  | 'takePhoto:return'
  | 'photoSettings:start';

export interface Gate {
  readonly step: StepName;
  /** Resolves when an operation reaches the step and waits here. */
  readonly reached: Promise<void>;
  readonly isReached: boolean;
  /** Lets the waiting operation go on (or lets the next one pass, if none has arrived yet). */
  release(): void;
}

/** What the control acts on (the source implements it). */
export interface ControlHost {
  setControlMute(muted: boolean): void;
  setStalled(stalled: boolean): void;
  unplug(error: Error): void;
}

export { raceAbort };

interface GateState extends Gate {
  readonly released: Promise<void>;
  arrive(): void;
}

function makeGate(step: StepName): GateState {
  let open!: () => void;
  let arrived!: () => void;
  let isReached = false;
  const released = new Promise<void>((r) => (open = r));
  const reached = new Promise<void>((r) => (arrived = r));
  return {
    step,
    reached,
    released,
    get isReached() {
      return isReached;
    },
    release: () => open(),
    arrive: () => {
      isReached = true;
      arrived();
    },
  };
}

export class SourceControl {
  /** Called at every step; a returned promise is awaited (the operation still honours its signal). */
  onStep: ((step: StepName) => void | Promise<void>) | undefined;
  readonly #host: ControlHost;
  readonly #next = new Map<FaultOperation, Error[]>();
  readonly #every = new Map<FaultOperation, Error>();
  readonly #gates = new Map<StepName, GateState[]>();
  #scene: SceneLight;
  #stalled = false;
  #muted = false;

  constructor(host: ControlHost, scene: Partial<SceneLight> = {}) {
    this.#host = host;
    this.#scene = { ...DEFAULT_SCENE_LIGHT, ...scene };
  }

  /** The next call of `op` rejects with `error` (calls queue up: two failNext, two failures). */
  failNext(op: FaultOperation, error?: Error): void {
    const list = this.#next.get(op) ?? [];
    list.push(error ?? new Error(`virtual camera: injected ${op} failure`));
    this.#next.set(op, list);
  }

  /** Every call of `op` rejects with `error` until clearFaults. */
  failEvery(op: FaultOperation, error?: Error): void {
    this.#every.set(op, error ?? new Error(`virtual camera: injected ${op} failure`));
  }

  clearFaults(op?: FaultOperation): void {
    if (op) {
      this.#next.delete(op);
      this.#every.delete(op);
    } else {
      this.#next.clear();
      this.#every.clear();
    }
  }

  /** Holds the next operation that reaches `step` (see the module comment). */
  gate(step: StepName): Gate {
    const g = makeGate(step);
    const list = this.#gates.get(step) ?? [];
    list.push(g);
    this.#gates.set(step, list);
    return g;
  }

  get stalled(): boolean {
    return this.#stalled;
  }
  /** No frames until resume(), and no event. */
  stall(): void {
    this.#stalled = true;
    this.#host.setStalled(true);
  }
  resume(): void {
    this.#stalled = false;
    this.#host.setStalled(false);
  }

  get muted(): boolean {
    return this.#muted;
  }
  /** No frames until unmute(); dispatches 'mute' (unless already muted). */
  mute(): void {
    this.#muted = true;
    this.#host.setControlMute(true);
  }
  unmute(): void {
    this.#muted = false;
    this.#host.setControlMute(false);
  }

  /** The device goes away: 'ended' (detail: the error), then everything rejects as after close(). */
  unplug(error: Error = new Error('virtual camera: unplugged')): void {
    this.#host.unplug(error);
  }

  get scene(): Readonly<SceneLight> {
    return { ...this.#scene };
  }
  /** Changes the ambient light (level as EV at ISO 100, colour temperature in kelvin). */
  setScene(light: Partial<SceneLight>): void {
    this.#scene = { ...this.#scene, ...light };
  }

  /** @internal The fault armed for `op`, consumed if it was a failNext. */
  takeFault(op: FaultOperation): Error | undefined {
    const every = this.#every.get(op);
    if (every) return every;
    const list = this.#next.get(op);
    const e = list?.shift();
    if (list && list.length === 0) this.#next.delete(op);
    return e;
  }

  /** @internal Runs the hooks of a step; rejects with the signal's reason if it aborts meanwhile. */
  async step(name: StepName, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw signal.reason;
    const hook = this.onStep?.(name);
    if (hook && typeof (hook as Promise<void>).then === 'function') await raceAbort(hook as Promise<void>, signal);
    const list = this.#gates.get(name);
    const gate = list?.shift();
    if (list && list.length === 0) this.#gates.delete(name);
    if (gate) {
      gate.arrive();
      await raceAbort(gate.released, signal);
    }
    if (signal.aborted) throw signal.reason;
  }
}
