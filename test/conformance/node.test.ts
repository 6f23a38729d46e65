/**
 * The conformance suite against the Node runtime over the virtual camera, in both behaviours
 * (spec, and chromium = createRuntime({ behavior: 'chromium' })). Every case gets a fresh runtime
 * driven by a ManualClock; after it, every track is stopped and nothing may be left waiting on
 * the clock.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allCases } from './cases/index.js';
import { type Behavior, caseName, RESERVED_LEGACY_IDS, runCase } from './harness.js';
import { nodeEnv } from './node-env.js';

const BEHAVIORS: readonly Behavior[] = ['spec', 'chromium'];

// A promise the runtime rejects and nobody handles would crash a user's process: collect them so
// the case during which one happened fails with a readable message.
const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => {
  unhandled.push(reason);
  // node:test fails the running test itself but prints a DOMException as "{}": say what it was.
  const what = reason instanceof Error || reason instanceof DOMException
    ? (reason.stack ?? `${reason.name}: ${reason.message}`)
    : String(reason);
  console.error(`unhandled rejection: ${what}`);
});

for (const behavior of BEHAVIORS) {
  describe(`conformance: Node runtime, ${behavior} behaviour`, () => {
    for (const c of allCases) {
      test(caseName(c), { timeout: 120_000 }, async (t) => {
        unhandled.length = 0;
        const node = await nodeEnv(behavior);
        let result;
        try {
          result = await runCase(c, node.env, { timeoutMs: 90_000 });
        } finally {
          await node.dispose();
        }
        const stray = unhandled.splice(0).map(
          (r) => (r instanceof Error || r instanceof DOMException ? `${r.name}: ${r.message}` : String(r)),
        );
        assert.deepEqual(stray, [], 'promises rejected with nobody handling them during the case');
        if (result.status === 'skip') {
          t.skip(result.reason);
          return;
        }
        if (result.status === 'fail') assert.fail(`${result.reason}${result.stack ? `\n${result.stack}` : ''}`);
        assert.equal(node.leftovers(), 0, 'clock sleepers left after every track was stopped');
      });
    }
  });
}

test('every behaviour 1–83 has at least one case, and none uses a legacy id', () => {
  const ids = new Set(allCases.map((c) => c.id));
  const missing: number[] = [];
  for (let id = 1; id <= 83; id++) if (!ids.has(id)) missing.push(id);
  assert.deepEqual(missing, [], 'behaviours without a case');
  assert.deepEqual(allCases.filter((c) => RESERVED_LEGACY_IDS.includes(c.id) || c.id > 89 || c.id < 1).map((c) => c.id), []);
});

test('case titles are unique within a behaviour id', () => {
  const seen = new Set<string>();
  const dupes = allCases.map(caseName).filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
  assert.deepEqual(dupes, []);
});
