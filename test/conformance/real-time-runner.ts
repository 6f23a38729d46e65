/**
 * Runs conformance cases as node:test tests against a backend with a real clock (ffmpeg, ONVIF):
 * each case gets a fresh env, its result becomes the test's, a promise rejected with nobody
 * handling it during the case fails it (it would crash a user's process), and every source must
 * have ended once the case stopped its tracks.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allCases } from './cases/index.js';
import { type Behavior, type ConformanceCase, type ConformanceEnv, caseName, runCase } from './harness.js';

/** A fresh env for one case, how many of its sources are still open, and its clean-up. */
export interface MadeEnv {
  readonly env: ConformanceEnv;
  leftovers(): number;
  dispose(): Promise<void>;
}

/**
 * The cases each behaviour runs: every case in spec behaviour; in chromium behaviour only those
 * whose expectation depends on it (the rest would repeat the spec run over a real-time camera;
 * IMAGECAPTURE_CONFORMANCE_FULL=1 runs them all, about twice the time).
 */
export const REAL_TIME_RUNS: readonly (readonly [Behavior, readonly ConformanceCase[]])[] = [
  ['spec', allCases],
  [
    'chromium',
    process.env.IMAGECAPTURE_CONFORMANCE_FULL === '1'
      ? allCases
      : allCases.filter((c) => c.behavior === 'chromium' || c.tags.includes('C')),
  ],
];

const unhandled: unknown[] = [];
let listening = false;

export const describeReason = (r: unknown): string =>
  (r instanceof Error || r instanceof DOMException ? `${r.name}: ${r.message}` : String(r));

/** Declares one test per case under `title`; `make` builds each case's env, `what` names the sources in the leak message. */
export function describeCases(title: string, cases: readonly ConformanceCase[], make: () => MadeEnv, what: string): void {
  if (!listening) {
    listening = true;
    process.on('unhandledRejection', (reason) => {
      unhandled.push(reason);
      console.error(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? describeReason(reason)) : describeReason(reason)}`);
    });
  }
  describe(title, () => {
    for (const c of cases) {
      test(caseName(c), { timeout: 60_000 }, async (t) => {
        unhandled.length = 0;
        const made = make();
        let result;
        let open = 0;
        try {
          result = await runCase(c, made.env, { timeoutMs: 30_000 });
          open = made.leftovers();
        } finally {
          await made.dispose();
        }
        assert.deepEqual(unhandled.splice(0).map(describeReason), [], 'promises rejected with nobody handling them during the case');
        if (result.status === 'skip') {
          t.skip(result.reason);
          return;
        }
        if (result.status === 'fail') assert.fail(`${result.reason}${result.stack ? `\n${result.stack}` : ''}`);
        assert.equal(open, 0, `${what} still open after every track was stopped`);
      });
    }
  });
}
