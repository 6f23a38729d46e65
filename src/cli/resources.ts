/**
 * What a running command owns and must release however it ends: camera tracks to stop and
 * temporary files to delete. Cleanups are synchronous so they can run from a signal handler.
 */

export interface Owned {
  /** Runs the cleanup now (once) and forgets it. */
  release(): void;
  /** Forgets the cleanup without running it (the resource was handed on). */
  forget(): void;
}

const cleanups = new Set<() => void>();

/** Registers a cleanup to run when the command ends, unless released or forgotten first. */
export function own(cleanup: () => void): Owned {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    cleanups.delete(run);
    cleanup();
  };
  cleanups.add(run);
  return {
    release: run,
    forget: () => {
      done = true;
      cleanups.delete(run);
    },
  };
}

/** Runs every registered cleanup, newest first; a failing cleanup does not stop the others. */
export function releaseAll(): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      /* releasing is best effort */
    }
    cleanups.delete(cleanup);
  }
}

/** How many cleanups are pending (for tests). */
export function pendingCount(): number {
  return cleanups.size;
}
