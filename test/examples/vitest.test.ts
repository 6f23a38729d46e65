import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, runExample } from './run.js';

test('the vitest example of docs/testing.md passes under jsdom', async () => {
  const report = join(tmpdir(), `imagecapture-vitest-${process.pid}.json`);
  const run = await runExample(
    [
      join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'test/examples/vitest/vitest.config.mjs',
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    report,
  );
  assert.equal(run.code, 0, run.output);
  assert.equal(run.report.numFailedTests, 0, run.output);
  assert.ok(run.report.numPassedTests >= 10, `only ${run.report.numPassedTests} tests ran:\n${run.output}`);
  assert.equal(run.report.numPassedTests, run.report.numTotalTests, run.output);
});
