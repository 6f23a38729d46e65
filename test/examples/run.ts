/**
 * Runs an example test suite (vitest or jest) in a child process with its JSON report, so the
 * one test command also proves the examples of docs/testing.md pass.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export interface ExampleRun {
  readonly code: number;
  readonly report: { numTotalTests: number; numPassedTests: number; numFailedTests: number; success: boolean };
  readonly output: string;
}

/** Runs `node <args>` from the repository root and parses the JSON report written to `reportFile`. */
export function runExample(args: string[], reportFile: string): Promise<ExampleRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: root, timeout: 180_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' } },
      async (err, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`;
        try {
          const { readFile, rm } = await import('node:fs/promises');
          const report = JSON.parse(await readFile(reportFile, 'utf8')) as ExampleRun['report'];
          await rm(reportFile, { force: true });
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, report, output });
        } catch (e) {
          reject(new Error(`the example run wrote no report (${(e as Error).message}):\n${output}`));
        }
      },
    );
  });
}
