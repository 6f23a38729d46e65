/**
 * Lends a runtime's cameras to test cameras: while at least one test camera holds the runtime,
 * its backends are exactly the holders' (in the order they took it) and its behaviour is the one
 * the latest holder asked for; when the last one lets go, the original backends and behaviour
 * come back. Holders may come and go in any order.
 */
import type { CameraBackend } from '../backends/backend.js';
import type { Behavior, Runtime } from '../media/runtime.js';

interface Holder {
  readonly backend: CameraBackend;
  readonly behavior: Behavior | undefined;
}

interface Loan {
  readonly backends: CameraBackend[];
  readonly behavior: Behavior;
  readonly holders: Holder[];
}

const loans = new WeakMap<Runtime, Loan>();

function settle(runtime: Runtime, loan: Loan): void {
  const list = runtime.backends;
  if (loan.holders.length === 0) {
    list.splice(0, list.length, ...loan.backends);
    runtime.behavior = loan.behavior;
    loans.delete(runtime);
    return;
  }
  list.splice(0, list.length, ...loan.holders.map((h) => h.backend));
  const asked = [...loan.holders].reverse().find((h) => h.behavior !== undefined);
  runtime.behavior = asked?.behavior ?? loan.behavior;
}

/**
 * Makes `backend` one of the runtime's cameras (replacing the runtime's own until every holder
 * has let go) and optionally switches its behaviour. Returns the function that lets go; calling
 * it twice does nothing.
 */
export function takeOver(runtime: Runtime, backend: CameraBackend, behavior?: Behavior): () => void {
  let loan = loans.get(runtime);
  if (!loan) {
    loan = { backends: [...runtime.backends], behavior: runtime.behavior, holders: [] };
    loans.set(runtime, loan);
  }
  const holder: Holder = { backend, behavior };
  loan.holders.push(holder);
  settle(runtime, loan);
  const held = loan;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const i = held.holders.indexOf(holder);
    if (i >= 0) held.holders.splice(i, 1);
    settle(runtime, held);
  };
}
