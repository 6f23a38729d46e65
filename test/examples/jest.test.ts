import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, runExample } from './run.js';

test('the jest example of docs/testing.md passes under jsdom', async () => {
  const report = join(tmpdir(), `imagecapture-jest-${process.pid}.json`);
  const run = await runExample(
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      join(root, 'node_modules/jest/bin/jest.js'),
      '--config', 'test/examples/jest/jest.config.mjs',
      '--ci', '--json', `--outputFile=${report}`,
    ],
    report,
  );
  assert.equal(run.code, 0, run.output);
  assert.equal(run.report.numFailedTests, 0, run.output);
  assert.ok(run.report.numPassedTests >= 10, `only ${run.report.numPassedTests} tests ran:\n${run.output}`);
  assert.equal(run.report.numPassedTests, run.report.numTotalTests, run.output);
});
