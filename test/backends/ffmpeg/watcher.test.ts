/**
 * The device watchers behind devicechange: the /dev watcher reports a video node appearing, and
 * neither watcher keeps the process alive (a program that listens for devicechange still exits
 * when its work is done). Each runs in a child process that must exit on its own.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const HOTPLUG = new URL('../../../src/media/hotplug.ts', import.meta.url).href;

function runChild(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('device watchers', () => {
  it('the directory watcher reports a new video node, and does not keep the process alive', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'imagecapture-dev-'));
    try {
      const script = `
        import { writeFile } from 'node:fs/promises';
        import { directoryWatcher } from ${JSON.stringify(HOTPLUG)};
        const seen = new Promise((resolve) => directoryWatcher(${JSON.stringify(dir)}).start(resolve));
        // Only this guard keeps the process up while waiting; the watcher itself is unref'd.
        const guard = setTimeout(() => { console.log('no event'); }, 20000);
        await writeFile(${JSON.stringify(join(dir, 'video9'))}, '');
        await seen;
        clearTimeout(guard);
        console.log('changed');
      `;
      const r = await runChild(script);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'changed', 'the event came and the process then exited with the watcher still running');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the polling watcher does not keep the process alive either', async () => {
    const script = `
      import { pollingWatcher } from ${JSON.stringify(HOTPLUG)};
      pollingWatcher(50).start(() => {});
      console.log('started');
    `;
    const r = await runChild(script);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'started');
  });
});
